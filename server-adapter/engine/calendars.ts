/**
 * Periods and buckets in the Gregorian, Solar Hijri (`persian`) and Umm
 * al-Qura (`islamic-umalqura`) calendars, with any week start and a fiscal
 * year.
 *
 * Everything here still works on days written `YYYY-MM-DD` (calendar.ts):
 * a Solar Hijri month is the set of Gregorian days it covers, so the SQL,
 * the daily rollups and the contract keep reading plain dates. Only the
 * boundaries move. The conversion is Temporal's (`temporal-polyfill`, whose
 * non-ISO calendars read the runtime's ICU data through `Intl`): server-only,
 * nothing here reaches the widgets' bundle.
 *
 * Day boundaries are the dashboard zone's local midnights (compile.ts turns a
 * local date into its first instant), so a month holding a DST change is
 * still whole days: 23- and 25-hour days count once each.
 */
import { Temporal } from 'temporal-polyfill/full';
import type { CalendarId, Granularity } from '../../src/contract/index.js';
import { addDays, type CalendarDate, isoWeekday } from './calendar.js';

/** How a request's weeks, months, quarters and years are cut. */
export interface CalendarRules {
  calendar: CalendarId;
  /** ISO weekday weeks begin on: 1 Monday … 7 Sunday. */
  weekStart: number;
  /** First day of the fiscal year in the Gregorian calendar, when the server has one. */
  fiscalYearStart?: MonthDay | undefined;
}

export interface MonthDay {
  /** 1–12 */
  month: number;
  /** 1–28: every month has it, so a fiscal quarter is never clamped to a shorter month. */
  day: number;
}

/** v1's rules: Gregorian months, ISO weeks (Monday). */
export const ISO_RULES: CalendarRules = { calendar: 'gregory', weekStart: 1 };

/** `gregory` is ISO 8601's proleptic Gregorian calendar, the one Temporal computes with directly. */
const temporalId = (calendar: CalendarId) => (calendar === 'gregory' ? 'iso8601' : calendar);

function inCalendar(date: CalendarDate, calendar: CalendarId): Temporal.PlainDate {
  return Temporal.PlainDate.from(date).withCalendar(temporalId(calendar));
}

function iso(date: Temporal.PlainDate): CalendarDate {
  return date.withCalendar('iso8601').toString({ calendarName: 'never' });
}

/** The year, month (1-based) and day of a date in a calendar: 2026-03-21 is 1405-01-01 in `persian`. */
export function calendarParts(date: CalendarDate, calendar: CalendarId): { year: number; month: number; day: number } {
  const d = inCalendar(date, calendar);
  return { year: d.year, month: d.month, day: d.day };
}

/** The Gregorian date of a day in a calendar (month 1-based); RangeError for a day the month does not have. */
export function fromCalendar(calendar: CalendarId, year: number, month: number, day: number): CalendarDate {
  return iso(Temporal.PlainDate.from({ calendar: temporalId(calendar), year, month, day }, { overflow: 'reject' }));
}

export function startOfWeek(date: CalendarDate, weekStart: number): CalendarDate {
  return addDays(date, -((isoWeekday(date) - weekStart + 7) % 7));
}

export function startOfCalendarMonth(date: CalendarDate, calendar: CalendarId): CalendarDate {
  return iso(inCalendar(date, calendar).with({ day: 1 }));
}

export function startOfCalendarQuarter(date: CalendarDate, calendar: CalendarId): CalendarDate {
  const d = inCalendar(date, calendar);
  return iso(d.with({ month: d.month - ((d.month - 1) % 3), day: 1 }));
}

export function startOfCalendarYear(date: CalendarDate, calendar: CalendarId): CalendarDate {
  return iso(inCalendar(date, calendar).with({ month: 1, day: 1 }));
}

/** Same day `months` later in the calendar, clamped to the month's last day (30 Esfand 1403 + 1 year → 29 Esfand 1404). */
export function addCalendarMonths(date: CalendarDate, months: number, calendar: CalendarId): CalendarDate {
  return iso(inCalendar(date, calendar).add({ months }));
}

export function addCalendarYears(date: CalendarDate, years: number, calendar: CalendarId): CalendarDate {
  return iso(inCalendar(date, calendar).add({ years }));
}

/** Start of the fiscal year holding `date`: with 04-01, 2026-03-31 is in the year that began 2025-04-01. */
export function startOfFiscalYear(date: CalendarDate, start: MonthDay): CalendarDate {
  const d = Temporal.PlainDate.from(date);
  const candidate = d.with({ month: start.month, day: start.day });
  return iso(Temporal.PlainDate.compare(candidate, d) <= 0 ? candidate : candidate.subtract({ years: 1 }));
}

