/**
 * `v1/breakdown`: an additive metric over the period split by a dimension
 * (customers), top `limit` rows by value (ties by key) plus an `other` row
 * for everyone else, each with its share of the exact total. One statement.
 */
import { words } from './labels.js';
import type { BreakdownParams, BreakdownResponse, FilterParam, Period, PeriodQuery } from '../../src/contract/index.js';
import type { Scope } from '../auth/scope.js';
import { todayIn } from './calendar.js';
import { aggregateSql, convert, inWindowSql, scopeSql, SqlContext, windowsCte } from './compile.js';
import { type DimensionFilter, echoFilters, filterConds, metricFilters, metricsFilterTopics } from './dimensions.js';
import { InvalidQueryError } from './errors.js';
import { checkRoles } from './evaluate.js';
import {
  ADDITIVE,
  type BreakdownDef,
  type Definition,
  type MetricDef,
  resolveBreakdown,
  resolveMetrics,
  sortedTopics,
  type SqlMetric,
} from './metrics.js';
import { resolvePeriod } from './period.js';
import { Params, qualified, quoteIdent } from './sql.js';
import type { Body, EngineContext, ReportModule } from './types.js';

/** Rows when `limit` is absent: a readable pie or bar chart. */
export const DEFAULT_BREAKDOWN_LIMIT = 10;

/** The metric as a breakable one, or a 400 naming the parameter at fault. */
export function breakableMetric(
  metric: MetricDef,
  breakdown: BreakdownDef,
  param: string,
): SqlMetric & { dimensionColumn: string } {
  if (metric.kind !== 'sql' || !ADDITIVE.has(metric.aggregate)) {
    throw InvalidQueryError.param(
      param,
      `metric "${metric.id}" cannot be broken down: only time-based sum and count metrics add up across rows`,
    );
  }
  const column = metric.filterColumns?.[breakdown.dimension];
  if (column === undefined)
    throw InvalidQueryError.param(
      'by',
      `metric "${metric.id}" has no ${breakdown.dimension} column to break it down by "${breakdown.id}"`,
    );
  return { ...metric, dimensionColumn: column };
}

interface Row {
  kind: number;
  key: string | null;
  label: string | null;
  value: string | null;
  share: number | null;
}

/** A metric's value per key of a dimension over one period: what `breakdown` and `segments` both rank. */
export interface DimensionTotals {
  metric: SqlMetric & { dimensionColumn: string };
  breakdown: BreakdownDef;
  period: Period;
  params: Params;
  /** `WITH dk_win …, <name>(dk_k, dk_v)`: one row per key with the metric's value; more CTEs may follow. */
  withSql: string;
  /** The request's filters, applied in `withSql`. */
  filters: DimensionFilter[];
}

/**
 * Resolves the metric and dimension (400 naming the parameter, 403 for a
 * metric the scope may not see), the period, and the CTE that aggregates
 * the metric per key in the caller's scope. `nonNullKeys` leaves out rows
 * without a key (a segment needs a customer; a breakdown counts them as
 * "other").
 */
export function dimensionTotals(
  ctx: EngineContext,
  definition: Definition,
  request: {
    metric: string;
    by: string;
    period: PeriodQuery;
    name: string;
    nonNullKeys: boolean;
    filter: readonly FilterParam[] | undefined;
    report: 'breakdown' | 'segments';
  },
  scope: Scope,
): DimensionTotals {
  const [picked] = resolveMetrics(definition, [request.metric], 'metric');
  const breakdown = resolveBreakdown(definition, request.by);
  const metric = breakableMetric(picked as MetricDef, breakdown, 'metric');
  const filters = metricFilters(definition, request.filter, request.report, [metric]);
  checkRoles([metric], scope);
  const now = ctx.now();
  const { period } = resolvePeriod({ ...request.period, compare: 'none' }, now, ctx.timezone, ctx);

  const p = new Params();
  const sql = new SqlContext(p, todayIn(now, ctx.timezone));
  const tzRef = `${p.add(ctx.timezone)}::text`;
  const table = qualified(metric.table);
  const key = `${table}.${quoteIdent(metric.dimensionColumn)}`;
  const where = metric.where ? `(${sql.expand(metric.where)}) AND ` : '';
  const keyed = request.nonNullKeys ? `${key} IS NOT NULL AND ` : '';
  const withSql = `WITH ${windowsCte([period], p, tzRef)},
${request.name} AS (
  SELECT ${key} AS dk_k, ${aggregateSql(metric, sql, false)} AS dk_v
  FROM ${table} JOIN dk_win ON ${inWindowSql(metric, 'dk_win')}
  WHERE ${where}${keyed}${[scopeSql(metric, scope, p), ...filterConds(metric.table, table, filters, p)].join(' AND ')}
  GROUP BY 1
)`;
  return { metric, breakdown, period, params: p, withSql, filters };
}

