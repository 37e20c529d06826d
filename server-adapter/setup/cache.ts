/**
 * The report cache and its store: the host's `CacheStore`, Redis (with a
 * small in-process fallback while Redis is down), or a bounded memory LRU.
 */
import { createReportCache, type ReportCache } from '../cache/cache.js';
import { createMemoryStore } from '../cache/memory.js';
import { createRedisStore } from '../cache/redis.js';
import type { CacheStore } from '../cache/types.js';
import { describeError } from '../logger.js';
import { type DashboardServerOptions, FALLBACK_MAX_ENTRIES } from '../options.js';
import { isStore, type Settings } from '../settings.js';
import type { Part } from './part.js';

/** ioredis reports every reconnection attempt; one line a minute says enough. */
const REDIS_ERROR_LOG_INTERVAL_MS = 60_000;

export interface CachePart {
  cache: ReportCache;
  /** The store's driver name (`memory`, `redis`…), for `v1/health`. */
  driver: string;
}

export function openCache(options: DashboardServerOptions, settings: Settings): Part<CachePart> {
  const { logger, redisPrefix } = settings;
  const { clock } = settings;
  // A host's clock (tests pin "now") must reach the stores; otherwise they read Date.now, as the cache does.
  const storeClock = settings.customClock ? { now: clock } : {};
  let store: CacheStore;
  let fallback: CacheStore | undefined;
  let close = async () => {};
  if (isStore(options.cache)) store = options.cache;
  else if (settings.cacheRedisUrl || (options.cache === undefined && settings.redisUrl)) {
    let lastLogged = -Infinity;
    const redis = createRedisStore({
      url: (settings.cacheRedisUrl ?? settings.redisUrl)!,
      prefix: redisPrefix,
      onError: (error) => {
        if (Date.now() - lastLogged < REDIS_ERROR_LOG_INTERVAL_MS) return;
        lastLogged = Date.now();
        logger.warn('redis error', { error: error.message });
      },
    });
    store = redis;
    close = () => redis.close();
    // Redis down: keep serving from process memory instead of querying the database on every request.
    fallback = createMemoryStore({ maxEntries: FALLBACK_MAX_ENTRIES, ...storeClock });
  } else {
    const memory = createMemoryStore(storeClock);
    store = memory;
    close = () => memory.close();
  }
  const cache = createReportCache({
    store,
    ...(fallback ? { fallback } : {}),
    now: clock,
    onError: (error, context) =>
      logger.warn(`cache ${context.operation} failed`, { key: context.key, error: describeError(error) }),
  });
  return { part: { cache, driver: store.driver }, close };
}
