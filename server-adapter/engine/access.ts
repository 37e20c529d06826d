/**
 * Who may read a whole report (`low-stock`, `aging`, `activity`…), as metrics
 * have `roles`. Two rules, the first that applies wins:
 *
 * 1. The definition's `reports.<name>.roles`: a scope holding none of them
 *    gets 403. The host said who reads it, so nothing else is checked.
 * 2. By default, a report that cannot apply one of the caller's row filters
 *    is shop-wide to that caller, and refused: a customer's token
 *    (`customer_id`) reads its own aging, never every product's stock and
 *    demand. Reports narrowed per metric (stats, series, breakdown,
 *    segments) leave this to the metrics' own `roles`.
 *
 * Report names are the endpoint's (`low-stock`, the name in `v1/meta`
 * `reports`), an open list: the engine registers one per report module.
 */
import type { Scope } from '../auth/scope.js';
import { RestrictedError } from './errors.js';

/** Who may read one report. */
export interface ReportAccess {
  /** Only scopes holding one of these roles; replaces the default rule. */
  roles?: readonly string[];
}

/** Report name (as in the URL: `low-stock`, `aging`) → who may read it. */
export type ReportAccessRules = Readonly<Record<string, ReportAccess>>;

/**
 * Throws RestrictedError (403) unless `scope` may read `report`. `rowFilters`
 * are the filters the report applies (`['customer_id']` for aging, `[]` for
 * low-stock); undefined for a report narrowed per metric.
 *
 * @example
 * checkReportAccess(definition.reports, 'low-stock', [], { roles: ['customer'], filters: { customer_id: 7 } }); // throws
 */
export function checkReportAccess(
  rules: ReportAccessRules | undefined,
  report: string,
  rowFilters: readonly string[] | undefined,
  scope: Scope,
): void {
  const roles = rules?.[report]?.roles;
  if (roles) {
    if (roles.some((role) => scope.roles.includes(role))) return;
    throw new RestrictedError(`report "${report}" is restricted to the roles ${roles.join(', ')}`);
  }
  if (rowFilters === undefined) return;
  // Runs on every cache hit: no array unless something is refused.
  let refused = false;
  for (const filter in scope.filters) if (!rowFilters.includes(filter)) refused = true;
  if (!refused) return;
  const unapplied = Object.keys(scope.filters).filter((filter) => !rowFilters.includes(filter));
  throw new RestrictedError(
    `report "${report}" is shop-wide: it cannot be narrowed to this caller's ${unapplied.join(', ')}; ` +
      `a host that wants such callers to read it lists their roles in reports.${report}.roles`,
  );
}
