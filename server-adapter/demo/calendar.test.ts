import { describe, expect, it } from 'vitest';
import { formatDay, isoWeekday, parseDay, ZoneClock } from './calendar.js';

const at = (clock: ZoneClock, date: string, hours: number) =>
  new Date(clock.instant(parseDay(date), hours * 3600)).toISOString();

describe('ZoneClock', () => {
  // Expected values are PostgreSQL's answers to `'<date> <time>'::timestamp AT TIME ZONE '<zone>'`.
  it.each([
    ['America/New_York', '2025-06-30', 10, '2025-06-30T14:00:00.000Z'], // plain summer day
    ['America/New_York', '2025-03-09', 2.5, '2025-03-09T07:30:00.000Z'], // spring gap: offset before the change
    ['America/New_York', '2025-11-02', 1.5, '2025-11-02T06:30:00.000Z'], // autumn overlap: offset after the change
    ['America/Santiago', '2024-09-08', 0, '2024-09-08T04:00:00.000Z'], // midnight does not exist that day
    ['Asia/Kathmandu', '2025-01-15', 9.25, '2025-01-15T03:30:00.000Z'], // +05:45
    ['Europe/Berlin', '2025-03-30', 12, '2025-03-30T10:00:00.000Z'], // afternoon of a change day
  ])('%s %s %sh matches PostgreSQL AT TIME ZONE', (zone, date, hours, expected) => {
    expect(at(new ZoneClock(zone), date, hours)).toBe(expected);
  });

  it('gives the local day of an instant', () => {
    const clock = new ZoneClock('Pacific/Auckland');
    expect(formatDay(clock.localDay(Date.parse('2025-06-30T20:00:00Z')))).toBe('2025-07-01');
  });

  it('rejects unknown zones', () => {
    expect(() => new ZoneClock('Nowhere/Special')).toThrow(/timezone: unknown IANA time zone "Nowhere\/Special"/);
  });
});

describe('days', () => {
  it('parses, formats and finds ISO weekdays', () => {
    expect(formatDay(parseDay('2024-02-29'))).toBe('2024-02-29');
    expect(isoWeekday(parseDay('2025-06-30'))).toBe(1); // a Monday
    expect(isoWeekday(parseDay('2025-07-06'))).toBe(7);
    expect(() => parseDay('2025-02-29')).toThrow(/no such calendar day/);
  });
});
