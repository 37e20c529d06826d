import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import '../src/define/board.js';
import '../src/define/period-filter.js';
import '../src/define/stat-card.js';
import '../src/define/stat-grid.js';
import { storyBackend } from '../tests/support/story-backend.js';

storyBackend('/mock/board/ok');
storyBackend('/mock/board/slow', { stats: 'slow' });
storyBackend('/mock/board/broken', { stats: 'broken' });
storyBackend('/mock/board/empty', { stats: 'empty' });
storyBackend('/mock/board/fa', { meta: { locale: 'fa-IR', currency: 'IRR' }, moneyScale: 42_000 });

interface BoardArgs {
  src: string;
  range?: string;
  compare?: string;
  theme?: string;
  locale?: string;
}

const board = (args: BoardArgs) => html`
  <dash-board
    src=${args.src}
    range=${ifDefined(args.range)}
    compare=${ifDefined(args.compare)}
    theme=${ifDefined(args.theme)}
    locale=${ifDefined(args.locale)}
    style="max-width: 64rem"
  >
    <dash-period-filter></dash-period-filter>
    <dash-stat-grid metrics="revenue,orders,average_order_value,new_customers"></dash-stat-grid>
    <dash-stat-card metric="receivables" style="grid-column: span 6"></dash-stat-card>
    <dash-stat-card metric="overdue" style="grid-column: span 6"></dash-stat-card>
  </dash-board>
`;

const storyMeta: Meta<BoardArgs> = {
  title: 'Widgets/dash-board',
  component: 'dash-board',
  render: (args) => board(args),
  args: { src: '/mock/board/ok', range: 'month' },
  argTypes: {
    range: { control: 'select', options: ['today', 'week', 'month', 'quarter', 'year', '7d', '30d', '90d', '365d'] },
    compare: { control: 'inline-radio', options: ['previous', 'year', 'none'] },
    theme: { control: 'inline-radio', options: ['light', 'dark', 'auto'] },
    locale: { control: 'text' },
  },
};
export default storyMeta;

type Story = StoryObj<BoardArgs>;

/** A filter, a stat grid and two cards sharing one backend and period; the filter drives the board. */
export const Default: Story = {};

/** Every widget shows its skeleton while `v1/stats` is pending (here until the client's 10 s timeout). */
export const Loading: Story = { args: { src: '/mock/board/slow' } };

/** `v1/stats` answers 500: each widget says why and offers Retry. */
export const Failed: Story = { name: 'Error', args: { src: '/mock/board/broken' } };

/** No orders in the period: zero counts, undefined averages ("—"), no change figures. */
export const Empty: Story = { args: { src: '/mock/board/empty' } };

/** `theme="dark"` on the board reaches every widget inside it. */
export const Dark: Story = {
  args: { theme: 'dark' },
  parameters: { backgrounds: { value: 'dark' } },
  render: (args) => html`<div style="background: var(--story-page, #0d1117); padding: 1rem">${board(args)}</div>`,
};

/** A backend configured for Iran: Persian digits, rials, right-to-left layout. */
export const Persian: Story = {
  name: 'fa-IR',
  args: { src: '/mock/board/fa' },
  render: (args) => board(args),
};
