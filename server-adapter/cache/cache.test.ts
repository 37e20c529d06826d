import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CacheInfo } from '../../src/contract/index.js';
import { PUBLIC_SCOPE, type Scope } from '../auth/scope.js';
import { createReportCache, type ReportCache, type ReportCacheOptions } from './cache.js';
import { cacheKey, etagOf, MAX_KEY_LENGTH, renderBody } from './entry.js';
import { createMemoryStore } from './memory.js';
import { createRedisStore } from './redis.js';
import { redisTarget } from './store.suite.js';
import type { CachePolicy, CacheStore } from './types.js';

const target = await redisTarget();
const runPrefix = `dk-test:${randomUUID()}:`;

/** One clock for cache and store, moved by hand; it starts at the real time so Redis (which expires by its own clock) agrees. */
function manualClock() {
  let offset = 0;
  return { now: () => Date.now() + offset, advance: (ms: number) => void (offset += ms) };
}

const drivers: { name: string; skip: boolean; make: (now: () => number) => CacheStore }[] = [
  { name: 'memory', skip: false, make: (now) => createMemoryStore({ now }) },
  {
    name: 'redis',
    skip: target.skip,
    make: () => createRedisStore({ url: target.url, prefix: `${runPrefix}${randomUUID()}:` }),
  },
];

const POLICY: CachePolicy = { ttlSeconds: 60, staleSeconds: 300, tags: ['orders'] };

function deferred<T = void>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** A compute that counts its calls and answers `{generatedAt, value}` with the value of the moment. */
function counter(initial = 1) {
  const state = { calls: 0, value: initial as number | Error, gate: undefined as Promise<void> | undefined };
  const compute = async () => {
    state.calls++;
    const value = state.value;
    // Always asynchronous, like a query; optionally held until the test opens the gate.
    await new Promise((resolve) => setImmediate(resolve));
    if (state.gate) await state.gate;
    if (value instanceof Error) throw value;
    return { generatedAt: '2025-01-01T00:00:00.000Z', value };
  };
  return Object.assign(state, { compute });
}

