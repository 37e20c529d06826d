/**
 * `createDashboardServer`: the adapter, assembled. It reads like a table of
 * contents: settings and auth at once (a bad option fails construction), live
 * updates, then in the background the source, the engine and the cache; the
 * core (handler.ts) answers requests once they are ready.
 */
import type { Pipeline, PipelineRunRequest, Topic } from '../src/contract/index.js';
import { createAuth, type HeaderRecord } from './auth/auth.js';
import { DEFAULT_QUERY_TOKEN_PARAM } from './auth/jwt.js';
import type { Engine } from './engine/types.js';
import { changedTimes, type ChangedTimes, type InvalidationTimes } from './live/times.js';
import { createHandler, type DashboardHandler, PEEK_HEADERS, type PeekAnswer } from './handler.js';
import { DEFAULT_STORE_TIMEOUT_MS } from './cache/breaker.js';
import { describeError } from './logger.js';
import { type DashboardServerOptions, HEALTH_QUERY_TIMEOUT_MS } from './options.js';
import type { ServerState } from './routes/context.js';
import { probeStore } from './routes/health.js';
import { createExportGate } from './routes/export-gate.js';
import { createRequestMetrics } from './routes/metrics.js';
import { resolveSettings } from './settings.js';
import { declaredBoards } from './setup/boards.js';
import { openCache } from './setup/cache.js';
import { openDigests } from './setup/digests.js';
import { loadDefinition, openEngine } from './setup/engine.js';
import { openLive } from './setup/live.js';
import type { Part } from './setup/part.js';
import { openSource } from './setup/source.js';
import { declaredPipelines, openStatus } from './setup/status.js';
import type { RenderedBoard } from './render/types.js';
import type { Status } from './status/status.js';

/** What `server.invalidate` takes besides a bare list of topics. */
export interface InvalidationChange extends InvalidationTimes {
  topics: readonly Topic[];
}

