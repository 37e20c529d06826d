/**
 * A stand-in backend for widget tests and stories: replaces `globalThis.fetch`
 * (which ky calls) and answers requests under one base URL from a route table.
 * Anything else goes to the real fetch, so Vite and Storybook keep working.
 */

/** A JSON body to send with 200, or a function returning the response (for errors, delays, inspection). */
export type Route = unknown | ((request: Request, url: URL) => Response | Promise<Response>);

export interface FetchMock {
  /** Every request answered by this mock, in order. */
  readonly requests: Request[];
  /** Requests for one contract path, e.g. `v1/stats`. */
  calls(path: string): Request[];
  /** Replaces or adds a route while the mock is installed. */
  route(path: string, route: Route): void;
  /** Puts back the fetch that was there before. */
  restore(): void;
}

export function json(body: unknown, status = 200): Response {
  const type = status >= 400 ? 'application/problem+json' : 'application/json';
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': type } });
}

/** A promise with its resolve handle, for responses a test releases when it chooses. */
export function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

/** Rewrites a JSON answer for the request it answers (see `rewriteAnswers`). */
export type AnswerRewrite = (body: unknown, url: URL) => unknown;

let rewrite: AnswerRewrite | undefined;

/**
 * Makes every mock installed in this page pass its JSON answers (success and problem details) through
 * `hook` first, e.g. to answer in the request's `locale` as a localizing backend does (Storybook's preview
 * does this); `undefined` stops it.
 */
export function rewriteAnswers(hook: AnswerRewrite | undefined): void {
  rewrite = hook;
}

async function rewritten(response: Response, url: URL): Promise<Response> {
  const hook = rewrite;
  if (!hook || !/json/.test(response.headers.get('content-type') ?? '')) return response;
  const body = hook(await response.json(), url);
  return new Response(JSON.stringify(body), { status: response.status, headers: response.headers });
}

/**
 * @example
 * const mock = installFetchMock('/api-1', { 'v1/meta': meta, 'v1/stats': stats });
 * // … render <dash-stat-card src="/api-1"> …
 * mock.restore();
 */
export function installFetchMock(base: string, routes: Record<string, Route>): FetchMock {
  const table = new Map(Object.entries(routes));
  const original = globalThis.fetch;
  const prefix = new URL(base.replace(/\/*$/, '/'), location.href);
  const requests: Request[] = [];

  const path = (url: URL) => url.pathname.slice(prefix.pathname.length);

  const mock: typeof fetch = async (input, init) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    if (url.origin !== prefix.origin || !url.pathname.startsWith(prefix.pathname)) return original(input, init);
    requests.push(request);
    const route = table.get(path(url));
    if (route === undefined) {
      return json({ type: 'about:blank', title: 'Not Found', status: 404, detail: `no mock for ${url.pathname}` }, 404);
    }
    if (typeof route !== 'function') return rewritten(json(route), url);
    const answer = Promise.resolve((route as (r: Request, u: URL) => Response | Promise<Response>)(request, url)).then(
      (response) => rewritten(response, url),
    );
    // Like the real fetch, give up when the caller aborts, even if the route never answers.
    return new Promise<Response>((resolve, reject) => {
      request.signal.addEventListener('abort', () => reject(request.signal.reason), { once: true });
      answer.then(resolve, reject);
    });
  };
  globalThis.fetch = mock;

  return {
    requests,
    calls: (p) => requests.filter((r) => path(new URL(r.url)) === p),
    route: (p, route) => void table.set(p, route),
    restore() {
      if (globalThis.fetch === mock) globalThis.fetch = original;
    },
  };
}
