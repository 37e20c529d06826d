/**
 * `GET {base}/v1/health`: is the source reachable, how are the cache and the
 * live updates (Redis, LISTEN/NOTIFY) doing,
 * how many requests and how fast, per endpoint. Never cached; always 200
 * with `status` telling ok / degraded / down, so a dashboard can show it.
 */
import { type HealthResponse, LocaleParams } from '../../src/contract/index.js';
import type { CacheStore } from '../cache/types.js';
import type { Source } from '../sources/source.js';
import type { HandlerRoute, ServerState } from './context.js';
import { READ_METHODS } from './methods.js';
import { parseParams, uncachedJson } from './respond.js';
import { describeError } from '../logger.js';

type Status = HealthResponse['status'];

/** `select 1` against the source, bounded by `timeoutMs`; a failure keeps its raw error for the caller to show or log. */
export async function probeSource(
  source: Source | undefined,
  timeoutMs: number,
): Promise<HealthResponse['source'] & { cause?: unknown }> {
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
    return { kind: source.kind, status: 'down', latencyMs: null, error: publicSourceError(error), cause: error };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * What anyone may read about a source failure: its kind, never its text.
 * PostgreSQL's messages name roles, databases, hosts and ports
 * (`password authentication failed for user "shop_ro"`), which an
 * unauthenticated health check must not hand out.
 */
export function publicSourceError(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : '';
  if (code === '28000' || code === '28P01') return 'the database refused the credentials';
  if (code === '3D000' || code === '57P04') return 'the database does not exist';
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host not found';
  if (/^no answer within/.test(message) || /timeout/i.test(message) || code === 'ETIMEDOUT') return 'no answer in time';
  if (typeof code === 'string' && /^(08|53|57P0)/.test(code)) return 'the database is not accepting connections';
  return 'unavailable';
}

/** Whether this health request may see raw source errors: it carries the operator's invalidate secret. */
function operator(state: ServerState, request: Request): boolean {
  return state.verifyInvalidateSecret?.(request.headers.get('authorization')) ?? false;
}

/** The last source error logged per server, so a load balancer polling health does not log it every time. */
const lastLogged = new WeakMap<ServerState, string>();

export const healthRoute: HandlerRoute = {
  kind: 'handler',
  name: 'health',
  pattern: 'v1/health',
  methods: READ_METHODS,
  async handle(state: ServerState, request) {
    parseParams(LocaleParams, request.url.searchParams);
    const [probed, entries, storeAnswers] = await Promise.all([
      probeSource(state.source, state.healthTimeoutMs),
      state.cacheEntries().catch(() => undefined),
      state.probeCache(),
    ]);
    const { cause, ...source } = probed;
    if (cause !== undefined) {
      const raw = cause instanceof Error ? cause.message : String(cause);
      // The details go to the log (once per distinct error) and to the operator, not to anyone asking.
      if (lastLogged.get(state) !== raw) state.logger.warn('health: source down', { error: describeError(cause) });
      lastLogged.set(state, raw);
      if (operator(state, request.request)) source.error = raw.slice(0, 200);
    } else lastLogged.delete(state);
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
        refreshFailed: false,
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
