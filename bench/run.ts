/**
 * `npm run bench`: the benchmark table (issue 3, item 10).
 *
 *   npm run bench               full run (several minutes); writes bench/RESULTS.md
 *   npm run bench -- --quick    small data sets and short loads, a smoke check (< 1 min once seeded)
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
import { singleFlightBench, singleFlightTable } from './single-flight.js';
import { WRK_INSTALL } from './wrk.js';

const quick = process.argv.includes('--quick');
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

async function main(): Promise<void> {
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

  const table = [
    '### Cache-hit `v1/stats` throughput (target ≥ 0.8 of bare)',
    '',
    cacheHit ? cacheHitTable(cacheHit) : `Not measured: wrk is not installed (\`${WRK_INSTALL}\`).`,
    '',
    '### Cold reports, median ms (no dashkit cache; database buffers warm; target ≥ 10× over fetch-all at 1M for stats and series)',
    '',
    coldTable(cold, notes),
    '',
    '### Single-flight (target 1)',
    '',
    singleFlightTable(singleFlight),
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
