/**
 * What digests share between instances: the claim on a slot (so a scheduled
 * digest goes out once per slot however many instances run it) and each
 * digest's last outcome for `v1/status`. Redis when the server has a Redis
 * URL — the claim is `SET <prefix>digest:slot:<id>:<slot> NX PX <ttl>` — else
 * in process, which is right for one instance.
 */
import { loadIoredis } from '../redis.js';

/** A digest's last outcome, as `v1/status` shows it. Times are ISO 8601 in UTC. */
export interface DigestRecord {
  lastSentAt: string | null;
  lastError: string | null;
  lastErrorAt: string | null;
}

export interface DigestStore {
  readonly driver: 'memory' | 'redis';
  /** Claims slot `slot` of digest `id` for `ttlMs`; true for exactly one caller across the instances sharing it. */
  claim(id: string, slot: string, ttlMs: number): Promise<boolean>;
  /** Gives a claim back (the send failed for good, so a later run of the same slot, e.g. the CLI, may try). */
  release(id: string, slot: string): Promise<void>;
  sent(id: string, at: string): Promise<void>;
  failed(id: string, at: string, error: string): Promise<void>;
  records(ids: readonly string[]): Promise<Map<string, DigestRecord>>;
  close(): Promise<void>;
}

const empty = (): DigestRecord => ({ lastSentAt: null, lastError: null, lastErrorAt: null });

/** One instance's claims and records, in memory; expired claims are swept as new ones arrive. */
export function createMemoryDigestStore(now: () => number = Date.now): DigestStore {
  const claims = new Map<string, number>();
  const records = new Map<string, DigestRecord>();
  return {
    driver: 'memory',
    async claim(id, slot, ttlMs) {
      const t = now();
      for (const [key, until] of claims) if (until <= t) claims.delete(key);
      const key = `${id}\n${slot}`;
      if (claims.has(key)) return false;
      claims.set(key, t + ttlMs);
      return true;
    },
    async release(id, slot) {
      claims.delete(`${id}\n${slot}`);
    },
    async sent(id, at) {
      records.set(id, { ...(records.get(id) ?? empty()), lastSentAt: at, lastError: null, lastErrorAt: null });
    },
    async failed(id, at, error) {
      records.set(id, { ...(records.get(id) ?? empty()), lastError: error, lastErrorAt: at });
    },
    async records(ids) {
      const out = new Map<string, DigestRecord>();
      for (const id of ids) {
        const r = records.get(id);
        if (r) out.set(id, { ...r });
      }
      return out;
    },
    async close() {},
  };
}

export interface RedisDigestStoreOptions {
  url: string;
  /** Key prefix, the server's `redisPrefix`. */
  prefix: string;
  onError?: (error: Error) => void;
}

/** Claims and records in Redis, shared by every instance with the same URL and prefix. */
export function createRedisDigestStore(options: RedisDigestStoreOptions): DigestStore {
  const { prefix } = options;
  const client = loadIoredis().then((Redis) => {
    const redis = new Redis(options.url, { lazyConnect: false, maxRetriesPerRequest: 2 });
    redis.on('error', (error: Error) => options.onError?.(error));
    return redis;
  });
  const slotKey = (id: string, slot: string) => `${prefix}digest:slot:${id}:${slot}`;
  const stateKey = (id: string) => `${prefix}digest:state:${id}`;
  return {
    driver: 'redis',
    async claim(id, slot, ttlMs) {
      const redis = await client;
      return (await redis.set(slotKey(id, slot), '1', 'PX', Math.max(1, Math.round(ttlMs)), 'NX')) === 'OK';
    },
    async release(id, slot) {
      await (await client).del(slotKey(id, slot));
    },
    async sent(id, at) {
      const redis = await client;
      await redis.multi().hset(stateKey(id), 'lastSentAt', at).hdel(stateKey(id), 'lastError', 'lastErrorAt').exec();
    },
    async failed(id, at, error) {
      await (await client).hset(stateKey(id), 'lastError', error, 'lastErrorAt', at);
    },
    async records(ids) {
      const redis = await client;
      const out = new Map<string, DigestRecord>();
      const hashes = await Promise.all(ids.map((id) => redis.hgetall(stateKey(id))));
      ids.forEach((id, i) => {
        const h = hashes[i] ?? {};
        if (Object.keys(h).length === 0) return;
        out.set(id, {
          lastSentAt: h['lastSentAt'] ?? null,
          lastError: h['lastError'] ?? null,
          lastErrorAt: h['lastErrorAt'] ?? null,
        });
      });
      return out;
    },
    async close() {
      const redis = await client.catch(() => undefined);
      await redis?.quit().catch(() => redis.disconnect());
    },
  };
}
