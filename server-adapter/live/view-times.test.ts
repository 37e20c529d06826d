/**
 * `viewTime`: the table column behind a view's time column, only when the
 * catalog tells it exactly (a plain column of the one table the view reads,
 * through views of views); every view whose rows could move at other times
 * than the changed rows' — an expression, a join, a subquery, a window, a
 * function of the host's, a second column of the same type — gets none.
 */
import { expect, it } from 'vitest';
import { describeDatabases } from '../../tests/support/databases.js';
import type { Source } from '../sources/source.js';
import { type Relation, viewTime } from './view-times.js';

const DDL = `
CREATE TABLE shop_order (id bigint PRIMARY KEY, customer_id bigint, placed_at timestamptz NOT NULL,
  ordered_at timestamptz, deleted_at timestamptz, local_at timestamp, status text, total numeric(12,2));
CREATE TABLE shop_item (id bigint PRIMARY KEY, order_id bigint, quantity int);
CREATE FUNCTION order_total(o bigint) RETURNS numeric LANGUAGE sql STABLE AS 'SELECT total FROM shop_order WHERE id = o';
`;

/**
 * View definitions over shop_order: the column behind their `ordered_at`,
 * or the words of the reason there is none (each refusal pins the check
 * that makes it).
 */
const CASES: [label: string, definition: string, expected: { column: string } | { reason: string }][] = [
  [
    'an alias of a plain column (the Django guide)',
    `SELECT id, placed_at AS ordered_at, CASE status WHEN 'paid' THEN 'sale' ELSE 'draft' END AS state, total AS amount FROM shop_order`,
    { column: 'placed_at' },
  ],
  ['a view of that view', `SELECT id, ordered_at, amount FROM v_0 WHERE amount > 0`, { column: 'placed_at' }],
  [
    'a same-named column, the view showing another',
    `SELECT id, placed_at AS ordered_at, ordered_at::date AS day FROM shop_order`,
    { reason: '2 columns of its type' },
  ],
  ['the other column of the same type', `SELECT id, ordered_at FROM shop_order`, { column: 'ordered_at' }],
  [
    'an expression (the Rails guide)',
    `SELECT id, local_at AT TIME ZONE 'UTC' AS ordered_at FROM shop_order`,
    { reason: 'not a plain column' },
  ],
  ['a cast', `SELECT id, placed_at::date::timestamptz AS ordered_at FROM shop_order`, { reason: 'not a plain column' }],
  [
    'a second column of its type in the filter',
    `SELECT id, placed_at AS ordered_at FROM shop_order WHERE deleted_at IS NULL`,
    { reason: '2 columns of its type' },
  ],
  [
    'a subquery on the same table',
    `SELECT id, placed_at AS ordered_at FROM shop_order o WHERE NOT EXISTS (SELECT 1 FROM shop_order n WHERE n.customer_id = o.customer_id AND n.id > o.id)`,
    { reason: 'has a subquery' },
  ],
  [
    'a join',
    `SELECT o.id, o.placed_at AS ordered_at, i.quantity FROM shop_order o JOIN shop_item i ON i.order_id = o.id`,
    { reason: 'reads 2 relations' },
  ],
  [
    'a window',
    `SELECT id, placed_at AS ordered_at, sum(total) OVER (ORDER BY placed_at) AS amount FROM shop_order`,
    { reason: 'not a plain column' },
  ],
  [
    'grouping',
    `SELECT max(id) AS id, placed_at AS ordered_at FROM shop_order GROUP BY placed_at`,
    { reason: 'not a plain column' },
  ],
  [
    'a union',
    `SELECT id, placed_at AS ordered_at FROM shop_order UNION ALL SELECT id, placed_at FROM shop_order`,
    { reason: 'not a plain column' },
  ],
  [
    'a function of the host’s',
    `SELECT id, placed_at AS ordered_at, order_total(id) AS amount FROM shop_order`,
    { reason: '(pg_proc)' },
  ],
  [
    'its own table read by name',
    `SELECT id, placed_at AS ordered_at, table_to_xml('shop_order', true, false, '') AS x FROM shop_order`,
    { reason: 'reads a table by name' },
  ],
  [
    'a query in a string',
    `SELECT id, placed_at AS ordered_at, query_to_xml('select 1', true, false, '') AS x FROM shop_order`,
    { reason: 'has a subquery' },
  ],
];

async function relation(db: Source, name: string): Promise<Relation> {
  const [found] = await db.query<Relation>(
    `SELECT c.oid::int8 AS oid, n.nspname AS schema, c.relname AS name, c.relkind::text AS kind
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = to_regclass($1)`,
    [name],
  );
  return found!;
}

describeDatabases('viewTime', { ddl: DDL }, (source) => {
  it.each(CASES.map((c, i) => [...c, i] as const))('%s', async (_label, definition, expected, i) => {
    await source().exec(`CREATE VIEW v_${i} AS ${definition}`);
    const found = await viewTime(source(), await relation(source(), `v_${i}`), 'ordered_at');
    if ('column' in expected) {
      expect(found).toMatchObject({ table: { name: 'shop_order', kind: 'r' }, column: expected.column });
    } else {
      expect('reason' in found && found.reason).toContain(expected.reason);
    }
  });

  it('gives none for a view with a rule of its own', async () => {
    await source().exec(`CREATE VIEW v_ruled AS SELECT id, placed_at AS ordered_at FROM shop_order;
      CREATE RULE v_ruled_upd AS ON UPDATE TO v_ruled DO INSTEAD NOTHING`);
    expect(await viewTime(source(), await relation(source(), 'v_ruled'), 'ordered_at')).toEqual({
      reason: expect.stringContaining('rules of its own') as string,
    });
  });
});
