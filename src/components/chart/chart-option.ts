/**
 * The ECharts option for a chart model. It only runs once ECharts is there, so
 * it travels in the lazy ECharts chunk (with chart-view.ts, its one caller)
 * rather than in every page's widgets.
 */
import type { BarSeriesOption, LineSeriesOption, PieSeriesOption } from 'echarts/charts';
import type {
  AriaComponentOption,
  DatasetComponentOption,
  GridComponentOption,
  LegendComponentOption,
  TooltipComponentOption,
} from 'echarts/components';
import type { ComposeOption } from 'echarts/core';
import type { MetricValue } from '../../contract/common.js';
import { msg } from '../../internal/i18n.js';
import {
  formatDuration,
  formatValue,
  numberFormat,
  type FormatContext,
  type MetricFormat,
} from '../../internal/format.js';
import { agingTone } from '../../view/theme.js';
import {
  drawsOther,
  type ChartModel,
  type ChartTheme,
  type ChartType,
  type ModelColumn,
  type RenderContext,
} from './chart-model.js';

/** The model without its `other` category: what a bar chart of a breakdown draws by default. */
function withoutOther(model: ChartModel): ChartModel {
  const skip = model.otherIndex;
  if (skip === undefined) return model;
  const keep = <T>(list: T[]) => list.filter((_, i) => i !== skip);
  return {
    ...model,
    categories: keep(model.categories),
    categoryTitles: keep(model.categoryTitles),
    columns: model.columns.map((c) => ({
      ...c,
      values: keep(c.values),
      ...(c.titles ? { titles: keep(c.titles) } : {}),
    })),
    otherIndex: undefined,
  };
}

/**
 * Options accepted by a chart built from what internal/echarts-setup.ts registers. Declared here, beside
 * the one function that builds them, rather than in internal/echarts.ts: that module loads the lazy chunk
 * this file travels in, and importing from it closed a loop (echarts.ts → echarts-setup.ts → chart-view.ts
 * → chart-option.ts → echarts.ts).
 */
export type DashChartOption = ComposeOption<
  | LineSeriesOption
  | BarSeriesOption
  | PieSeriesOption
  | GridComponentOption
  | TooltipComponentOption
  | LegendComponentOption
  | DatasetComponentOption
  | AriaComponentOption
>;

/** Axis ticks: short forms (€12K, 40%) in the locale's digits. */
export function axisFormatter(format: MetricFormat, { locale, currency }: FormatContext): (value: number) => string {
  switch (format) {
    case 'currency':
      return (v) =>
        numberFormat(locale, { style: 'currency', currency, notation: 'compact', maximumFractionDigits: 1 }).format(v);
    case 'percent':
      return (v) => numberFormat(locale, { style: 'percent', maximumFractionDigits: 0 }).format(v);
    case 'duration':
      return (v) => formatDuration(v, locale);
    case 'number':
      return (v) => numberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 }).format(v);
  }
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** ECharts puts tooltip text in innerHTML; customer names come from the host's database. */
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);

const toNumber = (v: MetricValue | undefined) => (v === null || v === undefined ? null : Number(v));

interface TooltipParam {
  seriesIndex?: number;
  dataIndex: number;
  marker?: unknown;
  percent?: number;
}

/** The donut's centre label (beside the other words of the chart, to move into a message catalog with them). */
const TOTAL = 'Total';

/** ECharts' legend metrics at its default 12 px text: a 25 px mark, 5 px to its text, items and rows 10 px apart. */
const LEGEND_MARK = 30;
const LEGEND_GAP = 10;
const LEGEND_ROW = 24;
const LEGEND_PAD = 4;

/**
 * How many rows a wrapping legend of `names` takes in `width` pixels (one when the width is unknown), estimated a
 * little wide (7 px a character) so that the room kept for it is never too small.
 */
export function legendRows(names: readonly string[], width = Infinity): number {
  let rows = 1;
  let x = 0;
  for (const name of names) {
    const w = LEGEND_MARK + name.length * 7;
    if (x > 0 && x + w > width - 2 * LEGEND_PAD) {
      rows++;
      x = 0;
    }
    x += w + LEGEND_GAP;
  }
  return rows;
}

