/**
 * The HTTP layer against a fake engine (tests/support/fake-engine.ts): routing,
 * parameters, errors, caching headers. Fast, no database; the real engine is
 * exercised end to end in node.test.ts.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ENDPOINTS, HealthResponse, Problem } from '../src/contract/index.js';
import { createFakeEngine, type FakeEngine } from '../tests/support/fake-engine.js';
import type { Scope } from './auth/scope.js';
import { createMemoryStore } from './cache/memory.js';
import { UnauthorizedError } from './errors.js';
import { createDashboardServer, type DashboardServer } from './server.js';
import type { Logger } from './logger.js';
import type { DashboardServerOptions } from './options.js';

const T0 = Date.parse('2026-11-21T12:00:00Z');

interface Harness {
  server: DashboardServer;
  engine: FakeEngine;
  logger: Logger & { errors: unknown[][]; warnings: unknown[][] };
  advance(seconds: number): void;
  get(path: string, init?: RequestInit): Promise<Response>;
}

const open: DashboardServer[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

function harness(options: Partial<DashboardServerOptions> = {}, engine = createFakeEngine()): Harness {
  let nowMs = T0;
  const errors: unknown[][] = [];
  const warnings: unknown[][] = [];
  const logger = {
    errors,
    warnings,
    info() {},
    warn: (...args: unknown[]) => void warnings.push(args),
    error: (...args: unknown[]) => void errors.push(args),
  };
  const server = createDashboardServer({
    engine,
    now: () => new Date(nowMs),
    logger,
    cache: createMemoryStore({ now: () => nowMs }),
    ...options,
  });
  open.push(server);
  const base = `http://localhost${options.basePath ?? ''}/`;
  return {
    server,
    engine,
    logger,
    advance(seconds) {
      nowMs += seconds * 1000;
    },
    get: (path, init) => server.fetch(new Request(new URL(path, base), init)),
  };
}

/** Every JSON endpoint with a valid query. */
const VALID: Record<keyof typeof ENDPOINTS, string> = {
  meta: 'v1/meta',
  stats: 'v1/stats?metrics=revenue,orders&range=7d',
  series: 'v1/series?metrics=revenue&range=custom&from=2026-11-15&to=2026-11-21&granularity=day',
  breakdown: 'v1/breakdown?metric=revenue&by=customer&limit=5&range=month',
  segments: 'v1/segments?range=year',
  aging:
    'v1/aging?asOf=2026-11-21&basis=due&buckets=30,60,90&sort=overdue&order=desc&limit=10&offset=0&search=co&minAmount=10.5',
  agingInvoices: 'v1/aging/customers/7/invoices?asOf=2026-11-21&basis=invoice',
  lowStock: 'v1/low-stock?limit=5&offset=0',
  activity: 'v1/activity?limit=5&kinds=order&filter=customer:2',
  status: 'v1/status',
  health: 'v1/health',
};

