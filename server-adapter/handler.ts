/**
 * The Web-standard core of the adapter: `handle(Request) → Promise<Response>`
 * and its synchronous twin `peek`, both built from the same route table and
 * the same `PreparedReport` per URL, so a cache hit and a normal answer can
 * never drift. It knows no runtime: node.ts (and node-peek.ts) adapt it to
 * node:http; Express, Fastify, Hono or Next.js call `handle`.
 *
 * A cached report's request, either way:
 *   URL → route → PreparedReport (parsed once per distinct URL, remembered)
 *       → scope (`authorize`; `peek`: only when known without waiting)
 *       → cache key → cache (`peek`: a fresh entry in process memory, or nothing)
 *       → the answer: body bytes + ETag, Cache-Control, 304 (respond.ts)
 */
import type { Auth, HeaderRecord } from './auth/auth.js';
import { headerValue } from './auth/auth.js';
import { scopeKey, type Scope } from './auth/scope.js';
import { scopedCacheKey } from './cache/entry.js';
import { HttpError, MethodNotAllowedError, NotFoundError, UnavailableError } from './errors.js';
import type { Logger } from './logger.js';
import { RETRY_AFTER_SECONDS } from './options.js';
import { createAnswerer } from './routes/cached-answer.js';
import type { PreparedReport, ServerState } from './routes/context.js';
import { type Match, matchRoute } from './routes/index.js';
import type { RequestMetrics } from './routes/metrics.js';
import { type CachedAnswer, errorResponse, filterTypeError } from './routes/respond.js';

/**
 * Distinct request URLs whose preparation is remembered. A dashboard asks for
 * a few dozen (widgets × periods); a client sending endless distinct URLs
 * only pushes the oldest out.
 */
export const PREPARED_URL_ENTRIES = 2000;
/** Longest URL remembered; longer ones (a long `search`) are prepared on every request. */
export const MAX_REMEMBERED_URL_LENGTH = 2048;
/** Cache keys kept per URL, one per scope that asked it (a page's URLs are asked by a few scopes at a time). */
const SCOPED_KEYS_PER_URL = 16;
/**
 * `peek` times one hit in this many for `v1/health`'s latency percentiles
 * (every hit is counted): two clock reads cost a hit more than all its lookups.
 */
export const PEEK_TIMED_EVERY = 16;

/**
 * The only request headers `peek` reads: the caller's credentials (a JWT in
 * `Authorization` or the session cookie), `If-None-Match` and, with CORS,
 * `Origin`. The node adapter hands `peek` just these (node-peek.ts).
 */
export const PEEK_HEADERS: readonly string[] = Object.freeze(['authorization', 'cookie', 'if-none-match', 'origin']);

/** What `peek` answers: the status, headers (CORS included) and body of a fresh cache hit. */
export type PeekAnswer = CachedAnswer;

export interface DashboardHandler {
  /** Answers one request; never rejects (errors are problem+json responses). */
  handle(request: Request): Promise<Response>;
  /**
   * The answer to a GET or HEAD of `target` (path and query, as sent) when
   * it is a fresh cache hit that needs no waiting — a known scope, an entry
   * in process memory — else undefined, having done nothing: `handle` then
   * answers. Counted in `v1/health` like any request.
   */
  peek(method: string, target: string, headers: HeaderRecord): PeekAnswer | undefined;
}

export interface HandlerOptions {
  basePath: string;
  auth: Auth;
  metrics: RequestMetrics;
  logger: Logger;
  /** Settles with the server's state once it is set up; rejects if that failed. */
  ready: Promise<ServerState>;
  /** The state once ready; undefined before, after a failed start and while closing. */
  state(): ServerState | undefined;
  closing(): boolean;
}

type Prepared = PreparedReport | HttpError | undefined;

