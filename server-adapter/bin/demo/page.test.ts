/** The demo page's HTML: what it offers in each mode. Its behaviour in a browser: tests/e2e/demo.e2e.test.ts. */
import { describe, expect, it } from 'vitest';
import { serveHandler } from '../serve/app.js';
import { DEMO_METRICS, demoPage, type DemoPageOptions } from './page.js';

const BASE: DemoPageOptions = {
  basePath: '',
  widgets: true,
  timezone: 'Europe/Berlin',
  currency: 'EUR',
  sourceLabel: 'pglite demo',
  activity: true,
};

describe('demoPage', () => {
  it('shows every widget, live and themed, loading the CDN bundle', () => {
    const html = demoPage(BASE);
    expect(html).toContain('<dash-board src="/" range="30d" live theme="auto" sync-url export-menu>');
    expect(html).toContain(`<dash-stat-grid class="wide" metrics="${DEMO_METRICS.join(',')}">`);
    for (const tag of [
      '<dash-period-filter>',
      '<dash-chart class="wide" metrics="revenue,orders" type="area"',
      'breakdown="customer" metrics="revenue" type="bar"',
      'report="aging" type="donut"',
      '<dash-aging-table',
      '<dash-low-stock',
      '<dash-status>',
      '<dash-activity class="narrow" limit="8">',
    ]) {
      expect(html).toContain(tag);
    }
    expect(html).toContain('<script type="module" src="/dist/cdn/dashkit.js"></script>');
    expect(html).toContain('time zone Europe/Berlin · EUR');
  });

  it('offers "Simulate activity" as a switch only when the demo endpoint exists', () => {
    expect(demoPage(BASE)).toMatch(
      /<button type="button" class="switch" id="simulate" role="switch" aria-checked="false"/,
    );
    expect(demoPage({ ...BASE, activity: false })).not.toContain('role="switch"');
    expect(demoPage({ ...BASE, activity: undefined })).not.toContain('role="switch"');
  });

  it('says to run npm run build when the bundle is missing, and still lists the API', () => {
    const html = demoPage({ ...BASE, widgets: false, basePath: '/dash' });
    expect(html).toContain('<code>npm run build</code>');
    expect(html).not.toContain('<dash-board');
    expect(html).not.toContain('/dist/cdn/dashkit.js');
    expect(html).not.toContain('role="switch"');
    expect(html).toContain('href="/dash/v1/meta"');
  });

  it('escapes what it is given', () => {
    const html = demoPage({ ...BASE, sourceLabel: '<b>"x"</b>', basePath: '/a"b' });
    expect(html).toContain('&lt;b&gt;&quot;x&quot;&lt;/b&gt;');
    expect(html).toContain('src="/a&quot;b/"');
  });
});

describe('serveHandler with the demo activity route', () => {
  const api = { fetch: async (request: Request) => new Response(`api:${new URL(request.url).pathname}`) };
  const config = {
    port: 0,
    host: '127.0.0.1',
    timezone: 'UTC',
    currency: 'USD',
    locale: 'en-US',
    basePath: '',
    demo: true,
  };

  it('asks the route first and falls through to the contract', async () => {
    const activity = async (request: Request) =>
      new URL(request.url).pathname === '/demo/activity' ? new Response('event') : undefined;
    const handler = serveHandler(api, config, undefined, activity);
    expect(await (await handler(new Request('http://x/demo/activity', { method: 'POST' }))).text()).toBe('event');
    expect(await (await handler(new Request('http://x/v1/meta'))).text()).toBe('api:/v1/meta');
  });

  it('without the route (a real database), /demo/activity is the contract handler’s (a 404 there)', async () => {
    const handler = serveHandler(api, config, undefined);
    expect(await (await handler(new Request('http://x/demo/activity', { method: 'POST' }))).text()).toBe(
      'api:/demo/activity',
    );
  });

  it('serves the Persian and Arabic web font the page declares', async () => {
    const handler = serveHandler(api, config, undefined);
    const page = await (await handler(new Request('http://x/'))).text();
    const url = /url\('([^']+\.woff2)'\)/.exec(page)?.[1];
    expect(url).toBeDefined();
    const font = await handler(new Request(`http://x${url}`));
    expect(font.status).toBe(200);
    expect(font.headers.get('content-type')).toBe('font/woff2');
    // A WOFF2 file starts with its signature.
    expect(new TextDecoder().decode((await font.arrayBuffer()).slice(0, 4))).toBe('wOF2');
    expect((await handler(new Request('http://x/demo/fonts/..%2Fpackage.json'))).status).toBe(404);
  });
});