async function problem(response: Response): Promise<Problem> {
  expect(response.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
  const body = Problem.parse(await response.json());
  expect(body.status).toBe(response.status);
  return body;
}

describe('routing', () => {
  it('answers every contract endpoint with a body valid against its schema, generatedAt included', async () => {
    const h = harness();
    for (const [name, path] of Object.entries(VALID)) {
      const response = await h.get(path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
      const body = ENDPOINTS[name as keyof typeof ENDPOINTS].response.parse(await response.json()) as {
        generatedAt: string;
      };
      expect(body.generatedAt).toBe(new Date(T0).toISOString());
    }
  });

  it('answers unknown paths 404 problem+json naming the path', async () => {
    const h = harness();
    for (const path of [
      'v1/nope',
      'v2/meta',
      'v1/meta/',
      'v1',
      '',
      'v1/aging/customers//invoices/x',
      'v1/aging/customers/%E0%A4%A/invoices',
    ]) {
      const response = await h.get(path);
      expect(response.status, path).toBe(404);
      expect((await problem(response)).detail).toContain('no endpoint at');
    }
  });

  it('answers other methods 405 with Allow', async () => {
    const h = harness();
    for (const method of ['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
      const response = await h.get('v1/stats?metrics=revenue', { method });
      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('GET, HEAD');
      await problem(response);
    }
    const get = await h.get('v1/invalidate');
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
  });

  it('serves v1/events as a stream, and has no webhook (404) without an invalidate secret', async () => {
    const h = harness();
    const events = await h.get('v1/events');
    expect(events.status).toBe(200);
    expect(events.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    await events.body?.cancel();
    const invalidate = await h.get('v1/invalidate', { method: 'POST', body: '{"topics":["orders"]}' });
    expect(invalidate.status).toBe(404);
    expect((await problem(invalidate)).detail).toContain('invalidation webhook');
  });

  it('mounts the contract under basePath and nowhere else', async () => {
    const h = harness({ basePath: '/dashboard/api/' });
    expect(h.server.basePath).toBe('/dashboard/api');
    expect((await h.server.fetch(new Request('http://localhost/dashboard/api/v1/meta'))).status).toBe(200);
    expect((await h.server.fetch(new Request('http://localhost/v1/meta'))).status).toBe(404);
    expect((await h.server.fetch(new Request('http://localhost/dashboard/apiv1/meta'))).status).toBe(404);
  });

  it('refuses a base path that is not a plain path, and an unknown time zone', () => {
    expect(() => createDashboardServer({ engine: createFakeEngine(), basePath: 'no-slash' })).toThrow(/basePath/);
    expect(() => createDashboardServer({ engine: createFakeEngine(), basePath: '/a/../b' })).toThrow(/basePath/);
    expect(() => createDashboardServer({ engine: createFakeEngine(), timezone: 'Mars/Olympus' })).toThrow(/timezone/);
  });

  it('decodes the customer id and passes it to the engine; an unknown customer is 404', async () => {
    const h = harness();
    expect((await h.get('v1/aging/customers/abc%20d%C3%A9f/invoices')).status).toBe(200);
    expect(h.engine.last['agingInvoices']).toMatchObject({ customerId: 'abc déf' });
    const missing = await h.get('v1/aging/customers/404/invoices');
    expect(missing.status).toBe(404);
    await problem(missing);
    const long = await h.get(`v1/aging/customers/${'9'.repeat(101)}/invoices`);
    expect(long.status).toBe(400);
    expect((await problem(long)).errors?.[0]?.param).toBe('id');
  });
});

describe('parameters', () => {
  /** Bad `filter` values, the same on every report: syntax the contract refuses before any engine sees it. */
  const BAD_FILTERS = [
    '',
    ' ',
    'customer',
    'customer:',
    'customer: ',
    ':42',
    'Customer:42',
    'customer-id:42',
    'customer:42,customer:43',
    'customer:42,',
    'customer:42,,region:n',
    `customer:${'9'.repeat(201)}`,
    'customer:4\u00002',
    Array.from({ length: 9 }, (_, i) => `d${i}:1`).join(','),
  ];
  /** endpoint path, a valid query, and bad values per parameter. */
  const TABLE: [string, string, Record<string, string[]>][] = [
    ['v1/stats', 'metrics=revenue', { filter: BAD_FILTERS }],
    ['v1/series', 'metrics=revenue', { filter: BAD_FILTERS }],
    ['v1/breakdown', 'metric=revenue&by=customer', { filter: BAD_FILTERS }],
    ['v1/segments', '', { filter: BAD_FILTERS }],
    [
      'v1/aging',
      '',
      { filter: BAD_FILTERS, bucket: ['', 'days_31_60x', 'days_999_plus', 'DAYS_1_30', 'days_1_30,current'] },
    ],
    ['v1/aging', 'buckets=15,30', { bucket: ['days_1_30', 'days_31_60'] }],
    ['v1/low-stock', '', { filter: BAD_FILTERS }],
    ['v1/export/aging.csv', '', { filter: BAD_FILTERS, bucket: ['days_9_99'] }],
    [
      'v1/stats',
      'metrics=revenue',
      {
        metrics: [
          '',
          ' ',
          'Revenue',
          'revenue,revenue',
          'revenue,,orders',
          'a'.repeat(65),
          'nope',
          "revenue';drop table orders;--",
        ],
        range: ['fortnight', '', '30D', '1e3'],
        compare: ['yesterday', ''],
      },
    ],
    [
      'v1/stats',
      'metrics=revenue&range=custom&from=2026-11-01&to=2026-11-21',
      { from: ['2026-02-30', 'x', '2026-1-01', ''], to: ['2026-10-01', '20261121', '2099-01-01'] },
    ],
    ['v1/stats', 'metrics=revenue&range=7d', { from: ['2026-11-01'], to: ['2026-11-21'] }],
    ['v1/series', 'metrics=revenue', { metrics: ['', 'x-y'], granularity: ['hour', 'DAY', ''], range: ['week2'] }],
    [
      'v1/breakdown',
      'metric=revenue&by=customer',
      {
        metric: ['', 'BAD', 'nope', 'revenue,orders'],
        by: ['', 'region'],
        limit: ['0', '101', '-1', '1.5', 'abc', '99999999999', ' 5', '1e2'],
      },
    ],
    ['v1/segments', 'range=7d', { range: ['forever'], compare: ['x'] }],
    [
      'v1/aging',
      '',
      {
        asOf: ['2026-13-01', 'today', '2026-11-21T00:00:00Z'],
        basis: ['x', 'DUE'],
        buckets: ['30,20', '0', 'a', '30,,60', '1,2,3,4,5,6,7,8,9,10,11,12,13'],
        sort: ['nope', 'DROP TABLE', 'days_999_plus'],
        order: ['up', ''],
        limit: ['0', '1001', ''],
        offset: ['-1', 'x', '99999999999'],
        search: ['x'.repeat(101)],
        minAmount: ['-5', 'abc', '1e5', '1.1234567'],
      },
    ],
    ['v1/aging/customers/1/invoices', '', { asOf: ['yesterday'], basis: ['x'], buckets: ['60,30'] }],
    ['v1/low-stock', '', { limit: ['0', '1001', 'ten'], offset: ['-5', '1.5'] }],
  ];

  for (const [path, valid, params] of TABLE) {
    for (const [param, values] of Object.entries(params)) {
      it(`${path}: a bad ${param} is a 400 naming it`, async () => {
        const h = harness();
        for (const value of values) {
          const query = new URLSearchParams(valid);
          query.set(param, value);
          const response = await h.get(`${path}?${query}`);
          expect(response.status, `${param}=${JSON.stringify(value)}`).toBe(400);
          const body = await problem(response);
          expect(
            body.errors?.map((e) => e.param),
            `${param}=${JSON.stringify(value)}`,
          ).toContain(param);
          expect(body.detail).toContain(param);
        }
      });
    }
  }

  it('names unknown and repeated parameters on every endpoint', async () => {
    const h = harness();
    for (const path of Object.values(VALID)) {
      const sep = path.includes('?') ? '&' : '?';
      const unknown = await h.get(`${path}${sep}bogus=1`);
      expect(unknown.status, path).toBe(400);
      expect((await problem(unknown)).errors).toContainEqual({ param: 'bogus', message: 'unknown parameter' });
    }
    const repeated = await h.get('v1/low-stock?limit=5&limit=6');
    expect(repeated.status).toBe(400);
    expect((await problem(repeated)).errors).toContainEqual({ param: 'limit', message: 'given more than once' });
  });

  it('never answers 500 to hostile input', async () => {
    const h = harness();
    const hostile = [
      "v1/stats?metrics=revenue';drop table orders;--",
      'v1/aging?search=%25%27%20or%201%3D1%20--',
      "v1/aging?search=' OR '1'='1",
      'v1/aging?search=%00',
      'v1/aging?search=%F0%9F%92%A5%E2%80%AE',
      'v1/aging?search=',
      'v1/aging?limit=1000&offset=999999999',
      'v1/low-stock?limit=99999999999999999999999',
      'v1/stats?metrics=revenue&from=99999-01-01&to=2026-01-01&range=custom',
      'v1/stats?metrics=revenue&range=custom&from=0001-01-01&to=9999-12-31',
      `v1/stats?metrics=${Array.from({ length: 30 }, (_, i) => `m${i}`).join(',')}`,
      'v1/stats?metrics=%E2%82%AC',
      'v1/stats?metrics=revenue&metrics=orders',
      'v1/stats?=&&=x&metrics=revenue',
      'v1/breakdown?metric=revenue&by=customer&limit=%2B5',
      'v1/aging?sort=__proto__',
      'v1/aging?__proto__=1',
      'v1/aging?constructor=1',
      'v1/aging/customers/%27%3B%20drop%20table%20customers%3B--/invoices',
      'v1/aging/customers/%00/invoices',
      'v1/export/..%2F..%2Fetc%2Fpasswd.csv',
      'v1/export/aging.csv?limit=5',
    ];
    for (const path of hostile) {
      const response = await h.get(path);
      expect([200, 400, 404], path).toContain(response.status);
    }
    expect(h.logger.errors).toEqual([]);
  });
});

describe('caching', () => {
  const stripCache = (text: string) => text.replace(/,"cache":\{[^}]*\}\}$/, '}');

  it('serves the second identical request from the cache, byte for byte', async () => {
    const h = harness();
    const first = await h.get(VALID.stats);
    h.advance(5);
    const second = await h.get(VALID.stats);
    const [a, b] = [await first.text(), await second.text()];
    expect(JSON.parse(a).cache).toEqual({ hit: false, ageSeconds: 0, stale: false, refreshFailed: false });
    expect(JSON.parse(b).cache).toEqual({ hit: true, ageSeconds: 5, stale: false, refreshFailed: false });
    expect(stripCache(b)).toBe(stripCache(a));
    expect(second.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(h.engine.calls['stats']).toBe(1);
  });

  it('keys the cache by normalised parameters: order of query parameters does not matter', async () => {
    const h = harness();
    await h.get('v1/stats?metrics=revenue&range=7d&compare=none');
    const again = await h.get('v1/stats?compare=none&range=7d&metrics=revenue');
    expect(((await again.json()) as { cache: { hit: boolean } }).cache.hit).toBe(true);
    await h.get('v1/stats?metrics=revenue&range=30d&compare=none');
    expect(h.engine.calls['stats']).toBe(2);
  });

  it('takes filter on every report endpoint and keys the cache by the filters, in any order', async () => {
    const h = harness();
    for (const [name, path] of [
      ['stats', VALID.stats],
      ['series', VALID.series],
      ['breakdown', VALID.breakdown],
      ['segments', VALID.segments],
      ['aging', VALID.aging],
      ['lowStock', VALID.lowStock],
    ] as const) {
      const response = await h.get(`${path}&filter=region:north,customer:42`);
      expect(response.status, path).toBe(200);
      expect((h.engine.last[name] as { filter?: unknown }).filter, path).toEqual([
        { dimension: 'customer', value: '42' },
        { dimension: 'region', value: 'north' },
      ]);
    }
    const calls = h.engine.calls['stats'];
    const same = await h.get(`${VALID.stats}&filter=${encodeURIComponent('customer:42, region:north')}`);
    expect(((await same.json()) as { cache: { hit: boolean } }).cache.hit).toBe(true);
    await h.get(`${VALID.stats}&filter=customer:43`);
    await h.get(VALID.stats);
    expect(h.engine.calls['stats']).toBe((calls ?? 0) + 2);
    expect((await h.get('v1/aging?bucket=days_31_60')).status).toBe(200);
    expect((h.engine.last['aging'] as { bucket?: string }).bucket).toBe('days_31_60');
  });

  it('sends Cache-Control max-age with the remaining fresh seconds', async () => {
    const h = harness({ ttlSeconds: { stats: 60 } });
    expect((await h.get(VALID.stats)).headers.get('cache-control')).toBe('private, max-age=60');
    h.advance(25);
    expect((await h.get(VALID.stats)).headers.get('cache-control')).toBe('private, max-age=35');
    expect((await h.get(VALID.meta)).headers.get('cache-control')).toBe('private, max-age=300');
  });

  it('answers a matching If-None-Match with 304, ETag and no body', async () => {
    const h = harness();
    const etag = (await h.get(VALID.aging)).headers.get('etag') ?? '';
    expect(etag).toMatch(/^"[^"]+"$/);
    for (const header of [etag, '*', `"nope", ${etag}`, `W/${etag}`, `"a",W/${etag} , "b"`]) {
      const response = await h.get(VALID.aging, { headers: { 'if-none-match': header } });
      expect(response.status, header).toBe(304);
      expect(response.headers.get('etag')).toBe(etag);
      expect(response.headers.get('cache-control')).toMatch(/^private, max-age=\d+$/);
      expect(await response.text()).toBe('');
    }
    for (const header of ['"nope"', etag.slice(0, -2) + '"', 'W/"x"']) {
      expect((await h.get(VALID.aging, { headers: { 'if-none-match': header } })).status, header).toBe(200);
    }
  });

  it('recomputes after invalidate() of a topic the report depends on, not otherwise', async () => {
    const h = harness();
    await h.get(VALID.lowStock);
    expect(await h.server.invalidate(['invoices'])).toBe(0);
    await h.get(VALID.lowStock);
    expect(h.engine.calls['lowStock']).toBe(1);
    expect(await h.server.invalidate(['products'])).toBe(1);
    await h.get(VALID.lowStock);
    expect(h.engine.calls['lowStock']).toBe(2);
  });

  it('marks a stale-while-revalidate answer stale but not refreshFailed, with its own ETag, then serves the refreshed one in full', async () => {
    const h = harness({ ttlSeconds: 60, staleSeconds: 600 });
    const fresh = await h.get(VALID.stats);
    const freshTag = fresh.headers.get('etag')!;
    h.advance(120);
    const revalidating = await h.get(VALID.stats);
    const tag = revalidating.headers.get('etag')!;
    expect(tag).toMatch(/-stale"$/);
    expect(tag).not.toBe(freshTag);
    expect(((await revalidating.json()) as { cache: unknown }).cache).toEqual({
      hit: true,
      ageSeconds: 120,
      stale: true,
      refreshFailed: false,
    });
    // A client holding the stale answer asks again: the refreshed body comes back in full, never a 304.
    await vi.waitFor(async () => {
      const next = await h.get(VALID.stats, { headers: { 'if-none-match': tag } });
      expect(next.status).toBe(200);
      expect(((await next.json()) as { cache: unknown }).cache).toMatchObject({ stale: false, refreshFailed: false });
    });
    expect(h.engine.calls['stats']).toBe(2);
  });

  it('serves stale data marked stale when the source is down, and 503 with Retry-After when nothing is cached', async () => {
    const h = harness({ ttlSeconds: 60, staleSeconds: 600 });
    await h.get(VALID.stats);
    h.advance(120);
    h.engine.failWith = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    // The first stale answer starts the refresh (it cannot know yet); once it failed, answers say so.
    const first = await h.get(VALID.stats);
    expect(((await first.json()) as { cache: unknown }).cache).toMatchObject({ stale: true, refreshFailed: false });
    await vi.waitFor(async () => {
      const again = (await (await h.get(VALID.stats)).json()) as { cache: { refreshFailed: boolean } };
      expect(again.cache.refreshFailed).toBe(true);
    });
    const stale = await h.get(VALID.stats);
    expect(stale.status).toBe(200);
    expect(stale.headers.get('cache-control')).toBe('private, max-age=0');
    expect(stale.headers.get('etag')).toMatch(/-failed"$/);
    expect(((await stale.json()) as { cache: unknown }).cache).toEqual({
      hit: true,
      ageSeconds: 120,
      stale: true,
      refreshFailed: true,
    });
    const cold = await h.get(VALID.segments);
    expect(cold.status).toBe(503);
    expect(cold.headers.get('retry-after')).toMatch(/^\d+$/);
    await problem(cold);
  });

  it('keeps answering (from process memory) when Redis is unreachable, and health says degraded', async () => {
    const h = harness({ cache: { redisUrl: 'redis://127.0.0.1:1' } });
    expect((await h.get(VALID.stats)).status).toBe(200);
    const second = (await (await h.get(VALID.stats)).json()) as { cache: { hit: boolean } };
    expect(second.cache.hit).toBe(true);
    expect(h.engine.calls['stats']).toBe(1);
    const health = HealthResponse.parse(await (await h.get(VALID.health)).json());
    expect(health).toMatchObject({ status: 'degraded', cache: { driver: 'redis', status: 'degraded' } });
  });

  it('treats a database connection error (SQLSTATE 08006) as 503, not 500', async () => {
    const h = harness();
    h.engine.failWith = Object.assign(new Error('terminating connection'), { code: '08006' });
    expect((await h.get(VALID.aging)).status).toBe(503);
  });
});

describe('errors', () => {
  it('answers an unexpected error 500 with a generic detail and logs it', async () => {
    const h = harness();
    h.engine.failWith = new TypeError("Cannot read properties of undefined (reading 'secret_column')");
    const response = await h.get(VALID.series);
    expect(response.status).toBe(500);
    const body = await problem(response);
    expect(body.detail).not.toContain('secret_column');
    expect(JSON.stringify(h.logger.errors)).toContain('secret_column');
  });

  it('answers 503 while the server failed to start, and ready rejects', async () => {
    const server = createDashboardServer({
      configPath: '/nonexistent/dashkit.json',
      logger: { info() {}, warn() {}, error() {} },
    });
    open.push(server);
    await expect(server.ready).rejects.toThrow();
    const response = await server.fetch(new Request('http://localhost/v1/meta'));
    expect(response.status).toBe(503);
  });

  it('answers requests arriving during close 503 and lets in-flight ones finish', async () => {
    const h = harness();
    const inFlight = h.get(VALID.stats);
    const closing = h.server.close();
    expect((await inFlight).status).toBe(200);
    expect((await h.get(VALID.meta)).status).toBe(503);
    await closing;
  });
});

describe('HEAD', () => {
  it('answers HEAD like GET without a body', async () => {
    const h = harness();
    const get = await h.get(VALID.breakdown);
    const head = await h.get(VALID.breakdown, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('etag')).toBe(get.headers.get('etag'));
    expect(head.headers.get('content-type')).toBe('application/json; charset=utf-8');
    // Both hits now, so the bodies are identical (`"hit":true` is one byte shorter than `"hit":false`).
    const again = await h.get(VALID.breakdown);
    expect(head.headers.get('content-length')).toBe(String(new TextEncoder().encode(await again.text()).byteLength));
    expect(await head.text()).toBe('');
    const bad = await h.get('v1/breakdown?metric=revenue', { method: 'HEAD' });
    expect(bad.status).toBe(400);
    expect(await bad.text()).toBe('');
  });
});

describe('authorize', () => {
  it('uses the scope from authorize in the cache key and passes it to the engine', async () => {
    const engine = createFakeEngine();
    const stats = vi.spyOn(engine.stats, 'compute');
    const h = harness(
      {
        authorize(request): Scope {
          const user = request.headers.get('x-user');
          if (!user) throw new UnauthorizedError('missing x-user');
          return { subject: user, roles: [], filters: { customer_id: user } };
        },
      },
      engine,
    );
    const denied = await h.get(VALID.stats);
    expect(denied.status).toBe(401);
    await problem(denied);
    await h.get(VALID.stats, { headers: { 'x-user': '1' } });
    await h.get(VALID.stats, { headers: { 'x-user': '2' } });
    await h.get(VALID.stats, { headers: { 'x-user': '1' } });
    expect(stats).toHaveBeenCalledTimes(2);
    expect(stats.mock.calls.map((c) => c[1].filters)).toEqual([{ customer_id: '1' }, { customer_id: '2' }]);
  });
});

describe('v1/health', () => {
  it('reports cache, per-endpoint counts and latency, valid against the contract', async () => {
    const h = harness();
    await h.get(VALID.stats);
    await h.get(VALID.stats);
    await h.get('v1/stats?metrics=nope');
    h.engine.failWith = new Error('boom');
    await h.get(VALID.segments);
    const response = await h.get(VALID.health);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = HealthResponse.parse(await response.json());
    expect(body.status).toBe('ok');
    expect(body.source.kind).toBe('none');
    expect(body.cache).toMatchObject({
      driver: 'memory',
      status: 'ok',
      hits: 1,
      misses: 2,
      hitRatio: 1 / 3,
      hit: false,
      stale: false,
      entries: 1,
    });
    const stats = body.endpoints.find((e) => e.endpoint === 'stats');
    expect(stats).toMatchObject({ requests: 3, errors: 0 });
    expect(stats?.p50Ms).toBeGreaterThanOrEqual(0);
    expect(stats?.p95Ms).toBeGreaterThanOrEqual(stats?.p50Ms ?? 0);
    expect(body.endpoints.find((e) => e.endpoint === 'segments')).toMatchObject({ requests: 1, errors: 1 });
  });

  it('answers 503 with Retry-After, and health reports down, when PostgreSQL refuses connections', async () => {
    const h = harness({ source: { databaseUrl: 'postgres://dashkit@127.0.0.1:1/none' }, engine: undefined });
    const response = await h.get(VALID.stats);
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    expect((await problem(response)).detail).not.toContain('127.0.0.1');
    const health = HealthResponse.parse(await (await h.get(VALID.health)).json());
    expect(health).toMatchObject({ status: 'down', source: { kind: 'pg', status: 'down' } });
  });

  it('reports a source that does not answer as down', async () => {
    const source = {
      kind: 'pg',
      query: () => Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' })),
      exec: async () => {},
      close: async () => {},
    };
    const h = harness({ source });
    const body = HealthResponse.parse(await (await h.get(VALID.health)).json());
    expect(body.status).toBe('down');
    // The kind of failure only: raw driver messages (roles, hosts, ports) are for the operator and the log.
    expect(body.source).toMatchObject({ kind: 'pg', status: 'down', latencyMs: null, error: 'connection refused' });
  });
});
