import { describe, expect, it } from 'vitest';
import { Comparison, Period } from '../../src/contract/index.js';
import {
  addDays,
  addMonths,
  addYears,
  autoGranularity,
  bucketStarts,
  daysBetween,
  formatDateRange,
  isoWeekday,
  isValidTimeZone,
  startOfIsoWeek,
  startOfQuarter,
  todayIn,
} from './calendar.js';
import { resolvePeriod } from './period.js';

// 23:30 UTC on Saturday 21 Nov 2026: already Sunday the 22nd in Auckland (UTC+13), still the 21st in Los Angeles (UTC−8).
const NOW = new Date('2026-11-21T23:30:00Z');
const AKL = 'Pacific/Auckland';
const LAX = 'America/Los_Angeles';

function window(q: Parameters<typeof resolvePeriod>[0], now = NOW, tz = AKL) {
  const r = resolvePeriod(q, now, tz);
  Period.parse(r.period);
  Comparison.parse(r.comparison);
  return { from: r.period.from, to: r.period.to, prev: r.comparison && [r.comparison.from, r.comparison.to] };
}

describe('calendar arithmetic', () => {
  it('adds days across month, year and leap-day boundaries', () => {
    expect(addDays('2026-01-31', 1)).toBe('2026-02-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addDays('2026-01-01', -365)).toBe('2025-01-01');
  });

  it('is DST-agnostic: the DST days are ordinary days', () => {
    expect(addDays('2026-03-28', 1)).toBe('2026-03-29');
    expect(addDays('2026-03-29', 1)).toBe('2026-03-30');
    expect(addDays('2026-10-25', 1)).toBe('2026-10-26');
    expect(daysBetween('2026-03-01', '2026-04-01')).toBe(31);
    expect(daysBetween('2026-10-01', '2026-11-01')).toBe(31);
  });

  it('adds months and years, clamping to the month end', () => {
    expect(addMonths('2026-03-31', -1)).toBe('2026-02-28');
    expect(addMonths('2024-03-31', -1)).toBe('2024-02-29');
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2026-01-15', -1)).toBe('2025-12-15');
    expect(addMonths('2026-11-30', 3)).toBe('2027-02-28');
    expect(addYears('2024-02-29', -1)).toBe('2023-02-28');
    expect(addYears('2024-02-29', 4)).toBe('2028-02-29');
  });

  it('finds ISO weeks and quarters', () => {
    expect(isoWeekday('2026-11-22')).toBe(7);
    expect(isoWeekday('2026-11-16')).toBe(1);
    expect(startOfIsoWeek('2026-11-22')).toBe('2026-11-16');
    expect(startOfIsoWeek('2026-11-16')).toBe('2026-11-16');
    expect(startOfIsoWeek('2026-01-01')).toBe('2025-12-29');
    expect(startOfQuarter('2026-11-22')).toBe('2026-10-01');
    expect(startOfQuarter('2026-03-31')).toBe('2026-01-01');
  });

  it('reads "today" in the dashboard zone, not in UTC or the host zone', () => {
    expect(todayIn(NOW, AKL)).toBe('2026-11-22');
    expect(todayIn(NOW, LAX)).toBe('2026-11-21');
    expect(todayIn(NOW, 'UTC')).toBe('2026-11-21');
    expect(todayIn(new Date('2026-03-28T23:30:00Z'), 'Europe/Berlin')).toBe('2026-03-29');
    expect(todayIn(new Date('2026-03-28T22:59:59Z'), 'Europe/Berlin')).toBe('2026-03-28');
    expect(isValidTimeZone('Europe/Berlin')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
  });

  it('chooses granularity by length: day ≤ 62 days, week ≤ 182 days, else month', () => {
    expect(autoGranularity('2026-01-01', '2026-03-03')).toBe('day'); // 62 days
    expect(autoGranularity('2026-01-01', '2026-03-04')).toBe('week'); // 63
    expect(autoGranularity('2026-01-01', '2026-07-01')).toBe('week'); // 182
    expect(autoGranularity('2026-01-01', '2026-07-02')).toBe('month'); // 183
  });

  it('lists bucket starts, the first one possibly before the period', () => {
    expect(bucketStarts('2026-02-27', '2026-03-02', 'day')).toEqual([
      '2026-02-27',
      '2026-02-28',
      '2026-03-01',
      '2026-03-02',
    ]);
    expect(bucketStarts('2026-11-01', '2026-11-22', 'week')).toEqual([
      '2026-10-26',
      '2026-11-02',
      '2026-11-09',
      '2026-11-16',
    ]);
    expect(bucketStarts('2025-12-31', '2026-01-05', 'week')).toEqual(['2025-12-29', '2026-01-05']);
    expect(bucketStarts('2026-01-31', '2026-04-01', 'month')).toEqual([
      '2026-01-01',
      '2026-02-01',
      '2026-03-01',
      '2026-04-01',
    ]);
  });

  it('formats ranges compactly', () => {
    expect(formatDateRange('2026-11-21', '2026-11-21')).toBe('21 Nov 2026');
    expect(formatDateRange('2026-11-01', '2026-11-21')).toBe('1–21 Nov 2026');
    expect(formatDateRange('2026-10-28', '2026-11-21')).toBe('28 Oct – 21 Nov 2026');
    expect(formatDateRange('2025-12-28', '2026-01-03')).toBe('28 Dec 2025 – 3 Jan 2026');
  });
});

describe('resolvePeriod', () => {
  it('defaults to the last 30 days compared with the 30 before', () => {
    const r = resolvePeriod({}, NOW, AKL);
    expect(r.period).toEqual({ from: '2026-10-24', to: '2026-11-22', label: 'Last 30 days (24 Oct – 22 Nov 2026)' });
    expect(r.comparison).toEqual({
      mode: 'previous',
      from: '2026-09-24',
      to: '2026-10-23',
      label: 'Previous period (24 Sep – 23 Oct 2026)',
    });
    expect(r.granularity).toBe('day');
  });

  it('resolves the same clock to different days far east and far west of UTC', () => {
    expect(window({ range: 'today' }, NOW, AKL)).toEqual({
      from: '2026-11-22',
      to: '2026-11-22',
      prev: ['2026-11-21', '2026-11-21'],
    });
    expect(window({ range: 'today' }, NOW, LAX)).toEqual({
      from: '2026-11-21',
      to: '2026-11-21',
      prev: ['2026-11-20', '2026-11-20'],
    });
  });

  it('week: ISO week to date against the same span from the previous Monday', () => {
    expect(window({ range: 'week' }, NOW, AKL)).toEqual({
      from: '2026-11-16',
      to: '2026-11-22',
      prev: ['2026-11-09', '2026-11-15'],
    });
    expect(window({ range: 'week' }, NOW, LAX)).toEqual({
      from: '2026-11-16',
      to: '2026-11-21',
      prev: ['2026-11-09', '2026-11-14'],
    });
    // A Monday: the week so far is one day.
    expect(window({ range: 'week' }, new Date('2026-11-16T10:00:00Z'), LAX)).toEqual({
      from: '2026-11-16',
      to: '2026-11-16',
      prev: ['2026-11-09', '2026-11-09'],
    });
  });

  it('month: 1–21 Nov against 1–21 Oct, and 1–31 Mar against all of February', () => {
    expect(window({ range: 'month' }, NOW, LAX)).toEqual({
      from: '2026-11-01',
      to: '2026-11-21',
      prev: ['2026-10-01', '2026-10-21'],
    });
    expect(window({ range: 'month' }, NOW, AKL)).toEqual({
      from: '2026-11-01',
      to: '2026-11-22',
      prev: ['2026-10-01', '2026-10-22'],
    });
    const mar31 = new Date('2026-03-31T12:00:00Z');
    expect(window({ range: 'month' }, mar31, 'UTC')).toEqual({
      from: '2026-03-01',
      to: '2026-03-31',
      prev: ['2026-02-01', '2026-02-28'],
    });
    const leapMar30 = new Date('2024-03-30T12:00:00Z');
    expect(window({ range: 'month' }, leapMar30, 'UTC')).toEqual({
      from: '2024-03-01',
      to: '2024-03-30',
      prev: ['2024-02-01', '2024-02-29'],
    });
    // January compares with December of the year before.
    expect(window({ range: 'month' }, new Date('2026-01-10T12:00:00Z'), 'UTC')).toEqual({
      from: '2026-01-01',
      to: '2026-01-10',
      prev: ['2025-12-01', '2025-12-10'],
    });
  });

  it('quarter and year: calendar period to date against the previous one', () => {
    expect(window({ range: 'quarter' }, NOW, LAX)).toEqual({
      from: '2026-10-01',
      to: '2026-11-21',
      prev: ['2026-07-01', '2026-08-21'],
    });
    // Elapsed span 60 days: 1 Jan + 60 days = 2 Mar (February has 28 days).
    expect(window({ range: 'quarter' }, new Date('2026-05-31T12:00:00Z'), 'UTC')).toEqual({
      from: '2026-04-01',
      to: '2026-05-31',
      prev: ['2026-01-01', '2026-03-02'],
    });
    // All 92 days of Q3 against Q2, which has only 91: clamped to 30 Jun.
    expect(window({ range: 'quarter' }, new Date('2026-09-30T12:00:00Z'), 'UTC')).toEqual({
      from: '2026-07-01',
      to: '2026-09-30',
      prev: ['2026-04-01', '2026-06-30'],
    });
    expect(window({ range: 'year' }, NOW, LAX)).toEqual({
      from: '2026-01-01',
      to: '2026-11-21',
      prev: ['2025-01-01', '2025-11-21'],
    });
    // After a leap year's 29 Feb the elapsed span runs one day further into a common year.
    expect(window({ range: 'year' }, new Date('2025-12-31T12:00:00Z'), 'UTC')).toEqual({
      from: '2025-01-01',
      to: '2025-12-31',
      prev: ['2024-01-01', '2024-12-30'],
    });
    expect(window({ range: 'year' }, new Date('2024-12-31T12:00:00Z'), 'UTC')).toEqual({
      from: '2024-01-01',
      to: '2024-12-31',
      prev: ['2023-01-01', '2023-12-31'],
    });
  });

  it('rolling ranges end today and compare with the equal window just before', () => {
    expect(window({ range: '7d' }, NOW, AKL)).toEqual({
      from: '2026-11-16',
      to: '2026-11-22',
      prev: ['2026-11-09', '2026-11-15'],
    });
    expect(window({ range: '90d' }, NOW, LAX)).toEqual({
      from: '2026-08-24',
      to: '2026-11-21',
      prev: ['2026-05-26', '2026-08-23'],
    });
    expect(window({ range: '365d' }, NOW, LAX)).toEqual({
      from: '2025-11-22',
      to: '2026-11-21',
      prev: ['2024-11-22', '2025-11-21'],
    });
    // Over a leap day: 365 days ending 2024-03-01 start on 2023-03-03.
    expect(window({ range: '365d' }, new Date('2024-03-01T12:00:00Z'), 'UTC')).toEqual({
      from: '2023-03-03',
      to: '2024-03-01',
      prev: ['2022-03-03', '2023-03-02'],
    });
  });

  it('custom ranges compare with the equal window before, and from/to alone imply custom', () => {
    expect(window({ range: 'custom', from: '2026-03-01', to: '2026-03-31' })).toEqual({
      from: '2026-03-01',
      to: '2026-03-31',
      prev: ['2026-01-29', '2026-02-28'],
    });
    expect(window({ from: '2026-03-29', to: '2026-03-29' })).toEqual({
      from: '2026-03-29',
      to: '2026-03-29',
      prev: ['2026-03-28', '2026-03-28'],
    });
    expect(resolvePeriod({ range: 'custom', from: '2026-03-01', to: '2026-03-31' }, NOW, AKL).period.label).toBe(
      '1–31 Mar 2026',
    );
    expect(() => resolvePeriod({ range: 'custom', from: '2026-03-02', to: '2026-03-01' }, NOW, AKL)).toThrow(
      RangeError,
    );
  });

  it('compare=year takes the same dates a year earlier, 29 Feb → 28 Feb', () => {
    const r = resolvePeriod({ range: 'month', compare: 'year' }, NOW, LAX);
    expect(r.comparison).toEqual({
      mode: 'year',
      from: '2025-11-01',
      to: '2025-11-21',
      label: 'Same period last year (1–21 Nov 2025)',
    });
    expect(window({ range: 'custom', from: '2024-02-01', to: '2024-02-29', compare: 'year' }).prev).toEqual([
      '2023-02-01',
      '2023-02-28',
    ]);
    expect(window({ range: 'today', compare: 'year' }, new Date('2024-02-29T12:00:00Z'), 'UTC').prev).toEqual([
      '2023-02-28',
      '2023-02-28',
    ]);
    expect(window({ range: '7d', compare: 'year' }, NOW, AKL).prev).toEqual(['2025-11-16', '2025-11-22']);
  });

  it('compare=none gives no comparison', () => {
    expect(resolvePeriod({ range: 'week', compare: 'none' }, NOW, AKL).comparison).toBeNull();
  });

  it('labels every preset in English with its dates', () => {
    const labels = (['today', 'week', 'month', 'quarter', 'year', '7d', '90d', '365d'] as const).map(
      (range) => resolvePeriod({ range }, NOW, LAX).period.label,
    );
    expect(labels).toEqual([
      'Today (21 Nov 2026)',
      'This week (16–21 Nov 2026)',
      'This month (1–21 Nov 2026)',
      'This quarter (1 Oct – 21 Nov 2026)',
      'This year (1 Jan – 21 Nov 2026)',
      'Last 7 days (15–21 Nov 2026)',
      'Last 90 days (24 Aug – 21 Nov 2026)',
      'Last 365 days (22 Nov 2025 – 21 Nov 2026)',
    ]);
  });

  it('picks the granularity from the resolved length', () => {
    expect(resolvePeriod({ range: '30d' }, NOW, LAX).granularity).toBe('day');
    expect(resolvePeriod({ range: 'quarter' }, NOW, LAX).granularity).toBe('day'); // 52 days
    expect(resolvePeriod({ range: '90d' }, NOW, LAX).granularity).toBe('week');
    expect(resolvePeriod({ range: 'year' }, NOW, LAX).granularity).toBe('month');
  });
});

describe('years 1–99 (Date.UTC would read them as 1900–1999)', () => {
  it('does calendar arithmetic in the year as written', () => {
    expect(addDays('0050-03-01', -1)).toBe('0050-02-28');
    expect(addDays('0004-02-28', 1)).toBe('0004-02-29'); // year 4 is a leap year; 1904 is too, 1900 is not
    expect(addDays('0100-02-28', 1)).toBe('0100-03-01');
    expect(addMonths('0099-12-31', 2)).toBe('0100-02-28');
    expect(addYears('0001-06-01', -1)).toBe('0000-06-01');
    expect(daysBetween('0001-01-01', '0002-01-01')).toBe(365);
    expect(isoWeekday('0001-01-01')).toBe(1); // a Monday in the proleptic Gregorian calendar
    expect(startOfQuarter('0050-05-20')).toBe('0050-04-01');
    expect(bucketStarts('0001-01-01', '0001-01-20', 'week')).toEqual(['0001-01-01', '0001-01-08', '0001-01-15']);
  });

  it('compares within the same century, and refuses a comparison window before AD 1', () => {
    expect(window({ range: 'custom', from: '0050-03-01', to: '0050-03-31' })).toEqual({
      from: '0050-03-01',
      to: '0050-03-31',
      prev: ['0050-01-29', '0050-02-28'],
    });
    expect(window({ range: 'custom', from: '0050-03-01', to: '0050-03-31', compare: 'year' }).prev).toEqual([
      '0049-03-01',
      '0049-03-31',
    ]);
    expect(() => resolvePeriod({ range: 'custom', from: '0001-01-01', to: '0001-01-31' }, NOW, AKL)).toThrow(
      /compare: the comparison window would start before 0001-01-01/,
    );
    expect(() =>
      resolvePeriod({ range: 'custom', from: '0001-12-01', to: '0001-12-31', compare: 'year' }, NOW, AKL),
    ).toThrow(/compare/);
    expect(window({ range: 'custom', from: '0001-01-01', to: '0010-01-01', compare: 'none' }).prev).toBeNull();
  });
});
