import axe from 'axe-core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { userEvent } from 'vitest/browser';
import { Problem } from '../../contract/common.js';
import { MetaResponse } from '../../contract/meta.js';
import { StatsResponse } from '../../contract/stats.js';
import metaJson from '../../../tests/fixtures/meta.json';
import problemJson from '../../../tests/fixtures/problem-500.json';
import statsJson from '../../../tests/fixtures/stats.json';
import { deferred, installFetchMock, json, type FetchMock, type Route } from '../../../tests/support/mock-fetch.js';
import '../../define/stat-card.js';
import { loadMessages } from '../../internal/i18n.js';
import { REVALIDATE_DELAYS_MS } from '../../internal/report.js';
import type { DashStatCard } from './stat-card.js';

// Parsing proves the fixtures are responses a real backend could send.
const META = MetaResponse.parse(metaJson);
const STATS = StatsResponse.parse(statsJson);
const PROBLEM = Problem.parse(problemJson);

const mocks: FetchMock[] = [];
let baseCounter = 0;

afterEach(() => {
  for (const el of document.querySelectorAll('dash-stat-card')) el.remove();
  for (const mock of mocks.splice(0)) mock.restore();
});

/** A backend of its own per test (`/api-<n>`), so the shared per-base meta cache never leaks between tests. */
function backend(routes: Record<string, Route> = {}): { base: string; mock: FetchMock } {
  const base = `/api-${++baseCounter}`;
  const mock = installFetchMock(base, {
    'v1/meta': structuredClone(META),
    'v1/stats': structuredClone(STATS),
    ...routes,
  });
  mocks.push(mock);
  return { base, mock };
}

async function mount(attributes: Record<string, string>): Promise<DashStatCard> {
  const el = document.createElement('dash-stat-card');
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  document.body.append(el);
  await el.updateComplete;
  return el;
}

function part(el: DashStatCard, name: string): HTMLElement | null {
  return el.shadowRoot!.querySelector<HTMLElement>(`[part~="${name}"]`);
}

// Collapses layout whitespace only: Intl output contains meaningful no-break spaces.
const text = (node: Element | null | undefined) => node?.textContent?.replace(/[ \t\r\n]+/g, ' ').trim();

/** Waits until the card is done loading (its task settled and rendered). */
async function settled(el: DashStatCard): Promise<void> {
  await expect.poll(() => part(el, 'base')?.getAttribute('aria-busy')).toBe('false');
}

