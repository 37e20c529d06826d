import { afterEach, describe, expect, it, vi } from 'vitest';
import { userEvent } from 'vitest/browser';
import { fixtureBackend, type FixtureBackend } from '../../../tests/support/fixture-backend.js';
import { axeViolations, emulateColorScheme, part, text } from '../../../tests/support/dom.js';
import '../../define/board.js';
import '../../define/period-filter.js';
import '../../define/stat-card.js';
import type { DashStatCard } from '../stat-card/stat-card.js';
import { DashBoard } from './board.js';

const DARK_SURFACE = 'rgb(21, 27, 35)';
const LIGHT_SURFACE = 'rgb(255, 255, 255)';

afterEach(async () => {
  document.body.replaceChildren();
  await emulateColorScheme(undefined);
});

/** A board over `inner` HTML; `configure` runs before it connects (for properties such as `token`). */
async function mount(
  attributes: Record<string, string>,
  inner: string,
  configure?: (board: DashBoard) => void,
): Promise<DashBoard> {
  const board = document.createElement('dash-board');
  for (const [name, value] of Object.entries(attributes)) board.setAttribute(name, value);
  board.innerHTML = inner;
  configure?.(board);
  document.body.append(board);
  await board.updateComplete;
  return board;
}

const card = (board: Element, metric: string) =>
  board.querySelector<DashStatCard>(`dash-stat-card[metric="${metric}"]`)!;
const value = (el: DashStatCard) => text(part(el, 'value'));

async function shown(el: DashStatCard): Promise<string> {
  await expect.poll(() => part(el, 'value')?.classList.contains('skeleton')).toBe(false);
  await expect.poll(() => part(el, 'base')?.getAttribute('aria-busy')).toBe('false');
  return value(el)!;
}

/** Waits until the board's live stream is open on the server. */
async function streaming(api: FixtureBackend, clients = 1): Promise<void> {
  await expect.poll(async () => (await api.state()).clients).toBe(clients);
}

