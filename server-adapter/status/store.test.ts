/**
 * The status stores against one contract: the in-process one, and Redis (the
 * shared server, each test run under its own key prefix; nothing is flushed).
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { redisTarget } from '../cache/store.suite.js';
import { createRedisStatusStore } from './redis.js';
import { createMemoryStatusStore, type RunReport, type StatusStore } from './store.js';

const redis = await redisTarget();

const run = (status: RunReport['status'], at: string, more: Partial<RunReport> = {}): RunReport => ({
  status,
  at,
  nextRunAt: undefined,
  message: undefined,
  ...more,
});

const opened: StatusStore[] = [];
const prefixes = new Set<string>();
afterAll(async () => {
  await Promise.all(opened.map((s) => s.close()));
  if (redis.skip || prefixes.size === 0) return;
  // The shared Redis is left as found: only this run's keys go.
  const client = new Redis(redis.url);
  for (const prefix of prefixes) {
    const keys = await client.keys(`${prefix}*`);
    if (keys.length) await client.del(...keys);
  }
  await client.quit();
});

const drivers: [string, boolean, (prefix: string) => StatusStore][] = [
  ['memory', false, () => createMemoryStatusStore()],
  ['redis', redis.skip, (prefix) => createRedisStatusStore({ url: redis.url, prefix })],
];

for (const [name, skip, make] of drivers) {
  describe.skipIf(skip)(`StatusStore contract: ${name}`, () => {
    const open = (prefix = `dkstatus-${randomUUID()}:`) => {
      prefixes.add(prefix);
      const store = make(prefix);
      opened.push(store);
      return store;
    };

    it('keeps the last run, the last success through failures, and clears a message with the next run', async () => {
      const store = open();
      expect(await store.runs(['etl'])).toEqual(new Map());
      await store.applyRun('etl', run('ok', '2026-11-21T02:00:00.000Z', { nextRunAt: '2026-11-22T02:00:00.000Z' }));
      const failed = await store.applyRun(
        'etl',
        run('failed', '2026-11-22T02:00:05.000Z', { message: 'QuickBooks: 503 Service Unavailable' }),
      );
      expect(failed).toEqual({
        status: 'failed',
        lastRunAt: '2026-11-22T02:00:05.000Z',
        lastSuccessAt: '2026-11-21T02:00:00.000Z',
        // Not given: the earlier promise stands.
        nextRunAt: '2026-11-22T02:00:00.000Z',
        message: 'QuickBooks: 503 Service Unavailable',
      });
      await store.applyRun('etl', run('running', '2026-11-22T03:00:00.000Z', { nextRunAt: null }));
      expect((await store.runs(['etl', 'other'])).get('etl')).toEqual({
        status: 'running',
        lastRunAt: '2026-11-22T03:00:00.000Z',
        lastSuccessAt: '2026-11-21T02:00:00.000Z',
        nextRunAt: null,
        message: null,
      });
    });

    it('ignores a report older than the last one applied, and applies one of the same instant', async () => {
      const store = open();
      await store.applyRun('etl', run('ok', '2026-11-21T02:00:00.500Z'));
      const older = await store.applyRun('etl', run('failed', '2026-11-21T02:00:00.499Z', { message: 'late retry' }));
      expect(older).toMatchObject({ status: 'ok', message: null });
      const same = await store.applyRun('etl', run('failed', '2026-11-21T02:00:00.500Z', { message: 'same ms' }));
      expect(same).toMatchObject({ status: 'failed', message: 'same ms', lastSuccessAt: '2026-11-21T02:00:00.500Z' });
    });

    it('keeps the newest change heard', async () => {
      const store = open();
      expect(await store.lastChange()).toBeNull();
      await store.heard({ at: '2026-11-21T10:00:00.000Z', topics: ['orders'] });
      await store.heard({ at: '2026-11-21T09:00:00.000Z', topics: ['invoices'] });
      expect(await store.lastChange()).toEqual({ at: '2026-11-21T10:00:00.000Z', topics: ['orders'] });
      await store.heard({ at: '2026-11-21T10:00:01.000Z', topics: ['customers', 'orders'] });
      expect(await store.lastChange()).toEqual({ at: '2026-11-21T10:00:01.000Z', topics: ['customers', 'orders'] });
    });

    if (name === 'redis') {
      it('is shared: what one instance stores, another reads', async () => {
        const prefix = `dkstatus-${randomUUID()}:`;
        const [a, b] = [open(prefix), open(prefix)];
        await a.applyRun('etl', run('failed', '2026-11-21T02:00:00.000Z', { message: 'boom' }));
        await a.heard({ at: '2026-11-21T10:00:00.000Z', topics: ['orders'] });
        expect((await b.runs(['etl'])).get('etl')).toMatchObject({ status: 'failed', message: 'boom' });
        expect(await b.lastChange()).toEqual({ at: '2026-11-21T10:00:00.000Z', topics: ['orders'] });
        // Two instances applying at once: the newer report wins whatever the order they land in.
        await Promise.all([
          a.applyRun('etl', run('ok', '2026-11-21T03:00:00.000Z')),
          b.applyRun('etl', run('running', '2026-11-21T02:30:00.000Z')),
        ]);
        expect((await a.runs(['etl'])).get('etl')).toMatchObject({
          status: 'ok',
          lastRunAt: '2026-11-21T03:00:00.000Z',
        });
      });
    }
  });
}

describe('Redis status store while Redis is unreachable', () => {
  it('serves what it last knew, refuses run reports, and keeps changes in memory', async () => {
    // Nothing listens on port 1.
    const errors: Error[] = [];
    const store = createRedisStatusStore({ url: 'redis://127.0.0.1:1', prefix: 'x:', onError: (e) => errors.push(e) });
    opened.push(store);
    await expect(store.applyRun('etl', run('ok', '2026-11-21T02:00:00.000Z'))).rejects.toThrow();
    expect(await store.runs(['etl'])).toEqual(new Map());
    await store.heard({ at: '2026-11-21T10:00:00.000Z', topics: ['orders'] });
    expect(await store.lastChange()).toEqual({ at: '2026-11-21T10:00:00.000Z', topics: ['orders'] });
    expect(errors.length).toBeGreaterThan(0);
  });
});
