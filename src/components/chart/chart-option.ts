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
import {
  formatDuration,
  formatValue,
  numberFormat,
  type FormatContext,
  type MetricFormat,
} from '../../internal/format.js';
import {
  drawsOther,
  withoutOther,
  type ChartModel,
  type ChartTheme,
  type ChartType,
  type ModelColumn,
  type RenderContext,
} from './chart-model.js';

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
      label: { description: `${model.title}, ${model.subtitle}. Every value is in the data table after the chart.` },
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
  const legend = {
    formatter: (name: string) => iso(name),
    show: drawn.length > 1 || type === 'pie' || type === 'donut',
    textStyle: { color: theme.text },
    inactiveColor: theme.muted,
    // One line that pages rather than wrapping: a wrapped legend in a narrow chart ran into the top axis labels.
    type: 'scroll' as const,
    pageIconColor: theme.text,
    pageIconInactiveColor: theme.muted,
    pageTextStyle: { color: theme.muted },
    ...(ctx.rtl ? { right: 0 } : { left: 0 }),
  };

  if (type === 'pie' || type === 'donut') {
    const c = drawn[0];
    const share = model.columns.find((col) => col.tableOnly && col.format === 'percent');
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
          name: c?.name ?? model.title,
          radius: type === 'donut' ? ['45%', '70%'] : ['0%', '70%'],
          center: ['50%', '45%'],
          label: { show: false },
          itemStyle: { borderColor: theme.surface, borderWidth: 2 },
          data: model.categories.map((name, i) => ({ name, value: toNumber(c?.values[i]) ?? 0 })),
        },
      ],
    };
  }

  const formats = [...new Set(drawn.map((c) => c.format))].slice(0, 2);
  const valueAxes = formats.map((format, i) => ({
    type: 'value' as const,
    position: (i === 0) !== ctx.rtl ? ('left' as const) : ('right' as const),
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
  const series = drawn.map((c) => {
    const common = {
      name: c.name,
      data: c.values.map(toNumber),
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
      ...(type === 'area' ? { areaStyle: { opacity: drawn.length > 2 ? 0.08 : 0.15, color: color(c.color) } } : {}),
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
      grid: { top: legend.show ? 32 : 8, bottom: 8, left: 8, right: 16 },
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
    grid: { top: legend.show ? 40 : 12, bottom: 8, left: 8, right: 8 },
    xAxis: { ...categoryAxis, inverse: ctx.rtl },
    yAxis: valueAxes,
    series,
  };
}
