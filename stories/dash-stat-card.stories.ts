import { ContextProvider } from '@lit/context';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import '../src/define/stat-card.js';
import { dashboardContext } from '../src/context/dashboard.js';
import { createClient } from '../src/internal/client.js';
import meta from '../tests/fixtures/meta.json';
import problem from '../tests/fixtures/problem-500.json';
import stats from '../tests/fixtures/stats.json';
import { installFetchMock, json } from '../tests/support/mock-fetch.js';
import { storyBackend } from '../tests/support/story-backend.js';

// Each story gets its own pretend backend; the JSON is the same contract-checked fixtures the tests use.
installFetchMock('/mock/ok', { 'v1/meta': meta, 'v1/stats': stats });
installFetchMock('/mock/slow', { 'v1/meta': meta, 'v1/stats': () => new Promise<Response>(() => {}) });
installFetchMock('/mock/broken', { 'v1/meta': meta, 'v1/stats': () => json(problem, 500) });
installFetchMock('/mock/card/year', {
  'v1/meta': meta,
  'v1/stats': {
    ...stats,
    comparison: {
      mode: 'year',
      from: '2025-10-09',
      to: '2025-11-07',
      label: 'Same period last year (9 Oct – 7 Nov 2025)',
    },
  },
});
storyBackend('/mock/card/empty', { stats: 'empty' });
storyBackend('/mock/card/stale', { stats: 'stale' });
storyBackend('/mock/card/revalidating', { stats: 'revalidating' });
storyBackend('/mock/card/fa', { meta: { locale: 'fa-IR', currency: 'IRR' }, moneyScale: 42_000 });

interface StatCardArgs {
  src: string;
  metric: string;
  range?: string;
  compare?: string;
  locale?: string;
  theme?: string;
  compact?: boolean;
}

const card = (args: StatCardArgs) => html`
  <dash-stat-card
    style="max-width: 18rem"
    src=${args.src}
    metric=${args.metric}
    range=${ifDefined(args.range)}
    compare=${ifDefined(args.compare)}
    locale=${ifDefined(args.locale)}
    theme=${ifDefined(args.theme)}
    ?compact=${args.compact}
  ></dash-stat-card>
`;

const storyMeta: Meta<StatCardArgs> = {
  title: 'Widgets/dash-stat-card',
  component: 'dash-stat-card',
  render: card,
  args: { src: '/mock/ok', metric: 'revenue', range: 'month' },
  argTypes: {
    metric: { control: 'select', options: meta.metrics.map((m) => m.id) },
    range: { control: 'select', options: ['today', 'week', 'month', 'quarter', 'year', '7d', '30d', '90d', '365d'] },
    compare: { control: 'inline-radio', options: ['previous', 'year', 'none'] },
    locale: { control: 'text' },
    theme: { control: 'inline-radio', options: ['light', 'dark'] },
    compact: { control: 'boolean' },
  },
};
export default storyMeta;

type Story = StoryObj<StatCardArgs>;

/** Revenue from the mocked backend: label and format come from `v1/meta`, the number from `v1/stats`. */
export const Default: Story = {};

/** Overdue receivables rose: the good direction of this metric is down, so the badge is red. */
export const BadNews: Story = { args: { metric: 'overdue' } };

/** The same number formatted for another locale than the backend's. */
export const GermanLocale: Story = { args: { locale: 'de-DE' } };

/** German against last year in a card of a four-column grid: the dates take a line of their own, uncut. */
export const GermanLastYear: Story = {
  name: 'de-DE, against last year',
  args: { src: '/mock/card/year', locale: 'de-DE', compare: 'year' },
  render: (args) => html`<div style="width: 16.5rem">${card(args)}</div>`,
};

export const Dark: Story = {
  args: { theme: 'dark' },
  parameters: { backgrounds: { value: 'dark' } },
  render: (args) => html`<div style="background: var(--story-page, #0d1117); padding: 1rem">${card(args)}</div>`,
};

/**
 * The skeleton shown until `v1/stats` answers (here: never). The card sits in a
 * minimal board context whose client has no timeout, so the story stays in this state.
 */
export const Loading: Story = {
  args: { src: '/mock/slow' },
  render: (args) => {
    const host = document.createElement('div');
    new ContextProvider(host, {
      context: dashboardContext,
      initialValue: { client: createClient({ base: args.src, timeout: false }), revision: 0 },
    });
    const el = document.createElement('dash-stat-card');
    el.metric = args.metric;
    el.style.maxWidth = '18rem';
    host.append(el);
    return host;
  },
};

/** `v1/stats` answered 500 with problem details: the card says why and offers Retry. */
export const Failed: Story = { name: 'Error', args: { src: '/mock/broken' } };

/** No orders in the period: the average is undefined ("—") and there is no change figure. */
export const Empty: Story = { args: { src: '/mock/card/empty', metric: 'average_order_value' } };

/** Compact notation; the full value is in the tooltip and the screen-reader text. */
export const Compact: Story = { args: { compact: true } };

/** The server kept this value because its refresh failed (`cache.refreshFailed`): the card marks it "Stale". */
export const Stale: Story = { args: { src: '/mock/card/stale' } };

/**
 * A normal stale-while-revalidate answer (`cache.stale` without `refreshFailed`): no mark; a second later the
 * card asks again and the refreshed value replaces it in place.
 */
export const Revalidating: Story = { args: { src: '/mock/card/revalidating' } };

/** Rials with Persian digits, right to left. */
export const Persian: Story = { name: 'fa-IR', args: { src: '/mock/card/fa' } };
