/**
 * `ReportCache`: single-flight, stale-while-revalidate and tag invalidation on
 * top of any `CacheStore`. A report body is serialised once, when computed;
 * every hit reuses that text and its ETag.
 */
import { LRUCache } from 'lru-cache';
import { createBreaker, DEFAULT_STORE_TIMEOUT_MS, withTimeout } from './breaker.js';
import { createEntry } from './entry.js';
import type { CachePolicy, CacheResult, CacheStore, StoredEntry } from './types.js';

/** Where an error reported to `onError` came from. */
export type CacheOperation = 'get' | 'set' | 'invalidate' | 'refresh';

export interface ReportCacheOptions {
  store: CacheStore;
  /**
   * Used while `store` fails (Redis down), so the process keeps serving from
   * memory instead of hitting the database on every request. Usually a small
   * `createMemoryStore()`.
   */
  fallback?: CacheStore;
  /** The clock (epoch ms), for tests. @default Date.now */
  now?: () => number;
  /**
   * Longest wait for one store operation; beyond it the operation counts as
   * failed and the circuit breaker (breaker.ts) takes the store out of the
   * request path until a background probe finds it answering again.
   * `Infinity` turns the limit off. @default DEFAULT_STORE_TIMEOUT_MS
   */
  storeTimeoutMs?: number;
  /**
   * Errors that do not fail a request: the store failing (reported once per
   * outage, not per request) and background refreshes failing. Never throws back.
   */
  onError?: (error: unknown, context: { operation: CacheOperation; key?: string }) => void;
}

export interface CacheStats {
  /** Served from the cache, fresh or stale. */
  hits: number;
  /** Computed because nothing servable was cached. */
  misses: number;
  /** Hits served stale (past `freshUntil`). */
  stale: number;
  /** Computations that failed (foreground or background). */
  errors: number;
  /** Store operations that failed. */
  storeErrors: number;
  /** False while the store is out of the request path (its circuit breaker is open). */
  storeHealthy: boolean;
}

export interface ReportCache {
  /**
   * The cached entry for `key`, or one computed now. `compute` returns the
   * contract body without `cache` (with `generatedAt`).
   */
  get(key: string, policy: CachePolicy, compute: () => Promise<object>): Promise<CacheResult>;
  /**
   * The entry for `key` when it is fresh, read synchronously (a store with
   * `getSync`, and no fallback in use), counted as a hit; otherwise undefined
   * and nothing counted: a miss, a stale entry, or a store that cannot answer
   * at once. The caller then asks `get`, which handles all of those.
   * `now`: the caller's reading of this cache's clock, when it has one (a
   * cache hit then reads the clock once, not once per layer).
   */
  getFresh(key: string, now?: number): CacheResult | undefined;
  /**
   * Drops entries tagged with any of `tags` (and keeps running computations
   * from storing); returns how many. Holds across a store outage: an entry
   * created before this call is never served after it, even if the store
   * missed the drop and hands it back later.
   */
  invalidate(tags: readonly string[]): Promise<number>;
  /**
   * `degraded` while the store is out of the request path (failed or too
   * slow; the fallback serves). Never waits: it may start a background probe.
   */
  storeStatus(): 'ok' | 'degraded';
  stats(): CacheStats;
  /** Resolves once every computation running now (background refreshes included) has settled: for shutdown and tests. */
  idle(): Promise<void>;
  readonly store: CacheStore;
}

/**
 * How many keys remember their last failed refresh (to mark stale results
 * with `error`); bounded so an outage touching many keys cannot grow it.
 */
const FAILURE_MEMORY = 1000;

/** The key a breaker probe reads: any answer, even a miss, means the store is back. */
const PROBE_KEY = 'dashkit-probe';

/** `readNow`'s answer when the store threw: `get` then goes through the async path (and the fallback). */
const STORE_FAILED: unique symbol = Symbol('store failed');

interface Flight {
  promise: Promise<StoredEntry>;
  tags: readonly string[];
}

/**
 * @example
 * const cache = createReportCache({ store: createMemoryStore() });
 * const result = await cache.get(cacheKey('stats', params, scope), policy, () => engine.stats.compute(params, scope));
 * return new Response(renderBody(result.entry, result), { headers: { etag: result.entry.etag } });
 */
