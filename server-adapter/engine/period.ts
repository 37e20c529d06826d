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
  formatDateRange,
  minDate,
  parts,
  startOfIsoWeek,
  startOfMonth,
  startOfQuarter,
  startOfYear,
  todayIn,
} from './calendar.js';

/** Range used when a request names none: a month of daily points. */
export const DEFAULT_RANGE: Range = '30d';

export interface ResolvedPeriod {
  /** The period asked for, with its label. */
  period: Period;
  /** The comparison window, `null` for `compare=none`. */
  comparison: Comparison;
  /** The granularity chosen automatically for the period's length. */
  granularity: Granularity;
}

const ROLLING_DAYS: Partial<Record<Range, number>> = { '7d': 7, '30d': 30, '90d': 90, '365d': 365 };

const CALENDAR: Partial<
  Record<
    Range,
    { label: string; start: (d: CalendarDate) => CalendarDate; step: (start: CalendarDate, n: number) => CalendarDate }
  >
> = {
  today: { label: 'Today', start: (d) => d, step: addDays },
  week: { label: 'This week', start: startOfIsoWeek, step: (d, n) => addDays(d, 7 * n) },
  month: { label: 'This month', start: startOfMonth, step: addMonths },
  quarter: { label: 'This quarter', start: startOfQuarter, step: (d, n) => addMonths(d, 3 * n) },
  year: { label: 'This year', start: startOfYear, step: addYears },
};

/** A comparison window reaching before AD 1 cannot be written as a date (PostgreSQL has no year 0 either). */
function beforeAD1(): InvalidQueryError {
  return InvalidQueryError.param(
    'compare',
    `the comparison window would start before ${MIN_REQUEST_DATE}; use compare=none or a later period`,
  );
}

function withDates(label: string, from: CalendarDate, to: CalendarDate): string {
  return `${label} (${formatDateRange(from, to)})`;
}

/**
 * Resolve `query` against `now` in `timeZone`.
 *
 * @example
 * resolvePeriod({ range: 'month' }, new Date('2026-11-21T12:00Z'), 'Europe/Berlin')
 * // period 2026-11-01..2026-11-21 "This month (1–21 Nov 2026)",
 * // comparison 2026-10-01..2026-10-21 "Previous period (1–21 Oct 2026)"
 */
export function resolvePeriod(query: PeriodQuery, now: Date, timeZone: string): ResolvedPeriod {
  const today = todayIn(now, timeZone);
  const custom =
    query.range === 'custom' || (query.range === undefined && (query.from !== undefined || query.to !== undefined));
  const range: Range = custom ? 'custom' : (query.range ?? DEFAULT_RANGE);
  const mode = query.compare ?? 'previous';

  let from: CalendarDate;
  let to: CalendarDate;
  let label: string;
  let previous: { from: CalendarDate; to: CalendarDate };

  const calendar = CALENDAR[range];
  const rolling = ROLLING_DAYS[range];
  if (calendar) {
    from = calendar.start(today);
    to = today;
    label = withDates(calendar.label, from, to);
    const prevStart = calendar.step(from, -1);
    const prevEnd = addDays(from, -1);
    previous = { from: prevStart, to: minDate(addDays(prevStart, daysBetween(from, to)), prevEnd) };
  } else {
    if (rolling !== undefined) {
      from = addDays(today, 1 - rolling);
      to = today;
      label = withDates(`Last ${rolling} days`, from, to);
    } else {
      if (query.from === undefined || query.to === undefined || query.to < query.from) {
        // The contract's parameter rules reject these before the engine runs.
        throw new RangeError('a custom range needs from <= to');
      }
      from = query.from;
      to = query.to;
      label = formatDateRange(from, to);
    }
    const length = daysBetween(from, to) + 1;
    if (dayNumber(from) - length < dayNumber(MIN_REQUEST_DATE)) {
      // Not written as dates, which they cannot be: only an error when this window is the comparison.
      if (mode === 'previous') throw beforeAD1();
      previous = { from: MIN_REQUEST_DATE, to: MIN_REQUEST_DATE };
    } else previous = { from: addDays(from, -length), to: addDays(from, -1) };
  }

  if ((mode === 'previous' && previous.from < MIN_REQUEST_DATE) || (mode === 'year' && parts(from).year <= 1)) {
    throw beforeAD1();
  }
  const period: Period = { from, to, label };
  let comparison: Comparison = null;
  if (mode === 'previous') {
    comparison = { mode, ...previous, label: withDates('Previous period', previous.from, previous.to) };
  } else if (mode === 'year') {
    const y = { from: addYears(from, -1), to: addYears(to, -1) };
    comparison = { mode, ...y, label: withDates('Same period last year', y.from, y.to) };
  }
  return { period, comparison, granularity: autoGranularity(from, to) };
}
