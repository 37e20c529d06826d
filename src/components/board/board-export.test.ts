/**
 * The export menu's pure builders: children and state → the ad-hoc board JSON
 * (SPEC §7: each widget's type and its attributes in camelCase), and the CSV
 * exports of the board's tables.
 */
import { describe, expect, it } from 'vitest';
import { boardJson, csvExports, renderFilename, widgetsOf } from './board-export.js';

/** Elements parsed from markup, not connected (the builders only read attributes; no element is defined). */
function board(inner: string): Element {
  const el = document.createElement('dash-board');
  el.innerHTML = inner;
  return el;
}

const dims = [
  { id: 'customer', reports: ['stats', 'series', 'breakdown', 'aging'] },
  { id: 'region', reports: ['low-stock'] },
];

describe('boardJson', () => {
  it('turns each widget into its type and camelCase attributes, chart `type` as chartType', () => {
    const b = board(`
      <dash-stat-grid metrics="revenue,orders" no-trend style="grid-column: span 6"></dash-stat-grid>
      <dash-stat-card metric="revenue" compact class="x" id="card"></dash-stat-card>
      <dash-chart type="bar" breakdown="customer" metrics="revenue" limit="8" include-other aria-label="Top"></dash-chart>
      <dash-aging-table page-size="25" as-of="2026-11-30" sort="total"></dash-aging-table>
      <dash-low-stock limit="5" data-x="1"></dash-low-stock>
      <dash-activity limit="10" kinds="order"></dash-activity>`);
    expect(boardJson(widgetsOf(b), { title: 'Weekly' })).toEqual({
      title: 'Weekly',
      widgets: [
        { type: 'stat-grid', metrics: 'revenue,orders', noTrend: true },
        { type: 'stat-card', metric: 'revenue', compact: true },
        { type: 'chart', chartType: 'bar', breakdown: 'customer', metrics: 'revenue', limit: 8, includeOther: true },
        { type: 'aging-table', pageSize: 25, asOf: '2026-11-30', sort: 'total' },
        { type: 'low-stock', limit: 5 },
        { type: 'activity', limit: 10, kinds: 'order' },
      ],
    });
  });

  it('carries the period and filter; from and to only for a custom range', () => {
    const b = board('<dash-stat-card metric="revenue"></dash-stat-card>');
    const state = { title: 'T', range: 'month', from: '2026-01-01', to: '2026-01-31', compare: 'year' };
    expect(boardJson(widgetsOf(b), { ...state, filter: ' customer:42 ' })).toEqual({
      title: 'T',
      range: 'month',
      compare: 'year',
      filter: 'customer:42',
      widgets: [{ type: 'stat-card', metric: 'revenue' }],
    });
    expect(boardJson(widgetsOf(b), { ...state, filter: 'bucket:days_31_60, customer:7' }).filter).toBe('customer:7');
    expect(boardJson(widgetsOf(b), { ...state, filter: 'bucket:days_31_60' })).not.toHaveProperty('filter');
    expect(boardJson(widgetsOf(b), { ...state, title: ' ' }).title).toBe('Dashboard');
    expect(boardJson(widgetsOf(b), { ...state, range: 'custom' })).toMatchObject({
      range: 'custom',
      from: '2026-01-01',
      to: '2026-01-31',
    });
  });

  it('leaves out what is not a widget, widgets of a nested board, and what the board owns', () => {
    const b = board(`
      <dash-period-filter></dash-period-filter>
      <div><dash-stat-card metric="orders" range="7d" locale="de-DE" src="/other"></dash-stat-card></div>
      <dash-board><dash-stat-card metric="inner"></dash-stat-card></dash-board>
      <p>text</p>`);
    expect(boardJson(widgetsOf(b), { title: 'T' }).widgets).toEqual([{ type: 'stat-card', metric: 'orders' }]);
  });

  it('keeps a non-numeric limit as written (the server names it in its 400)', () => {
    const b = board('<dash-low-stock limit="lots"></dash-low-stock>');
    expect(boardJson(widgetsOf(b), { title: 'T' }).widgets).toEqual([{ type: 'low-stock', limit: 'lots' }]);
  });
});

describe('csvExports', () => {
  it('lists each table with its own sort and search and the filters its report takes', () => {
    const b = board(`
      <dash-stat-card metric="revenue"></dash-stat-card>
      <dash-aging-table sort="total" order="desc" search="acme"></dash-aging-table>
      <dash-low-stock></dash-low-stock>
      <dash-low-stock src="/elsewhere"></dash-low-stock>`);
    const filters = [
      { dimension: 'customer', value: '42' },
      { dimension: 'bucket', value: 'days_31_60' },
      { dimension: 'region', value: 'north' },
    ];
    expect(csvExports(widgetsOf(b), filters, dims)).toEqual([
      {
        label: 'CSV: Receivables aging',
        path: 'v1/export/aging.csv',
        query: {
          asOf: undefined,
          basis: undefined,
          sort: 'total',
          order: 'desc',
          search: 'acme',
          filter: 'customer:42',
          bucket: 'days_31_60',
        },
        filename: 'aging.csv',
      },
      {
        label: 'CSV: Low stock',
        path: 'v1/export/low-stock.csv',
        query: { filter: 'region:north' },
        filename: 'low-stock.csv',
      },
    ]);
  });

  it('numbers a second table of the same report and sends no filter before v1/meta says which apply', () => {
    const b = board('<dash-low-stock></dash-low-stock><dash-low-stock limit="3"></dash-low-stock>');
    const out = csvExports(widgetsOf(b), [{ dimension: 'region', value: 'north' }], undefined);
    expect(out.map((e) => [e.label, e.filename, e.query])).toEqual([
      ['CSV: Low stock', 'low-stock.csv', {}],
      ['CSV: Low stock (2)', 'low-stock-2.csv', {}],
    ]);
  });
});

describe('renderFilename', () => {
  it('names the file after the title and the period', () => {
    expect(renderFilename({ title: 'Weekly Sales — EU', range: 'month', widgets: [] }, 'pdf', '2026-12-06')).toBe(
      'weekly-sales-eu-month.pdf',
    );
    expect(
      renderFilename({ title: '', range: 'custom', from: '2026-01-01', to: '2026-01-31', widgets: [] }, 'png', 'x'),
    ).toBe('dashboard-2026-01-01_2026-01-31.png');
    expect(renderFilename({ title: 'گزارش فروش', widgets: [] }, 'pdf', '2026-12-06')).toBe('گزارش-فروش-2026-12-06.pdf');
  });
});
