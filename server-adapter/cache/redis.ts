/**
 * The Redis cache driver, for several instances sharing one cache.
 *
 * Layout under `prefix`:
 * - `<prefix>e:<key>`: the entry as one JSON string, expiring (`PX`) at `staleUntil`;
 * - `<prefix>t:<tag>`: a SET of the entry keys tagged `tag`. Its expiry is pushed
 *   out to the longest-lived member on every add, so a tag set lives exactly as
 *   long as something it names might, and does not grow forever.
 *
 * `ioredis` is an optional peer dependency: it is loaded with a dynamic import
 * only when a store is created from a URL.
 */
import { createHash } from 'node:crypto';
import { loadIoredis } from '../redis.js';
import type { CacheStore, StoredEntry } from './types.js';

/** Namespaces every key, so several apps (or test runs) can share one Redis and `clear()` stays scoped. */
export const DEFAULT_REDIS_PREFIX = 'dashkit:';

/**
 * The part of an ioredis client this driver uses. An ioredis `Redis` satisfies
 * it; declared here so the public types do not require ioredis to be installed.
 */
export interface RedisClientLike {
  readonly status: string;
  connect(): Promise<void>;
  get(key: string): Promise<string | null>;
  del(...keys: string[]): Promise<number>;
  unlink(...keys: string[]): Promise<number>;
  scan(
    cursor: string,
    matchToken: 'MATCH',
    pattern: string,
    countToken: 'COUNT',
    count: number,
  ): Promise<[string, string[]]>;
  evalsha(sha1: string, numkeys: number, ...args: (string | number)[]): Promise<unknown>;
  eval(script: string, numkeys: number, ...args: (string | number)[]): Promise<unknown>;
  quit(): Promise<unknown>;
  disconnect(): void;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

export type RedisStoreOptions = {
  /** Key prefix; `clear()` removes only keys under it. @default DEFAULT_REDIS_PREFIX */
  prefix?: string;
  /** Connection errors of a client this store created (it reconnects on its own meanwhile). */
  onError?: (error: Error) => void;
  /**
   * For a client this store creates: a command without a reply after this
   * many ms fails (ioredis `commandTimeout`), so a frozen Redis cannot pile
   * up waiting commands. @default DEFAULT_REDIS_COMMAND_TIMEOUT_MS
   */
  commandTimeoutMs?: number;
} & (
  | {
      /** e.g. `redis://127.0.0.1:6379/0`; the store owns the connection and `close()` quits it. */
      url: string;
      client?: never;
    }
  | {
      /** An existing client; the store never closes it. */
      client: RedisClientLike;
      url?: never;
    }
);

/**
 * A command's longest wait for Redis's reply. `ReportCache` stops waiting
 * much sooner (DEFAULT_STORE_TIMEOUT_MS) and answers from memory; this bound
 * only keeps commands sent to a frozen Redis from queueing for ever.
 */
export const DEFAULT_REDIS_COMMAND_TIMEOUT_MS = 1000;

/** Bytes of an entry's JSON read to find its tags; tags longer than this make invalidation conservative (drop). */
const TAGS_HEAD_BYTES = 1024;

/**
 * Stores the entry and adds it to its tag sets, raising each set's expiry to
 * at least the entry's. KEYS[1] entry, KEYS[2..] tag sets; ARGV[1] JSON, ARGV[2] ttl ms.
 */
const SET_SCRIPT = `
local ttl = tonumber(ARGV[2])
redis.call('SET', KEYS[1], ARGV[1], 'PX', ttl)
for i = 2, #KEYS do
  redis.call('SADD', KEYS[i], KEYS[1])
  if redis.call('PTTL', KEYS[i]) < ttl then redis.call('PEXPIRE', KEYS[i], ttl) end
end
return 1
`;

/**
 * Drops the entries named by the tag sets KEYS (tags ARGV, in the same
 * order), then the sets; returns how many entries were dropped. A set may
 * still name a key whose entry expired and was stored again with other tags,
 * so each entry's own tags are checked: they lead its JSON (see `serialise`),
 * and GETRANGE reads just that head. Atomic: an entry stored concurrently is
 * either dropped with its set or added to a fresh one.
 */
const INVALIDATE_SCRIPT = `
local dropped = 0
for i, tagKey in ipairs(KEYS) do
  local tag = ARGV[i]
  for _, key in ipairs(redis.call('SMEMBERS', tagKey)) do
    local head = redis.call('GETRANGE', key, 0, ${TAGS_HEAD_BYTES - 1})
    if head ~= '' then
      local ok, tags = pcall(cjson.decode, string.match(head, '^{"tags":(%b[])') or '')
      local tagged = not ok or type(tags) ~= 'table'
      if not tagged then
        for _, t in ipairs(tags) do
          if t == tag then tagged = true end
        end
      end
      if tagged then dropped = dropped + redis.call('DEL', key) end
    end
  end
  redis.call('DEL', tagKey)
end
return dropped
`;

interface Script {
  source: string;
  sha: string;
}

function script(source: string): Script {
  return { source, sha: createHash('sha1').update(source).digest('hex') };
}

const SET = script(SET_SCRIPT);
const INVALIDATE = script(INVALIDATE_SCRIPT);

/**
 * Synchronous so it fits a plain options object; the client (and ioredis) is
 * created on first use, and a failure then (no ioredis, Redis down) fails that
 * operation, which `ReportCache` survives by computing.
 *
 * @example
 * const store = createRedisStore({ url: process.env.REDIS_URL!, prefix: 'shop:' });
 * const cache = createReportCache({ store });
 */
export function createRedisStore(options: RedisStoreOptions): CacheStore {
  const prefix = options.prefix ?? DEFAULT_REDIS_PREFIX;
  const { url, onError } = options;
  const commandTimeout = options.commandTimeoutMs ?? DEFAULT_REDIS_COMMAND_TIMEOUT_MS;
  if (!options.client && !url) throw new TypeError('createRedisStore: pass `url` or `client`');
  const owned = options.client === undefined;
  let client: RedisClientLike | undefined = options.client;
  let creating: Promise<RedisClientLike> | undefined;
  let connecting: Promise<void> | undefined;
  let closed = false;
  // Connect now rather than on the first request, which would otherwise pay for loading ioredis and the handshake.
  if (!options.client) void ready().catch(() => {});
  const entryKey = (key: string) => `${prefix}e:${key}`;
  const tagKey = (tag: string) => `${prefix}t:${tag}`;

  /**
   * With `lazyConnect` and no offline queue, a command sent before the first
   * connection would fail; connect once, on first use. Afterwards a lost
   * connection makes commands fail at once while ioredis reconnects.
   */
  async function ready(): Promise<RedisClientLike> {
    if (closed) throw new Error('Redis cache store is closed');
    const c =
      client ??
      (await (creating ??= createClient(url as string, commandTimeout, onError).then((created) => (client = created))));
    if (c.status === 'wait') {
      connecting ??= c.connect().finally(() => (connecting = undefined));
    }
    if (connecting) await connecting;
    return c;
  }

  async function run(s: Script, keys: string[], args: (string | number)[]): Promise<unknown> {
    const c = await ready();
    try {
      return await c.evalsha(s.sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return c.eval(s.source, keys.length, ...keys, ...args);
    }
  }

  return {
    driver: 'redis',

    async get(key) {
      const c = await ready();
      const text = await c.get(entryKey(key));
      if (text === null) return undefined;
      const entry = parseEntry(text);
      // Not ours (another writer, an older format): treat as a miss and make room for a good one.
      if (!entry) await c.del(entryKey(key));
      return entry;
    },

    async set(key, entry) {
      const ttl = Math.ceil(entry.staleUntil - Date.now());
      const k = entryKey(key);
      if (ttl <= 0) {
        await (await ready()).del(k);
        return;
      }
      const tags = [...new Set(entry.tags)].map(tagKey);
      await run(SET, [k, ...tags], [serialise(entry), ttl]);
    },

    async delete(key) {
      await (await ready()).del(entryKey(key));
    },

    async invalidateTags(tags) {
      const unique = [...new Set(tags)];
      if (unique.length === 0) return 0;
      return Number(await run(INVALIDATE, unique.map(tagKey), unique));
    },

    async clear() {
      const c = await ready();
      const pattern = `${globEscape(prefix)}*`;
      let cursor = '0';
      do {
        const [next, keys] = await c.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
        if (keys.length > 0) await c.unlink(...keys);
        cursor = next;
      } while (cursor !== '0');
    },

    async size() {
      // Counting keys under a prefix needs a full SCAN; not cheap.
      return undefined;
    },

    async close() {
      if (closed) return;
      closed = true;
      if (!owned) return;
      const c = client ?? (await creating?.catch(() => undefined));
      if (!c) return;
      if (c.status === 'ready') {
        await c.quit().catch(() => c.disconnect());
      } else {
        c.disconnect();
      }
    },
  };
}

/** Creates an ioredis client that fails fast while Redis is unreachable instead of queueing requests behind it. */
async function createClient(
  url: string,
  commandTimeout: number,
  onError?: (error: Error) => void,
): Promise<RedisClientLike> {
  const Redis = await loadIoredis();
  const client = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    // A dead host should cost a request seconds at most, not the 10 s default.
    connectTimeout: 2000,
    commandTimeout,
  });
  // Without a listener ioredis prints every reconnect failure to the console.
  client.on('error', (error: Error) => onError?.(error));
  return client;
}

/** Tags first, so the invalidation script can read them without loading the body. */
function serialise(entry: StoredEntry): string {
  const { tags, body, etag, createdAt, freshUntil, staleUntil } = entry;
  return JSON.stringify({ tags, body, etag, createdAt, freshUntil, staleUntil });
}

function parseEntry(text: string): StoredEntry | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const e = value as Record<string, unknown>;
  const ok =
    typeof e.body === 'string' &&
    typeof e.etag === 'string' &&
    typeof e.createdAt === 'number' &&
    typeof e.freshUntil === 'number' &&
    typeof e.staleUntil === 'number' &&
    Array.isArray(e.tags) &&
    e.tags.every((t) => typeof t === 'string');
  return ok ? (value as StoredEntry) : undefined;
}

/** Escapes Redis glob metacharacters so a prefix matches only itself. */
function globEscape(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}
