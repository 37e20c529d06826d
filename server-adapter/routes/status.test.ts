/**
 * `v1/status` and `POST v1/status/pipelines/{id}` through the handler (a fake
 * engine: no database), with a clock the tests move; then two instances
 * sharing Redis, and a Redis that is not there.
 */
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { Pipeline, Problem, StatusResponse } from '../../src/contract/index.js';
import { createFakeEngine } from '../../tests/support/fake-engine.js';
import { redisTarget } from '../cache/store.suite.js';
import { createMemoryStore } from '../cache/memory.js';
import { UnauthorizedError } from '../errors.js';
import type { Logger } from '../logger.js';
import type { DashboardServerOptions } from '../options.js';
import { createDashboardServer, type DashboardServer } from '../server.js';

const T0 = Date.parse('2026-11-21T12:00:00Z');
const SECRET = 'pipeline-secret-0123456789';
const PIPELINES = [
  { id: 'quickbooks', label: 'QuickBooks sync' },
  { id: 'nightly-etl', label: 'Nightly ETL' },
];
const QUIET: Logger = { info() {}, warn() {}, error() {} };

const open: DashboardServer[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

function harness(options: Partial<DashboardServerOptions> = {}) {
  let nowMs = T0;
  const server = createDashboardServer({
    engine: createFakeEngine(),
    now: () => new Date(nowMs),
    cache: createMemoryStore({ now: () => nowMs }),
    invalidateSecret: SECRET,
    pipelines: PIPELINES,
    logger: QUIET,
    ...options,
  });
  open.push(server);
  const request = (path: string, init?: RequestInit) => server.fetch(new Request(`http://localhost/${path}`, init));
  return {
    server,
    advance: (seconds: number) => void (nowMs += seconds * 1000),
    status: async () => {
      const response = await request('v1/status');
      expect(response.status).toBe(200);
      expect(response.headers.get('cache-control')).toBe('no-store');
      return StatusResponse.parse(await response.json());
    },
    report: (id: string, body: unknown, secret: string | null = SECRET) =>
      request(`v1/status/pipelines/${id}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(secret ? { authorization: `Bearer ${secret}` } : {}) },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
  };
}

async function problem(response: Response, status: number): Promise<Problem> {
  expect(response.status).toBe(status);
  return Problem.parse(await response.json());
}

const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();

describe('v1/status', () => {
  it("names pipelines in the request's locale, the server's by default, and refuses a malformed locale", async () => {
    const { server } = harness({
      locale: 'de-DE',
      pipelines: [
        { id: 'accounting', label: { en: 'Accounting sync', de: 'Buchhaltungsabgleich', fa: 'همگام‌سازی حسابداری' } },
      ],
    });
    const labels = async (query: string) => {
      const response = await server.fetch(new Request(`http://localhost/v1/status${query}`));
      expect(response.status, query).toBe(200);
      return StatusResponse.parse(await response.json()).pipelines.map((p) => p.label);
    };
    expect(await labels('')).toEqual(['Buchhaltungsabgleich']);
    expect(await labels('?locale=fa-IR')).toEqual(['همگام‌سازی حسابداری']);
    expect(await labels('?locale=en-GB')).toEqual(['Accounting sync']);
    // A language the label does not name falls back to English.
    expect(await labels('?locale=ja')).toEqual(['Accounting sync']);
    const bad = await problem(await server.fetch(new Request('http://localhost/v1/status?locale=%%%')), 400);
    expect(JSON.stringify(bad)).toContain('locale');
    for (const path of ['v1/health', 'v1/boards'])
      expect((await server.fetch(new Request(`http://localhost/${path}?locale=fa-IR`))).status, path).not.toBe(400);
  });

  it('lists declared pipelines before their first run, and no change yet', async () => {
    const h = harness();
    expect(await h.status()).toEqual({
      live: true,
      lastChange: null,
      pipelines: [
        { id: 'quickbooks', label: 'QuickBooks sync', status: 'ok', lastRunAt: null, lastSuccessAt: null },
        { id: 'nightly-etl', label: 'Nightly ETL', status: 'ok', lastRunAt: null, lastSuccessAt: null },
      ],
      generatedAt: at(0),
      cache: { hit: false, ageSeconds: 0, stale: false, refreshFailed: false },
    });
    expect((await harness({ events: false, pipelines: [] }).status()).live).toBe(false);
  });

  it('says when it last heard a change, and which topics', async () => {
    const h = harness();
    h.advance(30);
    await h.server.invalidate(['orders', 'customers']);
    expect((await h.status()).lastChange).toEqual({ at: at(30), topics: ['customers', 'orders'] });
  });

  it('shows a run reported over HTTP, keeping the last success through a failure', async () => {
    const h = harness();
    const ok = await h.report('quickbooks', { status: 'ok', nextRunAt: at(3600) });
    expect(ok.status).toBe(200);
    expect(Pipeline.parse(await ok.json())).toEqual({
      id: 'quickbooks',
      label: 'QuickBooks sync',
      status: 'ok',
      lastRunAt: at(0),
      lastSuccessAt: at(0),
      nextRunAt: at(3600),
    });
    h.advance(3600);
    await h.report('quickbooks', {
      status: 'failed',
      at: '2026-11-21T14:00:00+01:00',
      message: 'HTTP 503 from QuickBooks',
    });
    expect((await h.status()).pipelines[0]).toEqual({
      id: 'quickbooks',
      label: 'QuickBooks sync',
      status: 'failed',
      lastRunAt: at(3600), // 14:00 in +01:00 is 13:00Z
      lastSuccessAt: at(0),
      nextRunAt: at(3600),
      message: 'HTTP 503 from QuickBooks',
    });
  });

  it('is late once a promised run did not come, and not once a run came', async () => {
    const h = harness();
    await h.server.reportRun('nightly-etl', { status: 'ok', nextRunAt: at(600) });
    h.advance(600);
    expect((await h.status()).pipelines[1]?.status).toBe('ok'); // due now, not yet late
    h.advance(1);
    expect((await h.status()).pipelines[1]).toMatchObject({ status: 'late', lastRunAt: at(0), nextRunAt: at(600) });
    // The run starts (without a new promise): it came, so not late any more.
    await h.report('nightly-etl', { status: 'running' });
    expect((await h.status()).pipelines[1]).toMatchObject({ status: 'running', lastRunAt: at(601) });
    // A failed run that promised a retry which never came is late too.
    await h.report('nightly-etl', { status: 'failed', message: 'disk full', nextRunAt: at(700) });
    h.advance(100);
    expect((await h.status()).pipelines[1]).toMatchObject({ status: 'late', message: 'disk full' });
    // Withdrawing the promise: no longer late, the last status again.
    await h.report('nightly-etl', { status: 'failed', message: 'paused by ops', nextRunAt: null });
    expect((await h.status()).pipelines[1]).toMatchObject({ status: 'failed', message: 'paused by ops' });
    expect((await h.status()).pipelines[1]).not.toHaveProperty('nextRunAt');
  });

  it('refuses reports: no secret configured 404, wrong secret 401, unknown pipeline 404', async () => {
    const none = harness({ invalidateSecret: undefined });
    expect((await problem(await none.report('quickbooks', { status: 'ok' }), 404)).detail).toMatch(/invalidate secret/);
    const h = harness();
    await problem(await h.report('quickbooks', { status: 'ok' }, null), 401);
    await problem(await h.report('quickbooks', { status: 'ok' }, 'wrong-secret-0123456789'), 401);
    const unknown = await problem(await h.report('stripe', { status: 'ok' }), 404);
    expect(unknown.detail).toBe('no pipeline "stripe"; declared: quickbooks, nightly-etl');
    // GET on the report path: 405; POST on v1/status: 405.
    expect((await none.server.fetch(new Request('http://localhost/v1/status/pipelines/quickbooks'))).status).toBe(405);
    expect((await none.server.fetch(new Request('http://localhost/v1/status', { method: 'POST' }))).status).toBe(405);
  });

  it('answers a bad body 400 naming the field, and stores nothing', async () => {
    const h = harness();
    const cases: [unknown, string, RegExp][] = [
      [{ status: 'late' }, 'status', /expected one of ok, running, failed, got "late"/],
      [{}, 'status', /required/],
      [{ status: 'ok', at: 'yesterday' }, 'at', /ISO 8601/],
      [{ status: 'ok', at: '2026-11-21T12:00:00' }, 'at', /offset/],
      [{ status: 'ok', at: at(3600) }, 'at', /60 minutes in the future/],
      [{ status: 'ok', nextRunAt: at(-60) }, 'nextRunAt', /after the run/],
      [{ status: 'ok', message: 'x'.repeat(1001) }, 'message', /at most 1000/],
      [{ status: 'ok', colour: 'green' }, 'colour', /unknown field/],
      ['not json', 'status', /not JSON/],
      [['ok'], 'status', /expected a JSON object/],
    ];
    for (const [body, param, message] of cases) {
      const p = await problem(await h.report('quickbooks', body), 400);
      expect(p.errors, JSON.stringify(body)).toEqual([{ param, message: expect.stringMatching(message) }]);
    }
    expect((await h.status()).pipelines[0]?.lastRunAt).toBeNull();
    const big = await h.report('quickbooks', { status: 'ok', message: 'x'.repeat(20_000) });
    expect(big.status).toBe(413);
  });

  it('needs the caller authorised to read it', async () => {
    const refused = harness({
      authorize: () => {
        throw new UnauthorizedError('no session');
      },
    });
    await problem(await refused.server.fetch(new Request('http://localhost/v1/status')), 401);
  });

  it('refuses undeclared or badly named pipelines in code', async () => {
    const h = harness();
    await expect(h.server.reportRun('stripe', { status: 'ok' })).rejects.toThrow(/no pipeline "stripe"/);
    const bad = createDashboardServer({
      engine: createFakeEngine(),
      pipelines: [{ id: 'Bad Id', label: 'x' }],
      logger: QUIET,
    });
    open.push(bad);
    await expect(bad.ready).rejects.toThrow(/pipelines: "Bad Id"/);
  });
});

