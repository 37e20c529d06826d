/**
 * The widgets' HTTP client: `fetch` with a timeout and one retry for what is
 * plausibly transient, the contract's `zod/mini` schemas for the response. A response that does not match the contract is
 * an error, never data: a widget that shows a wrong number is worse than one
 * that says it could not load.
 *
 * Schemas are imported from their own modules, not `contract/index.js`, so a
 * widget bundle carries only the schemas it reads.
 *
 * Why not ky (which this used until v1.1): it cost 3.4 KB gzip of the 38 KB
 * the nine elements may weigh, for the three things below that `fetch` almost
 * does by itself (a prefix, a timeout, one retry honouring `Retry-After`).
 */
import type * as z from 'zod/mini';
import { Problem } from '../contract/common.js';
import { MetaResponse } from '../contract/meta.js';
import { memo, memoPromise } from './memo.js';

/**
 * A bearer token, or a function returning one (sync or async). A function is
 * asked once, its token reused until the server answers 401; then it is asked
 * again once and the request repeated — a token that expired while the page
 * stayed open renews itself.
 */
export type TokenSource = string | (() => string | Promise<string>);

export type QueryValue = string | number | boolean | null | undefined;
/** Query parameters; `null` and `undefined` are left out, so optional attributes need no special casing. */
export type QueryParams = Readonly<Record<string, QueryValue>>;

export interface ClientOptions {
  /** Base URL the contract is served under, e.g. `/dashboard/api` or `https://bi.example.com/api`. */
  base: string;
  /** Bearer token sent as `Authorization`, or a function returning one (see {@link TokenSource}). */
  token?: TokenSource | undefined;
  /** `include` for cookie sessions on another origin. */
  credentials?: RequestCredentials | undefined;
  /** Milliseconds before a request is abandoned, or `false` for never; default {@link DEFAULT_TIMEOUT_MS}. */
  timeout?: number | false | undefined;
  /** A fetch implementation; default `globalThis.fetch`, looked up on every request. */
  fetch?: typeof fetch | undefined;
}

/** Ten seconds: the adapter answers from cache in milliseconds and a cold report in well under a second. */
export const DEFAULT_TIMEOUT_MS = 10_000;

/** Why a request failed: HTTP status and the server's problem details when it sent them. */
export class DashRequestError extends Error {
  override name = 'DashRequestError';
  constructor(
    message: string,
    readonly url: string,
    readonly status?: number,
    readonly problem?: Problem,
  ) {
    super(message);
  }
}

/** The server answered, but not with what contract v1 promises. */
export class ContractError extends Error {
  override name = 'ContractError';
  constructor(
    message: string,
    readonly url: string,
  ) {
    super(message);
  }
}

export interface DashClient {
  readonly base: string;
  /**
   * GETs `{base}/{path}` and validates the JSON with `schema`.
   *
   * @example
   * const stats = await client.getJson('v1/stats', { metrics: 'revenue', range: '30d' }, StatsResponse, signal);
   */
  getJson<S extends z.ZodMiniType>(
    path: string,
    params: QueryParams,
    schema: S,
    signal?: AbortSignal,
  ): Promise<z.output<S>>;
  /**
   * `v1/meta`, fetched once per client (and per `params`, e.g. `{ locale: 'fa-IR' }` for labels in Persian)
   * and shared by every widget using it; a failure is not cached.
   */
  meta(signal?: AbortSignal, params?: QueryParams): Promise<MetaResponse>;
  /** True when requests carry a bearer token: a plain link to `{base}/…` would go without it. */
  readonly authorized?: boolean;
  /** GETs `{base}/{path}` as a Blob (a CSV export) with this client's headers and credentials. */
  getBlob?(path: string, params: QueryParams, signal?: AbortSignal): Promise<Blob>;
  /** POSTs `body` as JSON to `{base}/{path}?{params}` and reads the answer as a Blob (a rendered board). */
  postBlob?(path: string, body: unknown, params: QueryParams, signal?: AbortSignal): Promise<Blob>;
}

/** `params` as a query; each value as `String()` writes it. */
function searchParams(params: QueryParams): URLSearchParams {
  return new URLSearchParams(Object.entries(params).filter(([, value]) => value != null) as [string, string][]);
}

function describeIssues(issues: readonly { path: PropertyKey[]; message: string }[]): string {
  const more = issues.length - 3;
  return (
    issues
      .slice(0, 3)
      .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
      .join('; ') + (more > 0 ? ` (and ${more} more)` : '')
  );
}

/** What a timer aborts a request with, to tell a timeout from the caller's own abort. */
const TIMED_OUT = new Error('timeout');

/** Statuses worth one more try: a proxy or a server asking for a moment. A 500 is a bug; the widget's Retry is there. */
const RETRY_STATUSES = [408, 429, 502, 503, 504];

/** The wait before the retry: the server's `Retry-After` (seconds, at most 10), else 300 ms. */
function retryDelay(response: Response): number {
  const seconds = Number(response.headers.get('retry-after'));
  return seconds > 0 ? Math.min(seconds, 10) * 1000 : 300;
}

/** Resolves with `promise`, or rejects as soon as `signal` aborts (the shared work carries on for others). */
function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  return signal
    ? Promise.race([
        new Promise<never>((_, reject) => {
          signal.throwIfAborted();
          signal.addEventListener('abort', () => reject(signal.reason), { once: true });
        }),
        promise,
      ])
    : promise;
}

const sleep = (ms: number, signal: AbortSignal | undefined) =>
  abortable(new Promise((resolve) => setTimeout(resolve, ms)), signal);

/**
 * The error a request ends with, for the widget: a `DashRequestError` for a response outside 2xx (thrown as
 * the `Response` itself, after the retry if any), a timeout or a network failure; an abort as it is.
 */
