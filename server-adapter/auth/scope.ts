/**
 * Who is asking. Row filters narrow every query and are part of every cache
 * key, so two scopes never share an entry.
 */
export interface Scope {
  /** Subject (user id) when known. */
  subject?: string;
  roles: readonly string[];
  /** Row filters, e.g. `{ customer_id: 7 }`: a report only sees rows matching all of them. */
  filters: Readonly<Record<string, string | number>>;
}

/** The scope of an unauthenticated request when the host configured no auth: sees everything. */
export const PUBLIC_SCOPE: Scope = Object.freeze({ roles: Object.freeze([]), filters: Object.freeze({}) });

const enc = encodeURIComponent;

/**
 * A stable string for cache keys: same scope, same key; different scopes,
 * different keys (every part is escaped, so `['a,b']` and `['a', 'b']` differ).
 * Values keep their type (`7` and `"7"` are the same row filter in SQL).
 */
export function scopeKey(scope: Scope): string {
  const filters = Object.entries(scope.filters)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([k, v]) => `${enc(k)}=${enc(String(v))}`)
    .join('&');
  const roles = [...new Set(scope.roles)].sort().map(enc).join(',');
  return `${roles}|${filters}`;
}

/**
 * A host's way to say who is asking: read its own session cookie or header
 * and return the scope, or throw `UnauthorizedError` (401) / `ForbiddenError`
 * (403) to refuse. `createJwtAuthorizer` (jwt.ts) returns one.
 *
 * @example
 * const authorize: Authorize = async (request) => {
 *   const user = await sessions.fromCookie(request.headers.get('cookie'));
 *   if (!user) throw new UnauthorizedError('no session');
 *   return user.isStaff ? { subject: user.id, roles: ['admin'], filters: {} }
 *                       : { subject: user.id, roles: ['customer'], filters: { customer_id: user.customerId } };
 * };
 */
export type Authorize = (request: Request) => Scope | Promise<Scope>;