for (const driver of drivers) {
  describe.skipIf(driver.skip)(`ReportCache on ${driver.name}`, () => {
    let clock: ReturnType<typeof manualClock>;
    let store: CacheStore;
    let cache: ReportCache;
    let onError: ReturnType<typeof vi.fn<NonNullable<ReportCacheOptions['onError']>>>;

    beforeEach(() => {
      clock = manualClock();
      store = driver.make(clock.now);
      onError = vi.fn<NonNullable<ReportCacheOptions['onError']>>();
      // No time limit on the store here: these tests are about semantics, not about a slow machine's Redis.
      cache = createReportCache({ store, now: clock.now, onError, storeTimeoutMs: Infinity });
    });

    afterEach(async () => {
      await cache.idle();
      await store.clear();
      await store.close();
    });

    it('runs one computation for 100 concurrent cold gets, and all get the same entry', async () => {
      const c = counter();
      const results = await Promise.all(Array.from({ length: 100 }, () => cache.get('k', POLICY, c.compute)));
      expect(c.calls).toBe(1);
      expect(new Set(results.map((r) => r.entry)).size).toBe(1);
      expect(results.every((r) => !r.hit && !r.stale)).toBe(true);

      const again = await cache.get('k', POLICY, c.compute);
      expect(c.calls).toBe(1);
      expect(again).toMatchObject({ hit: true, stale: false });
      expect(again.entry.etag).toBe(results[0]?.entry.etag);
      expect(cache.stats()).toMatchObject({ hits: 1, misses: 100, stale: 0, errors: 0 });
    });

    it('gives every waiter the error of a failed computation and does not cache it', async () => {
      const c = counter();
      c.value = new Error('database down');
      const settled = await Promise.allSettled(Array.from({ length: 10 }, () => cache.get('k', POLICY, c.compute)));
      expect(c.calls).toBe(1);
      expect(settled.every((s) => s.status === 'rejected' && (s.reason as Error).message === 'database down')).toBe(
        true,
      );
      expect(await store.get('k')).toBeUndefined();

      c.value = 7;
      const ok = await cache.get('k', POLICY, c.compute);
      expect(c.calls).toBe(2);
      expect(JSON.parse(renderBody(ok.entry, ok)).value).toBe(7);
      expect(cache.stats().errors).toBe(1);
    });

    it('serves a stale entry at once and refreshes it exactly once in the background', async () => {
      const c = counter(1);
      const first = await cache.get('k', POLICY, c.compute);
      clock.advance(61_000);

      c.value = 2;
      const gate = deferred();
      c.gate = gate.promise;
      // Answered while the refresh is still held at the gate: stale data is served without waiting.
      const stale = await Promise.all(Array.from({ length: 5 }, () => cache.get('k', POLICY, c.compute)));
      for (const r of stale) {
        expect(r).toMatchObject({ hit: true, stale: true, ageSeconds: 61 });
        expect(r.entry.etag).toBe(first.entry.etag);
        expect(r.error).toBeUndefined();
      }
      expect(c.calls).toBe(2);

      gate.resolve();
      await cache.idle();
      const fresh = await cache.get('k', POLICY, c.compute);
      expect(fresh).toMatchObject({ hit: true, stale: false, ageSeconds: 0 });
      expect(JSON.parse(renderBody(fresh.entry, fresh)).value).toBe(2);
      expect(fresh.entry.etag).not.toBe(first.entry.etag);
      expect(c.calls).toBe(2);
      expect(cache.stats()).toMatchObject({ misses: 1, hits: 6, stale: 5 });
      expect(onError).not.toHaveBeenCalled();
    });

    it('keeps serving stale data while the source fails, marks it, and reports the failure', async () => {
      const c = counter(1);
      const first = await cache.get('k', POLICY, c.compute);
      clock.advance(61_000);
      const down = new Error('connection refused');
      c.value = down;

      const stale = await cache.get('k', POLICY, c.compute);
      expect(stale).toMatchObject({ hit: true, stale: true });
      expect(stale.entry.etag).toBe(first.entry.etag);
      await cache.idle();
      expect(onError).toHaveBeenCalledWith(down, { operation: 'refresh', key: 'k' });

      // The next request knows the refresh failed; it still gets the stale entry (and starts another refresh).
      const marked = await cache.get('k', POLICY, c.compute);
      expect(marked).toMatchObject({ hit: true, stale: true, error: down });
      await cache.idle();
      expect(c.calls).toBe(3);
      expect(cache.stats().errors).toBe(2);

      // Past staleUntil nothing may be served: the error reaches the caller.
      clock.advance(300_000);
      await expect(cache.get('k', POLICY, c.compute)).rejects.toBe(down);

      // Recovery clears the mark.
      c.value = 3;
      const back = await cache.get('k', POLICY, c.compute);
      expect(back).toMatchObject({ hit: false, stale: false });
      expect(back.error).toBeUndefined();
    });

    it('returns a computation overtaken by an invalidation of its tags to its waiters, without storing it', async () => {
      const c = counter(1);
      const gate = deferred();
      c.gate = gate.promise;
      const pending = Promise.all([cache.get('k', POLICY, c.compute), cache.get('k', POLICY, c.compute)]);
      await vi.waitFor(() => expect(c.calls).toBe(1));
      await cache.invalidate(['customers', 'orders']);
      gate.resolve();

      const results = await pending;
      for (const r of results) expect(JSON.parse(renderBody(r.entry, r)).value).toBe(1);
      await cache.idle();
      expect(await store.get('k')).toBeUndefined();
      expect((await cache.get('k', POLICY, c.compute)).hit).toBe(false);
      expect(c.calls).toBe(2);
    });

    it('does not store a computation that an invalidation of its tags overtook, nor let later requests join it', async () => {
      const c = counter(1);
      const gate = deferred();
      c.gate = gate.promise;
      const before = cache.get('k', POLICY, c.compute);
      await vi.waitFor(() => expect(c.calls).toBe(1));

      await cache.invalidate(['orders']);
      c.value = 2;
      const after = cache.get('k', POLICY, c.compute);
      await vi.waitFor(() => expect(c.calls).toBe(2));
      gate.resolve();

      // Each waiter gets its own computation's answer…
      const [old, fresh] = await Promise.all([before, after]);
      expect(JSON.parse(renderBody(old.entry, old)).value).toBe(1);
      expect(JSON.parse(renderBody(fresh.entry, fresh)).value).toBe(2);
      // …and only the one that started after the invalidation is cached.
      await cache.idle();
      expect((await store.get('k'))?.etag).toBe(fresh.entry.etag);
      const hit = await cache.get('k', POLICY, c.compute);
      expect(hit.hit).toBe(true);
      expect(hit.entry.etag).toBe(fresh.entry.etag);
    });

    it('stores a computation when only unrelated tags were invalidated meanwhile', async () => {
      const c = counter(1);
      const gate = deferred();
      c.gate = gate.promise;
      const pending = cache.get('k', POLICY, c.compute);
      await vi.waitFor(() => expect(c.calls).toBe(1));
      await cache.invalidate(['products']);
      gate.resolve();
      const result = await pending;
      expect((await store.get('k'))?.etag).toBe(result.entry.etag);
    });

    it('invalidate drops the tagged entries, counts them, and the next get recomputes', async () => {
      const c = counter(1);
      await cache.get('a', POLICY, c.compute);
      await cache.get('b', { ...POLICY, tags: ['orders', 'customers'] }, c.compute);
      await cache.get('p', { ...POLICY, tags: ['products'] }, c.compute);
      expect(await cache.invalidate(['orders'])).toBe(2);
      await cache.get('a', POLICY, c.compute);
      await cache.get('p', { ...POLICY, tags: ['products'] }, c.compute);
      expect(c.calls).toBe(4);
    });

    it('renders a body that parses as JSON with the cache block, and an ETag stable across hits', async () => {
      const c = counter(42);
      const miss = await cache.get('k', POLICY, c.compute);
      clock.advance(5_000);
      const hit = await cache.get('k', POLICY, c.compute);

      const parsed = JSON.parse(renderBody(hit.entry, hit)) as Record<string, unknown>;
      expect(parsed).toEqual({
        generatedAt: '2025-01-01T00:00:00.000Z',
        value: 42,
        cache: { hit: true, ageSeconds: 5, stale: false, refreshFailed: false },
      });
      expect(CacheInfo.parse(parsed.cache)).toEqual({ hit: true, ageSeconds: 5, stale: false, refreshFailed: false });
      expect(JSON.parse(renderBody(miss.entry, miss)).cache).toEqual({
        hit: false,
        ageSeconds: 0,
        stale: false,
        refreshFailed: false,
      });
      expect(hit.entry.etag).toBe(miss.entry.etag);
      expect(hit.entry.etag).toBe(etagOf(hit.entry.body));

      await cache.invalidate(['orders']);
      c.value = 43;
      const changed = await cache.get('k', POLICY, c.compute);
      expect(changed.entry.etag).not.toBe(miss.entry.etag);
    });

    it('does not store a report whose policy allows no caching', async () => {
      const c = counter();
      const none: CachePolicy = { ttlSeconds: 0, staleSeconds: 0, tags: [] };
      await cache.get('k', none, c.compute);
      await cache.get('k', none, c.compute);
      expect(c.calls).toBe(2);
      expect(await store.get('k')).toBeUndefined();
    });
  });
}

