/**
 * The doctor's checks on real catalogs (PGlite and PostgreSQL): the commerce
 * schema passes; a host's views with the usual mistakes get one problem
 * each, naming table and column; and each fix it suggests, applied as
 * written, makes its problem go away. Rights (SELECT, CREATE for rollups)
 * need a second database role: PostgreSQL only.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { COMMERCE_DEFINITION } from '../../engine/metrics.js';
import { parseConfig } from '../../engine/config.js';
import { createPgSource } from '../../sources/pg.js';
import {
  DATABASE_URL,
  describeDatabases,
  PG_ENABLED,
  pgSchemaDatabase,
  withSearchPath,
} from '../../../tests/support/databases.js';
import { formatProblem, inspectDatabase, type Problem } from './inspect.js';

const OPTIONS = { timezone: 'Europe/Berlin', rollups: false } as const;

/** A Django app mapped with the mistakes the guides warn about. */
const MISMAPPED = `
CREATE TABLE shop_customer (id bigint PRIMARY KEY, name text NOT NULL, email text NOT NULL, created_at timestamptz NOT NULL);
CREATE INDEX ON shop_customer (created_at);
CREATE TABLE shop_order (id bigint PRIMARY KEY, customer_id bigint NOT NULL, placed_at timestamp NOT NULL,
  status text NOT NULL, total double precision NOT NULL);
CREATE TABLE shop_product (id bigint PRIMARY KEY, sku text NOT NULL, name text NOT NULL, stock int NOT NULL);
CREATE TABLE shop_invoice (id bigint PRIMARY KEY, number text NOT NULL, customer_id bigint NOT NULL,
  issued_on date NOT NULL, due_at timestamptz NOT NULL, total text NOT NULL, paid numeric NOT NULL);
INSERT INTO shop_order VALUES (1, 1, '2026-01-01 23:30', 'paid', 10), (2, 1, '2026-01-02 10:00', 'shipped', 5);
CREATE VIEW customers AS SELECT id, name, email, created_at FROM shop_customer;
CREATE VIEW orders AS SELECT id, customer_id, placed_at AS ordered_at, status AS state, total AS amount FROM shop_order;
CREATE VIEW products AS SELECT id, sku, name, stock AS quantity FROM shop_product;
CREATE VIEW invoices AS SELECT id, number, customer_id, issued_on, due_at AS due_on, total AS amount, paid AS amount_paid
  FROM shop_invoice;
`;

const at = (problems: Problem[]) => problems.map((p) => p.where);
const find = (problems: Problem[], where: string) => {
  const found = problems.find((p) => p.where === where);
  if (!found) throw new Error(`no problem at ${where}: ${problems.map(formatProblem).join('\n')}`);
  return found;
};

describeDatabases('doctor on the commerce schema', {}, (source) => {
  it('finds nothing wrong with the tables the built-in definition was written for', async () => {
    const inspection = await inspectDatabase(source(), COMMERCE_DEFINITION, OPTIONS);
    expect(inspection.problems.map(formatProblem)).toEqual([]);
    expect(inspection.tables).toBe(5);
    expect(inspection.columns).toBeGreaterThan(20);
  });

  it('checks the SQL of a configured metric, naming the metric', async () => {
    const definition = parseConfig({
      metrics: [
        {
          kind: 'sql',
          id: 'refunds',
          label: 'Refunds',
          format: 'currency',
          goodDirection: 'down',
          table: 'orders',
          time: 'ordered_at',
          aggregate: 'sum',
          column: 'amount',
          where: "refund_state = 'done'",
        },
      ],
    });
    const { problems } = await inspectDatabase(source(), definition, OPTIONS);
    expect(problems).toHaveLength(1);
    expect(problems[0]!.where).toBe('orders');
    expect(problems[0]!.what).toMatch(/^metric refunds cannot run on orders: column "refund_state" does not exist/);
  });
});

