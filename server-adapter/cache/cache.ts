/**
 * `ReportCache`: single-flight, stale-while-revalidate and tag invalidation on
 * top of any `CacheStore`. A report body is serialised once, when computed;
 * every hit reuses that text and its ETag.
 */
import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { scopeKey, type Scope } from '../auth/scope.js';
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
  /** False from a failed store operation until the next successful one. */
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
   */
  getFresh(key: string): CacheResult | undefined;
  /** Drops entries tagged with any of `tags` (and keeps running computations from storing); returns how many. */
  invalidate(tags: readonly string[]): Promise<number>;
  stats(): CacheStats;
  /** Resolves once every computation running now (background refreshes included) has settled: for shutdown and tests. */
  idle(): Promise<void>;
  readonly store: CacheStore;
}

/**
 * Keys longer than this are hashed: Redis and the memory index hold them per
 * entry, and a `search` parameter or many metrics would otherwise make them
 * arbitrarily long.
 */
export const MAX_KEY_LENGTH = 200;

/**
 * How many keys remember their last failed refresh (to mark stale results
 * with `error`); bounded so an outage touching many keys cannot grow it.
 */
const FAILURE_MEMORY = 1000;

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
  let storeHealthy = true;
  /** A store in this process answers without a promise; with a fallback, failures must go through `onStore`. */
  const syncStore = !fallback && typeof store.getSync === 'function';

  function report(error: unknown, operation: CacheOperation, key?: string): void {
    try {
      onError?.(error, key === undefined ? { operation } : { operation, key });
    } catch {
      // A logging hook must not break the cache.
    }
  }

  /** Runs a store operation; on failure reports (once per outage) and answers from `fallback`, if any. */
  async function onStore<T>(
    operation: CacheOperation,
    key: string | undefined,
    op: (s: CacheStore) => Promise<T>,
    otherwise: T,
  ): Promise<T> {
    try {
      const value = await op(store);
      storeHealthy = true;
      return value;
    } catch (error) {
      counts.storeErrors++;
      if (storeHealthy) report(error, operation, key);
      storeHealthy = false;
      if (!fallback) return otherwise;
      try {
        return await op(fallback);
      } catch (fallbackError) {
        report(fallbackError, operation, key);
        return otherwise;
      }
    }
  }

  /** A synchronous read, or undefined when the store threw (then `read` retries through `onStore`). */
  function readNow(key: string): { entry: StoredEntry | undefined } | undefined {
    try {
      return { entry: store.getSync!(key) };
    } catch {
      return undefined;
    }
  }

  function read(key: string): Promise<StoredEntry | undefined> {
    let pending = reads.get(key);
    if (!pending) {
      const p = onStore('get', key, (s) => s.get(key), undefined);
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
      const sync = syncStore ? readNow(key) : undefined;
      const cached = sync ? sync.entry : await read(key);
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

    getFresh(key) {
      if (!syncStore) return undefined;
      const cached = readNow(key)?.entry;
      if (!cached) return undefined;
      const t = now();
      if (t >= cached.freshUntil || t >= cached.staleUntil) return undefined;
      counts.hits++;
      return result(cached, true, false, t);
    },

    async invalidate(tags) {
      const unique = [...new Set(tags)];
      for (const tag of unique) generations.set(tag, (generations.get(tag) ?? 0) + 1);
      // Later requests must not join a read or a computation that may have seen pre-invalidation data.
      reads.clear();
      for (const [key, f] of flights) {
        if (f.tags.some((tag) => unique.includes(tag))) flights.delete(key);
      }
      let dropped = await onStore('invalidate', undefined, (s) => s.invalidateTags(unique), 0);
      // Entries written to the fallback while the store was down must go too.
      if (fallback && storeHealthy) {
        dropped += await fallback.invalidateTags(unique).catch((error: unknown) => {
          report(error, 'invalidate');
          return 0;
        });
      }
      return dropped;
    },

    stats() {
      return { ...counts, storeHealthy };
    },

    async idle() {
      await Promise.allSettled([...running]);
    },
  };
}

/** Serialises a computed body once: the JSON text without its closing brace, plus its ETag and lifetimes. */
export function createEntry(body: object, policy: CachePolicy, createdAt: number): StoredEntry {
  if (Object.hasOwn(body, 'cache')) throw new TypeError('ReportCache: compute must return the body without `cache`');
  const json = JSON.stringify(body);
  if (json === undefined || !json.startsWith('{'))
    throw new TypeError('ReportCache: compute must return a JSON object');
  const text = json.slice(0, -1);
  const freshUntil = createdAt + policy.ttlSeconds * 1000;
  return {
    body: text,
    etag: etagOf(text),
    createdAt,
    freshUntil,
    staleUntil: freshUntil + policy.staleSeconds * 1000,
    tags: [...policy.tags],
  };
}

/** The response body: the stored text with the `cache` block appended. */
export function renderBody(entry: StoredEntry, info: Pick<CacheResult, 'hit' | 'ageSeconds' | 'stale'>): string {
  return bodyHead(entry) + bodyTail(info);
}

/** What every response of `entry` starts with: its body and the separator before `"cache"`. */
export function bodyHead(entry: StoredEntry): string {
  return entry.body === '{' ? '{' : `${entry.body},`;
}

/** What a response of an entry ends with: its `cache` member and the closing brace (ASCII). */
export function bodyTail(info: Pick<CacheResult, 'hit' | 'ageSeconds' | 'stale'>): string {
  return `"cache":{"hit":${info.hit},"ageSeconds":${info.ageSeconds},"stale":${info.stale}}}`;
}

/** A quoted strong ETag of `body`: 128 bits of SHA-1, enough to never collide between two versions of a report. */
export function etagOf(body: string): string {
  return `"${createHash('sha1').update(body).digest('base64url').slice(0, 22)}"`;
}

/**
 * The cache key of a request: endpoint, parameters normalised (keys sorted,
 * `undefined` dropped, arrays in order) and the caller's scope, so equal
 * requests share an entry and different scopes never do.
 *
 * @example
 * cacheKey('stats', { metrics: ['revenue'], range: 'last_30_days' }, scope)
 * // 'stats?{"metrics":["revenue"],"range":"last_30_days"}#|'
 */
export function cacheKey(endpoint: string, params: object, scope: Scope): string {
  return scopedCacheKey(endpoint, paramsKey(endpoint, params), scopeKey(scope));
}

/** The part of `cacheKey` that depends on the request alone, not on who asks: computed once per distinct URL by the node fast path. */
export function paramsKey(endpoint: string, params: object): string {
  return `${endpoint}?${stableJson(params)}#`;
}

/** `cacheKey` from its two parts: `paramsKey(endpoint, params)` and `scopeKey(scope)`. */
export function scopedCacheKey(endpoint: string, prefix: string, scope: string): string {
  const key = prefix + scope;
  if (key.length <= MAX_KEY_LENGTH) return key;
  return `${endpoint}#${createHash('sha1').update(key).digest('base64url')}`;
}

/** JSON with object keys sorted and `undefined` members dropped, so equal values give equal text. */
function stableJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'bigint') return value.toString();
    return JSON.stringify(value) ?? 'null';
  }
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return stableJson((value as { toJSON: () => unknown }).toJSON());
  }
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  const members = Object.keys(value)
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`);
  return `{${members.join(',')}}`;
}
