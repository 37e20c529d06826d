/**
 * `npm run bench:hit-parts`: what dashkit's own code adds to a cache hit on
 * node:http, with no kernel, no client and no second process — so a shared,
 * busy machine moves every number alike and the differences stay readable
 * (the wrk table of bench:http cannot separate them from its noise).
 *
 *   npm run build && npm run bench:hit-parts
 *   npm run bench:hit-parts -- --rounds 15 --requests 100000
 *
 * One process, one embedded demo database and one dashboard server from
 * dist/ (the built package, as `dashkit serve` runs it). Each listener gets
 * its own `http.Server` fed through an in-memory socket: 32 pipelined
 * `GET v1/stats` at a time, the next 32 once all their responses were
 * written. Measured per request, CPU time of the process (user + system):
 *
 * - bare: `writeHead(status, headers)` and `end(body)` with the bytes dashkit
 *   answered (the bare server of bench:http, in this very process);
 * - bare + peek: the same, after calling `dashboard.peek` with the headers
 *   it reads (taken from rawHeaders) and dropping its answer;
 * - dashkit: `toNodeListener(dashboard)`, the fast path `dashkit serve` runs.
 *
 * Rounds alternate the order of the listeners; the table shows medians.
 */
import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { Duplex } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { STATS_PATH } from './cache-hit-servers.js';
import { checkBuild, DIST_CLI } from './processes.js';

const { values } = parseArgs({
  options: { rounds: { type: 'string', default: '9' }, requests: { type: 'string', default: '50000' } },
});
const rounds = Number(values.rounds);
const requests = Number(values.requests);
if (!Number.isInteger(rounds) || rounds < 1 || !Number.isInteger(requests) || requests < 1000) {
  throw new Error('--rounds: a positive integer; --requests: an integer ≥ 1000');
}

const BATCH = 32;
const REQUEST = Buffer.from(`GET ${STATS_PATH} HTTP/1.1\r\nHost: 127.0.0.1:8787\r\n\r\n`);
const BATCH_BYTES = Buffer.concat(Array.from({ length: BATCH }, () => REQUEST));

/** An in-memory client socket: pushes 32 requests, then the next 32 once `expect` response bytes came back. */
class PipelinedClient extends Duplex {
  written = 0;
  left = 0;
  expect = 0;
  onDone: () => void = () => {};
  override _read(): void {}
  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    this.received(chunk.length);
    callback();
  }
  override _writev(chunks: { chunk: Buffer }[], callback: () => void): void {
    for (const { chunk } of chunks) this.received(chunk.length);
    callback();
  }
  private received(bytes: number): void {
    this.written += bytes;
    if (this.expect > 0 && this.written >= this.expect) {
      this.written -= this.expect;
      this.next();
    }
  }
  next(): void {
    if (this.left <= 0) return this.onDone();
    this.left -= BATCH;
    this.push(BATCH_BYTES);
  }
}

/** The bytes one response takes on the wire (Date has a fixed length). */
async function responseBytes(listener: RequestListener): Promise<number> {
  const client = new PipelinedClient();
  createServer(listener).emit('connection', client);
  client.push(REQUEST);
  await new Promise((done) => setTimeout(done, 100));
  client.destroy();
  return client.written;
}

/** CPU µs per request over `n` requests (a multiple of BATCH). */
async function cpuPerRequest(listener: RequestListener, bytes: number, n: number): Promise<number> {
  const client = new PipelinedClient();
  client.expect = bytes * BATCH;
  client.left = n;
  createServer(listener).emit('connection', client);
  const started = process.cpuUsage();
  await new Promise<void>((done) => {
    client.onDone = done;
    client.next();
  });
  const used = process.cpuUsage(started);
  client.destroy();
  return (used.user + used.system) / n;
}

checkBuild((line) => console.error(line));
const dist = join(DIST_CLI, '..', 'server', 'index.js');
const dk = (await import(pathToFileURL(dist).href)) as typeof import('../server-adapter/index.js');
const source = await dk.createPgliteSource();
// A TTL far beyond the run: every request is a fresh hit.
const dashboard = dk.createDashboardServer({ source, seedDemo: true, ttlSeconds: 3600 });
try {
  await dashboard.ready;
  await (await dashboard.fetch(new Request(`http://localhost${STATS_PATH}`))).arrayBuffer();
  const recorded = dashboard.peek('GET', STATS_PATH, {});
  if (!recorded?.body) throw new Error('v1/stats is not a fresh cache hit');
  const status = recorded.status;
  const headers = { ...recorded.headers };
  const body = Buffer.from(recorded.body);
  const names = dashboard.peekHeaders;
  const pick = (req: IncomingMessage) => {
    const picked: Record<string, string> = {};
    for (let i = 0; i < req.rawHeaders.length; i += 2) {
      const name = req.rawHeaders[i]!.toLowerCase();
      if (names.includes(name)) picked[name] = req.rawHeaders[i + 1]!;
    }
    return picked;
  };
  const bare = (_req: IncomingMessage, res: ServerResponse) => {
    res.writeHead(status, headers);
    res.end(body);
  };
  const listeners: Record<string, RequestListener> = {
    bare,
    'bare + peek': (req, res) => {
      if (!dashboard.peek(req.method!, req.url!, pick(req))) throw new Error('not a hit');
      bare(req, res);
    },
    dashkit: dk.toNodeListener(dashboard),
  };
  const sizes = new Map<string, number>();
  for (const [name, listener] of Object.entries(listeners)) {
    sizes.set(name, await responseBytes(listener));
    await cpuPerRequest(listener, sizes.get(name)!, 20_000 - (20_000 % BATCH)); // warm-up, not counted
  }
  const n = requests - (requests % BATCH);
  const samples = new Map<string, number[]>(Object.keys(listeners).map((name) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? Object.keys(listeners) : Object.keys(listeners).reverse();
    for (const name of order) samples.get(name)!.push(await cpuPerRequest(listeners[name]!, sizes.get(name)!, n));
    console.error(
      `round ${round + 1}/${rounds}: ${order.map((k) => `${k} ${samples.get(k)!.at(-1)!.toFixed(2)} µs`).join(', ')}`,
    );
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
  const base = median(samples.get('bare')!);
  console.log(
    `In-process cache hits of v1/stats (${rounds} rounds × ${n} requests, 32 pipelined; ${new Date().toISOString()}):\n`,
  );
  console.log(
    '| listener | CPU µs/request (median) | vs bare | vs bare, median of paired rounds |\n|---|---:|---:|---:|',
  );
  const bares = samples.get('bare')!;
  for (const [name, xs] of samples) {
    const m = median(xs);
    const paired = median(xs.map((x, i) => x / bares[i]!));
    const versus = name === 'bare' ? ' | ' : `+${(m - base).toFixed(2)} µs | ${paired.toFixed(3)}×`;
    console.log(`| ${name} | ${m.toFixed(2)} | ${versus} |`);
  }
  console.log(`\nResponse bytes: ${[...sizes].map(([k, v]) => `${k} ${v}`).join(', ')} (one Date header each).`);
} finally {
  await dashboard.close();
  await source.close();
}
