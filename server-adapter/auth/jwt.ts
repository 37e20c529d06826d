/**
 * Built-in JWT verification (`jose`): HS256 with a shared secret
 * (`--jwt-secret`), RS256 against a JWKS (`--jwks-url`), or both.
 *
 * Claims → scope: `sub` → subject; `roles` (array of strings) → roles; each
 * configured row-filter claim (default `customer_id`) → a filter. Filters come
 * only from claims and roles never add or remove any: an `admin` token is
 * simply issued without `customer_id` and sees everything, and an admin token
 * that does carry `customer_id` is narrowed to that customer like any other.
 * Whoever issues tokens decides; this code never widens a token's reach.
 *
 * Where tokens are read from, and why the URL takes only events tokens: see
 * credentials.ts.
 */
import {
  createRemoteJWKSet,
  decodeProtectedHeader,
  type JWTPayload,
  type JWTVerifyGetKey,
  jwtVerify,
  SignJWT,
} from 'jose';
import { LRUCache } from 'lru-cache';
import { HttpError, UnauthorizedError, UnavailableError } from '../errors.js';
import { bearerToken, findToken, type FoundToken, isEventsRequest, readCookie } from './credentials.js';
import type { Scope } from './scope.js';

/** The commerce schema's one row filter: a customer sees only their orders, invoices and aging rows. */
export const DEFAULT_FILTER_CLAIMS: readonly string[] = Object.freeze(['customer_id']);
export const DEFAULT_COOKIE_NAME = 'dashkit_token';
/** The name RFC 6750 §2.3 gives a bearer token in a URI. */
export const DEFAULT_QUERY_TOKEN_PARAM = 'access_token';
/**
 * Clocks of the issuer and this server drift a little; 5 s absorbs that
 * without stretching a one-minute token. It applies to `exp` and `nbf`, and
 * to `iat`: a token issued further in the future than this is refused.
 */
export const DEFAULT_CLOCK_TOLERANCE_SECONDS = 5;
/** An events token only has to survive until EventSource connects. */
export const DEFAULT_EVENTS_TOKEN_TTL_SECONDS = 60;
/** Events tokens sit in URLs (and so in logs): a token in the URL living longer than this is refused. */
export const MAX_EVENTS_TOKEN_TTL_SECONDS = 300;
/** `token_use` claim value that marks an events token; such a token opens `v1/events` and nothing else. */
export const EVENTS_TOKEN_USE = 'dashkit:events';
/** RFC 7518 §3.2: an HS256 key must be at least as long as the hash, 256 bits. */
export const MIN_SECRET_BYTES = 32;
/** Verified tokens remembered: a dashboard page sends one token with a burst of requests; verify it once. */
export const VERIFIED_TOKEN_MEMO_ENTRIES = 1000;
/**
 * Longest a verification is remembered, even when the token's `exp` is
 * later: bounds how long a key removed from the JWKS (or a token without
 * `exp`) keeps being accepted without a fresh check.
 */
export const VERIFIED_TOKEN_MEMO_MS = 5 * 60_000;
/** Far above any real token; refuses megabyte headers before any parsing. */
const MAX_TOKEN_LENGTH = 8192;
/** Claims an events token uses itself; a filter cannot be named after one. */
const RESERVED_CLAIMS = new Set(['iss', 'sub', 'aud', 'exp', 'nbf', 'iat', 'jti', 'roles', 'filters', 'token_use']);

export interface JwtAuthorizerOptions {
  /** HS256 shared secret, at least 32 bytes. */
  secret?: string;
  /** RS256: URL of the issuer's JSON Web Key Set (fetched, cached and refreshed by jose). */
  jwksUrl?: string;
  /** Expected `aud`; tokens without a matching one are refused. */
  audience?: string | string[];
  /** Expected `iss`. */
  issuer?: string | string[];
  /** @default DEFAULT_CLOCK_TOLERANCE_SECONDS */
  clockToleranceSeconds?: number;
  /** Cookie read when there is no Authorization header; `false` ignores cookies. @default DEFAULT_COOKIE_NAME */
  cookieName?: string | false;
  /** Query parameter read on `v1/events` only, for events tokens; `false` disables. @default DEFAULT_QUERY_TOKEN_PARAM */
  queryTokenParam?: string | false;
  /** Claims that become row filters when present. @default DEFAULT_FILTER_CLAIMS */
  filterClaims?: readonly string[];
  /** Refuse tokens without `exp` (a token that never expires cannot be revoked). @default true */
  requireExpiration?: boolean;
  /** Which requests are the event stream (the only ones taking a token in the URL). @default path ends in `/v1/events` */
  isEventsRequest?: (request: Request) => boolean;
}

