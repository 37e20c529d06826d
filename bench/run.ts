/**
 * `npm run bench`: the benchmark table (issue 3, item 10).
 *
 *   npm run bench               full run (several minutes); writes bench/RESULTS.md
 *   npm run bench -- --quick    small data sets and short loads, a smoke check (< 1 min once seeded)
 *   npm run bench -- --faults   only the fault rows (export, event streams, frozen Redis); prints, writes nothing
 *   npm run bench -- --writes-10m   adds 10M orders on PostgreSQL to the rollups-under-writes table (BENCH_WRITES_10M=1 too)
 *   npm run bench -- --render   only the rendering budgets (demo board as PDF/PNG, RSS over 100 renders); prints
 *
 * PostgreSQL at DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test)
 * is used when reachable; its data sets are kept in schemas bench_<size>.
 * The cache-hit table needs wrk and the build (`npm run build`): it loads
 * `node dist/cli.js serve` in a child process (see cache-hit.ts).
 */
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import { DATABASE_URL, postgresReachable } from '../tests/support/databases.js';
import { coldBench, type ColdResult } from './cold.js';
import { openPgliteDataset, openPostgresDataset, sizeLabel } from './datasets.js';
import { cacheHitBench, DEFAULT_MAX_OTHER_CPU, DEFAULT_RETRIES } from './cache-hit.js';
import { cacheHitTable } from './cache-hit-table.js';
import {
  exportBench,
  type ExportResult,
  frozenRedisBench,
  type FrozenRedisResult,
  streamsBench,
  type StreamsResult,
} from './faults.js';
import { rollupsWritesBench, rollupsWritesTable } from './rollups-writes.js';
import { renderBench, renderTable } from './render.js';
import { singleFlightBench, singleFlightTable } from './single-flight.js';
import { WRK_INSTALL } from './wrk.js';

const quick = process.argv.includes('--quick');
const faultsOnly = process.argv.includes('--faults');
const renderOnly = process.argv.includes('--render');
const log = (line: string) => console.error(line);

