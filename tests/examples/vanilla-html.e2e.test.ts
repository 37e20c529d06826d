/**
 * examples/vanilla-html: the static page, served as written (only the adapter
 * URL swapped for this run's), loads dist/cdn/dashkit.js and talks to an
 * adapter on another origin through CORS.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDashboardServer, listen, staticFiles, type Listening } from '../../server-adapter/index.js';
import { ensureBuilt, openPage, renderedStatValues, RESULTS_DIR, ROOT } from '../support/examples.js';

const PAGE = 'examples/vanilla-html/index.html';
/** Where the page (and its README) expects the adapter: `dashkit serve --port 8787`. */
const ADAPTER_IN_PAGE = 'http://127.0.0.1:8787';

let site: Listening | undefined;
let api: Listening | undefined;

beforeAll(async () => {
  await ensureBuilt();
  const html = readFileSync(join(ROOT, PAGE), 'utf8');
  expect(html).toContain(`src="${ADAPTER_IN_PAGE}"`);
  expect(html).toContain('<script type="module" src="../../dist/cdn/dashkit.js"></script>');
  const files = staticFiles(ROOT, '/');
  site = await listen(
    {
      async fetch(request) {
        if (new URL(request.url).pathname === `/${PAGE}`) {
          return new Response(html.replaceAll(ADAPTER_IN_PAGE, api!.url), {
            headers: { 'content-type': 'text/html; charset=utf-8' },
          });
        }
        return (await files(request)) ?? new Response('Not Found', { status: 404 });
      },
    },
    { port: 0 },
  );
  api = await listen(createDashboardServer({ seedDemo: true, corsOrigins: [site.url] }), { port: 0 });
}, 240_000);

afterAll(async () => {
  await Promise.all([site?.close(), api?.close()]);
});

describe('examples/vanilla-html', () => {
  it('renders every widget from an adapter on another origin, ECharts only once a chart is in view', async () => {
    // Short enough that the charts (about 450px down) start beyond the two screen heights a chart preloads
    // ahead (120 + 240 px).
    const opened = await openPage({ viewport: { width: 1280, height: 120 } });
    const { page, problems } = opened;
    const requested: string[] = [];
    page.on('request', (request) => requested.push(request.url()));
    try {
      await page.goto(`${site!.url}/${PAGE}`);
      expect(new URL(api!.url).origin).not.toBe(new URL(site!.url).origin);

      const values = await renderedStatValues(page, 4);
      expect(values).toHaveLength(4);
      expect(values[0]).toMatch(/^\$[\d,.]+[KM]?$/); // revenue, as USD
      expect(values[1]).toMatch(/^[\d,.]+[KM]?$/); // orders
      expect(requested.some((url) => url.startsWith(`${api!.url}/v1/stats?`))).toBe(true);

      // Nothing has asked for the chart library while no chart was visible.
      expect(requested.filter((url) => /echarts/i.test(url))).toEqual([]);
      const charts = page.locator('dash-chart');
      await charts.first().scrollIntoViewIfNeeded();
      await page.locator('dash-chart canvas').first().waitFor({ timeout: 60_000 });
      expect(requested.some((url) => /\/dist\/cdn\/echarts-[\w-]+\.js$/.test(url))).toBe(true);
      await page.locator('dash-chart').nth(1).locator('canvas').first().waitFor({ timeout: 60_000 });

      await page.setViewportSize({ width: 1280, height: 900 });
      // The rest of the page: aging rows and low-stock items, once scrolled to.
      await page.locator('dash-low-stock').scrollIntoViewIfNeeded();
      await page.locator('dash-aging-table tr.row').first().waitFor({ timeout: 60_000 });
      expect(await page.locator('dash-aging-table tr.row').count()).toBeGreaterThan(1);

      mkdirSync(RESULTS_DIR, { recursive: true });
      await page.screenshot({ path: join(RESULTS_DIR, 'vanilla-html.png'), fullPage: true });
      await page.locator('dash-stat-grid').screenshot({ path: join(RESULTS_DIR, 'vanilla-html-stats.png') });
      expect(problems).toEqual([]);
    } finally {
      await opened.close();
    }
  }, 180_000);
});
