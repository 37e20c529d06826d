/**
 * The Redis status store, for several instances: a run reported to any of
 * them shows on all.
 *
 * Layout under `prefix` (the server's `redisPrefix`):
 * - `<prefix>status:pipeline:<id>`: a hash (`status`, `lastRunAt`,
 *   `lastRunMs`, `lastSuccessAt`, `nextRunAt`, `message`), updated by one
 *   script so that two instances applying reports at once cannot interleave;
 * - `<prefix>status:change`: the last change heard, JSON, replaced only by a
 *   newer one.
 * No expiry: one small key per declared pipeline plus one.
 *
 * Degradation: reads fall back to what this instance last read or wrote (a
 * status page keeps showing something while Redis is down); a run report
 * fails, so the route answers 503 and the job retries rather than leaving the
 * other instances unaware.
 */
import { createHash } from 'node:crypto';
import type { LastChange } from '../../src/contract/index.js';
import { loadIoredis } from '../redis.js';
import type { PipelineRecord, RunReport, RunStatus, StatusStore } from './store.js';

/**
 * KEYS[1] the pipeline's hash. ARGV: status, at, at in ms, next-run mode
 * (`keep`, `clear`, `set`), next run, has-message (`1`/`0`), message.
 * Ignores a report older than the last one applied; returns the hash.
 */
const APPLY_RUN_SCRIPT = `
local last = tonumber(redis.call('HGET', KEYS[1], 'lastRunMs'))
if last == nil or tonumber(ARGV[3]) >= last then
  redis.call('HSET', KEYS[1], 'status', ARGV[1], 'lastRunAt', ARGV[2], 'lastRunMs', ARGV[3])
  if ARGV[1] == 'ok' then redis.call('HSET', KEYS[1], 'lastSuccessAt', ARGV[2]) end
  if ARGV[4] == 'set' then redis.call('HSET', KEYS[1], 'nextRunAt', ARGV[5])
  elseif ARGV[4] == 'clear' then redis.call('HDEL', KEYS[1], 'nextRunAt') end
  if ARGV[6] == '1' then redis.call('HSET', KEYS[1], 'message', ARGV[7]) else redis.call('HDEL', KEYS[1], 'message') end
end
return redis.call('HGETALL', KEYS[1])
`;

/** KEYS[1] the change key. ARGV: the change as JSON, its time in ms. Keeps the newer of the two. */
const HEARD_SCRIPT = `
local current = redis.call('GET', KEYS[1])
if current then
  local ok, value = pcall(cjson.decode, current)
  if ok and type(value) == 'table' and tonumber(value.ms) and tonumber(value.ms) > tonumber(ARGV[2]) then return 0 end
end
redis.call('SET', KEYS[1], ARGV[1])
return 1
`;

/** The part of an ioredis client this store uses; an ioredis `Redis` satisfies it. */
export interface RedisStatusClientLike {
  readonly status: string;
  connect(): Promise<void>;
  get(key: string): Promise<string | null>;
  hgetall(key: string): Promise<Record<string, string>>;
  evalsha(sha1: string, numkeys: number, ...args: (string | number)[]): Promise<unknown>;
  eval(script: string, numkeys: number, ...args: (string | number)[]): Promise<unknown>;
  quit(): Promise<unknown>;
  disconnect(): void;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

export interface RedisStatusStoreOptions {
  /** e.g. `redis://127.0.0.1:6379`; the store opens one connection and `close()` quits it. */
  url: string;
  /** Key prefix, the server's `redisPrefix`. */
  prefix: string;
  /** Connection errors (ioredis reconnects meanwhile) and failed reads answered from memory. */
  onError?: (error: Error) => void;
}

const sha = (source: string) => createHash('sha1').update(source).digest('hex');
const APPLY_RUN = { source: APPLY_RUN_SCRIPT, sha: sha(APPLY_RUN_SCRIPT) };
const HEARD = { source: HEARD_SCRIPT, sha: sha(HEARD_SCRIPT) };

const RUN_STATUSES: readonly string[] = ['ok', 'running', 'failed'];

/** A stored hash as a record, or undefined when empty or not ours. */
export function recordOf(hash: Record<string, string> | string[]): PipelineRecord | undefined {
  const h: Record<string, string> = Array.isArray(hash) ? pairs(hash) : hash;
  if (!h.status || !RUN_STATUSES.includes(h.status) || !h.lastRunAt) return undefined;
  return {
    status: h.status as RunStatus,
    lastRunAt: h.lastRunAt,
    lastSuccessAt: h.lastSuccessAt ?? null,
    nextRunAt: h.nextRunAt ?? null,
    message: h.message ?? null,
  };
}

/** `[k1, v1, k2, v2…]` (what a script's HGETALL returns) as an object. */
function pairs(flat: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) out[flat[i]!] = flat[i + 1]!;
  return out;
}

