/**
 * CSV exports against real PostgreSQL (issue 11, item 3): every row from ONE
 * statement (a cursor), not one aggregate per thousand-row page; a bounded
 * number of exports per caller and per instance; and a client leaving
 * mid-download ends the export quietly and gives its connection back.
 */
import { get } from 'node:http';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AgingResponse, LowStockResponse, Problem } from '../../src/contract/index.js';
import { createPgSource } from '../../server-adapter/sources/pg.js';
import type { Source, SqlParam } from '../../server-adapter/sources/source.js';
import { UnauthorizedError } from '../../server-adapter/errors.js';
import {
  createSchema,
  type Instance,
  PG_ENABLED,
  recordingLogger,
  startInstance,
  type TestSchema,
} from './support/services.js';

const CUSTOMERS = 2500;
const PRODUCTS = 1200;
const AS_OF = '2026-02-15';

/** A source that counts the statements it is asked to run, by what they compute. */
function counting(source: Source) {
  const statements: string[] = [];
  const kind = (sql: string) =>
    sql.includes('per_customer') ? 'aging' : sql.includes('items AS') ? 'low-stock' : 'other';
  const counted: Source = {
    kind: source.kind,
    query: <T extends object>(sql: string, params?: readonly SqlParam[]) => {
      statements.push(kind(sql));
      return source.query<T>(sql, params);
    },
    exec: (sql) => source.exec(sql),
    close: () => source.close(),
    ...(source.stream
      ? {
          stream: <T extends object>(sql: string, params: readonly SqlParam[], batchSize: number) => {
            statements.push(kind(sql));
            return source.stream!<T>(sql, params, batchSize);
          },
        }
      : {}),
  };
  return { source: counted, statements, count: (what: string) => statements.filter((s) => s === what).length };
}

/** The CSV's data lines (without the header), split on CRLF; these files hold no quoted line breaks. */
function csvLines(text: string): string[] {
  return text.split('\r\n').slice(1, -1);
}

