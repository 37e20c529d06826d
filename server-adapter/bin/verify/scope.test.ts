/**
 * What `dashkit verify` adds for hosts: a period whose total is not the sum
 * of its chart points is reported with its likely cause, on the real failure
 * (a Rails-style `timestamp without time zone` column holding UTC, read in
 * Berlin), and gone once the view converts it; and, given two customers'
 * tokens, the scope checks pass on the reference adapter and name each leak
 * of a backend that forgets the row filter or serves a shop-wide report.
 */
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMMERCE_SCHEMA_SQL } from '../../demo/schema.js';
import { parseConfig } from '../../engine/config.js';
import { listen, type Listening } from '../../node.js';
import { createDashboardServer, type DashboardServer } from '../../server.js';
import { createPgliteSource } from '../../sources/pglite.js';
import type { Source } from '../../sources/source.js';
import { ZONE_CAUSE } from './checks/periods.js';
import { type CheckResult, verifyBackend, type VerifyReport } from './index.js';

const NOW = new Date('2026-03-15T12:00:00Z');
const SECRET = 'verify-scope-jwt-secret-0123456789abcdef';
const DAY = 86_400_000;

/** Orders on every day of the last 100, one of them each day at 23:30 UTC (00:30 the next day in Berlin). */
function rows(): string {
  const sql: string[] = [];
  for (let c = 1; c <= 4; c++) {
    sql.push(`INSERT INTO customers VALUES (${c}, 'Customer ${c}', 'c${c}@x', '2025-06-0${c}T08:00:00Z');`);
  }
  for (let d = 0; d < 100; d++) {
    const day = new Date(NOW.getTime() - d * DAY).toISOString().slice(0, 10);
    sql.push(
      `INSERT INTO orders VALUES (${d * 2 + 1}, ${1 + (d % 4)}, '${day}T23:30:00Z', 'sale', ${10 + d}.25),
                                 (${d * 2 + 2}, ${1 + ((d + 1) % 4)}, '${day}T10:00:00Z', 'done', ${5 + d}.50);`,
    );
  }
  sql.push(`INSERT INTO invoices VALUES (1, 'I-1', 1, '2026-01-01', '2026-01-31', 100, 0), (2, 'I-2', 2, '2026-02-01', '2026-03-01', 80, 10),
    (3, 'I-3', 3, '2026-03-01', '2026-03-31', 50, 0);
    INSERT INTO products VALUES (1, 'S-1', 'Bolt', 0, 5), (2, 'S-2', 'Nut', 3, 10);`);
  return sql.join('\n');
}

const open: { server: DashboardServer; listening: Listening }[] = [];
let source: Source;

async function serve(options: Partial<Parameters<typeof createDashboardServer>[0]> = {}): Promise<string> {
  const server = createDashboardServer({ source, timezone: 'Europe/Berlin', now: () => NOW, ...options });
  await server.ready;
  const listening = await listen(server, { port: 0 });
  open.push({ server, listening });
  return listening.url;
}

const failing = (report: VerifyReport, check?: string): CheckResult[] =>
  report.results.filter((r) => r.status === 'fail' && (check === undefined || r.check === check));

const sign = (claims: Record<string, unknown>) =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt(Math.floor(NOW.getTime() / 1000))
    .setExpirationTime('100y')
    .sign(new TextEncoder().encode(SECRET));

beforeAll(async () => {
  source = await createPgliteSource();
  await source.exec(COMMERCE_SCHEMA_SQL);
  await source.exec(rows());
}, 120_000);

afterAll(async () => {
  for (const { server, listening } of open) {
    await listening.close();
    await server.close();
  }
  await source?.close();
});

