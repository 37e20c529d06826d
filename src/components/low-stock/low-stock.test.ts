import axe from 'axe-core';
import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { Problem } from '../../contract/common.js';
import { LowStockResponse } from '../../contract/low-stock.js';
import { MetaResponse } from '../../contract/meta.js';
import { loadMessages } from '../../internal/i18n.js';
import lowStockEmptyJson from '../../../tests/fixtures/lowStock.empty.json';
import lowStockJson from '../../../tests/fixtures/lowStock.json';
import metaJson from '../../../tests/fixtures/meta.json';
import problemJson from '../../../tests/fixtures/problem-500.json';
import { fixtureBackend } from '../../../tests/support/fixture-backend.js';
import { emitSeen, liveBoard, requestCount } from '../../../tests/support/live-board.js';
import { deferred, installFetchMock, json, type FetchMock, type Route } from '../../../tests/support/mock-fetch.js';
import '../../define/low-stock.js';
import type { DashLowStock } from './low-stock.js';

// Parsing proves the fixtures are responses a real backend could send.
const META = MetaResponse.parse(metaJson);
const LOW_STOCK = LowStockResponse.parse(lowStockJson);
const LOW_STOCK_EMPTY = LowStockResponse.parse(lowStockEmptyJson);
const PROBLEM = Problem.parse(problemJson);

/** Eight products: the fixture's five, then three more low ones. */
const ITEMS = [
  ...LOW_STOCK.items,
  ...[1, 2, 3].map((i) => ({ ...LOW_STOCK.items[3]!, id: 100 + i, sku: `EXTRA-${i}`, name: `Extra product ${i}` })),
];

/** `v1/low-stock` that pages like the real one. */
const pages: Route = (_request: Request, url: URL) => {
  const offset = Number(url.searchParams.get('offset') ?? 0);
  const limit = Number(url.searchParams.get('limit') ?? 50);
  return json(
    LowStockResponse.parse({
      ...structuredClone(LOW_STOCK),
      items: ITEMS.slice(offset, offset + limit),
      offset,
      limit,
    }),
  );
};

const mocks: FetchMock[] = [];
let baseCounter = 0;

afterEach(() => {
  for (const el of document.querySelectorAll('dash-low-stock, dash-board')) el.remove();
  for (const mock of mocks.splice(0)) mock.restore();
});

function backend(routes: Record<string, Route> = {}): { base: string; mock: FetchMock } {
  const base = `/low-stock-api-${++baseCounter}`;
  const mock = installFetchMock(base, { 'v1/meta': structuredClone(META), 'v1/low-stock': pages, ...routes });
  mocks.push(mock);
  return { base, mock };
}

async function mount(attributes: Record<string, string>): Promise<DashLowStock> {
  const el = document.createElement('dash-low-stock');
  el.style.width = '48rem';
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  document.body.append(el);
  await el.updateComplete;
  return el;
}

const $ = (el: DashLowStock, selector: string) => el.shadowRoot!.querySelector<HTMLElement>(selector);
const $$ = (el: DashLowStock, selector: string) => [...el.shadowRoot!.querySelectorAll<HTMLElement>(selector)];
const text = (node: Element | null | undefined) => node?.textContent?.replace(/[ \t\r\n]+/g, ' ').trim();
/** What each row shows (innerText: the badge folded into the product cell of narrow cards is not displayed here). */
const rows = (el: DashLowStock) =>
  $$(el, 'tbody tr').map((tr) =>
    [...tr.children]
      .filter((c) => getComputedStyle(c).display !== 'none')
      .map((c) => (c as HTMLElement).innerText.replace(/\s+/g, ' ').trim()),
  );
const params = (request: Request | undefined) => Object.fromEntries(new URL(request!.url).searchParams);

async function settled(el: DashLowStock): Promise<void> {
  await expect.poll(() => $(el, '[part~="base"]')?.getAttribute('aria-busy')).toBe('false');
}

