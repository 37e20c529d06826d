/**
 * Issue 12, end to end on PostgreSQL: what the triggers send reaches the
 * engine as the server hands it over, and the daily rollups dirty exactly
 * the days it names — never fewer: the next answer equals the raw query.
 *
 * - Order lines announce their orders' times. A metric over the lines
 *   (units, through a view joining them to their orders) moves with every
 *   line change; the rollup over `orders` is dirtied on the order's day
 *   only, the one over the view (which those times cannot be placed in) as
 *   a whole.
 * - A host table behind a commerce view (the Django guide's) announces the
 *   view's times: an order moved between days dirties those two days.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SeriesParams, StatsParams } from '../../src/contract/index.js';
import { PG_ENABLED, pgSchemaDatabase, type SchemaDatabase } from '../../tests/support/databases.js';
import { type PgListener, pgListener } from '../../tests/support/pg-listener.js';
import { PUBLIC_SCOPE } from '../auth/scope.js';
import { insert, insertCustomers } from '../engine/__fixtures__/rows.js';
import { COMMERCE_DEFINITION } from '../engine/commerce-definition.js';
import { createEngine, type SqlEngine } from '../engine/index.js';
import type { Definition } from '../engine/metric-types.js';
import type { Source } from '../sources/source.js';
import { type Notification, parseNotification } from './notify.js';
import { installTriggers } from './triggers.js';
import { COMMERCE_SCHEMA_SQL } from '../demo/schema.js';

const NOW = new Date('2026-03-20T16:00:00Z');
const PERIODS = [
  { range: 'custom', from: '2026-02-01', to: '2026-02-28' },
  { range: 'custom', from: '2025-12-01', to: '2026-03-20' },
] as const;

interface Live {
  db: () => SchemaDatabase;
  /** Runs `sql`, hands its notification to the engine as the server does, and returns it. */
  write(sql: string): Promise<Notification | undefined>;
  /** Where the rollup over `table` stands. */
  status(table: string): { dirty: boolean; dirtyDays: string[] };
  /** Every period, stats and daily series of `metrics`, through the rollups equals the raw query. */
  expectExact(): Promise<void>;
  idle(): Promise<void>;
  /** An untimed invalidation of every topic, then its full recomputation. */
  invalidateAll(): Promise<void>;
}

/** A PostgreSQL schema from `ddl` and `seed`, the triggers installed, a raw and a rolled-up engine, a listener. */
function liveRollups(options: {
  ddl: string;
  seed: (source: Source) => Promise<void>;
  definition?: Definition;
  metrics: string[];
}): Live {
  const rollupSchema = `dk_live_${randomBytes(5).toString('hex')}`;
  let db: SchemaDatabase;
  let raw: SqlEngine;
  let rolled: SqlEngine;
  let listener: PgListener;

  beforeAll(async () => {
    db = await pgSchemaDatabase({ ddl: options.ddl });
    await options.seed(db.source);
    const ctx = { source: db.source, timezone: 'America/New_York', currency: 'USD', locale: 'en-US', now: () => NOW };
    raw = createEngine(ctx, options.definition);
    rolled = createEngine(ctx, options.definition, { rollups: { enabled: true, schema: rollupSchema } });
    await rolled.rollups!.start();
    await installTriggers(db.source);
    listener = await pgListener(db.source);
  }, 120_000);

  afterAll(async () => {
    await listener?.close();
    await rolled?.close();
    await db?.source.exec(`DROP SCHEMA IF EXISTS ${rollupSchema} CASCADE`);
    await db?.close();
  });

  return {
    db: () => db,
    async write(sql) {
      const notification = parseNotification(await listener.next(sql));
      if (notification) await rolled.invalidate(notification.topics, notification.times);
      return notification;
    },
    status: (table) => rolled.rollups!.status().find((s) => s.table === table)!,
    async expectExact() {
      for (const period of PERIODS) {
        const stats = { metrics: options.metrics, compare: 'previous', ...period } as StatsParams;
        expect(await rolled.stats.compute(stats, PUBLIC_SCOPE)).toEqual(await raw.stats.compute(stats, PUBLIC_SCOPE));
        const series = { metrics: options.metrics, compare: 'none', granularity: 'day', ...period } as SeriesParams;
        expect(await rolled.series.compute(series, PUBLIC_SCOPE)).toEqual(
          await raw.series.compute(series, PUBLIC_SCOPE),
        );
      }
    },
    idle: () => rolled.rollups!.idle(),
    async invalidateAll() {
      await rolled.invalidate(['customers', 'orders', 'invoices', 'products']);
      await rolled.rollups!.idle();
    },
  };
}

