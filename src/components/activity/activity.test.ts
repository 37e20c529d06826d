import { ContextProvider } from '@lit/context';
import axe from 'axe-core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { userEvent } from 'vitest/browser';
import { ActivityResponse, type ActivityItem } from '../../contract/activity.js';
import { MetaResponse } from '../../contract/meta.js';
import { dashboardContext, type DashboardContext } from '../../context/dashboard.js';
import { createClient } from '../../internal/client.js';
import activityJson from '../../../tests/fixtures/activity.json';
import metaJson from '../../../tests/fixtures/meta.json';
import { fixtureBackend } from '../../../tests/support/fixture-backend.js';
import { liveBoard, requestCount } from '../../../tests/support/live-board.js';
import { installFetchMock, json, type FetchMock, type Route } from '../../../tests/support/mock-fetch.js';
import '../../define/activity.js';
import type { DashActivity } from './activity.js';

const META = MetaResponse.parse(metaJson);
const ACTIVITY = ActivityResponse.parse(activityJson);

const mocks: FetchMock[] = [];
let baseCounter = 0;

afterEach(() => {
  // Spies first: one on a faked setTimeout would otherwise put the fake back after the real timers returned.
  vi.restoreAllMocks();
  vi.useRealTimers();
  for (const el of document.querySelectorAll('dash-activity, dash-board, .host')) el.remove();
  for (const mock of mocks.splice(0)) mock.restore();
});

/** A mock backend whose feed is `feed()` at the time of each request (newest first), paged by `limit`. */
function backend(feed: () => ActivityItem[] = () => ACTIVITY.items, routes: Record<string, Route> = {}) {
  const base = `/activity-api-${++baseCounter}`;
  const page: Route = (_request: Request, url: URL) => {
    const limit = Number(url.searchParams.get('limit') ?? 50);
    const items = feed();
    return json({
      ...structuredClone(ACTIVITY),
      items: items.slice(0, limit),
      limit,
      ...(items.length > limit ? { next: 'c' } : {}),
    });
  };
  const mock = installFetchMock(base, { 'v1/meta': structuredClone(META), 'v1/activity': page, ...routes });
  mocks.push(mock);
  return { base, mock };
}

/** A stand-in board: a context provider on a plain element, whose value a test changes (an invalidation, a filter). */
function board(base: string, extra: Partial<DashboardContext> = {}) {
  const host = document.createElement('div');
  host.className = 'host';
  document.body.append(host);
  let value: DashboardContext = { client: createClient({ base }), revision: 0, topicRevisions: {}, ...extra };
  const provider = new ContextProvider(host, { context: dashboardContext, initialValue: value });
  return {
    host,
    set(change: Partial<DashboardContext>) {
      value = { ...value, ...change };
      provider.setValue(value);
    },
    /** What a live `invalidate` event naming `topics` does to the context. */
    invalidate(...topics: string[]) {
      const next = { ...value.topicRevisions };
      for (const t of topics) next[t] = (next[t] ?? 0) + 1;
      this.set({ topicRevisions: next });
    },
  };
}

async function mount(attributes: Record<string, string> = {}, parent: HTMLElement = document.body) {
  const el = document.createElement('dash-activity');
  el.style.width = '36rem';
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  parent.append(el);
  await settled(el);
  return el;
}

const $ = (el: DashActivity, selector: string) => el.shadowRoot!.querySelector<HTMLElement>(selector);
const $$ = (el: DashActivity, selector: string) => [...el.shadowRoot!.querySelectorAll<HTMLElement>(selector)];
const text = (node: Element | null | undefined) => node?.textContent?.replace(/\s+/g, ' ').trim();
const titles = (el: DashActivity) => $$(el, 'li > b').map((b) => text(b));
const announced = (el: DashActivity) => text($(el, '[role="status"]'));

async function settled(el: DashActivity): Promise<void> {
  await expect.poll(() => $(el, '[part~="base"]')?.getAttribute('aria-busy')).toBe('false');
  await el.updateComplete;
}

