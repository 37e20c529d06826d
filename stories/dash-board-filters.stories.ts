import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { AgingResponse } from '../src/contract/aging.js';
import type { BreakdownResponse } from '../src/contract/breakdown.js';
import type { MetaResponse } from '../src/contract/meta.js';
import type { StatsResponse } from '../src/contract/stats.js';
import '../src/define/aging-table.js';
import '../src/define/board.js';
import '../src/define/chart.js';
import '../src/define/low-stock.js';
import '../src/define/period-filter.js';
import '../src/define/stat-grid.js';
import aging from '../tests/fixtures/aging.json';
import breakdown from '../tests/fixtures/breakdown.json';
import lowStock from '../tests/fixtures/lowStock.json';
import commerce from '../tests/fixtures/meta.commerce.json';
import series from '../tests/fixtures/series.json';
import statsFixture from '../tests/fixtures/stats.json';
import { buildStats } from '../tests/support/fixture-data.js';
import { installFetchMock, json } from '../tests/support/mock-fetch.js';

/**
 * A pretend backend that filters the fixtures as the reference adapter would: a customer narrows the
 * breakdown to its row and aging to its line, a bucket keeps the customers with money in it, and every
 * answer echoes `filters` with the customer's name. (Stats keep the fixture's numbers.)
 */
const NAMES = new Map(breakdown.rows.map((r) => [r.key, r.label] as const));
const filtersOf = (url: URL) => {
  const raw = url.searchParams.get('filter');
  if (!raw) return {};
  return {
    filters: raw.split(',').map((pair) => {
      const [dimension = '', value = ''] = pair.split(':');
      return { dimension, value, label: NAMES.get(value) ?? value };
    }),
  };
};
const customerOf = (url: URL) => /(?:^|,)customer:([^,]+)/.exec(url.searchParams.get('filter') ?? '')?.[1];

installFetchMock('/mock/filters', {
  'v1/meta': commerce,
  'v1/stats': (_request: Request, url: URL) =>
    json({
      ...buildStats(statsFixture as StatsResponse, commerce as MetaResponse, Object.fromEntries(url.searchParams)),
      ...filtersOf(url),
    }),
  'v1/series': (_request: Request, url: URL) => {
    const wanted = url.searchParams.get('metrics')?.split(',') ?? [];
    return json({ ...series, series: series.series.filter((s) => wanted.includes(s.metric)), ...filtersOf(url) });
  },
  'v1/breakdown': (_request: Request, url: URL) => {
    const id = customerOf(url);
    const rows = id ? breakdown.rows.filter((r) => r.key === id).map((r) => ({ ...r, share: 1 })) : breakdown.rows;
    const total = id ? (rows[0]?.value ?? '0') : breakdown.total;
    return json({ ...(breakdown as BreakdownResponse), rows, total, ...filtersOf(url) });
  },
  'v1/aging': (_request: Request, url: URL) => {
    const id = customerOf(url);
    const bucket = url.searchParams.get('bucket');
    const body = structuredClone(aging) as AgingResponse;
    if (id || bucket) {
      body.customers = body.customers.filter(
        (c) => (!id || String(c.id) === id) && (!bucket || Number(c.buckets[bucket] ?? 0) > 0),
      );
      for (const b of body.buckets)
        body.totals[b.id] = body.customers.reduce((sum, c) => sum + Number(c.buckets[b.id] ?? 0), 0).toFixed(2);
      const receivable = body.customers.reduce((sum, c) => sum + Number(c.total), 0);
      const overdue = body.customers.reduce((sum, c) => sum + Number(c.overdue), 0);
      body.summary = {
        ...body.summary,
        customers: body.customers.length,
        receivable: receivable.toFixed(2),
        overdue: overdue.toFixed(2),
        overdueRatio: receivable ? overdue / receivable : 0,
      };
      body.total = body.customers.length;
    }
    return json({ ...body, ...(bucket ? { bucket } : {}), ...filtersOf(url) });
  },
  'v1/low-stock': lowStock,
});

interface FilterArgs {
  filter?: string;
  theme?: string;
}

const board = (args: FilterArgs) => html`
  <dash-board
    src="/mock/filters"
    filter=${ifDefined(args.filter)}
    theme=${ifDefined(args.theme)}
    style="max-width: 72rem"
  >
    <dash-period-filter></dash-period-filter>
    <dash-stat-grid metrics="revenue,orders,receivables,low_stock_items"></dash-stat-grid>
    <dash-chart breakdown="customer" metrics="revenue" type="bar" style="grid-column: span 7"></dash-chart>
    <dash-chart report="aging" type="donut" style="grid-column: span 5"></dash-chart>
    <dash-aging-table page-size="5"></dash-aging-table>
    <dash-low-stock limit="3"></dash-low-stock>
  </dash-board>
`;

const storyMeta: Meta<FilterArgs> = {
  title: 'Widgets/Cross-filtering',
  component: 'dash-board',
  render: board,
  args: {},
  argTypes: {
    filter: { control: 'text' },
    theme: { control: 'inline-radio', options: ['light', 'dark', 'auto'] },
  },
};
export default storyMeta;

type Story = StoryObj<FilterArgs>;

/**
 * No filter yet: click a customer's bar, a slice of the aging donut or the funnel beside a customer in the
 * aging table (or reach them with Tab, the arrow keys and Enter) and the board filters every widget that can be.
 */
export const Unfiltered: Story = {};

/**
 * `filter="customer:214"`: the KPIs, the top-customers chart, the aging chart and table narrowed to
 * Brightside Café (low stock is the shop's: it reads no customer data); a chip removes the filter.
 */
export const ByCustomer: Story = { name: 'Filtered by a customer', args: { filter: 'customer:214' } };

/** `filter="bucket:days_31_60"`: the aging table lists the customers owing money 31–60 days late. */
export const ByAgingBucket: Story = { name: 'Filtered by an aging bucket', args: { filter: 'bucket:days_31_60' } };

/** A customer and a bucket at once: one chip each. */
export const TwoFilters: Story = {
  name: 'Two filters',
  args: { filter: 'customer:101,bucket:days_1_30' },
};

/** The chips and the filtered widgets in the dark palette. */
export const Dark: Story = {
  args: { filter: 'customer:214', theme: 'dark' },
  parameters: { backgrounds: { value: 'dark' } },
  render: (args) => html`<div style="background: var(--story-page, #0d1117); padding: 1rem">${board(args)}</div>`,
};
