/**
 * What a route gets: the server's long-lived parts (`ServerState`) and the
 * request already split into path and query (`RouteRequest`). Two kinds of
 * route: a cached JSON report, which only says how its URL becomes a
 * `PreparedReport` (the core does the rest, for `handle` and `peek` alike),
 * and a plain handler for everything else.
 */
import type { Board, HealthResponse, Topic } from '../../src/contract/index.js';
import type { Scope } from '../auth/scope.js';
import type { Digests } from '../digests/digests.js';
import type { ReportCache } from '../cache/cache.js';
import type { CachePolicy } from '../cache/types.js';
import type { Engine } from '../engine/types.js';
import type { ChangedTimes } from '../live/types.js';
import type { EventStream } from '../live/sse.js';
import type { Logger } from '../logger.js';
import type { CachedReport } from '../options.js';
import type { Source } from '../sources/source.js';
import type { ExportGate } from './export-gate.js';
import type { Status } from '../status/status.js';
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
  /** Epoch milliseconds by the same clock as `now`, without allocating a Date (the cache-hit path reads it). */
  clock: () => number;
  logger: Logger;
  /** TTL, stale window and tags of one report's cache entries. */
  policy(report: CachedReport, tags: readonly Topic[]): CachePolicy;
  metrics: RequestMetrics;
  /** `Date.now()` when the server was created. */
  startedAt: number;
  healthTimeoutMs: number;
  /** Whether `v1/events` is served (`meta.live`). */
  live: boolean;
  /** The event stream, unless events are disabled. */
  events: EventStream | undefined;
  /** Admits CSV exports, a few at a time per caller and per instance. */
  exports: ExportGate;
  /** The one query parameter `v1/events` takes (the events token), if any; anything else is a 400. */
  eventsTokenParam: string | undefined;
  /** Checks the webhook's `Authorization` header, unless no invalidate secret is configured (then no webhook). */
  verifyInvalidateSecret: ((authorization: string | null) => boolean) | undefined;
  /** Invalidate `topics` on every instance; resolves to the entries dropped on this one. */
  invalidate(topics: readonly Topic[], times?: ChangedTimes): Promise<number>;
  /** Whether the cache store answers now (a quick read; Redis may be down). */
  probeCache(): Promise<boolean>;
  /** Bus, event-stream and LISTEN/NOTIFY status for `v1/health`. */
  liveHealth(): NonNullable<HealthResponse['live']>;
  /** `v1/status`: pipelines and the last change heard. */
  status: Status;
  /** Named boards (`v1/boards`), by id. */
  boards: ReadonlyMap<string, Board>;
  /** Scheduled digests: `v1/status` lists them. */
  digests: Digests;
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

interface RouteBase {
  /** Endpoint name in `v1/health` (`stats`, `agingInvoices`, `export`…). */
  name: string;
  /** Path under the base path, `{name}` matching one segment: `v1/aging/customers/{id}/invoices`. */
  pattern: string;
  /** Methods the route answers; others get 405 with `Allow`. */
  methods: readonly string[];
}

/** A route answering with its own code (health, export, events, the webhook). */
export interface HandlerRoute extends RouteBase {
  kind: 'handler';
  handle(state: ServerState, request: RouteRequest): Promise<Response>;
}

/**
 * A cached JSON report (report.ts). Everything its answer needs that
 * depends on the URL alone is worked out once by `prepare`; the core then
 * authorises, reads the cache (computing on a miss) and answers.
 */
export interface ReportRoute extends RouteBase {
  kind: 'report';
  name: CachedReport;
  /** Parses the query and path; throws a 400 naming every bad parameter. */
  prepare(state: ServerState, query: URLSearchParams, path: Readonly<Record<string, string>>): PreparedReport;
}

export type Route = HandlerRoute | ReportRoute;

/** A report request worked out from its URL: the same for everyone who asks it. */
export interface PreparedReport {
  /** Cache-key endpoint, TTL key and endpoint name in `v1/health`. */
  name: CachedReport;
  /** `paramsKey(name, params)`: the cache key without its scope part. */
  paramsKey: string;
  /**
   * TTL, stale window and the report's topics as tags. Throws where the
   * engine refuses the parameters (an unknown metric, whose message lists
   * the known ones): call it only once the caller is authorised.
   */
  policy(): CachePolicy;
  /** Throws a RestrictedError (403) unless `scope` may read this report (engine/access.ts): before the cache. */
  access(scope: Scope): void;
  /** The body for `scope`, with `generatedAt` and without `cache`. */
  compute(scope: Scope): Promise<object>;
}
