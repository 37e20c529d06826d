/**
 * Filters (`filter=customer:42`, SPEC §7): which dimension a request names,
 * whether the report can apply it, the SQL that narrows each table it reads,
 * and the labels echoed in `filters`.
 *
 * A filter narrows the rows a report reads the way an auth scope does: one
 * more `column = $n` on every table the dimension maps. The value is bound as
 * a parameter and takes the column's type; column names come from the
 * definition and are quoted.
 */
import type { AppliedFilter, FilterParam, Topic } from '../../src/contract/index.js';
import type { Scope } from '../auth/scope.js';
import type { Source } from '../sources/source.js';
import { InvalidQueryError } from './errors.js';
import {
  ADDITIVE,
  type Definition,
  type DimensionDef,
  findMetric,
  isTimeSeries,
  type MetricDef,
  metricTopics,
  type RatioMetric,
  resolveMetrics,
  sortedTopics,
  tableTopic,
} from './metrics.js';
import {
  type ActivitySource,
  DEFAULT_ACTIVITY_MAPPING,
  DEFAULT_AGING_MAPPING,
  DEFAULT_LOW_STOCK_MAPPING,
} from './reports-config.js';
import { Params, qualified, quoteIdent } from './sql.js';

/** A filter of the request, resolved against the definition: the value as it is compared. */
export interface DimensionFilter {
  dimension: DimensionDef;
  value: string;
}

/** Report ids as `v1/meta` lists them under `dimensions[].reports`. */
export const FILTERABLE_REPORTS = [
  'stats',
  'series',
  'breakdown',
  'segments',
  'aging',
  'low-stock',
  'activity',
] as const;
export type FilterableReport = (typeof FILTERABLE_REPORTS)[number];

const INTEGER = /^[-+]?\d{1,18}$/;

/** The tables a metric aggregates; `undefined` for a function metric (no SQL of its own). */
function metricTables(metric: MetricDef, definition: Definition): string[] | undefined {
  if (metric.kind === 'sql' || metric.kind === 'snapshot') return [metric.table];
  if (metric.kind === 'function') return undefined;
  const part = (p: RatioMetric['numerator']): string[] => {
    if (typeof p !== 'string') return [p.table];
    const m = findMetric(definition, p);
    return m ? (metricTables(m, definition) ?? []) : [];
  };
  return [...part(metric.numerator), ...part(metric.denominator)];
}

/** Whether a filter on `dimension` can narrow `metric`: every table it reads is mapped, or its function says so. */
export function metricSupports(metric: MetricDef, definition: Definition, dimension: DimensionDef): boolean {
  if (metric.kind === 'function') return metric.dimensions?.includes(dimension.id) ?? false;
  const tables = metricTables(metric, definition) ?? [];
  return tables.length > 0 && tables.every((t) => Object.hasOwn(dimension.columns, t));
}

/** Dimension ids a metric can be filtered by, for `v1/meta` `metrics[].dimensions`. */
export function metricDimensions(metric: MetricDef, definition: Definition): string[] {
  return (definition.dimensions ?? []).filter((d) => metricSupports(metric, definition, d)).map((d) => d.id);
}

/**
 * Reports that take a filter on `dimension`, for `v1/meta`: stats and series
 * when some metric can be narrowed by it (the metric lists say which),
 * breakdown when a breakable metric can, segments when its metric can, aging
 * and low stock when it maps a table they read, activity when it can narrow
 * one of the feed's sources (`sourceColumn`).
 */
