/**
 * node:http wiring for any `(Request) => Promise<Response>` handler: a
 * listener that converts requests and streams responses (with backpressure,
 * client aborts and HEAD handled), answering first from the handler's `peek`
 * when it has one (node-peek.ts), a `listen` helper with graceful close, and
 * a static file handler for the demo server.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import { HttpError } from './errors.js';
import { bufferOf, nodePeek, type Peek, rawHeader } from './node-peek.js';

export type FetchHandler = (request: Request) => Promise<Response> | Response;

/** A fetch handler with, optionally, its synchronous `peek` (a dashboard server is one). */
export interface FetchTarget {
  fetch: FetchHandler;
  peek?: Peek | undefined;
  /**
   * The only request headers `peek` reads (lower-case), when it says: the
   * listener then hands it just those, read from `rawHeaders`, and never has
   * node build `req.headers` for a request `peek` answers.
   */
  peekHeaders?: readonly string[] | undefined;
}

export interface NodeListenerOptions {
  /** Tried before `fetch` on each request. @default the target's own `peek`; `false` for none */
  peek?: Peek | false;
  /** The headers that `peek` reads (see `FetchTarget.peekHeaders`). @default the target's, with its own `peek`; else all */
  peekHeaders?: readonly string[];
}

/** How long `close()` lets in-flight requests (and open streams) finish before cutting connections. */
export const DEFAULT_GRACE_MS = 10_000;
/** While closing, how often connections that went idle are closed: a finished request's socket lingers at most this long. */
const CLOSE_SWEEP_MS = 20;

/**
 * A Host header value: a name (underscores too: container names have them),
 * an IPv4 or bracketed IPv6 address, and an optional port from 0 to 65535.
 */
const HOST = /^(?:[A-Za-z0-9._-]+|\[[0-9A-Fa-f:.]+\])(?::(\d{1,5}))?$/;
/** Methods a Fetch `Request` cannot carry (undici throws); they are refused before one is built. */
const FORBIDDEN_METHODS = new Set(['CONNECT', 'TRACE', 'TRACK']);
/** What a refusal of a forbidden method lists in `Allow`: every method the dashboard answers somewhere. */
const ANSWERED_METHODS = 'GET, HEAD, POST, OPTIONS';

/** Whether a Host header (absent counts: HTTP/1.0) can stand in a URL. RFC 9112 §3.2 asks for 400 otherwise. */
export function validHost(host: string | undefined): boolean {
  if (host === undefined || host === lastValidHost) return true;
  const m = HOST.exec(host);
  const valid = m !== null && (m[1] === undefined || Number(m[1]) <= 65535);
  // Clients send the same Host on every request: the last good one skips the regular expression.
  if (valid) lastValidHost = host;
  return valid;
}

let lastValidHost: string | undefined;

/**
 * Why a node request cannot become a Web Request, as the HttpError to
 * answer (400 for a bad Host or target, 405 for TRACE and kin), or
 * undefined when it can. `toRequest` and the `peek` shortcut both check it,
 * so a request is refused the same way whichever path sees it.
 */
export function requestRefusal(req: IncomingMessage): HttpError | undefined {
  const method = req.method ?? 'GET';
  if (FORBIDDEN_METHODS.has(method.toUpperCase())) {
    return new HttpError(405, 'Method Not Allowed', `${method} is not supported`, { allow: ANSWERED_METHODS });
  }
  if (!validHost(req.headers.host)) {
    return new HttpError(400, 'Bad Request', 'the Host header is not a valid host[:port]');
  }
  return undefined;
}

/**
 * The Web Request for a node request; `signal` aborts when the client goes
 * away. Throws the HttpError to answer when it cannot be built (see
 * `requestRefusal`; also an absolute-form target with a bad port).
 */
export function toRequest(req: IncomingMessage, signal: AbortSignal): Request {
  const refusal = requestRefusal(req);
  if (refusal) throw refusal;
  // The Host header is the client's; it only fills in the URL's origin, which routing ignores.
  let url: URL;
  try {
    url = new URL(req.url ?? '/', `http://${req.headers.host ?? 'localhost'}`);
  } catch {
    throw new HttpError(400, 'Bad Request', 'the request target is not a valid URL');
  }
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (name.startsWith(':') || value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else headers.set(name, value);
  }
  const method = req.method ?? 'GET';
  const hasBody = method !== 'GET' && method !== 'HEAD';
  return new Request(url, {
    method,
    headers,
    signal,
    ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream<Uint8Array>, duplex: 'half' } : {}),
  } as RequestInit);
}

