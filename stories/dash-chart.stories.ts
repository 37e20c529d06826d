import { ContextProvider } from '@lit/context';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import '../src/define/chart.js';
import { dashboardContext } from '../src/context/dashboard.js';
import { createClient } from '../src/internal/client.js';
import aging from '../tests/fixtures/aging.json';
import breakdownEmpty from '../tests/fixtures/breakdown.empty.json';
import breakdown from '../tests/fixtures/breakdown.json';
import meta from '../tests/fixtures/meta.json';
import problem from '../tests/fixtures/problem-500.json';
import seriesEmpty from '../tests/fixtures/series.empty.json';
import series from '../tests/fixtures/series.json';
import { installFetchMock, json } from '../tests/support/mock-fetch.js';

/** `v1/series` with only the requested metrics, as a backend answers. */
const seriesFor = (source: typeof series) => (_request: Request, url: URL) => {
  const wanted = url.searchParams.get('metrics')?.split(',') ?? [];
  return json({ ...source, series: source.series.filter((s) => wanted.includes(s.metric)) });
};

// Each story gets its own pretend backend; the JSON is the same contract-checked fixtures the tests use.
const routes = { 'v1/meta': meta, 'v1/series': seriesFor(series), 'v1/breakdown': breakdown, 'v1/aging': aging };
installFetchMock('/mock/chart-ok', routes);
installFetchMock('/mock/chart-fa', { ...routes, 'v1/meta': { ...meta, locale: 'fa-IR', currency: 'IRR' } });
installFetchMock('/mock/chart-empty', { ...routes, 'v1/series': seriesEmpty, 'v1/breakdown': breakdownEmpty });
installFetchMock('/mock/chart-slow', { ...routes, 'v1/series': () => new Promise<Response>(() => {}) });
installFetchMock('/mock/chart-broken', { ...routes, 'v1/series': () => json(problem, 500) });

interface ChartArgs {
  src: string;
  metrics?: string;
  type?: string;
  granularity?: string;
  breakdown?: string;
  report?: string;
  limit?: number;
  compare?: string;
  locale?: string;
  theme?: string;
}

const chart = (args: ChartArgs) => html`
  <dash-chart
    style="max-width: 40rem"
    src=${args.src}
    metrics=${ifDefined(args.metrics)}
    type=${ifDefined(args.type)}
    granularity=${ifDefined(args.granularity)}
    breakdown=${ifDefined(args.breakdown)}
    report=${ifDefined(args.report)}
    limit=${ifDefined(args.limit)}
    compare=${ifDefined(args.compare)}
    locale=${ifDefined(args.locale)}
    theme=${ifDefined(args.theme)}
  ></dash-chart>
`;

const storyMeta: Meta<ChartArgs> = {
  title: 'Widgets/dash-chart',
  component: 'dash-chart',
  render: chart,
  args: { src: '/mock/chart-ok', metrics: 'revenue,orders', type: 'line' },
  argTypes: {
    type: { control: 'inline-radio', options: ['line', 'area', 'bar', 'pie', 'donut'] },
    granularity: { control: 'inline-radio', options: ['day', 'week', 'month'] },
    compare: { control: 'inline-radio', options: ['previous', 'year', 'none'] },
    breakdown: { control: 'inline-radio', options: [undefined, 'customer'] },
    report: { control: 'inline-radio', options: [undefined, 'aging'] },
    theme: { control: 'inline-radio', options: ['light', 'dark'] },
  },
};
export default storyMeta;

type Story = StoryObj<ChartArgs>;

/** Revenue and orders per day, each with its previous period dashed; money on the left axis, counts on the right. */
export const Default: Story = {};

export const Area: Story = { args: { metrics: 'revenue', type: 'area' } };

export const Bar: Story = { args: { metrics: 'orders', type: 'bar' } };

/** Top customers by revenue (`v1/breakdown`), the rest as "Other customers". */
export const BreakdownDonut: Story = { args: { metrics: 'revenue', breakdown: 'customer', type: 'donut', limit: 5 } };

export const BreakdownPie: Story = { args: { metrics: 'revenue', breakdown: 'customer', type: 'pie', limit: 5 } };

export const BreakdownBar: Story = { args: { metrics: 'revenue', breakdown: 'customer', type: 'bar', limit: 5 } };

/** Receivables per aging bucket (`v1/aging` totals). */
export const AgingDonut: Story = { args: { metrics: undefined, report: 'aging', type: 'donut' } };

export const AgingBar: Story = { args: { metrics: undefined, report: 'aging', type: 'bar' } };

export const Dark: Story = {
  args: { theme: 'dark' },
  parameters: { backgrounds: { value: 'dark' } },
  render: (args) => html`<div style="background: var(--story-page, #0d1117); padding: 1rem">${chart(args)}</div>`,
};

/** Persian digits and calendar, right to left: time runs from the right, the value axis sits on the right. */
export const Persian: Story = {
  name: 'fa-IR',
  args: { src: '/mock/chart-fa', metrics: 'revenue' },
  render: (args) => html`<div dir="rtl" lang="fa">${chart(args)}</div>`,
};

/** Every value zero: "No data for this period" in the reserved space. */
export const Empty: Story = { args: { src: '/mock/chart-empty', metrics: 'revenue' } };

/** The skeleton reserving the chart's height until `v1/series` answers (here: never; the client has no timeout). */
export const Loading: Story = {
  args: { src: '/mock/chart-slow' },
  render: (args) => {
    const host = document.createElement('div');
    new ContextProvider(host, {
      context: dashboardContext,
      initialValue: { client: createClient({ base: args.src, timeout: false }), revision: 0 },
    });
    const el = document.createElement('dash-chart');
    el.metrics = 'revenue';
    el.style.maxWidth = '40rem';
    host.append(el);
    return host;
  },
};

/** `v1/series` answered 500: the reason and a Retry button. */
export const Failed: Story = { name: 'Error', args: { src: '/mock/chart-broken', metrics: 'revenue' } };

/**
 * The demo's revenue-and-orders chart: two y-axes titled in their series' colours, only the first metric filled,
 * previous periods dashed.
 */
export const RevenueAndOrdersArea: Story = { args: { metrics: 'revenue,orders', type: 'area' } };

/** At 390 px the legend wraps onto a second row (it never pages) and the plot starts below it. */
export const Narrow: Story = {
  args: { metrics: 'revenue,orders', type: 'area' },
  render: (args) => html`<div style="width: 390px">${chart({ ...args })}</div>`,
};

/** The aging donut in the dark theme: the neutral → amber → red scale and the total in the centre. */
export const AgingDonutDark: Story = {
  args: { metrics: undefined, report: 'aging', type: 'donut', theme: 'dark' },
  parameters: { backgrounds: { value: 'dark' } },
  render: (args) =>
    html`<div style="background: var(--story-page, #0d1117); padding: 1rem; width: 390px">${chart(args)}</div>`,
};

/** A failed first load keeps the chart's `label` as its title, the error in the chart's place. */
export const FailedWithLabel: Story = {
  name: 'Error, labelled',
  args: { src: '/mock/chart-broken', metrics: 'revenue' },
  // The host writes its label in its page's language (the toolbar's locale).
  render: (args, { globals }) =>
    html`<dash-chart
      style="max-width: 40rem"
      src=${args.src}
      metrics="revenue"
      label=${{ 'fa-IR': 'درآمد', 'ar-SA': 'الإيرادات' }[String(globals['locale'])] ?? 'Revenue'}
    ></dash-chart>`,
};
