/**
 * `dashkit serve --proxy <url>`: every request outside the contract's base
 * path goes on to the host app (`manage.py runserver`, `rails server`), so
 * in development the app's pages and the dashboard API share one origin —
 * the app's session and `dashkit_token` cookies reach dashkit with no CORS
 * and no reverse proxy to set up.
 *
 * node:http rather than fetch: the app must see the browser's own `Host`
 * (Django and Rails build redirects and check CSRF origins from it), which
 * fetch does not let a caller set, and bodies stream both ways as they are
 * (no decompression behind the app's `Content-Encoding`).
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Readable } from 'node:stream';

/** Connection-level headers that describe one hop, not the message (RFC 9110 §7.6.1). */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
]);

/** The answer when the app does not: what to start, not a stack trace. */
function unreachable(target: URL, error: Error & { code?: string }): Response {
  const text =
    `dashkit serve --proxy: nothing answers at ${target.origin} (${error.code ?? error.message}).\n` +
    'Start your app there (python manage.py runserver, bin/rails server), then reload this page.\n';
  return new Response(text, { status: 502, headers: { 'content-type': 'text/plain; charset=utf-8' } });
}

function toHeaders(message: IncomingMessage): Headers {
  const headers = new Headers();
  const raw = message.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    if (!HOP_BY_HOP.has(name)) headers.append(name, raw[i + 1]!);
  }
  return headers;
}

/**
 * A fetch handler forwarding every request to `target` (scheme, host and
 * port; its path is ignored), keeping the browser's `Host` and adding the
 * usual `X-Forwarded-*` headers.
 *
 * @example
 * const app = createProxy(new URL('http://127.0.0.1:8000'));
 * const response = await app(new Request('http://127.0.0.1:8787/dashboard/'));
 */
export function createProxy(target: URL): (request: Request) => Promise<Response> {
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return (request) => {
    const url = new URL(request.url);
    const headers: Record<string, string | string[]> = {};
    request.headers.forEach((value, name) => {
      if (!HOP_BY_HOP.has(name)) headers[name] = value;
    });
    headers['host'] = url.host;
    headers['x-forwarded-host'] = url.host;
    headers['x-forwarded-proto'] = url.protocol.slice(0, -1);
    return new Promise<Response>((resolve) => {
      const upstream = send(
        {
          protocol: target.protocol,
          hostname: target.hostname,
          port: target.port || (target.protocol === 'https:' ? 443 : 80),
          method: request.method,
          path: url.pathname + url.search,
          headers,
          signal: request.signal,
        },
        (answer) => {
          const status = answer.statusCode ?? 502;
          const empty = request.method === 'HEAD' || status === 204 || status === 304;
          if (empty) answer.resume();
          resolve(
            new Response(empty ? null : (Readable.toWeb(answer) as ReadableStream<Uint8Array>), {
              status,
              statusText: answer.statusMessage ?? '',
              headers: toHeaders(answer),
            }),
          );
        },
      );
      upstream.on('error', (error) => resolve(unreachable(target, error)));
      if (request.body) Readable.fromWeb(request.body as import('node:stream/web').ReadableStream).pipe(upstream);
      else upstream.end();
    });
  };
}
