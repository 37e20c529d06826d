/**
 * Number formatting through `Intl`, driven by the `format` of each metric in
 * `v1/meta`. Formatters are cached: constructing an `Intl.NumberFormat` costs
 * far more than calling it, and a dashboard formats the same few shapes
 * hundreds of times.
 */
import type { MetricValue } from '../contract/common.js';
import type { METRIC_FORMATS } from '../contract/meta.js';
import { memo } from './memo.js';

export type MetricFormat = (typeof METRIC_FORMATS)[number];

export interface FormatContext {
  /** BCP 47 locale, e.g. `en-IE` or `fa-IR`. */
  locale: string;
  /** ISO 4217 code of money values, e.g. `EUR`. */
  currency: string;
}

/** Shown where a value is undefined (an average over no orders). */
export const NO_VALUE = '—';

const formatters = new Map<string, unknown>();

/**
 * A cached `Intl` formatter (`Intl.NumberFormat`, `Intl.DateTimeFormat`, `Intl.PluralRules`…): an unknown locale
 * falls back to `fallback` (default: the runtime's) instead of throwing.
 */
export function intl<O, F>(
  Format: new (locale?: string, options?: O) => F,
  locale: string,
  options: O | undefined,
  fallback?: string,
): F {
  return memo(formatters, `${Format.name}|${locale}|${JSON.stringify(options)}`, () => {
    try {
      return new Format(locale, options);
    } catch (error) {
      // A bad currency code is a configuration error worth surfacing; a bad locale is not.
      if (!(error instanceof RangeError) || (options as Intl.NumberFormatOptions | undefined)?.currency) throw error;
      return new Format(fallback, options);
    }
  }) as F;
}

/** A cached `Intl.NumberFormat`; an unknown locale falls back to the runtime default instead of throwing. */
export function numberFormat(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  return intl(Intl.NumberFormat, locale, options);
}

/**
 * Money arrives as an exact decimal string; `Intl.NumberFormat` formats such
 * strings without a round trip through binary floats.
 */
function numeric(value: string | number): number | `${number}` {
  return typeof value === 'string' ? (value as `${number}`) : value;
}

/** `[unit, seconds]`, largest first; under a minute is in seconds. */
const DURATION_UNITS = [
  ['day', 86_400],
  ['hour', 3_600],
  ['minute', 60],
  ['second', 1],
] as const;

/** Seconds in the largest unit that keeps the number at or above 1: `90` → "1.5 min", `7200` → "2 hr". */
export function formatDuration(seconds: number, locale: string): string {
  const [unit, size] = DURATION_UNITS.find(([, s]) => Math.abs(seconds) >= s) ?? DURATION_UNITS[3];
  return numberFormat(locale, { style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits: 1 }).format(
    seconds / size,
  );
}

/**
 * Formats a metric value as its `v1/meta` format says: money in the dashboard
 * currency, plain numbers, ratios 0–1 as percents, seconds as durations.
 *
 * @example
 * formatValue('12345.6', 'currency', { locale: 'en-IE', currency: 'EUR' }); // "€12,345.60"
 */
export function formatValue(value: MetricValue, format: MetricFormat, { locale, currency }: FormatContext): string {
  if (value === null) return NO_VALUE;
  switch (format) {
    case 'currency':
      return numberFormat(locale, { style: 'currency', currency }).format(numeric(value));
    case 'percent':
      return numberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(numeric(value));
    case 'duration':
      return formatDuration(Number(value), locale);
    case 'number':
      return numberFormat(locale, { maximumFractionDigits: 2 }).format(numeric(value));
  }
}

/**
 * The size of a relative change as a percent without sign, always with one decimal so a badge keeps its width on
 * live updates: `-0.042` → "4.2%", `0.02` → "2.0%". The sign is told by the arrow and words.
 */
