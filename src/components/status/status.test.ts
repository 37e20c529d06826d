import { ContextProvider } from '@lit/context';
import axe from 'axe-core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { userEvent } from 'vitest/browser';
import { StatusResponse } from '../../contract/status.js';
import { MetaResponse } from '../../contract/meta.js';
import { dashboardContext, type DashboardContext } from '../../context/dashboard.js';
import { DashBoard } from '../board/board.js';
import { createClient } from '../../internal/client.js';
import { Freshness } from '../../internal/freshness.js';
import metaJson from '../../../tests/fixtures/meta.json';
import statusJson from '../../../tests/fixtures/status.json';
import failedJson from '../../../tests/fixtures/status.failed.json';
import { fixtureBackend } from '../../../tests/support/fixture-backend.js';
import { liveBoard, requestCount, settledAll } from '../../../tests/support/live-board.js';
import { installFetchMock, type FetchMock, type Route } from '../../../tests/support/mock-fetch.js';
import '../../define/board.js';
import '../../define/low-stock.js';
import '../../define/status.js';
import type { DashStatus } from './status.js';

const META = MetaResponse.parse(metaJson);
const OK = StatusResponse.parse(statusJson);
const FAILED = StatusResponse.parse(failedJson);

const mocks: FetchMock[] = [];
let counter = 0;

afterEach(() => {
  vi.useRealTimers();
  for (const el of document.querySelectorAll('dash-status, dash-board, .host')) el.remove();
  for (const mock of mocks.splice(0)) mock.restore();
});

function backend(status: Route = structuredClone(OK)) {
  const base = `/status-api-${++counter}`;
  const mock = installFetchMock(base, { 'v1/meta': structuredClone(META), 'v1/status': status });
  mocks.push(mock);
  return { base, mock };
}

async function mount(attributes: Record<string, string> = {}, parent: HTMLElement = document.body) {
  const el = document.createElement('dash-status');
  for (const [name, value] of Object.entries(attributes)) el.setAttribute(name, value);
  parent.append(el);
  await expect.poll(() => $$(el, 'li').length + ($(el, '[part~="error"]') ? 1 : 0)).toBeGreaterThan(0);
  return el;
}

const $ = (el: DashStatus, selector: string) => el.shadowRoot!.querySelector<HTMLElement>(selector);
const $$ = (el: DashStatus, selector: string) => [...el.shadowRoot!.querySelectorAll<HTMLElement>(selector)];
const text = (node: Element | null | undefined) => node?.textContent?.replace(/\s+/g, ' ').trim();
const rtf = new Intl.RelativeTimeFormat('en-IE', { numeric: 'auto', style: 'short' });
const ago = (n: number, unit: Intl.RelativeTimeFormatUnit) => rtf.format(-n, unit);

