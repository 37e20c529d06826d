/**
 * Resolves the period parameters of a request (`range`, `from`, `to`,
 * `compare`) into concrete inclusive dates in the dashboard time zone, and
 * the window the period is compared with (SPEC §2 and §4):
 *
 * - calendar presets (`today`, `week`, `month`, `quarter`, `year`) run from
 *   the start of the current period to today; `compare=previous` takes the
 *   same elapsed span from the start of the previous period, clamped to that
 *   period's last day (1–21 Nov → 1–21 Oct; 1–31 Mar → 1–28 Feb);
 * - rolling presets (`7d` … `365d`) end today; they and `custom` compare
 *   with the window of equal length ending the day before `from`;
 * - `compare=year` takes the same dates a year earlier (29 Feb → 28 Feb).
 *
 * `calendar` (calendars.ts) moves where weeks, months, quarters and years
 * begin (in `persian`, "this month" is the current Solar Hijri month and a
 * year earlier is the same Solar Hijri dates); `week-start` where weeks
 * begin; a server's fiscal year start adds `fiscal-quarter` and `fiscal-year`
 * (Gregorian months from that day). Labels come in the request's `locale`
 * and calendar (labels.ts).
 */
import {
  type Comparison,
  type Granularity,
  MIN_REQUEST_DATE,
  type Period,
  type PeriodQuery,
  type Range,
} from '../../src/contract/index.js';
import { InvalidQueryError } from './errors.js';
import {
  addDays,
  addMonths,
  addYears,
  autoGranularity,
  type CalendarDate,
  dayNumber,
  daysBetween,
  minDate,
  todayIn,
} from './calendar.js';
import {
  addCalendarMonths,
  addCalendarYears,
  type CalendarRules,
  formatMonthDay,
  localeWeekStart,
  type MonthDay,
  startOfCalendarMonth,
  startOfCalendarQuarter,
  startOfCalendarYear,
  startOfFiscalQuarter,
  startOfFiscalYear,
  startOfWeek,
} from './calendars.js';
import { formatRange, lastDaysLabel, words } from './labels.js';

/** Range used when a request names none: a month of daily points. */
export const DEFAULT_RANGE: Range = '30d';

export interface ResolvedPeriod {
  /** The period asked for, with its label. */
  period: Period;
  /** The comparison window, `null` for `compare=none`. */
  comparison: Comparison;
  /** The granularity chosen automatically for the period's length. */
  granularity: Granularity;
  /** The calendar, week start and fiscal year the period was cut by; buckets follow the same. */
  rules: CalendarRules;
}

/** What the server adds to a request's period parameters. */
export interface PeriodSettings {
  /** Locale of the labels when the request names none (the server's). */
  locale: string;
  /** First day of the fiscal year; without it `fiscal-quarter` and `fiscal-year` are a 400. */
  fiscalYearStart?: MonthDay | undefined;
}

const ROLLING_DAYS: Partial<Record<Range, number>> = { '7d': 7, '30d': 30, '90d': 90, '365d': 365 };

interface Preset {
  start: (d: CalendarDate) => CalendarDate;
  step: (start: CalendarDate, n: number) => CalendarDate;
  /** The same dates a year earlier, for `compare=year`. */
  yearAgo: (d: CalendarDate) => CalendarDate;
}

function preset(range: Range, rules: CalendarRules): Preset | undefined {
  const { calendar, weekStart, fiscalYearStart: fy } = rules;
  const gregorian = calendar === 'gregory';
  // Gregorian arithmetic stays on calendar.ts (v1's, and cheaper); other calendars go through Temporal.
  const months = (d: CalendarDate, n: number) => (gregorian ? addMonths(d, n) : addCalendarMonths(d, n, calendar));
  const yearAgo = (d: CalendarDate) => (gregorian ? addYears(d, -1) : addCalendarYears(d, -1, calendar));
  switch (range) {
    case 'today':
      return { start: (d) => d, step: addDays, yearAgo };
    case 'week':
      return { start: (d) => startOfWeek(d, weekStart), step: (d, n) => addDays(d, 7 * n), yearAgo };
    case 'month':
      return { start: (d) => startOfCalendarMonth(d, calendar), step: months, yearAgo };
    case 'quarter':
      return { start: (d) => startOfCalendarQuarter(d, calendar), step: (d, n) => months(d, 3 * n), yearAgo };
    case 'year':
      return { start: (d) => startOfCalendarYear(d, calendar), step: (d, n) => months(d, 12 * n), yearAgo };
    // A fiscal year is Gregorian months from its first day, whatever calendar labels it.
    case 'fiscal-quarter':
      return (
        fy && {
          start: (d) => startOfFiscalQuarter(d, fy),
          step: (d, n) => addMonths(d, 3 * n),
          yearAgo: (d) => addYears(d, -1),
        }
      );
    case 'fiscal-year':
      return fy && { start: (d) => startOfFiscalYear(d, fy), step: addYears, yearAgo: (d) => addYears(d, -1) };
    default:
      return undefined;
  }
}

