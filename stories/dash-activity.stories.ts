import { ContextProvider } from '@lit/context';
import type { Meta, StoryObj } from '@storybook/web-components-vite';
import { html } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import '../src/define/activity.js';
import type { ActivityItem } from '../src/contract/activity.js';
import { dashboardContext, type DashboardContext } from '../src/context/dashboard.js';
import { createClient } from '../src/internal/client.js';
import activityEmpty from '../tests/fixtures/activity.empty.json';
import activity from '../tests/fixtures/activity.json';
import meta from '../tests/fixtures/meta.json';
import problem from '../tests/fixtures/problem-500.json';
import { installFetchMock, json } from '../tests/support/mock-fetch.js';

/** The fixture's items, dated as if they had just happened (a few minutes apart), paged by `limit`. */
function feed(extra: ActivityItem[] = []) {
  return (_request: Request, url: URL) => {
    const limit = Number(url.searchParams.get('limit') ?? 50);
    const now = Date.now();
    const items = [
      ...extra,
      ...activity.items.map((item, i) => ({ ...item, at: new Date(now - (i + 1) * 240_000).toISOString() })),
    ];
    return json({
      ...activity,
      items: items.slice(0, limit),
      limit,
      ...(items.length > limit ? { next: 'more' } : {}),
    });
  };
}

const routes = { 'v1/meta': meta, 'v1/activity': feed() };
installFetchMock('/mock/activity-ok', routes);
installFetchMock('/mock/activity-fa', { ...routes, 'v1/meta': { ...meta, locale: 'fa-IR', currency: 'IRR' } });
installFetchMock('/mock/activity-empty', { ...routes, 'v1/activity': activityEmpty });
installFetchMock('/mock/activity-slow', { ...routes, 'v1/activity': () => new Promise<Response>(() => {}) });
installFetchMock('/mock/activity-broken', { ...routes, 'v1/activity': () => json(problem, 500) });

/** Orders that "arrive" while the live story is open: one every three seconds. */
const arrived: ActivityItem[] = [];
installFetchMock('/mock/activity-live', { ...routes, 'v1/activity': (r: Request, u: URL) => feed(arrived)(r, u) });

interface ActivityArgs {
  src: string;
  limit?: number;
  kinds?: string;
  theme?: string;
}

const feedElement = (args: ActivityArgs) => html`
  <dash-activity
    style="max-width: 36rem"
    src=${args.src}
    limit=${ifDefined(args.limit)}
    kinds=${ifDefined(args.kinds)}
    theme=${ifDefined(args.theme)}
  ></dash-activity>
`;

/** A stand-in board around the feed: the context a `<dash-board>` provides, with `select` logging to the console. */
function inBoard(args: ActivityArgs, extra: Partial<DashboardContext> = {}) {
  const host = document.createElement('div');
  const value: DashboardContext = {
    client: createClient({ base: args.src }),
    revision: 0,
    topicRevisions: {},
    select: (filter) => console.info('dash-activity asked the board to filter by', filter),
    ...extra,
  };
  const provider = new ContextProvider(host, { context: dashboardContext, initialValue: value });
  const el = document.createElement('dash-activity');
  el.limit = args.limit ?? 8;
  el.style.maxWidth = '36rem';
  host.append(el);
  return { host, provider, value };
}

const storyMeta: Meta<ActivityArgs> = {
  title: 'Widgets/dash-activity',
  component: 'dash-activity',
  render: feedElement,
  args: { src: '/mock/activity-ok', limit: 8 },
  argTypes: { theme: { control: 'inline-radio', options: ['light', 'dark'] } },
};
export default storyMeta;

type Story = StoryObj<ActivityArgs>;

/** Newest first: orders and a ticket, each with its customer, amount, state and how long ago. */
export const Default: Story = {};

/** Inside a board each customer is a button that asks the board to filter by that customer. */
export const InABoard: Story = { name: 'In a board (customers filter)', render: (args) => inBoard(args).host };

/**
 * Receiving live: an order arrives every three seconds and the board says `orders` changed; the new item is
 * prepended with a brief highlight and announced to screen readers.
 */
export const ReceivingLive: Story = {
  name: 'Receiving live',
  args: { src: '/mock/activity-live' },
  render: (args) => {
    arrived.length = 0;
    const board = inBoard(args);
    let revision = 0;
    const timer = setInterval(() => {
      if (!board.host.isConnected) return clearInterval(timer);
      const id = 5000 + arrived.length;
      arrived.unshift({
        id,
        kind: 'order',
        at: new Date().toISOString(),
        title: `Order #${id}`,
        amount: `${(id % 7) * 13 + 20}.00`,
        status: 'sale',
        customer: { id: 2, name: 'Nordwind Logistik GmbH' },
      });
      board.provider.setValue({ ...board.value, topicRevisions: { orders: ++revision } });
    }, 3000);
    return board.host;
  },
};

/** Only tickets (`kinds="ticket"`). */
export const Kinds: Story = { args: { kinds: 'ticket' } };

export const Dark: Story = {
  args: { theme: 'dark' },
  parameters: { backgrounds: { value: 'dark' } },
  render: (args) => html`<div style="background: var(--story-page, #0d1117); padding: 1rem">${feedElement(args)}</div>`,
};

export const Persian: Story = {
  name: 'fa-IR',
  args: { src: '/mock/activity-fa', limit: 5 },
  render: (args) => html`<div dir="rtl" lang="fa">${feedElement(args)}</div>`,
};

/** An empty feed: nothing has happened yet. */
export const Empty: Story = { args: { src: '/mock/activity-empty' } };

export const Loading: Story = {
  args: { src: '/mock/activity-slow' },
  render: (args) => {
    const host = document.createElement('div');
    new ContextProvider(host, {
      context: dashboardContext,
      initialValue: { client: createClient({ base: args.src, timeout: false }), revision: 0 },
    });
    const el = document.createElement('dash-activity');
    el.style.maxWidth = '36rem';
    host.append(el);
    return host;
  },
};

export const Failed: Story = { name: 'Error', args: { src: '/mock/activity-broken' } };
