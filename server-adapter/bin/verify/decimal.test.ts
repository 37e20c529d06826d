import { describe, expect, it } from 'vitest';
import { compareDecimal, decimalEquals, formatDecimal, parseDecimal, sumDecimals } from './decimal.js';

describe('verify decimals', () => {
  it('adds exactly where floats would not', () => {
    expect(0.1 + 0.2).not.toBe(0.3);
    expect(formatDecimal(sumDecimals(['0.1', '0.2']))).toBe('0.3');
    expect(formatDecimal(sumDecimals(['1234.50', 17, '-0.05', '0.000001']))).toBe('1251.450001');
    expect(formatDecimal(sumDecimals(Array.from({ length: 1000 }, () => '0.01')))).toBe('10');
    expect(formatDecimal(sumDecimals(['90071992547409.93', '0.07']))).toBe('90071992547410');
  });

  it('compares numbers and strings by value', () => {
    expect(decimalEquals('12.50', 12.5)).toBe(true);
    expect(decimalEquals('12.50', '12.51')).toBe(false);
    expect(compareDecimal('-1', '0')).toBe(-1);
    expect(decimalEquals(1e-7, '0.0000001')).toBe(true);
    expect(() => parseDecimal('12,5')).toThrow(/not a decimal/);
  });
});
