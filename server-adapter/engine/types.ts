/**
 * What the HTTP layer asks of the engine. Each method takes parsed, typed
 * parameters and the caller's scope and returns the contract body without
 * the envelope (`generatedAt`, `cache`), which the handler adds.
 */
import type {
  ActivityParams,
  ActivityResponse,
  AgingCustomer,
  AgingInvoicesParams,
  AgingInvoicesResponse,
  AgingParams,
  AgingResponse,
  BreakdownParams,
  BreakdownResponse,
  LowStockItem,
  LowStockParams,
  LowStockResponse,
  MetaResponse,
  SegmentsParams,
  SegmentsResponse,
  SeriesParams,
  SeriesResponse,
  StatsParams,
  StatsResponse,
  Topic,
} from '../../src/contract/index.js';
import type { Scope } from '../auth/scope.js';
import type { ChangedTimes } from '../live/types.js';
import type { Definition } from './metrics.js';

/** A contract body before the handler adds `generatedAt` and `cache`. */
export type Body<T> = Omit<T, 'generatedAt' | 'cache'>;

/**
 * One report as the HTTP layer sees it: what its answer depends on, and the
 * answer. Both check the parameters against the definition (InvalidQueryError
 * for an unknown metric), so a bad request fails before any query.
 */
export interface EngineReport<P, B, R = unknown> {
  /** Topics the answer depends on (its cache tags), e.g. stats of `revenue` → `['orders']`; sorted. */
  topics(params: P): Topic[];
  compute(params: P, scope: Scope): Promise<B>;
  /**
   * A paged report's every row (`limit`/`offset` ignored), in its order, in
   * batches, from one statement: what the CSV export streams. Optional: an
   * engine without it is exported page by page through `compute`.
   */
  rows?(params: P, scope: Scope): AsyncGenerator<R[], void, undefined>;
}

/** How a report module (stats.ts, aging.ts…) defines its report over any definition. */
export interface ReportModule<P, B, R = unknown> {
  topics(definition: Definition, params: P): Topic[];
  /**
   * The row filters (`customer_id`) the report applies to every row it reads.
   * A caller with a filter missing here reads it shop-wide and is refused by
   * default (engine/access.ts). Absent: narrowed per metric (stats, series).
   */
  readonly rowFilters?: readonly string[];
  compute(ctx: EngineContext, definition: Definition, params: P, scope: Scope): Promise<B>;
  rows?(ctx: EngineContext, definition: Definition, params: P, scope: Scope): AsyncGenerator<R[], void, undefined>;
}

export interface Engine {
  /** `v1/meta`, its labels in `locale` (default the server's). */
  meta(locale?: string): Body<MetaResponse>;
  readonly stats: EngineReport<StatsParams, Body<StatsResponse>>;
  readonly series: EngineReport<SeriesParams, Body<SeriesResponse>>;
  readonly breakdown: EngineReport<BreakdownParams, Body<BreakdownResponse>>;
  readonly segments: EngineReport<SegmentsParams, Body<SegmentsResponse>>;
  readonly aging: EngineReport<AgingParams, Body<AgingResponse>, AgingCustomer>;
  readonly agingInvoices: EngineReport<AgingInvoicesParams & { customerId: string }, Body<AgingInvoicesResponse>>;
  readonly lowStock: EngineReport<LowStockParams, Body<LowStockResponse>, LowStockItem>;
  /** `v1/activity`. Optional: an engine without a feed leaves it out (the endpoint then answers 404). */
  readonly activity?: EngineReport<ActivityParams, Body<ActivityResponse>>;
  /**
   * Data behind `topics` changed: stop serving what the engine pre-computed
   * from it (daily rollups) before the caller drops cached answers, and
   * recompute it. Optional: engines without such state omit it.
   */
  invalidate?(topics: readonly Topic[], times?: ChangedTimes): Promise<void>;
  /**
   * Throws a RestrictedError (403) unless `scope` may read the report `name`
   * (`low-stock`, `aging`…; engine/access.ts). Optional: without it every
   * authorised caller reads every report.
   */
  checkAccess?(name: string, scope: Scope): void;
  /** Waits for background work (rollup refreshes) to settle; call it before closing the source. */
  close?(): Promise<void>;
}

/** What every report needs besides its parameters. */
export interface EngineContext {
  source: import('../sources/source.js').Source;
  /** IANA zone periods, buckets and "today" are resolved in, e.g. `Europe/Berlin`. */
  timezone: string;
  /** ISO 4217 code of money values. */
  currency: string;
  /** BCP 47 locale of labels when a request names none. */
  locale: string;
  /** First day of the fiscal year (`fiscal-quarter`, `fiscal-year` presets); absent: no fiscal presets. */
  fiscalYearStart?: import('./calendars.js').MonthDay | undefined;
  /** The clock; injected so tests can pin "today". */
  now: () => Date;
  /** Daily rollups that `stats` and `series` read from; createEngine sets it from its `rollups` option. */
  rollups?: import('./compile.js').RollupRouter;
}
