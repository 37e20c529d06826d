import { ContextProvider } from '@lit/context';
import axe from 'axe-core';
import type { EChartsType } from 'echarts/core';
import { afterEach, describe, expect, it } from 'vitest';
import { cdp, userEvent } from 'vitest/browser';
import { AgingResponse } from '../../contract/aging.js';
import { BreakdownResponse } from '../../contract/breakdown.js';
import { Problem } from '../../contract/common.js';
import { MetaResponse } from '../../contract/meta.js';
import { SeriesResponse } from '../../contract/series.js';
import { dashboardContext } from '../../context/dashboard.js';
import { createClient } from '../../internal/client.js';
import { loadECharts } from '../../internal/echarts.js';
import { loadMessages } from '../../internal/i18n.js';
import agingJson from '../../../tests/fixtures/aging.json';
import breakdownEmptyJson from '../../../tests/fixtures/breakdown.empty.json';
import breakdownJson from '../../../tests/fixtures/breakdown.json';
import metaJson from '../../../tests/fixtures/meta.json';
import problemJson from '../../../tests/fixtures/problem-500.json';
import seriesEmptyJson from '../../../tests/fixtures/series.empty.json';
import seriesJson from '../../../tests/fixtures/series.json';
import { fixtureBackend } from '../../../tests/support/fixture-backend.js';
import { emitSeen, liveBoard, requestCount } from '../../../tests/support/live-board.js';
import { deferred, installFetchMock, json, type FetchMock, type Route } from '../../../tests/support/mock-fetch.js';
import '../../define/chart.js';
import { agingTone } from '../../view/theme.js';
import { DashChart } from './chart.js';

// Parsing proves the fixtures are responses a real backend could send.
const META = MetaResponse.parse(metaJson);
const SERIES = SeriesResponse.parse(seriesJson);
const SERIES_EMPTY = SeriesResponse.parse(seriesEmptyJson);
const BREAKDOWN = BreakdownResponse.parse(breakdownJson);
const BREAKDOWN_EMPTY = BreakdownResponse.parse(breakdownEmptyJson);
const AGING = AgingResponse.parse(agingJson);
const PROBLEM = Problem.parse(problemJson);

const mocks: FetchMock[] = [];
let baseCounter = 0;

afterEach(async () => {
  for (const el of document.querySelectorAll('dash-chart, dash-board')) el.remove();
  for (const mock of mocks.splice(0)) mock.restore();
  document.documentElement.removeAttribute('style');
  await cdp().send('Emulation.setEmulatedMedia', { features: [] });
});

/** Answers `v1/series` with the fixture's series for the requested metrics only, as a backend would. */
function seriesFor(source: SeriesResponse): Route {
  return (_request: Request, url: URL) => {
    const wanted = url.searchParams.get('metrics')?.split(',') ?? [];
    return json({ ...structuredClone(source), series: source.series.filter((s) => wanted.includes(s.metric)) });
  };
}

function backend(routes: Record<string, Route> = {}): { base: string; mock: FetchMock } {
  const base = `/chart-api-${++baseCounter}`;
  const mock = installFetchMock(base, {
    'v1/meta': structuredClone(META),
    'v1/series': seriesFor(SERIES),
    'v1/breakdown': structuredClone(BREAKDOWN),
    'v1/aging': structuredClone(AGING),
    ...routes,
  });
  mocks.push(mock);
  return { base, mock };
}

async function mount(attributes: Record<string, string>, parent: HTMLElement = document.body): Promise<DashChart> {
  const el = document.createElement('dash-chart');
  el.style.width = '480px';
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  parent.append(el);
  await el.updateComplete;
  return el;
}

const part = (el: DashChart, name: string) => el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);
const canvas = (el: DashChart) => el.shadowRoot!.querySelector<HTMLDivElement>('.canvas')!;
const text = (node: Element | null | undefined) => node?.textContent?.replace(/[ \t\r\n]+/g, ' ').trim();

async function settled(el: DashChart): Promise<void> {
  await expect.poll(() => part(el, 'base')?.getAttribute('aria-busy')).toBe('false');
}

/** Waits until ECharts has drawn the chart, and returns its instance. */
async function drawn(el: DashChart): Promise<EChartsType> {
  const echarts = await loadECharts();
  await expect.poll(() => echarts.getInstanceByDom(canvas(el))?.getOption()).toBeTruthy();
  return echarts.getInstanceByDom(canvas(el))!;
}

