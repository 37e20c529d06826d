/**
 * Compiles declared SQL metrics (`sql`, `snapshot`, `ratio`) into ONE
 * parameterised statement per request:
 *
 * - `dk_win` holds the windows (the period, and the comparison window when
 *   there is one) as local dates and as the instants they start and end at
 *   in the dashboard zone: a date D starts at its first instant (`dayStartSql`);
 * - every table read by timed metrics is scanned once, joined to the
 *   windows, each metric an aggregate `FILTER (WHERE …)`, grouped by window
 *   and local bucket and (through GROUPING SETS) by window alone, which gives
 *   the exact period total for non-additive aggregates too;
 * - point-in-time metrics read their tables once each, without time;
 * - `generate_series` lists every bucket start and the grouped rows are LEFT
 *   JOINed onto it, so an empty bucket is 0 for sums and counts and null for
 *   averages and ratios.
 *
 * Values leave SQL as text: money stays an exact decimal string.
 */
import type { Granularity, MetricValue, Point } from '../../src/contract/index.js';
import type { Scope } from '../auth/scope.js';
import type { Source } from '../sources/source.js';
import {
  type AggregateSpec,
  type Definition,
  findMetric,
  type MetricDef,
  type MetricFormat,
  type RatioMetric,
  type TimedAggregateSpec,
  ZERO_WHEN_EMPTY,
} from './metrics.js';
import { type DimensionFilter, filterConds } from './dimensions.js';
import { dayStartSql, Params, qualified, quoteIdent } from './sql.js';
import { calendarBucketStarts, type CalendarRules, ISO_RULES, truncBuckets } from './calendars.js';

/** Inclusive local dates. */
export interface DateWindow {
  from: string;
  to: string;
}

export interface CompileRequest {
  definition: Definition;
  /** `sql`, `snapshot` and `ratio` metrics (function metrics are not SQL). */
  metrics: readonly MetricDef[];
  /** Index 0 is the period, 1 the comparison window when there is one. */
  windows: readonly DateWindow[];
  /** Indexes of the windows that get gap-filled points. */
  bucketed: readonly number[];
  granularity: Granularity;
  timezone: string;
  /** Today in the dashboard zone, for `{today}` in trusted SQL. */
  today: string;
  scope: Scope;
  /** The request's filters (dimensions.ts), already checked to narrow every metric; they narrow like the scope. */
  filters?: readonly DimensionFilter[];
  /** Serves what it can of timed groups from daily rollups (rollups.ts); absent: everything is read raw. */
  rollups?: RollupRouter;
  /** Calendar, week start: where week and month buckets begin (calendars.ts); absent: ISO weeks, Gregorian months. */
  rules?: CalendarRules;
}

export interface MetricResult {
  /** Value per window (point-in-time metrics: the value now, in every window). */
  totals: MetricValue[];
  /** Gap-filled points per bucketed window; empty for other windows. */
  points: Point[][];
}

const STEP: Record<Granularity, string> = {
  day: "interval '1 day'",
  week: "interval '1 week'",
  month: "interval '1 month'",
};

/** Writes trusted host SQL into a statement, binding `{today}` as a parameter. */
export class SqlContext {
  private todayRef: string | undefined;
  constructor(
    readonly params: Params,
    private readonly today: string,
  ) {}

  expand(trusted: string): string {
    if (!trusted.includes('{today}')) return trusted;
    this.todayRef ??= `${this.params.add(this.today)}::date`;
    return trusted.replaceAll('{today}', this.todayRef);
  }
}

/** `sum("orders"."amount") FILTER (WHERE state IN ('sale', 'done'))` */
export function aggregateSql(spec: AggregateSpec, sql: SqlContext, filter = true): string {
  const table = qualified(spec.table);
  const target = spec.column
    ? `${table}.${quoteIdent(spec.column)}`
    : spec.expression
      ? `(${sql.expand(spec.expression)})`
      : undefined;
  let call: string;
  if (spec.aggregate === 'count') call = `count(${target ?? '*'})`;
  else if (spec.aggregate === 'count_distinct') call = `count(DISTINCT ${target ?? '*'})`;
  else call = `${spec.aggregate}(${target ?? 'NULL'})`;
  return filter && spec.where ? `${call} FILTER (WHERE ${sql.expand(spec.where)})` : call;
}

