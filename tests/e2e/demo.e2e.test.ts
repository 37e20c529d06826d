/**
 * The demo page `npm start` serves, end to end against the real adapter:
 * `dashkit serve` in demo mode, in-process (PGlite demo data, memory cache,
 * live events, `POST /demo/activity`), driven by headless Chromium.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_METRICS } from '../../server-adapter/bin/demo/page.js';
import { FIRST_STAT_MARK } from '../../server-adapter/bin/demo/page-script.js';
import { type DemoServer, startDemoServer } from '../../server-adapter/bin/demo/server.js';
import { deepTexts, ensureBuilt, openPage, renderedStatValues, ROOT } from '../support/examples.js';

const RESULTS_DIR = join(ROOT, 'test-results', 'demo');

let demo: DemoServer | undefined;

beforeAll(async () => {
  await ensureBuilt();
  demo = await startDemoServer();
}, 300_000);

afterAll(async () => {
  await demo?.close();
});

describe('the demo page', () => {
  it('shows the whole dashboard, updates it live while "Simulate activity" is on, and marks the first KPI', async () => {
    const opened = await openPage({ viewport: { width: 1280, height: 900 } });
    const { page, problems } = opened;
    const requests: string[] = [];
    page.on('request', (request) => requests.push(`${request.method()} ${new URL(request.url()).pathname}`));
    try {
      await page.goto(demo!.url);

      // KPIs: all eight, formatted for en-US / USD.
      const values = await renderedStatValues(page, DEMO_METRICS.length);
      const byMetric = Object.fromEntries(DEMO_METRICS.map((metric, i) => [metric, values[i]]));
      expect(byMetric.revenue).toMatch(/^\$\d{1,3}(,\d{3})*(\.\d\d)?$/);
      expect(byMetric.orders).toMatch(/^\d{1,3}(,\d{3})*$/);
      expect(byMetric.average_order_value).toMatch(/^\$[\d,]+\.\d\d$/);
      expect(byMetric.conversion_rate).toMatch(/^\d{1,3}(\.\d)?%$/);
      expect(byMetric.overdue).toMatch(/^\$[\d,]+(\.\d\d)?$/);
      expect(requests.filter((r) => r.startsWith('GET /v1/stats'))).toHaveLength(1); // the grid: one request

      const firstStat = await page.evaluate(
        (name) => performance.getEntriesByName(name)[0]?.startTime,
        FIRST_STAT_MARK,
      );
      expect(firstStat).toBeGreaterThan(0);
      console.info(`demo page: navigation → ${FIRST_STAT_MARK} ${firstStat!.toFixed(0)} ms`);
      await expect
        .poll(() => page.locator('#first-stat-time').textContent())
        .toMatch(/^First KPI on screen \d+ ms after navigation$/);

      // Charts: the series, the aging donut and the top customers, each drawn on a canvas.
      await page.locator('dash-chart[metrics="revenue,orders"] canvas').first().waitFor({ timeout: 60_000 });
      for (const chart of ['dash-chart[report="aging"]', 'dash-chart[breakdown="customer"]']) {
        await page.locator(chart).scrollIntoViewIfNeeded();
        await page.locator(`${chart} canvas`).first().waitFor({ timeout: 60_000 });
      }

      // Low stock: rows with a status badge.
      await page.locator('dash-low-stock').scrollIntoViewIfNeeded();
      // (Each row has two badges, in the status column and in the product cell; the card's width shows one.)
      await page.locator('dash-low-stock [part~="badge"]:visible').first().waitFor({ timeout: 60_000 });
      expect(await page.locator('dash-low-stock tbody tr').count()).toBeGreaterThan(0);

      // Aging: customer rows; the first expands into its invoices.
      const aging = page.locator('dash-aging-table');
      await aging.scrollIntoViewIfNeeded();
      await aging.locator('tr.row').first().waitFor({ timeout: 60_000 });
      expect(await aging.locator('tr.row').count()).toBe(10);
      const expand = aging.locator('button[part~="expand"]').first();
      await expand.click();
      await expect.poll(() => expand.getAttribute('aria-expanded')).toBe('true');
      await aging.locator('tr.details th[scope="row"]').first().waitFor({ timeout: 30_000 });
      const invoices = await aging.locator('tr.details th[scope="row"]').allTextContents();
      expect(invoices.length).toBeGreaterThan(0);
      expect(invoices.every((number) => /^INV-\d{4}-\d+$/.test(number.trim()))).toBe(true);

      // Theme toggle: the page and the widgets switch together.
      await page.getByRole('radio', { name: 'Dark' }).check();
      expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe('dark');
      expect(await page.locator('dash-board').getAttribute('theme')).toBe('dark');

      // Live: the switch posts events; the SSE invalidation makes the grid refetch, without a reload.
      await page.evaluate(() => ((window as { notReloaded?: boolean }).notReloaded = true));
      await page.evaluate(() => window.scrollTo(0, 0));
      const toggle = page.getByRole('switch', { name: 'Simulate activity' });
      expect(await toggle.getAttribute('aria-checked')).toBe('false');
      const statsBefore = requests.filter((r) => r.startsWith('GET /v1/stats')).length;
      await toggle.click();
      expect(await toggle.getAttribute('aria-checked')).toBe('true');
      const changed = await page.waitForFunction(
        (before) => {
          const texts: string[] = [];
          const grid = document.querySelector('dash-stat-grid')?.shadowRoot;
          for (const card of grid?.querySelectorAll('dash-stat-card') ?? []) {
            texts.push(card.shadowRoot?.querySelector('[part~="value"]')?.textContent?.trim() ?? '');
          }
          return texts.length === before.length && texts.some((text, i) => /\d/.test(text) && text !== before[i]);
        },
        values,
        // Well under the 59 s the server lets responses be cached: the change must come through the live event.
        { timeout: 30_000, polling: 100 },
      );
      expect(await changed.jsonValue()).toBe(true);

      // The activity feed prepends the simulated orders, and the status bar shows the simulated sync.
      const feedTop = () => page.locator('dash-activity li b').first().textContent();
      const firstTop = await feedTop();
      await expect.poll(feedTop, { timeout: 30_000 }).not.toBe(firstTop);
      await expect
        .poll(() => page.locator('dash-activity li').first().getAttribute('part'), { timeout: 5_000, interval: 50 })
        .toContain('new');
      await expect
        .poll(async () => (await page.locator('dash-status [part~="pipeline"]').first().textContent())?.trim(), {
          timeout: 30_000,
        })
        .toMatch(/^Accounting sync (running|synced|failed)/);
      expect(await page.locator('dash-status [part~="live"]').textContent()).toMatch(/^Live · updated /);
      await toggle.click();
      expect(await toggle.getAttribute('aria-checked')).toBe('false');
      expect(requests.some((r) => r === 'POST /demo/activity')).toBe(true);
      expect(requests.filter((r) => r.startsWith('GET /v1/stats')).length).toBeGreaterThan(statsBefore);
      expect(await page.evaluate(() => (window as { notReloaded?: boolean }).notReloaded)).toBe(true);
      expect(requests.filter((r) => r === 'GET /')).toHaveLength(1);
      expect((await deepTexts(page, '#activity-log li')).length).toBeGreaterThan(0);

      mkdirSync(RESULTS_DIR, { recursive: true });
      await page.screenshot({ path: join(RESULTS_DIR, 'e2e-dark.png'), fullPage: true });
      expect(problems).toEqual([]);
    } finally {
      await opened.close();
    }
  }, 240_000);

  it('cross-filters by a customer clicked in the top-customers chart, keeps it in the URL, and Back undoes it', async () => {
    const opened = await openPage({ viewport: { width: 1280, height: 900 } });
    const { page, problems } = opened;
    const requests: URL[] = [];
    page.on('request', (request) => requests.push(new URL(request.url())));
    try {
      await page.goto(`${demo!.url}?range=90d`);
      const top = page.locator('dash-chart[breakdown="customer"]');
      await top.scrollIntoViewIfNeeded();
      await top.locator('canvas').first().waitFor({ timeout: 60_000 });
      // Keyboard: the chart's frame takes focus, the arrows reach the first customer, Enter filters by it.
      await top.locator('[part~="chart"]').focus();
      await page.keyboard.press('ArrowDown');
      // The first live region speaks the cursor's point ("Acme Ltd, Revenue $1,234.00, Enter filters the board");
      // the second, live updates.
      const announced = await top.locator('[part~="chart"] [aria-live]').first().textContent();
      const match = /^(.*), [^,]+ \$[\d,]+(\.\d\d)?, Enter filters the board$/.exec(announced!.trim());
      expect(match, announced!).not.toBeNull();
      const name = match![1]!;
      await page.keyboard.press('Enter');

      const board = page.locator('dash-board');
      await expect.poll(() => board.getAttribute('filter')).toMatch(/^customer:\d+$/);
      const filter = (await board.getAttribute('filter'))!;
      expect(new URL(page.url()).searchParams.get('filter')).toBe(filter);
      expect(new URL(page.url()).searchParams.get('range')).toBe('90d');
      const chips = async () =>
        (await page.locator('dash-board [part~="chip"]').allTextContents()).map((t) => t.trim());
      await expect.poll(chips).toEqual([`Customer: ${name}×`]);
      // The KPIs of that customer (and the shop's low-stock count), its aging, its top-customer bar.
      const asked = (path: string) => requests.filter((u) => u.pathname === path).map((u) => u.searchParams);
      await expect.poll(() => asked('/v1/stats').some((q) => q.get('filter') === filter)).toBe(true);
      const filtered = asked('/v1/stats').find((q) => q.get('filter') === filter)!;
      expect(filtered.get('metrics')).toBe(
        'revenue,orders,average_order_value,new_customers,conversion_rate,receivables,overdue',
      );
      expect(asked('/v1/stats').some((q) => q.get('metrics') === 'low_stock_items' && !q.has('filter'))).toBe(true);
      await expect.poll(() => asked('/v1/aging').filter((q) => q.get('filter') === filter).length).toBe(2);
      await expect.poll(() => top.locator('table tbody tr').count()).toBe(1);

      mkdirSync(RESULTS_DIR, { recursive: true });
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: join(RESULTS_DIR, 'e2e-filtered.png'), fullPage: true });

      // Back: the board is unfiltered again; forward and a reload bring the filter back.
      await page.goBack();
      await expect.poll(() => board.getAttribute('filter')).toBeNull();
      await expect.poll(() => board.locator('[part~="chip"]').count()).toBe(0);
      await page.goForward();
      await expect.poll(() => board.getAttribute('filter')).toBe(filter);
      await page.reload();
      await expect.poll(() => page.locator('dash-board').getAttribute('filter')).toBe(filter);
      await expect.poll(chips).toEqual([`Customer: ${name}×`]);
      // A filter change (the click, Back, Forward) and the reload supersede fetches still in flight, which the
      // widgets abort on purpose (the aging widget's first page, say); an aborted request is not a failure.
      expect(problems.filter((p) => !p.includes('(net::ERR_ABORTED)'))).toEqual([]);
    } finally {
      await opened.close();
    }
  }, 240_000);
});
