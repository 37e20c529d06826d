/**
 * What the HTTP layer asks of the engine. Each method takes parsed, typed
 * parameters and the caller's scope and returns the contract body without
 * the envelope (`generatedAt`, `cache`), which the handler adds.
 */
import type {
  AgingInvoicesParams,
  AgingInvoicesResponse,
  AgingParams,
  AgingResponse,
  BreakdownParams,
  BreakdownResponse,
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

/** A contract body before the handler adds `generatedAt` and `cache`. */
export type Body<T> = Omit<T, 'generatedAt' | 'cache'>;

export interface Engine {
  meta(): Body<MetaResponse>;
  stats(params: StatsParams, scope: Scope): Promise<Body<StatsResponse>>;
  series(params: SeriesParams, scope: Scope): Promise<Body<SeriesResponse>>;
  breakdown(params: BreakdownParams, scope: Scope): Promise<Body<BreakdownResponse>>;
  segments(params: SegmentsParams, scope: Scope): Promise<Body<SegmentsResponse>>;
  aging(params: AgingParams, scope: Scope): Promise<Body<AgingResponse>>;
  agingInvoices(customerId: string, params: AgingInvoicesParams, scope: Scope): Promise<Body<AgingInvoicesResponse>>;
  lowStock(params: LowStockParams, scope: Scope): Promise<Body<LowStockResponse>>;
  /**
   * Topics a request's answer depends on (cache tags), e.g. stats of
   * `revenue` → `['orders']`. Throws BadRequestError for unknown metrics.
   */
  topicsFor(
    endpoint: 'stats' | 'series' | 'breakdown' | 'segments' | 'aging' | 'agingInvoices' | 'lowStock',
    params: object,
  ): Topic[];
  /**
   * Data behind `topics` changed: stop serving what the engine pre-computed
   * from it (daily rollups) before the caller drops cached answers, and
   * recompute it. Optional: engines without such state omit it.
   */
  invalidate?(topics: readonly Topic[]): Promise<void>;
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
  /** BCP 47 locale for labels. */
  locale: string;
  /** The clock; injected so tests can pin "today". */
  now: () => Date;
  /** Daily rollups that `stats` and `series` read from; createEngine sets it from its `rollups` option. */
  rollups?: import('./compile.js').RollupRouter;
}
