/**
 * Issue 4 at the HTTP layer, against the fake engine (no database, no port):
 * the webhook, `v1/events` wired to invalidations, built-in JWT auth, CORS,
 * `meta.live`, `v1/health`'s live section and the options' checks. Real
 * PostgreSQL, Redis and HTTP are in tests/integration/.
 */
import { SignJWT } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { HealthResponse, InvalidateEvent, InvalidateResponse, MetaResponse, Problem } from '../src/contract/index.js';
import { readSse } from '../tests/integration/support/sse.js';
import { createFakeEngine } from '../tests/support/fake-engine.js';
import { createEventsToken } from './auth/jwt.js';
import { createMemoryStore } from './cache/memory.js';
import { createDashboardServer, type DashboardServer } from './server.js';
import { createLocalBus } from './live/bus.js';
import type { DashboardServerOptions } from './options.js';

const SECRET = 'webhook-secret-0123456789';
const JWT_SECRET = 'jwt-secret-0123456789-0123456789-0123';
const STATS = 'v1/stats?metrics=revenue&range=7d';

const open: DashboardServer[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

const quiet = { info() {}, warn() {}, error() {} };

function harness(options: Partial<DashboardServerOptions> = {}) {
  const engine = createFakeEngine();
  const server = createDashboardServer({ engine, logger: quiet, cache: createMemoryStore(), ...options });
  open.push(server);
  const request = (path: string, init?: RequestInit) => server.fetch(new Request(`http://localhost/${path}`, init));
  const post = (body: string, authorization: string | null = `Bearer ${SECRET}`) =>
    request('v1/invalidate', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization !== null ? { authorization } : {}) },
      body,
    });
  return { server, engine, request, post };
}

async function problem(response: Response, status: number): Promise<Problem> {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
  return Problem.parse(await response.json());
}

function token(claims: Record<string, unknown>, secret = JWT_SECRET, expiresIn = '5m'): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(secret));
}

