/**
 * `dashkitjs/server`: the reference adapter. Import from `dashkitjs/server`.
 */
export * from './errors.js';
export type { Source, SqlParam } from './sources/source.js';
export { createPgSource, type PgSourceOptions } from './sources/pg.js';
export { createPgliteSource, type PgliteSourceOptions } from './sources/pglite.js';
export { MissingDependencyError } from './optional.js';
export type { Scope } from './auth/scope.js';
export type { CacheStore, StoredEntry, CachePolicy, CacheResult } from './cache/types.js';
export { COMMERCE_SCHEMA_SQL } from './demo/schema.js';
export { createDashboardServer, type DashboardServer } from './server.js';
export { EngineError, InvalidQueryError, NotFoundInDataError, RestrictedError } from './engine/errors.js';
export {
  createEngine,
  type Definition,
  type DailyRollups,
  type EngineOptions,
  type RefreshInfo,
  type RollupOptions,
  type RollupStatus,
  type SqlEngine,
} from './engine/index.js';
export type { Body, Engine, EngineContext, EngineReport } from './engine/types.js';
export {
  DEFAULT_FULL_CHECK_SECONDS,
  DEFAULT_RAW_DAYS,
  DEFAULT_RECENT_DAYS,
  DEFAULT_ROLLUP_SCHEMA,
  rollupsEnabled,
} from './engine/rollups/index.js';
export { type Logger, DEFAULT_LOGGER } from './logger.js';
export {
  type CachedReport,
  type DashboardServerOptions,
  DEFAULT_BASE_PATH,
  DEFAULT_CURRENCY,
  DEFAULT_LOCALE,
  DEFAULT_STALE_SECONDS,
  DEFAULT_TIMEZONE,
  DEFAULT_TTL_SECONDS,
} from './options.js';
export {
  toNodeListener,
  type FetchTarget,
  type NodeListenerOptions,
  listen,
  staticFiles,
  DEFAULT_GRACE_MS,
  type FetchHandler,
  type ListenOptions,
  type Listening,
} from './node.js';
export type { Peek, PeekedAnswer } from './node-peek.js';
export type { HeaderRecord } from './auth/auth.js';
export type { PeekAnswer } from './handler.js';
export { PUBLIC_SCOPE } from './auth/scope.js';
export type { Authorize } from './auth/scope.js';
export {
  createJwtAuthorizer,
  createEventsToken,
  type JwtAuthorizerOptions,
  DEFAULT_COOKIE_NAME,
  DEFAULT_QUERY_TOKEN_PARAM,
  DEFAULT_EVENTS_TOKEN_TTL_SECONDS,
} from './auth/jwt.js';
export { createCors, type Cors, type CorsOptions } from './auth/cors.js';
export { createLocalBus } from './live/bus.js';
export { createRedisBus, type RedisBusOptions } from './live/redis-bus.js';
export type { InvalidationBus, InvalidationEvent, InvalidationListener } from './live/types.js';
export { DEFAULT_HEARTBEAT_SECONDS, DEFAULT_MAX_CLIENTS, DEFAULT_RETRY_MS } from './live/sse.js';
export { listenNotify, NOTIFY_CHANNEL, type NotifyListener, type NotifyListenerOptions } from './live/notify.js';
export {
  installTriggers,
  triggersSql,
  type TriggersReport,
  type TriggerTarget,
  type TriggerTime,
} from './live/triggers.js';
export { DEFAULT_REDIS_PREFIX } from './cache/redis.js';
export { MIN_INVALIDATE_SECRET_LENGTH } from './options.js';
export type { PipelineDef } from './engine/metrics.js';
export type { ActivityMapping, ActivitySource, ActivityText } from './engine/reports-config.js';
export { DEFAULT_ACTIVITY_MAPPING } from './engine/reports-config.js';
export { MAX_RUN_CLOCK_SKEW_MS, RunReportError, UnknownPipelineError } from './status/status.js';