describe('ReportCache when its store fails', () => {
  function brokenStore(): CacheStore & { calls: number } {
    const fail = async () => {
      broken.calls++;
      throw new Error('ECONNREFUSED');
    };
    const broken = {
      driver: 'broken',
      calls: 0,
      get: fail,
      set: fail,
      delete: fail,
      invalidateTags: fail,
      clear: fail,
      size: fail,
      close: async () => {},
    };
    return broken;
  }

  it('computes instead, takes the store out of the request path, and reports the outage once', async () => {
    const store = brokenStore();
    const onError = vi.fn();
    const cache = createReportCache({ store, onError });
    const c = counter(5);
    for (let i = 0; i < 3; i++) {
      const result = await cache.get('k', POLICY, c.compute);
      expect(result.hit).toBe(false);
    }
    expect(c.calls).toBe(3);
    // The first failure opens the breaker: later gets and sets do not touch the store until a probe is due.
    expect(store.calls).toBe(1);
    expect(onError).toHaveBeenCalledTimes(1);
    expect(onError).toHaveBeenCalledWith(expect.objectContaining({ message: 'ECONNREFUSED' }), {
      operation: 'get',
      key: 'k',
    });
    expect(cache.stats()).toMatchObject({ storeErrors: 1, storeHealthy: false, misses: 3 });
    expect(cache.storeStatus()).toBe('degraded');
    expect(await cache.invalidate(['orders'])).toBe(0);
  });

  it('waits at most its time limit on a store that never answers, then stops asking it until it answers again', async () => {
    let hang = true;
    const memory = createMemoryStore();
    const calls: string[] = [];
    const never = new Promise<never>(() => {});
    const frozen: CacheStore = {
      ...memory,
      driver: 'frozen',
      get: (key) => (calls.push(`get ${key}`), hang ? never : memory.get(key)),
      set: (key, entry) => (calls.push(`set ${key}`), hang ? never : memory.set(key, entry)),
      invalidateTags: (tags) => (calls.push(`invalidate ${tags.join()}`), hang ? never : memory.invalidateTags(tags)),
    };
    const cache = createReportCache({ store: frozen, fallback: createMemoryStore(), storeTimeoutMs: 20 });
    const c = counter(5);
    // Answered, although the store never answers: the get waited 20 ms, then the fallback served.
    expect(await cache.get('k', POLICY, c.compute)).toMatchObject({ hit: false });
    expect(await cache.get('k', POLICY, c.compute)).toMatchObject({ hit: true });
    expect(await cache.invalidate(['orders'])).toBe(1);
    expect(calls).toEqual(['get k']);
    expect(cache.storeStatus()).toBe('degraded');

    hang = false;
    // A probe, started by a request once the pause is over, finds the store answering and puts it back.
    await vi.waitFor(() => expect(cache.storeStatus()).toBe('ok'), { timeout: 5000, interval: 20 });
    // The invalidation the store missed was applied to it before it served again.
    expect(calls).toContain('invalidate orders');
    expect(await cache.get('k', POLICY, c.compute)).toMatchObject({ hit: false });
    expect(calls.at(-1)).toBe('set k');
    expect(await cache.get('k', POLICY, c.compute)).toMatchObject({ hit: true });
  });

  it('never serves an entry created before an invalidation, even when the store missed the invalidation', async () => {
    const clock = manualClock();
    const memory = createMemoryStore({ now: clock.now });
    let deaf = false;
    // A store that hands back what it held before, as a Redis restarted from an old snapshot does.
    const forgetful: CacheStore = {
      ...memory,
      invalidateTags: async (tags) => {
        if (deaf) throw new Error('ECONNREFUSED');
        return memory.invalidateTags(tags);
      },
    };
    const cache = createReportCache({
      store: forgetful,
      fallback: createMemoryStore({ now: clock.now }),
      now: clock.now,
      storeTimeoutMs: Infinity,
    });
    const c = counter(1);
    await cache.get('k', POLICY, c.compute);
    await cache.get('other', { ...POLICY, tags: ['products'] }, c.compute);
    const old = await memory.get('k');
    clock.advance(1000);
    deaf = true;
    c.value = 2;
    await cache.invalidate(['orders']);
    expect((await cache.get('k', POLICY, c.compute)).entry.body).toContain('"value":2');

    deaf = false;
    await vi.waitFor(() => expect(cache.storeStatus()).toBe('ok'), { timeout: 5000, interval: 20 });
    // The store comes back holding the old entry (a snapshot from before the invalidation): never served.
    await memory.set('k', old!);
    const after = await cache.get('k', POLICY, c.compute);
    expect(after).toMatchObject({ hit: false });
    expect(after.entry.body).toContain('"value":2');
    expect(await cache.get('k', POLICY, c.compute)).toMatchObject({ hit: true });
    // An entry of another tag, created before the invalidation, is still served.
    expect(await cache.get('other', { ...POLICY, tags: ['products'] }, c.compute)).toMatchObject({ hit: true });
  });
});