const ms = (x: number) => (x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const times = (a: number, b: number | undefined) => (b === undefined ? '—' : `${(a / b).toFixed(1)}×`);

function coldTable(results: ColdResult[], notes: string[]): string {
  const lines = [
    '| backend | orders | report | fetch-all + JS | SQL pushdown | rollups | pushdown vs fetch-all | rollups vs fetch-all |',
    '|---|---:|---|---:|---:|---:|---:|---:|',
  ];
  for (const result of results) {
    for (const r of result.rows) {
      lines.push(
        `| ${r.backend} | ${r.size} | ${r.report} | ${ms(r.fetchAll)} | ${ms(r.pushdown)} | ${r.rollups === undefined ? 'n/a' : ms(r.rollups)} | ${times(r.fetchAll, r.pushdown)} | ${r.rollups === undefined ? 'n/a' : `**${times(r.fetchAll, r.rollups)}**`} |`,
      );
    }
  }
  lines.push(
    '',
    '| backend | orders | rollup build (all days, all tables) | daily rows written |',
    '|---|---:|---:|---:|',
  );
  for (const result of results) {
    const first = result.rows[0];
    if (first) lines.push(`| ${first.backend} | ${first.size} | ${ms(result.buildMs)} ms | ${result.rollupRows} |`);
  }
  if (notes.length) lines.push('', ...notes.map((n) => `- ${n}`));
  return lines.join('\n');
}

function exportTable(results: ExportResult[]): string {
  if (results.length === 0) return 'PostgreSQL not reachable: no export rows.';
  const paged = results.find((r) => r.method.startsWith('pages'));
  const lines = [
    '| customers | method | time | vs paged | rows | CSV | statements running the aggregate | cursor round trips | peak RSS (growth) |',
    '|---:|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of results) {
    const ratio =
      paged && r !== paged && r.customers === paged.customers ? `**${(paged.ms / r.ms).toFixed(1)}×**` : '—';
    lines.push(
      `| ${r.customers} | ${r.method} | ${(r.ms / 1000).toFixed(2)} s | ${ratio} | ${r.rows} | ${r.mib.toFixed(1)} MiB | ${r.statements} | ${r.fetches || '—'} | ${r.peakRssMiB.toFixed(0)} MiB (+${r.rssGrowthMiB.toFixed(0)}) |`,
    );
  }
  return lines.join('\n');
}

function streamsTable(results: StreamsResult[]): string {
  const f = (x: number) => x.toFixed(x >= 100 ? 0 : 1);
  return [
    '| streams | source | connect all | webhook → every client received (per round) | p50 / p99 client, last round | RSS per stream (heap) | left after close |',
    '|---:|---|---:|---|---:|---:|---:|',
    ...results.map(
      (r) =>
        `| ${r.clients} | ${r.source} | ${f(r.connectMs)} ms | ${r.rounds.map((x) => f(x.allMs)).join(' / ')} ms | ${f(r.rounds.at(-1)!.p50Ms)} / **${f(r.rounds.at(-1)!.p99Ms)}** ms | **${r.rssPerClientKiB.toFixed(1)} KiB** (${r.heapPerClientKiB.toFixed(1)}) | ${r.leftover} |`,
    ),
  ].join('\n');
}

function frozenTable(r: FrozenRedisResult | undefined): string {
  if (!r) return 'PostgreSQL not reachable: no frozen-Redis rows.';
  const f = (x: number) => x.toFixed(1);
  return [
    `| Redis | requests | p50 | p99 | max |`,
    '|---|---:|---:|---:|---:|',
    `| answering, cache misses (cold, from PostgreSQL) | 20 | ${f(r.cold.p50)} ms | — | ${f(r.cold.max)} ms |`,
    `| answering, cache hits | ${r.requests} | ${f(r.healthy.p50)} ms | ${f(r.healthy.p99)} ms | — |`,
    `| frozen (SIGSTOP): first request ${f(r.frozen.first)} ms, all ${r.answered} answered | ${r.requests} | ${f(r.frozen.p50)} ms | ${f(r.frozen.p99)} ms | **${f(r.frozen.max)} ms** |`,
  ].join('\n');
}

/** The rows of issue 11's faults (bench/faults.ts), as Markdown sections. */
async function faultTables(): Promise<string> {
  log('CSV export…');
  const exports = await exportBench(quick ? [2000] : [20_000, 200_000], log);
  log('event streams…');
  const streams = await streamsBench(quick ? [200] : [1000, 5000], log);
  log('frozen Redis…');
  const frozen = await frozenRedisBench(quick ? 2000 : 20_000, quick ? 50 : 300, log);
  return [
    '### CSV export of the aging report on PostgreSQL (two invoices per customer; the page-by-page way side by side at 20k)',
    '',
    exportTable(exports),
    '',
    '### `v1/events` streams per instance (server in its own process; 3 invalidations through the webhook)',
    '',
    streamsTable(streams),
    '',
    '### Cached `v1/aging` pages with the Redis cache frozen by SIGSTOP (target: no request more than ~200 ms over a miss)',
    '',
    frozenTable(frozen),
  ].join('\n');
}

async function main(): Promise<void> {
  if (faultsOnly) {
    console.log(await faultTables());
    return;
  }
  if (renderOnly) {
    console.log(renderTable(await renderBench(100, log)));
    return;
  }
  const started = Date.now();
  const startLoad = loadavg()[0]?.toFixed(1);
  const sizes = quick ? [20_000] : [100_000, 1_000_000];
  const runs = quick ? 5 : 7;
  const pg = await postgresReachable();
  const notes: string[] = [];
  if (!pg) notes.push(`PostgreSQL not reachable at ${DATABASE_URL}: its rows are missing.`);

  log('cache-hit throughput…');
  const cacheHit = await cacheHitBench({
    threads: 1,
    connections: 32,
    seconds: quick ? 3 : 10,
    rounds: 3,
    maxOtherCpu: DEFAULT_MAX_OTHER_CPU,
    retries: DEFAULT_RETRIES,
    log,
  });
  log('single-flight…');
  const singleFlight = await singleFlightBench(100);

  const faults = await faultTables();
  log('rendering the demo board…');
  const rendering = renderTable(await renderBench(100, log));

  const cold: ColdResult[] = [];
  for (const [backend, open] of [
    ['PostgreSQL', openPostgresDataset],
    ['PGlite', openPgliteDataset],
  ] as const) {
    if (backend === 'PostgreSQL' && !pg) continue;
    for (const orders of sizes) {
      log(`cold reports: ${backend}, ${sizeLabel(orders)} orders…`);
      let data;
      try {
        data = await open(orders, log);
      } catch (error) {
        notes.push(
          `${backend} ${sizeLabel(orders)}: could not open or seed (${error instanceof Error ? error.message : String(error)}).`,
        );
        continue;
      }
      try {
        cold.push(await coldBench(backend, sizeLabel(orders), data, orders >= 1_000_000 ? 5 : runs));
      } finally {
        await data.close();
      }
    }
  }

  const writes = await rollupsWritesBench({
    quick,
    tenMillion: process.argv.includes('--writes-10m') || process.env['BENCH_WRITES_10M'] === '1',
    log,
  });

  const table = [
    '### Cache-hit `v1/stats` throughput (target ≥ 0.9 of bare)',
    '',
    cacheHit ? cacheHitTable(cacheHit) : `Not measured: wrk is not installed (\`${WRK_INSTALL}\`).`,
    '',
    '### Cold reports, median ms (no dashkit cache; database buffers warm; target ≥ 10× over fetch-all at 1M for stats and series)',
    '',
    coldTable(cold, notes),
    '',
    '### Cold `v1/stats` and `v1/series` with rollups while orders keep arriving (announced with their times; target: under writes within 3× of quiet, and exact)',
    '',
    rollupsWritesTable(writes.results, writes.notes),
    '',
    '### Single-flight (target 1)',
    '',
    singleFlightTable(singleFlight),
    '',
    faults,
    '',
    '### Rendering the demo board (server-side, no browser; PGlite demo data)',
    '',
    rendering,
  ].join('\n');
  console.log(table);

  if (!quick) {
    const date = new Date().toISOString().slice(0, 16).replace('T', ' ');
    const machine = `Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'CPU'} shared with other jobs (load average at start ${startLoad}, at end ${loadavg()[0]?.toFixed(1)}), PostgreSQL ${pg ? 'local' : 'absent'}, PGlite (WASM) in-process`;
    const text = `# Benchmark results

Command: \`npm run bench\` — ${date} UTC, ${Math.round((Date.now() - started) / 1000)} s. ${machine}.

Data: the demo generator (\`seedDemo\`) with the given number of orders over two years ending ${'2026-06-30'}
(3000 customers, Europe/Berlin); \`stats\` = revenue, orders, average order value, new customers and
conversion rate over \`365d\` with the previous period (two years of rows) and a monthly trend; \`series\` =
revenue and orders per day over \`365d\`, no comparison; \`aging\` = the default report's first page.
"fetch-all + JS" selects the period's raw rows (only the needed columns) and computes the same numbers
in JavaScript with exact BigInt cents (bench/fetch-all.ts); each run checks that all three ways agree.

${table}
`;
    writeFileSync(resolve(import.meta.dirname, 'RESULTS.md'), text);
    log('wrote bench/RESULTS.md');
  }
}

await main();