export function dimensionReports(definition: Definition, dimension: DimensionDef): FilterableReport[] {
  const supports = (m: MetricDef | undefined) => m !== undefined && metricSupports(m, definition, dimension);
  const metrics = definition.metrics;
  const aging = definition.aging ?? DEFAULT_AGING_MAPPING;
  const lowStock = definition.lowStock ?? DEFAULT_LOW_STOCK_MAPPING;
  const seg = definition.segments;
  const reports: [FilterableReport, boolean][] = [
    ['stats', metrics.some(supports)],
    ['series', metrics.some((m) => isTimeSeries(m, definition) && supports(m))],
    ['breakdown', metrics.some((m) => m.kind === 'sql' && ADDITIVE.has(m.aggregate) && supports(m))],
    ['segments', !!seg && supports(findMetric(definition, seg.metric))],
    ['aging', mapsAny(dimension, [aging.invoices.table, aging.customers.table])],
    ['low-stock', mapsAny(dimension, [lowStock.products.table])],
    [
      'activity',
      definition.activity !== null &&
        (definition.activity ?? DEFAULT_ACTIVITY_MAPPING).sources.some((s) => sourceColumn(dimension, s) !== undefined),
    ],
  ];
  return reports.filter(([, ok]) => ok).map(([id]) => id);
}

/**
 * The column of an activity source that `dimension` narrows: the one it maps
 * on the source's table, else — for the `customer` dimension — the column
 * the source names as its customer. Undefined: the source cannot be narrowed
 * by it (and a filtered feed leaves it out).
 */
export function sourceColumn(dimension: DimensionDef, source: ActivitySource): string | undefined {
  if (Object.hasOwn(dimension.columns, source.table)) return dimension.columns[source.table];
  return dimension.id === 'customer' ? (source.customer ?? undefined) : undefined;
}

/** Whether `dimension` maps any of `tables`. */
export function mapsAny(dimension: DimensionDef, tables: readonly string[]): boolean {
  return tables.some((t) => Object.hasOwn(dimension.columns, t));
}

/**
 * The request's filters checked against the definition. A 400 naming
 * `filter` for a dimension the definition lacks, a value its type refuses,
 * or a dimension the report cannot apply (`refuses` returns why, or
 * `undefined` when it can).
 */
export function resolveFilters(
  definition: Definition,
  filters: readonly FilterParam[] | undefined,
  report: string,
  refuses: (dimension: DimensionDef) => string | undefined,
): DimensionFilter[] {
  if (!filters?.length) return [];
  const dimensions = definition.dimensions ?? [];
  return filters.map(({ dimension: id, value }) => {
    const dimension = dimensions.find((d) => d.id === id);
    if (!dimension) {
      const known = dimensions.map((d) => d.id).join(', ') || '(none: this server takes no filters)';
      throw InvalidQueryError.param('filter', `unknown dimension "${id}"; known: ${known}`);
    }
    const why = refuses(dimension);
    if (why !== undefined) throw InvalidQueryError.param('filter', `${report} cannot be filtered by ${id}: ${why}`);
    if (dimension.type === 'integer') {
      if (!INTEGER.test(value))
        throw InvalidQueryError.param('filter', `${id}: expected a whole number, got "${value}"`);
      return { dimension, value: BigInt(value).toString() };
    }
    return { dimension, value };
  });
}

/** Filters for a report over metrics: each dimension must narrow every metric asked for. */
export function metricFilters(
  definition: Definition,
  filters: readonly FilterParam[] | undefined,
  report: FilterableReport,
  metrics: readonly MetricDef[],
): DimensionFilter[] {
  return resolveFilters(definition, filters, report, (d) => {
    const left = metrics.filter((m) => !metricSupports(m, definition, d)).map((m) => `"${m.id}"`);
    return left.length ? `${left.join(', ')} ${left.length > 1 ? 'have' : 'has'} no ${d.id} column` : undefined;
  });
}

/** Topics of a report over `metricIds` filtered by `filters`: the metrics' and the labels'; checks both. */
export function metricsFilterTopics(
  definition: Definition,
  metricIds: readonly string[],
  filters: readonly FilterParam[] | undefined,
  report: FilterableReport,
): Topic[] {
  const metrics = resolveMetrics(definition, metricIds, report === 'breakdown' ? 'metric' : 'metrics');
  const applied = metricFilters(definition, filters, report, metrics);
  return sortedTopics([...metrics.flatMap((m) => metricTopics(m, definition)), ...filterTopics(applied)]);
}

