/**
 * Cross-filtering on a real board against the fixture backend: the board's
 * `filter` reaching every widget that takes it (and only those), each click
 * path (a customer bar, an aging slice, an aging-table customer) by mouse and
 * by keyboard, the chips, `dash-filter-change` on user action only, and
 * `sync-url` with the history (Back undoes a filter, a reload restores it).
 */
import type { EChartsType } from 'echarts/core';
import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { fixtureBackend, type FixtureBackend } from '../../../tests/support/fixture-backend.js';
import { axeViolations, part, parts, text } from '../../../tests/support/dom.js';
import '../../define/aging-table.js';
import '../../define/board.js';
import '../../define/chart.js';
import '../../define/low-stock.js';
import '../../define/period-filter.js';
import '../../define/stat-grid.js';
import type { DashFilterChangeEvent } from '../../events/filter-change.js';
import { loadECharts } from '../../internal/echarts.js';
import type { DashChart } from '../chart/chart.js';
import type { DashBoard } from './board.js';

const START_URL = location.href;

afterEach(() => {
  document.body.replaceChildren();
  history.replaceState(null, '', START_URL);
});

async function mount(api: FixtureBackend, attributes: Record<string, string>, inner: string): Promise<DashBoard> {
  const board = document.createElement('dash-board');
  board.setAttribute('src', api.base);
  for (const [name, value] of Object.entries(attributes)) board.setAttribute(name, value);
  board.innerHTML = inner;
  document.body.append(board);
  await board.updateComplete;
  return board;
}

/** Every `filter`/`bucket` a path was asked with, in order (undefined: asked without). */
async function asked(api: FixtureBackend, path: string, param = 'filter'): Promise<(string | undefined)[]> {
  return (await api.requests(path)).map((r) => r.query[param]);
}

const chips = (board: DashBoard) => parts(board, 'chip').map((c) => text(c));

function spyFilterChanges(): { calls: DashFilterChangeEvent[]; stop(): void } {
  const calls: DashFilterChangeEvent[] = [];
  const listener = (e: DashFilterChangeEvent) => void calls.push(e);
  document.addEventListener('dash-filter-change', listener);
  return { calls, stop: () => document.removeEventListener('dash-filter-change', listener) };
}

async function drawn(el: DashChart): Promise<EChartsType> {
  const echarts = await loadECharts();
  const box = () => el.shadowRoot!.querySelector<HTMLElement>('.canvas')!;
  await expect.poll(() => echarts.getInstanceByDom(box())?.getOption()).toBeTruthy();
  await expect.poll(() => part(el, 'base')?.getAttribute('aria-busy')).toBe('false');
  return echarts.getInstanceByDom(box())!;
}

const WIDGETS = `
  <dash-stat-grid metrics="revenue,orders,low_stock_items"></dash-stat-grid>
  <dash-chart breakdown="customer" metrics="revenue" type="bar"></dash-chart>
  <dash-chart report="aging" type="donut"></dash-chart>
  <dash-aging-table></dash-aging-table>
  <dash-low-stock></dash-low-stock>`;

