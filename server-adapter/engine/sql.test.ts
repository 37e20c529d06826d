import { describe, expect, it } from 'vitest';
import { Params, qualified, quoteIdent } from './sql.js';

describe('sql helpers', () => {
  it('quotes identifiers, doubling embedded quotes', () => {
    expect(quoteIdent('amount')).toBe('"amount"');
    expect(quoteIdent('Order Total')).toBe('"Order Total"');
    expect(quoteIdent('we"ird')).toBe('"we""ird"');
    expect(() => quoteIdent('')).toThrow('empty identifier');
    expect(() => quoteIdent('a\u0000b')).toThrow('NUL');
  });

  it('quotes each part of schema.table', () => {
    expect(qualified('orders')).toBe('"orders"');
    expect(qualified('sales.orders')).toBe('"sales"."orders"');
    expect(qualified('a"b.c')).toBe('"a""b"."c"');
  });

  it('numbers parameters in order', () => {
    const p = new Params();
    expect([p.add('x'), p.add(2), p.add(null)]).toEqual(['$1', '$2', '$3']);
    expect(p.values).toEqual(['x', 2, null]);
  });
});
