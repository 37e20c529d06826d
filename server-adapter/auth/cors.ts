/**
 * CORS for pages on other origins (`--cors-origin`, repeatable).
 *
 * An exact allow-list, with credentials allowed: widgets send a bearer token
 * or, with `credentials="include"`, the host's cookies. Credentials rule out
 * `*`, so each allowed origin is echoed back, and every response varies on
 * `Origin` so a shared cache never hands one origin's answer to another.
 * A disallowed origin gets no CORS headers (the browser then blocks the
 * read) and its preflight a 403.
 */
import { ForbiddenError } from '../errors.js';

/** Preflights are cached by the browser this long (Chromium caps it at 2 h anyway). */
export const DEFAULT_CORS_MAX_AGE_SECONDS = 600;
export const CORS_ALLOWED_METHODS = ['GET', 'HEAD', 'POST', 'OPTIONS'] as const;
/** What widgets send: the token, the webhook's JSON, revalidation, and EventSource's reconnect header. */
export const CORS_ALLOWED_HEADERS = ['Authorization', 'Content-Type', 'If-None-Match', 'Last-Event-ID'] as const;
/** Readable by widget code: ETag for revalidation, Retry-After for 503s. */
export const CORS_EXPOSED_HEADERS = ['ETag', 'Retry-After'] as const;

export interface CorsOptions {
  /** Exact origins, e.g. `https://shop.example.com` (scheme, host and port; no path, no `*`). */
  origins: readonly string[];
  /** @default DEFAULT_CORS_MAX_AGE_SECONDS */
  maxAgeSeconds?: number;
}

export interface Cors {
  /** The answer to a CORS preflight (204 or 403), or null when `request` is not one: handle it normally. */
  preflight(request: Request): Response | null;
  /** `response` with the CORS headers `request`'s origin earns (a new Response; the body streams through). */
  apply(request: Request, response: Response): Response;
  /** Whether `origin` is on the list. */
  allows(origin: string | null): boolean;
  /** What `apply` adds, added to a plain record of lower-case header names (the node fast path's response). */
  decorate(origin: string | null, headers: Record<string, string>): void;
}

/**
 * @example
 * const cors = createCors({ origins: ['https://shop.example.com'] });
 * const pre = cors.preflight(request);
 * if (pre) return pre;
 * return cors.apply(request, await handle(request));
 */
export function createCors(options: CorsOptions): Cors {
  const origins = new Set(options.origins.map(normalizeOrigin));
  const maxAge = options.maxAgeSeconds ?? DEFAULT_CORS_MAX_AGE_SECONDS;
  if (!Number.isInteger(maxAge) || maxAge < 0)
    throw new TypeError(`maxAgeSeconds: expected an integer ≥ 0, got ${maxAge}`);
  const allows = (origin: string | null): origin is string => origin !== null && origins.has(origin);

  return {
    allows,

    preflight(request) {
      if (request.method !== 'OPTIONS' || !request.headers.has('access-control-request-method')) return null;
      const origin = request.headers.get('origin');
      const vary = 'Origin, Access-Control-Request-Method, Access-Control-Request-Headers';
      if (!allows(origin)) {
        const refused = new ForbiddenError(`origin ${JSON.stringify(origin ?? '')} is not in the CORS allow-list`);
        const response = refused.toResponse();
        response.headers.set('vary', vary);
        return response;
      }
      return new Response(null, {
        status: 204,
        headers: {
          'access-control-allow-origin': origin,
          'access-control-allow-credentials': 'true',
          'access-control-allow-methods': CORS_ALLOWED_METHODS.join(', '),
          'access-control-allow-headers': CORS_ALLOWED_HEADERS.join(', '),
          'access-control-max-age': String(maxAge),
          vary,
        },
      });
    },

    apply(request, response) {
      const headers = new Headers(response.headers);
      headers.set('vary', withVary(headers.get('vary'), 'Origin'));
      const origin = request.headers.get('origin');
      if (allows(origin)) for (const [name, value] of granted(origin)) headers.set(name, value);
      return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
    },

    decorate(origin, headers) {
      headers['vary'] = withVary(headers['vary'] ?? null, 'Origin');
      if (allows(origin)) for (const [name, value] of granted(origin)) headers[name] = value;
    },
  };
}

/** The headers an allowed origin gets on an actual (non-preflight) response. */
function granted(origin: string): [string, string][] {
  return [
    ['access-control-allow-origin', origin],
    ['access-control-allow-credentials', 'true'],
    ['access-control-expose-headers', CORS_EXPOSED_HEADERS.join(', ')],
  ];
}

/** `https://Shop.example.com:443/` → `https://shop.example.com`; anything but a bare origin is a configuration error. */
function normalizeOrigin(value: string): string {
  const trimmed = value.trim();
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw new TypeError(`cors origin: expected e.g. https://shop.example.com, got ${JSON.stringify(value)}`);
  }
  const bare =
    url.pathname === '/' && url.search === '' && url.hash === '' && url.username === '' && url.password === '';
  if (url.origin === 'null' || !bare) {
    throw new TypeError(`cors origin: expected scheme://host[:port] only, got ${JSON.stringify(value)}`);
  }
  return url.origin;
}

/** A `Vary` value that includes `name`: `current` with it appended unless already there (or `*`). */
function withVary(current: string | null, name: string): string {
  if (current === null) return name;
  const names = current.split(',').map((v) => v.trim().toLowerCase());
  return names.includes(name.toLowerCase()) || names.includes('*') ? current : `${current}, ${name}`;
}