async function axeViolations(el: Element): Promise<string[]> {
  const results = await axe.run(el, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
  return results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

function withChange(metric: string, change: number | null) {
  const stats = structuredClone(STATS);
  for (const s of stats.stats) if (s.metric === metric) s.change = change;
  return stats;
}

describe('<dash-stat-card>', () => {
  it('renders the label, the value formatted for the backend locale and currency, and the comparison', async () => {
    const { base, mock } = backend();
    const el = await mount({ src: base, metric: 'revenue', range: 'month' });
    await settled(el);

    expect(text(part(el, 'label'))).toBe('Revenue');
    expect(text(part(el, 'value'))).toBe('€12,345.60');
    expect(text(part(el, 'comparison'))).toBe('vs 1–21 Oct');
    const [request] = mock.calls('v1/stats');
    expect(Object.fromEntries(new URL(request!.url).searchParams)).toEqual({ metrics: 'revenue', range: 'month' });
  });

  it('shows a rising metric whose good direction is up as good news', async () => {
    const { base } = backend();
    const el = await mount({ src: base, metric: 'revenue' });
    await settled(el);

    const badge = part(el, 'change')!;
    expect(badge.classList).toContain('change--good');
    expect(badge.classList).toContain('change--up');
    expect(text(badge.querySelector('[aria-hidden="true"]'))).toBe('▲ +4.2%');
    expect(text(badge.querySelector('.sr-only'))).toBe('up 4.2% against the previous period');
    expect(getComputedStyle(badge).color).toBe('rgb(17, 99, 41)');
  });

  it('shows a rising metric whose good direction is down as bad news, and a falling one as good', async () => {
    const { base, mock } = backend();
    const el = await mount({ src: base, metric: 'overdue' });
    await settled(el);

    let badge = part(el, 'change')!;
    expect(badge.classList).toContain('change--bad');
    expect(badge.classList).toContain('change--up');
    expect(getComputedStyle(badge).color).toBe('rgb(164, 14, 38)');

    mock.route('v1/stats', withChange('overdue', -0.1));
    el.range = 'year';
    await expect
      .poll(() => text(part(el, 'change')?.querySelector('.sr-only')))
      .toBe('down 10.0% against the previous period');
    badge = part(el, 'change')!;
    expect(badge.classList).toContain('change--good');
    expect(text(badge.querySelector('[aria-hidden="true"]'))).toBe('▼ −10.0%');
  });

  it('shows a falling metric whose good direction is up as bad news', async () => {
    const { base } = backend();
    const el = await mount({ src: base, metric: 'orders' });
    await settled(el);

    expect(text(part(el, 'value'))).toBe('128');
    const badge = part(el, 'change')!;
    expect([...badge.classList]).toEqual(expect.arrayContaining(['change--down', 'change--bad']));
    expect(text(badge.querySelector('.sr-only'))).toBe('down 8.6% against the previous period');
  });

  it('says so when there is no change figure (previous value 0) and formats percents', async () => {
    const { base } = backend();
    const el = await mount({ src: base, metric: 'conversion_rate' });
    await settled(el);

    expect(text(part(el, 'value'))).toBe('61.3%');
    expect(part(el, 'change')!.classList).toContain('change--none');
    expect(text(part(el, 'change')!.querySelector('.sr-only'))).toBe('no change figure against the previous period');
  });

  it('shows no badge, no sparkline and "As of now" for a point-in-time metric, at the height of the others', async () => {
    const stats = structuredClone(STATS);
    const overdueStat = stats.stats.find((s) => s.metric === 'overdue')!;
    Object.assign(overdueStat, { previous: null, change: null, trend: [] });
    expect(StatsResponse.safeParse(stats).success).toBe(true);
    expect(META.metrics.find((m) => m.id === 'overdue')?.timeSeries).toBe(false);
    const { base } = backend({ 'v1/stats': stats });
    const overdue = await mount({ src: base, metric: 'overdue' });
    const revenue = await mount({ src: base, metric: 'revenue' });
    for (const el of [overdue, revenue]) el.style.width = '20rem';
    await settled(overdue);
    await settled(revenue);

    expect(part(overdue, 'change')).toBeNull();
    expect(part(overdue, 'trend')).toBeNull();
    expect(text(part(overdue, 'comparison'))).toBe('As of now');
    expect(text(part(overdue, 'base'))).not.toContain('vs ');
    expect(text(part(revenue, 'comparison'))).toBe('vs 1–21 Oct');
    expect(overdue.getBoundingClientRect().height).toBe(revenue.getBoundingClientRect().height);
  });

  it('names the year-ago comparison and shows no badge with compare="none"', async () => {
    const year = structuredClone(STATS);
    year.comparison = { mode: 'year', from: '2024-11-01', to: '2024-11-21', label: '1–21 Nov 2024' };
    const { base, mock } = backend({ 'v1/stats': year });
    const el = await mount({ src: base, metric: 'revenue', compare: 'year' });
    await settled(el);
    expect(text(part(el, 'change')!.querySelector('.sr-only'))).toBe('up 4.2% against the same period last year');

    mock.route('v1/stats', { ...structuredClone(STATS), comparison: null });
    el.compare = 'none';
    await expect.poll(() => part(el, 'change')).toBeNull();
    expect(part(el, 'comparison')).toBeNull();
    expect(new URL(mock.calls('v1/stats')[1]!.url).searchParams.get('compare')).toBe('none');
  });

  it('formats with its own locale attribute over the backend locale', async () => {
    const { base } = backend();
    const el = await mount({ src: base, metric: 'revenue', locale: 'de-DE' });
    await settled(el);
    expect(text(part(el, 'value'))).toBe('12.345,60\u00a0€');
  });

  it('shows a skeleton while loading, then the data', async () => {
    const gate = deferred<Response>();
    const { base } = backend({ 'v1/stats': () => gate.promise });
    const el = await mount({ src: base, metric: 'revenue' });

    expect(part(el, 'base')!.getAttribute('aria-busy')).toBe('true');
    expect(part(el, 'value')!.classList).toContain('skeleton');
    expect(text(part(el, 'value'))).toBe('');

    gate.resolve(json(STATS));
    await settled(el);
    expect(part(el, 'value')!.classList).not.toContain('skeleton');
    expect(text(part(el, 'value'))).toBe('€12,345.60');
  });

  it('shows the error with a Retry button that fetches again', async () => {
    const { base, mock } = backend({ 'v1/stats': () => json(PROBLEM, 500) });
    const el = await mount({ src: base, metric: 'revenue' });
    await settled(el);

    const error = part(el, 'error')!;
    expect(error.getAttribute('role')).toBe('alert');
    expect(text(error)).toContain('Could not load this figure: the server could not answer just now');
    expect(part(el, 'value')).toBeNull();
    expect(mock.calls('v1/stats')).toHaveLength(1);

    mock.route('v1/stats', structuredClone(STATS));
    await userEvent.click(part(el, 'retry')!);
    await expect.poll(() => text(part(el, 'value'))).toBe('€12,345.60');
    expect(part(el, 'error')).toBeNull();
    expect(mock.calls('v1/stats')).toHaveLength(2);
  });

  it('keeps the last good data on screen when a refetch fails', async () => {
    const { base, mock } = backend();
    const el = await mount({ src: base, metric: 'revenue' });
    await settled(el);

    mock.route('v1/stats', () => json(PROBLEM, 500));
    el.range = 'quarter';
    await expect.poll(() => part(el, 'error')).not.toBeNull();
    expect(text(part(el, 'error'))).toContain('Could not refresh Revenue');
    expect(text(part(el, 'value'))).toBe('€12,345.60');
  });

  it('treats a response that breaks the contract as an error, not data', async () => {
    const broken = {
      ...structuredClone(STATS),
      stats: [{ metric: 'revenue', value: '12,345.60', previous: null, change: null, trend: [] }],
    };
    const { base } = backend({ 'v1/stats': broken });
    const el = await mount({ src: base, metric: 'revenue' });
    await settled(el);

    expect(text(part(el, 'error'))).toContain('the server sent an answer this page cannot read');
    // The technical reason, for the developer: in the message's title.
    expect(part(el, 'error')!.querySelector('span')!.title).toContain(
      'v1/stats: the response does not match contract v1 (stats.0.value',
    );
    expect(part(el, 'value')).toBeNull();
  });

  it('names an unknown metric and a missing src', async () => {
    const { base } = backend();
    const unknown = await mount({ src: base, metric: 'profit' });
    await settled(unknown);
    expect(text(part(unknown, 'error'))).toContain('unknown metric "profit" (this backend has revenue, orders');

    const orphan = await mount({ metric: 'revenue' });
    await settled(orphan);
    expect(text(part(orphan, 'error'))).toContain('set src, or place <dash-stat-card> inside a <dash-board>');
  });

  it('aborts the request a newer period supersedes', async () => {
    const first = deferred<Response>();
    const { base, mock } = backend({ 'v1/stats': () => first.promise });
    const el = await mount({ src: base, metric: 'revenue', range: 'month' });
    await expect.poll(() => mock.calls('v1/stats')).toHaveLength(1);

    mock.route('v1/stats', structuredClone(STATS));
    el.range = 'year';
    await expect.poll(() => mock.calls('v1/stats')[0]!.signal.aborted).toBe(true);
    await expect.poll(() => text(part(el, 'value'))).toBe('€12,345.60');
    expect(new URL(mock.calls('v1/stats')[1]!.url).searchParams.get('range')).toBe('year');
  });

  it('fetches v1/meta once for all the cards on one backend', async () => {
    const { base, mock } = backend();
    const cards = await Promise.all(['revenue', 'orders', 'overdue'].map((metric) => mount({ src: base, metric })));
    for (const card of cards) await settled(card);
    expect(mock.calls('v1/meta')).toHaveLength(1);
    expect(mock.calls('v1/stats')).toHaveLength(3);
  });

  it('draws the trend as an inline SVG sparkline hidden from screen readers, which get the values as text', async () => {
    const { base } = backend();
    const el = await mount({ src: base, metric: 'revenue' });
    await settled(el);
    const svg = el.shadowRoot!.querySelector('svg[part~="trend"]')!;
    expect(svg.getAttribute('aria-hidden')).toBe('true');
    expect(svg.querySelector('polyline')!.getAttribute('points')).toBe('0.00,7.04 50.00,30.00 100.00,2.00');
    expect(svg.getBoundingClientRect().width).toBeGreaterThan(40);
    const spoken = [...el.shadowRoot!.querySelectorAll('.sr-only')].map((n) => text(n));
    expect(spoken).toContain('Trend: 19 Nov 2025 €601.20, 20 Nov 2025 €0.00, 21 Nov 2025 €733.05.');
  });

  it('summarises a long trend for screen readers, and draws none for point-in-time metrics or with no-trend', async () => {
    const long = structuredClone(STATS);
    long.stats[0]!.trend = Array.from({ length: 30 }, (_, i) => ({
      t: `2025-11-${String(i + 1).padStart(2, '0')}`,
      v: String(i === 4 ? 900 : i === 9 ? 10 : 100),
    }));
    const { base } = backend({ 'v1/stats': long });
    const el = await mount({ src: base, metric: 'revenue' });
    await settled(el);
    const spoken = [...el.shadowRoot!.querySelectorAll('.sr-only')].map((n) => text(n));
    expect(spoken).toContain(
      'Trend from 1 Nov 2025 to 30 Nov 2025: lowest €10.00 on 10 Nov 2025, highest €900.00 on 5 Nov 2025, last €100.00.',
    );

    const overdue = await mount({ src: base, metric: 'overdue' });
    await settled(overdue);
    expect(part(overdue, 'trend')).toBeNull();
    const none = await mount({ src: base, metric: 'revenue', 'no-trend': '' });
    await settled(none);
    expect(part(none, 'trend')).toBeNull();
  });

  it('keeps its height from skeleton to data (no layout jump)', async () => {
    const gate = deferred<Response>();
    const { base } = backend({ 'v1/stats': () => gate.promise });
    const el = await mount({ src: base, metric: 'revenue' });
    el.style.width = '20rem';
    const skeleton = el.getBoundingClientRect().height;
    gate.resolve(json(STATS));
    await settled(el);
    expect(el.getBoundingClientRect().height).toBe(skeleton);
  });

  it('keeps the sparkline and a long comparison inside a narrow card, the whole comparison in its title', async () => {
    const stats = structuredClone(STATS);
    stats.comparison!.label = 'Previous period (26 May – 23 Aug 2026), a long label';
    const gate = deferred<Response>();
    const { base } = backend({ 'v1/stats': () => gate.promise });
    const el = await mount({ src: base, metric: 'revenue' });
    el.style.width = '11rem';
    const skeleton = el.getBoundingClientRect().height;
    gate.resolve(json(stats));
    await settled(el);

    const card = part(el, 'base')!.getBoundingClientRect();
    for (const name of ['trend', 'change', 'comparison']) {
      const box = part(el, name)!.getBoundingClientRect();
      expect(box.left, name).toBeGreaterThanOrEqual(card.left);
      expect(box.right, name).toBeLessThanOrEqual(card.right);
    }
    const comparison = part(el, 'comparison')!;
    expect(comparison.getAttribute('title')).toBe('vs Previous period (26 May – 23 Aug 2026), a long label');
    // The card says only the dates, short; the backend's whole label stays in the title.
    expect(text(comparison)).toBe('vs 1–21 Oct');
    // The comparison's own line in a narrow card is reserved by the skeleton too.
    expect(el.getBoundingClientRect().height).toBe(skeleton);
  });

  it('never cuts a German comparison in a card wider than the narrow rule: beside the badge or on a line of its own', async () => {
    await loadMessages('de');
    const stats = structuredClone(STATS);
    // Against last year the dates carry the year: the longest comparison a card shows.
    stats.comparison = { ...stats.comparison!, mode: 'year', from: '2025-10-09', to: '2025-11-07' };
    const { base } = backend({ 'v1/stats': stats });
    const el = await mount({ src: base, metric: 'revenue', locale: 'de-DE' });
    await settled(el);
    const comparison = part(el, 'comparison')!;
    const badge = part(el, 'change')!;
    expect(text(comparison)).toBe('ggü. 9. Okt. – 7. Nov. 2025');
    let below = 0;
    // Cards of a four-column stat grid between a 1280 and a 1440 px page.
    for (let rem = 16.25; rem <= 19; rem += 0.25) {
      el.style.width = `${rem}rem`;
      await new Promise(requestAnimationFrame);
      expect(comparison.scrollWidth, `${rem}rem`).toBeLessThanOrEqual(comparison.clientWidth);
      const card = part(el, 'base')!.getBoundingClientRect();
      const box = comparison.getBoundingClientRect();
      expect(box.right, `${rem}rem`).toBeLessThanOrEqual(card.right);
      expect(box.bottom, `${rem}rem`).toBeLessThanOrEqual(card.bottom);
      if (box.top >= badge.getBoundingClientRect().bottom) below++;
    }
    // Where it did not fit beside the badge it took a line of its own (the first widths, here).
    expect(below).toBeGreaterThan(0);
  });

  it('shows compact notation with the full value for screen readers and on hover', async () => {
    const { base } = backend();
    const el = await mount({ src: base, metric: 'revenue', compact: '' });
    await settled(el);
    const value = part(el, 'value')!;
    expect(text(value)).toBe('€12.3K (€12,345.60)');
    expect(text(value.querySelector('.sr-only'))).toBe('(€12,345.60)');
    expect(value.title).toBe('€12,345.60');
  });

  it('marks data the server kept while its source was down as stale', async () => {
    const { base } = backend({
      'v1/stats': {
        ...structuredClone(STATS),
        cache: { hit: true, ageSeconds: 900, stale: true, refreshFailed: true },
      },
    });
    const el = await mount({ src: base, metric: 'revenue' });
    await settled(el);
    expect(text(part(el, 'stale'))).toMatch(/^Stale: The server could not refresh this data/);
    expect(await axeViolations(el)).toEqual([]);

    const fresh = await mount({ src: backend().base, metric: 'revenue' });
    await settled(fresh);
    expect(part(fresh, 'stale')).toBeNull();
  });

  it('shows a stale-while-revalidate answer unmarked and replaces it in place with the refreshed value', async () => {
    const fresh = structuredClone(STATS);
    const old = structuredClone(STATS);
    old.stats[0]!.value = '11000.00';
    old.cache = { hit: true, ageSeconds: 90, stale: true, refreshFailed: false };
    const second = deferred<Response>();
    let calls = 0;
    const { base } = backend({ 'v1/stats': () => (calls++ === 0 ? json(old) : second.promise) });
    const el = await mount({ src: base, metric: 'revenue' });
    await settled(el);
    expect(text(part(el, 'value'))).toBe('€11,000.00');
    expect(part(el, 'stale')).toBeNull();
    // It asks again on its own; meanwhile the served value stays (no skeleton, no mark).
    await vi.waitFor(() => expect(calls).toBe(2), { timeout: 5000 });
    await el.updateComplete;
    expect(text(part(el, 'value'))).toBe('€11,000.00');
    expect(el.shadowRoot!.querySelector('.skeleton')).toBeNull();
    expect(part(el, 'stale')).toBeNull();
    second.resolve(json(fresh));
    await vi.waitFor(() => expect(text(part(el, 'value'))).toBe('€12,345.60'));
    expect(part(el, 'stale')).toBeNull();
    expect(calls).toBe(2);
  });

  it('marks a revalidating answer stale only when it stays stale after every refetch (a backend that does not say)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const old = structuredClone(STATS) as StatsResponse & { cache: Record<string, unknown> };
      old.cache = { hit: true, ageSeconds: 90, stale: true };
      let calls = 0;
      const { base } = backend({ 'v1/stats': () => (calls++, json(old)) });
      const el = await mount({ src: base, metric: 'revenue' });
      await settled(el);
      for (const [i, delay] of REVALIDATE_DELAYS_MS.entries()) {
        expect(part(el, 'stale')).toBeNull();
        await vi.advanceTimersByTimeAsync(delay);
        await vi.waitFor(() => expect(calls).toBe(i + 2));
        await settled(el);
      }
      await vi.waitFor(() => expect(part(el, 'stale')).not.toBeNull());
      await vi.advanceTimersByTimeAsync(60_000);
      expect(calls).toBe(REVALIDATE_DELAYS_MS.length + 1);
    } finally {
      vi.useRealTimers();
    }
  });

  it('lays out right to left with Persian digits for fa-IR and IRR', async () => {
    const { base } = backend({ 'v1/meta': { ...structuredClone(META), locale: 'fa-IR', currency: 'IRR' } });
    const el = await mount({ src: base, metric: 'revenue' });
    await settled(el);
    expect(text(part(el, 'value'))).toBe('\u200eریال\u00a0۱۲٬۳۴۶');
    expect(text(part(el, 'change')!.querySelector('[aria-hidden="true"]'))).toBe('▲ +۴٫۲٪');
    expect(getComputedStyle(part(el, 'base')!).direction).toBe('rtl');
    // Logical layout: the label starts at the right edge.
    const card = part(el, 'base')!.getBoundingClientRect();
    const label = part(el, 'label')!.getBoundingClientRect();
    expect(Math.round(card.right - label.right)).toBeLessThan(Math.round(label.left - card.left));
    expect(await axeViolations(el)).toEqual([]);
  });

  it('uses the dark palette with theme="dark" and stays AA', async () => {
    const { base } = backend();
    const el = await mount({ src: base, metric: 'revenue', theme: 'dark' });
    await settled(el);
    expect(getComputedStyle(part(el, 'base')!).backgroundColor).toBe('rgb(21, 27, 35)');
    expect(getComputedStyle(part(el, 'change')!).color).toBe('rgb(87, 210, 107)');
    expect(await axeViolations(el)).toEqual([]);
  });

  it('shows data handed to it by a parent and fetches nothing itself', async () => {
    const { base, mock } = backend();
    const el = document.createElement('dash-stat-card');
    el.src = base;
    el.metric = 'orders';
    el.data = null;
    document.body.append(el);
    await el.updateComplete;
    expect(part(el, 'value')!.classList).toContain('skeleton');
    expect(part(el, 'base')!.getAttribute('aria-busy')).toBe('true');

    el.data = {
      meta: META,
      info: META.metrics.find((m) => m.id === 'orders')!,
      stat: STATS.stats.find((s) => s.metric === 'orders')!,
      comparison: STATS.comparison,
    };
    await el.updateComplete;
    expect(text(part(el, 'value'))).toBe('128');
    expect(mock.requests).toHaveLength(0);
  });

  it('reaches Retry from the keyboard', async () => {
    const { base, mock } = backend({ 'v1/stats': () => json(PROBLEM, 500) });
    const el = await mount({ src: base, metric: 'revenue' });
    await settled(el);
    mock.route('v1/stats', structuredClone(STATS));
    await userEvent.tab();
    expect(el.shadowRoot!.activeElement).toBe(part(el, 'retry'));
    await userEvent.keyboard('{Enter}');
    await expect.poll(() => text(part(el, 'value'))).toBe('€12,345.60');
  });

  it('reflects its attributes', async () => {
    const { base } = backend();
    const el = await mount({ src: base, metric: 'revenue' });
    el.range = 'week';
    el.locale = 'en-US';
    await el.updateComplete;
    expect(el.getAttribute('range')).toBe('week');
    expect(el.getAttribute('locale')).toBe('en-US');
  });

  it('passes axe (WCAG 2.1 A/AA) with data, while loading and in the error state', async () => {
    const good = backend();
    const loaded = await mount({ src: good.base, metric: 'revenue' });
    const falling = await mount({ src: good.base, metric: 'orders' });
    await settled(loaded);
    await settled(falling);
    expect(await axeViolations(loaded)).toEqual([]);
    expect(await axeViolations(falling)).toEqual([]);

    const loading = await mount({
      src: backend({ 'v1/stats': () => deferred<Response>().promise }).base,
      metric: 'revenue',
    });
    expect(await axeViolations(loading)).toEqual([]);

    const failing = await mount({ src: backend({ 'v1/stats': () => json(PROBLEM, 500) }).base, metric: 'revenue' });
    await settled(failing);
    expect(await axeViolations(failing)).toEqual([]);
  });
});
