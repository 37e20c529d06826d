/**
 * `installTriggers` / `triggersSql` on commerce tables and on views over a
 * host's own tables (the Django and Rails guides' mapping): triggers land on
 * the tables behind the views (views of views too), a table behind two views
 * notifies both topics, what cannot be watched is named, `drop` removes them
 * all, and the SQL for a migration is exactly what gets run. On PostgreSQL a
 * real UPDATE through the host's table sends the view's topic, and its
 * times where the view shows the host's time column as it is.
 */
import { expect, it } from 'vitest';
import { describeDatabases } from '../../tests/support/databases.js';
import { pgListener } from '../../tests/support/pg-listener.js';
import type { Source } from '../sources/source.js';
import { parseNotification } from './notify.js';
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
    // A plain column behind a view's time column (through orders_base for orders) reports the view's times.
    expect(Object.fromEntries(report.targets.map((t) => [t.table.slice(schema.length + 1), t.time]))).toEqual({
      shop_customer: {
        table: `${schema}.customers`,
        column: 'created_at',
        type: 'timestamptz',
        read: 'created_at',
        guard: expect.stringMatching(
          /^SELECT md5\(concat_ws\(chr\(10\), pg_get_viewdef\('"[^"]+"\."customers"'::regclass\)\)\) = '[0-9a-f]{32}'$/,
        ) as string,
      },
      // orders over orders_base: both definitions are part of what must stay as it was.
      shop_order: {
        table: `${schema}.orders`,
        column: 'ordered_at',
        type: 'timestamptz',
        read: 'placed_at',
        guard: expect.stringMatching(
          /"orders"'::regclass\), pg_get_viewdef\('"[^"]+"\."orders_base"'::regclass/,
        ) as string,
      },
      shop_orderitem: undefined,
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
    const { sql, targets } = await triggersSql(source());
    expect(sql[0]).toMatch(/^CREATE OR REPLACE FUNCTION "[^"]+"\."dashkit_notify_invalidate"\(\) RETURNS trigger/);
    // Timed tables: INSERT, UPDATE, DELETE and TRUNCATE; the others one trigger.
    expect(sql.filter((s) => s.startsWith('CREATE TRIGGER'))).toHaveLength(4 + 4 + 1);
    expect(targets.filter((t) => t.time)).toHaveLength(2);
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
    it('sends the view topic and times when the host writes its own table, even with a bulk UPDATE', async () => {
      await installTriggers(source());
      const listener = await pgListener(source());
      const named = { table: `${listener.schema}.orders`, column: 'ordered_at' };
      try {
        const inserted = await listener.next(
          `INSERT INTO shop_order VALUES (1, 1, '2026-03-03T15:00:00Z', 'paid', 10), (2, 1, '2026-03-04T15:00:00Z', 'paid', 20)`,
        );
        const times = {
          spans: [
            { from: '2026-03-03T15:00:00.000000Z', to: '2026-03-03T15:00:00.000000Z' },
            { from: '2026-03-04T15:00:00.000000Z', to: '2026-03-04T15:00:00.000000Z' },
          ],
          ...named,
        };
        expect(parseNotification(inserted)).toEqual({ topics: ['orders', 'products'], times });
        expect(parseNotification(await listener.next(`UPDATE shop_order SET total = total + 1`))?.times).toEqual(times);
        // The view's time is the host's placed_at: moving it sends the old and new one.
        const moved = parseNotification(
          await listener.next(`UPDATE shop_order SET placed_at = '2026-02-01T10:00:00Z' WHERE id = 2`),
        );
        expect(moved?.times).toEqual({
          spans: [
            { from: '2026-02-01T10:00:00.000000Z', to: '2026-02-01T10:00:00.000000Z' },
            { from: '2026-03-04T15:00:00.000000Z', to: '2026-03-04T15:00:00.000000Z' },
          ],
          ...named,
        });
        // The items have no time: the topics alone.
        expect(await listener.next(`INSERT INTO shop_orderitem VALUES (1, 1, 1, 3)`)).toBe('["orders","products"]');
      } finally {
        await listener.close();
      }
    });
  }
});

