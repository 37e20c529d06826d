/**
 * `createDashboardServer`: the whole adapter as one Web-standard
 * `(Request) => Promise<Response>` function, mountable in node:http (see
 * node.ts), Express, Fastify, Hono or a Next.js route.
 */
import type { Topic } from '../src/contract/index.js';
import { createCors } from './auth/cors.js';
import { createJwtAuthorizer } from './auth/jwt.js';
import { type Authorize, PUBLIC_SCOPE, type Scope } from './auth/scope.js';
import { cacheKey, createReportCache, renderBody } from './cache/cache.js';
import { createMemoryStore } from './cache/memory.js';
import { createRedisStore, DEFAULT_REDIS_PREFIX } from './cache/redis.js';
import type { CacheStore } from './cache/types.js';
import { isValidTimeZone, todayIn } from './engine/calendar.js';
import { loadConfig } from './engine/config.js';
import { createEngine } from './engine/index.js';
import type { Engine } from './engine/types.js';
import { HttpError, MethodNotAllowedError, NotFoundError, UnavailableError } from './errors.js';
import { createNodeFastPath } from './fast-path.js';
import { createLive } from './live/invalidation.js';
import { NODE_FAST_PATH } from './node.js';
import {
  type CachedReport,
  type DashboardServerOptions,
  DEFAULT_CURRENCY,
  DEFAULT_LOCALE,
  DEFAULT_LOGGER,
  DEFAULT_STALE_SECONDS,
  DEFAULT_TIMEZONE,
  DEFAULT_TTL_SECONDS,
  FALLBACK_MAX_ENTRIES,
  HEALTH_QUERY_TIMEOUT_MS,
  MIN_INVALIDATE_SECRET_LENGTH,
  normalizeBasePath,
  perReport,
  RETRY_AFTER_SECONDS,
  rollupOptions,
} from './options.js';
import type { ServerState } from './routes/context.js';
import { probeStore } from './routes/health.js';
import { type Match, matchRoute } from './routes/index.js';
import { secretVerifier } from './routes/invalidate.js';
import { createRequestMetrics } from './routes/metrics.js';
import { describe, errorResponse, filterTypeError } from './routes/respond.js';
import type { Source } from './sources/source.js';

export interface DashboardServer {
  /** Answer one request. Waits for `ready` first; never rejects. */
  fetch(request: Request): Promise<Response>;
  /**
   * Data behind `topics` changed: on every instance (through the bus)
   * marks the daily rollups over them dirty (read raw until their background
   * rebuild ends), then drops the cached reports depending on them, then sends
   * `invalidate` to every `v1/events` client. Resolves to how many entries
   * this instance dropped. Throws a TypeError on an unknown topic.
   */
  invalidate(topics: readonly Topic[]): Promise<number>;
  /** Ends every `v1/events` stream (clients reconnect, elsewhere or later); `close` does it first too. */
  endStreams(): void;
  /**
   * Resolves once invalidations flow in from elsewhere: after `ready`, when
   * the Redis bus is subscribed and LISTEN (`listenNotify`) is in place; at
   * once without them. Waits through outages, never rejects; serving does
   * not wait for it.
   */
  liveReady(): Promise<void>;
  /** Release what the server opened (PGlite, pg pool, Redis); a `Source`, store or bus you passed stays open. */
  close(): Promise<void>;
  /** Settles once the source is open (and seeded) and the engine is built; rejects if that failed. */
  readonly ready: Promise<void>;
  /** The contract's path prefix, normalised (`''` or `/dashboard/api`). */
  readonly basePath: string;
}

function isSource(value: DashboardServerOptions['source']): value is Source {
  return typeof value === 'object' && value !== null && typeof (value as Source).query === 'function';
}

function isStore(value: DashboardServerOptions['cache']): value is CacheStore {
  return typeof value === 'object' && value !== null && typeof (value as CacheStore).get === 'function';
}