/** Scope filters the spec's table honours, as `[filter name, column]`, in a stable order. */
export function scopeColumns(spec: AggregateSpec, scope: Scope): [string, string][] {
  const columns = spec.filterColumns ?? {};
  return Object.keys(scope.filters)
    .filter((name) => Object.hasOwn(columns, name))
    .sort()
    .map((name) => [name, columns[name] as string]);
}

/** `"orders"."customer_id" = $3 AND …`, or `TRUE`. */
export function scopeSql(spec: AggregateSpec, scope: Scope, params: Params): string {
  const table = qualified(spec.table);
  const conds = scopeColumns(spec, scope).map(
    ([name, column]) => `${table}.${quoteIdent(column)} = ${params.add(scope.filters[name] ?? null)}`,
  );
  return conds.length ? conds.join(' AND ') : 'TRUE';
}

/** The row is inside window `win` (a relation with dk_lo, dk_hi, dk_start, dk_end). */
export function inWindowSql(spec: TimedAggregateSpec, win: string): string {
  const time = `${qualified(spec.table)}.${quoteIdent(spec.time)}`;
  if (spec.timeType === 'date') return `${time} >= ${win}.dk_lo AND ${time} <= ${win}.dk_hi`;
  return `${time} >= ${win}.dk_start AND ${time} < ${win}.dk_end`;
}

/**
 * The start date of the bucket holding a local timestamp. `date_trunc` cuts
 * ISO weeks and Gregorian months; any other calendar or week start
 * (`calendarBuckets`) looks the bucket up among the starts the engine wrote
 * into `dk_cal` for the row's window: the last one on or before its day.
 */
export function bucketOf(local: string, granularity: Granularity, calendarBuckets = false): string {
  if (calendarBuckets) {
    return `(SELECT max(dk_cal.dk_b) FROM dk_cal WHERE dk_cal.dk_w = dk_win.dk_w AND dk_cal.dk_b <= (${local})::date)`;
  }
  return `date_trunc('${granularity}', ${local})::date`;
}

/** The local start date of the row's bucket. */
export function bucketSql(
  spec: TimedAggregateSpec,
  granularity: Granularity,
  tzRef: string,
  calendarBuckets = false,
): string {
  const time = `${qualified(spec.table)}.${quoteIdent(spec.time)}`;
  const local = spec.timeType === 'date' ? `${time}::timestamp` : `(${time} AT TIME ZONE ${tzRef})`;
  return bucketOf(local, granularity, calendarBuckets);
}

/** `dk_win(dk_w, dk_lo, dk_hi, dk_start, dk_end)` for the given windows. */
export function windowsCte(windows: readonly DateWindow[], params: Params, tzRef: string): string {
  const rows = windows.map((w, i) => `(${i}, ${params.add(w.from)}::date, ${params.add(w.to)}::date)`).join(', ');
  return `dk_win AS (
  SELECT v.dk_w, v.dk_lo, v.dk_hi, ${dayStartSql('v.dk_lo', tzRef)} AS dk_start, ${dayStartSql('(v.dk_hi + 1)', tzRef)} AS dk_end
  FROM (VALUES ${rows}) AS v(dk_w, dk_lo, dk_hi))`;
}

export type Part = AggregateSpec & Partial<Pick<TimedAggregateSpec, 'time' | 'timeType'>>;

/** One aggregate of a group: `sql AS alias` in the group's CTE. */
export interface Base {
  alias: string;
  spec: Part;
  sql: string;
}

interface Group {
  name: string;
  timed: boolean;
  spec: Part;
  bases: Base[];
}

/** What a rollup router needs to write a CTE into the statement being compiled. */
export interface RollupQuery {
  scope: Scope;
  /** The request's filters: a table they narrow is read raw, like a scoped one. */
  filters?: readonly DimensionFilter[] | undefined;
  params: Params;
  sql: SqlContext;
  tzRef: string;
  granularity: Granularity;
  /** Buckets are looked up in `dk_cal` (`bucketOf`), not cut by `date_trunc`. */
  calendarBuckets?: boolean;
}

/**
 * Serves timed groups from pre-aggregated daily rows. `serve` returns a CTE
 * named `name` with the same shape as a raw group CTE (`dk_w`, `dk_b`, one
 * column per served base alias), or nothing when no base can be served.
 */
