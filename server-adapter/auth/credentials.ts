/**
 * Where a request carries its token, in order of precedence:
 * 1. `Authorization: Bearer <token>`: fetch-based widgets (`<dash-board token>`);
 * 2. a cookie (default `dashkit_token`): cookie sessions, and the one path a
 *    plain `EventSource` with `withCredentials` can use across origins;
 * 3. the `access_token` query parameter, on `v1/events` only: `EventSource`
 *    cannot send headers, so a widget without cookies asks its host for a
 *    short-lived events token (`createEventsToken`) and puts it in the URL.
 *    URLs end up in access logs, which is why that path takes nothing but an
 *    events token, valid for a minute and for the event stream alone.
 */
import { UnauthorizedError } from '../errors.js';

export type TokenSource = 'header' | 'cookie' | 'query';

export interface FoundToken {
  token: string;
  source: TokenSource;
  /** How to name the source in an error detail, e.g. `cookie "dashkit_token"`. */
  where: string;
}

export interface TokenLocations {
  /** Cookie holding the token; `false` ignores cookies. */
  cookieName: string | false;
  /** Query parameter holding an events token on `v1/events`; `false` ignores it. */
  queryTokenParam: string | false;
  isEventsRequest: (request: Request) => boolean;
}

/** `GET|HEAD …/v1/events`, whatever the base path. */
export function isEventsRequest(request: Request): boolean {
  if (request.method !== 'GET' && request.method !== 'HEAD') return false;
  return new URL(request.url).pathname.replace(/\/+$/, '').endsWith('/v1/events');
}

/**
 * The request's token, or undefined when it carries none. A malformed
 * `Authorization` header is a 401 rather than a fall-through to the cookie:
 * a client that sent one meant it.
 */
export function findToken(request: Request, locations: TokenLocations): FoundToken | undefined {
  const authorization = request.headers.get('authorization');
  if (authorization !== null) {
    const token = bearerToken(authorization);
    if (token === undefined) throw new UnauthorizedError('Authorization header: expected "Bearer <token>"');
    return { token, source: 'header', where: 'bearer token' };
  }
  if (locations.cookieName !== false) {
    const token = readCookie(request.headers.get('cookie'), locations.cookieName);
    if (token) return { token, source: 'cookie', where: `cookie "${locations.cookieName}"` };
  }
  if (locations.queryTokenParam !== false) {
    const token = new URL(request.url).searchParams.get(locations.queryTokenParam);
    if (token !== null) {
      if (!locations.isEventsRequest(request)) {
        throw new UnauthorizedError(
          `${locations.queryTokenParam}: a token in the URL is accepted only by v1/events; send "Authorization: Bearer <token>"`,
        );
      }
      return { token, source: 'query', where: `${locations.queryTokenParam} parameter` };
    }
  }
  return undefined;
}

/** The token of an `Authorization: Bearer <token>` header value, or undefined when it is not one. */
export function bearerToken(authorization: string): string | undefined {
  return /^Bearer[ \t]+([^\s]+)[ \t]*$/i.exec(authorization)?.[1];
}

/** The value of cookie `name` (RFC 6265 `Cookie` header), percent-decoded when it is valid percent-encoding. */
export function readCookie(header: string | null, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    try {
      return decodeURIComponent(value);
    } catch {
      return value;
    }
  }
  return undefined;
}
