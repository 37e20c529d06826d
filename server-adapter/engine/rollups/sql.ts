/**
 * The SQL of daily rollups (index.ts has the lifecycle): which aggregates
 * have daily partials, the statement that recomputes a range of days, and the
 * CTE that answers a group of metrics from rollup rows plus raw rows.
 */
import {
  aggregateSql,
  type Base,
  bucketOf,
  bucketSql,
  inWindowSql,
  type Part,
  type RollupQuery,
  SqlContext,
} from '../compile.js';
import type { AggregateSpec, TimedAggregateSpec } from '../metrics.js';
import { addDays } from '../calendar.js';
import { dayStartSql, Params, qualified, quoteIdent } from '../sql.js';
import { aggregateCtes, inSlicesSql, type SliceKey, slicesRefreshSql, slicesValues } from './slices.js';

/** Sums of these column types are exact whatever the order of addition; float sums are not. */
export const EXACT_TYPES: ReadonlySet<string> = new Set(['numeric', 'bigint', 'integer', 'smallint']);

export type TimeSpec = Required<Pick<TimedAggregateSpec, 'table' | 'time' | 'timeType'>>;

/** One rollup table as the SQL needs it. */
export interface RollupShape {
  /** Quoted, schema-qualified rollup table. */
  name: string;
  spec: TimeSpec;
  /** Kept partials: key → column (`p0`, `p1`, …). */
  columns: ReadonlyMap<string, string>;
  /** Every candidate partial by key. */
  partials: ReadonlyMap<string, AggregateSpec>;
  /** Quoted, schema-qualified slices table (slices.ts), for a `timestamptz` time column. */
  slices?: string;
  /** SQL type of each kept partial column. */
  types?: ReadonlyMap<string, string>;
}

/** Rollup tables are per source table and time column. */
export const groupKey = (spec: Part) => JSON.stringify([spec.table, spec.time, spec.timeType ?? 'timestamptz']);
export const partialKey = (spec: AggregateSpec) =>
  JSON.stringify([spec.aggregate, spec.column ?? null, spec.expression ?? null, spec.where ?? null]);

/**
 * The daily partials an aggregate is computed from: sum → [sum], count →
 * [count], avg → [sum, count]; undefined when it cannot be rolled up
 * (count_distinct, min, max, or trusted SQL using `{today}`).
 */
export function partialsOf(spec: Part): AggregateSpec[] | undefined {
  if (spec.where?.includes('{today}') || spec.expression?.includes('{today}')) return undefined;
  const partial = (aggregate: 'sum' | 'count'): AggregateSpec => ({
    table: spec.table,
    aggregate,
    ...(spec.column !== undefined ? { column: spec.column } : {}),
    ...(spec.expression !== undefined ? { expression: spec.expression } : {}),
    ...(spec.where !== undefined ? { where: spec.where } : {}),
  });
  if (spec.aggregate === 'sum') return [partial('sum')];
  if (spec.aggregate === 'count') return [partial('count')];
  if (spec.aggregate === 'avg') return [partial('sum'), partial('count')];
  return undefined;
}

/** A zone reference, bound on first use only (pg rejects parameters a statement does not use). */
type Zone = string | (() => string);
const zoneRef = (zone: Zone) => (typeof zone === 'string' ? zone : zone());

/**
 * The local day of a row: its local date in the dashboard zone, which is D
 * exactly when its time is in [start(D), start(D + 1)) (`dayStartSql`), the
 * windows compile.ts reads raw rows with.
 */
export function daySql(time: string, timeType: string, zone: Zone): string {
  if (timeType === 'date') return `${time}::date`;
  return `(${time} AT TIME ZONE ${zoneRef(zone)})::date`;
}

/** `time >= start(day)` or `time < start(day)` for a date reference. */
export function vsDaySql(time: string, op: '>=' | '<', timeType: string, dayRef: string, zone: Zone): string {
  if (timeType === 'date') return `${time} ${op} ${dayRef}`;
  return `${time} ${op} ${dayStartSql(dayRef, zoneRef(zone))}`;
}

/** The meta table: one row per rollup table, with its watermark and when it was last fully checked. */
export function metaTableSql(meta: string): string {
  return `CREATE TABLE IF NOT EXISTS ${meta} (
  name text PRIMARY KEY,
  source_table text NOT NULL,
  time_column text NOT NULL,
  timezone text NOT NULL,
  partials jsonb NOT NULL,
  watermark date,
  built_at timestamptz,
  refreshed_at timestamptz,
  checked_at timestamptz
)`;
}

