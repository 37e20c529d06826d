/**
 * `dashkit/server`: the reference adapter. Import from `dashkit/server`.
 */
export * from './errors.js';
export type { Source, SqlParam } from './sources/source.js';
export { createPgSource, type PgSourceOptions } from './sources/pg.js';
export { createPgliteSource, type PgliteSourceOptions } from './sources/pglite.js';
export type { Scope } from './auth/scope.js';
export type { CacheStore, StoredEntry, CachePolicy, CacheResult } from './cache/types.js';
export { COMMERCE_SCHEMA_SQL } from './demo/schema.js';
export { createDashboardServer, type DashboardServer } from './handler.js';
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
export type { Body, Engine, EngineContext } from './engine/types.js';
export {
  DEFAULT_FULL_CHECK_SECONDS,
  DEFAULT_RAW_DAYS,
  DEFAULT_RECENT_DAYS,
  DEFAULT_ROLLUP_SCHEMA,
  rollupsEnabled,
} from './engine/rollups.js';
export {
  type CachedReport,
  type DashboardServerOptions,
  type Logger,
  DEFAULT_BASE_PATH,
  DEFAULT_CURRENCY,
  DEFAULT_LOCALE,
  DEFAULT_LOGGER,
  DEFAULT_STALE_SECONDS,
  DEFAULT_TIMEZONE,
  DEFAULT_TTL_SECONDS,
} from './options.js';
export {
  toNodeListener,
  nodeFastPathOf,
  NODE_FAST_PATH,
  type NodeFastPath,
  type NodeListenerOptions,
  listen,
  staticFiles,
  DEFAULT_GRACE_MS,
  type FetchHandler,
  type ListenOptions,
  type Listening,
} from './node.js';
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
export {
  createLocalBus,
  createRedisBus,
  type InvalidationBus,
  type InvalidationEvent,
  type InvalidationListener,
  type RedisBusOptions,
} from './live/bus.js';
export { DEFAULT_HEARTBEAT_SECONDS, DEFAULT_MAX_CLIENTS, DEFAULT_RETRY_MS } from './live/sse.js';
export { listenNotify, NOTIFY_CHANNEL, type NotifyListener, type NotifyListenerOptions } from './live/notify.js';
export { installTriggers, type TriggersReport } from './commands/triggers.js';
export { DEFAULT_REDIS_PREFIX } from './cache/redis.js';
export { MIN_INVALIDATE_SECRET_LENGTH } from './options.js';
