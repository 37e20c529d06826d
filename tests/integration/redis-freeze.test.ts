/**
 * Redis as a cache, never a dependency (issue 11, items 1 and 2), against
 * real PostgreSQL and a private `redis-server`:
 * - frozen with SIGSTOP (a paused VM, a stuck host), it must not hold any
 *   request: every request below is awaited while Redis is still frozen, so
 *   one that waited for Redis would never finish and the test would time out;
 * - an invalidation accepted while Redis is away must hold when Redis comes
 *   back, even restarted from a snapshot taken before it.
 */
import { Redis } from 'ioredis';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createLocalBus } from '../../server-adapter/live/bus.js';
import {
  firstStat as stat,
  healthOf as health,
  insertOrder,
  type Instance,
  PG_ENABLED,
  postInvalidate,
  recordingLogger,
  REDIS_SERVER_ENABLED,
  TINY,
} from './support/services.js';
import { tinyBackend } from './support/tiny-backend.js';

const SECRET = 'freeze-webhook-secret-0123';
const REVENUE = `v1/stats?metrics=revenue&${TINY.period}`;
const ORDERS = `v1/stats?metrics=orders&${TINY.period}`;

function webhook(instance: Instance, topics: string[]): Promise<Response> {
  return postInvalidate(instance, SECRET, topics);
}

const runs = PG_ENABLED && REDIS_SERVER_ENABLED;

describe.skipIf(!runs)('a Redis frozen with SIGSTOP', () => {
  const tiny = tinyBackend({ redis: {} });
  let a: Instance;
  const log = recordingLogger();

  beforeAll(async () => {
    a = await tiny.start({ rollups: false, redisUrl: tiny.redis.url, invalidateSecret: SECRET, logger: log });
    await a.server.liveReady();
  }, 60_000);

  it('holds no request: cached and cold reports, the webhook and v1/health all answer while it is frozen', async () => {
    expect(await stat(a, REVENUE)).toMatchObject({ value: TINY.revenue.all, hit: false });
    expect(await stat(a, REVENUE)).toMatchObject({ value: TINY.revenue.all, hit: true });

    tiny.redis.pause();
    // The first request meets the frozen store, waits out its time limit and computes; the breaker then opens.
    expect((await stat(a, REVENUE)).value).toBe(TINY.revenue.all);
    await insertOrder(tiny.db, 3, '39.50');
    const [cached, cold, told, checked] = await Promise.all([
      stat(a, REVENUE),
      stat(a, ORDERS),
      webhook(a, ['orders']),
      health(a),
    ]);
    // Either side of the webhook: the request may be answered before or after it drops the entry.
    expect([TINY.revenue.all, '400.00']).toContain(cached.value);
    expect(cold.value).toBe(5);
    expect(told.status).toBe(202);
    expect(checked).toMatchObject({ status: 'degraded', cache: { driver: 'redis', status: 'degraded' } });
    // After the webhook, still frozen: the new numbers, from PostgreSQL and then the in-process fallback.
    expect(await stat(a, REVENUE)).toMatchObject({ value: '400.00', hit: false });
    expect(await stat(a, REVENUE)).toMatchObject({ value: '400.00', hit: true });

    tiny.redis.resume();
    // The breaker closes once a background probe finds Redis answering; there is no event to await.
    await vi.waitFor(async () => expect((await health(a)).cache.status).toBe('ok'), { timeout: 10_000, interval: 50 });
    // The entry Redis held from before the freeze is never served again.
    for (let i = 0; i < 5; i++) expect((await stat(a, REVENUE)).value).toBe('400.00');
    expect(log.lines.filter((l) => l.level === 'error')).toEqual([]);
  }, 30_000);
});

describe.skipIf(!runs)('an invalidation accepted while Redis is down', () => {
  const tiny = tinyBackend({ redis: { persist: true } });
  let a: Instance;

  beforeAll(async () => {
    // The cache in Redis, the bus in process: only the cache store decides what is served after the outage
    // (a Redis bus would also resync every topic on its own reconnect, and race with it).
    a = await tiny.start({
      rollups: false,
      cache: { redisUrl: tiny.redis.url },
      bus: createLocalBus(),
      invalidateSecret: SECRET,
      logger: recordingLogger(),
    });
  }, 60_000);

  afterEach(async () => {
    await tiny.redis.start().catch(() => {});
  });

  it('is never undone by a Redis restarted from a snapshot holding the old entry', async () => {
    expect(await stat(a, REVENUE)).toMatchObject({ value: TINY.revenue.all, hit: false });
    expect(await stat(a, REVENUE)).toMatchObject({ value: TINY.revenue.all, hit: true });
    // The snapshot holds the entry computed before the change.
    const admin = new Redis(tiny.redis.url, { maxRetriesPerRequest: 1 });
    await admin.save();
    admin.disconnect();

    await tiny.redis.kill();
    await insertOrder(tiny.db, 3, '39.50');
    expect((await webhook(a, ['orders'])).status).toBe(202);
    expect((await stat(a, REVENUE)).value).toBe('400.00');

    await tiny.redis.start();
    await vi.waitFor(async () => expect((await health(a)).cache.status).toBe('ok'), { timeout: 10_000, interval: 50 });
    const seen = [];
    for (let i = 0; i < 10; i++) seen.push(await stat(a, REVENUE));
    expect(seen.map((s) => s.value)).toEqual(Array(10).fill('400.00'));
    // Served from Redis again, not recomputed every time.
    expect(seen.at(-1)).toMatchObject({ hit: true, stale: false });
  }, 30_000);
});
