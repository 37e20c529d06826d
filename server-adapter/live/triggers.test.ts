/**
 * `installTriggers` / `triggersSql` on commerce tables and on views over a
 * host's own tables (the Django and Rails guides' mapping): triggers land on
 * the tables behind the views (views of views too), a table behind two views
 * notifies both topics, what cannot be watched is named, `drop` removes them
 * all, and the SQL for a migration is exactly what gets run. On PostgreSQL a
 * real UPDATE through the host's table sends the view's topic.
 */
import { expect, it } from 'vitest';
import { describeDatabases, DATABASE_URL } from '../../tests/support/databases.js';
import type { Source } from '../sources/source.js';
import { installTriggers, notifyPayload, triggersSql } from './triggers.js';

/** A Django-style app: its own tables, and the commerce names as views over them. */
const HOST_APP = `
CREATE TABLE shop_customer (id bigint PRIMARY KEY, name text NOT NULL, email text NOT NULL, created_at timestamptz NOT NULL);
CREATE TABLE shop_order (id bigint PRIMARY KEY, customer_id bigint NOT NULL, placed_at timestamptz NOT NULL, status text NOT NULL, total numeric(12,2) NOT NULL);
CREATE TABLE shop_orderitem (id bigint PRIMARY KEY, order_id bigint NOT NULL, product_id bigint NOT NULL, quantity int NOT NULL);
CREATE TABLE shop_product (id bigint PRIMARY KEY, sku text NOT NULL, name text NOT NULL, stock int NOT NULL, reorder_point int NOT NULL);
CREATE TABLE shop_invoice (id bigint PRIMARY KEY, number text NOT NULL, customer_id bigint NOT NULL, issued_on date NOT NULL, due_on date NOT NULL, total numeric(12,2) NOT NULL, paid numeric(12,2) NOT NULL);
CREATE VIEW customers AS SELECT id, name, email, created_at FROM shop_customer;
-- A view of a view: the trigger still lands on shop_order.
CREATE VIEW orders_base AS SELECT id, customer_id, placed_at AS ordered_at, status, total FROM shop_order;
CREATE VIEW orders AS
  SELECT id, customer_id, ordered_at, CASE status WHEN 'cart' THEN 'draft' ELSE 'sale' END AS state, total AS amount FROM orders_base;
-- Order lines join the orders table: shop_order feeds both orders and order_lines.
CREATE VIEW order_lines AS
  SELECT i.order_id, i.product_id, i.quantity FROM shop_orderitem i JOIN shop_order o ON o.id = i.order_id;
CREATE MATERIALIZED VIEW products AS SELECT id, sku, name, stock AS quantity, reorder_point AS reorder_level FROM shop_product;
`;

async function triggersOn(source: Source): Promise<Record<string, string>> {
  const rows = await source.query<{ table: string; payload: string }>(
    `SELECT c.relname AS table, encode(t.tgargs, 'escape') AS payload
       FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
      WHERE t.tgname = 'dashkit_invalidate' AND c.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema())
      ORDER BY 1`,
  );
  // tgargs holds each argument followed by a NUL byte.
  return Object.fromEntries(rows.map((r) => [r.table, r.payload.replace(/\\000$/, '')]));
}

it('writes one topic as it is and several as a sorted JSON array', () => {
  expect(notifyPayload(['orders'])).toBe('orders');
  expect(notifyPayload(['products', 'orders', 'orders'])).toBe('["orders","products"]');
});

describeDatabases('triggers on the tables behind views', { ddl: HOST_APP }, (source, kind) => {
  it('puts each view topic on the tables behind it, and names what it cannot watch', async () => {
    const report = await installTriggers(source());
    const schema = report.schema;
    expect(report.tables).toEqual([`${schema}.shop_customer`, `${schema}.shop_order`, `${schema}.shop_orderitem`]);
    expect(report.targets.find((t) => t.table.endsWith('.shop_order'))).toMatchObject({
      topics: ['orders', 'products'],
      via: ['orders', 'order_lines'],
    });
    expect(report.skipped).toEqual([
      { table: 'invoices', reason: 'no such table or view' },
      {
        table: 'products',
        reason: 'not a table: a materialized view (refresh it from your own job, then call the webhook)',
      },
    ]);
    expect(await triggersOn(source())).toEqual({
      shop_customer: 'customers',
      shop_order: '["orders","products"]',
      shop_orderitem: '["orders","products"]',
    });
  });

  it('is idempotent, and prints for a migration exactly the SQL it runs', async () => {
    const { sql, tables } = await triggersSql(source());
    expect(sql[0]).toMatch(/^CREATE OR REPLACE FUNCTION "[^"]+"\."dashkit_notify_invalidate"\(\) RETURNS trigger/);
    expect(sql.filter((s) => s.startsWith('CREATE TRIGGER'))).toHaveLength(tables.length);
    await source().exec(`DROP TRIGGER dashkit_invalidate ON shop_customer`);
    for (const statement of sql) await source().exec(statement);
    await installTriggers(source());
    expect(Object.keys(await triggersOn(source()))).toEqual(['shop_customer', 'shop_order', 'shop_orderitem']);
  });

  it('removes them all, and the function, with drop', async () => {
    const report = await installTriggers(source(), { drop: true });
    expect(report.tables).toHaveLength(3);
    expect(await triggersOn(source())).toEqual({});
    const fn = await source().query(`SELECT 1 FROM pg_proc WHERE proname = 'dashkit_notify_invalidate'`);
    expect(fn).toEqual([]);
  });

  it('says what to pass when the schema holds no commerce table or view', async () => {
    await expect(installTriggers(source(), { schema: 'pg_catalog' })).rejects.toThrow(
      'no commerce table or view in schema "pg_catalog" (looked for customers, orders, invoices, products, order_lines); pass --schema with the schema that holds them',
    );
  });

  if (kind === 'pg') {
    it('sends the view topic when the host writes its own table, even with a bulk UPDATE', async () => {
      await installTriggers(source());
      const pg = (await import('pg')).default;
      const schema = (await source().query<{ s: string }>('SELECT current_schema() AS s'))[0]!.s;
      const url = new URL(DATABASE_URL);
      url.searchParams.set('options', `-c search_path=${schema}`);
      const client = new pg.Client({ connectionString: url.toString() });
      await client.connect();
      try {
        const received: string[] = [];
        const got = new Promise<void>((resolve) =>
          client.on('notification', (m) => {
            received.push(m.payload ?? '');
            resolve();
          }),
        );
        await client.query('LISTEN dashkit_invalidate');
        await source().exec(
          `INSERT INTO shop_order VALUES (1, 1, now(), 'paid', 10), (2, 1, now(), 'paid', 20);
           UPDATE shop_order SET total = total + 1`,
        );
        await got;
        expect(received[0]).toBe('["orders","products"]');
      } finally {
        await client.end();
      }
    });
  }
});