async function axeViolations(el: Element): Promise<string[]> {
  const results = await axe.run(el, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
  return results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

describe('<dash-status>', () => {
  it('says when the data last changed and how each pipeline did', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-21T10:00:00Z'));
    const { base } = backend();
    const el = await mount({ src: base });
    // Alone (no board, so no live stream): the last change the server heard, 12 s before now.
    expect(text($(el, '[part~="live"]'))).toBe(`Updated ${ago(12, 'second')}`);
    expect($$(el, '[part~="pipeline"]').map((li) => text(li))).toEqual([`Accounting sync synced ${ago(2, 'minute')}`]);
    expect($(el, '[part~="stale"]')).toBeNull();
    expect(text($(el, '[role="status"]'))).toBe('');
    expect(await axeViolations(el)).toEqual([]);
  });

  it('calls out failed and late pipelines, with their message, and says so to screen readers', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-21T10:00:00Z'));
    const { base } = backend(structuredClone(FAILED));
    const el = await mount({ src: base });
    const items = $$(el, '[part~="pipeline"]');
    expect(items.map((li) => text(li))).toEqual([
      `Accounting sync failed ${ago(2, 'minute')}: QuickBooks API answered 503 Service Unavailable`,
      `Warehouse import late, due ${ago(8, 'hour')}`,
      'CRM contacts no run yet',
    ]);
    expect(items.map((li) => [...li.part])).toEqual([
      ['pipeline', 'failed'],
      ['pipeline', 'late'],
      ['pipeline', 'ok'],
    ]);
    expect(getComputedStyle(items[0]!).color).not.toBe(getComputedStyle(items[2]!).color);
    expect(text($(el, '[role="status"]'))).toBe('Accounting sync failed. Warehouse import late');
    expect(await axeViolations(el)).toEqual([]);
  });

  it('shows the live state and stale widgets of its board, announcing changes but not the ticking time', async () => {
    const { base } = backend();
    const host = document.createElement('div');
    host.className = 'host';
    document.body.append(host);
    const freshness = new Freshness();
    const context: DashboardContext = { client: createClient({ base }), revision: 0, freshness };
    new ContextProvider(host, { context: dashboardContext, initialValue: context });
    freshness.setLive('connecting');
    const el = await mount({}, host);
    const live = () => text($(el, '[part~="live"]'));
    const said = () => text($(el, '[role="status"]'));
    expect(live()).toBe('Connecting…');
    freshness.setLive('open');
    await expect.poll(live).toMatch(/^Live · updated /);
    expect(said()).toBe('Live');
    freshness.setLive('reconnecting');
    await expect.poll(live).toBe('Reconnecting…');
    expect(said()).toBe('Reconnecting…');
    const widget = {};
    freshness.report(widget, { some: 'data' }, true);
    await expect.poll(() => text($(el, '[part~="stale"]'))).toBe('1 widget shows stale data');
    expect(said()).toBe('Reconnecting…. Some data is stale');
    freshness.report(widget, undefined, false);
    await expect.poll(() => $(el, '[part~="stale"]')).toBeNull();
  });

  it('keeps "updated 12 s ago" current with one timer, and reads v1/status again every `poll` seconds', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    vi.setSystemTime(new Date('2026-11-21T10:00:00Z'));
    const { base, mock } = backend();
    const el = await mount({ src: base, poll: '60' });
    const live = () => text($(el, '[part~="live"]'));
    expect(live()).toBe(`Updated ${ago(12, 'second')}`);
    vi.advanceTimersByTime(1000);
    await el.updateComplete;
    expect(live()).toBe(`Updated ${ago(13, 'second')}`);
    expect(mock.calls('v1/status')).toHaveLength(1);
    vi.advanceTimersByTime(59_000);
    await expect.poll(() => mock.calls('v1/status').length).toBe(2);
    expect(live()).toBe(`Updated ${ago(1, 'minute')}`);
    await expect.poll(() => $(el, '[part~="base"]')?.getAttribute('aria-busy')).toBe('false');
    el.poll = 0;
    await el.updateComplete;
    vi.advanceTimersByTime(600_000);
    expect(mock.calls('v1/status')).toHaveLength(2);
    el.poll = 5;
    await el.updateComplete;
    vi.advanceTimersByTime(5000);
    await expect.poll(() => mock.calls('v1/status').length).toBe(3);
  });

  it('shows an error with Retry when v1/status fails', async () => {
    let fail = true;
    const { base } = backend(() =>
      fail
        ? new Response(JSON.stringify({ type: 'about:blank', title: 'Not Found', status: 404, detail: 'no status' }), {
            status: 404,
            headers: { 'content-type': 'application/problem+json' },
          })
        : new Response(JSON.stringify(OK), { headers: { 'content-type': 'application/json' } }),
    );
    const el = await mount({ src: base });
    expect(text($(el, '[part~="error"]'))).toMatch(/Could not load the status: 404/);
    fail = false;
    await userEvent.click($(el, '[part~="retry"]')!);
    await expect.poll(() => $$(el, 'li').length).toBe(1);
    expect($(el, '[part~="error"]')).toBeNull();
  });

  describe('on a live board', () => {
    it('goes Live, then Reconnecting… when the stream is lost, and Live again when it is back', async () => {
      const saved = DashBoard.reconnectDelayMs;
      DashBoard.reconnectDelayMs = 50;
      try {
        const api = fixtureBackend();
        const board = await liveBoard(api, '<dash-status></dash-status>');
        const el = board.querySelector('dash-status')!;
        const live = () => text($(el, '[part~="live"]'));
        await expect.poll(live).toMatch(/^Live · updated /);
        await api.control({ failEvents: 1000 });
        await api.control({ drop: true });
        await expect.poll(live).toBe('Reconnecting…');
        await api.control({ failEvents: 0 });
        await expect.poll(live, { timeout: 10_000 }).toMatch(/^Live · updated /);
      } finally {
        DashBoard.reconnectDelayMs = saved;
      }
    });

    it("counts the board's widgets served stale data, and shows a failed pipeline", async () => {
      const api = fixtureBackend();
      await api.control({ stale: true, variants: { status: 'failed' } });
      const board = await liveBoard(api, '<dash-status></dash-status><dash-low-stock></dash-low-stock>');
      const el = board.querySelector('dash-status')!;
      // Its own v1/status (stale here too) is not counted: only the low-stock widget.
      await expect.poll(() => text($(el, '[part~="stale"]'))).toBe('1 widget shows stale data');
      expect(text($(el, '[part~="pipeline"].failed, [part~="failed"]'))).toMatch(/^Accounting sync failed/);
    });

    it('refreshes every widget of the board on request, keeping its period', async () => {
      const api = fixtureBackend();
      const board = await liveBoard(
        api,
        '<dash-status></dash-status><dash-stat-card metric="revenue"></dash-stat-card>',
      );
      board.range = '7d';
      await expect.poll(() => requestCount(api, 'v1/stats')).toBe(2);
      await settledAll(board);
      const el = board.querySelector('dash-status')!;
      const statusBefore = await requestCount(api, 'v1/status');
      await userEvent.click($(el, '[part~="refresh"]')!);
      await expect.poll(() => requestCount(api, 'v1/stats')).toBe(3);
      const stats = await api.requests('v1/stats');
      expect(stats.at(-1)!.query).toEqual(stats.at(-2)!.query);
      expect(stats.at(-1)!.query['range']).toBe('7d');
      await expect.poll(() => requestCount(api, 'v1/status')).toBe(statusBefore + 1);
      // Keyboard: the button takes Enter like any button.
      $(el, '[part~="refresh"]')!.focus();
      await userEvent.keyboard('{Enter}');
      await expect.poll(() => requestCount(api, 'v1/stats')).toBe(4);
    });
  });
});