describe('ReportCache single-flight with a slow store', () => {
  it('does not recompute for a request whose store read returns after the first computation finished', async () => {
    // Without `getSync`: a store that answers only later, asynchronously.
    const { getSync: _sync, ...inner } = createMemoryStore();
    const heldReads: (() => void)[] = [];
    const store: CacheStore = {
      ...inner,
      async get(key) {
        const value = await inner.get(key);
        await new Promise<void>((resolve) => heldReads.push(resolve));
        return value;
      },
    };
    const cache = createReportCache({ store });
    const c = counter();
    const all = Promise.all([1, 2, 3].map(() => cache.get('k', POLICY, c.compute)));
    await vi.waitFor(() => expect(heldReads.length).toBeGreaterThan(0));
    heldReads.shift()?.();
    await vi.waitFor(() => expect(c.calls).toBe(1));
    await cache.idle();
    // Reads issued before the entry was stored, answered only now (none when gets share one read).
    for (const release of heldReads.splice(0)) release();
    await all;
    expect(c.calls).toBe(1);
  });
});

describe('ReportCache.getFresh', () => {
  it('answers fresh entries synchronously and counts them; misses and stale entries are left to get', async () => {
    const clock = manualClock();
    const cache = createReportCache({ store: createMemoryStore({ now: clock.now }), now: clock.now });
    expect(cache.getFresh('k')).toBeUndefined();
    const computed = await cache.get('k', POLICY, counter().compute);
    clock.advance(5_000);
    expect(cache.getFresh('k')).toEqual({ entry: computed.entry, hit: true, stale: false, ageSeconds: 5 });
    expect(cache.stats()).toMatchObject({ hits: 1, misses: 1 });
    clock.advance(POLICY.ttlSeconds * 1000);
    expect(cache.getFresh('k')).toBeUndefined();
    expect(cache.stats()).toMatchObject({ hits: 1, misses: 1, stale: 0 });
  });

  it('never answers from a store without getSync, nor when a fallback may be in use', async () => {
    const { getSync: _sync, ...asyncOnly } = createMemoryStore();
    const withoutSync = createReportCache({ store: asyncOnly });
    await withoutSync.get('k', POLICY, counter().compute);
    expect(withoutSync.getFresh('k')).toBeUndefined();
    const withFallback = createReportCache({ store: createMemoryStore(), fallback: createMemoryStore() });
    await withFallback.get('k', POLICY, counter().compute);
    expect(withFallback.getFresh('k')).toBeUndefined();
    expect(withFallback.stats().hits).toBe(0);
  });
});

