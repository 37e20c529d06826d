import { afterEach, describe, expect, it } from 'vitest';
import { userEvent } from 'vitest/browser';
import { fixtureBackend, type FixtureBackend } from '../../../tests/support/fixture-backend.js';
import { axeViolations, part, text } from '../../../tests/support/dom.js';
import '../../define/board.js';
import '../../define/stat-grid.js';
import type { DashStatCard } from '../stat-card/stat-card.js';
import type { DashStatGrid } from './stat-grid.js';

const FOUR = 'revenue,orders,average_order_value,new_customers';

afterEach(() => {
  document.body.replaceChildren();
});

async function mount(attributes: Record<string, string>, parent: Element = document.body): Promise<DashStatGrid> {
  const el = document.createElement('dash-stat-grid');
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  parent.append(el);
  await el.updateComplete;
  return el;
}

const cards = (el: DashStatGrid) => [...el.shadowRoot!.querySelectorAll<DashStatCard>('dash-stat-card')];
const values = (el: DashStatGrid) => cards(el).map((c) => text(part(c, 'value')));

async function settled(el: DashStatGrid): Promise<void> {
  await expect.poll(() => part(el, 'base')?.getAttribute('aria-busy')).toBe('false');
  for (const card of cards(el)) await card.updateComplete;
}

async function statsRequests(api: FixtureBackend) {
  return (await api.requests('v1/stats')).map((r) => r.query);
}