/** Verifies a request's token into a scope. */
export interface JwtAuthorizer {
  (request: Request): Promise<Scope>;
  /**
   * The scope the authorizer would answer for a request (other than
   * `v1/events`) carrying these `Authorization` and `Cookie` header values,
   * when that token was verified before and has not expired; undefined
   * otherwise (call the authorizer). Synchronous: the node fast path's way
   * to know the scope of a cache hit.
   */
  remembered(authorization: string | undefined, cookie: string | undefined): Scope | undefined;
}

/**
 * @example
 * const authorize = createJwtAuthorizer({ secret: process.env.DASHKIT_JWT_SECRET! });
 * const scope = await authorize(request); // or throws UnauthorizedError (401)
 */
export function createJwtAuthorizer(options: JwtAuthorizerOptions): JwtAuthorizer {
  const hsKey = options.secret === undefined ? undefined : secretKey(options.secret, 'secret');
  const rsKeys = options.jwksUrl === undefined ? undefined : remoteKeys(options.jwksUrl);
  if (!hsKey && !rsKeys) throw new TypeError('createJwtAuthorizer: give `secret` (HS256), `jwksUrl` (RS256) or both');
  const accepted = [hsKey ? 'HS256' : undefined, rsKeys ? 'RS256' : undefined].filter((alg) => alg !== undefined);
  const filterClaims = options.filterClaims ?? DEFAULT_FILTER_CLAIMS;
  for (const claim of filterClaims) {
    if (RESERVED_CLAIMS.has(claim))
      throw new TypeError(`filterClaims: "${claim}" is a registered claim, not a row filter`);
  }
  const locations = {
    cookieName: options.cookieName ?? DEFAULT_COOKIE_NAME,
    queryTokenParam: options.queryTokenParam ?? DEFAULT_QUERY_TOKEN_PARAM,
    isEventsRequest: options.isEventsRequest ?? isEventsRequest,
  };
  const verifyOptions = {
    audience: options.audience,
    issuer: options.issuer,
    clockTolerance: options.clockToleranceSeconds ?? DEFAULT_CLOCK_TOLERANCE_SECONDS,
    requiredClaims: options.requireExpiration === false ? [] : ['exp'],
  };

  /**
   * Scopes of verified session tokens (header or cookie, outside v1/events:
   * there the scope depends on the token alone), until `exp`. Only successes
   * are kept; a refused token is checked again every time.
   */
  const verified = new LRUCache<string, { scope: Scope; until: number }>({
    max: VERIFIED_TOKEN_MEMO_ENTRIES,
    maxSize: VERIFIED_TOKEN_MEMO_ENTRIES * 2048,
    sizeCalculation: (_value, token) => token.length || 1,
  });
  const recall = (token: string): Scope | undefined => {
    const memo = verified.get(token);
    if (!memo) return undefined;
    if (Date.now() < memo.until) return memo.scope;
    verified.delete(token);
    return undefined;
  };

  async function authorizeJwt(request: Request): Promise<Scope> {
    const found = findToken(request, locations);
    if (!found) {
      const where = ['an Authorization: Bearer header', locations.cookieName && `a "${locations.cookieName}" cookie`];
      throw new UnauthorizedError(`missing token: send ${where.filter(Boolean).join(' or ')}`);
    }
    const { token, where } = found;
    if (token.length > MAX_TOKEN_LENGTH)
      throw new UnauthorizedError(`${where}: longer than ${MAX_TOKEN_LENGTH} characters`);
    const toEvents = locations.isEventsRequest(request);
    const memoable = found.source !== 'query' && !toEvents;
    if (memoable) {
      const scope = recall(token);
      if (scope) return scope;
    }
    let alg: string | undefined;
    try {
      alg = decodeProtectedHeader(token).alg;
    } catch {
      throw new UnauthorizedError(`${where}: not a JWT (expected three base64url parts with a JSON header)`);
    }
    const key = alg === 'HS256' ? hsKey : alg === 'RS256' ? rsKeys : undefined;
    if (!key || !alg) {
      throw new UnauthorizedError(
        `${where}: alg ${JSON.stringify(alg ?? null)} is not accepted; expected ${accepted.join(' or ')}`,
      );
    }
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, key, { ...verifyOptions, algorithms: [alg] }));
    } catch (error) {
      throw verificationError(error, where);
    }
    // jose checks `iat` only against a maximum age: a token "issued" later than now (a forged or
    // pre-minted one, or an issuer whose clock runs ahead) is refused here, beyond the same tolerance.
    if (typeof payload.iat === 'number' && payload.iat > Date.now() / 1000 + verifyOptions.clockTolerance) {
      throw new UnauthorizedError(
        `${where}: issued in the future (iat ${new Date(payload.iat * 1000).toISOString()}); the issuer's clock may be ahead by at most ${verifyOptions.clockTolerance} s`,
      );
    }
    const scope = toScope(payload, found, filterClaims, toEvents);
    if (memoable) {
      // Never past `exp` (jose's clock tolerance is not stretched further), never longer than the bound.
      const until = Math.min(
        typeof payload.exp === 'number' ? payload.exp * 1000 : Infinity,
        Date.now() + VERIFIED_TOKEN_MEMO_MS,
      );
      if (until > Date.now()) verified.set(token, { scope, until });
    }
    return scope;
  }

  return Object.assign(authorizeJwt, {
    remembered(authorization: string | undefined, cookie: string | undefined): Scope | undefined {
      // The token findToken would pick: the header when there is one, else the cookie.
      let token: string | undefined;
      if (authorization !== undefined) token = bearerToken(authorization);
      else if (locations.cookieName !== false) token = readCookie(cookie ?? null, locations.cookieName);
      return token ? recall(token) : undefined;
    },
  });
}