describe('ReportCache input checks', () => {
  it('rejects a computed body that already has `cache` or is not an object', async () => {
    const cache = createReportCache({ store: createMemoryStore() });
    await expect(cache.get('a', POLICY, async () => ({ cache: {} }))).rejects.toThrow(/without `cache`/);
    await expect(cache.get('b', POLICY, async () => [] as object)).rejects.toThrow(/JSON object/);
  });

  it('treats a compute that throws synchronously like a rejected one, and does not keep its flight', async () => {
    const cache = createReportCache({ store: createMemoryStore() });
    const boom = (): Promise<object> => {
      throw new Error('sync');
    };
    await expect(cache.get('k', POLICY, boom)).rejects.toThrow('sync');
    await expect(cache.get('k', POLICY, async () => ({ ok: true }))).resolves.toMatchObject({ hit: false });
  });

  it('renders an empty body without a stray comma', () => {
    const text = renderBody(
      { body: '{', etag: '"x"', createdAt: 0, freshUntil: 0, staleUntil: 0, tags: [] },
      {
        hit: false,
        ageSeconds: 0,
        stale: false,
      },
    );
    expect(JSON.parse(text)).toEqual({ cache: { hit: false, ageSeconds: 0, stale: false, refreshFailed: false } });
  });

  it('makes quoted strong ETags that differ for different bodies', () => {
    expect(etagOf('{"a":1')).toMatch(/^"[A-Za-z0-9_-]{22}"$/);
    expect(etagOf('{"a":1')).toBe(etagOf('{"a":1'));
    expect(etagOf('{"a":1')).not.toBe(etagOf('{"a":2'));
  });
});

describe('cacheKey', () => {
  const admin: Scope = { roles: ['admin'], filters: {} };
  const customer7: Scope = { roles: [], filters: { customer_id: 7 } };

  it('ignores parameter order and undefined parameters, recursively', () => {
    expect(cacheKey('stats', { range: 'today', metrics: ['revenue'], compare: undefined }, PUBLIC_SCOPE)).toBe(
      cacheKey('stats', { metrics: ['revenue'], range: 'today' }, PUBLIC_SCOPE),
    );
    expect(cacheKey('aging', { buckets: { b: 1, a: 2 } }, PUBLIC_SCOPE)).toBe(
      cacheKey('aging', { buckets: { a: 2, b: 1 } }, PUBLIC_SCOPE),
    );
  });

  it('keeps array order and distinguishes values, endpoints and types', () => {
    const k = (endpoint: string, params: object) => cacheKey(endpoint, params, PUBLIC_SCOPE);
    const keys = [
      k('stats', { metrics: ['revenue', 'orders'] }),
      k('stats', { metrics: ['orders', 'revenue'] }),
      k('series', { metrics: ['revenue', 'orders'] }),
      k('stats', { limit: 5 }),
      k('stats', { limit: '5' }),
      k('stats', { limit: null }),
      k('stats', {}),
    ];
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('changes with the scope and is stable for an equal scope', () => {
    const params = { range: 'last_30_days' };
    const keys = [PUBLIC_SCOPE, admin, customer7].map((scope) => cacheKey('stats', params, scope));
    expect(new Set(keys).size).toBe(3);
    expect(cacheKey('stats', params, { subject: 'u1', roles: [], filters: { customer_id: 7 } })).toBe(keys[2]);
  });

  it('hashes long keys to a short stable string that still tells requests apart', () => {
    const long = { search: 'x'.repeat(500) };
    const key = cacheKey('aging', long, PUBLIC_SCOPE);
    expect(key.length).toBeLessThanOrEqual(MAX_KEY_LENGTH);
    expect(key.startsWith('aging#')).toBe(true);
    expect(cacheKey('aging', { ...long }, PUBLIC_SCOPE)).toBe(key);
    expect(cacheKey('aging', { search: `${'x'.repeat(500)}y` }, PUBLIC_SCOPE)).not.toBe(key);
    expect(cacheKey('aging', long, customer7)).not.toBe(key);
  });
});