export function formatChange(change: number, locale: string): string {
  return numberFormat(locale, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(
    Math.abs(change),
  );
}

/** Options beyond the locale and currency. */
export interface ValueOptions {
  /** Compact notation: "€12.3K", "1.2M". */
  compact?: boolean | undefined;
}

/**
 * Like {@link formatValue}, with compact notation on request.
 *
 * @example
 * formatMetric('12345.6', 'currency', { locale: 'en-IE', currency: 'EUR' }, { compact: true }); // "€12.3K"
 */
export function formatMetric(
  value: MetricValue,
  format: MetricFormat,
  context: FormatContext,
  { compact }: ValueOptions = {},
): string {
  if (!compact || value === null || format === 'duration' || format === 'percent') {
    return formatValue(value, format, context);
  }
  const options: Intl.NumberFormatOptions = { notation: 'compact', maximumFractionDigits: 1 };
  if (format === 'currency') Object.assign(options, { style: 'currency', currency: context.currency });
  return numberFormat(context.locale, options).format(numeric(value));
}

/**
 * `locale` with `calendar` as its Unicode extension (`fa-IR` + `persian` → `fa-IR-u-ca-persian`), so that
 * `Intl.DateTimeFormat` writes dates in that calendar; the locale alone when unset or not a valid tag.
 */
export function withCalendar(locale: string, calendar: string | undefined): string {
  if (!calendar) return locale;
  try {
    return new Intl.Locale(locale, { calendar }).toString();
  } catch {
    return locale;
  }
}

/** Languages written right to left, for runtimes without `Intl.Locale#getTextInfo`. */
const RTL_LANGUAGES = new Set('ar arc ckb dv fa he iw ks ku ps sd syr ug ur yi'.split(' '));

/** Writing direction of a locale: `fa-IR` → "rtl", `en-IE` → "ltr". */
export function directionOf(locale: string | undefined): 'ltr' | 'rtl' {
  if (!locale) return 'ltr';
  try {
    const info = new Intl.Locale(locale) as Intl.Locale & {
      getTextInfo?: () => { direction?: string };
      textInfo?: { direction?: string };
    };
    const direction = info.getTextInfo?.().direction ?? info.textInfo?.direction;
    if (direction === 'rtl' || direction === 'ltr') return direction;
    return RTL_LANGUAGES.has(info.language) ? 'rtl' : 'ltr';
  } catch {
    return 'ltr';
  }
}

/** A contract date (`YYYY-MM-DD`) as the `Date` of that day at 00:00 UTC. */
function day(isoDate: string): Date {
  const [y, m, d] = isoDate.split('-').map(Number);
  return new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1));
}

/**
 * A cached `Intl.DateTimeFormat` in UTC (see {@link formatDate}). American English writes dates day first too
 * (`en-001`: "8 Nov – 7 Dec 2026"), the form of the server's English labels: one date form on a screen.
 */
const dateFormat = (locale: string, options: Intl.DateTimeFormatOptions) =>
  intl(Intl.DateTimeFormat, locale.replace(/^en(-US)?(?=-u-|$)/i, 'en-001'), { ...options, timeZone: 'UTC' });

/**
 * A contract date (`YYYY-MM-DD`) through `Intl.DateTimeFormat` in the
 * locale's own calendar (Persian for `fa-IR`). Formatted in UTC: the string
 * names a calendar day, not an instant, so no time zone may shift it.
 */
export function formatDate(
  isoDate: string,
  locale: string,
  options: Intl.DateTimeFormatOptions = { day: 'numeric', month: 'short', year: 'numeric' },
): string {
  return dateFormat(locale, options).format(day(isoDate));
}

/**
 * Two contract dates as one range in the locale's own style, the one date format every widget shows:
 * `('2026-11-07', '2026-12-06', 'en-US')` → "7 Nov – 6 Dec 2026";
 * `{ withYear: false }` leaves the year out ("7 Nov – 6 Dec"). One day gives that day alone.
 */
export function formatDateRange(
  from: string,
  to: string,
  locale: string,
  { withYear = true }: { withYear?: boolean } = {},
): string {
  const year = withYear ? 'numeric' : undefined;
  return dateFormat(locale, { day: 'numeric', month: 'short', year }).formatRange(day(from), day(to));
}