describe.skipIf(!PG_ENABLED)('CSV exports on PostgreSQL', () => {
  let db: TestSchema;
  let pool: Source;
  let counter: ReturnType<typeof counting>;
  let app: Instance;
  const logger = recordingLogger();

  beforeAll(async () => {
    db = await createSchema();
    await db.db.exec(`
      INSERT INTO customers (id, name, created_at)
        SELECT g, 'Customer ' || lpad(g::text, 5, '0'), '2025-01-01T00:00:00Z' FROM generate_series(1, ${CUSTOMERS}) g;
      INSERT INTO invoices (id, number, customer_id, issued_on, due_on, amount, amount_paid)
        SELECT g, 'INV-' || g, g, DATE '2025-06-01' + (g % 200), DATE '2025-07-01' + (g % 250), 100 + (g % 97), 0
        FROM generate_series(1, ${CUSTOMERS}) g;
      INSERT INTO products (id, sku, name, quantity, reorder_level)
        SELECT g, 'SKU-' || g, 'Product ' || g, g % 17, 20 FROM generate_series(1, ${PRODUCTS}) g;
    `);
    pool = await createPgSource({ connectionString: db.url, poolConfig: { max: 10 } });
    counter = counting(pool);
    app = await startInstance({
      source: counter.source,
      logger,
      now: () => new Date('2026-02-15T12:00:00Z'),
      // Who is asking, from a header: enough to tell callers apart for the per-caller bound.
      authorize: (request) => {
        const user = request.headers.get('x-user');
        if (!user) throw new UnauthorizedError('x-user header missing');
        return { subject: user, roles: [], filters: {} };
      },
    });
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await pool?.close();
    await db?.drop();
  });

  const as = (user: string) => ({ headers: { 'x-user': user } });

  it('streams the whole aging report from one statement, in the report order', async () => {
    counter.statements.length = 0;
    const response = await app.get(`v1/export/aging.csv?asOf=${AS_OF}&sort=name`, as('ann'));
    expect(response.status).toBe(200);
    const lines = csvLines(await response.text());
    expect(lines).toHaveLength(CUSTOMERS);
    // One statement for 2,500 rows; paging would have run the aggregate three times (limit 1000).
    expect(counter.count('aging')).toBe(1);

    // The same rows as the JSON report, page after page.
    const ids: string[] = [];
    for (let offset = 0; offset < CUSTOMERS; offset += 1000) {
      const page = AgingResponse.parse(
        await (await app.get(`v1/aging?asOf=${AS_OF}&sort=name&limit=1000&offset=${offset}`, as('ann'))).json(),
      );
      ids.push(...page.customers.map((c) => String(c.id)));
    }
    expect(lines.map((line) => line.split(',')[0])).toEqual(ids);
  });

  it('streams low-stock from one statement too', async () => {
    counter.statements.length = 0;
    const response = await app.get('v1/export/low-stock.csv', as('ann'));
    const lines = csvLines(await response.text());
    const first = LowStockResponse.parse(await (await app.get('v1/low-stock?limit=5', as('ann'))).json());
    expect(lines).toHaveLength(first.total);
    expect(first.total).toBeGreaterThan(1000);
    expect(lines.slice(0, 5).map((l) => l.split(',')[0])).toEqual(first.items.map((i) => String(i.id)));
    expect(counter.count('low-stock')).toBe(2); // the export's one statement, and the JSON page above
  });

  it('runs at most 2 exports per caller (429) and 4 per instance (503), with Retry-After; a slot frees when one ends', async () => {
    // Unread bodies: each export holds its cursor (and its slot) until read to the end or cancelled.
    const open: Response[] = [];
    const start = async (user: string) => {
      const response = await app.server.fetch(
        new Request(`http://localhost/v1/export/aging.csv?asOf=${AS_OF}`, as(user)),
      );
      if (response.status === 200) open.push(response);
      return response;
    };
    expect((await start('bob')).status).toBe(200);
    expect((await start('bob')).status).toBe(200);
    const third = await start('bob');
    expect(third.status).toBe(429);
    expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Problem.parse(await third.json()).detail).toMatch(/at most 2 at once/);
    // Others still get theirs, up to the instance's bound.
    expect((await start('cat')).status).toBe(200);
    expect((await start('dan')).status).toBe(200);
    const busy = await start('eve');
    expect(busy.status).toBe(503);
    expect(busy.headers.get('retry-after')).not.toBeNull();
    // Meanwhile the JSON reports still find a connection.
    expect((await app.get(`v1/aging?asOf=${AS_OF}`, as('eve'))).status).toBe(200);

    // One of Bob's ends (read to the end): Bob may start another.
    await open[0]!.text();
    expect((await start('bob')).status).toBe(200);
    await Promise.all(open.slice(1).map((r) => r.body!.cancel()));
    expect((await start('eve')).status).toBe(200);
    await open.at(-1)!.body!.cancel();
  });

  it('ends an aborted download quietly and gives its connection back', async () => {
    const errorsBefore = logger.lines.filter((l) => l.level === 'error').length;
    for (let round = 0; round < 3; round++) {
      await new Promise<void>((resolve, reject) => {
        const request = get(
          `${app.base}v1/export/aging.csv?asOf=${AS_OF}`,
          { headers: { 'x-user': 'fay' }, agent: false },
          (response) => {
            expect(response.statusCode).toBe(200);
            // Leave as soon as the first rows arrive, while the next batch is being fetched.
            response.once('data', () => {
              request.destroy();
              resolve();
            });
          },
        );
        request.on('error', (error) => {
          if (!request.destroyed) reject(error);
        });
      });
    }
    // Each abort released its slot and its cursor: Fay (bound 2) can export again, to the end.
    await vi.waitFor(async () => {
      const again = await app.get(`v1/export/aging.csv?asOf=${AS_OF}`, as('fay'));
      expect(again.status).toBe(200);
      expect(csvLines(await again.text())).toHaveLength(CUSTOMERS);
    });
    const idleInTransaction = await db.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM pg_stat_activity WHERE state = 'idle in transaction' AND query LIKE '%dk_stream%'`,
    );
    expect(idleInTransaction[0]?.n).toBe(0);
    expect(logger.lines.filter((l) => l.level === 'error').slice(errorsBefore)).toEqual([]);
  });
});
