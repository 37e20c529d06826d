/**
 * The one place that loads `ioredis`, an optional peer dependency needed only
 * with a Redis URL: the cache store (cache/redis.ts) and the invalidation bus
 * (live/redis-bus.ts) both open their connections through it.
 */
import { loadOptional } from './optional.js';

/** ioredis's client class, loaded on first use: it is an optional peer dependency, needed only with a Redis URL. */
export async function loadIoredis(): Promise<typeof import('ioredis').Redis> {
  const mod = await loadOptional('ioredis', 'Redis (--redis-url)', () => import('ioredis'));
  return mod.Redis ?? mod.default;
}