/**
 * Mints the short-lived token a widget puts in `v1/events?access_token=…`
 * (EventSource cannot send an Authorization header). Signed HS256 with the
 * same `secret` the authorizer verifies with; it carries the scope exactly
 * and opens the event stream only. The host serves it to a signed-in page,
 * e.g. from its own `/dashboard/events-token` view.
 *
 * @example
 * const url = `/dashboard/api/v1/events?access_token=${await createEventsToken(scope, secret)}`;
 */
export async function createEventsToken(
  scope: Scope,
  secret: string,
  ttlSeconds: number = DEFAULT_EVENTS_TOKEN_TTL_SECONDS,
  options: { audience?: string | string[]; issuer?: string } = {},
): Promise<string> {
  if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1 || ttlSeconds > MAX_EVENTS_TOKEN_TTL_SECONDS) {
    throw new TypeError(`ttlSeconds: expected an integer from 1 to ${MAX_EVENTS_TOKEN_TTL_SECONDS}, got ${ttlSeconds}`);
  }
  const now = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT({ roles: [...scope.roles], filters: { ...scope.filters }, token_use: EVENTS_TOKEN_USE })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuedAt(now)
    .setExpirationTime(now + ttlSeconds);
  if (scope.subject !== undefined) jwt.setSubject(scope.subject);
  if (options.audience !== undefined) jwt.setAudience(options.audience);
  if (options.issuer !== undefined) jwt.setIssuer(options.issuer);
  return jwt.sign(secretKey(secret, 'secret'));
}

function secretKey(secret: string, name: string): Uint8Array {
  const bytes = new TextEncoder().encode(secret);
  if (bytes.length < MIN_SECRET_BYTES) {
    throw new TypeError(`${name}: an HS256 secret needs at least ${MIN_SECRET_BYTES} bytes, got ${bytes.length}`);
  }
  return bytes;
}

/** Thrown by the JWKS key getter when the key set cannot be had: the issuer's problem, not the caller's. */
class JwksUnavailable extends Error {}