export function createReportCache(options: ReportCacheOptions): ReportCache {
  const { store, fallback, onError } = options;
  const now = options.now ?? Date.now;
  const flights = new Map<string, Flight>();
  /** Every unsettled computation, including those `invalidate` detached from `flights`. */
  const running = new Set<Promise<StoredEntry>>();
  /**
   * Concurrent gets of one key share one store read. Besides saving round
   * trips, this closes a single-flight gap: a late read that missed could
   * otherwise resume after the first computation finished, and compute again.
   */
  const reads = new Map<string, Promise<StoredEntry | undefined>>();
  /** Bumped by `invalidate`; a computation whose tags moved meanwhile may hold pre-invalidation data. */
  const generations = new Map<string, number>();
  const failures = new LRUCache<string, { error: unknown }>({ max: FAILURE_MEMORY });
  const counts = { hits: 0, misses: 0, stale: 0, errors: 0, storeErrors: 0 };
  const timeoutMs = options.storeTimeoutMs ?? DEFAULT_STORE_TIMEOUT_MS;
  const breaker = createBreaker();
  /**
   * When each tag was last invalidated here (cache clock). An entry created
   * before that is never served, whatever the store says: a Redis that missed
   * the invalidation (it was down, frozen, or restarted from a snapshot) can
   * hand back an entry that should be gone.
   */
  const invalidatedAt = new Map<string, number>();
  /** Tags whose invalidation the store has not confirmed; dropped there before it serves again. */
  const unflushed = new Set<string>();
  /** A store in this process answers without a promise; with a fallback, failures must go through `onStore`. */
  const syncStore = !fallback && typeof store.getSync === 'function';

  function report(error: unknown, operation: CacheOperation, key?: string): void {
    try {
      onError?.(error, key === undefined ? { operation } : { operation, key });
    } catch {
      // A logging hook must not break the cache.
    }
  }

  /** The store failed: take it out of the request path (reported once per outage). */
  function storeFailed(error: unknown, operation: CacheOperation, key: string | undefined): void {
    counts.storeErrors++;
    if (breaker.closed()) report(error, operation, key);
    breaker.fail();
  }

  /**
   * Runs a store operation, bounded by `timeoutMs`, while the breaker is
   * closed; otherwise, or when it fails, answers from `fallback` (if any).
   * No request ever waits longer than `timeoutMs` on the store.
   */
  async function onStore<T>(
    operation: CacheOperation,
    key: string | undefined,
    op: (s: CacheStore) => Promise<T>,
    otherwise: T,
  ): Promise<T> {
    if (breaker.closed()) {
      try {
        return await withTimeout(op(store), timeoutMs);
      } catch (error) {
        storeFailed(error, operation, key);
      }
    } else if (breaker.probeDue()) {
      void probe();
    }
    if (!fallback) return otherwise;
    try {
      return await op(fallback);
    } catch (fallbackError) {
      report(fallbackError, operation, key);
      return otherwise;
    }
  }

  /**
   * In the background, while the breaker is open: is the store answering?
   * Before it is used again, the invalidations it missed are applied to it
   * (so other instances reading it do not get those entries either).
   */
  async function probe(): Promise<void> {
    let ok = false;
    try {
      await withTimeout(store.get(PROBE_KEY), timeoutMs);
      const tags = [...unflushed];
      if (tags.length > 0) {
        await withTimeout(store.invalidateTags(tags), timeoutMs);
        for (const tag of tags) unflushed.delete(tag);
      }
      ok = true;
    } catch {
      counts.storeErrors++;
    }
    breaker.probed(ok);
  }

  /** Whether `entry` predates an invalidation of one of its tags (then it must not be served). */
  function outdated(entry: StoredEntry): boolean {
    if (invalidatedAt.size === 0) return false;
    // Indexed, not for…of: this runs on every hit, and the iterator showed in its profile.
    const { tags } = entry;
    for (let i = 0; i < tags.length; i++) {
      const at = invalidatedAt.get(tags[i]!);
      if (at !== undefined && entry.createdAt < at) return true;
    }
    return false;
  }

  /** A synchronous read, or undefined when the store threw (then `read` retries through `onStore`). */
  function readNow(key: string, t?: number): StoredEntry | undefined | typeof STORE_FAILED {
    try {
      return store.getSync!(key, t);
    } catch {
      return STORE_FAILED;
    }
  }

  function read(key: string): Promise<StoredEntry | undefined> {
    let pending = reads.get(key);
    if (!pending) {
      const p = onStore('get', key, (s) => s.get(key), undefined).then((entry) => {
        if (!entry || !outdated(entry)) return entry;
        void onStore('set', key, (s) => s.delete(key), undefined);
        return undefined;
      });
      reads.set(key, p);
      // `onStore` never rejects.
      void p.then(() => {
        if (reads.get(key) === p) reads.delete(key);
      });
      pending = p;
    }
    return pending;
  }

  function generationsOf(tags: readonly string[]): number[] {
    return tags.map((tag) => generations.get(tag) ?? 0);
  }

  function result(entry: StoredEntry, hit: boolean, stale: boolean, t: number): CacheResult {
    return { entry, hit, stale, ageSeconds: Math.max(0, Math.floor((t - entry.createdAt) / 1000)) };
  }

  /** Joins the running computation of `key`, or starts one. */
  function flight(key: string, policy: CachePolicy, compute: () => Promise<object>): Flight {
    const current = flights.get(key);
    if (current) return current;
    const started = generationsOf(policy.tags);
    const run = async (): Promise<StoredEntry> => {
      // One microtask, so `f` is assigned and registered below before `compute` can settle (even synchronously).
      await undefined;
      try {
        const entry = createEntry(await compute(), policy, now());
        failures.delete(key);
        const unchanged = generationsOf(policy.tags).every((g, i) => g === started[i]);
        if (unchanged && entry.staleUntil > entry.createdAt) {
          await onStore('set', key, (s) => s.set(key, entry), undefined);
        }
        return entry;
      } catch (error) {
        counts.errors++;
        failures.set(key, { error });
        throw error;
      } finally {
        if (flights.get(key) === f) flights.delete(key);
      }
    };
    const f: Flight = { tags: policy.tags, promise: run() };
    flights.set(key, f);
    running.add(f.promise);
    const settle = () => running.delete(f.promise);
    f.promise.then(settle, settle);
    return f;
  }

  return {
    store,

    async get(key, policy, compute) {
      // No await between the read and joining a flight when the store answers at once: nothing can slip in between.
      const sync = syncStore ? readNow(key) : STORE_FAILED;
      const cached = sync !== STORE_FAILED ? (sync && !outdated(sync) ? sync : undefined) : await read(key);
      const t = now();
      if (cached && t < cached.staleUntil) {
        counts.hits++;
        if (t < cached.freshUntil) return result(cached, true, false, t);
        counts.stale++;
        const joined = flights.has(key);
        const refresh = flight(key, policy, compute);
        // Only the request that started the refresh reports its failure; the stale entry is the answer meanwhile.
        if (!joined) refresh.promise.catch((error: unknown) => report(error, 'refresh', key));
        const failed = failures.get(key);
        return { ...result(cached, true, true, t), ...(failed ? { error: failed.error } : {}) };
      }
      counts.misses++;
      const entry = await flight(key, policy, compute).promise;
      return result(entry, false, false, now());
    },

    getFresh(key, at) {
      if (!syncStore) return undefined;
      const t = at ?? now();
      const cached = readNow(key, t);
      if (cached === STORE_FAILED || !cached || outdated(cached)) return undefined;
      if (t >= cached.freshUntil || t >= cached.staleUntil) return undefined;
      counts.hits++;
      return result(cached, true, false, t);
    },

    async invalidate(tags) {
      const unique = [...new Set(tags)];
      const at = now();
      for (const tag of unique) {
        generations.set(tag, (generations.get(tag) ?? 0) + 1);
        invalidatedAt.set(tag, Math.max(at, invalidatedAt.get(tag) ?? at));
        unflushed.add(tag);
      }
      // Later requests must not join a read or a computation that may have seen pre-invalidation data.
      reads.clear();
      for (const [key, f] of flights) {
        if (f.tags.some((tag) => unique.includes(tag))) flights.delete(key);
      }
      let dropped = 0;
      let stored = false;
      if (breaker.closed()) {
        try {
          dropped = await withTimeout(store.invalidateTags(unique), timeoutMs);
          stored = true;
          for (const tag of unique) unflushed.delete(tag);
        } catch (error) {
          storeFailed(error, 'invalidate', undefined);
        }
      }
      // Entries written to the fallback while the store was out must go too.
      if (fallback) {
        const fromFallback = await fallback.invalidateTags(unique).catch((error: unknown) => {
          report(error, 'invalidate');
          return 0;
        });
        if (!stored) dropped = fromFallback;
      }
      return dropped;
    },

    storeStatus() {
      if (breaker.closed()) return 'ok';
      if (breaker.probeDue()) void probe();
      return 'degraded';
    },

    stats() {
      return { ...counts, storeHealthy: breaker.closed() };
    },

    async idle() {
      await Promise.allSettled([...running]);
    },
  };
}