describe('POST v1/invalidate', () => {
  it('answers 202 with the topics and what was dropped, and recomputes afterwards', async () => {
    const h = harness({ invalidateSecret: SECRET });
    await h.request(STATS);
    await h.request('v1/low-stock');
    const response = await h.post('{"topics": ["orders", "orders", "customers"]}');
    expect(response.status).toBe(202);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const body = InvalidateResponse.parse(await response.json());
    expect(body).toMatchObject({ accepted: true, topics: ['customers', 'orders'], dropped: 2 });
    await h.request(STATS);
    expect(h.engine.calls['stats']).toBe(2);
  });

  it('answers 401 without the secret, with a wrong one or a malformed header, before reading the body', async () => {
    const h = harness({ invalidateSecret: SECRET });
    for (const authorization of [null, `Bearer ${SECRET}x`, `Bearer ${SECRET.slice(0, -1)}`, SECRET, 'Basic eA==']) {
      const response = await h.post('not json at all', authorization);
      const body = await problem(response, 401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
      expect(body.detail).not.toContain(SECRET);
    }
  });

  it('answers 400 naming topics for bad JSON, unknown topics, an empty list or a wrong shape', async () => {
    const h = harness({ invalidateSecret: SECRET });
    const cases: [string, string, RegExp][] = [
      ['{"topics": ["orders"', 'topics', /not JSON/],
      ['{"topics": ["orders", "payments"]}', 'topics', /got "payments"/],
      ['{"topics": []}', 'topics', /at least one/],
      ['{"topics": "orders"}', 'topics', /array/],
      ['["orders"]', 'topics', /JSON object/],
      ['', 'topics', /not JSON/],
      ['{"topics": ["orders"], "scope": 1}', 'scope', /unknown field/],
    ];
    for (const [body, param, message] of cases) {
      const p = await problem(await h.post(body), 400);
      expect(
        p.errors?.map((e) => e.param),
        body,
      ).toContain(param);
      expect(p.errors?.find((e) => e.param === param)?.message, body).toMatch(message);
    }
  });

  it('takes times (or from/to) next to topics and hands them to the engine; 400 naming times, from or to when bad', async () => {
    const h = harness({ invalidateSecret: SECRET });
    const heard: unknown[] = [];
    h.engine.invalidate = async (topics, times) => {
      heard.push({ topics, times });
    };
    expect((await h.post('{"topics": ["orders"], "times": ["2026-03-03T10:15:00Z", "2026-03-05"]}')).status).toBe(202);
    expect(
      (await h.post('{"topics": ["orders"], "from": "2026-03-01T00:00:00+01:00", "to": "2026-03-02"}')).status,
    ).toBe(202);
    expect((await h.post('{"topics": ["orders"]}')).status).toBe(202);
    await h.server.invalidate({ topics: ['orders'], times: [new Date('2026-03-04T12:00:00Z')] });
    await h.server.invalidate(['customers']);
    expect(heard).toEqual([
      {
        topics: ['orders'],
        times: {
          spans: [
            { from: '2026-03-03T10:15:00Z', to: '2026-03-03T10:15:00Z' },
            { from: '2026-03-05', to: '2026-03-05' },
          ],
        },
      },
      { topics: ['orders'], times: { spans: [{ from: '2026-03-01T00:00:00+01:00', to: '2026-03-02' }] } },
      { topics: ['orders'], times: undefined },
      {
        topics: ['orders'],
        times: { spans: [{ from: '2026-03-04T12:00:00.000Z', to: '2026-03-04T12:00:00.000Z' }] },
      },
      { topics: ['customers'], times: undefined },
    ]);
    const cases: [string, string, RegExp][] = [
      ['{"topics": ["orders"], "times": "2026-03-03"}', 'times', /array/],
      ['{"topics": ["orders"], "times": ["2026-03-03T10:15:00"]}', 'times', /item 0: .*offset/],
      ['{"topics": ["orders"], "times": ["yesterday"]}', 'times', /item 0/],
      ['{"topics": ["orders"], "times": [1700000000]}', 'times', /item 0/],
      ['{"topics": ["orders"], "from": "2026-03-03"}', 'to', /with "from"/],
      ['{"topics": ["orders"], "to": "2026-03-03"}', 'from', /with "to"/],
      ['{"topics": ["orders"], "from": "2026-03-04", "to": "2026-03-03"}', 'from', /after/],
      ['{"topics": ["orders"], "from": "March", "to": "2026-03-03"}', 'from', /instant/],
    ];
    for (const [body, param, message] of cases) {
      const p = await problem(await h.post(body), 400);
      expect(
        p.errors?.map((e) => e.param),
        body,
      ).toContain(param);
      expect(p.errors?.find((e) => e.param === param)?.message, body).toMatch(message);
    }
    await expect(h.server.invalidate({ topics: ['orders'], times: ['not a time'] })).rejects.toThrow(/^times: item 0/);
    expect(heard).toHaveLength(5);
  });

  it('refuses a body over the limit with 413, and GET with 405', async () => {
    const h = harness({ invalidateSecret: SECRET });
    await problem(await h.post(`{"topics": ["orders"], "x": "${'a'.repeat(20_000)}"}`), 413);
    const get = await h.request('v1/invalidate');
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
  });

  it('is 404 without an invalidate secret, and refuses a short secret at construction', async () => {
    const h = harness();
    await problem(await h.post('{"topics":["orders"]}'), 404);
    expect(() => createDashboardServer({ engine: createFakeEngine(), invalidateSecret: 'short' })).toThrow(
      /invalidateSecret: expected at least 16/,
    );
  });
});

describe('v1/events', () => {
  it('sends invalidate to connected clients after the cache dropped the entries', async () => {
    const h = harness({ invalidateSecret: SECRET });
    const client = readSse(await h.request('v1/events'));
    expect(await client.next()).toMatchObject({ id: '0', retry: '3000' });
    await h.request(STATS);
    expect((await h.post('{"topics":["orders"]}')).status).toBe(202);
    const frame = await client.nextEvent('invalidate', 1000);
    expect(frame.id).toBe('1');
    expect(InvalidateEvent.parse(JSON.parse(frame.data!)).topics).toEqual(['orders']);
    // The refetch the event triggers computes anew.
    await h.request(STATS);
    expect(h.engine.calls['stats']).toBe(2);
    expect(await h.server.invalidate(['products'])).toBe(0);
    expect(JSON.parse((await client.nextEvent('invalidate', 1000)).data!).topics).toEqual(['products']);
    client.close();
  });

  it('delivers invalidations published by another instance on a shared bus, and counts what was dropped', async () => {
    const bus = createLocalBus();
    const a = harness({ bus });
    const b = harness({ bus });
    await b.request(STATS);
    const client = readSse(await b.request('v1/events'));
    await client.next();
    expect(await a.server.invalidate(['orders'])).toBe(0);
    expect(JSON.parse((await client.nextEvent('invalidate', 1000)).data!).topics).toEqual(['orders']);
    await b.request(STATS);
    expect(b.engine.calls['stats']).toBe(2);
    client.close();
    await bus.close();
  });

  it('ends streams on endStreams() and close(), and answers 503 afterwards', async () => {
    const h = harness();
    const response = await h.request('v1/events');
    const reader = response.body!.getReader();
    await reader.read();
    h.server.endStreams();
    expect((await reader.read()).done).toBe(true);
    expect((await h.request('v1/events')).status).toBe(503);
  });

  it('answers HEAD with the stream headers and no client', async () => {
    const h = harness();
    const head = await h.request('v1/events', { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const health = HealthResponse.parse(await (await h.request('v1/health')).json());
    expect(health.live?.clients).toBe(0);
  });

  it('caps clients (excess gets 503), and health reports clients, the bus and its one listener', async () => {
    const h = harness({ events: { maxClients: 2, heartbeatSeconds: 30 } });
    const first = await h.request('v1/events');
    const second = await h.request('v1/events');
    await problem(await h.request('v1/events'), 503);
    const health = HealthResponse.parse(await (await h.request('v1/health')).json());
    expect(health.live).toEqual({ bus: { driver: 'local', status: 'ok', listeners: 1 }, clients: 2, maxClients: 2 });
    expect(health.status).toBe('ok');
    await first.body?.cancel();
    await second.body?.cancel();
    expect(HealthResponse.parse(await (await h.request('v1/health')).json()).live?.clients).toBe(0);
  });

  it('is off with events: false: 404, and meta.live is false (true otherwise)', async () => {
    const on = harness();
    expect(MetaResponse.parse(await (await on.request('v1/meta')).json()).live).toBe(true);
    const off = harness({ events: false });
    expect(MetaResponse.parse(await (await off.request('v1/meta')).json()).live).toBe(false);
    await problem(await off.request('v1/events'), 404);
  });
});

describe('built-in JWT', () => {
  it('answers 401 problem+json without a token, with a forged, an expired or an unsigned one', async () => {
    const h = harness({ jwt: { secret: JWT_SECRET } });
    const unsigned = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"roles":["admin"]}').toString('base64url')}.`;
    const cases: [Record<string, string>, RegExp][] = [
      [{}, /missing token/],
      [{ authorization: `Bearer ${await token({ roles: ['admin'] }, `${JWT_SECRET}-other`)}` }, /signature/],
      [{ authorization: `Bearer ${await token({ roles: ['admin'] }, JWT_SECRET, '-1h')}` }, /expired/],
      [{ authorization: `Bearer ${unsigned}` }, /alg/],
      [{ authorization: 'Bearer not.a.jwt' }, /not a JWT/],
    ];
    for (const [headers, detail] of cases) {
      for (const path of [STATS, 'v1/events', 'v1/export/aging.csv', 'v1/meta']) {
        const response = await h.request(path, { headers });
        expect((await problem(response, 401)).detail, `${path} ${JSON.stringify(headers)}`).toMatch(detail);
        expect(response.headers.get('www-authenticate')).toBe('Bearer');
      }
    }
    expect(h.engine.calls['stats'] ?? 0).toBe(0);
    // Health stays open to load balancers.
    expect((await h.request('v1/health')).status).toBe(200);
  });

  it('passes the scope to the engine and keys the cache by it', async () => {
    const h = harness({ jwt: { secret: JWT_SECRET } });
    const admin = { authorization: `Bearer ${await token({ sub: 'a', roles: ['admin'] })}` };
    const customer = { authorization: `Bearer ${await token({ sub: 'c', roles: ['customer'], customer_id: 7 })}` };
    const cookie = { cookie: `dashkit_token=${await token({ sub: 'c', roles: ['customer'], customer_id: 7 })}` };
    expect((await h.request(STATS, { headers: admin })).status).toBe(200);
    expect((await h.request(STATS, { headers: customer })).status).toBe(200);
    expect((await h.request(STATS, { headers: admin })).status).toBe(200);
    expect(h.engine.calls['stats']).toBe(2);
    // The same scope through a cookie shares the customer's entry.
    const viaCookie = (await (await h.request(STATS, { headers: cookie })).json()) as { cache: { hit: boolean } };
    expect(viaCookie.cache.hit).toBe(true);
  });

  it('opens v1/events with a short-lived events token in the URL, and nothing else there', async () => {
    const h = harness({ jwt: { secret: JWT_SECRET } });
    const eventsToken = await createEventsToken({ roles: ['customer'], filters: { customer_id: 7 } }, JWT_SECRET);
    const stream = await h.request(`v1/events?access_token=${eventsToken}`);
    expect(stream.status).toBe(200);
    await stream.body?.cancel();
    // Elsewhere a token in the URL is just an unknown parameter.
    const inUrl = await problem(await h.request(`${STATS}&access_token=${eventsToken}`), 400);
    expect(inUrl.errors?.map((e) => e.param)).toEqual(['access_token']);
    await problem(await h.request(`v1/export/segments.csv?access_token=${eventsToken}`), 401);
    const session = await token({ roles: ['admin'] });
    expect((await problem(await h.request(`v1/events?access_token=${session}`), 401)).detail).toMatch(/events token/);
    await problem(await h.request(STATS, { headers: { authorization: `Bearer ${eventsToken}` } }), 401);
  });

  it('answers 403, not 500, when a row filter does not fit its column (SQLSTATE 22P02)', async () => {
    const h = harness({ jwt: { secret: JWT_SECRET } });
    h.engine.failWith = Object.assign(new Error('invalid input syntax for type integer: "abc"'), { code: '22P02' });
    const customer = { authorization: `Bearer ${await token({ roles: ['customer'], customer_id: 'abc' })}` };
    expect((await problem(await h.request(STATS, { headers: customer }), 403)).detail).toContain('customer_id');
    // Without a row filter the same error is a server fault.
    const admin = { authorization: `Bearer ${await token({ roles: ['admin'] })}` };
    await problem(await h.request(STATS, { headers: admin }), 500);
  });

  it('refuses authorize and jwt together, and a short HS256 secret', () => {
    expect(() =>
      createDashboardServer({
        engine: createFakeEngine(),
        jwt: { secret: JWT_SECRET },
        authorize: () => ({ roles: [], filters: {} }),
      }),
    ).toThrow(/not both/);
    expect(() => createDashboardServer({ engine: createFakeEngine(), jwt: { secret: 'short' } })).toThrow(/32 bytes/);
    expect(() => createDashboardServer({ engine: createFakeEngine(), listenNotify: true })).toThrow(/listenNotify/);
  });
});

describe('CORS', () => {
  const ORIGIN = 'https://shop.example.com';

  it('answers preflights on every route: 204 for an allowed origin, 403 otherwise', async () => {
    const h = harness({ corsOrigins: [ORIGIN], invalidateSecret: SECRET, jwt: { secret: JWT_SECRET } });
    for (const path of [STATS, 'v1/events', 'v1/invalidate', 'v1/aging/customers/7/invoices', 'v1/nowhere']) {
      const allowed = await h.request(path, {
        method: 'OPTIONS',
        headers: {
          origin: ORIGIN,
          'access-control-request-method': 'POST',
          'access-control-request-headers': 'authorization',
        },
      });
      expect(allowed.status, path).toBe(204);
      expect(allowed.headers.get('access-control-allow-origin')).toBe(ORIGIN);
      expect(allowed.headers.get('access-control-allow-credentials')).toBe('true');
      expect(allowed.headers.get('access-control-allow-headers')).toContain('Authorization');
      const denied = await h.request(path, {
        method: 'OPTIONS',
        headers: { origin: 'https://evil.example.com', 'access-control-request-method': 'GET' },
      });
      await problem(denied, 403);
      expect(denied.headers.get('access-control-allow-origin')).toBeNull();
    }
  });

  it('adds the headers to responses (errors and streams included) for an allowed origin only', async () => {
    const h = harness({ corsOrigins: [ORIGIN] });
    const ok = await h.request(STATS, { headers: { origin: ORIGIN } });
    expect(ok.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(ok.headers.get('access-control-expose-headers')).toContain('ETag');
    expect(ok.headers.get('vary')).toContain('Origin');
    const bad = await h.request('v1/stats?range=fortnight', { headers: { origin: ORIGIN } });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    const stream = await h.request('v1/events', { headers: { origin: ORIGIN } });
    expect(stream.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    const client = readSse(stream);
    expect((await client.next()).retry).toBe('3000');
    client.close();
    // The wrapped stream still releases its client when the reader goes away.
    expect(HealthResponse.parse(await (await h.request('v1/health')).json()).live?.clients).toBe(0);
    const other = await h.request(STATS, { headers: { origin: 'https://evil.example.com' } });
    expect(other.status).toBe(200);
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('sends no CORS headers and answers OPTIONS 405 when no origin is configured', async () => {
    const h = harness();
    const response = await h.request(STATS, {
      method: 'OPTIONS',
      headers: { origin: ORIGIN, 'access-control-request-method': 'GET' },
    });
    expect(response.status).toBe(405);
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });
});