/** Filters for a report over tables (aging, low stock): each dimension must map one of them. */
export function tableFilters(
  definition: Definition,
  filters: readonly FilterParam[] | undefined,
  report: Exclude<FilterableReport, 'activity'>,
  tables: readonly string[],
): DimensionFilter[] {
  return resolveFilters(definition, filters, report, (d) =>
    mapsAny(d, tables) ? undefined : `it maps none of the tables ${report} reads (${tables.join(', ')})`,
  );
}

/**
 * `ref."customer_id" = $4` for each filter that maps `table` (`ref` is the
 * table's name or alias in the statement); empty when none does.
 */
export function filterConds(table: string, ref: string, filters: readonly DimensionFilter[], params: Params): string[] {
  const conds: string[] = [];
  for (const f of filters) {
    const column = Object.hasOwn(f.dimension.columns, table) ? f.dimension.columns[table] : undefined;
    if (column !== undefined) conds.push(`${ref}.${quoteIdent(column)} = ${params.add(f.value)}`);
  }
  return conds;
}

/** Whether any filter narrows `table`: a read daily rollups cannot answer. */
export function narrows(table: string, filters: readonly DimensionFilter[] | undefined): boolean {
  return filters?.some((f) => Object.hasOwn(f.dimension.columns, table)) ?? false;
}

/** Topics that move the echoed labels (a customer renamed). */
export function filterTopics(filters: readonly DimensionFilter[]): Topic[] {
  return filters.flatMap(({ dimension: d }) => [...(d.topics ?? (d.labels ? tableTopic(d.labels.table) : []))]);
}

/**
 * `filters` of the response, in one query for every label: the value's
 * label, narrowed by the caller's scope as the label table honours it (a
 * customer's token never learns another customer's name), else the value.
 * Spread into a body: `{}` when the request had no filter.
 */
export async function echoFilters(
  source: Source,
  filters: readonly DimensionFilter[],
  scope: Scope,
): Promise<{ filters?: AppliedFilter[] }> {
  if (filters.length === 0) return {};
  const p = new Params();
  const columns = filters.map((f, i) => {
    const l = f.dimension.labels;
    if (!l) return `NULL::text AS l${i}`;
    const conds = [`t.${quoteIdent(l.key)} = ${p.add(f.value)}`];
    for (const [name, column] of Object.entries(l.filterColumns ?? {})) {
      const value = scope.filters[name];
      if (value !== undefined) conds.push(`t.${quoteIdent(column)} = ${p.add(value)}`);
    }
    return `(SELECT t.${quoteIdent(l.column)}::text FROM ${qualified(l.table)} t WHERE ${conds.join(' AND ')} LIMIT 1) AS l${i}`;
  });
  const labels = filters.some((f) => f.dimension.labels)
    ? ((await source.query<Record<string, string | null>>(`SELECT ${columns.join(', ')}`, p.values))[0] ?? {})
    : {};
  return {
    filters: filters.map((f, i) => ({ dimension: f.dimension.id, value: f.value, label: labels[`l${i}`] ?? f.value })),
  };
}

/** SQLSTATEs of a value that does not fit its column's type: 22P02 bad text form, 22003 out of range, 22007/22008 date and time. */
const VALUE_TYPE_SQLSTATE = new Set(['22P02', '22003', '22007', '22008']);

/**
 * A filter value the column cannot hold (`customer:abc` against a uuid
 * column) makes PostgreSQL refuse the statement: that is a bad parameter,
 * a 400 naming `filter`, not a server fault. Undefined for anything else.
 */
export function filterValueError(
  error: unknown,
  filters: readonly FilterParam[] | undefined,
): InvalidQueryError | undefined {
  if (!filters?.length) return undefined;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !VALUE_TYPE_SQLSTATE.has(code)) return undefined;
  const pairs = filters.map((f) => `${f.dimension}:${f.value}`).join(',');
  return InvalidQueryError.param('filter', `${pairs}: a value does not fit the column it is compared with`);
}