async function requestError(error: unknown, url: string): Promise<unknown> {
  if (error instanceof Response) {
    const { status, statusText } = error;
    let problem: Problem | undefined;
    try {
      problem = Problem.parse(await error.json());
    } catch {
      // Not JSON (a proxy's HTML error page), or not a problem: the status line is all there is.
    }
    const what = problem ? [problem.title, problem.detail].filter(Boolean).join(': ') : statusText || 'request failed';
    return new DashRequestError(`${status} ${what}`, url, status, problem);
  }
  if (error === TIMED_OUT) return new DashRequestError('the server did not answer in time', url);
  // Aborts are not failures: the task that started the request has moved on.
  if (error instanceof DOMException && error.name === 'AbortError') return error;
  if (error instanceof TypeError) return new DashRequestError('could not reach the server', url);
  return error;
}

/** Creates a client for one backend. Most code wants {@link clientFor}, which shares clients. */
export function createClient(options: ClientOptions): DashClient {
  const base = options.base.replace(/\/+$/, '');
  const timeout = options.timeout ?? DEFAULT_TIMEOUT_MS;

  /**
   * One GET (or a POST of `body`) with the timeout, retried once on a transient status or a network error. `cache: 'no-cache'`
   * revalidates every time (If-None-Match → 304 when unchanged): a backend may let responses be cached for a
   * minute, and a refetch after a live `invalidate` event must not be answered from the browser's HTTP cache.
   */
  async function fetchOnce(
    url: string,
    headers: Record<string, string>,
    signal: AbortSignal | undefined,
    body?: string,
  ) {
    for (let attempt = 0; ; attempt++) {
      signal?.throwIfAborted();
      const controller = new AbortController();
      const abort = () => controller.abort(signal?.reason);
      signal?.addEventListener('abort', abort, { once: true });
      const timer = timeout === false ? undefined : setTimeout(() => controller.abort(TIMED_OUT), timeout);
      let wait: number;
      try {
        const response = await (options.fetch ?? globalThis.fetch)(url, {
          headers,
          ...(body !== undefined && { method: 'POST', body }),
          signal: controller.signal,
          cache: 'no-cache',
          ...(options.credentials && { credentials: options.credentials }),
        });
        if (response.ok) return response;
        // Thrown as itself (see requestError), through the catch below, which passes it on.
        if (attempt > 0 || !RETRY_STATUSES.includes(response.status)) throw response;
        wait = retryDelay(response);
      } catch (error) {
        if (controller.signal.reason === TIMED_OUT) throw TIMED_OUT;
        if (attempt > 0 || !(error instanceof TypeError)) throw error;
        wait = 300;
      } finally {
        clearTimeout(timer);
        signal?.removeEventListener('abort', abort);
      }
      await sleep(wait, signal);
    }
  }

  const metas = new Map<string, Promise<MetaResponse>>();
  const source = options.token;
  /** The token in use (one entry), while a function's answer is awaited or good. */
  const tokens = new Map<0, Promise<string | undefined>>();

  /** The token to send: the one in use, or a new one when `stale` (the one a 401 refused) is still in use. */
  function tokenFor(stale?: Promise<string | undefined>): Promise<string | undefined> {
    if (typeof source !== 'function') return Promise.resolve(source);
    if (tokens.get(0) === stale) tokens.delete(0);
    // A failed ask is not kept: the next request (the widget's Retry) asks again.
    return memoPromise(tokens, 0, async () => source());
  }

  /**
   * GETs `path` (or POSTs `json` to it) with the current token; a 401 renews a token from a function once and
   * asks again.
   */
  async function get(
    path: string,
    params: QueryParams,
    signal: AbortSignal | undefined,
    accept = 'application/json',
    json?: unknown,
  ) {
    const url = `${base}/${path}`;
    const query = searchParams(params).toString();
    const body = json === undefined ? undefined : JSON.stringify(json);
    const send = async (used: Promise<string | undefined>) => {
      const value = await used;
      return fetchOnce(
        `${url}${query && `?${query}`}`,
        {
          accept,
          ...(value && { authorization: `Bearer ${value}` }),
          ...(body !== undefined && { 'content-type': 'application/json' }),
        },
        signal,
        body,
      );
    };
    const used = tokenFor();
    try {
      return await send(used);
    } catch (error) {
      try {
        if (typeof source !== 'function' || !(error instanceof Response) || error.status !== 401) throw error;
        return await send(tokenFor(used));
      } catch (again) {
        throw await requestError(again, url);
      }
    }
  }

  async function getJson<S extends z.ZodMiniType>(path: string, params: QueryParams, schema: S, signal?: AbortSignal) {
    const parsed = schema.safeParse(await (await get(path, params, signal)).json());
    if (!parsed.success) {
      throw new ContractError(
        `${path}: the response does not match contract v1 (${describeIssues(parsed.error.issues)})`,
        `${base}/${path}`,
      );
    }
    return parsed.data as z.output<S>;
  }

  return {
    base,
    getJson,
    authorized: !!source,
    getBlob: async (path, params, signal) => (await get(path, params, signal, '*/*')).blob(),
    postBlob: async (path, body, params, signal) => (await get(path, params, signal, '*/*', body)).blob(),
    meta: (signal, params = {}) =>
      abortable(
        memoPromise(metas, searchParams(params).toString(), () => getJson('v1/meta', params, MetaResponse)),
        signal,
      ),
  };
}

const shared = new Map<string, DashClient>();

/**
 * The shared client for a base URL, so that twenty cards on one page fetch
 * `v1/meta` once. Clients with a token or credentials are made by the board
 * with {@link createClient} instead.
 */
export function clientFor(base: string): DashClient {
  return memo(shared, base, () => createClient({ base }));
}