const at = (time: string) => ({ from: time, to: time });

describe.skipIf(!PG_ENABLED)('order lines announce their orders’ times [pg]', () => {
  const BACK_DATED = '2026-02-10T09:30:00.000000Z';
  const live = liveRollups({
    ddl: `${COMMERCE_SCHEMA_SQL}
      CREATE VIEW order_line_units AS
        SELECT l.id, l.quantity, o.ordered_at FROM order_lines l JOIN orders o ON o.id = l.order_id;`,
    async seed(source) {
      await insertCustomers(source, [{ id: 1 }]);
      await insert(source, 'products', ['id', 'sku', 'name', 'quantity', 'reorder_level'], [[1, 'P-1', 'One', 50, 5]]);
      // An order a day from 1 December, each with one line; order 1000 is the back-dated one the test edits.
      await source.exec(`INSERT INTO orders (id, customer_id, ordered_at, state, amount)
        SELECT i, 1, timestamptz '2025-12-01T12:00:00Z' + i * interval '1 day', 'sale', 10 + i FROM generate_series(0, 100) AS i;
        INSERT INTO orders VALUES (1000, 1, '${BACK_DATED}', 'done', 99);
        INSERT INTO order_lines (id, order_id, product_id, quantity) SELECT i, i, 1, 1 + i % 3 FROM generate_series(0, 100) AS i`);
    },
    definition: {
      ...COMMERCE_DEFINITION,
      metrics: [
        ...COMMERCE_DEFINITION.metrics,
        {
          id: 'units',
          label: 'Units',
          format: 'number',
          goodDirection: 'up',
          kind: 'sql',
          table: 'order_line_units',
          time: 'ordered_at',
          aggregate: 'sum',
          column: 'quantity',
          topics: ['orders'],
        },
      ],
    },
    metrics: ['revenue', 'orders', 'units'],
  });

  /** The notification named the back-dated order's time; only its day is dirty in the orders rollup, then repaired. */
  async function expectPlaced(notification: Notification | undefined): Promise<void> {
    expect(notification).toEqual({
      topics: ['orders', 'products'],
      times: { spans: [at(BACK_DATED)], table: `${live.db().schema}.orders`, column: 'ordered_at' },
    });
    expect(live.status('orders')).toMatchObject({ dirty: false, dirtyDays: ['2026-02-10'] });
    // The view's rows join the lines to their orders: times of `orders` cannot be placed there.
    expect(live.status('order_line_units').dirty).toBe(true);
    await live.expectExact();
    await live.idle();
    expect(live.status('orders')).toMatchObject({ dirty: false, dirtyDays: [] });
    expect(live.status('order_line_units').dirty).toBe(false);
    await live.expectExact();
  }

  it('sends the order’s time for an insert, update and delete of its lines, and the next answer is exact', async () => {
    await live.expectExact();
    await expectPlaced(await live.write(`INSERT INTO order_lines VALUES (1000, 1000, 1, 7), (1001, 1000, 1, 2)`));
    await expectPlaced(await live.write(`UPDATE order_lines SET quantity = quantity + 5 WHERE order_id = 1000`));
    await expectPlaced(await live.write(`DELETE FROM order_lines WHERE id = 1001`));
  });

  it('moves a line between orders: both orders’ times', async () => {
    const moved = await live.write(`UPDATE order_lines SET order_id = 10 WHERE id = 1000`);
    expect(moved?.times?.spans).toEqual([at('2025-12-11T12:00:00.000000Z'), at(BACK_DATED)]);
    expect(live.status('orders').dirtyDays).toEqual(['2025-12-11', '2026-02-10']);
    await live.expectExact();
    await live.idle();
  });

  it('sends the topics alone when a line’s order is gone by the end of the statement', async () => {
    await live.write(`INSERT INTO order_lines VALUES (1002, 1000, 1, 4)`);
    await live.idle();
    const gone = await live.write(
      `WITH o AS (DELETE FROM orders WHERE id = 1000 RETURNING id) DELETE FROM order_lines WHERE order_id IN (SELECT id FROM o)`,
    );
    expect(gone).toEqual({ topics: ['orders', 'products'] });
    expect(live.status('orders').dirty).toBe(true);
    await live.expectExact();
    await live.idle();
    await live.expectExact();
  });
});