interface SeriesOption {
  type: string;
  name: string;
  data: unknown[];
  areaStyle?: unknown;
  radius?: unknown;
  itemStyle?: { color?: string };
  lineStyle?: { type?: string; color?: string };
}
interface AxisOption {
  type: string;
  data?: string[];
  inverse?: boolean;
  position?: string;
  axisLabel?: { formatter?: (v: number) => string };
}
interface Option {
  series: SeriesOption[];
  xAxis: AxisOption[];
  yAxis: AxisOption[];
  aria: { enabled: boolean } | { enabled: boolean }[];
  tooltip: { formatter: (p: unknown) => string }[];
}
const option = (chart: EChartsType) => chart.getOption() as unknown as Option;

/** Rows of the data-table twin as cell texts, header row first. */
function tableRows(el: DashChart): string[][] {
  const rows = el.shadowRoot!.querySelectorAll('[part~="table"] tr');
  return [...rows].map((tr) => [...tr.querySelectorAll('th, td')].map((c) => text(c) ?? ''));
}

/** The aging scale's colours of `count` buckets, as the element's theme tokens resolve them. */
function agingScale(el: DashChart, count: number): string[] {
  const style = getComputedStyle(el);
  return Array.from({ length: count }, (_, i) => style.getPropertyValue(`--_dash-aging-${agingTone(i, count)}`).trim());
}

/** €12.3K: the compact money the axes and the donut's centre show, in the fixture backend's locale. */
const compactMoney = (v: number) =>
  new Intl.NumberFormat(META.locale, {
    style: 'currency',
    currency: META.currency,
    notation: 'compact',
    maximumFractionDigits: 1,
  }).format(v);

/**
 * Where ECharts laid things out: the legend's height, and the bottom edge of the upper of legend and plot and the
 * top edge of the lower (the legend sits above a grid and below a pie). ECharts' model and views rather than its
 * option: the option says what was asked, this what was drawn.
 */
function layout(chart: EChartsType): { legendHeight: number; upperBottom: number; lowerTop: number } {
  interface Internal {
    getModel(): { getComponent(type: string): unknown; getSeriesByIndex(i: number): unknown };
    getViewOfComponentModel(model: unknown): {
      group: { y: number; getBoundingRect(): { y: number; height: number } };
    };
  }
  const c = chart as unknown as Internal;
  const model = c.getModel();
  const group = c.getViewOfComponentModel(model.getComponent('legend')).group;
  const rect = group.getBoundingRect();
  const top = group.y + rect.y;
  const bottom = top + rect.height;
  const grid = model.getComponent('grid') as { coordinateSystem?: { getRect(): { y: number } } } | undefined;
  if (grid?.coordinateSystem)
    return { legendHeight: rect.height, upperBottom: bottom, lowerTop: grid.coordinateSystem.getRect().y };
  const pie = model.getSeriesByIndex(0) as { getData(): { getItemLayout(i: number): { cy: number; r: number } } };
  const { cy, r } = pie.getData().getItemLayout(0);
  return { legendHeight: rect.height, upperBottom: cy + r, lowerTop: top };
}

/** "€1,310.60" → 1310.6: a table cell back to the number it shows. */
const amount = (cell: string) => Number(cell.replace(/[^\d.-]/g, ''));