/**
 * @example
 * import { createServer } from 'node:http';
 * import { createDashboardServer, toNodeListener } from 'dashkit/server';
 *
 * const dashboard = createDashboardServer({ source: { databaseUrl: process.env.DATABASE_URL! }, timezone: 'Europe/Berlin' });
 * createServer(toNodeListener(dashboard.fetch)).listen(8787);
 */
export function createDashboardServer(options: DashboardServerOptions = {}): DashboardServer {
  const basePath = normalizeBasePath(options.basePath ?? '');
  const logger = options.logger ?? DEFAULT_LOGGER;
  const now = options.now ?? (() => new Date());
  const clock = () => now().getTime();
  const timezone = options.timezone ?? DEFAULT_TIMEZONE;
  const currency = options.currency ?? DEFAULT_CURRENCY;
  const locale = options.locale ?? DEFAULT_LOCALE;
  // Checked here, not in setup: a typo should fail construction, not every request.
  if (!isValidTimeZone(timezone)) throw new RangeError(`timezone: unknown IANA time zone ${JSON.stringify(timezone)}`);
  if (options.seedDemo && options.source && !isSource(options.source)) {
    throw new TypeError('seedDemo: only an embedded database or a Source you pass can be seeded, never a databaseUrl');
  }
  if (options.authorize && options.jwt) {
    throw new TypeError('authorize, jwt: give one (a host hook, or built-in JWT verification), not both');
  }
  const secret = options.invalidateSecret;
  if (secret !== undefined && secret.length < MIN_INVALIDATE_SECRET_LENGTH) {
    throw new TypeError(`invalidateSecret: expected at least ${MIN_INVALIDATE_SECRET_LENGTH} characters`);
  }
  const notifyUrl =
    typeof options.listenNotify === 'object'
      ? options.listenNotify.databaseUrl
      : options.listenNotify && options.source && !isSource(options.source)
        ? options.source.databaseUrl
        : undefined;
  if (options.listenNotify && !notifyUrl) {
    throw new TypeError(
      'listenNotify: needs a PostgreSQL database: source { databaseUrl } or listenNotify { databaseUrl }',
    );
  }
  // Built now, not in setup: a bad secret, origin or event setting fails construction, not every request.
  const jwt = options.jwt ? createJwtAuthorizer(options.jwt) : undefined;
  const authorize: Authorize = options.authorize ?? jwt ?? (() => PUBLIC_SCOPE);
  const cors =
    options.corsOrigins && options.corsOrigins.length > 0 ? createCors({ origins: options.corsOrigins }) : undefined;
  const verifyInvalidateSecret = secret === undefined ? undefined : secretVerifier(secret);
  const cacheRedisUrl =
    typeof options.cache === 'object' && !isStore(options.cache) ? options.cache.redisUrl : undefined;
  const redisUrl = options.redisUrl ?? cacheRedisUrl;
  const redisPrefix = options.redisPrefix ?? DEFAULT_REDIS_PREFIX;
  const live = createLive({
    ...(options.bus ? { bus: options.bus } : {}),
    ...(redisUrl ? { redisUrl } : {}),
    redisPrefix,
    events: options.events ?? {},
    logger,
  });

  /** Closers of what this server opened, run in reverse on close. */
  const owned: (() => Promise<void>)[] = [];
  let state: ServerState | undefined;

  async function setup(): Promise<ServerState> {
    // Configuration first: a bad config file fails fast, before a database is opened.
    const definition = options.definition ?? (options.configPath ? await loadConfig(options.configPath) : undefined);
    let source: Source | undefined;
    if (isSource(options.source)) source = options.source;
    else if (options.source) {
      const { createPgSource } = await import('./sources/pg.js');
      source = await createPgSource({ connectionString: options.source.databaseUrl });
      owned.push(() => source!.close());
    } else if (!options.engine || options.seedDemo) {
      const { createPgliteSource } = await import('./sources/pglite.js');
      const pglite = await createPgliteSource();
      owned.push(() => pglite.close());
      source = pglite;
      if (!options.seedDemo) {
        // An empty embedded database still answers every report (with zeros) instead of failing on missing tables.
        const { COMMERCE_SCHEMA_SQL } = await import('./demo/schema.js');
        await pglite.exec(COMMERCE_SCHEMA_SQL);
      }
    }
    if (options.seedDemo && source) {
      const { seedDemo } = await import('./demo/seed.js');
      await seedDemo(source, { anchor: todayIn(now(), timezone), timezone, now: now() });
    }

    let engine: Engine;
    if (options.engine) engine = options.engine;
    else if (source) {
      const sql = createEngine({ source, timezone, currency, locale, now }, definition, {
        ...(options.rollups === false ? {} : { rollups: rollupOptions(options.rollups, logger) }),
      });
      // Runs before the source closes (closers run in reverse): lets a rollup refresh finish.
      owned.push(() => sql.close());
      engine = sql;
      // Built in the background: requests read the raw tables until it is done, and a database
      // that refuses CREATE only means no rollups (logged), never a server that does not start.
      sql.rollups?.start().catch((error: unknown) => logger.warn('rollups unavailable', { error: describe(error) }));
    } else throw new TypeError('createDashboardServer: no source to build the engine on');

    let store: CacheStore;
    let fallback: CacheStore | undefined;
    if (isStore(options.cache)) store = options.cache;
    else if (cacheRedisUrl || (options.cache === undefined && redisUrl)) {
      let lastLogged = -Infinity;
      const redis = createRedisStore({
        url: (cacheRedisUrl ?? redisUrl)!,
        prefix: redisPrefix,
        // ioredis reports every reconnection attempt; one line a minute says enough.
        onError: (error) => {
          if (Date.now() - lastLogged < 60_000) return;
          lastLogged = Date.now();
          logger.warn('redis error', { error: error.message });
        },
      });
      owned.push(() => redis.close());
      store = redis;
      // Redis down: keep serving from process memory instead of querying the database on every request.
      fallback = createMemoryStore({ maxEntries: FALLBACK_MAX_ENTRIES, now: clock });
    } else {
      const memory = createMemoryStore({ now: clock });
      owned.push(() => memory.close());
      store = memory;
    }
    const cache = createReportCache({
      store,
      ...(fallback ? { fallback } : {}),
      now: clock,
      onError: (error, context) =>
        logger.warn(`cache ${context.operation} failed`, { key: context.key, error: describe(error) }),
    });

    // Every invalidation, from this instance or another, drops entries here: engine rollups first, then the cache.
    live.start(async (topics) => {
      try {
        await engine.invalidate?.(topics);
      } catch (error) {
        logger.error('engine invalidation failed', { topics, error: describe(error) });
      }
      return cache.invalidate(topics);
    });
    if (notifyUrl) {
      const channel = typeof options.listenNotify === 'object' ? options.listenNotify.channel : undefined;
      live.listen({ databaseUrl: notifyUrl, ...(channel ? { channel } : {}) });
    }

    return {
      engine,
      cache,
      cacheDriver: store.driver,
      cacheEntries: () => store.size(),
      source,
      timezone,
      now,
      logger,
      policy(report: CachedReport, tags: readonly Topic[]) {
        return {
          ttlSeconds: perReport(options.ttlSeconds, report, DEFAULT_TTL_SECONDS[report]),
          staleSeconds: perReport(options.staleSeconds, report, DEFAULT_STALE_SECONDS),
          tags,
        };
      },
      cacheKey,
      renderBody,
      metrics,
      startedAt,
      healthTimeoutMs: HEALTH_QUERY_TIMEOUT_MS,
      live: live.events !== undefined,
      events: live.events,
      verifyInvalidateSecret,
      invalidate: (topics) => live.publish(topics),
      probeCache: () => probeStore(store),
      liveHealth: () => live.health(),
    };
  }

  const metrics = createRequestMetrics();
  const startedAt = Date.now();
  const ready = setup().then(
    (s) => {
      state = s;
    },
    (error: unknown) => {
      logger.error('dashboard server failed to start', {
        error: error instanceof Error ? error.message : String(error),
      });
      throw error;
    },
  );
  // Requests report a failed start as 503; whoever awaits `ready` sees the error itself.
  ready.catch(() => {});

  let closing: Promise<void> | undefined;

  /** The route for a path, if any: `{base}/v1/...` with the base path removed. */
  function routeFor(path: string): Match | undefined {
    if (basePath && !path.startsWith(`${basePath}/`)) return undefined;
    return matchRoute(path.slice(basePath.length + 1).split('/'));
  }

  async function answer(request: Request, url: URL, match: Match | undefined): Promise<Response> {
    if (!match) throw new NotFoundError(`no endpoint at ${url.pathname}`);
    const { route, params } = match;
    if (!route.methods.includes(request.method)) throw new MethodNotAllowedError([...route.methods]);
    if (closing) throw new UnavailableError('the server is shutting down', RETRY_AFTER_SECONDS);
    try {
      await ready;
    } catch {
      throw new UnavailableError('the dashboard server failed to start; see its log', RETRY_AFTER_SECONDS);
    }
    let scope: Promise<Scope> | undefined;
    let resolved: Scope | undefined;
    try {
      return await route.handle(state!, {
        request,
        url,
        params,
        scope: () =>
          (scope ??= Promise.resolve()
            .then(() => authorize(request))
            .then((s) => (resolved = s))),
      });
    } catch (error) {
      throw filterTypeError(error, resolved) ?? error;
    }
  }

  /** Requests being answered; `close` lets them finish before releasing the source. */
  const inFlight = new Set<Promise<unknown>>();

  async function respond(request: Request): Promise<Response> {
    if (!cors) return answerOrFail(request);
    return cors.preflight(request) ?? cors.apply(request, await answerOrFail(request));
  }

  async function answerOrFail(request: Request): Promise<Response> {
    const started = performance.now();
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return new HttpError(400, 'Bad Request', 'the request URL is not valid').toResponse();
    }
    const match = routeFor(url.pathname);
    let response: Response;
    try {
      response = await answer(request, url, match);
    } catch (error) {
      response = errorResponse(error, { logger }, request, url.pathname);
    }
    if (match) metrics.record(match.route.name, performance.now() - started, response.status >= 500);
    return response;
  }

  const fastPath = createNodeFastPath({
    state: () => (closing ? undefined : state),
    routeFor,
    // A host hook may await anything: its requests always take `fetch`.
    scope: options.authorize
      ? () => undefined
      : jwt
        ? (req) => jwt.remembered(req.headers.authorization, req.headers.cookie)
        : () => PUBLIC_SCOPE,
    cors,
    metrics,
  });

  function fetch(request: Request): Promise<Response> {
    const pending = respond(request);
    inFlight.add(pending);
    void pending.finally(() => inFlight.delete(pending));
    return pending;
  }

  return {
    basePath,
    ready,
    // `toNodeListener(dashboard.fetch)` and `listen(dashboard)` find the fast path on it.
    fetch: Object.assign(fetch, { [NODE_FAST_PATH]: fastPath }),
    async invalidate(topics) {
      await ready;
      return live.publish(topics);
    },
    endStreams() {
      live.endStreams();
    },
    async liveReady() {
      await ready;
      await live.ready();
    },
    close() {
      closing ??= (async () => {
        // Streams first: an open event stream would otherwise hold a node server's close open.
        live.endStreams();
        await ready.catch(() => {});
        await Promise.allSettled([...inFlight]);
        await live.close();
        for (const close of owned.reverse()) {
          try {
            await close();
          } catch (error) {
            logger.warn('error while closing', { error: error instanceof Error ? error.message : String(error) });
          }
        }
      })();
      return closing;
    },
  };
}
