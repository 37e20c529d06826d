import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisStore } from './redis.js';
import { describeStore, makeEntry, redisTarget } from './store.suite.js';

const target = await redisTarget();
/** Unique per run: test files and concurrent runs share the server. */
const runPrefix = `dk-test:${randomUUID()}:`;

describeStore(
  'redis',
  (namespace) => ({ store: createRedisStore({ url: target.url, prefix: `${runPrefix}${namespace}:` }), now: Date.now }),
  { skip: target.skip },
);

describe.skipIf(target.skip)('createRedisStore against Redis', () => {
  let admin: Redis;

  beforeAll(() => {
    admin = new Redis(target.url, { maxRetriesPerRequest: 1 });
  });

  afterAll(async () => {
    const keys = await admin.keys(`${runPrefix}*`);
    if (keys.length > 0) await admin.del(...keys);
    await admin.quit();
  });

  it('keeps entries and tag sets under its prefix, each tag set expiring no earlier than its members', async () => {
    const prefix = `${runPrefix}layout:`;
    const store = createRedisStore({ url: target.url, prefix });
    const now = Date.now();
    await store.set('short', makeEntry(now, { staleUntil: now + 20_000, tags: ['orders'] }));
    await store.set('long', makeEntry(now, { staleUntil: now + 90_000, tags: ['orders'] }));
    await store.set('shorter', makeEntry(now, { staleUntil: now + 10_000, tags: ['orders'] }));

    expect((await admin.keys(`${prefix}*`)).sort()).toEqual(
      [`${prefix}e:long`, `${prefix}e:short`, `${prefix}e:shorter`, `${prefix}t:orders`].sort(),
    );
    // The set's expiry follows its longest-lived member (90 s): raised past the first (20 s), not lowered by the
    // last (10 s), and never absent, so tag sets cannot outlive their entries or grow forever.
    const tagTtl = await admin.pttl(`${prefix}t:orders`);
    expect(tagTtl).toBeGreaterThan(80_000);
    expect(tagTtl).toBeLessThanOrEqual(90_000);
    await store.close();
  });

  it('clear() removes only its own prefix, even when the prefix contains glob characters', async () => {
    const globby = createRedisStore({ url: target.url, prefix: `${runPrefix}a*[b]:` });
    const neighbour = createRedisStore({ url: target.url, prefix: `${runPrefix}ax[b]:` });
    await globby.set('k', makeEntry(Date.now()));
    await neighbour.set('k', makeEntry(Date.now()));
    await globby.clear();
    expect(await globby.get('k')).toBeUndefined();
    expect(await neighbour.get('k')).toBeDefined();
    await globby.close();
    await neighbour.close();
  });

  it('treats a value it cannot read as a miss and removes it', async () => {
    const prefix = `${runPrefix}corrupt:`;
    const store = createRedisStore({ url: target.url, prefix });
    await admin.set(`${prefix}e:k`, '{"body":42}', 'PX', 60_000);
    expect(await store.get('k')).toBeUndefined();
    expect(await admin.exists(`${prefix}e:k`)).toBe(0);
    await store.close();
  });

  it('uses a client it is given and leaves it open on close()', async () => {
    const client = new Redis(target.url, { maxRetriesPerRequest: 1 });
    const store = createRedisStore({ client, prefix: `${runPrefix}given:` });
    await store.set('k', makeEntry(Date.now()));
    expect(await store.get('k')).toBeDefined();
    await store.close();
    expect(await client.ping()).toBe('PONG');
    await client.quit();
  });

  it('fails operations after close() instead of reconnecting', async () => {
    const store = createRedisStore({ url: target.url, prefix: `${runPrefix}closed:` });
    await store.get('k');
    await store.close();
    await expect(store.get('k')).rejects.toThrow(/closed/);
  });
});

describe('createRedisStore with Redis unreachable', () => {
  it('fails each operation promptly instead of queueing it, and reports the connection error', async () => {
    const errors: Error[] = [];
    // Port 1 on loopback: connection refused at once.
    const store = createRedisStore({ url: 'redis://127.0.0.1:1', prefix: 'unused:', onError: (e) => errors.push(e) });
    await expect(store.get('k')).rejects.toThrow();
    // Later calls do not wait for a reconnect either.
    await expect(store.set('k', makeEntry(Date.now()))).rejects.toThrow();
    await expect(store.invalidateTags(['orders'])).rejects.toThrow();
    expect(errors.length).toBeGreaterThan(0);
    await store.close();
  });
});
