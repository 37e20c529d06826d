import { describe, expect, it } from 'vitest';
import { PUBLIC_SCOPE, scopeKey } from './scope.js';

describe('scopeKey', () => {
  it('ignores the order of roles and filters', () => {
    expect(scopeKey({ roles: ['b', 'a'], filters: { y: 1, x: 2 } })).toBe(
      scopeKey({ roles: ['a', 'b'], filters: { x: 2, y: 1 } }),
    );
  });

  it('tells apart scopes whose parts contain separators', () => {
    expect(scopeKey({ roles: ['a,b'], filters: {} })).not.toBe(scopeKey({ roles: ['a', 'b'], filters: {} }));
    expect(scopeKey({ roles: [], filters: { a: '1&b=2' } })).not.toBe(scopeKey({ roles: [], filters: { a: 1, b: 2 } }));
    expect(scopeKey({ roles: ['x|'], filters: {} })).not.toBe(scopeKey({ roles: ['x'], filters: { '': '' } }));
  });

  it('gives the public scope its own key', () => {
    expect(scopeKey(PUBLIC_SCOPE)).toBe('|');
    expect(scopeKey({ roles: ['admin'], filters: {} })).not.toBe(scopeKey(PUBLIC_SCOPE));
    expect(scopeKey({ roles: [], filters: { customer_id: 7 } })).not.toBe(
      scopeKey({ roles: [], filters: { customer_id: 8 } }),
    );
  });
});