/** Turns the model into an ECharts option for `type`. */
export function buildOption(full: ChartModel, type: ChartType, theme: ChartTheme, ctx: RenderContext): DashChartOption {
  const model = drawsOther(full, type, ctx.includeOther === true) ? full : withoutOther(full);
  const color = (slot: number) => theme.palette[slot % theme.palette.length] ?? theme.text;
  const drawn = model.columns.filter((c) => !c.tableOnly);
  const dir = ctx.rtl ? 'rtl' : 'ltr';
  const line = (c: ModelColumn, i: number) => {
    const value = formatValue(c.values[i] ?? null, c.format, ctx);
    const when = c.titles?.[i] ? ` <span style="opacity:.75">(${escapeHtml(c.titles[i])})</span>` : '';
    return `${escapeHtml(c.name)}: <b>${escapeHtml(value)}</b>${when}`;
  };
  const base: DashChartOption = {
    aria: {
      enabled: true,
      label: { description: msg(ctx.locale, 'chartDescription', { title: model.title, subtitle: model.subtitle }) },
    },
    animation: ctx.animation,
    color: theme.palette,
    textStyle: { color: theme.text, fontFamily: theme.fontFamily },
    tooltip: {
      confine: true,
      backgroundColor: theme.surface,
      borderColor: theme.border,
      textStyle: { color: theme.text, fontFamily: theme.fontFamily },
    },
  };
  // The canvas lays text out left to right; an isolate lets each label take the direction of its own script.
  const iso = ctx.rtl ? (text: string) => `\u2068${text}\u2069` : (text: string) => text;
  const pie = type === 'pie' || type === 'donut';
  const names = pie ? model.categories : drawn.map((c) => c.name);
  // A legend that wraps (never pages: its arrows were tiny and out of the keyboard's reach), with room kept for it.
  const legendHeight = legendRows(names, ctx.width) * LEGEND_ROW - LEGEND_GAP + 2 * LEGEND_PAD;
  const legend = {
    formatter: (name: string) => iso(name),
    show: drawn.length > 1 || pie,
    type: 'plain' as const,
    data: names,
    padding: LEGEND_PAD,
    itemGap: LEGEND_GAP,
    textStyle: { color: theme.text },
    inactiveColor: theme.muted,
    ...(ctx.rtl ? { right: 0 } : { left: 0 }),
  };

  if (pie) {
    const c = drawn[0];
    const share = model.columns.find((col) => col.tableOnly && col.format === 'percent');
    const values = model.categories.map((_, i) => toNumber(c?.values[i]) ?? 0);
    const total = values.reduce((sum, v) => sum + v, 0);
    const n = values.length;
    // The pie's box ends above the legend; radii are shares of the box's half-size.
    const box = { top: 0, bottom: legendHeight + 4 };
    return {
      ...base,
      legend: { ...legend, bottom: 0, left: 'center', right: 'auto' },
      tooltip: {
        ...base.tooltip,
        trigger: 'item',
        formatter: (p: unknown) => {
          const { dataIndex, marker, percent } = p as TooltipParam;
          const part = share
            ? formatValue(share.values[dataIndex] ?? null, 'percent', ctx)
            : formatValue((percent ?? 0) / 100, 'percent', ctx);
          const name = escapeHtml(model.categoryTitles[dataIndex] ?? '');
          return `<div dir="${dir}">${String(marker ?? '')}${name}<br>${c ? line(c, dataIndex) : ''} · ${escapeHtml(part)}</div>`;
        },
      },
      series: [
        {
          type: 'pie',
          ...box,
          name: c?.name ?? model.title,
          radius: type === 'donut' ? ['58%', '92%'] : ['0%', '92%'],
          label: { show: false },
          itemStyle: { borderColor: theme.surface, borderWidth: 2 },
          // Aging buckets in their ordered neutral → amber → red scale; anything else in the series palette.
          data: model.categories.map((name, i) => ({
            name,
            value: values[i] ?? 0,
            ...(model.kind === 'aging' ? { itemStyle: { color: theme.aging[agingTone(i, n)] } } : {}),
          })),
        },
        // The total in the donut's hole: a silent, invisible pie whose one label sits in its centre.
        ...(type === 'donut' && c
          ? [
              {
                type: 'pie' as const,
                ...box,
                name: ctx.totalLabel ?? TOTAL,
                radius: ['0%', '50%'],
                silent: true,
                tooltip: { show: false },
                legendHoverLink: false,
                itemStyle: { color: 'transparent' },
                // One plain style: rich text's classes do not survive the CDN build's minifier (unsafe_arrows).
                label: {
                  position: 'center' as const,
                  formatter: `${ctx.totalLabel ?? TOTAL}\n${axisFormatter(c.format, ctx)(total)}`,
                  color: theme.text,
                  fontSize: 15,
                  fontWeight: 600 as const,
                  lineHeight: 20,
                },
                data: [{ name: ctx.totalLabel ?? TOTAL, value: 1 }],
              },
            ]
          : []),
      ],
    };
  }

  const formats = [...new Set(drawn.map((c) => c.format))].slice(0, 2);
  // Each axis is titled with the metrics it measures, in their colour when there is one.
  const axisOf = (format: MetricFormat) => drawn.filter((c) => !c.previous && c.format === format);
  const named = formats.length > 1;
  const valueAxes = formats.map((format, i) => ({
    type: 'value' as const,
    position: (i === 0) !== ctx.rtl ? ('left' as const) : ('right' as const),
    ...(named
      ? {
          name: iso(
            axisOf(format)
              .map((c) => c.name)
              .join(', '),
          ),
          nameLocation: 'end' as const,
          nameGap: 10,
          nameTextStyle: {
            color: axisOf(format).length === 1 ? color(axisOf(format)[0]?.color ?? 0) : theme.text,
            fontWeight: 600 as const,
            align: ((i === 0) !== ctx.rtl ? 'left' : 'right') as 'left' | 'right',
          },
        }
      : {}),
    axisLabel: { color: theme.muted, hideOverlap: true, formatter: (v: number) => iso(axisFormatter(format, ctx)(v)) },
    splitLine: { show: i === 0, lineStyle: { color: theme.border } },
  }));
  const categoryAxis = {
    type: 'category' as const,
    data: model.categories,
    boundaryGap: type === 'bar',
    axisLabel: { color: theme.muted, hideOverlap: true, formatter: (label: string) => iso(label) },
    axisLine: { lineStyle: { color: theme.border } },
    axisTick: { show: false },
  };
  const many = model.categories.length > 31;
  const aging = model.kind === 'aging';
  const series = drawn.map((c, k) => {
    const common = {
      name: c.name,
      data: aging
        ? c.values.map((v, i) => ({
            value: toNumber(v),
            itemStyle: { color: theme.aging[agingTone(i, c.values.length)] },
          }))
        : c.values.map(toNumber),
      yAxisIndex: Math.max(0, formats.indexOf(c.format)),
      itemStyle: { color: color(c.color) },
    };
    if (c.previous) {
      return {
        ...common,
        type: 'line' as const,
        showSymbol: false,
        lineStyle: { type: 'dashed' as const, width: 1.5, color: color(c.color), opacity: 0.8 },
        itemStyle: { color: color(c.color), opacity: 0.8 },
        z: 1,
      };
    }
    if (type === 'bar') return { ...common, type: 'bar' as const, barMaxWidth: 28 };
    return {
      ...common,
      type: 'line' as const,
      showSymbol: !many,
      symbolSize: 5,
      lineStyle: { width: 2, color: color(c.color) },
      // Only the first metric is filled: two fills over each other blended into grey.
      ...(type === 'area' && k === 0 ? { areaStyle: { opacity: 0.15, color: color(c.color) } } : {}),
    };
  });

  const tooltip = {
    ...base.tooltip,
    trigger: 'axis' as const,
    axisPointer: { type: type === 'bar' ? ('shadow' as const) : ('line' as const) },
    formatter: (params: unknown) => {
      const list = (Array.isArray(params) ? params : [params]) as TooltipParam[];
      const i = list[0]?.dataIndex ?? 0;
      const rows = list.map((p) => {
        const c = drawn[p.seriesIndex ?? 0];
        return c ? `<div>${String(p.marker ?? '')}${line(c, i)}</div>` : '';
      });
      const extra = model.columns.filter((c) => c.tableOnly).map((c) => `<div>${line(c, i)}</div>`);
      return `<div dir="${dir}"><div style="font-weight:600">${escapeHtml(model.categoryTitles[i] ?? '')}</div>${rows.join('')}${extra.join('')}</div>`;
    },
  };

  // Customer names read better along a vertical axis; time and aging buckets run along the horizontal one.
  if (model.kind === 'breakdown') {
    return {
      ...base,
      legend: { ...legend, top: 0 },
      tooltip,
      grid: { top: legend.show ? legendHeight + 8 : 8, bottom: 8, left: 8, right: 16 },
      yAxis: {
        ...categoryAxis,
        inverse: true,
        position: ctx.rtl ? 'right' : 'left',
        axisLabel: { ...categoryAxis.axisLabel, width: 140, overflow: 'truncate' },
      },
      // Few ticks: amounts such as "$120K" side by side ran into each other in a narrow chart.
      xAxis: valueAxes.map((a) => ({ ...a, position: 'bottom' as const, inverse: ctx.rtl, splitNumber: 3 })),
      series,
    };
  }
  return {
    ...base,
    legend: { ...legend, top: 0 },
    tooltip,
    // Below the legend, and the axis titles above the plot when there are two axes.
    grid: { top: (legend.show ? legendHeight : 0) + (named ? 32 : 12), bottom: 8, left: 8, right: 8 },
    xAxis: { ...categoryAxis, inverse: ctx.rtl },
    yAxis: valueAxes,
    series,
  };
}