const timeColumn = (spec: TimeSpec) => `${qualified(spec.table)}.${quoteIdent(spec.time)}`;

/** The first day a full recomputation must cover: the earliest rollup row or raw row (a day early, for safety). */
export function firstDaySql(shape: RollupShape, timezone: string): { text: string; values: Params['values'] } {
  const p = new Params();
  const first = daySql(`min(${timeColumn(shape.spec)})`, shape.spec.timeType, () => `${p.add(timezone)}::text`);
  return {
    text: `SELECT least((SELECT min(dk_day) FROM ${shape.name}), (SELECT ${first} - 1 FROM ${qualified(shape.spec.table)}))::text AS lo`,
    values: p.values,
  };
}

/**
 * What every statement recomputing a rollup starts from: its parameters,
 * the zone (bound on first use), the time column, a row's local day, and
 * the partials as SELECT items and as column names.
 */
function recomputing(shape: RollupShape, timezone: string) {
  const params = new Params();
  let tzPlaceholder: string | undefined;
  const tz = () => (tzPlaceholder ??= `${params.add(timezone)}::text`);
  const time = timeColumn(shape.spec);
  const sql = new SqlContext(params, '');
  const cols = [...shape.columns];
  const day = () => daySql(time, shape.spec.timeType, tz);
  const partials = cols.map(([key, col]) => `${aggregateSql(shape.partials.get(key)!, sql)} AS ${col}`);
  const names = cols.map(([, col]) => col);
  return {
    params,
    tz,
    time,
    day,
    partials,
    names,
    /**
     * `WITH …, dk_up AS (…)`: the partials of the rows `where` selects (and, with slices, of their slices, the
     * clean slices `scope` keeps), upserted into the daily rollup for every day `days` yields as `dk_day`, a day
     * without rows emptied; `dk_up` has a row per day whose stored partials changed.
     */
    upsertDays(where: string, scope: string, days: string): string {
      const agg = aggregateCtes({
        source: qualified(shape.spec.table),
        time,
        day: day(),
        partials,
        names,
        where,
        slices: shape.slices,
        scope,
      });
      return `WITH ${agg}, dk_up AS (
  INSERT INTO ${shape.name} AS dk_r (dk_day, ${names.join(', ')})
  SELECT dk_d.dk_day, ${names.map((c) => `dk_agg.${c}`).join(', ')}
  FROM ${days}
  LEFT JOIN dk_agg ON dk_agg.dk_day = dk_d.dk_day
  ON CONFLICT (dk_day) DO UPDATE SET ${names.map((c) => `${c} = EXCLUDED.${c}`).join(', ')}
  WHERE (${names.map((c) => `dk_r.${c}::text`).join(', ')}, '') IS DISTINCT FROM (${names.map((c) => `EXCLUDED.${c}::text`).join(', ')}, '')
  RETURNING 1
)`;
    },
  };
}

/**
 * ONE statement that recomputes days [lo, hi) from the raw table (a row for
 * every day, so a day that lost all its rows is emptied too), counts the days
 * whose stored partials changed, and moves the watermark to `hi`: readers see
 * all of it or none of it.
 */
export function refreshSql(
  shape: RollupShape,
  r: { meta: string; label: string; lo: string; hi: string; full: boolean; timezone: string },
): { text: string; values: Params['values'] } {
  const { params, tz, time, upsertDays } = recomputing(shape, r.timezone);
  const { timeType } = shape.spec;
  const loRef = `${params.add(r.lo)}::date`;
  const hiRef = `${params.add(r.hi)}::date`;
  const inRange = `${vsDaySql(time, '>=', timeType, loRef, tz)} AND ${vsDaySql(time, '<', timeType, hiRef, tz)}`;
  const text = `${upsertDays(
    inRange,
    `dk_s.dk_day >= ${loRef} AND dk_s.dk_day < ${hiRef}`,
    `(SELECT gs::date AS dk_day FROM generate_series(${loRef}::timestamp, (${hiRef} - 1)::timestamp, interval '1 day') AS gs) AS dk_d`,
  )}
UPDATE ${r.meta} SET watermark = ${hiRef}, refreshed_at = now(), built_at = coalesce(built_at, now())${r.full ? ', checked_at = now()' : ''}
WHERE name = ${params.add(r.label)}
RETURNING (SELECT count(*) FROM dk_up)::int AS changed`;
  return { text, values: params.values };
}