export async function breakdownReport(
  ctx: EngineContext,
  definition: Definition,
  params: BreakdownParams,
  scope: Scope,
): Promise<Body<BreakdownResponse>> {
  const {
    metric,
    breakdown,
    period,
    params: p,
    withSql,
    filters,
  } = dimensionTotals(
    ctx,
    definition,
    {
      metric: params.metric,
      by: params.by,
      period: params,
      name: 'dk_g',
      nonNullKeys: false,
      filter: params.filter,
      report: 'breakdown',
    },
    scope,
  );
  const lim = `${p.add(params.limit ?? DEFAULT_BREAKDOWN_LIMIT)}::int`;
  const text = `${withSql},
dk_r AS (
  SELECT dk_k, dk_v, sum(dk_v) OVER () AS dk_total,
    CASE WHEN dk_k IS NULL THEN NULL ELSE row_number() OVER (ORDER BY dk_k IS NULL, dk_v DESC, dk_k) END AS dk_n
  FROM dk_g
)
SELECT 0 AS kind, r.dk_n AS n, r.dk_k::text AS key, coalesce(d.${quoteIdent(breakdown.labelColumn)}::text, r.dk_k::text) AS label, r.dk_v::text AS value,
  CASE WHEN r.dk_total = 0 THEN 0 ELSE (r.dk_v::numeric / r.dk_total)::float8 END AS share
FROM dk_r AS r LEFT JOIN ${qualified(breakdown.table)} AS d ON d.${quoteIdent(breakdown.key)} = r.dk_k
WHERE r.dk_n <= ${lim}
UNION ALL
SELECT 1, NULL, 'other', 'Other', sum(dk_v)::text, CASE WHEN max(dk_total) = 0 THEN 0 ELSE (sum(dk_v)::numeric / max(dk_total))::float8 END
FROM dk_r WHERE dk_n IS NULL OR dk_n > ${lim} HAVING count(*) > 0
UNION ALL
SELECT 2, NULL, NULL, NULL, coalesce(sum(dk_v), 0)::text, NULL FROM dk_r
ORDER BY 1, 2`;
  const [rows, echo] = await Promise.all([
    ctx.source.query<Row>(text, p.values),
    echoFilters(ctx.source, filters, scope),
  ]);
  const totalRow = rows.find((r) => r.kind === 2);
  return {
    period,
    metric: metric.id,
    by: breakdown.id,
    total: convert(totalRow?.value ?? '0', metric.format) ?? 0,
    rows: rows
      .filter((r) => r.kind !== 2)
      .map((r) => ({
        key: r.key ?? '',
        // The rest is labelled here, in the request's locale (SQL only marks it with the key `other`).
        label: r.kind === 1 ? words(params.locale ?? ctx.locale).other : (r.label ?? ''),
        value: convert(r.value ?? '0', metric.format) ?? 0,
        share: Number(r.share ?? 0),
      })),
    ...echo,
  };
}

/** `v1/breakdown` moves with its metric, the dimension's own table (customer names) and the filters' labels. */
export const BREAKDOWN_REPORT: ReportModule<BreakdownParams, Body<BreakdownResponse>> = {
  topics(definition, params) {
    const breakdown = resolveBreakdown(definition, params.by);
    const metric = metricsFilterTopics(definition, [params.metric], params.filter, 'breakdown');
    return sortedTopics([...metric, ...(breakdown.topics ?? [])]);
  },
  compute: breakdownReport,
};
