/**
 * From a contract response to what `<dash-chart>` shows: one model feeds both
 * the ECharts option (chart-option.ts) and the data-table twin, so the two
 * cannot disagree. Pure functions, no DOM.
 */
import type { AgingResponse } from '../../contract/aging.js';
import type { BreakdownResponse } from '../../contract/breakdown.js';
import type { Granularity, MetricValue } from '../../contract/common.js';
import type { MetaResponse, MetricInfo } from '../../contract/meta.js';
import type { SeriesResponse } from '../../contract/series.js';
import { msg } from '../../internal/i18n.js';
import {
  directionOf,
  formatDate,
  formatDateRange,
  type FormatContext,
  type MetricFormat,
} from '../../internal/format.js';

export const CHART_TYPES = ['line', 'area', 'bar', 'pie', 'donut'] as const;
export type ChartType = (typeof CHART_TYPES)[number];

/** What one load yields, by what was asked for. */
export type ChartData =
  | { kind: 'series'; meta: MetaResponse; infos: MetricInfo[]; response: SeriesResponse }
  | { kind: 'breakdown'; meta: MetaResponse; info: MetricInfo; byLabel: string; response: BreakdownResponse }
  | { kind: 'aging'; meta: MetaResponse; response: AgingResponse };

/** One column of numbers: a drawn series and a column of the data table. */
export interface ModelColumn {
  /** Legend and tooltip name. */
  name: string;
  /** Data-table header (may say more than the legend, e.g. the comparison dates). */
  heading: string;
  format: MetricFormat;
  values: MetricValue[];
  /** A comparison period, drawn dashed. */
  previous: boolean;
  /** Shown in the table and tooltips only (a share beside the amounts). */
  tableOnly: boolean;
  /** Palette slot. */
  color: number;
  /** Full labels of this column's own buckets, when they differ from the categories (the comparison period). */
  titles?: string[];
}

export interface ChartModel {
  kind: ChartData['kind'];
  title: string;
  subtitle: string;
  /** Header of the table's first column. */
  categoryName: string;
  /** Axis labels: short dates, customer names, bucket labels. */
  categories: string[];
  /** Full category labels for tooltips and table rows. */
  categoryTitles: string[];
  columns: ModelColumn[];
  /** Nothing to draw: no rows, or every value zero or missing. */
  empty: boolean;
  /**
   * Index of a breakdown's `other` row (everyone outside the top N) in the categories: a bar chart
   * leaves it out unless asked (it dwarfs the top contributors); the table and a pie keep it.
   */
  otherIndex?: number;
  /** Points PageUp/PageDown skip: a week of days, a month of weeks, a year of months. */
  page?: number;
}

/** Colours and fonts read from the element's computed `--dash-*` tokens. */
export interface ChartTheme {
  palette: string[];
  text: string;
  muted: string;
  border: string;
  surface: string;
  fontFamily: string;
  /** The aging scale, neutral → amber → red (`--_dash-aging-0…5`), indexed by `agingTone`. */
  aging: string[];
}

export interface RenderContext extends FormatContext {
  rtl: boolean;
  animation: boolean;
  /** Draw a breakdown's `other` row as a bar too (`include-other`). */
  includeOther?: boolean;
  /** Width of the drawing in CSS pixels, to keep room for a legend that wraps; unset, one legend row. */
  width?: number;
  /** The word in the donut's centre above the total; unset, "Total" (the server renderer passes its locale's). */
  totalLabel?: string;
}

/** Whether a chart of `type` draws `model`'s `other` row. */
export const drawsOther = (model: ChartModel, type: ChartType, includeOther: boolean) =>
  model.otherIndex === undefined || type !== 'bar' || includeOther;

/** The backend's first time-series metric: what a chart without `metrics` draws. */
export function defaultMetric(meta: MetaResponse): MetricInfo | undefined {
  return meta.metrics.find((m) => m.timeSeries !== false) ?? meta.metrics[0];
}

/** `v1/meta`'s entries of `ids`; throws naming an unknown one and the known ones. */
export function metricInfos(meta: MetaResponse, ids: readonly string[]): MetricInfo[] {
  return ids.map((id) => {
    const info = meta.metrics.find((m) => m.id === id);
    if (!info) throw new Error(`unknown metric "${id}" (this backend has ${meta.metrics.map((m) => m.id).join(', ')})`);
    return info;
  });
}

/** The chart type drawn: `type`, else a line over time and a donut of a breakdown or report. */
export function chartTypeOf(kind: ChartData['kind'], type: ChartType | undefined): ChartType {
  return type ?? (kind === 'series' ? 'line' : 'donut');
}

/** Why a chart of `type` cannot draw data of `kind`, or `undefined`. */
export function chartTypeProblem(kind: ChartData['kind'], type: ChartType): string | undefined {
  if (kind === 'series' && (type === 'pie' || type === 'donut'))
    return `type="${type}" needs breakdown="…" or report="aging"; a time series is drawn as line, area or bar`;
  if (kind !== 'series' && (type === 'line' || type === 'area'))
    return `type="${type}" draws a time series; a breakdown or report is drawn as pie, donut or bar`;
  return undefined;
}