describe('<dash-stat-grid>', () => {
  it('renders a card per metric from exactly one v1/stats request, and passes axe', async () => {
    const api = fixtureBackend();
    const el = await mount({ src: api.base, metrics: FOUR, range: 'month' });
    await settled(el);
    expect(cards(el).map((c) => c.metric)).toEqual(FOUR.split(','));
    expect(cards(el).map((c) => text(part(c, 'label')))).toEqual([
      'Revenue',
      'Orders',
      'Average order value',
      'New customers',
    ]);
    expect(values(el)[0]).toBe('€12,345.60');
    expect(await statsRequests(api)).toEqual([{ metrics: FOUR, range: 'month' }]);
    expect(part(el, 'base')!.getAttribute('role')).toBe('list');
    expect(cards(el).every((c) => c.getAttribute('role') === 'listitem')).toBe(true);
    expect(await axeViolations(el)).toEqual([]);
  });

  it('shows skeleton cards that reserve the final size until the data arrives', async () => {
    const api = fixtureBackend();
    await api.control({ hold: 'v1/stats' });
    const el = await mount({ src: api.base, metrics: FOUR });
    el.style.width = '60rem';
    await expect.poll(async () => (await api.requests('v1/stats')).length).toBe(1);
    expect(part(el, 'base')!.getAttribute('aria-busy')).toBe('true');
    expect(cards(el)).toHaveLength(4);
    expect(cards(el).every((c) => part(c, 'value')!.classList.contains('skeleton'))).toBe(true);
    const before = el.getBoundingClientRect().height;
    expect(await axeViolations(el)).toEqual([]);

    await api.control({ release: true });
    await settled(el);
    expect(values(el).every((v) => v && v.length > 0)).toBe(true);
    expect(el.getBoundingClientRect().height).toBe(before);
  });

  it('lays cards out in as many columns as fit --dash-stat-grid-min', async () => {
    const api = fixtureBackend();
    const el = await mount({ src: api.base, metrics: FOUR });
    await settled(el);
    const columns = () => new Set(cards(el).map((c) => Math.round(c.getBoundingClientRect().left))).size;
    el.style.width = '62rem';
    expect(columns()).toBe(4);
    el.style.width = '32rem';
    expect(columns()).toBe(2);
    el.style.width = '12rem';
    expect(columns()).toBe(1);
    el.style.width = '62rem';
    el.style.setProperty('--dash-stat-grid-min', '25rem');
    expect(columns()).toBe(2);
  });

  it('refetches once, for all its cards, when the period changes', async () => {
    const api = fixtureBackend();
    const el = await mount({ src: api.base, metrics: 'revenue,orders' });
    await settled(el);
    el.range = 'year';
    el.compare = 'none';
    await expect.poll(async () => (await statsRequests(api)).length).toBe(2);
    await settled(el);
    expect((await statsRequests(api))[1]).toEqual({ metrics: 'revenue,orders', range: 'year', compare: 'none' });
    expect(cards(el).every((c) => part(c, 'change') === null)).toBe(true);
  });

  it('shows the error with Retry, keeping the last cards after a failed refetch', async () => {
    const api = fixtureBackend();
    await api.control({ fail: { path: 'v1/stats' } });
    const el = await mount({ src: api.base, metrics: 'revenue,orders' });
    await settled(el);
    expect(text(part(el, 'error'))).toContain('Could not load the figures: the server could not answer just now');
    expect(cards(el)).toHaveLength(0);

    await userEvent.click(part(el, 'retry')!);
    await expect.poll(() => values(el)).toEqual(['€12,345.60', '128']);
    expect(part(el, 'error')).toBeNull();

    await api.control({ fail: { path: 'v1/stats' } });
    el.range = 'quarter';
    await expect.poll(() => text(part(el, 'error'))).toContain('Could not refresh');
    expect(values(el)).toEqual(['€12,345.60', '128']);
  });

  it('names an unknown metric and asks for metrics when none are given', async () => {
    const api = fixtureBackend();
    const unknown = await mount({ src: api.base, metrics: 'revenue,profit' });
    await settled(unknown);
    expect(text(part(unknown, 'error'))).toContain('unknown metric "profit"');
    const empty = await mount({ src: api.base });
    await settled(empty);
    expect(text(part(empty, 'error'))).toContain('set metrics to metric ids');
  });

  it('marks every card stale when the server served kept data', async () => {
    const api = fixtureBackend();
    await api.control({ stale: true });
    const el = await mount({ src: api.base, metrics: 'revenue,orders' });
    await settled(el);
    expect(cards(el).map((c) => Boolean(part(c, 'stale')))).toEqual([true, true]);
  });

  it('inside a live board: one refetch for the grid when a topic of one of its metrics changes', async () => {
    const api = fixtureBackend();
    const board = document.createElement('dash-board');
    board.src = api.base;
    board.range = '7d';
    board.live = true;
    document.body.append(board);
    const el = await mount({ metrics: 'revenue,new_customers' }, board);
    await settled(el);
    await expect.poll(async () => (await api.state()).clients).toBe(1);
    expect(await statsRequests(api)).toEqual([{ metrics: 'revenue,new_customers', range: '7d' }]);

    await api.emit(['products']);
    await api.emit(['customers']);
    await expect.poll(async () => (await statsRequests(api)).length).toBe(2);
    await settled(el);
    // Only the customers event touched it; one request for both cards.
    expect(await statsRequests(api)).toHaveLength(2);
  });

  it('passes compact and no-trend to its cards', async () => {
    const api = fixtureBackend();
    const el = await mount({ src: api.base, metrics: 'revenue', compact: '', 'no-trend': '' });
    await settled(el);
    expect(text(part(cards(el)[0]!, 'value'))).toMatch(/^€12\.3K/);
    expect(part(cards(el)[0]!, 'trend')).toBeNull();
  });

  it('renders fa-IR right to left with Persian digits, and the dark theme, accessibly', async () => {
    const api = fixtureBackend();
    await api.control({ meta: { locale: 'fa-IR', currency: 'IRR' } });
    const page = document.createElement('div');
    page.style.background = '#0d1117';
    document.body.append(page);
    const el = await mount({ src: api.base, metrics: 'orders,revenue', theme: 'dark' }, page);
    el.style.width = '40rem';
    await settled(el);
    expect(values(el)[0]).toBe('۱۲۸');
    expect(getComputedStyle(part(el, 'base')!).direction).toBe('rtl');
    const [first, second] = cards(el).map((c) => c.getBoundingClientRect());
    expect(first!.left).toBeGreaterThan(second!.left);
    expect(getComputedStyle(part(cards(el)[0]!, 'base')!).backgroundColor).toBe('rgb(21, 27, 35)');
    expect(await axeViolations(el)).toEqual([]);
  });
});
