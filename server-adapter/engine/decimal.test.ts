import { describe, expect, it } from 'vitest';
import { relativeChange } from './decimal.js';

describe('relativeChange', () => {
  it('works from exact decimals', () => {
    expect(relativeChange('110.10', '100.00')).toBe(0.101);
    expect(relativeChange('210.75', '100.00')).toBe(1.1075);
    expect(relativeChange('0.3', '0.1')).toBe(2); // 0.3 − 0.1 in floats would give 1.9999999999999996
    expect(relativeChange('35.13', '50')).toBe(-0.2974);
    expect(relativeChange('-5.5', '11')).toBe(-1.5);
    // As floats both amounts are the same number and the change would be 0.
    const tiny = relativeChange('12345678901234567890.12', '12345678901234567890.11') ?? 0;
    expect(tiny * Number('1234567890123456789011')).toBeCloseTo(1, 9);
  });

  it('is null when previous is 0 or either side is null', () => {
    expect(relativeChange('5.00', '0.00')).toBeNull();
    expect(relativeChange(3, 0)).toBeNull();
    expect(relativeChange(null, '1')).toBeNull();
    expect(relativeChange('1', null)).toBeNull();
  });

  it('mixes numbers and strings', () => {
    expect(relativeChange(6, 2)).toBe(2);
    expect(relativeChange(0.5, '0.25')).toBe(1);
  });
});
