/**
 * Live updates across instances, for real: two dashboard servers on
 * node:http sharing PostgreSQL (own schema) and Redis (own prefix and
 * channel). An invalidation on one reaches the SSE clients of the other
 * within a second, and their refetch gets fresh numbers; the webhook's
 * answers; 1,000 SSE connects and disconnects leave nothing behind.
 */
import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import {
  HealthResponse,
  InvalidateEvent,
  InvalidateResponse,
  Problem,
  StatsResponse,
} from '../../src/contract/index.js';
import { connectSse } from './support/sse.js';
import {
  insertOrder,
  type Instance,
  PG_ENABLED,
  REDIS_ENABLED,
  REDIS_URL,
  recordingLogger,
  TINY,
} from './support/services.js';
import { tinyBackend } from './support/tiny-backend.js';

const SECRET = `webhook-${randomUUID()}`;
const REVENUE = `v1/stats?metrics=revenue,orders&${TINY.period}`;

async function revenue(instance: Instance): Promise<{ value: unknown; hit: boolean; stale: boolean }> {
  const { status, body } = await instance.json(REVENUE);
  expect(status).toBe(200);
  const stats = StatsResponse.parse(body);
  return { value: stats.stats[0]?.value, ...stats.cache };
}

function webhook(instance: Instance, body: string, authorization: string | null = `Bearer ${SECRET}`) {
  return instance.get('v1/invalidate', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization === null ? {} : { authorization }) },
    body,
  });
}

describe.skipIf(!PG_ENABLED || !REDIS_ENABLED)('two instances sharing Redis and PostgreSQL', () => {
  const tiny = tinyBackend();
  let a: Instance;
  let b: Instance;
  const logger = recordingLogger();

  beforeAll(async () => {
    const shared = {
      // Rollups on (the PostgreSQL default), in a schema of this test's own: the months-old orders these tests
      // insert are exact right after the invalidation (docs/adapter.md#daily-rollups).
      rollups: { schema: tiny.rollupSchema },
      redisUrl: REDIS_URL,
      redisPrefix: `dk-test:${randomUUID()}:`,
      invalidateSecret: SECRET,
      logger,
    };
    a = await tiny.start(shared);
    b = await tiny.start(shared);
    await Promise.all([a.server.liveReady(), b.server.liveReady()]);
  }, 60_000);

  it('invalidate on one: the SSE client on the other gets the event within 1 s, then fresh numbers', async () => {
    expect(await revenue(a)).toMatchObject({ value: TINY.revenue.all, hit: false });
    // The cache is shared: B is served what A computed.
    expect(await revenue(b)).toMatchObject({ value: TINY.revenue.all, hit: true });

    const sse = await connectSse(`${b.base}v1/events`);
    expect(sse.status).toBe(200);
    expect((await sse.next()).retry).toBe('3000');

    await insertOrder(tiny.db, 2, '39.50');
    // Until told, both keep serving the cached numbers.
    expect((await revenue(b)).value).toBe(TINY.revenue.all);

    const started = performance.now();
    const response = await webhook(a, '{"topics":["orders"]}');
    expect(response.status).toBe(202);
    const accepted = InvalidateResponse.parse(await response.json());
    expect(accepted.topics).toEqual(['orders']);
    expect(accepted.dropped).toBeGreaterThanOrEqual(1);

    const frame = await sse.nextEvent('invalidate', 1000);
    const elapsed = performance.now() - started;
    console.info(`[live] webhook on A → invalidate event on B's SSE client: ${elapsed.toFixed(1)} ms`);
    expect(InvalidateEvent.parse(JSON.parse(frame.data!)).topics).toEqual(['orders']);

    expect(await revenue(b)).toMatchObject({ value: '400.00', hit: false });
    expect(await revenue(a)).toMatchObject({ value: '400.00', hit: true });
    sse.close();
  });

  it('server.invalidate() on one reaches the other the same way', async () => {
    const sse = await connectSse(`${a.base}v1/events`);
    await sse.next();
    await b.server.invalidate(['products']);
    expect(JSON.parse((await sse.nextEvent('invalidate', 1000)).data!).topics).toEqual(['products']);
    sse.close();
  });

  it('answers the webhook 401 without or with a wrong secret, 400 on unknown topics or bad JSON', async () => {
    for (const authorization of [null, 'Bearer nope', `Bearer ${SECRET}-`, `Basic ${SECRET}`]) {
      const response = await webhook(a, '{"topics":["orders"]}', authorization);
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
    }
    for (const body of ['{"topics":["orders","refunds"]}', '{"topics":', '{}']) {
      const response = await webhook(a, body);
      expect(response.status).toBe(400);
      const problem = Problem.parse(await response.json());
      expect(problem.errors?.map((e) => e.param)).toContain('topics');
    }
  });

  it('1,000 SSE connects and disconnects over HTTP leave no client and one bus listener behind', async () => {
    const url = new URL(`${a.base}v1/events`);
    const cycle = () =>
      new Promise<void>((resolve, reject) => {
        const req = httpRequest(url, { headers: { accept: 'text/event-stream' } }, (res) => {
          if (res.statusCode !== 200) {
            reject(new Error(`status ${res.statusCode}`));
            return;
          }
          // The first frame proves the stream is registered; then the client goes away.
          res.once('data', () => {
            req.destroy();
            resolve();
          });
        });
        req.on('error', (error) => {
          if (!req.destroyed) reject(error);
        });
        req.end();
      });
    for (let round = 0; round < 10; round++) await Promise.all(Array.from({ length: 100 }, cycle));

    const health = async () => HealthResponse.parse((await a.json('v1/health')).body);
    // Socket closes reach the server asynchronously; wait for them rather than for a fixed time.
    await vi.waitFor(async () => expect((await health()).live?.clients).toBe(0), { timeout: 5000, interval: 20 });
    const live = (await health()).live!;
    expect(live.bus).toEqual({ driver: 'redis', status: 'ok', listeners: 1 });

    // And the stream still works.
    const sse = await connectSse(`${a.base}v1/events`);
    await sse.next();
    await a.server.invalidate(['customers']);
    expect(JSON.parse((await sse.nextEvent('invalidate', 1000)).data!).topics).toEqual(['customers']);
    sse.close();
  }, 60_000);

  it('reports per-endpoint counts and latency, hit ratio, source, cache and bus status in v1/health', async () => {
    const health = HealthResponse.parse((await b.json('v1/health')).body);
    expect(health.status).toBe('ok');
    expect(health.source).toMatchObject({ kind: 'pg', status: 'ok' });
    expect(health.cache).toMatchObject({ driver: 'redis', status: 'ok' });
    expect(health.cache.hitRatio).toBeGreaterThan(0);
    const stats = health.endpoints.find((e) => e.endpoint === 'stats');
    expect(stats?.requests).toBeGreaterThanOrEqual(3);
    expect(stats?.p50Ms).toBeGreaterThan(0);
    expect(stats?.p95Ms).toBeGreaterThanOrEqual(stats!.p50Ms!);
    expect(health.live?.bus).toMatchObject({ driver: 'redis', status: 'ok' });
    expect(logger.lines.filter((l) => l.level !== 'info')).toEqual([]);
  });
});