describe('<dash-board>', () => {
  it('renders its children in a grid with a base part and passes axe', async () => {
    const api = fixtureBackend();
    const board = await mount({ src: api.base }, '<dash-stat-card metric="revenue"></dash-stat-card>');
    const base = part(board, 'base')!;
    expect(getComputedStyle(base).display).toBe('grid');
    expect(base.querySelector('slot')).not.toBeNull();
    expect(await shown(card(board, 'revenue'))).toBe('€12,345.60');
    expect(await axeViolations(board)).toEqual([]);
  });

  it('gives descendants its client and period; a widget attribute wins over the board', async () => {
    const api = fixtureBackend();
    const board = await mount(
      { src: api.base, range: 'month', compare: 'year' },
      `<dash-stat-card metric="revenue"></dash-stat-card><dash-stat-card metric="orders" range="7d"></dash-stat-card>`,
    );
    await shown(card(board, 'revenue'));
    await shown(card(board, 'orders'));
    const queries = (await api.requests('v1/stats')).map((r) => r.query);
    expect(queries).toEqual(
      expect.arrayContaining([
        { metrics: 'revenue', range: 'month', compare: 'year' },
        { metrics: 'orders', range: '7d', compare: 'year' },
      ]),
    );
    expect(text(part(card(board, 'revenue'), 'comparison'))).toMatch(/^vs /);
  });

  it('takes locale and currency from v1/meta unless its own attributes say otherwise', async () => {
    const api = fixtureBackend();
    await api.control({ meta: { locale: 'de-DE' } });
    const board = await mount({ src: api.base }, '<dash-stat-card metric="revenue"></dash-stat-card>');
    expect(await shown(card(board, 'revenue'))).toBe('12.345,60\u00a0€');

    board.locale = 'en-US';
    board.currency = 'USD';
    await expect.poll(() => value(card(board, 'revenue'))).toBe('$12,345.60');
  });

  it('takes the period from its filter, and the event bubbles out for the host to persist', async () => {
    const api = fixtureBackend();
    const board = await mount(
      { src: api.base, range: 'month' },
      '<dash-period-filter></dash-period-filter><dash-stat-card metric="revenue"></dash-stat-card>',
    );
    await shown(card(board, 'revenue'));
    const spy = vi.fn();
    document.addEventListener('dash-period-change', spy);
    try {
      const filter = board.querySelector('dash-period-filter')!;
      await userEvent.click(filter.shadowRoot!.querySelector<HTMLElement>('[data-range="quarter"]')!);
      expect(spy).toHaveBeenCalledTimes(1);
      expect(spy.mock.calls[0]![0].detail).toEqual({ range: 'quarter', compare: 'previous' });
      expect(board.getAttribute('range')).toBe('quarter');
      await expect.poll(async () => (await api.requests('v1/stats')).at(-1)?.query['range']).toBe('quarter');

      // A script changing the period refetches, and fires nothing.
      board.range = 'year';
      await expect.poll(async () => (await api.requests('v1/stats')).at(-1)?.query['range']).toBe('year');
      await expect
        .poll(() => filter.shadowRoot!.querySelector('[aria-checked="true"]')?.getAttribute('data-range'))
        .toBe('year');
      expect(spy).toHaveBeenCalledTimes(1);
    } finally {
      document.removeEventListener('dash-period-change', spy);
    }
  });

  it('live: an invalidate for orders refetches the revenue card and not a products-only widget', async () => {
    const api = fixtureBackend();
    const board = await mount(
      { src: api.base, live: '' },
      '<dash-stat-card metric="revenue"></dash-stat-card><dash-stat-card metric="low_stock_items"></dash-stat-card>',
    );
    const revenue = card(board, 'revenue');
    const stock = card(board, 'low_stock_items');
    const before = await shown(revenue);
    await shown(stock);
    await streaming(api);
    const count = async (metric: string) =>
      (await api.requests('v1/stats')).filter((r) => r.query['metrics'] === metric).length;

    expect(await api.emit(['orders'])).toBe(1);
    await expect.poll(() => count('revenue')).toBe(2);
    // The fixture grows values per invalidation: the card shows the refetched number.
    await expect.poll(() => value(revenue)).not.toBe(before);
    expect(await count('low_stock_items')).toBe(1);

    expect(await api.emit(['products'])).toBe(1);
    await expect.poll(() => count('low_stock_items')).toBe(2);
    expect(await count('revenue')).toBe(2);
  });

  it('live: closes the stream when `live` is removed and when the board leaves the page', async () => {
    const api = fixtureBackend();
    const board = await mount({ src: api.base, live: '' }, '');
    await streaming(api);
    board.live = false;
    await streaming(api, 0);
    board.live = true;
    await streaming(api);
    board.remove();
    await streaming(api, 0);
  });

  it('live: opens no stream when v1/meta says the backend has none, and retries a failed v1/meta', async () => {
    const saved = DashBoard.reconnectDelayMs;
    DashBoard.reconnectDelayMs = 20;
    try {
      const api = fixtureBackend();
      await api.control({ meta: { live: false } });
      const board = await mount({ src: api.base, live: '' }, '<dash-stat-card metric="revenue"></dash-stat-card>');
      await shown(card(board, 'revenue'));
      expect(await api.requests('v1/events')).toHaveLength(0);

      const api2 = fixtureBackend();
      await api2.control({ fail: { path: 'v1/meta', times: 2, status: 503 } });
      const second = await mount({ src: api2.base, live: '' }, '');
      await streaming(api2);
      expect(second.client).toBeDefined();
      // ky retries a 503 once per call: two failed requests were one failed load, then the board tried again.
      expect((await api2.requests('v1/meta')).length).toBeGreaterThanOrEqual(3);
    } finally {
      DashBoard.reconnectDelayMs = saved;
    }
  });

  it('live: reconnects with backoff after the stream fails, and refetches what it may have missed', async () => {
    const saved = DashBoard.reconnectDelayMs;
    DashBoard.reconnectDelayMs = 20;
    try {
      const api = fixtureBackend();
      await api.control({ failEvents: 2 });
      const board = await mount({ src: api.base, live: '' }, '<dash-stat-card metric="revenue"></dash-stat-card>');
      await shown(card(board, 'revenue'));
      await streaming(api);
      expect(await api.requests('v1/events')).toHaveLength(3);
      // Reopened after failures: the card refetched once in case it missed an event.
      await expect.poll(async () => (await api.requests('v1/stats')).length).toBe(2);

      // A dropped stream: the browser reconnects by itself, and the widgets refetch again.
      await api.control({ drop: true });
      await expect.poll(async () => (await api.requests('v1/events')).length).toBe(4);
      await streaming(api);
      await expect.poll(async () => (await api.requests('v1/stats')).length).toBe(3);
    } finally {
      DashBoard.reconnectDelayMs = saved;
    }
  });

  it('sends its token as Authorization, and as access_token on the live stream only', async () => {
    const api = fixtureBackend();
    const board = await mount(
      { src: api.base, live: '' },
      '<dash-stat-card metric="revenue"></dash-stat-card>',
      (b) => {
        b.token = 'secret-1';
      },
    );
    await shown(card(board, 'revenue'));
    await streaming(api);
    const requests = await api.requests();
    for (const r of requests.filter((r) => r.path !== 'v1/events')) {
      expect(r.authorization, r.path).toBe('Bearer secret-1');
      expect(r.query['access_token'], r.path).toBeUndefined();
    }
    expect((await api.requests('v1/events'))[0]!.query['access_token']).toBe('secret-1');
  });

  it('asks eventsToken for a fresh live-stream token on each connection it makes', async () => {
    const saved = DashBoard.reconnectDelayMs;
    DashBoard.reconnectDelayMs = 20;
    try {
      const api = fixtureBackend();
      let minted = 0;
      await mount({ src: api.base, live: '' }, '', (b) => {
        b.token = 'session';
        b.eventsToken = async () => `events-${++minted}`;
      });
      await streaming(api);
      // Dropped, and the browser's own reconnect (same URL, same token) refused: the board mints a new token.
      await api.control({ failEvents: 1, drop: true });
      await expect.poll(async () => (await api.requests('v1/events')).length).toBe(3);
      await streaming(api);
      const tokens = (await api.requests('v1/events')).map((r) => r.query['access_token']);
      expect(tokens).toEqual(['events-1', 'events-1', 'events-2']);
    } finally {
      DashBoard.reconnectDelayMs = saved;
    }
  });

  it('takes token as a function: on a 401 it asks again once, and the widget shows data, not the error', async () => {
    const api = fixtureBackend();
    let asked = 0;
    const board = await mount({ src: api.base }, '<dash-stat-card metric="revenue"></dash-stat-card>', (b) => {
      b.token = async () => `token-${++asked}`;
    });
    expect(await shown(card(board, 'revenue'))).toBe('€12,345.60');
    // The page stayed open past the token's expiry: the next refetch is refused, renewed, and repeated.
    await api.control({ rejectTokens: ['token-1'] });
    board.refresh();
    await expect
      .poll(async () => (await api.requests('v1/stats')).map((r) => r.authorization))
      .toEqual(['Bearer token-1', 'Bearer token-1', 'Bearer token-2']);
    expect(await shown(card(board, 'revenue'))).toBe('€12,345.60');
    expect(part(card(board, 'revenue'), 'error')).toBeNull();
    expect(asked).toBe(2);
  });

  it('reconnects the live stream with a fresh token from the function when the old one is refused', async () => {
    const saved = DashBoard.reconnectDelayMs;
    DashBoard.reconnectDelayMs = 20;
    try {
      const api = fixtureBackend();
      let asked = 0;
      await mount({ src: api.base, live: '' }, '', (b) => {
        b.token = () => `token-${++asked}`;
      });
      await streaming(api);
      // Every token handed out so far has expired; the stream is dropped.
      const expired = Array.from({ length: asked }, (_, i) => `token-${i + 1}`);
      await api.control({ rejectTokens: expired, drop: true });
      await streaming(api);
      const tokens = (await api.requests('v1/events')).map((r) => r.query['access_token']);
      // The browser's own reconnect repeats the old URL and is refused; the board then asks the function again.
      expect(tokens[1]).toBe(tokens[0]);
      expect(expired).toContain(tokens[0]);
      expect(expired).not.toContain(tokens.at(-1));
      expect(tokens.at(-1)).toBe(`token-${asked}`);
    } finally {
      DashBoard.reconnectDelayMs = saved;
    }
  });

  it('sends cookies to another origin with credentials="include", and not without', async () => {
    const api = fixtureBackend();
    await api.login();
    const plain = await mount({ src: api.base }, '<dash-stat-card metric="revenue"></dash-stat-card>');
    await shown(card(plain, 'revenue'));
    expect((await api.requests('v1/stats'))[0]!.cookie).toBeNull();
    plain.remove();

    const api2 = fixtureBackend();
    await api2.login();
    const board = await mount(
      { src: api2.base, credentials: 'include' },
      '<dash-stat-card metric="revenue"></dash-stat-card>',
    );
    await shown(card(board, 'revenue'));
    const [stats] = await api2.requests('v1/stats');
    expect(stats!.cookie).toContain('dashkit_session=');
    expect(stats!.origin).toBe(location.origin);

    // The live stream carries the cookie too (EventSource withCredentials).
    board.live = true;
    await streaming(api2);
    expect((await api2.requests('v1/events'))[0]!.cookie).toContain('dashkit_session=');
  });

  it('theme="dark" reaches the widgets in their shadow roots; "light" holds against a dark system', async () => {
    const api = fixtureBackend();
    const board = await mount({ src: api.base, theme: 'dark' }, '<dash-stat-card metric="revenue"></dash-stat-card>');
    const revenue = card(board, 'revenue');
    await shown(revenue);
    expect(getComputedStyle(part(revenue, 'base')!).backgroundColor).toBe(DARK_SURFACE);
    expect(getComputedStyle(board).colorScheme).toBe('dark');
    expect(await axeViolations(board)).toEqual([]);

    await emulateColorScheme('dark');
    board.theme = 'light';
    await board.updateComplete;
    expect(getComputedStyle(part(revenue, 'base')!).backgroundColor).toBe(LIGHT_SURFACE);
  });

  it('theme="auto" follows prefers-color-scheme, live', async () => {
    const api = fixtureBackend();
    const board = await mount({ src: api.base, theme: 'auto' }, '<dash-stat-card metric="revenue"></dash-stat-card>');
    const revenue = card(board, 'revenue');
    await shown(revenue);
    await emulateColorScheme('light');
    expect(getComputedStyle(part(revenue, 'base')!).backgroundColor).toBe(LIGHT_SURFACE);
    await emulateColorScheme('dark');
    await expect.poll(() => getComputedStyle(part(revenue, 'base')!).backgroundColor).toBe(DARK_SURFACE);
    expect(await axeViolations(board)).toEqual([]);
  });

  it('lays out fa-IR right to left with Persian digits', async () => {
    const api = fixtureBackend();
    await api.control({ meta: { locale: 'fa-IR', currency: 'IRR' } });
    const board = await mount({ src: api.base }, '<dash-stat-card metric="orders"></dash-stat-card>');
    const orders = card(board, 'orders');
    expect(await shown(orders)).toBe('۱۲۸');
    await expect.poll(() => getComputedStyle(part(board, 'base')!).direction).toBe('rtl');
    expect(getComputedStyle(part(orders, 'base')!).direction).toBe('rtl');
    expect(await axeViolations(board)).toEqual([]);
  });

  it('refresh() makes every widget fetch again', async () => {
    const api = fixtureBackend();
    const board = await mount({ src: api.base }, '<dash-stat-card metric="revenue"></dash-stat-card>');
    await shown(card(board, 'revenue'));
    board.refresh();
    await expect.poll(async () => (await api.requests('v1/stats')).length).toBe(2);
  });

  it('connects widgets upgraded before the board (late provider)', async () => {
    const api = fixtureBackend();
    // A board that is not yet a DashBoard: an unknown element with the card inside.
    const host = document.createElement('dash-board-late');
    host.innerHTML = '<dash-stat-card metric="revenue"></dash-stat-card>';
    document.body.append(host);
    const revenue = host.querySelector<DashStatCard>('dash-stat-card')!;
    await expect.poll(() => text(part(revenue, 'error'))).toContain('inside a <dash-board>');

    class LateBoard extends DashBoard {}
    host.setAttribute('src', api.base);
    customElements.define('dash-board-late', LateBoard);
    expect(await shown(revenue)).toBe('€12,345.60');
  });
});
