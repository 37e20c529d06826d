/**
 * Benchmarks of issue 11 (faults), run by `npm run bench` (run.ts):
 * - CSV export of the aging report for 20k and 200k customers on PostgreSQL:
 *   one statement through a cursor (today) against the page-by-page export
 *   (each 1,000-row page re-ran the aggregate with a growing OFFSET), side by
 *   side on 20k (the paged way takes minutes at 200k); time, statements sent,
 *   cursor round trips, peak RSS;
 * - `v1/events` streams per instance (1,000 and 5,000) in a server process of
 *   their own: delivery time of an invalidation to every client, and RSS per
 *   stream;
 * - a Redis frozen with SIGSTOP under a server whose cache is in it: request
 *   latency before and during the freeze.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { createEngine } from '../server-adapter/engine/index.js';
import { listen } from '../server-adapter/node.js';
import { createDashboardServer } from '../server-adapter/server.js';
import { createPgSource } from '../server-adapter/sources/pg.js';
import type { Source, SqlParam } from '../server-adapter/sources/source.js';
import { pgSchemaDatabase, postgresReachable } from '../tests/support/databases.js';
import { fanOut, type FanOutResult } from './load/fan-out.js';
import { startServer } from './load/process.js';

const AS_OF = '2026-06-30';
const NOW = new Date('2026-06-30T12:00:00Z');
const quiet = { info() {}, warn() {}, error() {} };

export interface ExportResult {
  customers: number;
  method: 'one statement (cursor)' | 'pages of 1,000 (OFFSET)';
  ms: number;
  rows: number;
  mib: number;
  /** Statements that ran the aging aggregate. */
  statements: number;
  /** Cursor round trips (FETCH 1000), for the one-statement way. */
  fetches: number;
  /** Highest RSS of this process while exporting, and its growth over the RSS before. */
  peakRssMiB: number;
  rssGrowthMiB: number;
}

/** A source that counts statements (query or stream calls) and the batches streams hand out. */
function counting(source: Source) {
  const counts = { statements: 0, fetches: 0 };
  const counted: Source = {
    kind: source.kind,
    query: <T extends object>(sql: string, params?: readonly SqlParam[]) => {
      if (sql.includes('per_customer')) counts.statements++;
      return source.query<T>(sql, params);
    },
    exec: (sql) => source.exec(sql),
    close: () => source.close(),
    async *stream<T extends object>(sql: string, params: readonly SqlParam[], batchSize: number) {
      if (sql.includes('per_customer')) counts.statements++;
      for await (const batch of source.stream!<T>(sql, params, batchSize)) {
        counts.fetches++;
        yield batch;
      }
    },
  };
  return { source: counted, counts };
}

/** The aging data set of `customers` customers (two invoices each) in schema bench_export_<n>, seeded once. */
async function exportDataset(customers: number, log: (line: string) => void) {
  const schema = `bench_export_${customers}`;
  const db = await pgSchemaDatabase({ schema, drop: false, poolMax: 2 });
  const marker = `v1:${customers}`;
  const [row] = await db.source.query<{ m: string | null }>(
    `SELECT CASE WHEN to_regclass('bench_export_marker') IS NULL THEN NULL ELSE 'x' END AS m`,
  );
  const seeded = row?.m ? (await db.source.query<{ m: string }>('SELECT m FROM bench_export_marker'))[0]?.m : undefined;
  if (seeded !== marker) {
    log(`seeding ${schema} (${customers} customers, ${customers * 2} invoices)…`);
    await db.source.exec(`
      TRUNCATE order_lines, orders, invoices, products, customers CASCADE;
      INSERT INTO customers (id, name, email, created_at)
        SELECT g, 'Customer ' || g, 'c' || g || '@example.com', TIMESTAMPTZ '2024-01-01' + g * interval '1 minute'
        FROM generate_series(1, ${customers}) g;
      INSERT INTO invoices (id, number, customer_id, issued_on, due_on, amount, amount_paid)
        SELECT g, 'INV-' || g, (g + 1) / 2, DATE '2026-01-01' + (g % 170), DATE '2026-01-15' + (g * 7 % 200),
          100 + (g % 900), CASE WHEN g % 5 = 0 THEN 50 ELSE 0 END
        FROM generate_series(1, ${customers * 2}) g;
      ANALYZE customers; ANALYZE invoices;
      DROP TABLE IF EXISTS bench_export_marker; CREATE TABLE bench_export_marker (m text NOT NULL);
      INSERT INTO bench_export_marker VALUES ('${marker}');
    `);
  }
  return db;
}

/** Downloads `url`, discarding the bytes; resolves with the byte and line counts. */
function download(url: string): Promise<{ bytes: number; lines: number }> {
  return new Promise((resolve, reject) => {
    get(url, { agent: false }, (response) => {
      if (response.statusCode !== 200) reject(new Error(`${url} answered ${response.statusCode}`));
      let bytes = 0;
      let lines = 0;
      response.on('data', (chunk: Buffer) => {
        bytes += chunk.length;
        for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) lines++;
      });
      response.on('end', () => resolve({ bytes, lines }));
      response.on('error', reject);
    }).on('error', reject);
  });
}

