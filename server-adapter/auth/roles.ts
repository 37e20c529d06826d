/** Role checks on declared metrics (SPEC §4: "a metric may be restricted to roles"). */
import { ForbiddenError } from '../errors.js';
import type { Scope } from './scope.js';

/**
 * Throws a 403 unless `scope` holds one of `roles`; no `roles` (or an empty
 * list) means the metric is open to every authorised caller.
 *
 * @example
 * for (const m of requested) assertMetricAllowed(m.roles, scope, m.id);
 */
export function assertMetricAllowed(roles: readonly string[] | undefined, scope: Scope, metricId?: string): void {
  if (!roles || roles.length === 0) return;
  if (roles.some((role) => scope.roles.includes(role))) return;
  const what = metricId === undefined ? 'this metric' : `metric "${metricId}"`;
  throw new ForbiddenError(`${what} is restricted to the roles ${roles.join(', ')}`);
}
