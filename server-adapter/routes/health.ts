/**
 * `GET {base}/v1/health`: is the source reachable, how are the cache and the
 * live updates (Redis, LISTEN/NOTIFY) doing,
 * how many requests and how fast, per endpoint. Never cached; always 200
 * with `status` telling ok / degraded / down, so a dashboard can show it.
 */
import { type HealthResponse, NoParams } from '../../src/contract/index.js';
import type { CacheStore } from '../cache/types.js';
import type { Source } from '../sources/source.js';
import type { HandlerRoute, ServerState } from './context.js';
import { READ_METHODS } from './methods.js';
import { parseParams, uncachedJson } from './respond.js';

type Status = HealthResponse['status'];

/** `select 1` against the source, bounded by `timeoutMs`. */
export async function probeSource(source: Source | undefined, timeoutMs: number): Promise<HealthResponse['source']> {
  if (!source) return { kind: 'none', status: 'ok', latencyMs: null };
  const started = performance.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([
      source.query('select 1 as ok'),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return { kind: source.kind, status: 'ok', latencyMs: Math.round((performance.now() - started) * 100) / 100 };
  } catch (error) {
    // The message only: connection strings and stacks stay in the logs.
    const message = error instanceof Error ? error.message : String(error);
    return { kind: source.kind, status: 'down', latencyMs: null, error: message.slice(0, 200) };
  } finally {
    clearTimeout(timer);
  }
}

export const healthRoute: HandlerRoute = {
  kind: 'handler',
  name: 'health',
  pattern: 'v1/health',
  methods: READ_METHODS,
  async handle(state: ServerState, request) {
    parseParams(NoParams, request.url.searchParams);
    const [source, entries, storeAnswers] = await Promise.all([
      probeSource(state.source, state.healthTimeoutMs),
      state.cacheEntries().catch(() => undefined),
      state.probeCache(),
    ]);
    const { hits, misses } = state.cache.stats();
    // A failing store (Redis down) degrades to the in-process fallback; requests still get answers.
    const cacheStatus: Status = storeAnswers ? 'ok' : 'degraded';
    const live = state.liveHealth();
    // Redis down for the bus, or LISTEN lost: this instance serves, but may miss other instances' invalidations.
    const liveOk = live.bus.status === 'ok' && (live.notify?.status ?? 'ok') === 'ok';
    const status: Status = source.status === 'down' ? 'down' : cacheStatus === 'ok' && liveOk ? 'ok' : 'degraded';
    const body: HealthResponse = {
      status,
      uptimeSeconds: Math.round((Date.now() - state.startedAt) / 1000),
      source,
      cache: {
        hit: false,
        ageSeconds: 0,
        stale: false,
        driver: state.cacheDriver,
        status: cacheStatus,
        hitRatio: hits + misses === 0 ? null : hits / (hits + misses),
        hits,
        misses,
        ...(entries === undefined ? {} : { entries }),
      },
      endpoints: state.metrics.snapshot(),
      live,
      generatedAt: state.now().toISOString(),
    };
    return uncachedJson(request.request, body);
  },
};

/** Time a health check gives the cache store to answer one read, by default. */
const CACHE_PROBE_TIMEOUT_MS = 1000;

/** Whether `store` answers a read within `timeoutMs`. */
export async function probeStore(store: CacheStore, timeoutMs = CACHE_PROBE_TIMEOUT_MS): Promise<boolean> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    await Promise.race([
      store.get('health-probe'),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error('timeout')), timeoutMs);
      }),
    ]);
    return true;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}