export function createHandler(options: HandlerOptions): DashboardHandler {
  const { basePath, auth, metrics, logger } = options;
  const { cors } = auth;
  /**
   * Request target → its prepared report, the 400 it earns, or undefined (not
   * a cached report). A plain Map dropping its oldest insertion when full: a
   * lookup is one `Map.get` (an LRU's bookkeeping would cost a fifth of a
   * cache hit), and an evicted URL is only prepared again.
   */
  const prepared = new Map<string, Prepared>();
  const scopeKeys = new WeakMap<Scope, string>();
  const scopedKeys = new WeakMap<PreparedReport, Map<string, string>>();
  /** Hits answered by `peek`, modulo PEEK_TIMED_EVERY. */
  let peeks = 0;
  const answerOf = createAnswerer();

  /** The route for a path, if any: `{base}/v1/...` with the base path removed. */
  function routeFor(path: string): Match | undefined {
    if (basePath && !path.startsWith(`${basePath}/`)) return undefined;
    return matchRoute(path.slice(basePath.length + 1).split('/'));
  }

  function prepare(state: ServerState, target: string, url?: URL): Prepared {
    let p = prepared.get(target);
    if (p !== undefined || prepared.has(target)) return p;
    let parsed = url;
    try {
      // The host only fills in the origin, which routing ignores.
      parsed ??= new URL(target, 'http://localhost');
    } catch {
      return undefined;
    }
    const match = routeFor(parsed.pathname);
    if (match?.route.kind === 'report') {
      try {
        p = match.route.prepare(state, parsed.searchParams, match.params);
      } catch (error) {
        if (!(error instanceof HttpError)) throw error;
        p = error;
      }
    }
    if (target.length <= MAX_REMEMBERED_URL_LENGTH) {
      if (prepared.size >= PREPARED_URL_ENTRIES) prepared.delete(prepared.keys().next().value!);
      prepared.set(target, p);
    }
    return p;
  }

  function keyOf(report: PreparedReport, scope: Scope): string {
    let sk = scopeKeys.get(scope);
    if (sk === undefined) scopeKeys.set(scope, (sk = scopeKey(scope)));
    // Most URLs are asked by one scope again and again: its key is kept, so a hit neither joins
    // (and then flattens, to hash it) two strings nor hashes a long key again.
    let keys = scopedKeys.get(report);
    if (!keys) scopedKeys.set(report, (keys = new Map()));
    let key = keys.get(sk);
    if (key === undefined) {
      key = scopedCacheKey(report.name, report.paramsKey, sk);
      if (keys.size >= SCOPED_KEYS_PER_URL) keys.clear();
      keys.set(sk, key);
    }
    return key;
  }

  async function readyState(): Promise<ServerState> {
    if (options.closing()) throw new UnavailableError('the server is shutting down', RETRY_AFTER_SECONDS);
    try {
      return await options.ready;
    } catch {
      throw new UnavailableError('the dashboard server failed to start; see its log', RETRY_AFTER_SECONDS);
    }
  }

  async function answer(request: Request, url: URL, match: Match | undefined): Promise<Response> {
    if (!match) throw new NotFoundError(`no endpoint at ${url.pathname}`);
    const { route, params } = match;
    if (!route.methods.includes(request.method)) throw new MethodNotAllowedError([...route.methods]);
    const state = await readyState();
    let scope: Promise<Scope> | undefined;
    let resolved: Scope | undefined;
    const scopeOf = () => (scope ??= auth.authorize(request).then((s) => (resolved = s)));
    try {
      if (route.kind === 'handler') return await route.handle(state, { request, url, params, scope: scopeOf });
      const report = prepare(state, url.pathname + url.search, url);
      if (report instanceof HttpError) throw report;
      if (!report) throw new NotFoundError(`no endpoint at ${url.pathname}`);
      const who = await scopeOf();
      report.access(who);
      const policy = report.policy();
      const result = await state.cache.get(keyOf(report, who), policy, () => report.compute(who));
      const a = answerOf(
        result,
        state.clock(),
        request.method,
        request.headers.get('if-none-match'),
        policy.ttlSeconds,
      );
      return new Response(a.body, { status: a.status, headers: a.headers });
    } catch (error) {
      throw filterTypeError(error, resolved) ?? error;
    }
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
      response = errorResponse(error, logger, request, url.pathname);
    }
    if (match) metrics.record(match.route.name, performance.now() - started, response.status >= 500);
    return response;
  }

  return {
    async handle(request) {
      if (!cors) return answerOrFail(request);
      return cors.preflight(request) ?? cors.apply(request, await answerOrFail(request));
    },

    peek(method, target, headers) {
      if (method !== 'GET' && method !== 'HEAD') return undefined;
      const state = options.state();
      if (!state || options.closing()) return undefined;
      try {
        return peekReport(state, method, target, headers);
      } catch {
        return undefined; // nothing answered: `handle` will, and log whatever it was
      }
    },
  };

  function peekReport(
    state: ServerState,
    method: string,
    target: string,
    headers: HeaderRecord,
  ): PeekAnswer | undefined {
    const timed = (peeks = (peeks + 1) % PEEK_TIMED_EVERY) === 0;
    const started = timed ? performance.now() : 0;
    const report = prepare(state, target);
    if (!report || report instanceof HttpError) return undefined;
    const scope = auth.known(headers);
    if (!scope) return undefined;
    let ttlSeconds: number;
    try {
      report.access(scope);
      ttlSeconds = report.policy().ttlSeconds;
    } catch {
      return undefined; // `handle` answers the refusal, after authorising
    }
    // One reading of the clock for the whole hit: freshness, the store's expiry, `ageSeconds` and `max-age`.
    const now = state.clock();
    const result = state.cache.getFresh(keyOf(report, scope), now);
    if (!result) return undefined;
    let a = answerOf(result, now, method, headerValue(headers, 'if-none-match') ?? null, ttlSeconds);
    if (cors) {
      const decorated = { ...a.headers };
      cors.decorate(headerValue(headers, 'origin') ?? null, decorated);
      a = { ...a, headers: decorated };
    }
    metrics.record(report.name, timed ? performance.now() - started : undefined, false);
    return a;
  }
}
