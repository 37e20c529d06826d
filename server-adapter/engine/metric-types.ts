/**
 * The shapes of a metrics definition (SPEC §4): metric kinds, aggregates,
 * breakdowns, filter dimensions and the `Definition` that carries them with
 * the report mappings. Types and two aggregate sets only; no logic.
 *
 * Trust model: table and column names are configuration and always quoted;
 * `where` and `expression` are trusted SQL written by the host (never taken
 * from a request), in which `{today}` stands for today's date in the
 * dashboard zone, bound as a parameter.
 */
import type { Label } from './labels.js';
import type { Board } from '../../src/contract/board.js';
import type { Granularity, MetricValue, Point, Topic } from '../../src/contract/index.js';
import type { Scope } from '../auth/scope.js';
import type { ReportAccessRules } from './access.js';
import type { ActivityMapping, AgingMapping, LowStockMapping } from './reports-config.js';

export type MetricFormat = 'currency' | 'number' | 'percent' | 'duration';
export type Aggregate = 'sum' | 'count' | 'count_distinct' | 'avg' | 'min' | 'max';

/** Aggregates whose value over a period is the sum of its parts: they can be broken down. */
export const ADDITIVE: ReadonlySet<Aggregate> = new Set(['sum', 'count']);
/** Aggregates that are 0, not undefined, over no rows: an empty bucket is a 0 point. */
export const ZERO_WHEN_EMPTY: ReadonlySet<Aggregate> = new Set(['sum', 'count', 'count_distinct']);

/** One aggregate over one table. */
export interface AggregateSpec {
  /** Table or view, optionally `schema.table`. */
  table: string;
  aggregate: Aggregate;
  /** Column to aggregate (quoted identifier). `count` without column or expression counts rows. */
  column?: string;
  /** Trusted SQL expression to aggregate instead of a column, e.g. `amount - amount_paid`. */
  expression?: string;
  /** Trusted SQL condition on the table's rows, e.g. `state IN ('sale', 'done')`. */
  where?: string;
  /** Scope row filters this table honours: filter name → column, e.g. `{ customer_id: 'customer_id' }`. */
  filterColumns?: Readonly<Record<string, string>>;
}

/** An aggregate over the rows whose time column falls in the period. */
export interface TimedAggregateSpec extends AggregateSpec {
  /** Column placing a row in time. */
  time: string;
  /** `timestamptz` (default): an instant, bucketed in the dashboard zone; `date`: already a local calendar date. */
  timeType?: 'timestamptz' | 'date';
}

interface MetricBase {
  /** Lowercase id used in `metrics=` (`^[a-z][a-z0-9_]*$`). */
  id: string;
  /** One label, or one per locale (`{en: 'Revenue', fa: 'درآمد'}`); `v1/meta` answers in the request's locale. */
  label: Label;
  format: MetricFormat;
  goodDirection: 'up' | 'down';
  description?: Label;
  /** Invalidation topics that can move the metric; defaults to the tables it reads, when they are topics. */
  topics?: readonly Topic[];
  /** When set, only scopes holding one of these roles may ask for the metric. */
  roles?: readonly string[];
}

/** A time-based aggregate: a value per period and per bucket. */
export interface SqlMetric extends MetricBase, TimedAggregateSpec {
  kind: 'sql';
}

/** A point-in-time aggregate (receivables, stock): its value now; no previous value, no trend. */
export interface SnapshotMetric extends MetricBase, AggregateSpec {
  kind: 'snapshot';
}

/**
 * numerator / denominator, `null` when the denominator is 0 or null. Each
 * side is a metric id (a `sql` or `snapshot` metric) or an inline
 * aggregate; both sides must be timed or both point-in-time.
 */
export interface RatioMetric extends MetricBase {
  kind: 'ratio';
  numerator: string | TimedAggregateSpec | AggregateSpec;
  denominator: string | TimedAggregateSpec | AggregateSpec;
  /** Decimal places the ratio is rounded to in SQL (numeric scale); unrounded when absent. */
  scale?: number;
}

export interface MetricFunctionContext {
  from: string;
  to: string;
  granularity: Granularity;
  timezone: string;
  scope: Scope;
  /** Start dates of the buckets the engine expects points for. */
  buckets: readonly string[];
  /** The request's filters on the dimensions the metric declares (`dimensions`), by dimension id: narrow by them. */
  filters: Readonly<Record<string, string>>;
}

