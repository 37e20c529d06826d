/**
 * Calendar arithmetic against dates known from outside this code: the Iranian
 * calendar's Nowruz dates and Esfand lengths, Saudi Umm al-Qura month starts,
 * CLDR week starts.
 */
import { describe, expect, it } from 'vitest';
import { daysBetween } from './calendar.js';
import {
  addCalendarMonths,
  calendarBucketStarts,
  calendarParts,
  fromCalendar,
  localeWeekStart,
  parseMonthDay,
  startOfCalendarMonth,
  startOfCalendarQuarter,
  startOfCalendarYear,
  startOfFiscalQuarter,
  startOfFiscalYear,
  startOfWeek,
  truncBuckets,
  WEEK_START_BY_REGION,
} from './calendars.js';

/** Inclusive length of the month holding `date`. */
function monthLength(date: string, calendar: 'persian' | 'islamic-umalqura'): number {
  const start = startOfCalendarMonth(date, calendar);
  return daysBetween(start, addCalendarMonths(start, 1, calendar));
}

describe('Solar Hijri (persian)', () => {
  it('starts 1405 on Nowruz, 21 March 2026, and 1404 on 21 March 2025', () => {
    expect(fromCalendar('persian', 1405, 1, 1)).toBe('2026-03-21');
    expect(calendarParts('2026-03-21', 'persian')).toEqual({ year: 1405, month: 1, day: 1 });
    expect(calendarParts('2026-03-20', 'persian')).toEqual({ year: 1404, month: 12, day: 29 });
    expect(startOfCalendarYear('2026-06-30', 'persian')).toBe('2026-03-21');
    expect(startOfCalendarYear('2025-06-30', 'persian')).toBe('2025-03-21');
  });

  it('gives Esfand 30 days in the leap year 1403 and 29 in 1404', () => {
    // Esfand 1403: 19 Feb – 20 Mar 2025; Esfand 1404: 20 Feb – 20 Mar 2026.
    expect(startOfCalendarMonth('2025-03-01', 'persian')).toBe('2025-02-19');
    expect(monthLength('2025-03-01', 'persian')).toBe(30);
    expect(startOfCalendarMonth('2026-03-01', 'persian')).toBe('2026-02-20');
    expect(monthLength('2026-03-01', 'persian')).toBe(29);
    expect(() => fromCalendar('persian', 1404, 12, 30)).toThrow(RangeError);
  });

  it('cuts quarters of three months: Tir 1405 begins 22 June 2026', () => {
    expect(startOfCalendarQuarter('2026-07-01', 'persian')).toBe('2026-06-22');
    expect(startOfCalendarQuarter('2026-06-21', 'persian')).toBe('2026-03-21');
  });

  it('buckets a year by its own months (six of 31 days first)', () => {
    const starts = calendarBucketStarts('2026-03-21', '2027-03-20', 'month', {
      calendar: 'persian',
      weekStart: 6,
    });
    expect(starts).toHaveLength(12);
    expect(starts.slice(0, 4)).toEqual(['2026-03-21', '2026-04-21', '2026-05-22', '2026-06-22']);
    expect(starts[6]).toBe('2026-09-23'); // 1 Mehr 1405
  });
});

describe('Umm al-Qura (islamic-umalqura)', () => {
  it('has Ramadan 1447 from 18 February 2026 for 30 days, after a Sha‘ban of 29', () => {
    expect(fromCalendar('islamic-umalqura', 1447, 9, 1)).toBe('2026-02-18');
    expect(monthLength('2026-02-18', 'islamic-umalqura')).toBe(30);
    expect(fromCalendar('islamic-umalqura', 1447, 10, 1)).toBe('2026-03-20'); // Eid al-Fitr
    expect(startOfCalendarMonth('2026-02-17', 'islamic-umalqura')).toBe('2026-01-20');
    expect(monthLength('2026-02-17', 'islamic-umalqura')).toBe(29);
  });
});

describe('weeks', () => {
  it('starts weeks where the locale does: Saturday in fa, Sunday in en-US, Monday in de', () => {
    expect(localeWeekStart('fa-IR')).toBe(6);
    expect(localeWeekStart('fa')).toBe(6);
    expect(localeWeekStart('en-US')).toBe(7);
    expect(localeWeekStart('de-DE')).toBe(1);
    expect(localeWeekStart('en-GB')).toBe(1);
  });

  it('keeps a fallback table that agrees with the runtime on the regions it names', () => {
    expect(WEEK_START_BY_REGION['IR']).toBe(6);
    expect(WEEK_START_BY_REGION['US']).toBe(7);
    for (const [region, firstDay] of Object.entries(WEEK_START_BY_REGION)) {
      expect(localeWeekStart(`und-${region}`), region).toBe(firstDay);
    }
    for (const region of ['DE', 'FR', 'ES', 'GB', 'AE', 'CN', 'TR']) expect(localeWeekStart(`und-${region}`)).toBe(1);
  });

  it('finds the week start on or before a day (Wed 25 Mar 2026)', () => {
    expect(startOfWeek('2026-03-25', 6)).toBe('2026-03-21'); // Saturday
    expect(startOfWeek('2026-03-25', 7)).toBe('2026-03-22'); // Sunday
    expect(startOfWeek('2026-03-25', 1)).toBe('2026-03-23'); // Monday
    expect(startOfWeek('2026-03-21', 6)).toBe('2026-03-21');
  });

  it('leaves ISO weeks and Gregorian months to date_trunc, and nothing else', () => {
    expect(truncBuckets('week', { calendar: 'persian', weekStart: 1 })).toBe(true);
    expect(truncBuckets('week', { calendar: 'gregory', weekStart: 6 })).toBe(false);
    expect(truncBuckets('month', { calendar: 'gregory', weekStart: 6 })).toBe(true);
    expect(truncBuckets('month', { calendar: 'persian', weekStart: 1 })).toBe(false);
    expect(truncBuckets('day', { calendar: 'islamic-umalqura', weekStart: 6 })).toBe(true);
  });
});

describe('fiscal years', () => {
  it('starts an April fiscal year on 1 April, the year before until then', () => {
    const april = { month: 4, day: 1 };
    expect(startOfFiscalYear('2026-03-31', april)).toBe('2025-04-01');
    expect(startOfFiscalYear('2026-04-01', april)).toBe('2026-04-01');
    expect(startOfFiscalQuarter('2026-03-31', april)).toBe('2026-01-01');
    expect(startOfFiscalQuarter('2026-05-15', april)).toBe('2026-04-01');
    expect(startOfFiscalQuarter('2026-12-31', april)).toBe('2026-10-01');
  });

  it('starts a July fiscal year on 1 July', () => {
    const july = { month: 7, day: 1 };
    expect(startOfFiscalYear('2026-03-31', july)).toBe('2025-07-01');
    expect(startOfFiscalQuarter('2026-03-31', july)).toBe('2026-01-01');
    expect(startOfFiscalQuarter('2025-08-15', july)).toBe('2025-07-01');
  });

  it('reads MM-DD with days 01–28 only', () => {
    expect(parseMonthDay('04-06')).toEqual({ month: 4, day: 6 });
    expect(parseMonthDay('13-01')).toBeUndefined();
    expect(parseMonthDay('02-29')).toBeUndefined();
    expect(parseMonthDay('4-1')).toBeUndefined();
  });
});