export interface RollupRouter {
  serve(
    name: string,
    spec: TimedAggregateSpec,
    bases: readonly Base[],
    q: RollupQuery,
  ): { cte: string; served: ReadonlySet<string> } | undefined;
  /** After a failed statement that used rollups: true when it should be re-run raw (e.g. a rollup table vanished). */
  recover(error: unknown): boolean;
}

class Plan {
  readonly groups = new Map<string, Group>();
  private readonly bases = new Map<string, { alias: string; zero: boolean }>();

  constructor(
    private readonly req: CompileRequest,
    private readonly sql: SqlContext,
  ) {}

  /** SQL for a metric's value in terms of the group columns. */
  metricExpr(metric: MetricDef): string {
    if (metric.kind === 'sql' || metric.kind === 'snapshot') return this.base(metric);
    if (metric.kind === 'ratio') return this.ratio(metric);
    throw new Error(`metric "${metric.id}" is not a SQL metric`);
  }

  private ratio(metric: RatioMetric): string {
    const num = this.part(metric.numerator);
    const den = this.part(metric.denominator);
    const quotient = `(${num})::numeric / (${den})::numeric`;
    const value = metric.scale === undefined ? quotient : `round(${quotient}, ${Math.trunc(metric.scale)})`;
    return `CASE WHEN (${den}) IS NULL OR (${den}) = 0 THEN NULL ELSE ${value} END`;
  }

  private part(part: RatioMetric['numerator']): string {
    if (typeof part !== 'string') return this.base(part);
    const metric = findMetric(this.req.definition, part);
    if (!metric || (metric.kind !== 'sql' && metric.kind !== 'snapshot'))
      throw new Error(`ratio part "${part}" is not a sql or snapshot metric`);
    return this.base(metric);
  }

  private base(spec: Part): string {
    const timed = spec.time !== undefined;
    const clean: Part = {
      table: spec.table,
      aggregate: spec.aggregate,
      column: spec.column,
      expression: spec.expression,
      where: spec.where,
      filterColumns: spec.filterColumns,
      time: spec.time,
      timeType: spec.timeType,
    };
    const key = JSON.stringify(clean);
    let base = this.bases.get(key);
    if (!base) {
      const groupKey = JSON.stringify([
        timed,
        spec.table,
        spec.time,
        spec.timeType,
        scopeColumns(spec, this.req.scope),
      ]);
      let group = this.groups.get(groupKey);
      if (!group) {
        group = { name: `${timed ? 'g' : 's'}${this.groups.size}`, timed, spec: clean, bases: [] };
        this.groups.set(groupKey, group);
      }
      base = { alias: `a${this.bases.size}`, zero: ZERO_WHEN_EMPTY.has(spec.aggregate) };
      group.bases.push({ alias: base.alias, spec: clean, sql: aggregateSql(spec, this.sql) });
      this.bases.set(key, base);
    }
    return base.zero ? `coalesce(${base.alias}, 0)` : base.alias;
  }
}

/** A value as SQL text → contract value: money stays an exact string, everything else is a number. */
export function convert(text: string | null, format: MetricFormat): MetricValue {
  if (text === null) return null;
  return format === 'currency' ? text : Number(text);
}

