/**
 * The node:http fast path of the dashboard server: a GET or HEAD of a cached
 * JSON report whose answer is a FRESH cache hit is written straight to the
 * node response, without building a Web Request, a Response or its body
 * stream, without zod (the parsing of a URL seen before is remembered) and
 * without an await. It writes exactly what `fetch` would: the same
 * `cachedAnswer` (status, ETag, Cache-Control, 304, body with its `cache`
 * tail), the same CORS headers, and it counts the hit and the request's
 * latency the same way.
 *
 * Anything else returns false having written nothing, and `fetch` answers
 * it: a miss, a stale entry, a store that cannot answer synchronously
 * (Redis), a bad or unknown URL, a scope not known without awaiting (a host
 * `authorize` hook, a JWT not verified yet), other endpoints and methods,
 * and a server not ready or closing.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Cors } from './auth/cors.js';
import { scopeKey, type Scope } from './auth/scope.js';
import { bodyHead, bodyTail, MAX_KEY_LENGTH, scopedCacheKey } from './cache/cache.js';
import type { StoredEntry } from './cache/types.js';
import type { NodeFastPath } from './node.js';
import type { PreparedReport, ServerState } from './routes/context.js';
import type { Match } from './routes/index.js';
import type { RequestMetrics } from './routes/metrics.js';
import { type BodyRenderer, cachedAnswer } from './routes/respond.js';

/**
 * Distinct request URLs whose parsing is remembered. A dashboard asks for a
 * few dozen (widgets × periods); a client sending endless distinct URLs only
 * pushes the oldest out.
 */
export const PARSED_URL_ENTRIES = 2000;
/** Longest URL remembered; longer ones (a long `search`) are parsed every time by `fetch`. */
export const MAX_REMEMBERED_URL_LENGTH = 2048;

export interface FastPathOptions {
  /** The server's state once ready; undefined before that and while closing (then `fetch` answers). */
  state(): ServerState | undefined;
  /** The route of a URL path, as `fetch` finds it. */
  routeFor(pathname: string): Match | undefined;
  /** The caller's scope when it can be known synchronously, else undefined. */
  scope(req: IncomingMessage): Scope | undefined;
  cors: Cors | undefined;
  metrics: RequestMetrics;
}

interface Remembered extends PreparedReport {
  /** Endpoint name in `v1/health`. */
  name: string;
}

/** Only for a URL whose key with a scope is too long and gets hashed: the hashed keys by scope key. */
const HASHED_KEYS_PER_URL = 16;

export function createNodeFastPath(options: FastPathOptions): NodeFastPath {
  const { cors, metrics } = options;
  /**
   * Raw request URL → what `handle` would work out from it, or false: not a
   * cached report, or a bad one. A plain Map dropping its oldest insertion
   * when full: a lookup is one `Map.get` (an LRU's bookkeeping cost a fifth
   * of the fast path), and an evicted URL is only parsed again.
   */
  const parsed = new Map<string, Remembered | false>();
  const scopeKeys = new WeakMap<Scope, string>();
  const hashed = new WeakMap<Remembered, Map<string, string>>();
  /**
   * Each entry's last response body, as UTF-8: hits within the same second
   * share it (only `ageSeconds` changes, once a second), so a hit costs
   * neither encoding kilobytes of text nor a copy. The bytes live as long as
   * the memory store holds their entry.
   */
  const rendered = new WeakMap<StoredEntry, { tail: string; bytes: Buffer }>();
  const render: BodyRenderer<Buffer> = (entry, info) => {
    const tail = bodyTail(info);
    let last = rendered.get(entry);
    if (last?.tail !== tail) {
      last = { tail, bytes: Buffer.from(bodyHead(entry) + tail) };
      rendered.set(entry, last);
    }
    return last.bytes;
  };

  function prepare(state: ServerState, raw: string): Remembered | false {
    let url: URL;
    try {
      // The same parse `toRequest` does; the host only sets the origin, which routing ignores.
      url = new URL(raw, 'http://localhost');
    } catch {
      return false;
    }
    const match = options.routeFor(url.pathname);
    const cached = match?.route.cached;
    if (!match || !cached || !match.route.methods.includes('GET') || !match.route.methods.includes('HEAD')) {
      return false;
    }
    try {
      return { ...cached.prepare(state, url.searchParams, match.params), name: match.route.name };
    } catch {
      // A 400 (or any failure): `fetch` answers it, each time.
      return false;
    }
  }

  function keyOf(report: Remembered, scope: Scope): string {
    let sk = scopeKeys.get(scope);
    if (sk === undefined) scopeKeys.set(scope, (sk = scopeKey(scope)));
    if (report.paramsKey.length + sk.length <= MAX_KEY_LENGTH) return report.paramsKey + sk;
    let keys = hashed.get(report);
    if (!keys) hashed.set(report, (keys = new Map()));
    let key = keys.get(sk);
    if (key === undefined) {
      key = scopedCacheKey(report.endpoint, report.paramsKey, sk);
      if (keys.size >= HASHED_KEYS_PER_URL) keys.clear();
      keys.set(sk, key);
    }
    return key;
  }

  return function dashboardFastPath(req: IncomingMessage, res: ServerResponse): boolean {
    const method = req.method;
    if (method !== 'GET' && method !== 'HEAD') return false;
    const state = options.state();
    const raw = req.url;
    if (!state || raw === undefined) return false;
    const started = performance.now();
    try {
      let report = parsed.get(raw);
      if (report === undefined) {
        report = prepare(state, raw);
        if (raw.length <= MAX_REMEMBERED_URL_LENGTH) {
          if (parsed.size >= PARSED_URL_ENTRIES) parsed.delete(parsed.keys().next().value!);
          parsed.set(raw, report);
        }
      }
      if (!report) return false;
      const scope = options.scope(req);
      if (!scope) return false;
      const result = state.cache.getFresh(keyOf(report, scope));
      if (!result) return false;
      const ifNoneMatch = req.headers['if-none-match'];
      const answer = cachedAnswer(
        render,
        state.now().getTime(),
        method,
        ifNoneMatch === undefined ? null : ifNoneMatch,
        result,
        report.ttlSeconds,
      );
      if (cors) {
        const origin = req.headers.origin;
        cors.decorate(origin === undefined ? null : origin, answer.headers);
      }
      res.writeHead(answer.status, answer.headers);
      if (answer.body === null) res.end();
      else res.end(answer.body);
      metrics.record(report.name, performance.now() - started, false);
      return true;
    } catch {
      // Nothing written yet: let `fetch` answer. Half written (the socket failed): nothing more can be sent.
      if (!res.headersSent) return false;
      res.destroy();
      return true;
    }
  };
}
