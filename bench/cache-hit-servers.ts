/**
 * The servers of the cache-hit benchmark, each its own process:
 * `node dist/cli.js serve` (embedded demo database, memory cache), the
 * bare node:http server replaying the answer dashkit gave, checked equal,
 * and Hono on @hono/node-server replaying it too (its headers in its own order).
 * Only the HTTP interface is used: `v1/stats`, `v1/health`'s cache counters
 * and the `v1/invalidate` webhook.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TOPICS } from '../src/contract/index.js';
import { BARE_SERVER, checkBuild, DIST_CLI, HONO_SERVER, type ServerProcess, startServer } from './processes.js';

export const STATS_PATH =
  '/v1/stats?metrics=revenue,orders,average_order_value,new_customers,conversion_rate&range=30d';
/** Added by node:http to every response (and differing by the second), so not part of the recorded answer. */
const PER_CONNECTION = new Set(['date', 'connection', 'keep-alive', 'transfer-encoding']);

export interface Answer {
  status: number;
  /** In the order sent, without the per-connection ones. */
  headers: [string, string][];
  body: Buffer;
}

export function fetchRaw(
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Answer> {
  return new Promise((done, fail) => {
    const req = request(url, { method: init.method ?? 'GET', headers: init.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const headers: [string, string][] = [];
        for (let i = 0; i < res.rawHeaders.length; i += 2) {
          const name = res.rawHeaders[i]!;
          if (!PER_CONNECTION.has(name.toLowerCase())) headers.push([name, res.rawHeaders[i + 1]!]);
        }
        done({ status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks) });
      });
    });
    req.on('error', fail);
    req.end(init.body);
  });
}

/** Throws, saying what came back, unless `answer` is a fresh cache hit with at least `seconds` of freshness left. */
function assertFreshHit(answer: Answer, seconds: number, when: string): void {
  const text = answer.body.toString();
  const cacheControl = answer.headers.find(([name]) => name.toLowerCase() === 'cache-control')?.[1] ?? '';
  const maxAge = Number(/max-age=(\d+)/.exec(cacheControl)?.[1] ?? -1);
  if (answer.status !== 200 || !text.includes('"hit":true') || !text.includes('"stale":false') || maxAge < seconds) {
    throw new Error(
      `${when}: expected a fresh cache hit with ≥ ${seconds} s left, got ${answer.status}, cache-control "${cacheControl}", …${text.slice(-80)}`,
    );
  }
}

export interface ServerPair {
  dashkit: ServerProcess;
  bare: ServerProcess;
  /** Hono answering the same bytes: the reference the target is set by. */
  hono: ServerProcess;
  /** dashkit's answer, which the bare server replays. */
  recorded: Answer;
  /**
   * Drops the cached entry through the webhook and computes it again with
   * one request, then checks it is a fresh hit with `seconds` + 2 left: the
   * load that follows runs into neither its expiry nor stale-while-revalidate.
   */
  freshEntry(seconds: number): Promise<void>;
  /** Throws unless dashkit answers a fresh cache hit now. */
  checkHit(when: string): Promise<void>;
  /** v1/health's cache counters, when it reports them. */
  cacheCounters(): Promise<{ hits: number; misses: number } | undefined>;
  stop(): Promise<void>;
}

/** Starts both; `nodeArgs` go before each script (e.g. `--cpu-prof`). */
export async function startServers(options: { nodeArgs?: string[]; log: (line: string) => void }): Promise<ServerPair> {
  const { log } = options;
  const nodeArgs = options.nodeArgs ?? [];
  checkBuild(log);
  const secret = randomBytes(24).toString('hex');
  log('starting `dashkit serve` (it seeds the embedded demo database)…');
  const dashkit = await startServer('dashkit', [
    ...nodeArgs,
    DIST_CLI,
    'serve',
    '--port',
    '0',
    '--invalidate-secret',
    secret,
  ]);
  const stats = `${dashkit.url}${STATS_PATH}`;
  const freshEntry = async (seconds: number) => {
    const dropped = await fetchRaw(`${dashkit.url}/v1/invalidate`, {
      method: 'POST',
      headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ topics: TOPICS }),
    });
    if (dropped.status !== 202) throw new Error(`v1/invalidate answered ${dropped.status}: ${dropped.body.toString()}`);
    const miss = await fetchRaw(stats);
    if (miss.status !== 200) throw new Error(`v1/stats answered ${miss.status}: ${miss.body.toString()}`);
    assertFreshHit(await fetchRaw(stats), seconds + 2, 'before a dashkit round');
  };

  let bare: ServerProcess | undefined;
  let hono: ServerProcess | undefined;
  const scratch = mkdtempSync(join(tmpdir(), 'dashkit-bench-'));
  try {
    await freshEntry(0);
    const recorded = await fetchRaw(stats);
    assertFreshHit(recorded, 0, 'the answer to record');
    const file = join(scratch, 'response.json');
    const { status, headers, body } = recorded;
    writeFileSync(
      file,
      JSON.stringify({ status, headers: Object.fromEntries(headers), body: body.toString('base64') }),
    );
    bare = await startServer('bare', [...nodeArgs, BARE_SERVER, file]);
    const replay = await fetchRaw(`${bare.url}${STATS_PATH}`);
    if (
      replay.status !== status ||
      JSON.stringify(replay.headers) !== JSON.stringify(headers) ||
      !replay.body.equals(body)
    ) {
      throw new Error('the bare server does not answer what dashkit answered');
    }
    hono = await startServer('hono', [...nodeArgs, HONO_SERVER, file]);
    const viaHono = await fetchRaw(`${hono.url}${STATS_PATH}`);
    const sorted = (h: [string, string][]) => JSON.stringify([...h].sort(([a], [b]) => (a < b ? -1 : 1)));
    if (viaHono.status !== status || sorted(viaHono.headers) !== sorted(headers) || !viaHono.body.equals(body)) {
      throw new Error('the Hono server does not answer what dashkit answered');
    }
    const both = { dashkit, bare, hono };
    return {
      ...both,
      recorded,
      freshEntry,
      checkHit: async (when) => assertFreshHit(await fetchRaw(stats), 0, when),
      async cacheCounters() {
        const res = await fetchRaw(`${dashkit.url}/v1/health`);
        const health = JSON.parse(res.body.toString()) as { cache?: { hits?: unknown; misses?: unknown } };
        const { hits, misses } = health.cache ?? {};
        return typeof hits === 'number' && typeof misses === 'number' ? { hits, misses } : undefined;
      },
      async stop() {
        await both.hono.stop();
        await both.bare.stop();
        await both.dashkit.stop();
      },
    };
  } catch (error) {
    await hono?.stop();
    await bare?.stop();
    await dashkit.stop();
    throw error;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
