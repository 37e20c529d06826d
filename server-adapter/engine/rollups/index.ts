/**
 * Daily rollups (pre-aggregation, as Cube does it): per table and time column
 * read by `sum`, `count` and `avg` metrics, a table of DAILY partial
 * aggregates in the dashboard time zone, so `stats` and `series` over a year
 * read a few hundred rows instead of every order.
 *
 * - Layout: `<schema>.r_<table>_<time>_<hash>(dk_day date PRIMARY KEY, p0, p1, …)`,
 *   one column per partial (`sum(amount) FILTER (WHERE …)`, `count(*) FILTER
 *   (…)`), one row per local day. The hash covers the resolved source table,
 *   the time column, the time zone and the partials, so another zone or
 *   another definition gets its own table. `<schema>.rollup_meta` holds each
 *   table's watermark W and when it was last fully checked.
 * - A rollup day D holds the rows whose time is in [start(D), start(D + 1)),
 *   start(D) = the first instant of local date D (`dayStartSql`), so a 23- or
 *   25-hour day is one row, and a week or month is the sum of its days' rows.
 * - Reads are hybrid: days < W from the rollup, rows from start(W) on from the
 *   raw table, in the same statement. W trails today by `rawDays` (default:
 *   today and yesterday are always raw) and never moves back, so new orders
 *   are exact without any refresh.
 * - Refresh, always one upsert statement per table under an advisory lock:
 *   the first use in a process recomputes every day (build or full check);
 *   a query arriving after midnight moves W in the background (recomputing
 *   the `recentDays` days before it); every `fullCheckSeconds` a full
 *   recomputation repairs edits nobody announced.
 * - Invalidation never serves a stale number: `invalidate(topics)` marks the
 *   rollups over those tables DIRTY at once, so from that moment their
 *   metrics are read from the raw table, and recomputes them fully in the
 *   background (one refresh per table at a time; invalidations arriving
 *   meanwhile coalesce into exactly one more). Only a full refresh that
 *   started after the last invalidation (a generation counter tells) clears
 *   the flag. Honest limit: a change nobody announced (no `invalidate`) to a
 *   day before W is served stale until the next full check.
 * - Invalidation with times dirties only the local days they fall on (read
 *   raw beside the rollup, recomputed alone); an exact instant on a
 *   `timestamptz` column only its 15-minute slice (slices.ts): the day is
 *   then read from its clean slices plus that slice's raw rows.
 * - Not rolled up (read raw): `count_distinct`, `min`/`max`, sums over
 *   float columns (their sum depends on the order of addition), anything
 *   using `{today}`, and requests whose scope filters the table (e.g.
 *   `customer_id`) or whose `filter` narrows it (`filter=customer:42`,
 *   dimensions.ts): a global daily row cannot answer for one customer, and a
 *   (day, customer) table would be nearly as large as the orders themselves,
 *   while one customer's orders are a cheap index scan.
 */
import { addDays, todayIn } from '../calendar.js';
import type { EngineContext } from '../types.js';
import type { Definition } from '../metrics.js';
import { type DailyRollups, type RollupOptions, rollupSettings, rollupsEnabled } from './options.js';
import { plannedTables } from './plan.js';
import { createRollupRouter, dirtyBelow } from './router.js';
import { createRollupScheduler } from './scheduler.js';
import { createRollupTables } from './tables.js';

export {
  DEFAULT_COALESCE_MS,
  DEFAULT_FULL_CHECK_SECONDS,
  DEFAULT_RAW_DAYS,
  DEFAULT_RECENT_DAYS,
  DEFAULT_ROLLUP_SCHEMA,
  MAX_DIRTY_DAYS,
  MAX_DIRTY_RUNS,
  RETRY_AFTER_MS,
  rollupsEnabled,
  type DailyRollups,
  type RefreshInfo,
  type RollupOptions,
  type RollupStatus,
} from './options.js';

/**
 * The rollups for `definition` over `ctx.source`, or undefined when disabled
 * (see `rollupsEnabled`) or when no metric can be rolled up. Throws a
 * RangeError for a bad option.
 */
export function createRollups(
  ctx: EngineContext,
  definition: Definition,
  options: RollupOptions = {},
): DailyRollups | undefined {
  if (!rollupsEnabled(ctx.source.kind, options)) return undefined;
  const settings = rollupSettings(options);
  const tables = plannedTables(definition);
  if (tables.size === 0) return undefined;
  /** The watermark a refresh now moves to: the first of the days always read raw. */
  const target = () => addDays(todayIn(ctx.now(), ctx.timezone), 1 - settings.rawDays);
  const db = createRollupTables(ctx.source, ctx.timezone, settings, [...tables.values()], target);
  const scheduler = createRollupScheduler(tables, db, settings, target, ctx.timezone);

  return {
    router: createRollupRouter(tables, scheduler),
    start: () => scheduler.enqueue('full'),
    refresh: (opts) => scheduler.enqueue(opts?.full ? 'full' : 'recent'),
    async invalidate(topics, times) {
      scheduler.invalidate(topics, times);
    },
    status: () =>
      [...tables.values()].map((t) => ({
        rollup: t.label ? `${settings.schema}.${t.label}` : '',
        table: t.spec.table,
        partials: t.shape?.columns.size ?? 0,
        watermark: t.watermark,
        dirty: t.dirty,
        dirtyDays: t.watermark === undefined ? [] : dirtyBelow(t, t.watermark),
      })),
    idle: () => scheduler.settle(),
    close: () => scheduler.close(),
  };
}
