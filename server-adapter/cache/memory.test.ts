import { describe, expect, it } from 'vitest';
import { createMemoryStore, DEFAULT_MAX_BYTES, DEFAULT_MAX_ENTRIES, type MemoryStoreOptions } from './memory.js';
import { describeStore, makeEntry, type StoreFixture } from './store.suite.js';

/** A memory store on a manual clock (starting well after 0: lru-cache reads a start time of 0 as "no TTL"). */
function memoryFixture(options: Omit<MemoryStoreOptions, 'now'> = {}): StoreFixture {
  let t = 1_700_000_000_000;
  const now = () => t;
  return {
    store: createMemoryStore({ ...options, now }),
    now,
    advance: (ms) => {
      t += ms;
    },
  };
}

describeStore('memory', () => memoryFixture());

describe('createMemoryStore bounds', () => {
  it('evicts the least recently used entry past maxEntries', async () => {
    const { store, now } = memoryFixture({ maxEntries: 3 });
    for (const key of ['a', 'b', 'c']) await store.set(key, makeEntry(now(), { tags: ['orders'] }));
    await store.get('a'); // a is now more recent than b
    await store.set('d', makeEntry(now(), { tags: ['orders'] }));

    expect(await store.get('b')).toBeUndefined();
    for (const key of ['a', 'c', 'd']) expect(await store.get(key)).toBeDefined();
    expect(await store.size()).toBe(3);
    // The evicted entry left the tag index too: only the three live ones are counted.
    expect(await store.invalidateTags(['orders'])).toBe(3);
    expect(await store.size()).toBe(0);
  });

  it('evicts least recently used entries past maxBytes', async () => {
    // Each entry: 40-char body + 5-char etag + 1-char key = 46 "bytes"; three fit in 150, four do not.
    const body = `{"x":"${'y'.repeat(33)}"`;
    expect(body).toHaveLength(40);
    const { store, now } = memoryFixture({ maxBytes: 150 });
    for (const key of ['a', 'b', 'c']) await store.set(key, makeEntry(now(), { body, tags: ['orders'] }));
    await store.get('a');
    await store.set('d', makeEntry(now(), { body, tags: ['orders'] }));

    expect(await store.get('b')).toBeUndefined();
    for (const key of ['a', 'c', 'd']) expect(await store.get(key)).toBeDefined();
    expect(await store.invalidateTags(['orders'])).toBe(3);
  });

  it('refuses an entry larger than maxBytes without leaving it in the tag index', async () => {
    const { store, now } = memoryFixture({ maxBytes: 100 });
    await store.set('small', makeEntry(now(), { tags: ['orders'] }));
    await store.set('huge', makeEntry(now(), { body: `{"x":"${'y'.repeat(200)}"`, tags: ['orders'] }));
    expect(await store.get('huge')).toBeUndefined();
    expect(await store.get('small')).toBeDefined();
    expect(await store.invalidateTags(['orders'])).toBe(1);
  });

  it('drops an expired entry from the tag index when it is next touched', async () => {
    const { store, now, advance } = memoryFixture();
    await store.set('k', makeEntry(now(), { staleUntil: now() + 1000, tags: ['orders'] }));
    advance?.(1001);
    expect(await store.get('k')).toBeUndefined();
    expect(await store.size()).toBe(0);
    expect(await store.invalidateTags(['orders'])).toBe(0);
  });

  it('does not count an expired entry nobody read since as dropped', async () => {
    const { store, now, advance } = memoryFixture();
    await store.set('expired', makeEntry(now(), { staleUntil: now() + 1000, tags: ['orders'] }));
    await store.set('live', makeEntry(now(), { tags: ['orders'] }));
    advance?.(1001);
    expect(await store.invalidateTags(['orders'])).toBe(1);
    expect(await store.size()).toBe(0);
  });

  it('exports its defaults and rejects nonsense bounds', () => {
    expect(DEFAULT_MAX_ENTRIES).toBeGreaterThan(0);
    expect(DEFAULT_MAX_BYTES).toBeGreaterThan(DEFAULT_MAX_ENTRIES);
    expect(() => createMemoryStore({ maxEntries: 0 })).toThrow(/maxEntries/);
    expect(() => createMemoryStore({ maxBytes: 1.5 })).toThrow(/maxBytes/);
  });
});