describe.skipIf(!PG_ENABLED)('a host table behind the orders view announces the view’s times [pg]', () => {
  const live = liveRollups({
    ddl: `
      CREATE TABLE shop_customer (id bigint PRIMARY KEY, name text NOT NULL, email text, created_at timestamptz NOT NULL);
      CREATE TABLE shop_order (id bigint PRIMARY KEY, customer_id bigint NOT NULL, placed_at timestamptz NOT NULL,
        status text NOT NULL, total numeric(12,2) NOT NULL, paid_at timestamptz);
      CREATE VIEW customers AS SELECT id, name, email, created_at FROM shop_customer;
      CREATE VIEW orders AS
        SELECT id, customer_id, placed_at AS ordered_at,
               CASE status WHEN 'cart' THEN 'draft' WHEN 'paid' THEN 'sale' ELSE 'cancel' END AS state, total AS amount
          FROM shop_order;`,
    async seed(source) {
      await source.exec(`INSERT INTO shop_customer VALUES (1, 'A', NULL, '2025-01-01T00:00:00Z');
        INSERT INTO shop_order SELECT i, 1, timestamptz '2025-12-01T12:00:00Z' + i * interval '1 day', 'paid', 10 + i
          FROM generate_series(0, 100) AS i`);
    },
    metrics: ['revenue', 'orders', 'average_order_value'],
  });

  it('dirties the old and the new day of an order moved in the host’s table, and the next answer is exact', async () => {
    await live.expectExact();
    const moved = await live.write(
      `UPDATE shop_order SET placed_at = '2026-02-10T09:30:00Z', total = 500 WHERE id = 20`,
    );
    expect(moved).toEqual({
      topics: ['orders'],
      times: {
        spans: [at('2025-12-21T12:00:00.000000Z'), at('2026-02-10T09:30:00.000000Z')],
        table: `${live.db().schema}.orders`,
        column: 'ordered_at',
      },
    });
    expect(live.status('orders')).toMatchObject({ dirty: false, dirtyDays: ['2025-12-21', '2026-02-10'] });
    await live.expectExact();
    await live.idle();
    expect(live.status('orders').dirtyDays).toEqual([]);
    const cancelled = await live.write(`UPDATE shop_order SET status = 'void' WHERE id = 30`);
    expect(cancelled?.times?.spans).toEqual([at('2025-12-31T12:00:00.000000Z')]);
    expect(live.status('orders')).toMatchObject({ dirty: false, dirtyDays: ['2025-12-31'] });
    await live.expectExact();
    await live.idle();
  });

  it('sends the topics alone once the view is redefined or the host’s column renamed, until the triggers are installed again', async () => {
    const db = live.db().source;
    await db.exec(`UPDATE shop_order SET paid_at = placed_at + interval '40 days'`);
    // The orders' time is now when they were paid: placed_at's values would be the wrong days.
    await db.exec(`CREATE OR REPLACE VIEW orders AS
      SELECT id, customer_id, paid_at AS ordered_at,
             CASE status WHEN 'cart' THEN 'draft' WHEN 'paid' THEN 'sale' ELSE 'cancel' END AS state, total AS amount
        FROM shop_order`);
    await live.invalidateAll();
    const redefined = await live.write(`UPDATE shop_order SET total = total + 1 WHERE id = 40`);
    expect(redefined).toEqual({ topics: ['orders'] });
    expect(live.status('orders').dirty).toBe(true);
    await live.expectExact();
    await live.idle();
    // Installed again: paid_at's values, named as the view's ordered_at.
    await installTriggers(db);
    const paid = await live.write(`UPDATE shop_order SET total = total + 1 WHERE id = 40`);
    expect(paid?.times?.spans).toEqual([at('2026-02-19T12:00:00.000000Z')]);
    await live.expectExact();
    await live.idle();
    // A rename the view follows by itself: the trigger can no longer tell, so it sends the topics alone.
    await db.exec(`ALTER TABLE shop_order RENAME COLUMN paid_at TO settled_at`);
    expect(await live.write(`UPDATE shop_order SET total = total + 1 WHERE id = 41`)).toEqual({ topics: ['orders'] });
    await live.expectExact();
    await live.idle();
  });
});
