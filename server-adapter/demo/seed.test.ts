import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeDatabases, pgliteDatabase, type TestDatabase } from '../../tests/support/databases.js';
import type { Source } from '../sources/source.js';
import { collectDemoData, DEFAULT_CUSTOMERS, type DemoOptions } from './generate.js';
import { COMMERCE_SCHEMA_SQL } from './schema.js';
import { DemoDataExistsError, seedDemo } from './seed.js';

const SMALL: DemoOptions = { anchor: '2025-06-30', timezone: 'America/New_York', customers: 300, days: 60 };
const FIRST_DAY = '2025-05-02'; // 60 days ending on the anchor

/** Open invoices per aging bucket as of `asOf`, with the SPEC §4 rules (days overdue = as-of − due_on). */
async function agingBuckets(source: Source, asOf: string): Promise<Record<string, number>> {
  const rows = await source.query<{ bucket: string; n: number }>(
    `SELECT CASE WHEN d <= 0 THEN 'current' WHEN d <= 30 THEN '1-30' WHEN d <= 60 THEN '31-60'
                 WHEN d <= 90 THEN '61-90' WHEN d <= 120 THEN '91-120' ELSE '121+' END AS bucket,
            count(*)::int AS n
     FROM (SELECT $1::date - due_on AS d FROM invoices WHERE amount - amount_paid > 0) open
     GROUP BY 1`,
    [asOf],
  );
  return Object.fromEntries(rows.map((r) => [r.bucket, r.n]));
}

/** Average daily revenue (sale + done) of weekdays and weekend days in the zone, empty days counted as 0. */
async function weekdayWeekend(source: Source, from: string, to: string, tz: string) {
  const rows = await source.query<{ weekend: boolean; avg: string; days_with_orders: number; days: number }>(
    `WITH days AS (SELECT d::date AS day FROM generate_series($1::date, $2::date, interval '1 day') d),
          revenue AS (SELECT (ordered_at AT TIME ZONE $3)::date AS day, sum(amount) AS revenue
                      FROM orders WHERE state IN ('sale', 'done') GROUP BY 1)
     SELECT extract(isodow FROM days.day) >= 6 AS weekend, avg(coalesce(revenue, 0))::text AS avg,
            count(revenue)::int AS days_with_orders, count(*)::int AS days
     FROM days LEFT JOIN revenue USING (day) GROUP BY 1`,
    [from, to, tz],
  );
  const weekday = rows.find((r) => !r.weekend);
  const weekend = rows.find((r) => r.weekend);
  return {
    weekday: Number(weekday?.avg),
    weekend: Number(weekend?.avg),
    daysWithOrders: rows.reduce((s, r) => s + r.days_with_orders, 0),
    days: rows.reduce((s, r) => s + r.days, 0),
  };
}

async function count(source: Source, sql: string, params: string[] = []): Promise<number> {
  const [row] = await source.query<{ n: number }>(`SELECT (${sql})::int AS n`, params);
  return row?.n ?? -1;
}

async function checksum(source: Source): Promise<string> {
  const [row] = await source.query<{ sum: string }>(
    `SELECT md5(concat_ws('|',
       (SELECT string_agg(concat_ws(',', id, name, email, created_at), ';' ORDER BY id) FROM customers),
       (SELECT string_agg(concat_ws(',', id, customer_id, ordered_at, state, amount), ';' ORDER BY id) FROM orders),
       (SELECT string_agg(concat_ws(',', id, order_id, product_id, quantity), ';' ORDER BY id) FROM order_lines),
       (SELECT string_agg(concat_ws(',', id, number, customer_id, issued_on, due_on, amount, amount_paid), ';' ORDER BY id) FROM invoices),
       (SELECT string_agg(concat_ws(',', id, sku, name, quantity, reorder_level), ';' ORDER BY id) FROM products))) AS sum`,
  );
  return row?.sum ?? '';
}