async function axeViolations(el: Element): Promise<string[]> {
  const results = await axe.run(el, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
  return results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

describe('<dash-chart> over a time series', () => {
  it('draws every metric as a line, and the previous period as a dashed line, with ARIA on', async () => {
    const { base, mock } = backend();
    const el = await mount({ src: base, metrics: 'revenue,orders', range: '30d' });
    await settled(el);
    const chart = await drawn(el);

    const [request] = mock.calls('v1/series');
    expect(Object.fromEntries(new URL(request!.url).searchParams)).toEqual({ metrics: 'revenue,orders', range: '30d' });
    expect(text(part(el, 'title'))).toBe('Revenue and Orders');
    expect(text(part(el, 'subtitle'))).toBe('8–21 Nov 2025');

    const opt = option(chart);
    expect([opt.aria].flat()[0]!.enabled).toBe(true);
    expect(opt.series.map((s) => [s.type, s.name, s.lineStyle?.type])).toEqual([
      ['line', 'Revenue', 'solid'],
      ['line', 'Revenue, Previous period', 'dashed'],
      ['line', 'Orders', 'solid'],
      ['line', 'Orders, Previous period', 'dashed'],
    ]);
    expect(opt.series[0]!.data).toEqual(SERIES.series[0]!.points.map((p) => Number(p.v)));
    expect(opt.series[1]!.data).toEqual(SERIES.series[0]!.previous!.map((p) => Number(p.v)));
    // Dates through Intl in the backend's locale (en-IE), one axis per format (money, counts).
    expect(opt.xAxis[0]!.data!.slice(0, 3)).toEqual(['8 Nov', '9 Nov', '10 Nov']);
    expect(opt.yAxis).toHaveLength(2);
    expect(opt.yAxis[0]!.axisLabel!.formatter!(12000)).toBe('€12K');
    expect(opt.yAxis[1]!.axisLabel!.formatter!(12)).toBe('12');
    expect(canvas(el).getAttribute('aria-label')).toContain('Revenue and Orders, 8–21 Nov 2025');
  });

  it('formats tooltips for the locale and currency, naming the comparison day', async () => {
    const { base } = backend();
    const el = await mount({ src: base, metrics: 'revenue,orders' });
    const chart = await drawn(el);
    const tooltip = option(chart).tooltip[0]!.formatter([
      { seriesIndex: 0, dataIndex: 0, marker: '' },
      { seriesIndex: 1, dataIndex: 0, marker: '' },
      { seriesIndex: 2, dataIndex: 0, marker: '' },
    ]);
    const shown = new DOMParser().parseFromString(tooltip, 'text/html').body.textContent;
    expect(shown).toContain('Sat 8 Nov 2025');
    expect(shown).toContain('Revenue: €812.40');
    expect(shown).toContain('Revenue, Previous period: €700.00 (Sat 25 Oct 2025)');
    expect(shown).toContain('Orders: 9');
  });

  it('offers a data table with the very numbers the chart draws', async () => {
    const { base } = backend();
    const el = await mount({ src: base, metrics: 'revenue,orders' });
    const chart = await drawn(el);
    const [head, ...rows] = tableRows(el);

    expect(head).toEqual([
      'Date',
      'Revenue',
      'Revenue, Previous period (25 Oct – 7 Nov 2025)',
      'Orders',
      'Orders, Previous period (25 Oct – 7 Nov 2025)',
    ]);
    expect(rows).toHaveLength(14);
    expect(rows[0]![0]).toBe('Sat 8 Nov 2025');
    const drawnSeries = option(chart).series;
    drawnSeries.forEach((s, column) => {
      expect(
        rows.map((r) => amount(r[column + 1]!)),
        s.name,
      ).toEqual(s.data);
    });
    expect(rows[0]![1]).toBe('€812.40');
  });

  it('keeps the table visually hidden until the toggle shows it (aria-expanded follows)', async () => {
    const { base } = backend();
    const el = await mount({ src: base, metrics: 'revenue' });
    await settled(el);
    const toggle = part(el, 'table-toggle') as HTMLButtonElement;
    const table = part(el, 'table')!;

    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(toggle.getAttribute('aria-controls')).toBe(table.id);
    expect(table.classList).toContain('sr-only');
    expect(table.getBoundingClientRect().height).toBeLessThanOrEqual(1);

    await userEvent.click(toggle);
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    expect(text(toggle)).toBe('Hide data table');
    expect(table.classList).not.toContain('sr-only');
    expect(table.getBoundingClientRect().height).toBeGreaterThan(100);

    // Keyboard: the toggle is a real button.
    toggle.focus();
    await userEvent.keyboard('{Enter}');
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    await userEvent.keyboard(' ');
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
  });

  it('draws area and bar charts', async () => {
    const { base } = backend();
    const area = await mount({ src: base, metrics: 'revenue', type: 'area' });
    let series = option(await drawn(area)).series;
    expect(series[0]).toMatchObject({ type: 'line', areaStyle: expect.any(Object) });
    expect(series[1]!.areaStyle).toBeUndefined();

    const bar = await mount({ src: base, metrics: 'revenue', type: 'bar' });
    series = option(await drawn(bar)).series;
    expect(series.map((s) => s.type)).toEqual(['bar', 'line']);
    expect(series[1]!.lineStyle!.type).toBe('dashed');
  });

  it('switches type, granularity and period without losing the instance', async () => {
    const { base, mock } = backend();
    const el = await mount({ src: base, metrics: 'revenue' });
    const chart = await drawn(el);

    el.type = 'bar';
    await expect.poll(() => option(chart).series[0]!.type).toBe('bar');
    expect(mock.calls('v1/series')).toHaveLength(1);

    el.granularity = 'week';
    el.compare = 'none';
    await expect.poll(() => mock.calls('v1/series')).toHaveLength(2);
    const params = new URL(mock.calls('v1/series')[1]!.url).searchParams;
    expect(params.get('granularity')).toBe('week');
    expect(params.get('compare')).toBe('none');
    expect((await loadECharts()).getInstanceByDom(canvas(el))).toBe(chart);
  });

  it('names a type that cannot draw a series', async () => {
    const { base } = backend();
    const el = await mount({ src: base, metrics: 'revenue', type: 'pie' });
    await settled(el);
    expect(text(part(el, 'error'))).toContain('type="pie" needs breakdown="…" or report="aging"');
  });
});

describe('<dash-chart> over a breakdown or the aging report', () => {
  it('draws the top customers as a donut by default, with shares in the table', async () => {
    const { base, mock } = backend();
    const el = await mount({ src: base, metrics: 'revenue', breakdown: 'customer', limit: '5', range: 'quarter' });
    const chart = await drawn(el);

    expect(Object.fromEntries(new URL(mock.calls('v1/breakdown')[0]!.url).searchParams)).toEqual({
      metric: 'revenue',
      by: 'customer',
      limit: '5',
      range: 'quarter',
    });
    expect(text(part(el, 'title'))).toBe('Revenue by customer');
    const [pie] = option(chart).series;
    expect(pie).toMatchObject({ type: 'pie', radius: ['58%', '92%'] });
    expect(pie!.data).toEqual(
      BREAKDOWN.rows.map((r) => expect.objectContaining({ name: r.label, value: Number(r.value) })),
    );

    const [head, ...rows] = tableRows(el);
    expect(head).toEqual(['Customer', 'Revenue', 'Share']);
    expect(rows.map((r) => r[0])).toEqual(BREAKDOWN.rows.map((r) => r.label));
    expect(rows.map((r) => amount(r[1]!))).toEqual(BREAKDOWN.rows.map((r) => Number(r.value)));
    expect(rows[0]![2]).toBe('25.3%');
  });

  it('draws a pie and a horizontal bar chart of the breakdown', async () => {
    const { base } = backend();
    const pie = await mount({ src: base, breakdown: 'customer', type: 'pie' });
    expect(option(await drawn(pie)).series[0]!.radius).toEqual(['0%', '92%']);

    const bar = await mount({ src: base, breakdown: 'customer', type: 'bar' });
    const opt = option(await drawn(bar));
    expect(opt.series[0]!.type).toBe('bar');
    const named = BREAKDOWN.rows.filter((r) => r.key !== 'other');
    expect(opt.yAxis[0]).toMatchObject({ type: 'category', data: named.map((r) => r.label) });
  });

  it('leaves "other" out of the bars unless include-other, keeping it in the table and the subtitle', async () => {
    const { base } = backend();
    const other = BREAKDOWN.rows.find((r) => r.key === 'other')!;
    expect(other).toBeDefined();
    const named = BREAKDOWN.rows.filter((r) => r !== other);

    const bar = await mount({ src: base, breakdown: 'customer', type: 'bar' });
    const opt = option(await drawn(bar));
    expect(opt.yAxis[0]!.data).toEqual(named.map((r) => r.label));
    expect(opt.series[0]!.data).toEqual(named.map((r) => Number(r.value)));
    expect(text(part(bar, 'subtitle'))).toBe('Last 30 days · Other customers €2,829.75, not drawn');
    const rows = tableRows(bar).slice(1);
    expect(rows.map((r) => r[0])).toEqual([...named.map((r) => r.label), 'Other customers (not drawn)']);
    expect(amount(rows.at(-1)![1]!)).toBe(Number(other.value));
    expect(bar.shadowRoot!.querySelector('[part~="table"] tr[data-key="other"]')).not.toBeNull();

    const all = await mount({ src: base, breakdown: 'customer', type: 'bar', 'include-other': '' });
    expect(all.includeOther).toBe(true);
    expect(option(await drawn(all)).yAxis[0]!.data).toEqual(BREAKDOWN.rows.map((r) => r.label));
    expect(text(part(all, 'subtitle'))).toBe('Last 30 days');

    const donut = await mount({ src: base, breakdown: 'customer', type: 'donut' });
    expect(option(await drawn(donut)).series[0]!.data).toHaveLength(BREAKDOWN.rows.length);
    expect(text(part(donut, 'subtitle'))).toBe('Last 30 days');

    // Switching it on redraws with the other bar.
    bar.includeOther = true;
    await expect.poll(async () => option(await drawn(bar)).yAxis[0]!.data).toHaveLength(BREAKDOWN.rows.length);
  });

  it('keeps a narrow chart legible: a legend that wraps (never pages) above the plot, no overlapping labels', async () => {
    const { base } = backend();
    const series = await mount({ src: base, metrics: 'revenue,orders', type: 'area' });
    series.style.width = '390px';
    const donut = await mount({ src: base, report: 'aging', type: 'donut' });
    donut.style.width = '390px';
    const bar = await mount({ src: base, breakdown: 'customer', type: 'bar' });
    bar.style.width = '390px';
    for (const el of [series, donut]) {
      const chart = await drawn(el);
      const legend = (chart.getOption() as unknown as { legend: { type: string }[] }).legend[0]!;
      expect(legend.type).toBe('plain');
      // Four series at 390 px: the legend takes two rows, and the plot (or the donut) starts below them.
      await expect.poll(() => layout(chart).legendHeight).toBeGreaterThan(30);
      const { upperBottom, lowerTop } = layout(chart);
      expect(upperBottom).toBeLessThanOrEqual(lowerTop);
    }
    const seriesOption = (await drawn(series)).getOption() as unknown as {
      yAxis: { name: string; axisLabel: { hideOverlap: boolean } }[];
    };
    expect(seriesOption.yAxis.every((a) => a.axisLabel.hideOverlap)).toBe(true);
    const barOption = (await drawn(bar)).getOption() as unknown as {
      xAxis: { splitNumber: number; axisLabel: { hideOverlap: boolean } }[];
    };
    expect(barOption.xAxis[0]).toMatchObject({ splitNumber: 3, axisLabel: { hideOverlap: true } });
  });

  it('titles each y-axis with its metric and fills only the first metric of an area chart', async () => {
    const { base } = backend();
    const el = await mount({ src: base, metrics: 'revenue,orders', type: 'area' });
    const opt = (await drawn(el)).getOption() as unknown as {
      yAxis: { name?: string; nameTextStyle?: { color: string }; axisLabel: { formatter: (v: number) => string } }[];
      series: SeriesOption[];
    };
    expect(opt.yAxis.map((a) => a.name)).toEqual(['Revenue', 'Orders']);
    expect(opt.yAxis[0]!.axisLabel.formatter(12000)).toBe('€12K');
    // The title in its series' colour: which axis belongs to which line.
    expect(opt.yAxis.map((a) => a.nameTextStyle?.color)).toEqual(
      ['Revenue', 'Orders'].map((n) => opt.series.find((s) => s.name === n)!.itemStyle!.color),
    );
    expect(opt.series.filter((s) => s.areaStyle).map((s) => s.name)).toEqual(['Revenue']);

    // One metric: no axis title (the chart's title says it).
    const one = await mount({ src: base, metrics: 'revenue', type: 'area' });
    expect(option(await drawn(one)).yAxis.map((a) => (a as { name?: string }).name ?? '')).toEqual(['']);
  });

  it('says the comparison dates once in the table header, whatever the backend label says', async () => {
    const labelled = {
      ...structuredClone(SERIES),
      comparison: { ...SERIES.comparison!, label: 'Previous period (25 Oct – 7 Nov 2025)' },
    };
    const { base } = backend({ 'v1/series': seriesFor(SeriesResponse.parse(labelled)) });
    const el = await mount({ src: base, metrics: 'revenue' });
    await settled(el);
    expect(tableRows(el)[0]).toEqual(['Date', 'Revenue', 'Revenue, Previous period (25 Oct – 7 Nov 2025)']);
  });

  it('draws the aging donut in the ordered aging scale with the total in its centre, in both themes', async () => {
    const { base } = backend();
    for (const theme of ['light', 'dark']) {
      const el = await mount({ src: base, report: 'aging', type: 'donut', theme });
      const opt = option(await drawn(el));
      const [slices, centre] = opt.series as unknown as {
        type: string;
        data: { name: string; itemStyle?: { color: string } }[];
        label?: { formatter: string };
        silent?: boolean;
      }[];
      expect(slices!.data.map((d) => d.itemStyle?.color)).toEqual(agingScale(el, AGING.buckets.length));
      expect(new Set(slices!.data.map((d) => d.itemStyle?.color)).size).toBe(AGING.buckets.length);
      const total = AGING.buckets.reduce((sum, b) => sum + Number(AGING.totals[b.id]), 0);
      expect(centre).toMatchObject({ type: 'pie', silent: true });
      expect(centre!.label!.formatter).toBe(`Total\n${compactMoney(total)}`);
      // The legend lists the buckets only, not the centre's label.
      expect((opt as unknown as { legend: { data: string[] }[] }).legend[0]!.data).toEqual(
        AGING.buckets.map((b) => b.label),
      );
    }
  });

  it("writes the donut's centre word in the chart's language", async () => {
    await loadMessages('de');
    const { base } = backend();
    const el = await mount({ src: base, report: 'aging', type: 'donut', locale: 'de-DE' });
    const [, centre] = option(await drawn(el)).series as unknown as { label?: { formatter: string } }[];
    expect(centre!.label!.formatter.split('\n')[0]).toBe('Summe');
  });

  it('uses the first time-series metric when metrics is unset', async () => {
    const { base, mock } = backend();
    const el = await mount({ src: base, breakdown: 'customer' });
    await settled(el);
    expect(new URL(mock.calls('v1/breakdown')[0]!.url).searchParams.get('metric')).toBe('revenue');
  });

  it('draws the aging totals per bucket, labelled from the response', async () => {
    const { base, mock } = backend();
    const el = await mount({ src: base, report: 'aging', type: 'bar' });
    const opt = option(await drawn(el));

    expect(new URL(mock.calls('v1/aging')[0]!.url).searchParams.get('limit')).toBe('1');
    expect(text(part(el, 'title'))).toBe('Receivables by age');
    expect(text(part(el, 'subtitle'))).toBe('As of 21 Nov 2025');
    expect(opt.xAxis[0]!.data).toEqual(AGING.buckets.map((b) => b.label));
    const values = (opt.series[0]!.data as { value: number }[]).map((d) => d.value);
    expect(values).toEqual(AGING.buckets.map((b) => Number(AGING.totals[b.id])));
    const [, ...rows] = tableRows(el);
    expect(rows.map((r) => amount(r[1]!))).toEqual(values);
    // Each bar in its bucket's tone of the aging scale, as the donut's slices and the table's headers.
    expect((opt.series[0]!.data as { itemStyle: { color: string } }[]).map((d) => d.itemStyle.color)).toEqual(
      agingScale(el, AGING.buckets.length),
    );

    el.type = 'donut';
    await expect.poll(async () => option(await drawn(el)).series[0]!.type).toBe('pie');
  });
});

describe('<dash-chart> states', () => {
  it('reserves the chart height with a skeleton while loading', async () => {
    const gate = deferred<Response>();
    const { base } = backend({ 'v1/series': () => gate.promise });
    const el = await mount({ src: base, metrics: 'revenue' });
    const frame = part(el, 'chart')!;
    const before = el.getBoundingClientRect().height;

    expect(part(el, 'base')!.getAttribute('aria-busy')).toBe('true');
    expect(frame.querySelector('.skeleton')).not.toBeNull();
    expect(frame.getBoundingClientRect().height).toBe(280);
    expect((part(el, 'table-toggle') as HTMLButtonElement).disabled).toBe(true);

    gate.resolve(json(SERIES));
    await drawn(el);
    expect(frame.querySelector('.skeleton')).toBeNull();
    expect(el.getBoundingClientRect().height).toBe(before);

    el.style.setProperty('--dash-chart-height', '200px');
    expect(frame.getBoundingClientRect().height).toBe(200);
  });

  it('shows "No data for this period" for an all-zero series or an empty breakdown', async () => {
    const { base } = backend({
      'v1/series': structuredClone(SERIES_EMPTY),
      'v1/breakdown': structuredClone(BREAKDOWN_EMPTY),
    });
    const series = await mount({ src: base, metrics: 'revenue' });
    const breakdown = await mount({ src: base, breakdown: 'customer' });
    for (const el of [series, breakdown]) {
      await settled(el);
      expect(text(part(el, 'empty'))).toBe('No data for this period');
      expect(part(el, 'table')).toBeNull();
      expect((part(el, 'table-toggle') as HTMLButtonElement).disabled).toBe(true);
    }
    expect(await axeViolations(series)).toEqual([]);
  });

  it('keeps its label as the title when the first load fails, and names it in the error', async () => {
    const { base } = backend({ 'v1/series': () => json(PROBLEM, 500) });
    const el = await mount({ src: base, metrics: 'revenue', label: 'Sales' });
    await settled(el);
    expect(text(part(el, 'title'))).toBe('Sales');
    expect(part(el, 'title')!.classList).not.toContain('skeleton');
    expect(text(part(el, 'error'))).toContain('Could not load Sales: the server could not answer just now');
  });

  it('shows the error with Retry, and keeps the last chart when a refetch fails', async () => {
    const { base, mock } = backend({ 'v1/series': () => json(PROBLEM, 500) });
    const el = await mount({ src: base, metrics: 'revenue' });
    await settled(el);
    expect(text(part(el, 'error'))).toContain('Could not load the chart: the server could not answer just now');
    expect(part(el, 'error')!.getAttribute('role')).toBe('alert');
    expect(await axeViolations(el)).toEqual([]);

    mock.route('v1/series', seriesFor(SERIES));
    await userEvent.click(part(el, 'retry')!);
    const chart = await drawn(el);
    expect(part(el, 'error')).toBeNull();

    mock.route('v1/series', () => json(PROBLEM, 500));
    el.range = '90d';
    await expect.poll(() => text(part(el, 'error'))).toContain('Could not refresh');
    expect(option(chart).series[0]!.data).toHaveLength(14);
    expect(tableRows(el)).toHaveLength(15);
  });

  it('marks stale data', async () => {
    const stale = structuredClone(SERIES);
    stale.cache.stale = true;
    stale.cache.refreshFailed = true;
    const { base } = backend({ 'v1/series': stale });
    const el = await mount({ src: base, metrics: 'revenue' });
    await settled(el);
    expect(text(part(el, 'stale'))).toContain('Stale');
  });
});

describe('<dash-chart> lifecycle and theme', () => {
  it('follows its container width', async () => {
    const { base } = backend();
    const el = await mount({ src: base, metrics: 'revenue' });
    const chart = await drawn(el);
    expect(chart.getWidth()).toBeGreaterThan(400);
    el.style.width = '320px';
    await expect.poll(() => chart.getWidth()).toBeLessThan(300);
  });

  it('leaves no ECharts instance and no observer behind when removed', async () => {
    const live = new Set<object>();
    const originals = { ResizeObserver, IntersectionObserver, MutationObserver };
    class Resize extends originals.ResizeObserver {
      override observe(...args: Parameters<ResizeObserver['observe']>) {
        live.add(this);
        super.observe(...args);
      }
      override disconnect() {
        live.delete(this);
        super.disconnect();
      }
    }
    class Intersection extends originals.IntersectionObserver {
      override observe(...args: Parameters<IntersectionObserver['observe']>) {
        live.add(this);
        super.observe(...args);
      }
      override disconnect() {
        live.delete(this);
        super.disconnect();
      }
    }
    class Mutation extends originals.MutationObserver {
      override observe(...args: Parameters<MutationObserver['observe']>) {
        live.add(this);
        super.observe(...args);
      }
      override disconnect() {
        live.delete(this);
        super.disconnect();
      }
    }
    Object.assign(window, { ResizeObserver: Resize, IntersectionObserver: Intersection, MutationObserver: Mutation });
    try {
      const { base } = backend();
      const el = await mount({ src: base, metrics: 'revenue' });
      await drawn(el);
      const box = canvas(el);
      expect(DashChart.liveInstances).toBe(1);
      expect(live.size).toBeGreaterThanOrEqual(2);

      el.remove();
      expect((await loadECharts()).getInstanceByDom(box)).toBeUndefined();
      expect(DashChart.liveInstances).toBe(0);
      expect(live.size).toBe(0);

      // Put back, it draws again.
      document.body.append(el);
      await drawn(el);
      expect(DashChart.liveInstances).toBe(1);
    } finally {
      Object.assign(window, originals);
    }
  });

  it('takes its colours from the --dash-chart-* tokens and follows the theme live', async () => {
    const { base } = backend();
    const el = await mount({ src: base, metrics: 'revenue' });
    const chart = await drawn(el);
    const colour = () => option(chart).series[0]!.itemStyle!.color;
    expect(colour()).toBe('#0969da');

    el.theme = 'dark';
    await expect.poll(colour).toBe('#4493f8');
    expect(getComputedStyle(part(el, 'base')!).backgroundColor).toBe('rgb(21, 27, 35)');
    expect(await axeViolations(el)).toEqual([]);

    el.theme = 'light';
    await expect.poll(colour).toBe('#0969da');

    // A host page switching its own tokens (here on <html>).
    document.documentElement.style.setProperty('--dash-chart-1', 'rgb(1, 2, 3)');
    await expect.poll(colour).toBe('rgb(1, 2, 3)');
    document.documentElement.style.removeProperty('--dash-chart-1');

    // The operating system switching to dark.
    el.removeAttribute('theme');
    await expect.poll(colour).toBe('#0969da');
    await cdp().send('Emulation.setEmulatedMedia', { features: [{ name: 'prefers-color-scheme', value: 'dark' }] });
    await expect.poll(colour).toBe('#4493f8');
  });

  it("follows the board's theme", async () => {
    const { base } = backend();
    const host = document.createElement('div');
    document.body.append(host);
    const board = new ContextProvider(host, {
      context: dashboardContext,
      initialValue: { client: createClient({ base }), revision: 0, theme: 'dark' },
    });
    const el = await mount({ metrics: 'revenue' }, host);
    const chart = await drawn(el);
    const colour = () => option(chart).series[0]!.itemStyle!.color;
    expect(colour()).toBe('#4493f8');

    board.setValue({ ...board.value!, theme: 'light' });
    await expect.poll(colour).toBe('#0969da');
    host.remove();
  });

  it('lays out right to left with Persian digits for fa-IR', async () => {
    const persian = { ...structuredClone(META), locale: 'fa-IR', currency: 'IRR' };
    const { base } = backend({ 'v1/meta': persian });
    const el = await mount({ src: base, metrics: 'revenue' });
    const opt = option(await drawn(el));

    expect(part(el, 'base')!.getAttribute('dir')).toBe('rtl');
    expect(opt.xAxis[0]!.inverse).toBe(true);
    expect(opt.yAxis[0]!.position).toBe('right');
    expect(opt.xAxis[0]!.data![0]).toMatch(/^[۰-۹]+ آبان$/);
    const [, first] = tableRows(el);
    expect(first![1]).toMatch(/[۰-۹]/);
    expect(first![1]).not.toMatch(/[0-9]/);
    expect(await axeViolations(el)).toEqual([]);
  });

  it('passes axe while loading, with data and with the table shown', async () => {
    const { base } = backend({ 'v1/series': () => deferred<Response>().promise });
    const loading = await mount({ src: base, metrics: 'revenue' });
    expect(await axeViolations(loading)).toEqual([]);

    const ok = backend();
    const el = await mount({ src: ok.base, metrics: 'revenue,orders' });
    await drawn(el);
    expect(await axeViolations(el)).toEqual([]);
    await userEvent.click(part(el, 'table-toggle')!);
    expect(await axeViolations(el)).toEqual([]);
  });
});

describe('<dash-chart> against the fixture backend (HTTP, another origin)', () => {
  it('draws the series, then a breakdown, from real responses', async () => {
    const api = fixtureBackend();
    const el = await mount({ src: api.base, metrics: 'revenue', range: '30d' });
    const chart = await drawn(el);
    expect(option(chart).series[0]!.data).toEqual(SERIES.series[0]!.points.map((p) => Number(p.v)));
    expect((await api.requests('v1/series'))[0]!.query).toEqual({ metrics: 'revenue', range: '30d' });

    const donut = await mount({ src: api.base, breakdown: 'customer', limit: '5' });
    expect(option(await drawn(donut)).series[0]!.type).toBe('pie');
    expect((await api.requests('v1/breakdown'))[0]!.query).toEqual({ metric: 'revenue', by: 'customer', limit: '5' });
  });

  it('recovers from a server error with Retry, and shows the empty variant', async () => {
    const api = fixtureBackend();
    await api.control({ fail: { path: 'v1/series' } });
    const el = await mount({ src: api.base, metrics: 'revenue' });
    await settled(el);
    expect(text(part(el, 'error'))).toContain('the server could not answer just now');
    expect(part(el, 'error')!.querySelector('span')!.title).toContain('500');
    await userEvent.click(part(el, 'retry')!);
    await drawn(el);
    expect(part(el, 'error')).toBeNull();

    await api.control({ variants: { series: 'empty' } });
    el.range = '7d';
    await expect.poll(() => text(part(el, 'empty'))).toBe('No data for this period');
  });
});

describe('<dash-chart> in a live board', () => {
  it('refetches report="aging" on the topics v1/meta lists for the aging report, and on no other', async () => {
    const api = fixtureBackend();
    // The revenue card moves on `orders`: it shows when an event has reached the board.
    const board = await liveBoard(
      api,
      '<dash-chart report="aging"></dash-chart><dash-stat-card metric="revenue"></dash-stat-card>',
    );
    const aging = () => requestCount(api, 'v1/aging');
    expect(await aging()).toBe(1);

    await emitSeen(api, board, ['orders'], () => requestCount(api, 'v1/stats'), 2);
    expect(await aging()).toBe(1);
    await emitSeen(api, board, ['invoices'], aging, 2);
  });

  it("refetches a breakdown on its metric's topics and on its breakdown's, and on no other", async () => {
    const api = fixtureBackend();
    // The overdue card moves on `invoices`: it shows when an event has reached the board.
    const board = await liveBoard(
      api,
      '<dash-chart metrics="revenue" breakdown="customer"></dash-chart><dash-stat-card metric="overdue"></dash-stat-card>',
    );
    const breakdown = () => requestCount(api, 'v1/breakdown');
    expect(await breakdown()).toBe(1);

    await emitSeen(api, board, ['invoices'], () => requestCount(api, 'v1/stats'), 2);
    expect(await breakdown()).toBe(1);
    // `customers` is the breakdown's (a customer renamed), `orders` revenue's.
    await emitSeen(api, board, ['customers'], breakdown, 2);
    await emitSeen(api, board, ['orders'], breakdown, 3);
  });

  it('refetches on any topic when v1/meta does not say which topics move the report or the breakdown', async () => {
    const api = fixtureBackend();
    await api.control({
      metaWithout: ['reportTopics'],
      meta: { breakdowns: [{ id: 'customer', label: 'Customer' }] },
    });
    const board = await liveBoard(
      api,
      '<dash-chart report="aging"></dash-chart><dash-chart metrics="revenue" breakdown="customer"></dash-chart>',
    );
    await emitSeen(api, board, ['products'], () => requestCount(api, 'v1/aging'), 2);
    expect(await requestCount(api, 'v1/breakdown')).toBe(2);
  });
});
