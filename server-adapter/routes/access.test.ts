/**
 * Report access over HTTP with the real engine and built-in JWT: a customer's
 * token gets 403 on the shop-wide low-stock report (JSON and CSV) by default
 * and reads its own aging; `reports` rules in the config restrict or open
 * reports by role; a refused caller is never answered from the cache, not
 * even by the synchronous `peek`; unknown report names fail at startup.
 */
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDashboardServer, type DashboardServer } from '../server.js';
import { parseConfig } from '../engine/config.js';
import { createPgliteSource } from '../sources/pglite.js';
import type { Source } from '../sources/source.js';
import { COMMERCE_SCHEMA_SQL } from '../demo/schema.js';

const SECRET = 'access-test-jwt-secret-0123456789abcdef';
const sign = (claims: Record<string, unknown>) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt()
    .setExpirationTime('10m')
    .sign(new TextEncoder().encode(SECRET));

let source: Source;
const servers: DashboardServer[] = [];
let staff: string;
let customer: string;

beforeAll(async () => {
  source = await createPgliteSource();
  await source.exec(COMMERCE_SCHEMA_SQL);
  await source.exec(`
    INSERT INTO customers (id, name, email, created_at) VALUES (1, 'Acme', 'a@x', now()), (2, 'Globex', 'g@x', now());
    INSERT INTO products (id, sku, name, quantity, reorder_level) VALUES (1, 'S-1', 'Bolt', 0, 5);
    INSERT INTO invoices (id, number, customer_id, issued_on, due_on, amount, amount_paid)
      VALUES (1, 'I-1', 1, '2026-01-01', '2026-01-31', 100, 0), (2, 'I-2', 2, '2026-01-01', '2026-01-31', 50, 0);`);
  staff = `Bearer ${await sign({ sub: 'boss', roles: ['staff'] })}`;
  customer = `Bearer ${await sign({ sub: 'acme', roles: ['customer'], customer_id: 1 })}`;
}, 120_000);

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await source?.close();
});

function server(config: unknown = {}): DashboardServer {
  const s = createDashboardServer({
    source,
    jwt: { secret: SECRET },
    definition: parseConfig(config),
    now: () => new Date('2026-03-01T12:00:00Z'),
  });
  servers.push(s);
  return s;
}

const get = (s: DashboardServer, path: string, authorization: string) =>
  s.fetch(new Request(`http://localhost/${path}`, { headers: { authorization } }));

describe('report access by default', () => {
  it('refuses the shop-wide low-stock report (JSON and CSV) to a customer token, and serves staff', async () => {
    const s = server();
    const refused = await get(s, 'v1/low-stock', customer);
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { detail: string }).detail).toMatch(/report "low-stock" is shop-wide/);
    expect((await get(s, 'v1/export/low-stock.csv', customer)).status).toBe(403);
    const served = await get(s, 'v1/low-stock', staff);
    expect(served.status).toBe(200);
    expect(((await served.json()) as { total: number }).total).toBe(1);
  });

  it("lets a customer token read its own aging, and no other customer's", async () => {
    const s = server();
    const aging = (await (await get(s, 'v1/aging?asOf=2026-03-01', customer)).json()) as {
      customers: { id: string }[];
    };
    expect(aging.customers.map((c) => String(c.id))).toEqual(['1']);
    expect((await get(s, 'v1/export/aging.csv?asOf=2026-03-01', customer)).status).toBe(200);
  });

  it('never answers a refused caller from the cache, not even through peek', async () => {
    const s = server({ reports: { aging: { roles: ['staff'] } } });
    expect((await get(s, 'v1/aging', staff)).status).toBe(200);
    expect(s.peek('GET', '/v1/aging', { authorization: staff })).toBeDefined();
    // A customer's first request is verified (and its scope remembered) before peek can know it.
    expect((await get(s, 'v1/aging', customer)).status).toBe(403);
    expect(s.peek('GET', '/v1/aging', { authorization: customer })).toBeUndefined();
    expect((await get(s, 'v1/aging', customer)).status).toBe(403);
  });
});

describe('report access from the config', () => {
  it('opens a shop-wide report to the roles listed, and restricts another', async () => {
    const s = server({ reports: { 'low-stock': { roles: ['customer', 'staff'] }, aging: { roles: ['staff'] } } });
    expect((await get(s, 'v1/low-stock', customer)).status).toBe(200);
    const aging = await get(s, 'v1/aging', customer);
    expect(aging.status).toBe(403);
    expect(((await aging.json()) as { detail: string }).detail).toBe('report "aging" is restricted to the roles staff');
    expect((await get(s, 'v1/aging/customers/1/invoices', customer)).status).toBe(403);
    expect((await get(s, 'v1/aging', staff)).status).toBe(200);
  });

  it('refuses an unknown report name at startup, listing the known ones', async () => {
    const s = createDashboardServer({
      source,
      definition: parseConfig({ reports: { low_stock: { roles: ['staff'] } } }),
    });
    servers.push(s);
    await expect(s.ready).rejects.toThrow(
      /reports\.low_stock: unknown report; known: stats, series, breakdown, segments, aging, low-stock/,
    );
  });

  it('checks the shape of the rules', () => {
    expect(() => parseConfig({ reports: { 'low-stock': { roles: [] } } })).toThrow(
      'reports.low-stock.roles: expected at least one role',
    );
    expect(() => parseConfig({ reports: { 'low-stock': { role: ['x'] } } })).toThrow(/unknown field/);
  });
});