describe('a period that does not sum to its chart', () => {
  it('names the likely cause when the time column has no zone, and passes once the view converts it', async () => {
    await source.exec(`
      ALTER TABLE orders RENAME TO orders_utc;
      ALTER TABLE orders_utc ALTER COLUMN ordered_at TYPE timestamp USING ordered_at AT TIME ZONE 'UTC';
      CREATE VIEW orders AS SELECT * FROM orders_utc;`);
    try {
      const wrong = await verifyBackend({ baseUrl: await serve() });
      const agreement = failing(wrong).find((r) => r.endpoint === 'v1/stats' && r.check === 'agreement');
      expect(agreement?.detail).toMatch(/revenue stats value "\d+\.\d+" ≠ sum of its \d+ series points/);
      expect(agreement?.detail).toContain(ZONE_CAUSE);
      await source.exec(`DROP VIEW orders; CREATE VIEW orders AS
        SELECT id, customer_id, ordered_at AT TIME ZONE 'UTC' AS ordered_at, state, amount FROM orders_utc`);
      const right = await verifyBackend({ baseUrl: await serve() });
      expect(failing(right)).toEqual([]);
    } finally {
      await source.exec(`DROP VIEW orders; ALTER TABLE orders_utc ALTER COLUMN ordered_at TYPE timestamptz USING ordered_at AT TIME ZONE 'UTC';
        ALTER TABLE orders_utc RENAME TO orders;`);
    }
  }, 120_000);
});

describe('scope leaks, given two customers’ tokens', () => {
  let tokens: [string, string];
  let staff: Record<string, string>;

  beforeAll(async () => {
    tokens = [
      await sign({ sub: 'a', roles: ['customer'], customer_id: 1 }),
      await sign({ sub: 'b', roles: ['customer'], customer_id: 2 }),
    ];
    staff = { authorization: `Bearer ${await sign({ sub: 'boss', roles: ['staff'] })}` };
  });

  it('passes on the reference adapter: each customer sees its own rows and no shop-wide report', async () => {
    const base = await serve({ jwt: { secret: SECRET } });
    const report = await verifyBackend({ baseUrl: base, headers: staff, customerTokens: tokens });
    expect(failing(report)).toEqual([]);
    const scope = report.results.filter((r) => r.check === 'scope');
    expect(scope.map((r) => [r.endpoint, r.status]).sort()).toEqual([
      ['v1/activity', 'pass'],
      ['v1/aging', 'pass'],
      ['v1/aging/customers/{id}/invoices', 'pass'],
      ['v1/breakdown', 'pass'],
      ['v1/low-stock', 'pass'],
      ['v1/segments', 'pass'],
      ['v1/stats', 'pass'],
    ]);
  }, 120_000);

  it('names every leak of a backend whose tokens carry no row filter', async () => {
    // A host hook that forgot the customer's row filter: a common mistake in a hand-written authorize().
    const base = await serve({
      authorize: (request) => {
        const customer = request.headers.get('authorization') !== staff['authorization'];
        return { roles: customer ? ['customer'] : ['staff'], filters: {} };
      },
    });
    const report = await verifyBackend({ baseUrl: base, headers: staff, customerTokens: tokens });
    const leaks = failing(report, 'scope');
    expect(leaks.map((r) => r.endpoint).sort()).toEqual([
      'v1/activity',
      'v1/aging',
      'v1/aging/customers/{id}/invoices',
      'v1/breakdown',
      'v1/low-stock',
      'v1/segments',
      'v1/stats',
    ]);
    expect(leaks.find((r) => r.endpoint === 'v1/aging')?.detail).toMatch(
      /^customer A sees the aging of 3 customers \(1, 2, 3…\): the customer_id row filter is not applied/,
    );
    expect(leaks.find((r) => r.endpoint === 'v1/stats')?.detail).toMatch(
      /^customers A and B get the same revenue, orders, new_customers as the whole shop over 365d/,
    );
    expect(leaks.find((r) => r.endpoint === 'v1/low-stock')?.detail).toMatch(
      /^v1\/low-stock answers both customer tokens with the same shop-wide data: refuse it to customer tokens \(403\)/,
    );
  }, 120_000);

  it('flags a shop-wide report the config opened to customers', async () => {
    const base = await serve({
      jwt: { secret: SECRET },
      definition: parseConfig({ reports: { 'low-stock': { roles: ['customer', 'staff'] } } }),
    });
    const report = await verifyBackend({ baseUrl: base, headers: staff, customerTokens: tokens });
    expect(failing(report).map((r) => `${r.endpoint} ${r.check}`)).toEqual(['v1/low-stock scope']);
  }, 120_000);
});