const redis = await redisTarget();

describe.skipIf(redis.skip)('v1/status across instances sharing Redis', () => {
  const prefix = `dkstatus-${randomUUID()}:`;
  afterAll(async () => {
    const client = new Redis(redis.url);
    const keys = await client.keys(`${prefix}*`);
    if (keys.length) await client.del(...keys);
    await client.quit();
  });

  it('shows on every instance a run reported to one, and the last change heard by any', async () => {
    const [a, b] = [
      harness({ redisUrl: redis.url, redisPrefix: prefix }),
      harness({ redisUrl: redis.url, redisPrefix: prefix }),
    ];
    await Promise.all([a.server.liveReady(), b.server.liveReady()]);
    expect((await a.report('quickbooks', { status: 'failed', message: 'token expired' })).status).toBe(200);
    expect((await b.status()).pipelines[0]).toMatchObject({ status: 'failed', message: 'token expired' });
    a.advance(5);
    await a.server.invalidate(['invoices']);
    // A third instance started after the change still knows it.
    const c = harness({ redisUrl: redis.url, redisPrefix: prefix });
    expect((await c.status()).lastChange).toEqual({ at: at(5), topics: ['invoices'] });
  });
});

describe('v1/status with Redis unreachable', () => {
  it('still answers v1/status, and answers a run report 503 with Retry-After so the job retries', async () => {
    const h = harness({ redisUrl: 'redis://127.0.0.1:1', redisPrefix: 'nowhere:' });
    const response = await h.report('quickbooks', { status: 'ok' });
    await problem(response, 503);
    expect(response.headers.get('retry-after')).toBe('5');
    await h.server.invalidate(['orders']);
    expect(await h.status()).toMatchObject({
      lastChange: { topics: ['orders'] },
      pipelines: [{ lastRunAt: null }, {}],
    });
  });
});