describe('<dash-board filter>', () => {
  it('sends the filter to every widget that takes it, and only the metrics it narrows', async () => {
    const api = fixtureBackend();
    const board = await mount(api, { filter: 'customer:101' }, WIDGETS);
    await expect.poll(() => asked(api, 'v1/low-stock')).toHaveLength(1);
    await expect.poll(() => asked(api, 'v1/aging')).toHaveLength(2);
    await expect.poll(() => asked(api, 'v1/breakdown')).toHaveLength(1);
    await expect.poll(() => asked(api, 'v1/stats')).toHaveLength(2);
    // The revenue and orders of customer 101, the shop's low-stock count: two requests, no unfiltered revenue.
    const stats = (await api.requests('v1/stats')).map((r) => r.query);
    expect(stats).toEqual(
      expect.arrayContaining([{ metrics: 'revenue,orders', filter: 'customer:101' }, { metrics: 'low_stock_items' }]),
    );
    expect(await asked(api, 'v1/breakdown')).toEqual(['customer:101']);
    expect(await asked(api, 'v1/aging')).toEqual(['customer:101', 'customer:101']);
    // Low stock reads no customer data: meta does not list it for the dimension, so it is asked unfiltered.
    expect(await asked(api, 'v1/low-stock')).toEqual([undefined]);
    // The chip names the customer from the echo.
    await expect.poll(() => chips(board)).toEqual(['Customer: Acme Ltd×']);
    expect(board.filters).toEqual([{ dimension: 'customer', value: '101', label: 'Acme Ltd' }]);
  });

  it('refetches what takes the dimension when a script changes it, fires nothing, and leaves low stock alone', async () => {
    const api = fixtureBackend();
    const board = await mount(api, {}, WIDGETS);
    await expect.poll(() => asked(api, 'v1/low-stock')).toHaveLength(1);
    await expect.poll(() => asked(api, 'v1/breakdown')).toHaveLength(1);
    expect(part(board, 'filters')?.hidden).toBe(true);
    const spy = spyFilterChanges();
    try {
      board.filter = 'customer:87';
      await expect.poll(() => asked(api, 'v1/breakdown')).toEqual([undefined, 'customer:87']);
      await expect.poll(() => asked(api, 'v1/aging')).toEqual([undefined, undefined, 'customer:87', 'customer:87']);
      await expect.poll(() => chips(board)).toEqual(['Customer: Northwind Traders×']);
      expect(await asked(api, 'v1/low-stock')).toEqual([undefined]);
      expect(spy.calls).toEqual([]);
    } finally {
      spy.stop();
    }
  });

  it('a click on a customer bar filters the board; a second click on it removes the filter', async () => {
    const api = fixtureBackend();
    const board = await mount(api, {}, '<dash-chart breakdown="customer" metrics="revenue" type="bar"></dash-chart>');
    const chart = board.querySelector('dash-chart')!;
    const echarts = await drawn(chart);
    const spy = spyFilterChanges();
    try {
      // Row 2 of the breakdown fixture, Northwind Traders (87): clicked beside its bar, in its row.
      const [, y] = echarts.convertToPixel({ seriesIndex: 0 }, [0, 2]) as number[];
      const box = chart.shadowRoot!.querySelector<HTMLElement>('.canvas')!;
      await userEvent.click(box, { position: { x: box.clientWidth - 30, y: y! } });
      expect(spy.calls.map((e) => e.detail)).toEqual([
        { filters: [{ dimension: 'customer', value: '87', label: 'Northwind Traders' }] },
      ]);
      expect(spy.calls[0]!.bubbles && spy.calls[0]!.composed).toBe(true);
      expect(board.getAttribute('filter')).toBe('customer:87');
      await expect.poll(() => asked(api, 'v1/breakdown')).toEqual([undefined, 'customer:87']);

      await drawn(chart);
      const [, first] = (await drawn(chart)).convertToPixel({ seriesIndex: 0 }, [0, 0]) as number[];
      await userEvent.click(box, { position: { x: 40, y: first! } });
      // The filtered fixture still lists Acme first: clicking another customer replaces the filter…
      expect(board.filter).toBe('customer:101');
      // …and the same one again removes it.
      await drawn(chart);
      await userEvent.click(box, { position: { x: 40, y: first! } });
      expect(board.filter).toBeUndefined();
      expect(spy.calls.map((e) => e.detail.filters.map((f) => f.value))).toEqual([['87'], ['101'], []]);
    } finally {
      spy.stop();
    }
  });

  it('keyboard: arrow keys move through the bars with an announcement, Enter filters', async () => {
    const api = fixtureBackend();
    const board = await mount(
      api,
      {},
      '<dash-chart breakdown="customer" metrics="revenue" type="bar"></dash-chart><dash-aging-table></dash-aging-table>',
    );
    const chart = board.querySelector('dash-chart')!;
    await drawn(chart);
    const frame = part(chart, 'chart')!;
    expect(frame.getAttribute('tabindex')).toBe('0');
    expect(frame.getAttribute('aria-label')).toMatch(/arrow keys move .*, Enter filters the board$/);
    // Tab order: the table toggle, then the chart itself.
    part(chart, 'table-toggle')!.focus();
    await userEvent.keyboard('{Tab}');
    expect(chart.shadowRoot!.activeElement).toBe(frame);
    await userEvent.keyboard('{ArrowDown}{ArrowDown}');
    const live = frame.querySelector('[aria-live="polite"]')!;
    await expect.poll(() => text(live)).toBe('Brightside Café, Revenue €2,210.00, Enter filters the board');
    await userEvent.keyboard('{Enter}');
    expect(board.filter).toBe('customer:214');
    await expect.poll(() => asked(api, 'v1/aging')).toContain('customer:214');
    expect(await axeViolations(board)).toEqual([]);
  });

  it('a click on an aging slice sets the bucket, which the aging table sends and the chart does not', async () => {
    const api = fixtureBackend();
    const board = await mount(
      api,
      {},
      '<dash-chart report="aging" type="donut"></dash-chart><dash-aging-table></dash-aging-table>',
    );
    const chart = board.querySelector('dash-chart')!;
    const echarts = await drawn(chart);
    await expect.poll(() => asked(api, 'v1/aging')).toHaveLength(2);
    // The middle of the `days_31_60` slice (index 2).
    type Layout = { cx: number; cy: number; r: number; r0: number; startAngle: number; endAngle: number };
    const model = (echarts as unknown as { getModel(): { getSeriesByIndex(i: number): unknown } }).getModel();
    const data = (model.getSeriesByIndex(0) as { getData(): { getItemLayout(i: number): Layout } }).getData();
    const { cx, cy, r, r0, startAngle, endAngle } = data.getItemLayout(2);
    const angle = (startAngle + endAngle) / 2;
    const box = chart.shadowRoot!.querySelector<HTMLElement>('.canvas')!;
    const spy = spyFilterChanges();
    try {
      await userEvent.click(box, {
        position: { x: cx + Math.cos(angle) * ((r + r0) / 2), y: cy + Math.sin(angle) * ((r + r0) / 2) },
      });
      expect(spy.calls.map((e) => e.detail.filters)).toEqual([
        [{ dimension: 'bucket', value: 'days_31_60', label: '31–60 days' }],
      ]);
      await expect.poll(() => asked(api, 'v1/aging', 'bucket')).toEqual([undefined, undefined, 'days_31_60']);
      expect(await asked(api, 'v1/aging')).toEqual([undefined, undefined, undefined]);
      // The slice's own label (the fixture says "31–60 days"); a reloaded board derives "31–60" from the id.
      await expect.poll(() => chips(board)).toEqual(['Age: 31–60 days×']);
    } finally {
      spy.stop();
    }
  });

  it('an aging-table customer filters the board (pressed while it does), and pressing it again removes it', async () => {
    const api = fixtureBackend();
    const board = await mount(
      api,
      {},
      '<dash-aging-table></dash-aging-table><dash-chart breakdown="customer" metrics="revenue"></dash-chart>',
    );
    const table = board.querySelector('dash-aging-table')!;
    await expect.poll(() => parts(table, 'drill').length).toBe(5);
    const drill = parts(table, 'drill')[1]!;
    expect(drill.getAttribute('aria-label')).toBe('Filter the board by Brightside Café');
    expect(drill.getAttribute('aria-pressed')).toBe('false');
    const spy = spyFilterChanges();
    try {
      // Keyboard: focus reaches it from the customer's expand button; Space presses it.
      parts(table, 'expand')[1]!.focus();
      await userEvent.keyboard('{Tab}');
      expect(table.shadowRoot!.activeElement).toBe(drill);
      await userEvent.keyboard(' ');
      expect(board.filter).toBe('customer:214');
      await expect.poll(() => asked(api, 'v1/breakdown')).toEqual([undefined, 'customer:214']);
      await expect.poll(() => parts(table, 'drill')[1]?.getAttribute('aria-pressed')).toBe('true');
      await userEvent.click(parts(table, 'drill')[1]!);
      expect(board.filter).toBeUndefined();
      expect(spy.calls.map((e) => e.detail.filters.length)).toEqual([1, 0]);
      // The CSV export follows the board's filter too.
    } finally {
      spy.stop();
    }
    expect(await axeViolations(board)).toEqual([]);
  });

  it('the aging table exports what it shows, and starts again at the first page when the filter changes', async () => {
    const api = fixtureBackend();
    const board = await mount(
      api,
      { filter: 'customer:101,bucket:days_1_30' },
      '<dash-aging-table page-size="2"></dash-aging-table>',
    );
    const table = board.querySelector('dash-aging-table')!;
    const exported = () => new URL(part(table, 'export')?.getAttribute('href') ?? 'x:', location.href).searchParams;
    await expect.poll(() => exported().get('filter')).toBe('customer:101');
    expect(exported().get('bucket')).toBe('days_1_30');
    const next = () => table.shadowRoot!.querySelector<HTMLElement>('[part~="pager"] button:last-of-type');
    await expect.poll(next).not.toBeNull();
    await userEvent.click(next()!);
    await expect.poll(async () => (await api.requests('v1/aging')).at(-1)?.query['offset']).toBe('2');
    board.filter = 'customer:87';
    await expect
      .poll(async () => (await api.requests('v1/aging')).at(-1)?.query)
      .toMatchObject({
        filter: 'customer:87',
        offset: '0',
      });
  });

  it('chips remove their filter by keyboard, name it for screen readers, and keep focus on the chips', async () => {
    const api = fixtureBackend();
    const board = await mount(api, { filter: 'customer:101,bucket:days_121_plus' }, WIDGETS);
    await expect.poll(() => chips(board)).toEqual(['Customer: Acme Ltd×', 'Age: 121+×']);
    const group = part(board, 'filters')!;
    expect(group.getAttribute('role')).toBe('group');
    expect(group.getAttribute('aria-label')).toBe('Filters');
    expect(parts(board, 'chip').map((c) => c.getAttribute('aria-label'))).toEqual([
      'Remove filter Customer: Acme Ltd',
      'Remove filter Age: 121+',
    ]);
    expect(await axeViolations(board)).toEqual([]);
    const spy = spyFilterChanges();
    try {
      // The chips come first in the board's tab order.
      document.body.tabIndex = -1;
      document.body.focus();
      await userEvent.keyboard('{Tab}');
      expect(board.shadowRoot!.activeElement).toBe(parts(board, 'chip')[0]);
      await userEvent.keyboard('{Enter}');
      expect(board.filter).toBe('bucket:days_121_plus');
      expect(spy.calls.map((e) => e.detail)).toEqual([
        { filters: [{ dimension: 'bucket', value: 'days_121_plus', label: '121+' }] },
      ]);
      await expect.poll(() => board.shadowRoot!.activeElement).toBe(parts(board, 'chip')[0]);
      await userEvent.keyboard(' ');
      expect(board.filter).toBeUndefined();
      expect(part(board, 'filters')?.hidden).toBe(true);
      await expect.poll(async () => (await api.requests('v1/breakdown')).at(-1)?.query['filter']).toBeUndefined();
    } finally {
      spy.stop();
      document.body.removeAttribute('tabindex');
    }
  });
});