/**
 * Synchronous, like the cache store: the connection opens on first use.
 *
 * @example
 * const store = createRedisStatusStore({ url: process.env.REDIS_URL!, prefix: 'dashkit:' });
 */
export function createRedisStatusStore(options: RedisStatusStoreOptions): StatusStore {
  const { url, prefix, onError } = options;
  const pipelineKey = (id: string) => `${prefix}status:pipeline:${id}`;
  const changeKey = `${prefix}status:change`;
  /** What this instance last read or wrote, served while Redis is down. */
  const known = new Map<string, PipelineRecord>();
  let knownChange: LastChange | null = null;
  let client: RedisStatusClientLike | undefined;
  let creating: Promise<RedisStatusClientLike> | undefined;
  let connecting: Promise<void> | undefined;
  let closed = false;

  async function ready(): Promise<RedisStatusClientLike> {
    if (closed) throw new Error('Redis status store is closed');
    const c = client ?? (await (creating ??= createClient(url, onError).then((made) => (client = made))));
    if (c.status === 'wait') connecting ??= c.connect().finally(() => (connecting = undefined));
    if (connecting) await connecting;
    return c;
  }

  async function run(script: { source: string; sha: string }, keys: string[], args: (string | number)[]) {
    const c = await ready();
    try {
      return await c.evalsha(script.sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return c.eval(script.source, keys.length, ...keys, ...args);
    }
  }

  const remember = (change: LastChange) => {
    if (!knownChange || Date.parse(change.at) >= Date.parse(knownChange.at)) knownChange = change;
  };

  return {
    driver: 'redis',

    async applyRun(id, report: RunReport) {
      const next =
        report.nextRunAt === undefined
          ? ['keep', '']
          : report.nextRunAt === null
            ? ['clear', '']
            : ['set', report.nextRunAt];
      const hash = (await run(
        APPLY_RUN,
        [pipelineKey(id)],
        [
          report.status,
          report.at,
          Date.parse(report.at),
          ...next,
          report.message === undefined ? '0' : '1',
          report.message ?? '',
        ],
      )) as string[];
      const record = recordOf(hash);
      if (!record) throw new Error(`status store: the record of pipeline "${id}" is not readable after writing it`);
      known.set(id, record);
      return { ...record };
    },

    async runs(ids) {
      const out = new Map<string, PipelineRecord>();
      try {
        const c = await ready();
        const hashes = await Promise.all(ids.map((id) => c.hgetall(pipelineKey(id))));
        ids.forEach((id, i) => {
          const record = recordOf(hashes[i] ?? {});
          if (record) {
            known.set(id, record);
            out.set(id, { ...record });
          }
        });
      } catch (error) {
        onError?.(error as Error);
        for (const id of ids) {
          const record = known.get(id);
          if (record) out.set(id, { ...record });
        }
      }
      return out;
    },

    async heard(change) {
      remember(change);
      try {
        await run(
          HEARD,
          [changeKey],
          [JSON.stringify({ ...change, ms: Date.parse(change.at) }), Date.parse(change.at)],
        );
      } catch (error) {
        // The other instances hear the change on the bus anyway; this one serves it from memory meanwhile.
        onError?.(error as Error);
      }
    },

    async lastChange() {
      try {
        const text = await (await ready()).get(changeKey);
        const value = text === null ? null : (JSON.parse(text) as Partial<LastChange>);
        if (value && typeof value.at === 'string' && Array.isArray(value.topics))
          remember({ at: value.at, topics: value.topics });
      } catch (error) {
        onError?.(error as Error);
      }
      return knownChange && { at: knownChange.at, topics: [...knownChange.topics] };
    },

    async close() {
      if (closed) return;
      closed = true;
      const c = client ?? (await creating?.catch(() => undefined));
      if (!c) return;
      if (c.status === 'ready') await c.quit().catch(() => c.disconnect());
      else c.disconnect();
    },
  };
}

async function createClient(url: string, onError?: (error: Error) => void): Promise<RedisStatusClientLike> {
  const Redis = await loadIoredis();
  const client = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    connectTimeout: 2000,
  });
  client.on('error', (error: Error) => onError?.(error));
  return client;
}