async function axeViolations(el: Element): Promise<string[]> {
  const results = await axe.run(el, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
  return results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

describe('<dash-low-stock>', () => {
  it('lists products with a badge in words, stock against reorder level, cover and demand', async () => {
    const { base, mock } = backend();
    const el = await mount({ src: base, limit: '5' });
    await settled(el);

    expect(params(mock.calls('v1/low-stock')[0])).toEqual({ limit: '5', offset: '0' });
    expect(text($(el, '[part~="summary"]'))).toBe('3 out of stock');
    expect($$(el, 'thead th').map((th) => text(th))).toEqual(['Product', 'Status', 'Stock', 'Cover', 'Sold / day']);
    expect(rows(el)).toEqual([
      ['Black mug 12 oz MUG-BLK-12', 'Out of stock', '0 reorder at 24', '— none, out of stock', '3.2'],
      ['Organic tee, M TEE-ORG-M', 'Out of stock', '0 reorder at 15', '— none, out of stock', '— unknown'],
      ['Canvas tote, large BAG-CNV-L', 'Low', '6 reorder at 30', '3.2 days', '1.9'],
      ['Dotted notebook A5 NB-A5-DOT', 'Low', '14 reorder at 40', '5.6 days', '2.5'],
      ['Gel pen, blue PEN-GEL-BLU', 'Low', '48 reorder at 50', '— unknown, no recent sales', '— unknown'],
    ]);
  });

  it('draws each bar against twice the reorder level (a tick marks the level), hidden from screen readers', async () => {
    const { base } = backend();
    const el = await mount({ src: base, limit: '5' });
    await settled(el);
    const meters = $$(el, '[part~="meter"]');
    expect(meters.every((m) => m.getAttribute('aria-hidden') === 'true')).toBe(true);
    const width = (i: number) => meters[i]!.querySelector<HTMLElement>('.fill')!.getBoundingClientRect().width;
    const full = meters[2]!.getBoundingClientRect().width;
    expect(width(0)).toBe(0);
    expect(width(2) / full).toBeCloseTo(6 / 60, 1);
    // 48 of a reorder level of 50: just under the tick in the middle, never an almost full bar.
    expect(width(4) / full).toBeCloseTo(48 / 100, 1);
    const tick = meters[4]!.querySelector<HTMLElement>('.tick')!.getBoundingClientRect();
    const bar = meters[4]!.getBoundingClientRect();
    expect((tick.left + tick.width / 2 - bar.left) / bar.width).toBeCloseTo(0.5, 1);
    expect(meters[0]!.classList).toContain('meter--out');
  });

  it('folds the status into the product cell and drops the bar in a narrow card', async () => {
    const { base } = backend();
    const el = await mount({ src: base, limit: '5' });
    el.style.width = '20rem';
    await settled(el);
    expect(
      $$(el, 'thead th')
        .filter((th) => th.offsetParent !== null)
        .map((th) => text(th)),
    ).toEqual(['Product', 'Stock', 'Cover', 'Sold / day']);
    expect(rows(el)[2]).toEqual(['Canvas tote, large BAG-CNV-L Low', '6 reorder at 30', '3.2 days', '1.9']);
    expect(getComputedStyle($$(el, '[part~="meter"]')[0]!).display).toBe('none');
    expect(await axeViolations(el)).toEqual([]);
  });

  it('fits half of a 1280 px board in German: no sideways scrolling, product names on at most two lines', async () => {
    await loadMessages('de');
    const { base } = backend();
    const el = await mount({ src: base, limit: '5', locale: 'de-DE' });
    // A <dash-board> child spanning 6 of 12 columns on a 1280 px page, less the page's and the card's padding.
    el.style.width = '37rem';
    await settled(el);
    const scroll = $(el, '.scroll')!;
    expect(scroll.scrollWidth).toBeLessThanOrEqual(scroll.clientWidth);
    for (const name of $$(el, '.name')) {
      const range = document.createRange();
      range.selectNodeContents(name);
      const lines = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
      expect(lines.size, text(name)).toBeLessThanOrEqual(2);
    }
    expect(text($(el, 'thead'))).not.toMatch(/Product|Stock|Cover/);
  });

  it('fits a 390 px phone without scrolling sideways, the reorder level under the quantity', async () => {
    const { base } = backend();
    const el = await mount({ src: base, limit: '5' });
    // A full-width card on a 390 px page, less the page's padding.
    el.style.width = '22.5rem';
    await settled(el);
    const scroll = $(el, '.scroll')!;
    expect(scroll.scrollWidth).toBeLessThanOrEqual(scroll.clientWidth);
    expect(text($(el, 'thead'))).toContain('Sold / day');
    const quantity = $$(el, '.stock-text bdi')[0]!.getBoundingClientRect();
    expect($$(el, '.reorder')[0]!.getBoundingClientRect().top).toBeGreaterThanOrEqual(quantity.bottom - 1);
  });

  it('leaves out cover and demand when the backend does not know them', async () => {
    const plain = {
      ...structuredClone(LOW_STOCK),
      items: LOW_STOCK.items.map(({ dailyDemand: _d, daysOfCover: _c, ...rest }) => rest),
    };
    const { base } = backend({ 'v1/low-stock': plain });
    const el = await mount({ src: base });
    await settled(el);
    expect($$(el, 'thead th').map((th) => text(th))).toEqual(['Product', 'Status', 'Stock']);
  });

  it('pages with Previous and Next, disabled at the ends, and restarts when the limit changes', async () => {
    const { base, mock } = backend();
    const el = await mount({ src: base, limit: '5' });
    await settled(el);
    const [prev, next] = $$(el, '.page') as HTMLButtonElement[];
    expect(text($(el, '.range'))).toBe('1–5 of 8');
    expect(prev!.disabled).toBe(true);

    await userEvent.click(next!);
    await expect.poll(() => text($(el, '.range'))).toBe('6–8 of 8');
    expect(params(mock.calls('v1/low-stock')[1])).toEqual({ limit: '5', offset: '5' });
    expect(next!.disabled).toBe(true);
    expect(prev!.disabled).toBe(false);
    expect(rows(el)[0]![0]).toBe('Extra product 1 EXTRA-1');

    el.limit = 10;
    await expect.poll(() => params(mock.calls('v1/low-stock').at(-1))).toEqual({ limit: '10', offset: '0' });
    await expect.poll(() => $(el, '[part~="pager"]')).toBeNull();
    expect(el.getAttribute('limit')).toBe('10');
  });

  it('says so when every product is above its reorder level', async () => {
    const { base } = backend({ 'v1/low-stock': structuredClone(LOW_STOCK_EMPTY) });
    const el = await mount({ src: base });
    await settled(el);
    expect(text($(el, '[part~="empty"]'))).toBe('All products are above their reorder level.');
    expect($(el, 'table')).toBeNull();
    expect($(el, '[part~="summary"]')).toBeNull();
    expect(await axeViolations(el)).toEqual([]);
  });

  it('shows a skeleton while loading', async () => {
    const gate = deferred<Response>();
    const { base } = backend({ 'v1/low-stock': () => gate.promise });
    const el = await mount({ src: base, limit: '5' });
    expect($(el, '[part~="base"]')!.getAttribute('aria-busy')).toBe('true');
    expect($$(el, '.skeleton-rows .skeleton')).toHaveLength(6);
    expect(await axeViolations(el)).toEqual([]);
    gate.resolve(json(LOW_STOCK));
    await settled(el);
    expect(rows(el)).toHaveLength(5);
  });

  it('shows the error with Retry, and keeps the list when a refetch fails', async () => {
    const { base, mock } = backend({ 'v1/low-stock': () => json(PROBLEM, 500) });
    const el = await mount({ src: base, limit: '5' });
    await settled(el);
    expect(text($(el, '[part~="error"]'))).toContain('Could not load low stock: the server could not answer just now');
    expect(await axeViolations(el)).toEqual([]);

    mock.route('v1/low-stock', pages);
    await userEvent.click($(el, '[part~="retry"]')!);
    await expect.poll(() => rows(el).length).toBe(5);

    mock.route('v1/low-stock', () => json(PROBLEM, 500));
    await userEvent.click($$(el, '.page')[1]!);
    await expect.poll(() => text($(el, '[part~="error"]'))).toContain('Could not refresh low stock');
    expect(rows(el)).toHaveLength(5);
  });

  it('marks stale data', async () => {
    const stale = structuredClone(LOW_STOCK);
    stale.cache.stale = true;
    stale.cache.refreshFailed = true;
    const { base } = backend({ 'v1/low-stock': stale });
    const el = await mount({ src: base });
    await settled(el);
    expect(text($(el, '[part~="stale"]'))).toContain('Stale');
  });

  it('pages from the keyboard', async () => {
    const { base, mock } = backend();
    const el = await mount({ src: base, limit: '5' });
    await settled(el);
    ($(el, '.scroll') as HTMLElement).focus();
    await userEvent.tab();
    expect(el.shadowRoot!.activeElement?.textContent?.trim()).toBe('Next');
    await userEvent.keyboard('{Enter}');
    await expect.poll(() => mock.calls('v1/low-stock')).toHaveLength(2);
  });

  it('lays out right to left with Persian digits for fa-IR', async () => {
    const { base } = backend({ 'v1/meta': { ...structuredClone(META), locale: 'fa-IR', currency: 'IRR' } });
    const el = await mount({ src: base, limit: '5' });
    await settled(el);
    expect($(el, '[part~="base"]')!.getAttribute('dir')).toBe('rtl');
    // In Persian once its catalog (a chunk of its own) has arrived.
    await expect.poll(() => text($(el, '[part~="summary"]'))).toBe('۳ کالا ناموجود');
    expect(rows(el)[2]![2]).toBe('۶ نقطهٔ سفارش ۳۰');
    expect(text($(el, '.range'))).toBe('۱–۵ از ۸');
    const table = $(el, 'table')!.getBoundingClientRect();
    const name = $(el, 'tbody th .name')!.getBoundingClientRect();
    expect(table.right - name.right).toBeLessThan(20);
    expect(await axeViolations(el)).toEqual([]);
  });

  it('uses the dark palette and passes axe in both themes', async () => {
    const { base } = backend();
    const light = await mount({ src: base, limit: '5' });
    const dark = await mount({ src: base, limit: '5', theme: 'dark' });
    await settled(light);
    await settled(dark);
    expect(getComputedStyle($(dark, '[part~="base"]')!).backgroundColor).toBe('rgb(21, 27, 35)');
    expect(await axeViolations(light)).toEqual([]);
    expect(await axeViolations(dark)).toEqual([]);
  });
});

describe('<dash-low-stock> against the fixture backend (HTTP, another origin)', () => {
  it('loads the list, recovers from an error and shows the empty variant', async () => {
    const api = fixtureBackend();
    const el = await mount({ src: api.base, limit: '5' });
    await settled(el);
    expect(rows(el)).toHaveLength(LOW_STOCK.items.length);
    expect(text($(el, '.range'))).toBe('1–5 of 8');
    expect((await api.requests('v1/low-stock'))[0]!.query).toEqual({ limit: '5', offset: '0' });

    await api.control({ fail: { path: 'v1/low-stock' } });
    await userEvent.click($$(el, '.page')[1]!);
    await expect
      .poll(() => text($(el, '[part~="error"]')))
      .toContain('Could not refresh low stock: the server could not answer just now');
    await userEvent.click($(el, '[part~="retry"]')!);
    await expect.poll(() => $(el, '[part~="error"]')).toBeNull();
    expect((await api.requests('v1/low-stock')).at(-1)!.query).toEqual({ limit: '5', offset: '5' });

    await api.control({ variants: { lowStock: 'empty' } });
    el.limit = 20;
    await expect.poll(() => text($(el, '[part~="empty"]'))).toBe('All products are above their reorder level.');
  });
});

describe('<dash-low-stock> in a live board', () => {
  it('refetches on the topics v1/meta lists for low stock, and on no other', async () => {
    const api = fixtureBackend();
    // The overdue card moves on `invoices`: it shows when an event has reached the board.
    const board = await liveBoard(
      api,
      '<dash-low-stock></dash-low-stock><dash-stat-card metric="overdue"></dash-stat-card>',
    );
    const lowStock = () => requestCount(api, 'v1/low-stock');
    expect(await lowStock()).toBe(1);

    await emitSeen(api, board, ['invoices'], () => requestCount(api, 'v1/stats'), 2);
    expect(await lowStock()).toBe(1);
    await emitSeen(api, board, ['products'], lowStock, 2);
    await emitSeen(api, board, ['orders'], lowStock, 3);
  });

  it('refetches on any topic when v1/meta does not say which topics move it', async () => {
    const api = fixtureBackend();
    await api.control({ metaWithout: ['reportTopics'] });
    const board = await liveBoard(api, '<dash-low-stock></dash-low-stock>');
    await emitSeen(api, board, ['invoices'], () => requestCount(api, 'v1/low-stock'), 2);
  });
});