/** A comparison window reaching before AD 1 cannot be written as a date (PostgreSQL has no year 0 either). */
function beforeAD1(): InvalidQueryError {
  return InvalidQueryError.param(
    'compare',
    `the comparison window would start before ${MIN_REQUEST_DATE}; use compare=none or a later period`,
  );
}

/** The calendar rules of a request: its `calendar` and `week-start`, the week start of its `locale` otherwise. */
export function calendarRules(query: PeriodQuery, fiscalYearStart?: MonthDay): CalendarRules {
  // Without a `locale` the week stays v1's ISO week (Monday), so answers to v1 requests do not move.
  const weekStart = query['week-start'] ?? (query.locale === undefined ? 1 : localeWeekStart(query.locale));
  return { calendar: query.calendar ?? 'gregory', weekStart, fiscalYearStart };
}

/**
 * Resolve `query` against `now` in `timeZone`.
 *
 * @example
 * resolvePeriod({ range: 'month' }, new Date('2026-11-21T12:00Z'), 'Europe/Berlin')
 * // period 2026-11-01..2026-11-21 "This month (1–21 Nov 2026)",
 * // comparison 2026-10-01..2026-10-21 "Previous period (1–21 Oct 2026)"
 * resolvePeriod({ range: 'month', calendar: 'persian', locale: 'fa-IR' }, new Date('2026-04-05T12:00Z'), 'Asia/Tehran')
 * // period 2026-03-21..2026-04-05 "این ماه (۱ تا ۱۶ فروردین ۱۴۰۵)"
 */
export function resolvePeriod(
  query: PeriodQuery,
  now: Date,
  timeZone: string,
  settings: PeriodSettings = { locale: 'en' },
): ResolvedPeriod {
  const today = todayIn(now, timeZone);
  const custom =
    query.range === 'custom' || (query.range === undefined && (query.from !== undefined || query.to !== undefined));
  const range: Range = custom ? 'custom' : (query.range ?? DEFAULT_RANGE);
  const mode = query.compare ?? 'previous';
  const rules = calendarRules(query, settings.fiscalYearStart);
  const locale = query.locale ?? settings.locale;
  const text = words(locale);
  const dates = (from: CalendarDate, to: CalendarDate) => formatRange(from, to, locale, rules.calendar);
  const withDates = (label: string, from: CalendarDate, to: CalendarDate) => text.withDates(label, dates(from, to));

  if ((range === 'fiscal-quarter' || range === 'fiscal-year') && !settings.fiscalYearStart) {
    throw InvalidQueryError.param(
      'range',
      `${range} needs a fiscal year start, and this server has none (--fiscal-year-start MM-DD)`,
    );
  }

  let from: CalendarDate;
  let to: CalendarDate;
  let label: string;
  let previous: { from: CalendarDate; to: CalendarDate };

  const calendar = preset(range, rules);
  const yearAgo = calendar?.yearAgo ?? preset('year', rules)!.yearAgo;
  const rolling = ROLLING_DAYS[range];
  if (calendar) {
    from = calendar.start(today);
    to = today;
    label = withDates(text[range as keyof typeof text] as string, from, to);
    const prevStart = calendar.step(from, -1);
    const prevEnd = addDays(from, -1);
    previous = { from: prevStart, to: minDate(addDays(prevStart, daysBetween(from, to)), prevEnd) };
  } else {
    if (rolling !== undefined) {
      from = addDays(today, 1 - rolling);
      to = today;
      label = withDates(lastDaysLabel(rolling, locale), from, to);
    } else {
      if (query.from === undefined || query.to === undefined || query.to < query.from) {
        // The contract's parameter rules reject these before the engine runs.
        throw new RangeError('a custom range needs from <= to');
      }
      from = query.from;
      to = query.to;
      label = dates(from, to);
    }
    const length = daysBetween(from, to) + 1;
    if (dayNumber(from) - length < dayNumber(MIN_REQUEST_DATE)) {
      // Not written as dates, which they cannot be: only an error when this window is the comparison.
      if (mode === 'previous') throw beforeAD1();
      previous = { from: MIN_REQUEST_DATE, to: MIN_REQUEST_DATE };
    } else previous = { from: addDays(from, -length), to: addDays(from, -1) };
  }

  if (mode === 'previous' && previous.from < MIN_REQUEST_DATE) throw beforeAD1();
  let y: { from: CalendarDate; to: CalendarDate } | undefined;
  if (mode === 'year') {
    try {
      y = { from: yearAgo(from), to: yearAgo(to) };
    } catch {
      throw beforeAD1();
    }
    if (y.from < MIN_REQUEST_DATE) throw beforeAD1();
  }
  const period: Period = { from, to, label };
  let comparison: Comparison = null;
  if (mode === 'previous') {
    comparison = { mode, ...previous, label: withDates(text.previous, previous.from, previous.to) };
  } else if (y) {
    comparison = { mode: 'year', ...y, label: withDates(text.yearAgo, y.from, y.to) };
  }
  return { period, comparison, granularity: autoGranularity(from, to), rules };
}

/** `MM-DD` of a fiscal year start, for `v1/meta`. */
export { formatMonthDay };
