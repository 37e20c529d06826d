import { describe, expect, it } from 'vitest';
import { autoGranularity, expectedBuckets, lastOffsetChange } from './dates.js';

describe('verify calendar', () => {
  it('expects weeks from Monday and months from the 1st, the first bucket partial', () => {
    expect(expectedBuckets('2026-03-04', '2026-03-17', 'week')).toEqual(['2026-03-02', '2026-03-09', '2026-03-16']);
    expect(expectedBuckets('2026-01-31', '2026-03-01', 'month')).toEqual(['2026-01-01', '2026-02-01', '2026-03-01']);
    expect(expectedBuckets('2026-03-28', '2026-03-30', 'day')).toEqual(['2026-03-28', '2026-03-29', '2026-03-30']);
  });

  it('picks day ≤ 62 days, week ≤ 26 weeks, else month', () => {
    expect(autoGranularity('2026-01-01', '2026-03-03')).toBe('day'); // 62 days
    expect(autoGranularity('2026-01-01', '2026-03-04')).toBe('week');
    expect(autoGranularity('2026-01-01', '2026-07-01')).toBe('week'); // 182 days
    expect(autoGranularity('2026-01-01', '2026-07-02')).toBe('month');
  });

  it('finds the last DST change of a zone, and none in UTC', () => {
    expect(lastOffsetChange('Europe/Berlin', '2026-11-21')).toBe('2026-10-25');
    expect(lastOffsetChange('Europe/Berlin', '2026-05-01')).toBe('2026-03-29');
    expect(lastOffsetChange('UTC', '2026-11-21')).toBeUndefined();
  });
});