/** A key set that cannot be fetched is a 503 (retry later), not a 401; an unknown `kid` stays a 401. */
function remoteKeys(jwksUrl: string): JWTVerifyGetKey {
  let url: URL;
  try {
    url = new URL(jwksUrl);
  } catch {
    throw new TypeError(`jwksUrl: expected an absolute http(s) URL, got ${JSON.stringify(jwksUrl)}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new TypeError(`jwksUrl: expected an http(s) URL, got ${JSON.stringify(jwksUrl)}`);
  }
  const keys = createRemoteJWKSet(url);
  return async (header, token) => {
    try {
      return await keys(header, token);
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (code === 'ERR_JWKS_NO_MATCHING_KEY' || code === 'ERR_JWKS_MULTIPLE_MATCHING_KEYS') throw error;
      throw new JwksUnavailable('JWKS unavailable', { cause: error });
    }
  };
}

/** jose's error → a 401 whose detail says what was wrong; never the token itself. */
function verificationError(error: unknown, where: string): HttpError {
  if (error instanceof JwksUnavailable) {
    const unavailable = new UnavailableError('cannot fetch the key set to verify the token; retry later');
    unavailable.cause = error.cause;
    return unavailable;
  }
  const e = error as { code?: unknown; message?: unknown; payload?: JWTPayload };
  switch (e.code) {
    case 'ERR_JWT_EXPIRED': {
      const exp = typeof e.payload?.exp === 'number' ? ` at ${new Date(e.payload.exp * 1000).toISOString()}` : '';
      return new UnauthorizedError(`${where}: expired${exp}`);
    }
    case 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED':
      return new UnauthorizedError(`${where}: signature does not verify (forged, or signed with another key)`);
    case 'ERR_JWKS_NO_MATCHING_KEY':
    case 'ERR_JWKS_MULTIPLE_MATCHING_KEYS':
      return new UnauthorizedError(`${where}: no single key in the key set matches its "kid"`);
    case 'ERR_JWT_CLAIM_VALIDATION_FAILED':
    case 'ERR_JOSE_ALG_NOT_ALLOWED':
    case 'ERR_JWS_INVALID':
    case 'ERR_JWT_INVALID':
      // jose's messages name the claim or part at fault ('"aud" claim check failed') and never quote the token.
      return new UnauthorizedError(`${where}: ${String(e.message)}`);
    default:
      return new UnauthorizedError(`${where}: could not be verified`);
  }
}

function toScope(payload: JWTPayload, found: FoundToken, filterClaims: readonly string[], toEvents: boolean): Scope {
  const { where } = found;
  const eventsToken = payload.token_use === EVENTS_TOKEN_USE;
  if (found.source === 'query') {
    if (!eventsToken) {
      throw new UnauthorizedError(`${where}: takes only an events token (createEventsToken), not a session token`);
    }
    if (typeof payload.iat !== 'number' || typeof payload.exp !== 'number') {
      throw new UnauthorizedError(`${where}: an events token needs "iat" and "exp"`);
    }
    if (payload.exp - payload.iat > MAX_EVENTS_TOKEN_TTL_SECONDS) {
      throw new UnauthorizedError(`${where}: an events token may live at most ${MAX_EVENTS_TOKEN_TTL_SECONDS} s`);
    }
  }
  if (eventsToken && !toEvents) throw new UnauthorizedError(`${where}: an events token opens only v1/events`);

  const roles = payload.roles ?? [];
  if (!Array.isArray(roles) || !roles.every((role): role is string => typeof role === 'string')) {
    throw new UnauthorizedError(`${where}: claim "roles" must be an array of strings`);
  }

  const filters: Record<string, string | number> = {};
  // An events token carries its scope's filters whole (createEventsToken), whatever claims this server maps.
  const source: Record<string, unknown> = eventsToken ? filterObject(payload.filters, where) : payload;
  const names = eventsToken ? Object.keys(source) : filterClaims;
  for (const name of names) {
    const value = source[name];
    if (value === undefined) continue;
    // Present but unusable must not mean "no filter": that would show this caller everybody's rows.
    if ((typeof value === 'string' && value !== '') || (typeof value === 'number' && Number.isFinite(value))) {
      filters[name] = value;
    } else {
      throw new UnauthorizedError(`${where}: claim "${name}" must be a non-empty string or a number`);
    }
  }
  return {
    ...(payload.sub !== undefined ? { subject: payload.sub } : {}),
    roles: Object.freeze([...new Set(roles)]),
    filters: Object.freeze(filters),
  };
}

function filterObject(value: unknown, where: string): Record<string, unknown> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UnauthorizedError(`${where}: claim "filters" must be an object`);
  }
  return value as Record<string, unknown>;
}
