/**
 * Cold report timings (no dashkit cache; the database's own buffers warm)
 * three ways: fetch-all-then-sum-in-JS, SQL pushdown (rollups off), and
 * daily rollups (after their build, whose time is reported too).
 */
import type { SeriesParams, StatsParams } from '../src/contract/index.js';
import { PUBLIC_SCOPE } from '../server-adapter/auth/scope.js';
import { todayIn } from '../server-adapter/engine/calendar.js';
import { createEngine, type SqlEngine } from '../server-adapter/engine/index.js';
import type { Dataset } from './datasets.js';
import { NOW, TIMEZONE } from './datasets.js';
import { fetchAllAging, fetchAllSeries, fetchAllStats } from './fetch-all.js';

export const STATS: StatsParams = {
  metrics: ['revenue', 'orders', 'average_order_value', 'new_customers', 'conversion_rate'],
  range: '365d',
};
export const SERIES: SeriesParams = {
  metrics: ['revenue', 'orders'],
  range: '365d',
  granularity: 'day',
  compare: 'none',
};
export const ROLLUP_SCHEMA = 'bench_rollups';

export interface ColdRow {
  backend: string;
  size: string;
  report: string;
  fetchAll: number;
  pushdown: number;
  rollups: number | undefined;
}

export interface ColdResult {
  rows: ColdRow[];
  /** Rollup build (full recompute of every day) in ms. */
  buildMs: number;
  rollupRows: number;
}

/** Median wall time of `runs` calls after two warm-up calls (JIT, plan caches, PGlite's WASM). */
async function median(runs: number, work: () => Promise<unknown>): Promise<number> {
  await work();
  await work();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await work();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] as number;
}

function check(what: string, ok: boolean): void {
  if (!ok) throw new Error(`bench sanity check failed: ${what}`);
}

export async function coldBench(backend: string, size: string, data: Dataset, runs: number): Promise<ColdResult> {
  const ctx = { source: data.source, timezone: TIMEZONE, currency: 'EUR', locale: 'en-GB', now: () => NOW };
  const raw = createEngine(ctx);
  await data.source.exec(`DROP SCHEMA IF EXISTS ${ROLLUP_SCHEMA} CASCADE`);
  const rolled: SqlEngine = createEngine(ctx, undefined, {
    rollups: { enabled: true, schema: ROLLUP_SCHEMA },
  });
  const started = performance.now();
  const built = await rolled.rollups!.start();
  const buildMs = performance.now() - started;
  const rollupRows = built.reduce((n, b) => n + b.changedDays, 0);

  // Same numbers three ways, or the timings mean nothing.
  const [statsRaw, statsRolled, statsJs] = [
    await raw.stats.compute(STATS, PUBLIC_SCOPE),
    await rolled.stats.compute(STATS, PUBLIC_SCOPE),
    await fetchAllStats(data.source, '365d', NOW, TIMEZONE),
  ];
  check('stats rollups = raw', JSON.stringify(statsRaw) === JSON.stringify(statsRolled));
  check('stats fetch-all revenue', statsJs.revenue === statsRaw.stats[0]?.value);
  check('stats fetch-all orders', statsJs.orders === statsRaw.stats[1]?.value);
  const [seriesRaw, seriesRolled, seriesJs] = [
    await raw.series.compute(SERIES, PUBLIC_SCOPE),
    await rolled.series.compute(SERIES, PUBLIC_SCOPE),
    await fetchAllSeries(data.source, '365d', 'day', NOW, TIMEZONE),
  ];
  check('series rollups = raw', JSON.stringify(seriesRaw) === JSON.stringify(seriesRolled));
  check('series fetch-all points', seriesJs.points === seriesRaw.series[0]?.points.length);
  const asOf = todayIn(NOW, TIMEZONE);
  const agingRaw = await raw.aging.compute({ asOf }, PUBLIC_SCOPE);
  const agingJs = await fetchAllAging(data.source, asOf);
  check('aging fetch-all receivable', agingJs.receivable === String(agingRaw.summary.receivable));

  const rows: ColdRow[] = [
    {
      backend,
      size,
      report: 'stats (5 metrics, 365d + previous)',
      fetchAll: await median(runs, () => fetchAllStats(data.source, '365d', NOW, TIMEZONE)),
      pushdown: await median(runs, () => raw.stats.compute(STATS, PUBLIC_SCOPE)),
      rollups: await median(runs, () => rolled.stats.compute(STATS, PUBLIC_SCOPE)),
    },
    {
      backend,
      size,
      report: 'series (365 days, daily, revenue + orders)',
      fetchAll: await median(runs, () => fetchAllSeries(data.source, '365d', 'day', NOW, TIMEZONE)),
      pushdown: await median(runs, () => raw.series.compute(SERIES, PUBLIC_SCOPE)),
      rollups: await median(runs, () => rolled.series.compute(SERIES, PUBLIC_SCOPE)),
    },
    {
      backend,
      size,
      report: 'aging (default buckets, first page)',
      fetchAll: await median(runs, () => fetchAllAging(data.source, asOf)),
      pushdown: await median(runs, () => raw.aging.compute({ asOf }, PUBLIC_SCOPE)),
      rollups: undefined,
    },
  ];
  await rolled.close();
  await data.source.exec(`DROP SCHEMA IF EXISTS ${ROLLUP_SCHEMA} CASCADE`);
  return { rows, buildMs, rollupRows };
}
