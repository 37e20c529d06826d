import { ContextProvider } from '@lit/context';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import '../src/define/stat-grid.js';
import { dashboardContext } from '../src/context/dashboard.js';
import { createClient } from '../src/internal/client.js';
import { storyBackend } from '../tests/support/story-backend.js';

storyBackend('/mock/grid/ok');
storyBackend('/mock/grid/slow', { stats: 'slow' });
storyBackend('/mock/grid/broken', { stats: 'broken' });
storyBackend('/mock/grid/empty', { stats: 'empty' });
storyBackend('/mock/grid/stale', { stats: 'stale' });
storyBackend('/mock/grid/revalidating', { stats: 'revalidating' });
storyBackend('/mock/grid/fa', { meta: { locale: 'fa-IR', currency: 'IRR' }, moneyScale: 42_000 });

interface GridArgs {
  src: string;
  metrics: string;
  range?: string;
  compact?: boolean;
  theme?: string;
}

const grid = (args: GridArgs) => html`
  <dash-stat-grid
    style="max-width: 64rem"
    src=${args.src}
    metrics=${args.metrics}
    range=${ifDefined(args.range)}
    theme=${ifDefined(args.theme)}
    ?compact=${args.compact}
  ></dash-stat-grid>
`;

const storyMeta: Meta<GridArgs> = {
  title: 'Widgets/dash-stat-grid',
  component: 'dash-stat-grid',
  render: grid,
  args: { src: '/mock/grid/ok', metrics: 'revenue,orders,average_order_value,new_customers', range: 'month' },
  argTypes: {
    range: { control: 'select', options: ['today', 'week', 'month', 'quarter', 'year', '7d', '30d', '90d', '365d'] },
    theme: { control: 'inline-radio', options: ['light', 'dark'] },
    compact: { control: 'boolean' },
  },
};
export default storyMeta;

type Story = StoryObj<GridArgs>;

/** Four metrics from one `v1/stats` request. */
export const Default: Story = {};

/** Compact notation. */
export const Compact: Story = { args: { compact: true } };

/** Skeleton cards reserving the final size (a context client without timeout keeps this state). */
export const Loading: Story = {
  args: { src: '/mock/grid/slow' },
  render: (args) => {
    const host = document.createElement('div');
    new ContextProvider(host, {
      context: dashboardContext,
      initialValue: { client: createClient({ base: args.src, timeout: false }), revision: 0 },
    });
    const el = document.createElement('dash-stat-grid');
    el.metrics = args.metrics;
    el.style.maxWidth = '64rem';
    host.append(el);
    return host;
  },
};

export const Failed: Story = { name: 'Error', args: { src: '/mock/grid/broken' } };

/** No orders in the period. */
export const Empty: Story = { args: { src: '/mock/grid/empty' } };

/** The server served kept data while its database was down. */
export const Stale: Story = { args: { src: '/mock/grid/stale' } };

/** A normal stale-while-revalidate answer: no mark; a second later the refreshed figures replace it in place. */
export const Revalidating: Story = { args: { src: '/mock/grid/revalidating' } };

export const Dark: Story = {
  args: { theme: 'dark' },
  parameters: { backgrounds: { value: 'dark' } },
  render: (args) => html`<div style="background: var(--story-page, #0d1117); padding: 1rem">${grid(args)}</div>`,
};

export const Persian: Story = { name: 'fa-IR', args: { src: '/mock/grid/fa' } };