/**
 * Write a Web Response to a node response, streaming its body and stopping
 * when the client leaves. A body of known length up to WHOLE_BODY_BYTES
 * (every JSON answer) is read whole and sent as the `peek` path sends its
 * answers, `writeHead` with the headers then `end` with the bytes: one
 * write, and node's response code sees the same calls from both paths (a
 * second kind of call slows every later response of the process, fast path
 * included, by a few per cent).
 */
export async function writeResponse(response: Response, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  const writeHead = () => {
    if (response.statusText) res.writeHead(response.status, response.statusText, headers);
    else res.writeHead(response.status, headers);
  };
  if (!response.body || req.method === 'HEAD') {
    await response.body?.cancel();
    writeHead();
    res.end();
    return;
  }
  if (Number(response.headers.get('content-length') ?? Infinity) <= WHOLE_BODY_BYTES) {
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(await response.arrayBuffer());
    } catch {
      res.destroy(); // the body failed: nothing was sent, and nothing complete can be
      return;
    }
    if (res.destroyed) return;
    writeHead();
    res.end(bufferOf(bytes));
    return;
  }
  writeHead();
  const reader = response.body.getReader();
  const gone = () => void reader.cancel().catch(() => {});
  res.once('close', gone);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!res.write(bufferOf(value))) {
        await new Promise<void>((resolveDrain) => {
          const settle = () => {
            res.off('drain', settle);
            res.off('close', settle);
            resolveDrain();
          };
          res.on('drain', settle);
          res.on('close', settle);
        });
      }
      if (res.destroyed) break;
    }
    res.end();
  } catch {
    // The body failed mid-stream: reset the connection so the client sees a truncated
    // response as an error rather than as a complete file.
    res.destroy();
  } finally {
    res.off('close', gone);
  }
}

/** Bodies of known length up to this are read whole and written at once (`writeResponse`); longer ones stream. */
export const WHOLE_BODY_BYTES = 64 * 1024;

/**
 * A `node:http` request listener for a fetch handler, or for a target with
 * `fetch` and `peek` such as a dashboard server: then fresh cache hits are
 * answered through `peek`, without building a Request or a Response.
 *
 * @example
 * createServer(toNodeListener(dashboard)).listen(8787);
 */
export function toNodeListener(
  target: FetchHandler | FetchTarget,
  options: NodeListenerOptions = {},
): (req: IncomingMessage, res: ServerResponse) => void {
  const handler: FetchHandler = typeof target === 'function' ? target : (request) => target.fetch(request);
  const peek =
    options.peek === false ? undefined : (options.peek ?? (typeof target === 'function' ? undefined : target.peek));
  const reads =
    options.peekHeaders ??
    (options.peek === undefined && typeof target !== 'function' ? target.peekHeaders : undefined);
  const early = peek ? nodePeek(peek, reads) : undefined;
  return (req, res) => {
    // A request `fetch` would refuse is never answered by `peek` either (the same bad Host gets 400 on both).
    if (early && validHost(rawHeader(req.rawHeaders, 'host')) && early(req, res)) return;
    const aborter = new AbortController();
    res.once('close', () => {
      if (!res.writableFinished) aborter.abort();
    });
    void (async () => {
      let response: Response;
      let request: Request;
      try {
        request = toRequest(req, aborter.signal);
      } catch (error) {
        const refusal =
          error instanceof HttpError ? error : new HttpError(400, 'Bad Request', 'the request cannot be read');
        await writeResponse(refusal.toResponse(), req, res);
        return;
      }
      try {
        response = await handler(request);
      } catch {
        // The dashboard handler never throws; a host's own handler might.
        response = new Response(JSON.stringify({ type: 'about:blank', title: 'Internal Server Error', status: 500 }), {
          status: 500,
          headers: { 'content-type': 'application/problem+json; charset=utf-8' },
        });
      }
      if (res.destroyed) {
        await response.body?.cancel().catch(() => {});
        return;
      }
      await writeResponse(response, req, res);
    })().catch(() => res.destroy());
  };
}