/** Sorted distinct days as runs of consecutive days, `[first, day after the last)`. */
export function dayRuns(days: readonly string[]): [string, string][] {
  const runs: [string, string][] = [];
  for (const day of days) {
    const last = runs.at(-1);
    if (last && last[1] === day) last[1] = addDays(day, 1);
    else runs.push([day, addDays(day, 1)]);
  }
  return runs;
}

/** `time` falls on one of `runs` (local days, `[lo, hi)`), as index-friendly ranges. */
function inRunsSql(
  time: string,
  timeType: string,
  runs: readonly [string, string][],
  params: Params,
  zone: Zone,
): string {
  return runs
    .map(
      ([lo, hi]) =>
        `(${vsDaySql(time, '>=', timeType, `${params.add(lo)}::date`, zone)} AND ${vsDaySql(time, '<', timeType, `${params.add(hi)}::date`, zone)})`,
    )
    .join(' OR ');
}

/**
 * ONE statement that recomputes the given days (sorted, distinct) from the
 * raw table, a row for every one of them (a day that lost all its rows is
 * emptied too), and counts those whose stored partials changed. The
 * watermark stays where it is.
 */
export function daysRefreshSql(
  shape: RollupShape,
  r: { days: readonly string[]; timezone: string },
): { text: string; values: Params['values'] } {
  const { params, tz, time, upsertDays } = recomputing(shape, r.timezone);
  const where = inRunsSql(time, shape.spec.timeType, dayRuns(r.days), params, tz);
  const daysRef = `${params.add(`{${r.days.join(',')}}`)}::date[]`;
  const text = `${upsertDays(where, `dk_s.dk_day = ANY(${daysRef})`, `unnest(${daysRef}) AS dk_d(dk_day)`)}
SELECT (SELECT count(*) FROM dk_up)::int AS changed`;
  return { text, values: params.values };
}

/**
 * What a read takes raw beside the rollup (before the watermark): whole
 * `days` (sorted), and `slices` of other days (their days then come from
 * their clean slices).
 */
export interface DirtyRead {
  days: readonly string[];
  slices: readonly SliceKey[];
}

/**
 * A CTE shaped like compile.ts's raw group CTE (`dk_w`, `dk_b`, one column
 * per served base) that reads days before the watermark from the rollup and
 * rows from start(watermark) on from the raw table (and the rows of the `dirty`
 * days and slices before the watermark an invalidation with times named
 * and no refresh has recomputed yet, the other slices of those days from
 * the slices table), then combines the
 * partials per bucket and per window: a sum is the sum of daily sums, a
 * count the sum of daily counts, an average their quotient (exactly what
 * PostgreSQL's avg computes). Undefined when no base has all its partials.
 */
