import { describe, expect, it } from 'vitest';
import { ForbiddenError } from '../errors.js';
import { assertMetricAllowed } from './roles.js';

const scope = (...roles: string[]) => ({ roles, filters: {} });

describe('assertMetricAllowed', () => {
  it('lets anyone ask for a metric without roles', () => {
    expect(() => assertMetricAllowed(undefined, scope())).not.toThrow();
    expect(() => assertMetricAllowed([], scope())).not.toThrow();
  });

  it('lets a scope holding any of the roles through', () => {
    expect(() => assertMetricAllowed(['finance', 'admin'], scope('customer', 'admin'))).not.toThrow();
  });

  it('answers 403 naming the metric and its roles otherwise', () => {
    let error: unknown;
    try {
      assertMetricAllowed(['finance'], scope('customer'), 'revenue');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ForbiddenError);
    expect((error as ForbiddenError).status).toBe(403);
    expect((error as ForbiddenError).message).toBe('metric "revenue" is restricted to the roles finance');
  });
});
