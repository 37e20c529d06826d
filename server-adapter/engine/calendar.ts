/**
 * Plain calendar-date arithmetic on `YYYY-MM-DD` strings.
 *
 * Dates here are days, not instants: they are converted to a day number
 * through UTC milliseconds and back, so no local time zone and no DST
 * transition can shift them. (Through `setUTCFullYear`, never `Date.UTC`,
 * which reads years 0–99 as 1900–1999.) The only place an instant becomes a date is `todayIn`,
 * which asks `Intl` for the calendar date of an instant in a given zone.
 */
import type { Granularity } from '../../src/contract/index.js';

/** A calendar date written `YYYY-MM-DD`. */
export type CalendarDate = string;

const DAY_MS = 86_400_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export interface DateParts {
  year: number;
  /** 1–12 */
  month: number;
  /** 1–31 */
  day: number;
}

/** UTC milliseconds of a proleptic Gregorian date; month and day overflow like `Date.UTC`, but every year is taken as written. */
function utcMs(year: number, monthIndex: number, day: number): number {
  const d = new Date(0);
  d.setUTCFullYear(year, monthIndex, day);
  return d.getTime();
}

export function parts(date: CalendarDate): DateParts {
  const m = DATE_RE.exec(date);
  if (!m) throw new RangeError(`not a calendar date: ${JSON.stringify(date)}`);
  return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
}

/** Days since 1970-01-01. */
export function dayNumber(date: CalendarDate): number {
  const { year, month, day } = parts(date);
  return utcMs(year, month - 1, day) / DAY_MS;
}

/** The date of a day number; RangeError outside years 0000–9999, which `YYYY-MM-DD` cannot write. */
export function fromDayNumber(n: number): CalendarDate {
  const text = new Date(n * DAY_MS).toISOString();
  if (!/^\d{4}-/.test(text)) throw new RangeError(`day ${n} is outside the years 0000–9999`);
  return text.slice(0, 10);
}

/** Builds a date, normalising overflow the way `Date.UTC` does (month 13 → January next year). */
export function makeDate(year: number, month: number, day: number): CalendarDate {
  return fromDayNumber(utcMs(year, month - 1, day) / DAY_MS);
}

export function addDays(date: CalendarDate, days: number): CalendarDate {
  return fromDayNumber(dayNumber(date) + days);
}

/** `b − a` in days (0 for the same date). */
export function daysBetween(a: CalendarDate, b: CalendarDate): number {
  return dayNumber(b) - dayNumber(a);
}

export function daysInMonth(year: number, month: number): number {
  return new Date(utcMs(year, month, 0)).getUTCDate();
}

/** Same day `months` later, clamped to the month's last day (31 Mar − 1 month → 28/29 Feb). */
export function addMonths(date: CalendarDate, months: number): CalendarDate {
  const { year, month, day } = parts(date);
  const index = year * 12 + (month - 1) + months;
  const y = Math.floor(index / 12);
  const m = index - y * 12 + 1;
  return makeDate(y, m, Math.min(day, daysInMonth(y, m)));
}

/** Same date `years` later; 29 Feb becomes 28 Feb in a common year. */
export function addYears(date: CalendarDate, years: number): CalendarDate {
  return addMonths(date, years * 12);
}

/** ISO weekday: Monday 1 … Sunday 7. */
export function isoWeekday(date: CalendarDate): number {
  const sundayZero = new Date(dayNumber(date) * DAY_MS).getUTCDay();
  return sundayZero === 0 ? 7 : sundayZero;
}

export function startOfIsoWeek(date: CalendarDate): CalendarDate {
  return addDays(date, 1 - isoWeekday(date));
}

export function startOfMonth(date: CalendarDate): CalendarDate {
  const { year, month } = parts(date);
  return makeDate(year, month, 1);
}

export function startOfQuarter(date: CalendarDate): CalendarDate {
  const { year, month } = parts(date);
  return makeDate(year, month - ((month - 1) % 3), 1);
}

export function startOfYear(date: CalendarDate): CalendarDate {
  return makeDate(parts(date).year, 1, 1);
}

export function minDate(a: CalendarDate, b: CalendarDate): CalendarDate {
  return a <= b ? a : b;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * The calendar date of `instant` in `timeZone`: at 2026-11-21T23:30Z it is
 * already 2026-11-22 in Pacific/Auckland and still the 21st in Los Angeles.
 */
export function todayIn(instant: Date, timeZone: string): CalendarDate {
  let fmt = formatters.get(timeZone);
  if (!fmt) {
    fmt = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, fmt);
  }
  const get = (type: string) => fmt.formatToParts(instant).find((p) => p.type === type)?.value ?? '';
  return `${get('year').padStart(4, '0')}-${get('month')}-${get('day')}`;
}

/** True when `timeZone` is an IANA zone this runtime knows. */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/** Longest period, in days, still shown by day; then by week up to 26 weeks; beyond that by month (SPEC §2). */
export const MAX_DAILY_DAYS = 62;
export const MAX_WEEKLY_DAYS = 26 * 7;

export function autoGranularity(from: CalendarDate, to: CalendarDate): Granularity {
  const days = daysBetween(from, to) + 1;
  if (days <= MAX_DAILY_DAYS) return 'day';
  if (days <= MAX_WEEKLY_DAYS) return 'week';
  return 'month';
}

/** Start of the bucket holding `date`: the day itself, its ISO week's Monday, or the 1st of its month. */
export function bucketStart(date: CalendarDate, granularity: Granularity): CalendarDate {
  if (granularity === 'week') return startOfIsoWeek(date);
  if (granularity === 'month') return startOfMonth(date);
  return date;
}

/**
 * Start dates of every bucket touching [from, to], in order. The first may
 * begin before `from` (a week starting on the Monday before); it still only
 * counts data inside the period.
 */
export function bucketStarts(from: CalendarDate, to: CalendarDate, granularity: Granularity): CalendarDate[] {
  const starts: CalendarDate[] = [];
  for (let b = bucketStart(from, granularity); b <= to;) {
    starts.push(b);
    b = granularity === 'day' ? addDays(b, 1) : granularity === 'week' ? addDays(b, 7) : addMonths(b, 1);
  }
  return starts;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** `21 Nov 2026`, `1–21 Nov 2026`, `28 Oct – 21 Nov 2026`, `28 Dec 2025 – 3 Jan 2026`. */
export function formatDateRange(from: CalendarDate, to: CalendarDate): string {
  const a = parts(from);
  const b = parts(to);
  const day = (p: DateParts) => `${p.day} ${MONTHS[p.month - 1]}`;
  if (from === to) return `${day(b)} ${b.year}`;
  if (a.year === b.year && a.month === b.month) return `${a.day}–${day(b)} ${b.year}`;
  if (a.year === b.year) return `${day(a)} – ${day(b)} ${b.year}`;
  return `${day(a)} ${a.year} – ${day(b)} ${b.year}`;
}
