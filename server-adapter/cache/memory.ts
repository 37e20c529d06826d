/**
 * The in-process cache driver: an LRU bounded by entry count AND by bytes, so
 * neither many small reports nor a few huge ones (a 1000-row aging page) can
 * grow the heap without limit. Entries disappear at `staleUntil`.
 */
import { LRUCache } from 'lru-cache';
import type { CacheStore, StoredEntry } from './types.js';

/**
 * Distinct reports a busy dashboard asks for (endpoints × periods × compare
 * modes × scopes) stay in the low thousands; past that the oldest are the
 * least likely to be asked again.
 */
export const DEFAULT_MAX_ENTRIES = 5000;

/**
 * 64 MiB: report bodies are typically 1–50 KB, so the entry bound applies
 * first; the byte bound only stops a handful of very large pages (aging with
 * `limit=1000`) from holding hundreds of megabytes.
 */
export const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;

export interface MemoryStoreOptions {
  /** Most entries held; the least recently used go first. @default DEFAULT_MAX_ENTRIES */
  maxEntries?: number;
  /** Most bytes of body (approximately: UTF-16 code units of body and key) held. @default DEFAULT_MAX_BYTES */
  maxBytes?: number;
  /** The clock (epoch ms), for tests. @default Date.now */
  now?: () => number;
}

/**
 * @example
 * const store = createMemoryStore({ maxEntries: 1000 });
 * const cache = createReportCache({ store });
 */
export function createMemoryStore(options: MemoryStoreOptions = {}): CacheStore {
  const maxEntries = positiveInt('maxEntries', options.maxEntries ?? DEFAULT_MAX_ENTRIES);
  const maxBytes = positiveInt('maxBytes', options.maxBytes ?? DEFAULT_MAX_BYTES);
  const now = options.now ?? Date.now;
  /** tag → keys of live entries carrying it; maintained by `dispose`, so eviction and expiry keep it exact. */
  const byTag = new Map<string, Set<string>>();
  /** The clock reading of the `live` call under way, if any. */
  let reading: number | undefined;

  const lru = new LRUCache<string, StoredEntry>({
    max: maxEntries,
    maxSize: maxBytes,
    sizeCalculation: (entry, key) => entry.body.length + entry.etag.length + key.length || 1,
    // ttlResolution 0: lru-cache reads the clock on each get instead of caching it for a millisecond
    // behind a setTimeout — one timer per millisecond under load, which cost a cache hit more than the
    // read it saves; an injected test clock must be read every time anyway.
    ttlResolution: 0,
    // lru-cache's clock is ours, and during `live` it is the reading `live` already has: a hit reads the clock once.
    perf: { now: () => reading ?? now() },
    dispose: (entry, key) => {
      for (const tag of entry.tags) {
        const keys = byTag.get(tag);
        if (!keys) continue;
        keys.delete(key);
        if (keys.size === 0) byTag.delete(tag);
      }
    },
  });

  /** The entry when live by its own `staleUntil` (lru-cache's ttl is only its garbage collector). */
  function live(key: string, t?: number): StoredEntry | undefined {
    const at = t ?? now();
    reading = at;
    let entry: StoredEntry | undefined;
    try {
      entry = lru.get(key);
    } finally {
      reading = undefined;
    }
    if (entry && entry.staleUntil <= at) {
      lru.delete(key);
      return undefined;
    }
    return entry;
  }

  return {
    driver: 'memory',

    async get(key) {
      return live(key);
    },

    getSync: live,

    async set(key, entry) {
      const ttl = Math.ceil(entry.staleUntil - now());
      if (ttl <= 0) {
        // Already expired (and lru-cache reads ttl 0 as "forever").
        lru.delete(key);
        return;
      }
      lru.set(key, entry, { ttl });
      // An entry larger than maxBytes is refused by lru-cache; index only what it holds.
      if (lru.peek(key) !== entry) return;
      for (const tag of entry.tags) {
        let keys = byTag.get(tag);
        if (!keys) byTag.set(tag, (keys = new Set()));
        keys.add(key);
      }
    },

    async delete(key) {
      lru.delete(key);
    },

    async invalidateTags(tags) {
      let dropped = 0;
      for (const tag of new Set(tags)) {
        const keys = byTag.get(tag);
        if (!keys) continue;
        // Copied: each delete runs `dispose`, which edits these sets.
        for (const key of [...keys]) {
          if (live(key)) dropped++;
          lru.delete(key);
        }
      }
      return dropped;
    },

    async clear() {
      lru.clear();
      byTag.clear();
    },

    async size() {
      return lru.size;
    },

    async close() {
      lru.clear();
      byTag.clear();
    },
  };
}

function positiveInt(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new TypeError(`createMemoryStore: ${name} must be a positive integer, got ${String(value)}`);
  }
  return value;
}
