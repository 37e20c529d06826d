/**
 * The contract every `CacheStore` driver meets, run against each one
 * (memory.test.ts, redis.test.ts — the latter against a real Redis).
 */
import { connect } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CacheStore, StoredEntry } from './types.js';

export interface StoreFixture {
  store: CacheStore;
  /** The clock the store expires entries by (epoch ms). */
  now: () => number;
  /** Moves that clock forward, where the driver takes an injected clock; otherwise expiry is awaited by polling. */
  advance?: (ms: number) => void;
}

/** A fresh, empty store; stores made with different `namespace`s share a backend (a Redis) but not keys. */
export type StoreFactory = (namespace: string) => StoreFixture | Promise<StoreFixture>;

/** Polls `get` until the entry is gone; fails after `boundMs` rather than hanging. */
export async function awaitExpiry(fx: StoreFixture, key: string, ttlMs: number, boundMs = 5000): Promise<void> {
  fx.advance?.(ttlMs + 1);
  const deadline = Date.now() + ttlMs + boundMs;
  while ((await fx.store.get(key)) !== undefined) {
    if (Date.now() > deadline) throw new Error(`${key} still present ${boundMs} ms after its staleUntil`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export function makeEntry(now: number, overrides: Partial<StoredEntry> = {}): StoredEntry {
  return {
    body: '{"value":1',
    etag: '"abc"',
    createdAt: now,
    freshUntil: now + 60_000,
    staleUntil: now + 120_000,
    tags: [],
    ...overrides,
  };
}

/** Redis at REDIS_URL (or the local default), and whether its tests may be skipped because it is unreachable. */
export async function redisTarget(): Promise<{ url: string; skip: boolean }> {
  const url = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  // Required when configured or in CI: there an unreachable Redis must fail the run, not skip it.
  if (process.env.REDIS_URL || process.env.CI === 'true') return { url, skip: false };
  return { url, skip: !(await reachable(url)) };
}

function reachable(url: string): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname || '127.0.0.1', port: Number(port || 6379) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export function describeStore(name: string, make: StoreFactory, options: { skip?: boolean } = {}): void {
  describe.skipIf(options.skip ?? false)(`CacheStore contract: ${name}`, () => {
    let fx: StoreFixture;
    const opened: StoreFixture[] = [];
    let counter = 0;

    async function open(): Promise<StoreFixture> {
      const f = await make(`ns${++counter}`);
      opened.push(f);
      return f;
    }

    beforeEach(async () => {
      fx = await open();
    });

    afterEach(async () => {
      for (const f of opened.splice(0)) {
        await f.store.clear();
        await f.store.close();
      }
    });

    it('answers undefined for an unknown key', async () => {
      expect(await fx.store.get('nope')).toBeUndefined();
    });

    it('returns what was set, and the latest set wins', async () => {
      const first = makeEntry(fx.now(), { tags: ['orders', 'customers'] });
      await fx.store.set('k', first);
      expect(await fx.store.get('k')).toEqual(first);
      const second = makeEntry(fx.now(), { body: '{"value":2', etag: '"def"' });
      await fx.store.set('k', second);
      expect(await fx.store.get('k')).toEqual(second);
    });

    it('keeps keys apart, including keys with separators and unicode', async () => {
      const keys = ['stats?{"a":1}#|', 'stats?{"a":1}#admin|', 'série:€'];
      for (const [i, key] of keys.entries()) await fx.store.set(key, makeEntry(fx.now(), { body: `{"i":${i}` }));
      for (const [i, key] of keys.entries()) expect((await fx.store.get(key))?.body).toBe(`{"i":${i}`);
    });

    it('deletes one key and tolerates deleting an unknown one', async () => {
      await fx.store.set('a', makeEntry(fx.now()));
      await fx.store.set('b', makeEntry(fx.now()));
      await fx.store.delete('a');
      await fx.store.delete('never-set');
      expect(await fx.store.get('a')).toBeUndefined();
      expect(await fx.store.get('b')).toBeDefined();
    });

    it('still returns an entry past freshUntil until staleUntil (freshness is the caller’s business)', async () => {
      const t = fx.now();
      const entry = makeEntry(t, { createdAt: t - 120_000, freshUntil: t - 60_000, staleUntil: t + 60_000 });
      await fx.store.set('k', entry);
      expect(await fx.store.get('k')).toEqual(entry);
    });

    it('does not store an entry whose staleUntil has passed, and drops an older one under that key', async () => {
      const t = fx.now();
      await fx.store.set('k', makeEntry(t));
      await fx.store.set('k', makeEntry(t, { createdAt: t - 2000, freshUntil: t - 1000, staleUntil: t - 1 }));
      expect(await fx.store.get('k')).toBeUndefined();
    });

    it('expires each entry at its own staleUntil', async () => {
      const t = fx.now();
      const ttl = 150;
      await fx.store.set('short', makeEntry(t, { freshUntil: t + 50, staleUntil: t + ttl, tags: ['orders'] }));
      await fx.store.set('long', makeEntry(t, { tags: ['orders'] }));
      await awaitExpiry(fx, 'short', ttl);
      expect(await fx.store.get('short')).toBeUndefined();
      expect(await fx.store.get('long')).toBeDefined();
      // The expired entry is not counted as dropped.
      expect(await fx.store.invalidateTags(['orders'])).toBe(1);
    });

    it('invalidateTags drops exactly the tagged entries and counts them', async () => {
      const t = fx.now();
      await fx.store.set('a', makeEntry(t, { tags: ['orders'] }));
      await fx.store.set('b', makeEntry(t, { tags: ['orders', 'customers'] }));
      await fx.store.set('c', makeEntry(t, { tags: ['customers'] }));
      await fx.store.set('d', makeEntry(t, { tags: [] }));
      await fx.store.set('e', makeEntry(t, { tags: ['invoices'] }));

      expect(await fx.store.invalidateTags(['orders'])).toBe(2);
      expect(await fx.store.get('a')).toBeUndefined();
      expect(await fx.store.get('b')).toBeUndefined();
      expect(await fx.store.get('c')).toBeDefined();
      expect(await fx.store.get('d')).toBeDefined();
      expect(await fx.store.get('e')).toBeDefined();

      expect(await fx.store.invalidateTags(['orders'])).toBe(0);
      expect(await fx.store.invalidateTags([])).toBe(0);
      expect(await fx.store.invalidateTags(['unknown'])).toBe(0);
      expect(await fx.store.get('c')).toBeDefined();
    });

    it('counts an entry carrying several invalidated tags once', async () => {
      const t = fx.now();
      await fx.store.set('both', makeEntry(t, { tags: ['orders', 'customers'] }));
      await fx.store.set('one', makeEntry(t, { tags: ['customers'] }));
      expect(await fx.store.invalidateTags(['orders', 'customers', 'orders'])).toBe(2);
      expect(await fx.store.get('both')).toBeUndefined();
      expect(await fx.store.get('one')).toBeUndefined();
    });

    it('follows the tags of the latest set of a key, not an earlier one', async () => {
      const t = fx.now();
      await fx.store.set('k', makeEntry(t, { tags: ['orders'] }));
      await fx.store.set('k', makeEntry(t, { tags: ['products'] }));
      expect(await fx.store.invalidateTags(['orders'])).toBe(0);
      expect(await fx.store.get('k')).toBeDefined();
      expect(await fx.store.invalidateTags(['products'])).toBe(1);
      expect(await fx.store.get('k')).toBeUndefined();
    });

    it('forgets deleted keys in the tag index', async () => {
      await fx.store.set('k', makeEntry(fx.now(), { tags: ['orders'] }));
      await fx.store.delete('k');
      expect(await fx.store.invalidateTags(['orders'])).toBe(0);
    });

    it('clear() empties this store and leaves a store under another namespace alone', async () => {
      const other = await open();
      const t = fx.now();
      await fx.store.set('a', makeEntry(t, { tags: ['orders'] }));
      await fx.store.set('b', makeEntry(t));
      await other.store.set('a', makeEntry(other.now(), { body: '{"other":true', tags: ['orders'] }));

      await fx.store.clear();
      expect(await fx.store.get('a')).toBeUndefined();
      expect(await fx.store.get('b')).toBeUndefined();
      expect(await fx.store.invalidateTags(['orders'])).toBe(0);
      expect((await other.store.get('a'))?.body).toBe('{"other":true');

      // Usable after clear().
      await fx.store.set('c', makeEntry(fx.now(), { tags: ['orders'] }));
      expect(await fx.store.invalidateTags(['orders'])).toBe(1);
      expect((await other.store.get('a'))?.body).toBe('{"other":true');
    });

    it('invalidateTags stays within its namespace', async () => {
      const other = await open();
      await fx.store.set('a', makeEntry(fx.now(), { tags: ['orders'] }));
      await other.store.set('a', makeEntry(other.now(), { tags: ['orders'] }));
      expect(await fx.store.invalidateTags(['orders'])).toBe(1);
      expect(await other.store.get('a')).toBeDefined();
    });

    it('names its driver and reports size as a count or undefined', async () => {
      expect(fx.store.driver).toBe(name);
      await fx.store.set('a', makeEntry(fx.now()));
      const size = await fx.store.size();
      if (size !== undefined) expect(size).toBe(1);
    });
  });
}