describeDatabases('seedDemo', { ddl: false }, (source) => {
  let seeded: Awaited<ReturnType<typeof seedDemo>>;

  beforeAll(async () => {
    seeded = await seedDemo(source(), SMALL);
  }, 120_000);

  it('loads exactly the generated rows and reports their counts', async () => {
    const expected = collectDemoData(SMALL).counts;
    expect(seeded.counts).toEqual(expected);
    expect(seeded.ms).toBeGreaterThanOrEqual(0);
    for (const [table, n] of Object.entries(expected)) {
      expect(await count(source(), `SELECT count(*) FROM ${table}`), table).toBe(n);
    }
  });

  it('keeps every reference valid (foreign keys were not checked row by row during the load)', async () => {
    expect(
      await count(
        source(),
        `SELECT count(*) FROM orders o LEFT JOIN customers c ON c.id = o.customer_id WHERE c.id IS NULL`,
      ),
    ).toBe(0);
    expect(
      await count(
        source(),
        `SELECT count(*) FROM order_lines l LEFT JOIN orders o ON o.id = l.order_id WHERE o.id IS NULL`,
      ),
    ).toBe(0);
    expect(
      await count(
        source(),
        `SELECT count(*) FROM order_lines l LEFT JOIN products p ON p.id = l.product_id WHERE p.id IS NULL`,
      ),
    ).toBe(0);
    expect(
      await count(
        source(),
        `SELECT count(*) FROM invoices i LEFT JOIN customers c ON c.id = i.customer_id WHERE c.id IS NULL`,
      ),
    ).toBe(0);
    expect(
      await count(
        source(),
        `SELECT count(*) FROM orders o WHERE NOT EXISTS (SELECT 1 FROM order_lines l WHERE l.order_id = o.id)`,
      ),
    ).toBe(0);
    expect(
      await count(
        source(),
        `SELECT count(*) FROM orders o JOIN customers c ON c.id = o.customer_id WHERE c.created_at >= o.ordered_at`,
      ),
    ).toBe(0);
  });

  it('rebuilds the secondary indexes it dropped for the load', async () => {
    const names = [...COMMERCE_SCHEMA_SQL.matchAll(/CREATE INDEX IF NOT EXISTS (\w+)/g)].map((m) => m[1] ?? '');
    const rows = await source().query<{ indexname: string }>(
      `SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() AND indexname = ANY($1::text[])`,
      [names],
    );
    expect(rows.map((r) => r.indexname).sort()).toEqual(names.sort());
  });

  it('has open invoices in every aging bucket as of the anchor, partly and fully paid ones', async () => {
    const buckets = await agingBuckets(source(), SMALL.anchor);
    for (const id of ['current', '1-30', '31-60', '61-90', '91-120', '121+']) {
      expect(buckets[id] ?? 0, id).toBeGreaterThan(0);
    }
    expect(
      await count(source(), `SELECT count(*) FROM invoices WHERE amount_paid > 0 AND amount_paid < amount`),
    ).toBeGreaterThan(0);
    expect(await count(source(), `SELECT count(*) FROM invoices WHERE amount_paid = amount`)).toBeGreaterThan(0);
    expect(await count(source(), `SELECT count(*) FROM invoices WHERE issued_on > $1::date`, [SMALL.anchor])).toBe(0);
  });

  it('has out-of-stock, low and healthy products', async () => {
    expect(await count(source(), `SELECT count(*) FROM products WHERE quantity <= 0`)).toBeGreaterThan(0);
    expect(
      await count(source(), `SELECT count(*) FROM products WHERE quantity > 0 AND quantity <= reorder_level`),
    ).toBeGreaterThan(0);
    expect(await count(source(), `SELECT count(*) FROM products WHERE quantity > reorder_level`)).toBeGreaterThan(0);
  });

  it('has no negative amounts and only valid states', async () => {
    expect(
      await count(
        source(),
        `SELECT count(*) FROM invoices WHERE amount < 0 OR amount_paid < 0 OR amount_paid > amount OR due_on < issued_on`,
      ),
    ).toBe(0);
    expect(await count(source(), `SELECT count(*) FROM orders WHERE amount < 0`)).toBe(0);
    const states = await source().query<{ state: string }>(`SELECT DISTINCT state FROM orders ORDER BY 1`);
    expect(states.map((s) => s.state)).toEqual(['cancel', 'done', 'draft', 'sale']);
  });

  it('orders in local business hours on most days, more on weekdays than at weekends', async () => {
    const shape = await weekdayWeekend(source(), FIRST_DAY, SMALL.anchor, SMALL.timezone);
    expect(shape.days).toBe(60);
    expect(shape.daysWithOrders).toBeGreaterThanOrEqual(54);
    expect(shape.weekday).toBeGreaterThan(shape.weekend);
    expect(
      await count(
        source(),
        `SELECT count(*) FROM orders WHERE extract(hour FROM ordered_at AT TIME ZONE $1) NOT BETWEEN 7 AND 21`,
        [SMALL.timezone],
      ),
    ).toBe(0);
    // All inside [start of the first day, start of the day after the anchor) in the zone.
    expect(
      await count(
        source(),
        `SELECT count(*) FROM orders WHERE ordered_at < ($1::date::timestamp AT TIME ZONE $3)
                                         OR ordered_at >= (($2::date + 1)::timestamp AT TIME ZONE $3)`,
        [FIRST_DAY, SMALL.anchor, SMALL.timezone],
      ),
    ).toBe(0);
  });

  it('refuses tables that hold rows, and changes nothing', async () => {
    const before = await checksum(source());
    const error = await seedDemo(source(), { ...SMALL, seed: 9 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DemoDataExistsError);
    expect((error as DemoDataExistsError).tables).toEqual([
      'products',
      'customers',
      'orders',
      'order_lines',
      'invoices',
    ]);
    expect((error as Error).message).toMatch(/reset: true/);
    expect(await checksum(source())).toBe(before);
  });

  it('rolls the whole load back when a statement fails', async () => {
    const before = await checksum(source());
    let inserts = 0;
    const failing: Source = {
      ...source(),
      transaction: (work) =>
        source().transaction!((tx) =>
          work({
            ...tx,
            query: (sql, params) => {
              if (sql.startsWith('INSERT INTO orders') && ++inserts === 1) throw new Error('disk full (simulated)');
              return tx.query(sql, params);
            },
          }),
        ),
    };
    await expect(seedDemo(failing, { ...SMALL, seed: 9, reset: true })).rejects.toThrow(/disk full/);
    expect(await checksum(source())).toBe(before);
  });

  it('with reset: true replaces the rows; the same options give the same database', async () => {
    const first = await checksum(source());
    const other = await seedDemo(source(), { ...SMALL, seed: 9, reset: true });
    expect(other.counts.customers).toBe(300);
    expect(await checksum(source())).not.toBe(first);
    await seedDemo(source(), { ...SMALL, reset: true });
    expect(await checksum(source())).toBe(first);
  }, 60_000);
});

describeDatabases(
  "seedDemo into a host's tables with identity ids",
  {
    ddl: COMMERCE_SCHEMA_SQL.replaceAll(
      'id integer PRIMARY KEY',
      'id integer GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY',
    ),
  },
  (source) => {
    it('moves the sequences past the seeded ids', async () => {
      const { counts } = await seedDemo(source(), { ...SMALL, customers: 20, days: 5 });
      const [row] = await source().query<{ id: number }>(
        `INSERT INTO customers (name, created_at) VALUES ('Walk-in', now()) RETURNING id`,
      );
      expect(row?.id).toBe(counts.customers + 1);
    });
  },
);

describe('seedDemo, default size [pglite]', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await pgliteDatabase({ ddl: false });
  }, 60_000);
  afterAll(async () => {
    await db?.close();
  });

  it('seeds two years, a few thousand customers and every aging bucket', async () => {
    const options: DemoOptions = { anchor: '2025-06-30', timezone: 'Europe/Berlin' };
    const { counts } = await seedDemo(db.source, options);
    expect(counts.customers).toBe(DEFAULT_CUSTOMERS);
    expect(counts.orders).toBeGreaterThan(40_000);
    expect(counts.products).toBe(200);
    const buckets = await agingBuckets(db.source, options.anchor);
    expect(Object.keys(buckets).sort()).toEqual(['1-30', '121+', '31-60', '61-90', '91-120', 'current']);
    const shape = await weekdayWeekend(db.source, '2023-07-02', options.anchor, options.timezone);
    expect(shape.days).toBe(730);
    expect(shape.daysWithOrders).toBe(730);
    expect(shape.weekday).toBeGreaterThan(shape.weekend * 1.5);
    // Seasonal: December beats July in each year.
    const months = await db.source.query<{ month: string; revenue: string }>(
      `SELECT to_char(ordered_at AT TIME ZONE $1, 'YYYY-MM') AS month, sum(amount)::text AS revenue
       FROM orders WHERE state IN ('sale', 'done') GROUP BY 1`,
      [options.timezone],
    );
    const revenue = new Map(months.map((m) => [m.month, Number(m.revenue)]));
    expect(revenue.get('2023-12')).toBeGreaterThan(revenue.get('2023-07') ?? Infinity);
    expect(revenue.get('2024-12')).toBeGreaterThan(revenue.get('2024-07') ?? Infinity);
    // Growth: the last twelve months beat the twelve before.
    const [growth] = await db.source.query<{ recent: string; earlier: string }>(
      `SELECT sum(amount) FILTER (WHERE ordered_at >= '2024-07-01')::text AS recent,
              sum(amount) FILTER (WHERE ordered_at < '2024-07-01')::text AS earlier
       FROM orders WHERE state IN ('sale', 'done')`,
    );
    expect(Number(growth?.recent)).toBeGreaterThan(Number(growth?.earlier));
  }, 300_000);
});
