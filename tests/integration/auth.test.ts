/**
 * Auth against the real engine and PostgreSQL, over HTTP: built-in JWT
 * scopes narrow the SQL of every report (stats, series, breakdown, segments,
 * aging, drill-down), the cache never hands one scope's answer to another
 * (admin → customer → admin with identical parameters), forged and expired
 * tokens are 401, a role-restricted metric is 403, a row filter that does not
 * fit its column is 403 (never 500), CORS preflights, and `v1/events` by
 * cookie or events token.
 */
import { SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  AgingInvoicesResponse,
  AgingResponse,
  BreakdownResponse,
  Problem,
  SegmentsResponse,
  SeriesResponse,
  StatsResponse,
} from '../../src/contract/index.js';
import { createEventsToken } from '../../server-adapter/auth/jwt.js';
import { COMMERCE_DEFINITION } from '../../server-adapter/engine/metrics.js';
import { connectSse } from './support/sse.js';
import { type Instance, PG_ENABLED, recordingLogger, TINY } from './support/services.js';
import { tinyBackend } from './support/tiny-backend.js';

const JWT_SECRET = 'integration-jwt-secret-0123456789abcdef';
const ORIGIN = 'https://shop.example.com';

function sign(claims: Record<string, unknown>, options: { secret?: string; expiresIn?: string | number } = {}) {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt()
    .setExpirationTime(options.expiresIn ?? '10m')
    .sign(new TextEncoder().encode(options.secret ?? JWT_SECRET));
}

