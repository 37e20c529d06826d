/**
 * Cache-hit `v1/stats` throughput: the dashboard handler on node:http (the
 * project's `listen`) against a bare node:http server replying the same
 * bytes and headers, both in this process, loaded by the same generator:
 * `wrk` when installed (its own process, so the generator costs the servers
 * nothing), else a keep-alive client in a worker thread.
 *
 * Single-flight: 100 concurrent identical cold requests through the handler,
 * counting the statements a wrapped Source receives.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Worker } from 'node:worker_threads';
import { seedDemo } from '../server-adapter/demo/seed.js';
import { createDashboardServer } from '../server-adapter/server.js';
import { listen } from '../server-adapter/node.js';
import { createPgliteSource } from '../server-adapter/sources/pglite.js';
import type { Source, SqlParam } from '../server-adapter/sources/source.js';
import { ANCHOR, NOW, TIMEZONE } from './datasets.js';

const STATS_PATH = '/v1/stats?metrics=revenue,orders,average_order_value,new_customers,conversion_rate&range=30d';

export interface LoadResult {
  rps: number;
  errors: number;
}

export interface CacheHitResult {
  tool: string;
  connections: number;
  seconds: number;
  bare: number;
  dashkit: number;
  bodyBytes: number;
}

export function hasWrk(): boolean {
  return spawnSync('wrk', ['--version']).error === undefined;
}

function runWrk(url: string, connections: number, seconds: number): Promise<LoadResult> {
  return new Promise((resolveRun, reject) => {
    const child = spawn('wrk', ['-t1', `-c${connections}`, `-d${seconds}s`, url]);
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('error', reject);
    child.on('close', () => {
      const rps = /Requests\/sec:\s+([\d.]+)/.exec(out);
      if (!rps) return reject(new Error(`wrk gave no result:\n${out}`));
      const bad = /Non-2xx or 3xx responses:\s+(\d+)/.exec(out);
      const socket = /Socket errors:.*?(\d+).*?(\d+).*?(\d+).*?(\d+)/.exec(out);
      const socketErrors = socket ? socket.slice(1).reduce((n, x) => n + Number(x), 0) : 0;
      resolveRun({ rps: Number(rps[1]), errors: Number(bad?.[1] ?? 0) + socketErrors });
    });
  });
}

/** A keep-alive client loop in a worker thread: `connections` requests in flight at all times. */
const CLIENT = `
const { parentPort, workerData } = require('node:worker_threads');
const http = require('node:http');
const { url, connections, seconds } = workerData;
const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
let done = 0, errors = 0, stop = false;
function one() {
  if (stop) return;
  http.get(url, { agent }, (res) => {
    if (res.statusCode !== 200) errors++;
    res.resume();
    res.on('end', () => { done++; one(); });
  }).on('error', () => { errors++; one(); });
}
const started = Date.now();
for (let i = 0; i < connections; i++) one();
setTimeout(() => { stop = true; parentPort.postMessage({ rps: done / ((Date.now() - started) / 1000), errors }); agent.destroy(); }, seconds * 1000);
`;

function runWorker(url: string, connections: number, seconds: number): Promise<LoadResult> {
  return new Promise((resolveRun, reject) => {
    const worker = new Worker(CLIENT, { eval: true, workerData: { url, connections, seconds } });
    worker.once('message', (result: LoadResult) => {
      void worker.terminate();
      resolveRun(result);
    });
    worker.once('error', reject);
  });
}

async function listenBare(body: Buffer, headers: IncomingHttpHeaders): Promise<{ server: Server; url: string }> {
  const fixed: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value === 'string' && !['date', 'connection', 'keep-alive', 'transfer-encoding'].includes(name))
      fixed[name] = value;
  }
  fixed['content-length'] = String(body.length);
  const server = createServer((_req, res) => {
    res.writeHead(200, fixed);
    res.end(body);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return { server, url: `http://127.0.0.1:${port}${STATS_PATH}` };
}

/** A small seeded PGlite: the numbers do not matter, only that the answer is cached. */
async function demoSource(orders: number): Promise<Source> {
  const source = await createPgliteSource();
  await seedDemo(source, { anchor: ANCHOR, timezone: TIMEZONE, now: NOW, orders, customers: 300 });
  return source;
}

export async function cacheHitBench(options: {
  seconds: number;
  connections: number;
  rounds: number;
}): Promise<CacheHitResult> {
  const source = await demoSource(5000);
  const dashboard = createDashboardServer({ source, timezone: TIMEZONE, currency: 'EUR', now: () => NOW });
  const listening = await listen(dashboard, { port: 0 });
  const dashUrl = `${listening.url}${STATS_PATH}`;
  // The first request computes and caches; the bare server replies with its exact bytes and headers.
  const first = await fetch(dashUrl);
  if (first.status !== 200) throw new Error(`v1/stats answered ${first.status}: ${await first.text()}`);
  const second = await fetch(dashUrl);
  const body = Buffer.from(await second.arrayBuffer());
  if (!body.toString().includes('"hit":true')) throw new Error('the second v1/stats request was not a cache hit');
  const headers: IncomingHttpHeaders = {};
  second.headers.forEach((value, name) => (headers[name] = value));
  const bare = await listenBare(body, headers);

  const wrk = hasWrk();
  const load = (url: string) =>
    wrk ? runWrk(url, options.connections, options.seconds) : runWorker(url, options.connections, options.seconds);
  await load(bare.url); // warm both up (JIT, sockets)
  await load(dashUrl);
  const bareRuns: number[] = [];
  const dashRuns: number[] = [];
  for (let round = 0; round < options.rounds; round++) {
    // Alternated, so drift in the machine's load hits both alike.
    const b = await load(bare.url);
    const d = await load(dashUrl);
    if (b.errors || d.errors) throw new Error(`load errors: bare ${b.errors}, dashkit ${d.errors}`);
    bareRuns.push(b.rps);
    dashRuns.push(d.rps);
  }
  await new Promise<void>((done) => bare.server.close(() => done()));
  bare.server.closeAllConnections();
  await listening.close();
  await source.close();
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  return {
    tool: wrk ? 'wrk -t1' : 'node worker-thread client',
    connections: options.connections,
    seconds: options.seconds,
    bare: mean(bareRuns),
    dashkit: mean(dashRuns),
    bodyBytes: body.length,
  };
}

export interface SingleFlightResult {
  requests: number;
  statements: number;
  ok: number;
  hits: number;
}

/** 100 concurrent identical cold `v1/stats` requests; how many statements reached the database. */
export async function singleFlightBench(requests = 100): Promise<SingleFlightResult> {
  const inner = await demoSource(2000);
  let statements = 0;
  const counting: Source = {
    kind: inner.kind,
    query<T extends object>(sql: string, params?: readonly SqlParam[]) {
      statements++;
      return inner.query<T>(sql, params);
    },
    exec(sql) {
      statements++;
      return inner.exec(sql);
    },
    close: () => inner.close(),
  };
  const dashboard = createDashboardServer({ source: counting, timezone: TIMEZONE, now: () => NOW });
  await dashboard.ready;
  statements = 0;
  const responses = await Promise.all(
    Array.from({ length: requests }, () => dashboard.fetch(new Request(`http://bench.local${STATS_PATH}`))),
  );
  const bodies = await Promise.all(responses.map((r) => r.json() as Promise<{ cache?: { hit: boolean } }>));
  const result = {
    requests,
    statements,
    ok: responses.filter((r) => r.status === 200).length,
    hits: bodies.filter((b) => b.cache?.hit).length,
  };
  await dashboard.close();
  await inner.close();
  return result;
}
