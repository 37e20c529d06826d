/**
 * Slices: a rollup over a `timestamptz` column also keeps its partials per
 * 15-minute slice of each local day (`<rollup>_s(dk_day, dk_slice, p0, …)`),
 * written by the same statements as the daily rows, so both always agree.
 *
 * An invalidation naming an exact instant (what the triggers send: the
 * changed row's old and new time) dirties only the slice(s) around it, not
 * the whole day. A read then takes that day from its clean slices (about a
 * hundred rollup rows) plus the raw rows of the dirty slices (an index range
 * of 15 minutes), instead of every raw row of the day (~14k at 10M orders):
 * exact at every moment, since both come from the same committed state, and
 * cheap until the day is recomputed in the background. A slice is
 * identified by (local day, UTC start): a slice that straddles a local
 * midnight (a zone whose offset is not whole quarter hours) is two keys.
 * Dates, spans and `date`/`timestamp` columns keep dirtying whole days.
 */
import { todayIn } from '../calendar.js';
import type { Params } from '../sql.js';

/** Slice length. Every current zone offset is a whole number of quarter hours, so local midnights fall on slice edges. */
export const SLICE_MS = 15 * 60_000;
/**
 * Slack around an announced instant: a time rounded (to the second, to the
 * millisecond) by whoever announced it still falls in a dirtied slice.
 */
export const SLICE_SLACK_MS = 1000;
/** Most dirty slices a read takes raw beside the rollup; beyond it their days are read raw whole. */
export const MAX_READ_SLICES = 64;
/** Most dirty slices remembered per table; beyond it new ones dirty their whole days. */
export const MAX_DIRTY_SLICES = 4000;

/** The slice start (UTC, ISO) of an instant in ms. */
export const sliceStart = (ms: number) => new Date(Math.floor(ms / SLICE_MS) * SLICE_MS).toISOString();

/** A dirty slice: its local day and its UTC start. */
export interface SliceKey {
  day: string;
  start: string;
}

export const sliceKey = (s: SliceKey) => `${s.day} ${s.start}`;
export function parseSliceKey(key: string): SliceKey {
  const [day, start] = key.split(' ') as [string, string];
  return { day, start };
}

/**
 * The slices (keys) an announced instant dirties in `timezone`: its own, and
 * a neighbour within the slack on the same local day (the day is trusted as
 * whole-day dirtying always has).
 */
export function instantSlices(time: string, timezone: string): string[] {
  const at = Date.parse(time);
  const day = todayIn(new Date(at), timezone);
  const keys = new Set<string>();
  for (const ms of [at - SLICE_SLACK_MS, at, at + SLICE_SLACK_MS]) {
    if (todayIn(new Date(ms), timezone) === day) keys.add(sliceKey({ day, start: sliceStart(ms) }));
  }
  return [...keys];
}

/** The SQL slice start of a `timestamptz` value (matches `sliceStart`). */
export const sliceSql = (time: string) =>
  `date_bin(interval '15 minutes', ${time}, timestamptz '1970-01-01 00:00:00+00')`;

/** The slices table of a rollup table (`name` quoted and schema-qualified, `defs` its partial columns). */
export const slicesTableSql = (name: string, defs: readonly string[]) =>
  `CREATE TABLE IF NOT EXISTS ${name} (dk_day date NOT NULL, dk_slice timestamptz NOT NULL, ${defs.join(', ')}, PRIMARY KEY (dk_day, dk_slice))`;

/** Parameters for a list of slices: `unnest(days, starts)`. */
export function slicesValues(slices: readonly SliceKey[], params: Params): string {
  const days = params.add(`{${slices.map((s) => s.day).join(',')}}`);
  const starts = params.add(`{${slices.map((s) => `"${s.start}"`).join(',')}}`);
  return `unnest(${days}::date[], ${starts}::timestamptz[])`;
}

/**
 * The raw rows of `slices`: `time` in the slice and on its local day, as
 * index-friendly ranges (`day` is the row's local day expression).
 */
export function inSlicesSql(time: string, day: string, slices: readonly SliceKey[], params: Params): string {
  return slices
    .map((s) => {
      const start = `${params.add(s.start)}::timestamptz`;
      return `(${time} >= ${start} AND ${time} < ${start} + interval '15 minutes' AND ${day} = ${params.add(s.day)}::date)`;
    })
    .join(' OR ');
}

/**
 * CTEs that aggregate the raw rows matching `where` per local day (`dk_agg`,
 * as a refresh without slices does) and, when the rollup has a slices table,
 * per slice in the same scan (grouping sets), upserting the slices and
 * deleting those of the days in `scope` (SQL over `dk_s.dk_day`) that lost
 * all their rows.
 */
