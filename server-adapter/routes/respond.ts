/**
 * Turning parameters, cache results and errors into Responses, the same way
 * for every endpoint.
 */
import { parseQuery } from '../../src/contract/index.js';
import type { Scope } from '../auth/scope.js';
import { EngineError, InvalidQueryError, NotFoundInDataError, RestrictedError } from '../engine/errors.js';
import { BadRequestError, ForbiddenError, HttpError, NotFoundError, UnavailableError } from '../errors.js';
import { describeError, type Logger } from '../logger.js';
import { RETRY_AFTER_SECONDS } from '../options.js';

export const JSON_TYPE = 'application/json; charset=utf-8';

type QuerySchema<T> = Parameters<typeof parseQuery<T>>[0];

/** Parse a query string with a contract schema, or throw a 400 naming every bad parameter. */
export function parseParams<T>(schema: QuerySchema<T>, query: URLSearchParams): T {
  const result = parseQuery(schema, query);
  if (!result.ok) throw new BadRequestError(result.errors);
  return result.value;
}

const encoder = new TextEncoder();

/** Bytes of `text` in UTF-8. */
export function utf8Length(text: string): number {
  // ASCII is the common case (JSON of numbers and dates): its length is its byte count.
  // eslint-disable-next-line no-control-regex
  return /^[\x00-\x7f]*$/.test(text) ? text.length : encoder.encode(text).byteLength;
}

const ENTITY_TAG = /(?:W\/)?"[^"]*"|\*/g;

/**
 * Whether an `If-None-Match` header matches `etag`: `*`, a list, and weak
 * tags (`W/"…"`) all count, compared weakly as RFC 9110 asks for GET.
 */
export function etagMatches(ifNoneMatch: string | null, etag: string): boolean {
  if (!ifNoneMatch) return false;
  const target = etag.replace(/^W\//, '');
  for (const tag of ifNoneMatch.match(ENTITY_TAG) ?? []) {
    if (tag === '*' || tag.replace(/^W\//, '') === target) return true;
  }
  return false;
}

/** Status, headers and body of a cached report's answer, before any CORS headers. */
export interface CachedAnswer {
  readonly status: 200 | 304;
  /** Shared by every hit of one entry within a second: copy before changing. */
  readonly headers: Readonly<Record<string, string>>;
  /** Null for 304 and HEAD. Shared like the headers: never write into it. */
  readonly body: Uint8Array<ArrayBuffer> | null;
}

/** `Cache-Control` of a cached report: private (scoped), fresh for the seconds left. */
export function cacheControl(maxAge: number): string {
  return `private, max-age=${maxAge}`;
}

/** A JSON response that is never cached (health). */
export function uncachedJson(request: Request, value: object, status = 200): Response {
  const body = JSON.stringify(value);
  return new Response(request.method === 'HEAD' ? null : body, {
    status,
    headers: {
      'content-type': JSON_TYPE,
      'cache-control': 'no-store',
      'content-length': String(utf8Length(body)),
    },
  });
}

// SQLSTATE classes and codes meaning "the database is not there for us right now":
// 08 connection exception, 53 insufficient resources, 57P01–57P05 shutdown /
// cannot connect now / database dropped / idle session timeout, 28 the role or
// its password refused (28000, 28P01: a rotated credential), 3D000 the database
// does not exist (dropped, or not created yet), 57014 a statement cancelled (a
// `statement_timeout` on a slow or locked database) and 55P03 a lock not had in
// `lock_timeout`; plus Node's socket errors. None is the request's fault, and
// each may pass: 503 with Retry-After, not 500.
const UNAVAILABLE_SQLSTATE = /^(08|53|28)|^57P0[1-5]$|^(3D000|57014|55P03)$/;
const UNAVAILABLE_ERRNO = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EPIPE',
  'EAI_AGAIN',
]);
const UNAVAILABLE_MESSAGE =
  /connection terminated|connection timeout|timeout exceeded when trying to connect|PGlite is closed|Client has encountered a connection error|Connection terminated unexpectedly/i;

/** Whether `error` says the data source is unreachable (→ 503) rather than a bug (→ 500). */
export function isSourceUnavailable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (UNAVAILABLE_SQLSTATE.test(code) || UNAVAILABLE_ERRNO.has(code))) return true;
    if (e instanceof AggregateError && e.errors.some(isSourceUnavailable)) return true;
    if (UNAVAILABLE_MESSAGE.test(e.message)) return true;
  }
  return false;
}

/**
 * The HTTP error an engine refusal stands for: the one place where the
 * engine's domain errors meet statuses. Undefined for anything else.
 */
export function httpErrorOf(error: unknown): HttpError | undefined {
  if (error instanceof HttpError) return error;
  if (!(error instanceof EngineError)) return undefined;
  if (error instanceof InvalidQueryError) return new BadRequestError([...error.errors]);
  if (error instanceof RestrictedError) return new ForbiddenError(error.message);
  if (error instanceof NotFoundInDataError) return new NotFoundError(error.message);
  return new HttpError(422, 'Unprocessable Content', error.message);
}

/**
 * The problem+json Response for anything thrown while answering: HttpErrors
 * and engine refusals render themselves, an unreachable source is a 503 with
 * Retry-After, and everything else is a logged 500 that reveals nothing of
 * the internals.
 */
export function errorResponse(
  error: unknown,
  logger: Logger | undefined,
  request: Request,
  instance: string,
): Response {
  let http = httpErrorOf(error);
  if (http) {
    // Rendered as the error says.
  } else if (isSourceUnavailable(error)) {
    http = new UnavailableError('the data source is unreachable; try again shortly', RETRY_AFTER_SECONDS);
    logger?.warn('source unavailable', { path: instance, error: describeError(error) });
  } else {
    http = new HttpError(
      500,
      'Internal Server Error',
      'the server failed to answer this request; the error was logged',
    );
    logger?.error('request failed', { method: request.method, path: instance, error: describeError(error) });
  }
  const response = http.toResponse(instance);
  return request.method === 'HEAD'
    ? new Response(null, { status: response.status, headers: response.headers })
    : response;
}

/** SQLSTATEs of a value that does not fit its column's type: 22P02 bad text form, 22003 out of range, 22007/22008 date and time. */
const FILTER_TYPE_SQLSTATE = new Set(['22P02', '22003', '22007', '22008']);

/**
 * A row filter whose value does not fit its column (a token's `customer_id:
 * "abc"` against an integer column) makes PostgreSQL refuse the query. That
 * is the caller's scope matching nothing, not a server fault: a 403, not a 500.
 */
export function filterTypeError(error: unknown, scope: Scope | undefined): HttpError | undefined {
  if (!scope || Object.keys(scope.filters).length === 0) return undefined;
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !FILTER_TYPE_SQLSTATE.has(code)) return undefined;
  const names = Object.keys(scope.filters).sort().join(', ');
  return new ForbiddenError(
    `the row filter of your scope (${names}) does not fit the column it filters, so it matches no data`,
  );
}
