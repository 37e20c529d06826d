/**
 * Calendar arithmetic for the checker, on `YYYY-MM-DD` strings through day
 * numbers (no local time zone can shift them). Written apart from the
 * adapter's engine on purpose: a conformance checker that shares the code it
 * checks would share its bugs.
 */
import type { Granularity } from '../../../src/contract/index.js';

const DAY_MS = 86_400_000;

function ymd(date: string): [number, number, number] {
  const [y, m, d] = date.split('-').map(Number);
  return [y ?? NaN, m ?? NaN, d ?? NaN];
}

export function dayNumber(date: string): number {
  const [y, m, d] = ymd(date);
  return Date.UTC(y, m - 1, d) / DAY_MS;
}

export function fromDayNumber(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return fromDayNumber(dayNumber(date) + days);
}

/** Days from `a` to `b` (0 for the same day). */
export function daysBetween(a: string, b: string): number {
  return dayNumber(b) - dayNumber(a);
}

/** Same day `months` later, clamped to the month's end (31 Mar − 1 month → 28/29 Feb). */
export function addMonths(date: string, months: number): string {
  const [y, m, d] = ymd(date);
  const index = y * 12 + m - 1 + months;
  const year = Math.floor(index / 12);
  const month = index - year * 12;
  const last = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return fromDayNumber(Date.UTC(year, month, Math.min(d, last)) / DAY_MS);
}

/** Monday of the ISO week holding `date`. */
export function mondayOf(date: string): string {
  const weekday = new Date(dayNumber(date) * DAY_MS).getUTCDay(); // 0 = Sunday
  return addDays(date, -((weekday + 6) % 7));
}

export function firstOfMonth(date: string): string {
  return `${date.slice(0, 8)}01`;
}

export function firstOfQuarter(date: string): string {
  const [y, m] = ymd(date);
  return `${y}-${String(m - ((m - 1) % 3)).padStart(2, '0')}-01`;
}

export function firstOfYear(date: string): string {
  return `${date.slice(0, 4)}-01-01`;
}

/** The start dates every series over [from, to] must have, in order: the first bucket may start before `from`. */
export function expectedBuckets(from: string, to: string, granularity: Granularity): string[] {
  const starts: string[] = [];
  let b = granularity === 'week' ? mondayOf(from) : granularity === 'month' ? firstOfMonth(from) : from;
  while (b <= to) {
    starts.push(b);
    b = granularity === 'day' ? addDays(b, 1) : granularity === 'week' ? addDays(b, 7) : addMonths(b, 1);
  }
  return starts;
}

/** SPEC §2: day up to 62 days, week up to 26 weeks, else month. */
export function autoGranularity(from: string, to: string): Granularity {
  const days = daysBetween(from, to) + 1;
  return days <= 62 ? 'day' : days <= 182 ? 'week' : 'month';
}

/** UTC offset of `timeZone` at an instant, in minutes. */
function offsetMinutes(timeZone: string, instant: number): number {
  const name =
    new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' })
      .formatToParts(new Date(instant))
      .find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /GMT([+-])(\d{2}):?(\d{2})?/.exec(name);
  if (!m) return 0;
  return (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3] ?? 0));
}

/**
 * The most recent day before `today` on which `timeZone` changed its offset
 * (a 23- or 25-hour day), within `lookBackDays`; undefined for zones without
 * DST (UTC) or an unknown zone.
 */
export function lastOffsetChange(timeZone: string, today: string, lookBackDays = 400): string | undefined {
  try {
    let after = offsetMinutes(timeZone, dayNumber(today) * DAY_MS);
    for (let i = 1; i <= lookBackDays; i++) {
      const day = addDays(today, -i);
      const before = offsetMinutes(timeZone, dayNumber(day) * DAY_MS);
      if (before !== after) return day;
      after = before;
    }
  } catch {
    return undefined;
  }
  return undefined;
}