const AXIS_DATE: Record<Granularity, Intl.DateTimeFormatOptions> = {
  day: { day: 'numeric', month: 'short' },
  week: { day: 'numeric', month: 'short' },
  month: { month: 'short', year: 'numeric' },
};

const FULL_DATE: Record<Granularity, Intl.DateTimeFormatOptions> = {
  day: { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric' },
  week: { day: 'numeric', month: 'short', year: 'numeric' },
  month: { month: 'long', year: 'numeric' },
};

const fullDate = (t: string, granularity: Granularity, locale: string) => {
  const date = formatDate(t, locale, FULL_DATE[granularity]);
  return granularity === 'week' ? msg(locale, 'weekOf', { date }) : date;
};

const isBlank = (v: MetricValue) => v === null || Number(v) === 0;

/** A column named `name` (its table heading too, unless `more` says another), drawn in the first colour. */
const column = (
  name: string,
  format: MetricFormat,
  values: MetricValue[],
  more?: Partial<ModelColumn>,
): ModelColumn => ({ name, heading: name, format, values, previous: false, tableOnly: false, color: 0, ...more });

export function buildModel(data: ChartData, ctx: FormatContext): ChartModel {
  switch (data.kind) {
    case 'series': {
      const { response, infos } = data;
      const { granularity, comparison } = response;
      const first = response.series[0]?.points ?? [];
      const columns: ModelColumn[] = [];
      response.series.forEach((s, i) => {
        const info = infos.find((m) => m.id === s.metric);
        const label = info?.label ?? s.metric;
        const format = info?.format ?? 'number';
        columns.push(
          column(
            label,
            format,
            s.points.map((p) => p.v),
            { color: i },
          ),
        );
        if (s.previous && comparison) {
          // "Revenue, Previous period"; Persian and Arabic join with their own comma.
          const name =
            label +
            (directionOf(ctx.locale) === 'rtl' ? '، ' : ', ') +
            msg(ctx.locale, comparison.mode === 'year' ? 'compareYear' : 'comparePrevious');
          columns.push(
            column(
              name,
              format,
              s.previous.map((p) => p.v),
              {
                // Its dates only: the backend's label already names the mode ("Previous period (8 Oct – 6 Nov 2026)").
                heading: `${name} (${formatDateRange(comparison.from, comparison.to, ctx.locale)})`,
                previous: true,
                color: i,
                titles: s.previous.map((p) => fullDate(p.t, granularity, ctx.locale)),
              },
            ),
          );
        }
      });
      return {
        kind: 'series',
        title: new Intl.ListFormat(ctx.locale).format(infos.map((m) => m.label)),
        subtitle: response.period.label,
        categoryName: msg(
          ctx.locale,
          granularity === 'month' ? 'monthName' : granularity === 'week' ? 'weekName' : 'dateName',
        ),
        categories: first.map((p) => formatDate(p.t, ctx.locale, AXIS_DATE[granularity])),
        categoryTitles: first.map((p) => fullDate(p.t, granularity, ctx.locale)),
        page: granularity === 'day' ? 7 : granularity === 'week' ? 4 : 12,
        columns,
        empty: first.length === 0 || columns.every((c) => c.previous || c.values.every(isBlank)),
      };
    }
    case 'breakdown': {
      const { response, info, byLabel } = data;
      const names = response.rows.map((r) => r.label);
      const otherIndex = response.rows.findIndex((r) => r.key === 'other');
      return {
        kind: 'breakdown',
        // German capitalises nouns: "Umsatz nach Kunde"; the others read "Revenue by customer".
        title: msg(ctx.locale, 'metricBy', {
          metric: info.label,
          by: ctx.locale.startsWith('de') ? byLabel : byLabel.toLocaleLowerCase(ctx.locale),
        }),
        subtitle: response.period.label,
        categoryName: byLabel,
        categories: names,
        categoryTitles: names,
        columns: [
          column(
            info.label,
            info.format,
            response.rows.map((r) => r.value),
          ),
          column(
            msg(ctx.locale, 'share'),
            'percent',
            response.rows.map((r) => r.share),
            { tableOnly: true },
          ),
        ],
        empty: response.rows.every((r) => isBlank(r.value)),
        ...(otherIndex >= 0 ? { otherIndex } : {}),
      };
    }
    case 'aging': {
      const { response } = data;
      const labels = response.buckets.map((b) => b.label);
      const values = response.buckets.map((b) => response.totals[b.id] ?? 0);
      return {
        kind: 'aging',
        title: msg(ctx.locale, 'receivablesByAge'),
        subtitle: msg(ctx.locale, 'asOf', { date: formatDate(response.asOf, ctx.locale) }),
        categoryName: msg(ctx.locale, 'age'),
        categories: labels,
        categoryTitles: labels,
        columns: [column(msg(ctx.locale, 'amountDue'), 'currency', values)],
        empty: values.every(isBlank),
      };
    }
  }
}