describe.skipIf(!PG_ENABLED)('JWT scopes against PostgreSQL', () => {
  const tiny = tinyBackend();
  let app: Instance;
  const logger = recordingLogger();
  let admin: Record<string, string>;
  let customer1: Record<string, string>;

  beforeAll(async () => {
    app = await tiny.start({
      jwt: { secret: JWT_SECRET },
      corsOrigins: [ORIGIN],
      invalidateSecret: 'integration-webhook-secret',
      // Receivables are for staff only.
      definition: {
        ...COMMERCE_DEFINITION,
        metrics: COMMERCE_DEFINITION.metrics.map((m) => (m.id === 'receivables' ? { ...m, roles: ['admin'] } : m)),
      },
      logger,
    });
    admin = { authorization: `Bearer ${await sign({ sub: 'boss', roles: ['admin'] })}` };
    customer1 = { authorization: `Bearer ${await sign({ sub: 'acme', roles: ['customer'], customer_id: 1 })}` };
  }, 60_000);

  async function get<T>(path: string, headers: Record<string, string>, schema: { parse(v: unknown): T }) {
    const response = await app.get(path, { headers });
    expect(response.status, path).toBe(200);
    return schema.parse(await response.json());
  }

  const STATS = `v1/stats?metrics=revenue,orders&${TINY.period}`;

  it('admin → customer → admin with identical parameters: no leak through the cache', async () => {
    const first = await get(STATS, admin, StatsResponse);
    expect(first.stats.map((s) => s.value)).toEqual([TINY.revenue.all, 4]);
    expect(first.cache.hit).toBe(false);

    const mine = await get(STATS, customer1, StatsResponse);
    expect(mine.stats.map((s) => s.value)).toEqual([TINY.revenue[1], 2]);
    expect(mine.cache.hit).toBe(false);

    const again = await get(STATS, admin, StatsResponse);
    expect(again.stats.map((s) => s.value)).toEqual([TINY.revenue.all, 4]);
    expect(again.cache.hit).toBe(true);
    const mineAgain = await get(STATS, customer1, StatsResponse);
    expect(mineAgain.stats[0]?.value).toBe(TINY.revenue[1]);
    expect(mineAgain.cache.hit).toBe(true);
  });

  it('narrows series, breakdown and segments to the customer', async () => {
    const series = await get(`v1/series?metrics=revenue&${TINY.period}&granularity=month`, customer1, SeriesResponse);
    expect(series.series[0]?.points).toEqual([{ t: '2026-01-01', v: TINY.revenue[1] }]);
    const all = await get(`v1/series?metrics=revenue&${TINY.period}&granularity=month`, admin, SeriesResponse);
    expect(all.series[0]?.points[0]?.v).toBe(TINY.revenue.all);

    const breakdown = await get(`v1/breakdown?metric=revenue&by=customer&${TINY.period}`, customer1, BreakdownResponse);
    expect(breakdown.rows.filter((r) => r.key !== 'other').map((r) => [r.key, r.value])).toEqual([
      ['1', TINY.revenue[1]],
    ]);
    const everyone = await get(`v1/breakdown?metric=revenue&by=customer&${TINY.period}`, admin, BreakdownResponse);
    expect(everyone.rows.filter((r) => r.key !== 'other').map((r) => r.key)).toEqual(['2', '1', '3']);

    const segments = await get(`v1/segments?${TINY.period}`, customer1, SegmentsResponse);
    const named = segments.segments.flatMap((s) => s.topCustomers.map((c) => String(c.id)));
    expect(named).toEqual(['1']);
    expect(segments.segments.reduce((n, s) => n + s.customers, 0)).toBe(1);
  });

  it('narrows aging and the drill-down; another customer is 404', async () => {
    const aging = await get(`v1/aging?asOf=${TINY.asOf}`, customer1, AgingResponse);
    expect(aging.summary).toMatchObject({ customers: 1, receivable: TINY.receivables[1], invoices: 1 });
    expect(aging.customers.map((c) => String(c.id))).toEqual(['1']);
    const everyone = await get(`v1/aging?asOf=${TINY.asOf}`, admin, AgingResponse);
    expect(everyone.summary).toMatchObject({ customers: 3, receivable: TINY.receivables.all });

    const own = await get(`v1/aging/customers/1/invoices?asOf=${TINY.asOf}`, customer1, AgingInvoicesResponse);
    expect(own.invoices.map((i) => [i.number, i.daysOverdue])).toEqual([['INV-1', 26]]);
    const other = await app.get(`v1/aging/customers/2/invoices?asOf=${TINY.asOf}`, { headers: customer1 });
    expect(other.status).toBe(404);
    expect(
      (await get(`v1/aging/customers/2/invoices?asOf=${TINY.asOf}`, admin, AgingInvoicesResponse)).invoices,
    ).toHaveLength(1);
  });

  it('exports only the customer’s rows', async () => {
    const csv = await (await app.get(`v1/export/aging.csv?asOf=${TINY.asOf}`, { headers: customer1 })).text();
    expect(csv.trim().split('\r\n')).toHaveLength(2);
    expect(csv).toContain('Acme');
    expect(csv).not.toContain('Globex');
  });

  it('takes customer_id as a string of digits; a non-numeric one is 403, never 500', async () => {
    const digits = { authorization: `Bearer ${await sign({ roles: ['customer'], customer_id: '1' })}` };
    expect((await get(STATS, digits, StatsResponse)).stats[0]?.value).toBe(TINY.revenue[1]);
    const letters = { authorization: `Bearer ${await sign({ roles: ['customer'], customer_id: 'acme' })}` };
    for (const path of [
      STATS,
      `v1/breakdown?metric=revenue&by=customer&${TINY.period}`,
      `v1/segments?${TINY.period}`,
    ]) {
      const response = await app.get(path, { headers: letters });
      expect(response.status, path).toBe(403);
      expect(Problem.parse(await response.json()).detail).toContain('customer_id');
    }
    // One rule for every report, aging and its export included: the claim is read in the id column's type.
    for (const path of [`v1/aging?asOf=${TINY.asOf}`, `v1/export/aging.csv?asOf=${TINY.asOf}`]) {
      expect((await app.get(path, { headers: letters })).status, path).toBe(403);
    }
    const huge = { authorization: `Bearer ${await sign({ roles: ['customer'], customer_id: 1e12 })}` };
    expect((await app.get(STATS, { headers: huge })).status).toBe(403);
    expect(logger.lines.filter((l) => l.level === 'error')).toEqual([]);
  });

  it('reads " 1" and "0001" as customer 1 in every report, as PostgreSQL reads them for an integer id', async () => {
    for (const claim of [' 1', '0001', '1 ']) {
      const token = { authorization: `Bearer ${await sign({ roles: ['customer'], customer_id: claim })}` };
      expect((await get(STATS, token, StatsResponse)).stats[0]?.value, claim).toBe(TINY.revenue[1]);
      const aging = await get(`v1/aging?asOf=${TINY.asOf}`, token, AgingResponse);
      expect(
        aging.customers.map((c) => String(c.id)),
        claim,
      ).toEqual(['1']);
      expect(aging.summary.receivable).toBe(TINY.receivables[1]);
      const own = await get(`v1/aging/customers/1/invoices?asOf=${TINY.asOf}`, token, AgingInvoicesResponse);
      expect(own.invoices.map((i) => i.number)).toEqual(['INV-1']);
      const csv = await (await app.get(`v1/export/aging.csv?asOf=${TINY.asOf}`, { headers: token })).text();
      expect(csv.trim().split('\r\n')).toHaveLength(2);
    }
  });

  it('restricts a metric to roles: 403 for others, 200 for admin', async () => {
    const path = `v1/stats?metrics=receivables&${TINY.period}`;
    const refused = await app.get(path, { headers: customer1 });
    expect(refused.status).toBe(403);
    expect(Problem.parse(await refused.json()).detail).toContain('receivables');
    expect((await get(path, admin, StatsResponse)).stats[0]?.value).toBe(TINY.receivables.all);
  });

  it('answers 401 problem+json to a missing, forged, expired or wrongly shaped token', async () => {
    const cases: [Record<string, string>, RegExp][] = [
      [{}, /missing token/],
      [
        {
          authorization: `Bearer ${await sign({ roles: ['admin'] }, { secret: 'another-secret-0123456789abcdef-xyz' })}`,
        },
        /signature/,
      ],
      [
        {
          authorization: `Bearer ${await sign({ roles: ['admin'] }, { expiresIn: Math.floor(Date.now() / 1000) - 60 })}`,
        },
        /expired/,
      ],
      [{ authorization: `Bearer ${await sign({ roles: 'admin' })}` }, /roles/],
      [{ authorization: `Bearer ${await sign({ roles: ['customer'], customer_id: { $ne: 1 } })}` }, /customer_id/],
      [
        {
          cookie: `dashkit_token=${await sign({ roles: ['admin'] }, { expiresIn: Math.floor(Date.now() / 1000) - 60 })}`,
        },
        /expired/,
      ],
    ];
    for (const [headers, detail] of cases) {
      const response = await app.get(STATS, { headers });
      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
      expect(Problem.parse(await response.json()).detail).toMatch(detail);
    }
  });

  it('opens v1/events by cookie or events token, and refuses it without', async () => {
    const cookie = await connectSse(`${app.base}v1/events`, {
      cookie: `dashkit_token=${await sign({ roles: ['customer'], customer_id: 1 })}`,
    });
    expect(cookie.status).toBe(200);
    cookie.close();
    const eventsToken = await createEventsToken({ roles: ['customer'], filters: { customer_id: 1 } }, JWT_SECRET);
    const byToken = await connectSse(`${app.base}v1/events?access_token=${eventsToken}`);
    expect(byToken.status).toBe(200);
    expect((await byToken.next()).retry).toBe('3000');
    byToken.close();
    expect((await app.get('v1/events')).status).toBe(401);
  });

  it('answers CORS preflights on every route, and denies other origins', async () => {
    for (const path of [STATS, 'v1/events', 'v1/invalidate', 'v1/meta']) {
      const ok = await app.get(path, {
        method: 'OPTIONS',
        headers: {
          origin: ORIGIN,
          'access-control-request-method': 'GET',
          'access-control-request-headers': 'authorization',
        },
      });
      expect(ok.status, path).toBe(204);
      expect(ok.headers.get('access-control-allow-origin')).toBe(ORIGIN);
      const denied = await app.get(path, {
        method: 'OPTIONS',
        headers: { origin: 'https://evil.example.com', 'access-control-request-method': 'GET' },
      });
      expect(denied.status, path).toBe(403);
      expect(denied.headers.get('access-control-allow-origin')).toBeNull();
    }
    const real = await app.get(STATS, { headers: { ...admin, origin: ORIGIN } });
    expect(real.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    expect(real.headers.get('vary')).toContain('Origin');
  });
});
