import { ContextProvider } from '@lit/context';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import '../src/define/aging-table.js';
import { dashboardContext } from '../src/context/dashboard.js';
import { createClient } from '../src/internal/client.js';
import agingEmpty from '../tests/fixtures/aging.empty.json';
import aging from '../tests/fixtures/aging.json';
import invoices from '../tests/fixtures/agingInvoices.json';
import meta from '../tests/fixtures/meta.json';
import problem from '../tests/fixtures/problem-500.json';
import { installFetchMock, json } from '../tests/support/mock-fetch.js';

/** Twelve customers (the fixture's five and seven more), paged, sorted and searched like the real endpoint. */
const customers = Array.from({ length: aging.total }, (_, i) =>
  i < aging.customers.length
    ? aging.customers[i]!
    : { ...aging.customers[i % aging.customers.length]!, id: 900 + i, name: `Customer ${i + 1}` },
);
const agingPages = (_request: Request, url: URL) => {
  const q = url.searchParams;
  const offset = Number(q.get('offset') ?? 0);
  const limit = Number(q.get('limit') ?? 50);
  const search = q.get('search')?.toLowerCase() ?? '';
  const sort = q.get('sort') ?? 'overdue';
  const sign = q.get('order') === 'asc' ? 1 : -1;
  const value = (c: (typeof customers)[number]) =>
    sort === 'name'
      ? c.name
      : Number(sort in c.buckets ? c.buckets[sort as keyof typeof c.buckets] : c[sort as 'total' | 'overdue']);
  const rows = customers
    .filter((c) => c.name.toLowerCase().includes(search))
    .sort((a, b) => (value(a) < value(b) ? -sign : value(a) > value(b) ? sign : 0));
  return json({ ...aging, customers: rows.slice(offset, offset + limit), total: rows.length, offset, limit });
};
const invoicesFor = (_request: Request, url: URL) => {
  const id = url.pathname.split('/').at(-2) ?? '';
  const customer = customers.find((c) => String(c.id) === id);
  return json({ ...invoices, customer: { id: customer?.id ?? id, name: customer?.name ?? id } });
};

// The mock answers v1/aging/customers/{id}/invoices for every listed customer.
const routes = {
  'v1/meta': meta,
  'v1/aging': agingPages,
  ...Object.fromEntries(customers.map((c) => [`v1/aging/customers/${c.id}/invoices`, invoicesFor])),
};
installFetchMock('/mock/aging-ok', routes);
installFetchMock('/mock/aging-fa', { ...routes, 'v1/meta': { ...meta, locale: 'fa-IR', currency: 'IRR' } });
installFetchMock('/mock/aging-empty', { ...routes, 'v1/aging': agingEmpty });
installFetchMock('/mock/aging-slow', { ...routes, 'v1/aging': () => new Promise<Response>(() => {}) });
installFetchMock('/mock/aging-broken', { ...routes, 'v1/aging': () => json(problem, 500) });

interface AgingArgs {
  src: string;
  asOf?: string;
  basis?: string;
  pageSize?: number;
  sort?: string;
  order?: string;
  theme?: string;
}

const table = (args: AgingArgs) => html`
  <dash-aging-table
    src=${args.src}
    as-of=${ifDefined(args.asOf)}
    basis=${ifDefined(args.basis)}
    page-size=${ifDefined(args.pageSize)}
    sort=${ifDefined(args.sort)}
    order=${ifDefined(args.order)}
    theme=${ifDefined(args.theme)}
  ></dash-aging-table>
`;

const storyMeta: Meta<AgingArgs> = {
  title: 'Widgets/dash-aging-table',
  component: 'dash-aging-table',
  render: table,
  args: { src: '/mock/aging-ok' },
  argTypes: {
    basis: { control: 'inline-radio', options: ['due', 'invoice'] },
    order: { control: 'inline-radio', options: ['asc', 'desc'] },
    theme: { control: 'inline-radio', options: ['light', 'dark'] },
  },
};
export default storyMeta;

type Story = StoryObj<AgingArgs>;

/** All twelve customers, most overdue first; sort from the headers, search, open a row. */
export const Default: Story = {};

/** Five per page: "1–5 of 12" with Previous and Next. */
export const Paging: Story = { args: { pageSize: 5 } };

export const Dark: Story = {
  args: { theme: 'dark', pageSize: 5 },
  parameters: { backgrounds: { value: 'dark' } },
  render: (args) => html`<div style="background: var(--story-page, #0d1117); padding: 1rem">${table(args)}</div>`,
};

export const Persian: Story = {
  name: 'fa-IR',
  args: { src: '/mock/aging-fa', pageSize: 5 },
  render: (args) => html`<div dir="rtl" lang="fa">${table(args)}</div>`,
};

export const Empty: Story = { args: { src: '/mock/aging-empty' } };

/** The skeleton until `v1/aging` answers (here: never; the client has no timeout). */
export const Loading: Story = {
  args: { src: '/mock/aging-slow' },
  render: (args) => {
    const host = document.createElement('div');
    new ContextProvider(host, {
      context: dashboardContext,
      initialValue: { client: createClient({ base: args.src, timeout: false }), revision: 0 },
    });
    const el = document.createElement('dash-aging-table');
    el.pageSize = 5;
    host.append(el);
    return host;
  },
};

export const Failed: Story = { name: 'Error', args: { src: '/mock/aging-broken' } };
