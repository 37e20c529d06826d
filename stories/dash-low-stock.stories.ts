import { ContextProvider } from '@lit/context';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import '../src/define/low-stock.js';
import { dashboardContext } from '../src/context/dashboard.js';
import { createClient } from '../src/internal/client.js';
import lowStockEmpty from '../tests/fixtures/lowStock.empty.json';
import lowStock from '../tests/fixtures/lowStock.json';
import meta from '../tests/fixtures/meta.json';
import problem from '../tests/fixtures/problem-500.json';
import { installFetchMock, json } from '../tests/support/mock-fetch.js';

/** Eight products (the fixture's five and three more), paged like the real endpoint. */
const items = [
  ...lowStock.items,
  ...[1, 2, 3].map((i) => ({ ...lowStock.items[3]!, id: 100 + i, sku: `EXTRA-${i}`, name: `Extra product ${i}` })),
];
const pages = (_request: Request, url: URL) => {
  const offset = Number(url.searchParams.get('offset') ?? 0);
  const limit = Number(url.searchParams.get('limit') ?? 50);
  // Totals over all eight, as the contract counts them (the fixture's own `outOfStock` counts another catalogue).
  const outOfStock = items.filter((item) => item.status === 'out').length;
  return json({
    ...lowStock,
    items: items.slice(offset, offset + limit),
    total: items.length,
    outOfStock,
    offset,
    limit,
  });
};

const routes = { 'v1/meta': meta, 'v1/low-stock': pages };
installFetchMock('/mock/stock-ok', routes);
installFetchMock('/mock/stock-fa', { ...routes, 'v1/meta': { ...meta, locale: 'fa-IR', currency: 'IRR' } });
installFetchMock('/mock/stock-empty', { ...routes, 'v1/low-stock': lowStockEmpty });
installFetchMock('/mock/stock-slow', { ...routes, 'v1/low-stock': () => new Promise<Response>(() => {}) });
installFetchMock('/mock/stock-broken', { ...routes, 'v1/low-stock': () => json(problem, 500) });

interface LowStockArgs {
  src: string;
  limit?: number;
  theme?: string;
  locale?: string;
  /** The card's width; at 40rem and under the status joins the product cell and the bar gives way. */
  width?: string;
}

const list = (args: LowStockArgs) => html`
  <dash-low-stock
    style=${`max-width: ${args.width ?? '48rem'}`}
    src=${args.src}
    limit=${ifDefined(args.limit)}
    theme=${ifDefined(args.theme)}
    locale=${ifDefined(args.locale)}
  ></dash-low-stock>
`;

const storyMeta: Meta<LowStockArgs> = {
  title: 'Widgets/dash-low-stock',
  component: 'dash-low-stock',
  render: list,
  args: { src: '/mock/stock-ok' },
  argTypes: { theme: { control: 'inline-radio', options: ['light', 'dark'] } },
};
export default storyMeta;

type Story = StoryObj<LowStockArgs>;

/** Most urgent first: out of stock, then the lowest against their reorder level. */
export const Default: Story = {};

/** Five per page: "1–5 of 8". */
export const Paging: Story = { args: { limit: 5 } };

export const Dark: Story = {
  args: { theme: 'dark', limit: 5 },
  parameters: { backgrounds: { value: 'dark' } },
  render: (args) => html`<div style="background: var(--story-page, #0d1117); padding: 1rem">${list(args)}</div>`,
};

export const Persian: Story = {
  name: 'fa-IR',
  args: { src: '/mock/stock-fa', limit: 5 },
  render: (args) => html`<div dir="rtl" lang="fa">${list(args)}</div>`,
};

/** Half of a 1280 px board in German: the compact layout, nothing cut or scrolled sideways. */
export const GermanHalfBoard: Story = {
  name: 'de-DE, half a board',
  args: { locale: 'de-DE', limit: 5, width: '37rem' },
};

/** Every product above its reorder level. */
export const Empty: Story = { args: { src: '/mock/stock-empty' } };

export const Loading: Story = {
  args: { src: '/mock/stock-slow' },
  render: (args) => {
    const host = document.createElement('div');
    new ContextProvider(host, {
      context: dashboardContext,
      initialValue: { client: createClient({ base: args.src, timeout: false }), revision: 0 },
    });
    const el = document.createElement('dash-low-stock');
    el.limit = 5;
    el.style.maxWidth = '48rem';
    host.append(el);
    return host;
  },
};

export const Failed: Story = { name: 'Error', args: { src: '/mock/stock-broken' } };
