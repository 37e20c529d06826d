/**
 * Inputs and failures that used to earn a 500 (issue 11, item 4), against
 * real PostgreSQL over node:http: each now gets the status it deserves — a
 * 400 naming the parameter, a 503 with Retry-After, a 405 — and the `peek`
 * shortcut refuses what `fetch` refuses.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HealthResponse, Problem, StatsResponse } from '../../src/contract/index.js';
import { type Instance, PG_ENABLED, PG_URL, recordingLogger, startInstance, TINY } from './support/services.js';
import { tinyBackend } from './support/tiny-backend.js';

const SECRET = 'last-500s-webhook-secret-01';

async function problem(response: Response, status: number): Promise<Problem> {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
  return Problem.parse(await response.json());
}

/** Sends raw bytes over HTTP/1.1 and resolves with the status line's code and the whole answer. */
function raw(port: number, head: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (text += chunk));
    socket.on('end', () => resolve({ status: Number(text.slice(9, 12)), text }));
    socket.on('error', reject);
    socket.write(`${head}\r\nConnection: close\r\n\r\n`);
  });
}

describe.skipIf(!PG_ENABLED)('requests that used to get a 500', () => {
  const tiny = tinyBackend();
  let app: Instance;
  const logger = recordingLogger();

  beforeAll(async () => {
    app = await tiny.start({ rollups: false, invalidateSecret: SECRET, logger });
  }, 60_000);

  it('refuses 0000-01-01 with a 400 naming the parameter, on every endpoint that takes a date', async () => {
    const custom = 'range=custom&from=0000-01-01&to=0001-01-05';
    const cases: [string, string][] = [
      [`v1/stats?metrics=orders&${custom}`, 'from'],
      [`v1/series?metrics=orders&${custom}`, 'from'],
      [`v1/breakdown?metric=revenue&by=customer&${custom}`, 'from'],
      [`v1/segments?${custom}`, 'from'],
      [`v1/stats?metrics=orders&range=custom&from=0001-01-01&to=0000-12-31&compare=none`, 'to'],
      ['v1/aging?asOf=0000-01-01', 'asOf'],
      ['v1/aging/customers/1/invoices?asOf=0000-01-01', 'asOf'],
      ['v1/export/aging.csv?asOf=0000-01-01', 'asOf'],
      [`v1/export/series.csv?metrics=orders&${custom}`, 'from'],
      [`v1/export/breakdown.csv?metric=revenue&by=customer&${custom}`, 'from'],
      [`v1/export/segments.csv?${custom}`, 'from'],
    ];
    for (const [path, param] of cases) {
      const body = await problem(await app.get(path), 400);
      expect(
        body.errors?.map((e) => e.param),
        path,
      ).toContain(param);
    }
  });

  it('compares years 1–99 within their own century, and refuses a comparison before AD 1 with a 400', async () => {
    const march50 = StatsResponse.parse(
      await (await app.get('v1/stats?metrics=orders&range=custom&from=0050-03-01&to=0050-03-31')).json(),
    );
    expect(march50.comparison).toMatchObject({ from: '0050-01-29', to: '0050-02-28' });
    const lastYear = StatsResponse.parse(
      await (await app.get('v1/stats?metrics=orders&range=custom&from=0050-03-01&to=0050-03-31&compare=year')).json(),
    );
    expect(lastYear.comparison).toMatchObject({ from: '0049-03-01', to: '0049-03-31' });
    expect(lastYear.stats[0]?.trend[0]).toEqual({ t: '0050-03-01', v: 0 });

    const first = await problem(
      await app.get('v1/stats?metrics=orders&range=custom&from=0001-01-01&to=0001-01-05'),
      400,
    );
    expect(first.errors).toEqual([{ param: 'compare', message: expect.stringContaining('before 0001-01-01') }]);
    const yearBefore = 'v1/series?metrics=orders&range=custom&from=0001-06-01&to=0001-06-05&compare=year';
    expect((await problem(await app.get(yearBefore), 400)).errors?.[0]?.param).toBe('compare');
    expect(
      (await app.get('v1/stats?metrics=orders&range=custom&from=0001-01-01&to=0001-01-05&compare=none')).status,
    ).toBe(200);
  });

  it('refuses a NUL in search with a 400, in the report and its export', async () => {
    for (const path of ['v1/aging?search=%00', 'v1/aging?search=ac%00me', 'v1/export/aging.csv?search=%00']) {
      expect((await problem(await app.get(path), 400)).errors).toEqual([
        { param: 'search', message: expect.stringContaining('NUL') },
      ]);
    }
  });

  it('refuses __proto__ as the unknown parameter it is, and any parameter v1/events does not take', async () => {
    const proto = await problem(await app.get(`v1/stats?metrics=orders&${TINY.period}&__proto__=x`), 400);
    expect(proto.errors).toEqual([{ param: '__proto__', message: 'unknown parameter' }]);
    const events = await problem(await app.get('v1/events?foo=bar'), 400);
    expect(events.errors).toEqual([{ param: 'foo', message: expect.stringContaining('unknown parameter') }]);
    expect((await problem(await app.get('v1/events?__proto__=1'), 400)).errors?.[0]?.param).toBe('__proto__');
  });

  it('answers TRACE with 405, and a bad Host or absolute-form port with 400, on the peek path as on fetch', async () => {
    const { port } = app.http;
    const cached = `/v1/stats?metrics=orders&${TINY.period}`;
    // Warm, so the peek path (a fresh cache hit) is the one asked below.
    expect((await app.get(cached.slice(1))).status).toBe(200);
    expect((await raw(port, `GET ${cached} HTTP/1.1\r\nHost: 127.0.0.1:${port}`)).status).toBe(200);

    const trace = await raw(port, `TRACE /v1/meta HTTP/1.1\r\nHost: 127.0.0.1:${port}`);
    expect(trace.status).toBe(405);
    expect(trace.text).toMatch(/allow: GET, HEAD, POST, OPTIONS/i);
    expect(trace.text).toContain('application/problem+json');
    for (const target of [cached, '/v1/meta', '/v1/health']) {
      for (const host of ['127.0.0.1:99999', 'localhost:1x', 'a b', '[::1']) {
        const answer = await raw(port, `GET ${target} HTTP/1.1\r\nHost: ${host}`);
        expect(answer.status, `${target} with Host ${host}`).toBe(400);
        expect(answer.text).toContain('application/problem+json');
      }
    }
    for (const target of [`http://127.0.0.1:99999${cached}`, 'http://localhost:70000/v1/meta']) {
      expect((await raw(port, `GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}`)).status, target).toBe(400);
    }
    // Valid absolute form, and a Host with an underscore (container names), are served as usual.
    expect((await raw(port, `GET http://127.0.0.1:${port}${cached} HTTP/1.1\r\nHost: x`)).status).toBe(200);
    expect((await raw(port, `GET ${cached} HTTP/1.1\r\nHost: dash_board:8080`)).status).toBe(200);
    expect(logger.lines.filter((l) => l.level === 'error')).toEqual([]);
  });
});