export interface ListenOptions {
  /** 0 picks a free port. */
  port: number;
  /** @default '127.0.0.1' */
  host?: string;
  /** @default DEFAULT_GRACE_MS */
  graceMs?: number;
}

export interface Listening {
  server: Server;
  host: string;
  port: number;
  /** `http://host:port`, ready to print. */
  url: string;
  /**
   * Stop accepting connections, end event streams, let in-flight requests
   * finish (up to `graceMs`, then cut them), then close the handler's resources.
   */
  close(): Promise<void>;
}

/**
 * Serve `target` (a dashboard server, or any `{ fetch, peek?, close? }`) on node:http.
 *
 * @example
 * const { url, close } = await listen(createDashboardServer({ seedDemo: true }), { port: 0 });
 */
export async function listen(
  target: FetchTarget & {
    close?: () => Promise<void>;
    endStreams?: () => void;
  },
  options: ListenOptions,
): Promise<Listening> {
  const host = options.host ?? '127.0.0.1';
  const graceMs = options.graceMs ?? DEFAULT_GRACE_MS;
  let closing: Promise<void> | undefined;
  const server = createServer(toNodeListener(target));
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolveListen();
    });
  });
  const address = server.address() as AddressInfo;
  const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    server,
    host: address.address,
    port: address.port,
    url: `http://${shownHost}:${address.port}`,
    close() {
      closing ??= (async () => {
        const closed = new Promise<void>((resolveClose) => server.close(() => resolveClose()));
        // Event streams never end on their own; ended now, their connections close like any other.
        target.endStreams?.();
        // Keep-alive connections with no request in flight would hold `close` open, and so would one
        // whose last request finishes later: swept until closed. (Polled rather than a listener on
        // every response: that would cost each request of a running server, not only a closing one.)
        server.closeIdleConnections();
        const sweep = setInterval(() => server.closeIdleConnections(), CLOSE_SWEEP_MS);
        sweep.unref();
        let timer: ReturnType<typeof setTimeout> | undefined;
        const timeout = new Promise<void>((resolveTimeout) => {
          timer = setTimeout(() => {
            server.closeAllConnections();
            resolveTimeout();
          }, graceMs);
          timer.unref();
        });
        await Promise.race([closed, timeout]);
        clearTimeout(timer);
        clearInterval(sweep);
        await target.close?.();
      })();
      return closing;
    },
  };
}

const CONTENT_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.cjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.d.ts': 'text/plain; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
};

/**
 * Serve files under `root` at `prefix` (`/dist/` → `root/…`), GET and HEAD
 * only. Answers `undefined` for paths outside the prefix so the caller can
 * fall through; never serves anything outside `root` (`..`, encoded
 * slashes, NUL and absolute paths are refused).
 */
export function staticFiles(root: string, prefix: string): (request: Request) => Promise<Response | undefined> {
  const base = resolve(root);
  return async (request) => {
    const { pathname } = new URL(request.url);
    if (!pathname.startsWith(prefix)) return undefined;
    const notFound = () =>
      new Response('Not Found\n', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return new Response('Method Not Allowed\n', {
        status: 405,
        headers: { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' },
      });
    }
    const rest = pathname.slice(prefix.length);
    if (/%2f|%5c|%00/i.test(rest)) return notFound();
    let relative: string;
    try {
      relative = decodeURIComponent(rest);
    } catch {
      return notFound();
    }
    if (relative === '' || relative.includes('\0') || relative.split(/[\\/]/).some((part) => part === '..'))
      return notFound();
    const file = resolve(base, relative);
    if (!file.startsWith(base + sep)) return notFound();
    let size: number;
    try {
      const info = await stat(file);
      if (!info.isFile()) return notFound();
      size = info.size;
    } catch {
      return notFound();
    }
    const type =
      (file.endsWith('.d.ts') ? CONTENT_TYPES['.d.ts'] : CONTENT_TYPES[extname(file)]) ?? 'application/octet-stream';
    const headers = {
      'content-type': type,
      'content-length': String(size),
      'cache-control': 'no-cache',
      'x-content-type-options': 'nosniff',
    };
    if (request.method === 'HEAD') return new Response(null, { headers });
    return new Response(Readable.toWeb(createReadStream(file)) as ReadableStream<Uint8Array>, { headers });
  };
}
