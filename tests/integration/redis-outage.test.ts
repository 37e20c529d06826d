/**
 * Redis failing under two instances: a private `redis-server` (spare port, no
 * persistence) that is not running when the instances start, then started,
 * then killed mid-run with SIGKILL and started again. Throughout, both
 * instances answer with the right numbers from PostgreSQL; each outage is
 * logged once, not per request; when Redis is back the shared cache and the
 * bus resume and the SSE clients are told to refetch.
 */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { connectSse } from './support/sse.js';
import {
  firstStat,
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

const SECRET = 'outage-webhook-secret-0123';
const REVENUE = `v1/stats?metrics=revenue&${TINY.period}`;

async function revenue(instance: Instance): Promise<{ value: unknown; hit: boolean }> {
  const { value, hit } = await firstStat(instance, REVENUE);
  return { value, hit };
}

describe.skipIf(!PG_ENABLED || !REDIS_SERVER_ENABLED)('a private Redis going away under two instances', () => {
  // Not started: the instances start while Redis is down.
  const tiny = tinyBackend({ redis: { start: false } });
  let a: Instance;
  let b: Instance;
  const logs = { a: recordingLogger(), b: recordingLogger() };

  beforeAll(async () => {
    // Rollups on, in this test's own schema: its months-old orders are exact right after the invalidation.
    const shared = {
      rollups: { schema: tiny.rollupSchema },
      redisUrl: tiny.redis.url,
      invalidateSecret: SECRET,
    };
    a = await tiny.start({ ...shared, logger: logs.a });
    b = await tiny.start({ ...shared, logger: logs.b });
  }, 60_000);

  it('serves right numbers while Redis is down at start, and shares the cache once it is up', async () => {
    for (let i = 0; i < 10; i++) {
      expect((await revenue(a)).value).toBe(TINY.revenue.all);
      expect((await revenue(b)).value).toBe(TINY.revenue.all);
    }
    for (const instance of [a, b]) {
      expect(await health(instance)).toMatchObject({
        status: 'degraded',
        cache: { driver: 'redis', status: 'degraded' },
        live: { bus: { driver: 'redis', status: 'degraded' } },
      });
    }

    await tiny.redis.start();
    await Promise.all([a.server.liveReady(), b.server.liveReady()]);
    // The cache store reconnects on its own schedule (ioredis backoff): wait for it, there is no event to await.
    for (const instance of [a, b]) {
      await vi.waitFor(
        async () =>
          expect(await health(instance)).toMatchObject({
            status: 'ok',
            cache: { status: 'ok' },
            live: { bus: { status: 'ok' } },
          }),
        { timeout: 10_000, interval: 50 },
      );
    }
    // Shared again: what A computes now, B is served.
    await a.server.invalidate(['orders']);
    expect(await revenue(a)).toEqual({ value: TINY.revenue.all, hit: false });
    expect(await revenue(b)).toEqual({ value: TINY.revenue.all, hit: true });
  }, 30_000);

  it('keeps serving right numbers when Redis is killed mid-run, and recovers when it returns', async () => {
    const sse = await connectSse(`${b.base}v1/events`);
    await sse.next();

    await tiny.redis.kill();
    for (let i = 0; i < 10; i++) {
      expect((await revenue(a)).value).toBe(TINY.revenue.all);
      expect((await revenue(b)).value).toBe(TINY.revenue.all);
    }
    for (const instance of [a, b]) {
      expect(await health(instance)).toMatchObject({ status: 'degraded', cache: { status: 'degraded' } });
    }

    // A change while Redis is away: the instance told serves the new numbers at once.
    await insertOrder(tiny.db, 3, '39.50');
    const told = await postInvalidate(a, SECRET, ['orders']);
    expect(told.status).toBe(202);
    expect((await revenue(a)).value).toBe('400.00');

    // Redis returns: the bus resumes, B's widgets are told to refetch, and B serves the new numbers.
    await tiny.redis.start();
    await Promise.all([a.server.liveReady(), b.server.liveReady()]);
    const frame = await sse.nextEvent('invalidate', 10_000);
    expect(JSON.parse(frame.data!).topics).toContain('orders');
    expect((await revenue(b)).value).toBe('400.00');
    expect((await revenue(a)).value).toBe('400.00');
    await vi.waitFor(async () => expect((await health(b)).status).toBe('ok'), { timeout: 10_000, interval: 50 });
    sse.close();

    // Each outage was logged once per instance, not once per request.
    for (const log of [logs.a, logs.b]) {
      const busWarnings = log.lines.filter((l) => l.message.startsWith('redis invalidation bus unavailable'));
      expect(busWarnings).toHaveLength(2);
      expect(log.lines.filter((l) => l.level !== 'info').length).toBeLessThanOrEqual(8);
      expect(log.lines.filter((l) => l.level === 'error')).toEqual([]);
    }
  }, 30_000);
});
