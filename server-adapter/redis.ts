/**
 * The one place that loads `ioredis`, an optional peer dependency needed only
 * with a Redis URL: the cache store (cache/redis.ts) and the invalidation bus
 * (live/redis-bus.ts) both open their connections through it.
 */

/** ioredis's client class, loaded on first use: it is an optional peer dependency, needed only with a Redis URL. */
export async function loadIoredis(caller: string): Promise<typeof import('ioredis').Redis> {
  let mod: typeof import('ioredis');
  try {
    mod = await import('ioredis');
  } catch (cause) {
    throw new Error(`${caller}: the optional dependency "ioredis" is not installed (npm install ioredis)`, { cause });
  }
  return mod.Redis ?? mod.default;
}
