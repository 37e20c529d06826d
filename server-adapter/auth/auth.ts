/**
 * Who may ask, decided once per server: the scope of a request (the host's
 * hook, built-in JWT verification, or everyone), the scope when it is known
 * without waiting (what `peek` needs), CORS, and the webhook's secret.
 */
import type { Cors } from './cors.js';
import { createCors } from './cors.js';
import { createJwtAuthorizer, type JwtAuthorizerOptions } from './jwt.js';
import { type Authorize, PUBLIC_SCOPE, type Scope } from './scope.js';
import { secretVerifier } from './secret.js';

/** Request headers as plain lower-case names (Node's `IncomingHttpHeaders` is one). */
export type HeaderRecord = Readonly<Record<string, string | readonly string[] | undefined>>;

export interface AuthOptions {
  authorize?: Authorize | undefined;
  jwt?: JwtAuthorizerOptions | undefined;
  corsOrigins?: readonly string[] | undefined;
  invalidateSecret?: string | undefined;
}

export interface Auth {
  /** The caller's scope; throws an UnauthorizedError or ForbiddenError to refuse. */
  authorize(request: Request): Promise<Scope>;
  /**
   * The scope `authorize` would give a request with these headers, when
   * known without waiting: always without auth, for a JWT verified before,
   * never with a host hook (it may await anything). Undefined: ask `authorize`.
   */
  known(headers: HeaderRecord): Scope | undefined;
  /** Undefined when no cross-origin page is allowed. */
  cors: Cors | undefined;
  /** Checks the webhook's `Authorization` header; undefined without an invalidate secret (then no webhook). */
  verifyInvalidateSecret: ((authorization: string | null) => boolean) | undefined;
}

/** The first value of a header, as Node keeps it (a string, or an array for repeated ones). */
export function headerValue(headers: HeaderRecord, name: string): string | undefined {
  const value = headers[name];
  return typeof value === 'string' ? value : value?.[0];
}

/** Throws (TypeError) on a bad secret, origin or JWT setting: construction fails, not every request. */
export function createAuth(options: AuthOptions): Auth {
  if (options.authorize && options.jwt) {
    throw new TypeError('authorize, jwt: give one (a host hook, or built-in JWT verification), not both');
  }
  const jwt = options.jwt ? createJwtAuthorizer(options.jwt) : undefined;
  const hook = options.authorize;
  const authorize: Authorize = hook ?? jwt ?? (() => PUBLIC_SCOPE);
  return {
    authorize: async (request) => authorize(request),
    known: hook
      ? () => undefined
      : jwt
        ? (headers) => jwt.remembered(headerValue(headers, 'authorization'), headerValue(headers, 'cookie'))
        : () => PUBLIC_SCOPE,
    cors:
      options.corsOrigins && options.corsOrigins.length > 0 ? createCors({ origins: options.corsOrigins }) : undefined,
    verifyInvalidateSecret:
      options.invalidateSecret === undefined ? undefined : secretVerifier(options.invalidateSecret),
  };
}
