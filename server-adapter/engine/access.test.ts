/** Who may read a whole report: configured roles first, else no shop-wide report for a caller narrowed by a row filter. */
import { describe, expect, it } from 'vitest';
import type { Scope } from '../auth/scope.js';
import { checkReportAccess } from './access.js';
import { RestrictedError } from './errors.js';

const staff: Scope = { roles: ['staff'], filters: {} };
const customer: Scope = { roles: ['customer'], filters: { customer_id: 7 } };
const everyone: Scope = { roles: [], filters: {} };

const refused = (fn: () => void) => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(RestrictedError);
    return (error as Error).message;
  }
  throw new Error('expected a RestrictedError');
};

describe('checkReportAccess', () => {
  it('refuses a shop-wide report to a caller narrowed by a row filter it cannot apply, by default', () => {
    expect(refused(() => checkReportAccess(undefined, 'low-stock', [], customer))).toBe(
      'report "low-stock" is shop-wide: it cannot be narrowed to this caller\'s customer_id; ' +
        'a host that wants such callers to read it lists their roles in reports.low-stock.roles',
    );
    expect(() => checkReportAccess(undefined, 'low-stock', [], staff)).not.toThrow();
    expect(() => checkReportAccess(undefined, 'low-stock', [], everyone)).not.toThrow();
  });

  it('lets a narrowed caller read a report that applies its filters, and one narrowed per metric', () => {
    expect(() => checkReportAccess(undefined, 'aging', ['customer_id'], customer)).not.toThrow();
    expect(() => checkReportAccess(undefined, 'stats', undefined, customer)).not.toThrow();
    const twoFilters: Scope = { roles: [], filters: { customer_id: 7, region: 'north' } };
    expect(refused(() => checkReportAccess(undefined, 'aging', ['customer_id'], twoFilters))).toMatch(
      /cannot be narrowed to this caller's region/,
    );
  });

  it('applies configured roles instead of the default, both ways', () => {
    const rules = { 'low-stock': { roles: ['customer', 'staff'] }, aging: { roles: ['staff'] } };
    expect(() => checkReportAccess(rules, 'low-stock', [], customer)).not.toThrow();
    expect(refused(() => checkReportAccess(rules, 'aging', ['customer_id'], customer))).toBe(
      'report "aging" is restricted to the roles staff',
    );
    expect(refused(() => checkReportAccess(rules, 'aging', ['customer_id'], everyone))).toMatch(/restricted/);
    expect(() => checkReportAccess(rules, 'aging', ['customer_id'], staff)).not.toThrow();
    // Names are open: a report added later (`activity`) is restricted the same way.
    expect(refused(() => checkReportAccess({ activity: { roles: ['staff'] } }, 'activity', undefined, customer))).toBe(
      'report "activity" is restricted to the roles staff',
    );
  });
});