export interface DashboardServer {
  /** Answer one request. Waits for `ready` first; never rejects. */
  fetch(request: Request): Promise<Response>;
  /**
   * A fresh cache hit's answer for a GET or HEAD of `target` (path and
   * query) when it needs no waiting, else undefined: then call `fetch`. The
   * Node adapter (`toNodeListener`, `listen`) tries it first, so a cache hit
   * skips building a Request and a Response.
   */
  peek(method: string, target: string, headers: HeaderRecord): PeekAnswer | undefined;
  /** The only request headers `peek` reads (lower-case); the node adapter passes it no others. */
  readonly peekHeaders: readonly string[];
  /**
   * Data behind `topics` changed: on every instance (through the bus)
   * marks the daily rollups over them dirty (read raw until their background
   * rebuild ends), then drops the cached reports depending on them, then sends
   * `invalidate` to every `v1/events` client. Resolves to how many entries
   * this instance dropped. Throws a TypeError on an unknown topic.
   *
   * With `{topics, times}` (the changed rows' time-column values, old and
   * new) or `{topics, from, to}`, only the rollup days those times fall on
   * turn dirty (read raw, recomputed in the background); a change to the
   * days always read raw (today, yesterday) dirties nothing. Throws a
   * TimesError (a TypeError naming `times`, `from` or `to`) on a bad time.
   *
   * @example
   * await server.invalidate({ topics: ['orders'], times: [order.orderedAt, previousOrderedAt] });
   */
  invalidate(topics: readonly Topic[]): Promise<number>;
  invalidate(change: InvalidationChange): Promise<number>;
  /**
   * A data pipeline (declared in `pipelines`) reports a run, as `POST {base}/v1/status/pipelines/{id}`
   * does: on every instance sharing the Redis, `v1/status` shows it. Resolves to the pipeline as
   * `v1/status` shows it now. Rejects with UnknownPipelineError, RunReportError (a bad `at` or
   * `nextRunAt`), or the status store's error.
   */
  reportRun(pipelineId: string, run: PipelineRunRequest): Promise<Pipeline>;
  /**
   * Sends digest `id` now (to `to`, else its own recipients), outside its schedule; resolves to the SMTP
   * message id. Rejects with UnknownDigestError, or the mail error after the retries.
   */
  sendDigest(id: string, to?: readonly string[]): Promise<string>;
  /** Renders digest `id`'s board in its format, with its scope: the file it attaches. */
  renderDigest(id: string): Promise<RenderedBoard>;
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

/**
 * @example
 * import { createServer } from 'node:http';
 * import { createDashboardServer, toNodeListener } from 'dashkitjs/server';
 *
 * const dashboard = createDashboardServer({ source: { databaseUrl: process.env.DATABASE_URL! }, timezone: 'Europe/Berlin' });
 * createServer(toNodeListener(dashboard)).listen(8787);
 */
export function createDashboardServer(options: DashboardServerOptions = {}): DashboardServer {
  const settings = resolveSettings(options);
  const { logger } = settings;
  const auth = createAuth(options);
  const live = openLive(options, settings);
  const metrics = createRequestMetrics();
  const exportGate = createExportGate(options.exports);
  const startedAt = Date.now();
  /** What this server opened once ready, closed in reverse (after `live`, so no invalidation lands on a closed cache). */
  const parts: Part<unknown>[] = [];
  let state: ServerState | undefined;
  let closing: Promise<void> | undefined;

  async function setup(): Promise<ServerState> {
    // Configuration first: a bad config file fails fast, before a database is opened.
    const definition = await loadDefinition(options);
    const source = await openSource(options, settings);
    parts.push(source);
    const engine = openEngine(options, settings, definition, source.part);
    parts.push(engine);
    const cache = openCache(options, settings);
    parts.push(cache);
    const status = openStatus(
      settings,
      declaredPipelines(options.pipelines, definition?.pipelines),
      live.part.events !== undefined,
    );
    parts.push(status);
    const boards = declaredBoards(options.boards, definition?.boards);
    const digests = openDigests(options, settings, { engine: engine.part, boards, fromConfig: definition?.digests });
    parts.push(digests);
    // Every invalidation, from this instance or another: remembered for `v1/status`, then engine rollups, then the cache.
    live.part.start((topics, times) => {
      void status.part.heard(topics);
      return applyInvalidation(engine.part, topics, times, cache.part.cache.invalidate);
    });
    if (settings.notify) live.part.listen(settings.notify);
    return {
      engine: engine.part,
      cache: cache.part.cache,
      cacheDriver: cache.part.driver,
      cacheEntries: () => cache.part.cache.store.size(),
      source: source.part,
      timezone: settings.timezone,
      now: settings.now,
      clock: settings.clock,
      logger,
      policy: settings.policy,
      metrics,
      startedAt,
      healthTimeoutMs: HEALTH_QUERY_TIMEOUT_MS,
      live: live.part.events !== undefined,
      events: live.part.events,
      exports: exportGate,
      eventsTokenParam:
        options.jwt?.queryTokenParam === false
          ? undefined
          : (options.jwt?.queryTokenParam ?? DEFAULT_QUERY_TOKEN_PARAM),
      verifyInvalidateSecret: auth.verifyInvalidateSecret,
      invalidate: (topics, times) => live.part.publish(topics, times),
      // An open breaker already knows the store is out: no probe, so a frozen Redis cannot slow v1/health.
      probeCache: async () =>
        cache.part.cache.storeStatus() === 'ok' && (await probeStore(cache.part.cache.store, DEFAULT_STORE_TIMEOUT_MS)),
      liveHealth: () => live.part.health(),
      status: status.part,
      boards,
      digests: digests.part,
    };
  }

  async function applyInvalidation(
    engine: Engine,
    topics: readonly Topic[],
    times: ChangedTimes | undefined,
    dropCached: (topics: readonly Topic[]) => Promise<number>,
  ): Promise<number> {
    try {
      await engine.invalidate?.(topics, times);
    } catch (error) {
      logger.error('engine invalidation failed', { topics, error: describeError(error) });
    }
    return dropCached(topics);
  }

  const ready = setup().then(
    (s) => (state = s),
    (error: unknown) => {
      logger.error('dashboard server failed to start', {
        error: error instanceof Error ? error.message : String(error),
      });
      throw error;
    },
  );
  // Requests report a failed start as 503; whoever awaits `ready` sees the error itself.
  const settled = ready.then(() => {});
  settled.catch(() => {});

  const handler: DashboardHandler = createHandler({
    basePath: settings.basePath,
    auth,
    metrics,
    logger,
    ready,
    state: () => state,
    closing: () => closing !== undefined,
  });

  /** Requests being answered; `close` lets them finish before releasing the source. */
  const inFlight = new Set<Promise<unknown>>();

  return {
    basePath: settings.basePath,
    ready: settled,
    fetch(request) {
      const pending = handler.handle(request);
      inFlight.add(pending);
      void pending.finally(() => inFlight.delete(pending));
      return pending;
    },
    peek: (method, target, headers) => handler.peek(method, target, headers),
    peekHeaders: PEEK_HEADERS,
    async invalidate(change: readonly Topic[] | InvalidationChange) {
      const [topics, times] = Array.isArray(change)
        ? [change as readonly Topic[], undefined]
        : [(change as InvalidationChange).topics, changedTimes(change as InvalidationChange)];
      await ready;
      return live.part.publish(topics, times);
    },
    async reportRun(pipelineId, run) {
      const s: Status = (await ready).status;
      return s.report(pipelineId, run);
    },
    async sendDigest(id, to) {
      return (await ready).digests.sendNow(id, to);
    },
    async renderDigest(id) {
      return (await ready).digests.renderFile(id);
    },
    endStreams: () => live.part.endStreams(),
    async liveReady() {
      await ready;
      await live.part.ready();
    },
    close() {
      closing ??= (async () => {
        // Streams first: an open event stream would otherwise hold a node server's close open.
        live.part.endStreams();
        await ready.catch(() => {});
        await Promise.allSettled([...inFlight]);
        for (const part of [live, ...parts.reverse()]) {
          try {
            await part.close();
          } catch (error) {
            logger.warn('error while closing', { error: error instanceof Error ? error.message : String(error) });
          }
        }
      })();
      return closing;
    },
  };
}
