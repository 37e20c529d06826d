/**
 * What a route handler gets: the server's long-lived parts (`ServerState`)
 * and the request already split into path and query (`RouteRequest`).
 */
import type { HealthResponse, Topic } from '../../src/contract/index.js';
import type { Scope } from '../auth/scope.js';
import type { ReportCache } from '../cache/cache.js';
import type { CachePolicy, CacheResult } from '../cache/types.js';
import type { Engine } from '../engine/types.js';
import type { EventStream } from '../live/sse.js';
import type { CachedReport, Logger } from '../options.js';
import type { Source } from '../sources/source.js';
import type { RequestMetrics } from './metrics.js';

/** Long-lived parts shared by every request, created once the server is ready. */
export interface ServerState {
  engine: Engine;
  cache: ReportCache;
  /** Driver name of the cache store (`memory`, `redis`…), for `v1/health`. */
  cacheDriver: string;
  /** Entries held by the store, where it can tell. */
  cacheEntries(): Promise<number | undefined>;
  /** The data source, when there is one (`v1/health` probes it). */
  source: Source | undefined;
  timezone: string;
  now: () => Date;
  logger: Logger;
  /** TTL, stale window and tags of one report's cache entries. */
  policy(report: CachedReport, tags: readonly Topic[]): CachePolicy;
  /** Key of one cache entry: endpoint, normalised parameters, scope. */
  cacheKey(endpoint: string, params: object, scope: Scope): string;
  /** `entry.body` plus the per-response `cache` object, closed. */
  renderBody(entry: CacheResult['entry'], info: { hit: boolean; ageSeconds: number; stale: boolean }): string;
  metrics: RequestMetrics;
  /** `Date.now()` when the server was created. */
  startedAt: number;
  healthTimeoutMs: number;
  /** Whether `v1/events` is served (`meta.live`). */
  live: boolean;
  /** The event stream, unless events are disabled. */
  events: EventStream | undefined;
  /** Checks the webhook's `Authorization` header, unless no invalidate secret is configured (then no webhook). */
  verifyInvalidateSecret: ((authorization: string | null) => boolean) | undefined;
  /** Invalidate `topics` on every instance; resolves to the entries dropped on this one. */
  invalidate(topics: readonly Topic[]): Promise<number>;
  /** Whether the cache store answers now (a quick read; Redis may be down). */
  probeCache(): Promise<boolean>;
  /** Bus, event-stream and LISTEN/NOTIFY status for `v1/health`. */
  liveHealth(): NonNullable<HealthResponse['live']>;
}

/** One incoming request, routed. */
export interface RouteRequest {
  request: Request;
  url: URL;
  /** Decoded path parameters (`{id}`, `{file}`). */
  params: Readonly<Record<string, string>>;
  /** The caller's scope; resolved on first use, so routes that need none never call `authorize`. */
  scope(): Promise<Scope>;
}

export interface Route {
  /** Endpoint name in `v1/health` (`stats`, `agingInvoices`, `export`…). */
  name: string;
  /** Path under the base path, `{name}` matching one segment: `v1/aging/customers/{id}/invoices`. */
  pattern: string;
  handle(state: ServerState, request: RouteRequest): Promise<Response>;
  /** Set on cached JSON reports (report.ts): lets the node fast path answer a fresh hit without a Request. */
  cached?: CachedRoute;
}

/** The steps of a cached report's `handle` that depend on the URL alone, not on who asks. */
export interface CachedRoute {
  /**
   * Parsed parameters turned into key material and a policy, exactly as
   * `handle` computes them; throws where `handle` would answer an error.
   */
  prepare(state: ServerState, query: URLSearchParams, params: Readonly<Record<string, string>>): PreparedReport;
}

export interface PreparedReport {
  /** Cache-key endpoint (the report name). */
  endpoint: string;
  /** `paramsKey(endpoint, params)`: the cache key without its scope part. */
  paramsKey: string;
  /** Seconds the report stays fresh: the `max-age` bound. */
  ttlSeconds: number;
}
