/**
 * What a stat card says — label, value, change and its sign, "vs …" or "As
 * of now", the sparkline's points — as plain data. `<dash-stat-card>` and the
 * server renderer both draw from it, so a rendered board can never say
 * something the page does not. Pure: no DOM, no Lit.
 */
import type { Comparison, Point } from '../contract/common.js';
import type { MetricInfo } from '../contract/meta.js';
import type { Stat } from '../contract/stats.js';
import { formatChange, formatDateRange, formatMetric, formatValue, type FormatContext } from '../internal/format.js';
import { msg } from '../internal/i18n.js';

export type ChangeDirection = 'up' | 'down' | 'flat';

/** Arrows of the change badge. */
export const CHANGE_ARROWS: Readonly<Record<ChangeDirection, string>> = { up: '▲', down: '▼', flat: '▶' };

/** The change badge. */
export type ChangeView =
  | {
      direction: ChangeDirection;
      /** Good or bad news by the metric's `goodDirection`; flat is neutral. */
      tone: 'good' | 'bad' | 'neutral';
      /** What the badge shows: "▲ +4.2%". */
      text: string;
      /** What a screen reader hears: "up 4.2% against the previous period". */
      spoken: string;
    }
  | { direction: 'none'; tone: 'neutral'; text: '—'; spoken: string };

/** Under the value: nothing, "As of now" (a point-in-time metric) or the change and what it compares with. */
export type StatFooter =
  | { kind: 'none' }
  | { kind: 'as-of'; text: string }
  | {
      kind: 'change';
      change: ChangeView;
      /** Only the dates, short: "vs 8 Oct – 6 Nov" (the year only against last year; the mode is in the period filter). */
      comparison: string;
      /** The backend's whole label: "vs Previous period (8 Oct – 6 Nov 2026)". */
      comparisonTitle: string;
    };

export interface StatView {
  label: string;
  description?: string | undefined;
  /** The value as shown (compact when asked). */
  value: string;
  /** The value in full ("€12,345.60"), the same as `value` unless compact. */
  fullValue: string;
  footer: StatFooter;
  /** The sparkline in a 100×32 box: one polyline per run of known values ("x,y" points); empty under two points. */
  trend: string[][];
}

export interface StatInput {
  info: MetricInfo;
  stat: Stat;
  comparison: Comparison;
}

/** The change badge of `change` for a metric whose good news is `goodDirection`. */
export function changeView(
  change: number | null,
  goodDirection: MetricInfo['goodDirection'],
  comparison: NonNullable<Comparison>,
  locale: string,
): ChangeView {
  // "the same period last year" or "the previous period".
  const against = msg(locale, comparison.mode === 'year' ? 'againstYear' : 'againstPrevious');
  if (change === null)
    return { direction: 'none', tone: 'neutral', text: '—', spoken: msg(locale, 'noChange', { against }) };
  const direction: ChangeDirection = change > 0 ? 'up' : change < 0 ? 'down' : 'flat';
  const tone = direction === 'flat' ? 'neutral' : direction === goodDirection ? 'good' : 'bad';
  const size = formatChange(change, locale);
  const sign = direction === 'up' ? '+' : direction === 'down' ? '−' : '';
  const spoken = msg(locale, direction === 'flat' ? 'unchanged' : direction, {
    size,
    against,
  });
  return { direction, tone, text: `${CHANGE_ARROWS[direction]} ${sign}${size}`, spoken };
}

/**
 * A point-in-time metric (receivables, stock levels) has no previous value to compare with
 * (`previous: null`, meta `timeSeries: false`): "As of now" instead of an empty badge.
 */
export function statFooter(stat: Stat, info: MetricInfo, comparison: Comparison, locale: string): StatFooter {
  if (!comparison) return { kind: 'none' };
  // An average over no orders also has `previous: null`, but it is a figure missing from a series: "—" says so.
  const pointInTime = stat.previous === null && (info.timeSeries === false || stat.trend.length === 0);
  if (pointInTime) return { kind: 'as-of', text: msg(locale, 'asOfNow') };
  const dates = formatDateRange(comparison.from, comparison.to, locale, { withYear: comparison.mode === 'year' });
  return {
    kind: 'change',
    change: changeView(stat.change, info.goodDirection, comparison, locale),
    comparison: msg(locale, 'vs', { label: dates }),
    comparisonTitle: msg(locale, 'vs', { label: comparison.label }),
  };
}

/** Sparkline points in a 100×32 box; gaps (null values) break the line. */
export function sparkline(trend: readonly Point[]): string[][] {
  const values = trend.map((p) => (p.v === null ? null : Number(p.v)));
  const known = values.filter((v): v is number => v !== null);
  // Nothing but zeros (no orders in the period) draws no line: a flat line at the bottom would look like data.
  if (trend.length < 2 || known.every((v) => v === 0)) return [];
  const min = Math.min(...known);
  const max = Math.max(...known);
  const span = max - min || 1;
  const step = 100 / (trend.length - 1);
  const segments: string[][] = [[]];
  values.forEach((v, i) => {
    if (v === null) segments.push([]);
    else segments[segments.length - 1]!.push(`${(i * step).toFixed(2)},${(30 - ((v - min) / span) * 28).toFixed(2)}`);
  });
  return segments.filter((s) => s.length > 0);
}

/** Everything a stat card shows for `input`. */
export function statView(
  { info, stat, comparison }: StatInput,
  format: FormatContext,
  { compact = false }: { compact?: boolean | undefined } = {},
): StatView {
  const value = formatMetric(stat.value, info.format, format, { compact });
  return {
    label: info.label,
    description: info.description,
    value,
    fullValue: compact ? formatValue(stat.value, info.format, format) : value,
    footer: statFooter(stat, info, comparison, format.locale),
    trend: sparkline(stat.trend),
  };
}