describeDatabases('timed triggers on the commerce tables', {}, (source, kind) => {
  it('puts INSERT, UPDATE and DELETE triggers with transition tables on tables with a time column, TRUNCATE alone', async () => {
    const report = await installTriggers(source());
    const orders = report.targets.find((t) => t.table.endsWith('.orders'));
    expect(orders?.time).toEqual({ table: `${report.schema}.orders`, column: 'ordered_at', type: 'timestamptz' });
    expect(report.targets.find((t) => t.table.endsWith('.invoices'))?.time).toEqual({
      table: `${report.schema}.invoices`,
      column: 'issued_on',
      type: 'date',
    });
    // Order lines have no time of their own: they report their orders'.
    expect(report.targets.find((t) => t.table.endsWith('.order_lines'))?.time).toEqual({
      table: `${report.schema}.orders`,
      column: 'ordered_at',
      type: 'timestamptz',
      parent: { key: 'id', reference: 'order_id', sqlName: `"${report.schema}"."orders"` },
    });
    const names = await source().query<{ name: string }>(
      `SELECT t.tgname AS name FROM pg_trigger t WHERE t.tgrelid = to_regclass('orders') AND NOT t.tgisinternal ORDER BY 1`,
    );
    expect(names.map((r) => r.name)).toEqual([
      'dashkit_invalidate',
      'dashkit_invalidate_delete',
      'dashkit_invalidate_insert',
      'dashkit_invalidate_update',
    ]);
    // The function runs for every kind of statement (PGlite included), and drop removes every trigger.
    await source().exec(
      `INSERT INTO customers (id, name, email, created_at) VALUES (1, 'a', 'a@x', now());
       INSERT INTO orders (id, customer_id, ordered_at, state, amount) VALUES (1, 1, now(), 'sale', 1);
       UPDATE orders SET amount = 2; UPDATE orders SET amount = 3 WHERE false;
       INSERT INTO products (id, sku, name, quantity, reorder_level) VALUES (1, 'P', 'p', 1, 1);
       INSERT INTO order_lines (id, order_id, product_id, quantity) VALUES (1, 1, 1, 1);
       UPDATE order_lines SET quantity = 2; DELETE FROM order_lines; DELETE FROM orders`,
    );
    await installTriggers(source(), { drop: true });
    expect(
      await source().query(`SELECT 1 FROM pg_trigger WHERE tgrelid = to_regclass('orders') AND NOT tgisinternal`),
    ).toEqual([]);
  });

  it('never fails a write when the times cannot be read (a column renamed since): the topics alone', async () => {
    await source().exec(`INSERT INTO customers (id, name, email, created_at) VALUES (3, 'c', 'c@x', now())
      ON CONFLICT DO NOTHING;
      INSERT INTO products (id, sku, name, quantity, reorder_level) VALUES (3, 'P3', 'p', 1, 1) ON CONFLICT DO NOTHING`);
    await installTriggers(source());
    // What a host's migration may do after the triggers are in (a view would follow the rename by itself).
    await source().exec(`ALTER TABLE orders RENAME COLUMN ordered_at TO placed_at`);
    const listener = kind === 'pg' ? await pgListener(source()) : undefined;
    const write = async (sql: string) => (listener ? listener.next(sql) : source().exec(sql));
    try {
      const order = await write(
        `INSERT INTO orders (id, customer_id, placed_at, state, amount) VALUES (30, 3, now(), 'sale', 1)`,
      );
      const line = await write(`INSERT INTO order_lines (id, order_id, product_id, quantity) VALUES (30, 30, 3, 1)`);
      if (listener) {
        expect(order).toBe('orders');
        expect(line).toBe('["orders","products"]');
      }
      expect(await source().query(`SELECT id FROM order_lines WHERE id = 30`)).toEqual([{ id: 30 }]);
    } finally {
      await listener?.close();
      await source().exec(`DELETE FROM order_lines WHERE id = 30; DELETE FROM orders WHERE id = 30;
        ALTER TABLE orders RENAME COLUMN placed_at TO ordered_at`);
      await installTriggers(source(), { drop: true });
    }
  });

  if (kind === 'pg') {
    it('sends the old and new times of the changed rows, or their min and max, in a payload under 8000 bytes', async () => {
      await installTriggers(source());
      const listener = await pgListener(source());
      const { schema, next } = listener;
      try {
        await next(`INSERT INTO customers (id, name, email, created_at) VALUES (2, 'b', 'b@x', now())`);
        const inserted = parseNotification(
          await next(
            `INSERT INTO orders (id, customer_id, ordered_at, state, amount) VALUES
               (10, 2, '2026-03-03T15:00:00Z', 'sale', 1), (11, 2, '2026-03-03T15:00:00Z', 'sale', 1), (12, 2, '2026-03-04T01:02:03.5Z', 'sale', 1)`,
          ),
        );
        expect(inserted).toEqual({
          topics: ['orders'],
          times: {
            spans: [
              { from: '2026-03-03T15:00:00.000000Z', to: '2026-03-03T15:00:00.000000Z' },
              { from: '2026-03-04T01:02:03.500000Z', to: '2026-03-04T01:02:03.500000Z' },
            ],
            table: `${schema}.orders`,
            column: 'ordered_at',
          },
        });
        const moved = parseNotification(
          await next(`UPDATE orders SET ordered_at = '2026-03-05T15:00:00Z' WHERE id = 10`),
        );
        expect(moved?.times?.spans.map((s) => s.from).sort()).toEqual([
          '2026-03-03T15:00:00.000000Z',
          '2026-03-05T15:00:00.000000Z',
        ]);
        const deleted = parseNotification(await next(`DELETE FROM orders WHERE id = 12`));
        expect(deleted?.times?.spans).toEqual([
          { from: '2026-03-04T01:02:03.500000Z', to: '2026-03-04T01:02:03.500000Z' },
        ]);
        const bulk = await next(
          `INSERT INTO orders (id, customer_id, ordered_at, state, amount)
             SELECT 100 + i, 2, timestamptz '2025-01-01T00:00:00Z' + i * interval '1 hour', 'sale', 1 FROM generate_series(0, 4999) AS i`,
        );
        expect(bulk.length).toBeLessThan(8000);
        expect(parseNotification(bulk)?.times?.spans).toEqual([
          { from: '2025-01-01T00:00:00.000000Z', to: '2025-07-28T07:00:00.000000Z' },
        ]);
        // An issued_on date comes as a date.
        const invoice = parseNotification(
          await next(
            `INSERT INTO invoices (id, number, customer_id, issued_on, due_on, amount, amount_paid) VALUES (1, 'I-1', 2, '2026-02-01', '2026-03-01', 5, 0)`,
          ),
        );
        expect(invoice?.times?.spans).toEqual([{ from: '2026-02-01', to: '2026-02-01' }]);
        expect(parseNotification(await next(`TRUNCATE order_lines, orders CASCADE`))?.times).toBeUndefined();
      } finally {
        await listener.close();
        await installTriggers(source(), { drop: true });
      }
    });
  }
});