/** Start of the fiscal quarter holding `date`: three Gregorian months at a time from the fiscal year's start. */
export function startOfFiscalQuarter(date: CalendarDate, start: MonthDay): CalendarDate {
  const year = Temporal.PlainDate.from(startOfFiscalYear(date, start));
  const elapsed = year.until(Temporal.PlainDate.from(date), { largestUnit: 'months' }).months;
  return iso(year.add({ months: elapsed - (elapsed % 3) }));
}

/** `MM-DD` → MonthDay; undefined unless a month 01–12 and a day 01–28. */
export function parseMonthDay(text: string): MonthDay | undefined {
  const m = /^(\d{2})-(\d{2})$/.exec(text);
  if (!m) return undefined;
  const month = Number(m[1]);
  const day = Number(m[2]);
  return month >= 1 && month <= 12 && day >= 1 && day <= 28 ? { month, day } : undefined;
}

export function formatMonthDay(md: MonthDay): string {
  return `${String(md.month).padStart(2, '0')}-${String(md.day).padStart(2, '0')}`;
}

/** Whether buckets of `granularity` under `rules` are what PostgreSQL's `date_trunc` cuts (ISO weeks, Gregorian months). */
export function truncBuckets(granularity: Granularity, rules: CalendarRules): boolean {
  if (granularity === 'week') return rules.weekStart === 1;
  if (granularity === 'month') return rules.calendar === 'gregory';
  return true;
}

/** Start of the bucket holding `date`. */
export function calendarBucketStart(date: CalendarDate, granularity: Granularity, rules: CalendarRules): CalendarDate {
  if (granularity === 'week') return startOfWeek(date, rules.weekStart);
  if (granularity === 'month') return startOfCalendarMonth(date, rules.calendar);
  return date;
}

/**
 * Start dates of every bucket touching [from, to], in order; the first may
 * begin before `from` (it still counts only days inside the period).
 */
export function calendarBucketStarts(
  from: CalendarDate,
  to: CalendarDate,
  granularity: Granularity,
  rules: CalendarRules,
): CalendarDate[] {
  const starts: CalendarDate[] = [];
  for (let b = calendarBucketStart(from, granularity, rules); b <= to;) {
    starts.push(b);
    b =
      granularity === 'day'
        ? addDays(b, 1)
        : granularity === 'week'
          ? addDays(b, 7)
          : addCalendarMonths(b, 1, rules.calendar);
  }
  return starts;
}

/**
 * Where weeks begin when the request does not say: the locale's own first
 * day (`Intl.Locale` week info: Saturday for `fa`, Sunday for `en-US`,
 * Monday for `de`). Runtimes without week info (Node before 20's ICU 72, some
 * Firefox builds) fall back to {@link WEEK_START_BY_REGION}.
 */
export function localeWeekStart(locale: string): number {
  try {
    const loc = new Intl.Locale(locale) as Intl.Locale & {
      weekInfo?: { firstDay: number };
      getWeekInfo?: () => { firstDay: number };
    };
    const info = loc.getWeekInfo?.() ?? loc.weekInfo;
    if (info && info.firstDay >= 1 && info.firstDay <= 7) return info.firstDay;
    const region = loc.maximize().region ?? '';
    return WEEK_START_BY_REGION[region] ?? 1;
  } catch {
    return 1;
  }
}

/**
 * The fallback table: CLDR's `firstDay` (supplemental weekData, as in ICU 78)
 * for the regions that do not start on Monday; every other region starts on
 * Monday. calendars.test.ts checks it against the runtime's own data.
 */
// prettier-ignore
export const WEEK_START_BY_REGION: Readonly<Record<string, number>> = {
  // Saturday
  AF: 6, BH: 6, DJ: 6, DZ: 6, EG: 6, IQ: 6, IR: 6, JO: 6, KW: 6, LY: 6, OM: 6, QA: 6, SD: 6, SY: 6,
  // Sunday
  AG: 7, AS: 7, BD: 7, BR: 7, BS: 7, BT: 7, BW: 7, BZ: 7, CA: 7, CO: 7, DM: 7, DO: 7, ET: 7, GT: 7, GU: 7,
  HK: 7, HN: 7, ID: 7, IL: 7, IN: 7, IS: 7, JM: 7, JP: 7, KE: 7, KH: 7, KR: 7, LA: 7, MH: 7, MM: 7, MO: 7, MT: 7, MX: 7,
  MZ: 7, NI: 7, NP: 7, PA: 7, PE: 7, PH: 7, PK: 7, PR: 7, PT: 7, PY: 7, SA: 7, SG: 7, SV: 7, TH: 7, TT: 7, TW: 7,
  UM: 7, US: 7, VE: 7, VI: 7, WS: 7, YE: 7, ZA: 7, ZW: 7,
  // Friday
  MV: 5,
};