describeDatabases('doctor on mapping mistakes', { ddl: MISMAPPED }, (source) => {
  it('names each problem with its table and column', async () => {
    const { problems } = await inspectDatabase(source(), COMMERCE_DEFINITION, OPTIONS);
    expect(at(problems)).toEqual([
      'orders.ordered_at',
      'orders.amount',
      'orders.state',
      'invoices.due_on',
      'invoices.amount',
      'products.reorder_level',
    ]);
    expect(find(problems, 'orders.ordered_at').what).toMatch(/^timestamp without time zone, read by metric revenue:/);
    expect(find(problems, 'orders.ordered_at').fix).toMatch(
      /^in the view, select placed_at AT TIME ZONE 'UTC' AS ordered_at when it holds UTC/,
    );
    expect(find(problems, 'orders.amount').fix).toMatch(/^in the view, select total::numeric\(14, 2\) AS amount/);
    expect(find(problems, 'orders.state').what).toMatch(/^values 'paid', 'shipped' that no metric counts/);
    expect(find(problems, 'orders.state').fix).toMatch(
      /^translate them in the view: CASE status WHEN 'paid' THEN 'sale'/,
    );
    expect(find(problems, 'invoices.due_on').fix).toBe(
      "in the view, select (due_at AT TIME ZONE 'Europe/Berlin')::date AS due_on",
    );
    expect(find(problems, 'invoices.amount').fix).toBe(
      'in the view, select total::numeric AS amount, or make the column numeric',
    );
    expect(find(problems, 'products.reorder_level').what).toBe(
      'no column reorder_level in products, read by the low-stock report (it has: id, sku, name, quantity)',
    );
    // order_lines is optional: its absence only leaves demand out.
    expect(at(problems)).not.toContain('order_lines');
  });

  it('has no problem left once its fixes are applied as written, except the index the new view needs', async () => {
    await source().exec(`
      DROP VIEW orders, invoices, products;
      CREATE VIEW orders AS SELECT id, customer_id, placed_at AT TIME ZONE 'UTC' AS ordered_at,
        CASE status WHEN 'paid' THEN 'sale' WHEN 'shipped' THEN 'done' ELSE 'cancel' END AS state,
        total::numeric(14, 2) AS amount FROM shop_order;
      CREATE VIEW invoices AS SELECT id, number, customer_id, issued_on, (due_at AT TIME ZONE 'Europe/Berlin')::date AS due_on,
        total::numeric AS amount, paid AS amount_paid FROM shop_invoice;
      CREATE VIEW products AS SELECT id, sku, name, stock AS quantity, stock AS reorder_level FROM shop_product;`);
    const { problems } = await inspectDatabase(source(), COMMERCE_DEFINITION, OPTIONS);
    const index = find(problems, 'orders.ordered_at');
    expect(at(problems)).toEqual(['orders.ordered_at']);
    expect(index.what).toMatch(/^no index a period query can use on \S+\.shop_order \(behind orders\)/);
    expect(index.fix).toMatch(/^CREATE INDEX ON \S+\.shop_order \(\(placed_at AT TIME ZONE 'UTC'::text\)\);$/);
    await source().exec(index.fix);
    expect((await inspectDatabase(source(), COMMERCE_DEFINITION, OPTIONS)).problems).toEqual([]);
  });
});

describe.skipIf(!PG_ENABLED)('doctor on rights [pg]', () => {
  it('names a view the user may not read, and the CREATE right the rollups need, with the GRANT to run', async () => {
    const db = await pgSchemaDatabase();
    const role = `dk_doctor_${randomBytes(4).toString('hex')}`;
    const rollupSchema = `${db.schema}_rollups`;
    await db.source.exec(`
      CREATE ROLE ${role} LOGIN;
      GRANT USAGE ON SCHEMA ${db.schema} TO ${role};
      GRANT SELECT ON customers, orders, products, order_lines TO ${role};
      CREATE SCHEMA ${rollupSchema};`);
    const url = new URL(withSearchPath(DATABASE_URL, db.schema));
    url.username = role;
    const limited = await createPgSource({ connectionString: url.toString(), poolConfig: { max: 1 } });
    try {
      const { problems, user } = await inspectDatabase(limited, COMMERCE_DEFINITION, {
        ...OPTIONS,
        rollups: { schema: rollupSchema },
      });
      expect(user).toBe(role);
      expect(problems.map((p) => [p.where, p.fix])).toEqual([
        ['invoices', `GRANT SELECT ON ${db.schema}.invoices TO ${role};`],
        [
          'rollups',
          `as the database owner run GRANT CREATE, USAGE ON SCHEMA ${rollupSchema} TO ${role}; — or start dashkit with --no-rollups`,
        ],
      ]);
      await db.source.exec(
        `GRANT SELECT ON invoices TO ${role}; GRANT CREATE, USAGE ON SCHEMA ${rollupSchema} TO ${role};`,
      );
      const after = await inspectDatabase(limited, COMMERCE_DEFINITION, {
        ...OPTIONS,
        rollups: { schema: rollupSchema },
      });
      expect(after.problems).toEqual([]);
    } finally {
      await limited.close();
      await db.source.exec(`DROP SCHEMA ${rollupSchema} CASCADE`);
      await db.close();
      const admin = await createPgSource({ connectionString: DATABASE_URL, poolConfig: { max: 1 } });
      await admin.exec(`DROP OWNED BY ${role}; DROP ROLE ${role}`).finally(() => admin.close());
    }
  });
});