export function servingCte(
  shape: RollupShape,
  watermark: string,
  dirty: DirtyRead,
  cteName: string,
  spec: TimedAggregateSpec,
  bases: readonly Base[],
  q: RollupQuery,
): { cte: string; served: ReadonlySet<string> } | undefined {
  const plans = bases.flatMap((base) => {
    const parts = partialsOf(base.spec)?.map((p) => shape.columns.get(partialKey(p)));
    return parts && parts.every((c) => c !== undefined) ? [{ base, parts: parts as string[] }] : [];
  });
  if (plans.length === 0) return undefined;
  const used = [...new Set(plans.flatMap((p) => p.parts))];
  const combine = plans.map(({ base, parts: [first, second] }) => {
    let expr = `sum(dk_p.${first})`;
    if (base.spec.aggregate === 'count') expr = `sum(dk_p.${first})::bigint`;
    else if (base.spec.aggregate === 'avg') {
      expr = `CASE WHEN sum(dk_p.${second}) > 0 THEN sum(dk_p.${first})::numeric / sum(dk_p.${second})::numeric END`;
    }
    return `${expr} AS ${base.alias}`;
  });
  const keyOf = new Map([...shape.columns].map(([key, col]) => [col, key]));
  const rawParts = used.map((col) => `${aggregateSql(shape.partials.get(keyOf.get(col)!)!, q.sql)} AS ${col}`);
  const wRef = `${q.params.add(watermark)}::date`;
  const time = timeColumn(shape.spec);
  let rollupWhere = `dk_r.dk_day < ${wRef}`;
  let dirtyRows = '';
  // Without a slices table (or for a day dirty as a whole), a dirty slice's day is read raw whole.
  const whole = new Set(dirty.days);
  if (!shape.slices) for (const s of dirty.slices) whole.add(s.day);
  const days = [...whole].sort();
  const slices = shape.slices ? dirty.slices.filter((s) => !whole.has(s.day)) : [];
  const slicedDays = [...new Set(slices.map((s) => s.day))].sort();
  if (days.length > 0 || slicedDays.length > 0) {
    const skipped = [...days, ...slicedDays];
    rollupWhere += ` AND dk_r.dk_day <> ALL(${q.params.add(`{${skipped.join(',')}}`)}::date[])`;
    // The dirty days' rows, found through the time index by their day ranges alone: matched to the
    // windows through an expression the index cannot serve (on purpose), so the planner never ANDs
    // in an index scan of the whole window, which would cost as much as reading the year raw.
    const t = shape.spec.timeType === 'date' ? `(${time} + 0)` : `(${time} + interval '0 seconds')`;
    const inWindow =
      shape.spec.timeType === 'date'
        ? `${t} >= dk_win.dk_lo AND ${t} <= dk_win.dk_hi`
        : `${t} >= dk_win.dk_start AND ${t} < dk_win.dk_end`;
    const rawWhere = [
      ...(days.length > 0 ? [inRunsSql(time, shape.spec.timeType, dayRuns(days), q.params, q.tzRef)] : []),
      ...(slices.length > 0 ? [inSlicesSql(time, daySql(time, shape.spec.timeType, q.tzRef), slices, q.params)] : []),
    ];
    dirtyRows = `
    UNION ALL
    SELECT dk_win.dk_w, ${bucketSql(spec, q.granularity, q.tzRef, q.calendarBuckets)} AS dk_b, ${rawParts.join(', ')}
    FROM ${qualified(spec.table)}
    JOIN dk_win ON ${inWindow}
    WHERE ${rawWhere.join(' OR ')}
    GROUP BY 1, 2`;
    if (slices.length > 0 && shape.slices !== undefined) {
      // The other days' clean slices: together with the raw rows of their dirty slices, the whole day.
      dirtyRows += `
    UNION ALL
    SELECT dk_win.dk_w, ${bucketOf('dk_s.dk_day::timestamp', q.granularity, q.calendarBuckets)} AS dk_b, ${used.map((c) => `dk_s.${c}`).join(', ')}
    FROM ${shape.slices} AS dk_s
    JOIN dk_win ON dk_s.dk_day >= dk_win.dk_lo AND dk_s.dk_day <= dk_win.dk_hi
    WHERE dk_s.dk_day = ANY(${q.params.add(`{${slicedDays.join(',')}}`)}::date[])
    AND (dk_s.dk_day, dk_s.dk_slice) NOT IN (SELECT * FROM ${slicesValues(slices, q.params)})`;
    }
  }
  const cte = `${cteName} AS (
  SELECT dk_p.dk_w, coalesce(dk_p.dk_b, 'infinity'::date) AS dk_b, ${combine.join(', ')}
  FROM (
    SELECT dk_win.dk_w, ${bucketOf('dk_r.dk_day::timestamp', q.granularity, q.calendarBuckets)} AS dk_b, ${used.map((c) => `dk_r.${c}`).join(', ')}
    FROM ${shape.name} AS dk_r
    JOIN dk_win ON dk_r.dk_day >= dk_win.dk_lo AND dk_r.dk_day <= dk_win.dk_hi
    WHERE ${rollupWhere}
    UNION ALL
    SELECT dk_win.dk_w, ${bucketSql(spec, q.granularity, q.tzRef, q.calendarBuckets)} AS dk_b, ${rawParts.join(', ')}
    FROM ${qualified(spec.table)}
    JOIN dk_win ON ${inWindowSql(spec, 'dk_win')}
    WHERE ${vsDaySql(time, '>=', shape.spec.timeType, wRef, q.tzRef)}
    GROUP BY 1, 2${dirtyRows}
  ) AS dk_p
  GROUP BY GROUPING SETS ((dk_p.dk_w, dk_p.dk_b), (dk_p.dk_w)))`;
  return { cte, served: new Set(plans.map((p) => p.base.alias)) };
}

/** ONE statement that recomputes dirty slices of days and those days from their slices (slices.ts). */
export function slicesRecomputeSql(
  shape: RollupShape,
  r: { keys: readonly SliceKey[]; timezone: string },
): { text: string; values: Params['values'] } {
  const { params, time, day, partials, names } = recomputing(shape, r.timezone);
  const text = slicesRefreshSql({
    daily: shape.name,
    slices: shape.slices!,
    source: qualified(shape.spec.table),
    time,
    day: day(),
    partials,
    columns: names.map((col) => [col, shape.types!.get(col)!] as const),
    keys: r.keys,
    params,
  });
  return { text, values: params.values };
}