/** Runs the requested SQL metrics in one statement; results by metric id. */
export async function runSqlMetrics(source: Source, req: CompileRequest): Promise<Map<string, MetricResult>> {
  const results = new Map<string, MetricResult>();
  if (req.metrics.length === 0) return results;
  const params = new Params();
  const tzRef = `${params.add(req.timezone)}::text`;
  const ctx = new SqlContext(params, req.today);
  const plan = new Plan(req, ctx);
  const exprs = req.metrics.map((m, i) => `(${plan.metricExpr(m)})::text AS m${i}`);

  const ctes = [windowsCte(req.windows, params, tzRef)];
  const bucketed = req.bucketed.length ? req.bucketed.join(', ') : '-1';
  const rules = req.rules ?? ISO_RULES;
  const calendarBuckets = !truncBuckets(req.granularity, rules);
  if (calendarBuckets) {
    // Every window's bucket starts, computed here (a Solar Hijri month is no `date_trunc` unit); rows find theirs in it.
    const starts = req.windows.flatMap((w, i) =>
      calendarBucketStarts(w.from, w.to, req.granularity, rules).map((b) => `(${i}, ${params.add(b)}::date)`),
    );
    ctes.push(`dk_cal AS (SELECT v.dk_w, v.dk_b FROM (VALUES ${starts.join(', ')}) AS v(dk_w, dk_b))`);
    ctes.push(`dk_buckets AS (SELECT dk_w, dk_b FROM dk_cal WHERE dk_w IN (${bucketed}))`);
  } else {
    ctes.push(`dk_buckets AS (
  SELECT dk_win.dk_w, gs::date AS dk_b
  FROM dk_win, generate_series(date_trunc('${req.granularity}', dk_win.dk_lo::timestamp), dk_win.dk_hi::timestamp, ${STEP[req.granularity]}) AS gs
  WHERE dk_win.dk_w IN (${bucketed}))`);
  }
  const joins: string[] = [];
  let rolled = false;
  for (const group of plan.groups.values()) {
    const table = qualified(group.spec.table);
    let bases = group.bases;
    if (group.timed && req.rollups) {
      const q = {
        scope: req.scope,
        filters: req.filters,
        params,
        sql: ctx,
        tzRef,
        granularity: req.granularity,
        calendarBuckets,
      };
      const routed = req.rollups.serve(`${group.name}r`, group.spec as TimedAggregateSpec, bases, q);
      if (routed) {
        rolled = true;
        ctes.push(routed.cte);
        joins.push(`LEFT JOIN ${group.name}r ON ${group.name}r.dk_w = r.dk_w AND ${group.name}r.dk_b = r.dk_b`);
        bases = bases.filter((b) => !routed.served.has(b.alias));
        if (bases.length === 0) continue;
      }
    }
    const columns = bases.map((b) => `${b.sql} AS ${b.alias}`).join(', ');
    const where = [
      scopeSql(group.spec, req.scope, params),
      ...filterConds(group.spec.table, qualified(group.spec.table), req.filters ?? [], params),
    ].join(' AND ');
    if (group.timed) {
      const spec = group.spec as TimedAggregateSpec;
      ctes.push(`${group.name} AS (
  SELECT dk_win.dk_w, coalesce(dk_bk.dk_b, 'infinity'::date) AS dk_b, ${columns}
  FROM ${table}
  JOIN dk_win ON ${inWindowSql(spec, 'dk_win')}
  CROSS JOIN LATERAL (SELECT ${bucketSql(spec, req.granularity, tzRef, calendarBuckets)} AS dk_b) AS dk_bk
  WHERE ${where}
  GROUP BY GROUPING SETS ((dk_win.dk_w, dk_bk.dk_b), (dk_win.dk_w)))`);
      joins.push(`LEFT JOIN ${group.name} ON ${group.name}.dk_w = r.dk_w AND ${group.name}.dk_b = r.dk_b`);
    } else {
      ctes.push(`${group.name} AS (SELECT ${columns} FROM ${table} WHERE ${where})`);
      joins.push(`CROSS JOIN ${group.name}`);
    }
  }
  const text = `WITH ${ctes.join(',\n')}
SELECT r.dk_w AS w, nullif(r.dk_b, 'infinity'::date)::text AS t, ${exprs.join(', ')}
FROM (SELECT dk_w, dk_b FROM dk_buckets UNION ALL SELECT dk_w, 'infinity'::date FROM dk_win) AS r
${joins.join('\n')}
ORDER BY r.dk_w, r.dk_b`;

  let rows: Record<string, string | number | null>[];
  try {
    rows = await source.query<Record<string, string | number | null>>(text, params.values);
  } catch (error) {
    if (!rolled || !req.rollups?.recover(error)) throw error;
    return runSqlMetrics(source, { ...req, rollups: undefined });
  }
  for (const m of req.metrics) {
    results.set(m.id, { totals: req.windows.map(() => null), points: req.windows.map(() => []) });
  }
  for (const row of rows) {
    const w = Number(row.w);
    req.metrics.forEach((m, i) => {
      const result = results.get(m.id) as MetricResult;
      const value = convert((row[`m${i}`] ?? null) as string | null, m.format);
      if (row.t === null) result.totals[w] = value;
      else result.points[w]?.push({ t: String(row.t), v: value });
    });
  }
  return results;
}