export interface MetricFunctionResult {
  value: MetricValue;
  /** Points by bucket start; buckets left out count as 0. */
  points: readonly Point[];
}

/** A metric computed by host code, for hosts whose data is not in SQL. */
export interface FunctionMetric extends MetricBase {
  kind: 'function';
  fn: (ctx: MetricFunctionContext) => Promise<MetricFunctionResult>;
  /** false for point-in-time values (no previous, no trend, not in `series`). Default true. */
  timeSeries?: boolean;
  /** Dimension ids the function narrows by itself (it gets them in `filters`); a filter on any other is refused. */
  dimensions?: readonly string[];
}

export type MetricDef = SqlMetric | SnapshotMetric | RatioMetric | FunctionMetric;

/**
 * A dimension to break additive metrics down by: a metric qualifies when it
 * declares `filterColumns[dimension]`, whose values are keys of `table`.
 */
export interface BreakdownDef {
  id: string;
  label: Label;
  dimension: string;
  table: string;
  key: string;
  labelColumn: string;
  topics?: readonly Topic[];
}

/**
 * Something reports can be filtered by (`filter=customer:42`): the column
 * holding its value in each table it narrows. A report takes the filter when
 * the tables it reads are mapped (a metric: every table it aggregates; aging:
 * its invoices or customers table; low stock: its products table).
 */
export interface DimensionDef {
  /** Lowercase id used in `filter=` (`^[a-z][a-z0-9_]*$`); `bucket` is taken by the aging report's own filter. */
  id: string;
  label: Label;
  /** Table (as metrics and report mappings name it, `schema.table` included) → the column holding the value. */
  columns: Readonly<Record<string, string>>;
  /**
   * `integer`: values must be whole numbers and are compared as such (`042` is `42`); `text` (default): any
   * value, bound as a parameter that takes the column's type (a value the column cannot hold is a 400).
   */
  type?: 'integer' | 'text';
  /**
   * Where a value's display label comes from: `column` of the `table` row whose `key` is the value. Without it the
   * value is its own label. `filterColumns` are the scope row filters that table honours, as on a metric: a
   * scoped caller gets no name it could not see otherwise.
   */
  labels?: { table: string; key: string; column: string; filterColumns?: Readonly<Record<string, string>> };
  /** Topics that move the labels; default the label table's, when it is a topic. */
  topics?: readonly Topic[];
}

export interface Definition {
  metrics: readonly MetricDef[];
  breakdowns: readonly BreakdownDef[];
  /** What reports can be filtered by; none when absent. */
  dimensions?: readonly DimensionDef[];
  /** The additive metric and breakdown customer segments rank by; `null` turns segments off. */
  segments?: { metric: string; by: string } | null;
  aging?: AgingMapping;
  lowStock?: LowStockMapping;
  /** Who may read whole reports, by report name (`low-stock`, `aging`…); see engine/access.ts. */
  reports?: ReportAccessRules;
  /** What `v1/activity` lists: the commerce orders when absent; `null` turns the feed off. */
  activity?: ActivityMapping | null;
  /**
   * Data pipelines `v1/status` shows (an ETL job, a nightly sync), reported through
   * `POST v1/status/pipelines/{id}`. Carried by the definition because it comes from the same
   * config file; the engine does not read it.
   */
  pipelines?: readonly PipelineDef[];
  /**
   * Named boards (`v1/boards`, `v1/boards/{id}/render.{format}`), keyed by id. Carried by the
   * definition because they come from the same config file; the engine does not read them.
   */
  boards?: Readonly<Record<string, Board>>;
  /** Scheduled digests as the config file writes them; checked when the server starts (digests/config.ts). */
  digests?: readonly unknown[];
}

/** A data pipeline `v1/status` lists from the start, before its first run is reported. */
export interface PipelineDef {
  /** Lowercase letters, digits, `_` and `-`: the `{id}` of `POST v1/status/pipelines/{id}`. */
  id: string;
  /** One string, or one per locale (`{en: "Accounting sync", fa: "همگام‌سازی حسابداری"}`): `v1/status?locale=` picks. */
  label: Label;
}