describe.skipIf(!PG_ENABLED)('a database too slow for its statement_timeout', () => {
  const tiny = tinyBackend();
  let app: Instance;

  beforeAll(async () => {
    const url = new URL(tiny.url);
    url.searchParams.set('options', `${url.searchParams.get('options')} -c statement_timeout=300`);
    app = await tiny.start({ source: { databaseUrl: url.toString() }, rollups: false, logger: recordingLogger() });
  }, 60_000);

  it('answers 503 with Retry-After when a statement is cancelled (57014), not 500', async () => {
    // Another session holds the table: the report's query waits, and PostgreSQL cancels it at 300 ms.
    const holder = (await import('pg')).default;
    const client = new holder.Client({ connectionString: tiny.url });
    await client.connect();
    try {
      await client.query('BEGIN');
      await client.query('LOCK TABLE orders IN ACCESS EXCLUSIVE MODE');
      const response = await app.get(`v1/stats?metrics=orders&${TINY.period}`);
      await problem(response, 503);
      expect(response.headers.get('retry-after')).not.toBeNull();
    } finally {
      await client.query('ROLLBACK');
      await client.end();
    }
    expect((await app.get(`v1/stats?metrics=orders&${TINY.period}`)).status).toBe(200);
  });
});

describe.skipIf(!PG_ENABLED)('a database that refuses us', () => {
  const logger = recordingLogger();
  const apps: Instance[] = [];

  afterAll(async () => {
    await Promise.all(apps.map((a) => a.close()));
  });

  const refusals: [string, string, RegExp][] = [
    ['an unknown role (28000)', 'dk_no_such_role_42', /refused the credentials/],
    ['a database that does not exist (3D000)', 'dk_no_such_db', /does not exist/],
  ];

  it.each(refusals)('%s: 503 with Retry-After, and health without names', async (_what, name, publicError) => {
    const url = new URL(PG_URL);
    if (name.includes('role')) url.username = name;
    else url.pathname = `/${name}`;
    const app = await startInstance({
      source: { databaseUrl: url.toString() },
      rollups: false,
      invalidateSecret: SECRET,
      logger,
    });
    apps.push(app);
    const refused = await app.get(`v1/stats?metrics=orders&${TINY.period}`);
    await problem(refused, 503);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await app.get('v1/aging')).status).toBe(503);

    const open = await app.get('v1/health');
    const text = await open.text();
    const health = HealthResponse.parse(JSON.parse(text));
    expect(health.source).toMatchObject({ status: 'down', error: expect.stringMatching(publicError) });
    // Neither the role, nor the database, nor the host or port: those are for the operator and the log.
    expect(text).not.toContain(name);
    expect(text).not.toContain(url.port || '5432');
    const operator = HealthResponse.parse(
      await (await app.get('v1/health', { headers: { authorization: `Bearer ${SECRET}` } })).json(),
    );
    expect(operator.source.error).toContain(name);
    expect(logger.lines.some((l) => l.message === 'health: source down')).toBe(true);
  });
});