async function exportOnce(
  url: string,
  customers: number,
  paged: boolean,
  log: (line: string) => void,
): Promise<ExportResult> {
  const pool = await createPgSource({ connectionString: url, poolConfig: { max: 10 } });
  const { source, counts } = counting(pool);
  const settings = { source, timezone: 'UTC', currency: 'USD', locale: 'en-US', now: () => NOW };
  // The page-by-page way is what an engine without `rows` still gets: the old export, kept as the baseline.
  const engine = createEngine(settings);
  const server = createDashboardServer({
    source,
    rollups: false,
    now: () => NOW,
    logger: quiet,
    ...(paged
      ? { engine: { ...engine, aging: { topics: engine.aging.topics, compute: engine.aging.compute } } }
      : { engine }),
  });
  const http = await listen(server, { port: 0 });
  try {
    (globalThis as { gc?: () => void }).gc?.();
    const before = process.memoryUsage().rss;
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 10);
    const started = performance.now();
    const { bytes, lines } = await download(`${http.url}/v1/export/aging.csv?asOf=${AS_OF}`);
    const ms = performance.now() - started;
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    const result: ExportResult = {
      customers,
      method: paged ? 'pages of 1,000 (OFFSET)' : 'one statement (cursor)',
      ms,
      rows: lines - 1,
      mib: bytes / 2 ** 20,
      statements: counts.statements,
      fetches: counts.fetches,
      peakRssMiB: peak / 2 ** 20,
      rssGrowthMiB: (peak - before) / 2 ** 20,
    };
    log(`  ${customers} customers, ${result.method}: ${(ms / 1000).toFixed(1)} s, ${counts.statements} statements`);
    return result;
  } finally {
    await http.close();
    await pool.close();
  }
}

/** The export rows: one statement at `sizes`, and the paged baseline at the smallest size. */
export async function exportBench(sizes: readonly number[], log: (line: string) => void): Promise<ExportResult[]> {
  if (!(await postgresReachable())) return [];
  const results: ExportResult[] = [];
  for (const customers of sizes) {
    const db = await exportDataset(customers, log);
    try {
      if (customers === sizes[0]) results.push(await exportOnce(db.url, customers, true, log));
      results.push(await exportOnce(db.url, customers, false, log));
    } finally {
      await db.close();
    }
  }
  return results;
}

export interface StreamsResult extends FanOutResult {
  source: string;
}

/** `v1/events` fan-out at each client count, each in a fresh server process (its memory measured apart). */
export async function streamsBench(counts: readonly number[], log: (line: string) => void): Promise<StreamsResult[]> {
  const pg = await postgresReachable();
  const results: StreamsResult[] = [];
  for (const clients of counts) {
    const db = pg
      ? await pgSchemaDatabase({ schema: `dk_sse_${randomBytes(4).toString('hex')}`, ddl: false, poolMax: 1 })
      : undefined;
    const server = await startServer({
      ...(db ? { databaseUrl: db.url } : {}),
      invalidateSecret: `bench-${randomBytes(12).toString('hex')}`,
      maxClients: clients + 100,
    });
    try {
      log(`  ${clients} streams…`);
      results.push({ ...(await fanOut(server, clients, 3)), source: db ? 'PostgreSQL' : 'PGlite' });
    } finally {
      await server.stop();
      await db?.close();
    }
  }
  return results;
}

export interface FrozenRedisResult {
  requests: number;
  /** First requests of each URL, computed from PostgreSQL (Redis answering): what a miss costs. */
  cold: { p50: number; max: number };
  healthy: { p50: number; p99: number };
  frozen: { first: number; p50: number; p99: number; max: number };
  /** Requests answered while Redis was frozen, of those sent. */
  answered: number;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? NaN;

async function sparePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function privateRedis(port: number): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: ['ignore', 'pipe', 'ignore'],
    },
  );
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('Ready to accept connections')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`redis-server exited (${code})`)));
  });
  child.stdout!.resume();
  return child;
}

/**
 * Cached `v1/aging` first pages (20 distinct URLs, warm in Redis) over HTTP:
 * latency with Redis answering, then with Redis frozen by SIGSTOP.
 */
export async function frozenRedisBench(customers: number, requests: number, log: (line: string) => void) {
  if (!(await postgresReachable())) return undefined;
  const db = await exportDataset(customers, log);
  const port = await sparePort();
  const redis = await privateRedis(port);
  const server = createDashboardServer({
    source: { databaseUrl: db.url },
    rollups: false,
    redisUrl: `redis://127.0.0.1:${port}`,
    // The real clock: Redis expires entries by it (asOf pins the report's date).
    logger: quiet,
  });
  const http = await listen(server, { port: 0 });
  const urls = Array.from({ length: 20 }, (_, i) => `${http.url}/v1/aging?asOf=${AS_OF}&limit=${i + 1}`);
  const timed = async (url: string) => {
    const started = performance.now();
    const response = await fetch(url);
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
    return performance.now() - started;
  };
  try {
    const cold: number[] = [];
    for (const url of urls) cold.push(await timed(url));
    cold.sort((a, b) => a - b);
    const healthy: number[] = [];
    for (let i = 0; i < requests; i++) healthy.push(await timed(urls[i % urls.length]!));
    redis.kill('SIGSTOP');
    const frozen: number[] = [];
    for (let i = 0; i < requests; i++) frozen.push(await timed(urls[i % urls.length]!));
    const first = frozen[0]!;
    healthy.sort((a, b) => a - b);
    const sorted = [...frozen].sort((a, b) => a - b);
    return {
      requests,
      cold: { p50: percentile(cold, 50), max: cold.at(-1)! },
      healthy: { p50: percentile(healthy, 50), p99: percentile(healthy, 99) },
      frozen: { first, p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1)! },
      answered: frozen.length,
    } satisfies FrozenRedisResult;
  } finally {
    redis.kill('SIGCONT');
    await http.close();
    redis.kill('SIGKILL');
    await db.close();
  }
}