export function aggregateCtes(a: {
  source: string;
  time: string;
  day: string;
  partials: readonly string[];
  names: readonly string[];
  where: string;
  slices: string | undefined;
  scope: string;
}): string {
  const { source, time, day, partials, names, where, slices, scope } = a;
  if (slices === undefined) {
    return `dk_agg AS (
  SELECT ${day} AS dk_day, ${partials.join(', ')} FROM ${source} WHERE ${where} GROUP BY 1)`;
  }
  const slice = sliceSql(time);
  const cols = names.join(', ');
  return `dk_g AS (
  SELECT ${day} AS dk_day, ${slice} AS dk_slice, GROUPING(${slice}) AS dk_lvl, ${partials.join(', ')}
  FROM ${source} WHERE ${where} GROUP BY GROUPING SETS ((${day}, ${slice}), (${day}))
), dk_agg AS (
  SELECT dk_day, ${cols} FROM dk_g WHERE dk_lvl = 1
), dk_sdel AS (
  DELETE FROM ${slices} AS dk_s WHERE ${scope}
  AND NOT EXISTS (SELECT 1 FROM dk_g WHERE dk_g.dk_lvl = 0 AND dk_g.dk_day = dk_s.dk_day AND dk_g.dk_slice = dk_s.dk_slice)
), dk_sup AS (
  INSERT INTO ${slices} AS dk_s (dk_day, dk_slice, ${cols})
  SELECT dk_day, dk_slice, ${cols} FROM dk_g WHERE dk_lvl = 0
  ON CONFLICT (dk_day, dk_slice) DO UPDATE SET ${names.map((c) => `${c} = EXCLUDED.${c}`).join(', ')}
  WHERE (${names.map((c) => `dk_s.${c}::text`).join(', ')}, '') IS DISTINCT FROM (${names.map((c) => `EXCLUDED.${c}::text`).join(', ')}, '')
)`;
}

/**
 * ONE statement that recomputes the given slices (of days not otherwise
 * dirty) from their raw rows alone, and each of their days from its slices
 * (the stored ones of the other slices plus the new ones): a dirty slice
 * costs its ~1/96 of the day's rows instead of all of them. A slice that
 * lost its rows is deleted, a day that lost all its rows emptied. Counts the
 * days whose stored partials changed.
 */
export function slicesRefreshSql(a: {
  daily: string;
  slices: string;
  source: string;
  time: string;
  day: string;
  partials: readonly string[];
  /** Kept partial columns with their SQL types. */
  columns: readonly (readonly [string, string])[];
  keys: readonly SliceKey[];
  params: Params;
}): string {
  const { daily, slices, source, time, day, partials, columns, keys, params } = a;
  const names = columns.map(([c]) => c);
  const cols = names.join(', ');
  const days = [...new Set(keys.map((k) => k.day))].sort();
  const daysRef = `${params.add(`{${days.join(',')}}`)}::date[]`;
  const slice = sliceSql(time);
  const distinct = (alias: string) =>
    `(${names.map((c) => `${alias}.${c}::text`).join(', ')}, '') IS DISTINCT FROM (${names.map((c) => `EXCLUDED.${c}::text`).join(', ')}, '')`;
  return `WITH dk_k AS (
  SELECT * FROM ${slicesValues(keys, params)} AS dk_k(dk_day, dk_slice)
), dk_n AS (
  SELECT ${day} AS dk_day, ${slice} AS dk_slice, ${partials.join(', ')}
  FROM ${source} WHERE ${inSlicesSql(time, day, keys, params)} GROUP BY 1, 2
), dk_sdel AS (
  DELETE FROM ${slices} AS dk_s USING dk_k WHERE dk_s.dk_day = dk_k.dk_day AND dk_s.dk_slice = dk_k.dk_slice
  AND NOT EXISTS (SELECT 1 FROM dk_n WHERE dk_n.dk_day = dk_s.dk_day AND dk_n.dk_slice = dk_s.dk_slice)
), dk_sup AS (
  INSERT INTO ${slices} AS dk_s (dk_day, dk_slice, ${cols}) SELECT dk_day, dk_slice, ${cols} FROM dk_n
  ON CONFLICT (dk_day, dk_slice) DO UPDATE SET ${names.map((c) => `${c} = EXCLUDED.${c}`).join(', ')} WHERE ${distinct('dk_s')}
), dk_agg AS (
  SELECT dk_x.dk_day, ${columns.map(([c, type]) => `sum(dk_x.${c})::${type} AS ${c}`).join(', ')}
  FROM (
    SELECT dk_s.dk_day, ${names.map((c) => `dk_s.${c}`).join(', ')} FROM ${slices} AS dk_s
    WHERE dk_s.dk_day = ANY(${daysRef}) AND (dk_s.dk_day, dk_s.dk_slice) NOT IN (SELECT dk_day, dk_slice FROM dk_k)
    UNION ALL
    SELECT dk_day, ${cols} FROM dk_n
  ) AS dk_x GROUP BY 1
), dk_up AS (
  INSERT INTO ${daily} AS dk_r (dk_day, ${cols})
  SELECT dk_d.d, ${names.map((c) => `dk_agg.${c}`).join(', ')}
  FROM unnest(${daysRef}) AS dk_d(d)
  LEFT JOIN dk_agg ON dk_agg.dk_day = dk_d.d
  ON CONFLICT (dk_day) DO UPDATE SET ${names.map((c) => `${c} = EXCLUDED.${c}`).join(', ')} WHERE ${distinct('dk_r')}
  RETURNING 1
)
SELECT (SELECT count(*) FROM dk_up)::int AS changed`;
}
