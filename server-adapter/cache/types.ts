/**
 * The cache, in two layers:
 * - a `CacheStore` driver (memory LRU, Redis) keeps serialised entries with
 *   tags and expiry;
 * - `ReportCache` (cache.ts) adds single-flight, stale-while-revalidate and
 *   tag invalidation on top of any store.
 *
 * An entry holds the response body already serialised, so a hit costs
 * neither recomputation nor re-serialisation: `body` is the JSON object text
 * *without* its closing brace and without `cache`, and the handler appends
 * `,"cache":{…}}` per response. The ETag is computed over `body`, so it stays
 * the same for every hit of one computation.
 */

/** What a store keeps under one key. */
export interface StoredEntry {
  /** Serialised JSON object, missing its final `}` (see above). */
  body: string;
  /** Strong ETag of `body`, quoted, e.g. `"3f2a…"`. */
  etag: string;
  /** When the data was computed (epoch ms). */
  createdAt: number;
  /** Fresh until this instant (epoch ms); after it the entry is stale. */
  freshUntil: number;
  /** Servable as stale (while revalidating, or while the source is down) until this instant. */
  staleUntil: number;
  /** Topics this entry depends on. */
  tags: readonly string[];
}

/** A storage driver. Implementations: `memory.ts`, `redis.ts`. */
export interface CacheStore {
  /** `memory` or `redis`. */
  readonly driver: string;
  get(key: string): Promise<StoredEntry | undefined>;
  /**
   * `get` without a promise, for drivers holding entries in this process
   * (memory): the same answer and the same effect on recency. Lets a cache
   * hit be served without an await. Optional; Redis has none. `now`: the
   * caller's reading of the clock the store expires entries by, when it has
   * one, so the store need not read it again.
   */
  getSync?(key: string, now?: number): StoredEntry | undefined;
  /** Store an entry; it expires on its own at `staleUntil`. */
  set(key: string, entry: StoredEntry): Promise<void>;
  delete(key: string): Promise<void>;
  /** Drop every entry tagged with any of `tags`; returns how many were dropped. */
  invalidateTags(tags: readonly string[]): Promise<number>;
  clear(): Promise<void>;
  /** Entries held, where the driver can tell cheaply. */
  size(): Promise<number | undefined>;
  close(): Promise<void>;
}

/** How long a report stays fresh, and how long it may then be served stale. */
export interface CachePolicy {
  ttlSeconds: number;
  staleSeconds: number;
  tags: readonly string[];
}

/** What `ReportCache.get` answers. */
export interface CacheResult {
  entry: StoredEntry;
  /** Served from the cache without computing. */
  hit: boolean;
  /** Past `freshUntil` (a refresh was started in the background, or the source failed). */
  stale: boolean;
  /** Seconds since `entry.createdAt`. */
  ageSeconds: number;
  /**
   * Set on a stale result when the last attempt to recompute this entry
   * failed (e.g. the database is down): the stale data is served instead.
   */
  error?: unknown;
}