async function axeViolations(el: Element): Promise<string[]> {
  const results = await axe.run(el, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
  return results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

function order(id: number, secondsAgo = 0, customer = { id: 7, name: 'Zed & Co' }): ActivityItem {
  return {
    id,
    kind: 'order',
    at: new Date(Date.now() - secondsAgo * 1000).toISOString(),
    title: `Order #${id}`,
    amount: '42.00',
    status: 'sale',
    customer,
  };
}

describe('<dash-activity>', () => {
  it('lists what happened newest first: title, customer, detail, amount in the currency, state and time', async () => {
    const { base, mock } = backend();
    const el = await mount({ src: base, limit: '5' });
    expect(Object.fromEntries(new URL(mock.calls('v1/activity')[0]!.url).searchParams)).toEqual({ limit: '5' });
    expect(titles(el)).toEqual(['Order #1000', 'Order #999', 'Order #998', 'Delivery arrived damaged', 'Order #997']);
    const [first, , , ticket] = $$(el, 'li');
    expect(text(first)).toMatch(/^Order #1000 Acme Ltd €12\.50 sale \d+ wk\.? ago$/);
    expect(text(ticket)).toMatch(/^Delivery arrived damaged Café Morgenrot Priority: high open/);
    const time = first!.querySelector('time')!;
    expect(time.getAttribute('datetime')).toBe('2026-11-21T09:59:00.000Z');
    // Without a board nothing can be filtered: the customer is text, not a button.
    expect($$(el, 'button[part~="customer"]')).toHaveLength(0);
    expect($(el, '[part~="customer"]')?.localName).toBe('span');
    expect(await axeViolations(el)).toEqual([]);
  });

  it('formats in the locale, right to left in Persian', async () => {
    const { base } = backend();
    const el = await mount({ src: base, limit: '1', locale: 'fa-IR' });
    expect($(el, '[part~="base"]')?.getAttribute('dir')).toBe('rtl');
    expect(text($(el, 'li'))).toContain('۱۲٫۵۰');
    expect(text($(el, 'time'))).toMatch(/پیش/);
  });

  it('shows an empty state, and an error with Retry that keeps the items it had', async () => {
    const empty = backend(() => []);
    const el = await mount({ src: empty.base });
    expect(text($(el, '[part~="empty"]'))).toBe('No activity yet.');
    expect(await axeViolations(el)).toEqual([]);

    let fail = false;
    const { base, mock } = backend(undefined, {});
    mock.route('v1/activity', (_r: Request, url: URL) =>
      fail
        ? json({ type: 'about:blank', title: 'Internal Server Error', status: 500, detail: 'boom' }, 500)
        : json({ ...structuredClone(ACTIVITY), items: ACTIVITY.items.slice(0, Number(url.searchParams.get('limit'))) }),
    );
    const failing = await mount({ src: base, limit: '2' });
    fail = true;
    failing.limit = 3;
    await expect
      .poll(() => text($(failing, '[part~="error"]')))
      .toMatch(/Could not refresh activity: the server could not answer just now/);
    expect(titles(failing)).toEqual(['Order #1000', 'Order #999']);
    fail = false;
    await userEvent.click($(failing, '[part~="retry"]')!);
    await expect.poll(() => titles(failing)).toEqual(['Order #1000', 'Order #999', 'Order #998']);
  });

  it('shows more on request, asking for the next page of the same feed', async () => {
    const { base, mock } = backend();
    const el = await mount({ src: base, limit: '4', kinds: 'order,ticket' });
    expect(titles(el)).toHaveLength(4);
    await userEvent.click($(el, 'button[part~="more"]')!);
    await expect.poll(() => titles(el).length).toBe(8);
    const last = new URL(mock.calls('v1/activity').at(-1)!.url).searchParams;
    expect(Object.fromEntries(last)).toEqual({ limit: '8', kinds: 'order,ticket' });
    // No news: nothing announced for items that were there all along.
    expect(announced(el)).toBe('');
  });

  it('prepends what arrives on a live invalidation, highlighted, and says it once', async () => {
    let feed = [order(11, 50), order(10, 60)];
    const { base, mock } = backend(() => feed);
    const b = board(base);
    const el = await mount({ limit: '10' }, b.host);
    expect(titles(el)).toEqual(['Order #11', 'Order #10']);

    feed = [order(12, 0, { id: 3, name: 'Café Morgenrot' }), ...feed];
    b.invalidate('products'); // not a topic of the feed (v1/meta): no refetch
    b.invalidate('orders');
    await expect.poll(() => titles(el)).toEqual(['Order #12', 'Order #11', 'Order #10']);
    expect(mock.calls('v1/activity')).toHaveLength(2);
    const row = $(el, 'li')!;
    // What finds the news is loaded on demand (activity-arrivals.ts): the highlight may follow the list by a moment.
    await expect.poll(() => row.part.contains('new')).toBe(true);
    const [flash] = row.getAnimations();
    expect(flash?.effect?.getTiming().easing).toBe('ease-out');
    expect($(el, 'li:nth-child(2)')!.part.contains('new')).toBe(false);
    expect(announced(el)).toBe('New: Order #12, Café Morgenrot, €42.00');
    expect($(el, '[role="status"]')?.closest('[aria-live="off"]')).toBeNull();

    // The highlight ends: its part goes when the flash finishes.
    flash!.finish();
    await expect.poll(() => row.part.contains('new')).toBe(false);
  });

  it('announces fifty arrivals as a count, not fifty times; more than a page as "10+"', async () => {
    let feed = [order(1, 600)];
    const { base } = backend(() => feed);
    const b = board(base);
    const el = await mount({ limit: '60' }, b.host);
    feed = [...Array.from({ length: 50 }, (_, i) => order(100 - i, 1)), ...feed];
    b.invalidate('orders');
    await expect.poll(() => titles(el).length).toBe(51);
    await expect.poll(() => announced(el)).toBe('50 new items');
    expect($$(el, 'li').filter((li) => li.part.contains('new'))).toHaveLength(50);

    const small = await mount({ limit: '10' }, b.host);
    feed = [...Array.from({ length: 20 }, (_, i) => order(300 - i)), ...feed];
    b.invalidate('customers');
    await expect.poll(() => titles(small)[0]).toBe('Order #300');
    await expect.poll(() => announced(small)).toBe('10+ new items');
  });

  it('flashes without a fade when the user prefers reduced motion', async () => {
    const real = window.matchMedia.bind(window);
    vi.spyOn(window, 'matchMedia').mockImplementation((query: string) =>
      query.includes('prefers-reduced-motion') ? ({ ...real(query), matches: true } as MediaQueryList) : real(query),
    );
    let feed = [order(1, 30)];
    const { base } = backend(() => feed);
    const b = board(base);
    const el = await mount({}, b.host);
    feed = [order(2), ...feed];
    b.invalidate('orders');
    await expect.poll(() => titles(el)[0]).toBe('Order #2');
    await expect.poll(() => $(el, 'li')!.getAnimations().length).toBe(1);
    // Chromium reports `step-end` as its equivalent, `steps(1)`.
    expect($(el, 'li')!.getAnimations()[0]?.effect?.getTiming().easing).toMatch(/^(step-end|steps\(1(, end)?\))$/);
  });

  it('keeps the keyboard focus on the item it was on when new ones arrive above', async () => {
    let feed = [order(2, 40, { id: 5, name: 'Eve Ltd' }), order(1, 50)];
    const { base } = backend(() => feed);
    const b = board(base, { select: () => {} });
    const el = await mount({}, b.host);
    const eve = $(el, 'li button[part~="customer"]')!;
    eve.focus();
    expect(el.shadowRoot!.activeElement?.textContent?.trim()).toBe('Eve Ltd');
    feed = [order(3), ...feed];
    b.invalidate('orders');
    await expect.poll(() => titles(el)[0]).toBe('Order #3');
    await expect.poll(() => el.shadowRoot!.activeElement?.closest('li')?.dataset['key']).toBe('order:2');
    expect(el.shadowRoot!.activeElement?.textContent?.trim()).toBe('Eve Ltd');
  });

  it('refreshes relative times as time passes, with one timer for the whole list', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    vi.setSystemTime(new Date('2026-11-21T10:00:00Z'));
    const { base } = backend(() => [order(2, 30), order(1, 3600 * 5)]);
    const el = document.createElement('dash-activity');
    el.src = base;
    document.body.append(el);
    await expect.poll(() => $$(el, 'time').length, { interval: 5 }).toBe(2);
    const times = () => $$(el, 'time').map((t) => text(t));
    // What Intl says in this browser ("30 sec. ago" or "30 sec ago", by ICU version).
    const rtf = new Intl.RelativeTimeFormat('en-IE', { numeric: 'auto', style: 'short' });
    const ago = (n: number, unit: Intl.RelativeTimeFormatUnit) => rtf.format(-n, unit);
    expect(times()).toEqual([ago(30, 'second'), ago(5, 'hour')]);
    const timeouts = vi.getTimerCount();
    vi.advanceTimersByTime(1000);
    await el.updateComplete;
    expect(times()).toEqual([ago(31, 'second'), ago(5, 'hour')]);
    vi.advanceTimersByTime(29_000);
    await el.updateComplete;
    expect(times()).toEqual([ago(1, 'minute'), ago(5, 'hour')]);
    vi.advanceTimersByTime(60_000);
    await el.updateComplete;
    expect(times()).toEqual([ago(2, 'minute'), ago(5, 'hour')]);
    expect(vi.getTimerCount()).toBe(timeouts);
    // Off the page, nothing ticks.
    el.remove();
    expect(vi.getTimerCount()).toBe(timeouts - 1);
  });

  it('waits at most an hour for months-old items (a timer past 24.8 days would fire at once)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    vi.setSystemTime(new Date('2026-11-21T10:00:00Z'));
    const { base } = backend(() => [order(1, 86_400 * 70)]);
    const waits: number[] = [];
    const real = window.setTimeout;
    vi.spyOn(window, 'setTimeout').mockImplementation(((fn: () => void, ms?: number) => {
      waits.push(ms ?? 0);
      return real(fn, ms);
    }) as typeof setTimeout);
    const el = document.createElement('dash-activity');
    el.src = base;
    document.body.append(el);
    await expect.poll(() => $$(el, 'time').length, { interval: 5 }).toBe(1);
    await el.updateComplete;
    expect(text($(el, 'time'))).toBe(
      new Intl.RelativeTimeFormat('en-IE', { numeric: 'auto', style: 'short' }).format(-2, 'month'),
    );
    expect(waits.at(-1)).toBe(3_600_000);
  });

  it("asks the board to filter by a customer on click or Enter, and follows the board's filter", async () => {
    const { base, mock } = backend();
    const select = vi.fn();
    const b = board(base, { select });
    const el = await mount({ limit: '3' }, b.host);
    const buttons = $$(el, 'button[part~="customer"]');
    expect(buttons.map((btn) => text(btn))).toEqual(['Acme Ltd', 'Nordwind Logistik GmbH', 'Café Morgenrot']);
    await userEvent.click(buttons[1]!);
    expect(select).toHaveBeenLastCalledWith({ dimension: 'customer', value: '2', label: 'Nordwind Logistik GmbH' });
    buttons[2]!.focus();
    await userEvent.keyboard('{Enter}');
    expect(select).toHaveBeenLastCalledWith({ dimension: 'customer', value: '3', label: 'Café Morgenrot' });
    expect(select).toHaveBeenCalledTimes(2);
    expect(await axeViolations(el)).toEqual([]);

    b.set({ filters: [{ dimension: 'customer', value: '2', label: 'Nordwind Logistik GmbH' }] });
    await expect.poll(() => mock.calls('v1/activity').length).toBe(2);
    expect(new URL(mock.calls('v1/activity')[1]!.url).searchParams.get('filter')).toBe('customer:2');
    // Another feed (this customer's): nothing in it is announced as new.
    await settled(el);
    expect(announced(el)).toBe('');
    // A filter on a dimension the feed does not take is not sent.
    b.set({ filters: [{ dimension: 'bucket', value: 'days_1_30' }] });
    await expect.poll(() => mock.calls('v1/activity').length).toBe(3);
    expect(new URL(mock.calls('v1/activity')[2]!.url).searchParams.get('filter')).toBeNull();
  });

  it('on a live board, prepends the orders the backend got', async () => {
    const api = fixtureBackend();
    const b = await liveBoard(api, '<dash-activity limit="5"></dash-activity>');
    const el = b.querySelector('dash-activity')!;
    expect(titles(el)[0]).toBe('Order #1000');
    await api.control({ arrive: 2 });
    expect(await api.emit(['orders'])).toBe(1);
    await expect.poll(() => titles(el).slice(0, 3)).toEqual(['Order #2001', 'Order #2000', 'Order #1000']);
    expect(await requestCount(api, 'v1/activity')).toBe(2);
    await expect.poll(() => announced(el)).toBe('2 new items');
  });
});