describe('<dash-board sync-url>', () => {
  it('reads the period and filter from the URL, pushes a history entry per user change, and Back undoes it', async () => {
    const api = fixtureBackend();
    history.replaceState(null, '', `${START_URL.split('?')[0]}?tab=sales&range=90d&filter=customer:101&compare=bogus`);
    const board = await mount(
      api,
      { 'sync-url': '', range: '30d' },
      '<dash-period-filter></dash-period-filter><dash-chart breakdown="customer" metrics="revenue" type="bar"></dash-chart>',
    );
    expect(board.range).toBe('90d');
    expect(board.filter).toBe('customer:101');
    // A value the URL cannot set is left as the markup had it.
    expect(board.compare).toBeUndefined();
    await expect
      .poll(() => api.requests('v1/breakdown').then((r) => r.map((x) => x.query)))
      .toEqual([{ metric: 'revenue', by: 'customer', range: '90d', filter: 'customer:101' }]);
    const depth = history.length;
    const spy = spyFilterChanges();
    try {
      // The user removes the filter: one new history entry, the host's own parameters kept.
      await userEvent.click(parts(board, 'chip')[0]!);
      expect(history.length).toBe(depth + 1);
      expect(new URLSearchParams(location.search).get('filter')).toBeNull();
      expect(new URLSearchParams(location.search).get('tab')).toBe('sales');
      // …then picks another period: another entry.
      const filter = board.querySelector('dash-period-filter')!;
      await userEvent.click(filter.shadowRoot!.querySelector<HTMLElement>('[data-range="year"]')!);
      expect(history.length).toBe(depth + 2);
      expect(new URLSearchParams(location.search).get('range')).toBe('year');
      expect(spy.calls).toHaveLength(1);

      // Back: the period returns, then the filter; no event for either (the user did not pick them here).
      const popped = () => new Promise((resolve) => addEventListener('popstate', resolve, { once: true }));
      let pop = popped();
      history.back();
      await pop;
      expect(board.range).toBe('90d');
      expect(board.filter).toBeUndefined();
      pop = popped();
      history.back();
      await pop;
      expect(board.filter).toBe('customer:101');
      await expect.poll(async () => (await api.requests('v1/breakdown')).at(-1)?.query['filter']).toBe('customer:101');
      await expect.poll(() => chips(board)).toEqual(['Customer: Acme Ltd×']);
      expect(spy.calls).toHaveLength(1);
    } finally {
      spy.stop();
    }

    // A reload of that URL (a new board) shows the same view.
    board.remove();
    const again = await mount(
      api,
      { 'sync-url': '', range: '30d' },
      '<dash-chart breakdown="customer" metrics="revenue"></dash-chart>',
    );
    expect([again.range, again.filter]).toEqual(['90d', 'customer:101']);
    await expect.poll(() => chips(again)).toEqual(['Customer: Acme Ltd×']);
  });

  it('without sync-url leaves the URL alone', async () => {
    const api = fixtureBackend();
    history.replaceState(null, '', `${START_URL.split('?')[0]}?filter=customer:101`);
    const board = await mount(api, {}, '<dash-chart breakdown="customer" metrics="revenue" type="bar"></dash-chart>');
    expect(board.filter).toBeUndefined();
    board.filter = 'customer:87';
    await board.updateComplete;
    expect(location.search).toBe('?filter=customer:101');
  });
});
