/**
 * Which column of the table behind a commerce view holds the view's time
 * column, when the catalog can say so exactly — so the trigger on that
 * table can report the view's times (issue 12). A wrong answer would be a
 * missed day, a wrong number: whenever any step is unsure, there is no
 * answer and the table announces its topics alone.
 *
 * A view (and each view it reads, down to the table) qualifies when:
 * - it reads exactly one relation and depends on no function, operator or
 *   other object of the host's (types and collations aside), and has no rule
 *   but its own SELECT: nothing it shows can come from another table or
 *   from code;
 * - PostgreSQL itself finds it automatically updatable, and its time column
 *   updatable (`pg_relation_is_updatable`, `pg_column_is_updatable`): one
 *   row per row of that relation (no join, grouping, DISTINCT, window, set
 *   operation, LIMIT), and the column a plain reference to one of its
 *   columns, unconverted;
 * - its definition has one SELECT (no subquery, which could make a change
 *   to one row show or hide another) and calls none of the `*_to_xml`
 *   functions, which read whole tables by name;
 * - among the columns of that relation it reads, exactly one has the time
 *   column's type: that is the one it references. (The catalog records
 *   which columns a view reads, not which output each feeds; the parse
 *   tree in `pg_rewrite` is no format to parse safely.)
 *
 * The Django guide's `placed_at AS ordered_at` qualifies; the Rails guide's
 * `placed_at AT TIME ZONE 'UTC' AS ordered_at` (an expression) does not, nor
 * does a view that also reads a second timestamp column (`WHERE deleted_at
 * IS NULL`).
 */
import { quoteIdent } from '../engine/sql.js';
import type { Source } from '../sources/source.js';

/** A relation as pg_class has it. */
export interface Relation {
  oid: number;
  schema: string;
  name: string;
  /** pg_class.relkind: r table, p partitioned table, v view, m materialized view, f foreign table. */
  kind: string;
}

/** The table column a view's time column is (and the views it was followed through), or why it cannot be told. */
export type ViewTime = { table: Relation; column: string; views: Relation[] } | { reason: string };

/** pg_relation_is_updatable's bits for UPDATE (1 << CMD_UPDATE) and DELETE (1 << CMD_DELETE). */
const UPDATE_AND_DELETE = (1 << 2) | (1 << 4);
/** Longest chain of views followed (views of views); PostgreSQL's own limit is far beyond any real schema. */
const MAX_DEPTH = 16;

interface Step {
  rules: number;
  rule: number | null;
  updatable: number | null;
  plain: boolean | null;
  typid: number | null;
  typmod: number | null;
  viewdef: string | null;
}

/** The one step from `view` to the relation it reads, or why there is none. */
async function step(
  db: Source,
  view: Relation,
  column: string,
): Promise<{ table: Relation; column: string } | { reason: string }> {
  const [s] = await db.query<Step>(
    `SELECT (SELECT count(*)::int FROM pg_rewrite WHERE ev_class = c.oid) AS rules,
            (SELECT oid::int8 FROM pg_rewrite WHERE ev_class = c.oid AND rulename = '_RETURN') AS rule,
            pg_relation_is_updatable(c.oid, false) AS updatable,
            pg_column_is_updatable(c.oid, a.attnum, false) AS plain,
            a.atttypid::int8 AS typid, a.atttypmod AS typmod,
            pg_get_viewdef(c.oid) AS viewdef
       FROM pg_class c LEFT JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = $2 AND a.attnum > 0 AND NOT a.attisdropped
      WHERE c.oid = $1`,
    [view.oid, column],
  );
  const name = `${view.schema}.${view.name}`;
  if (!s || s.rule === null || s.typid === null) return { reason: `${name} has no column ${column}` };
  if (s.rules !== 1) return { reason: `${name} has rules of its own` };
  const deps = await db.query<{
    cls: string;
    oid: number;
    schema: string | null;
    name: string | null;
    kind: string | null;
  }>(
    `SELECT DISTINCT d.refclassid::regclass::text AS cls, d.refobjid::int8 AS oid,
            n.nspname AS schema, c.relname AS name, c.relkind::text AS kind
       FROM pg_depend d
       LEFT JOIN pg_class c ON d.refclassid = 'pg_class'::regclass AND c.oid = d.refobjid
       LEFT JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE d.classid = 'pg_rewrite'::regclass AND d.objid = $1
        AND NOT (d.refclassid = 'pg_class'::regclass AND d.refobjid = $2)`,
    [s.rule, view.oid],
  );
  const other = deps.find((d) => d.cls !== 'pg_class' && d.cls !== 'pg_type' && d.cls !== 'pg_collation');
  if (other) return { reason: `${name} uses a function, operator or other object of yours (${other.cls})` };
  const read = deps.filter((d) => d.cls === 'pg_class');
  const base = read[0];
  if (read.length !== 1 || !base?.schema || !base.name || !base.kind)
    return { reason: `${name} reads ${read.length} relations, not one` };
  if (((s.updatable ?? 0) & UPDATE_AND_DELETE) !== UPDATE_AND_DELETE || !s.plain)
    return { reason: `${name}.${column} is not a plain column of the one relation it reads` };
  const definition = s.viewdef ?? '';
  if ((definition.match(/\bselect\b/gi) ?? []).length !== 1) return { reason: `${name} has a subquery` };
  if (/_to_xml/i.test(definition)) return { reason: `${name} reads a table by name (*_to_xml)` };
  const candidates = await db.query<{ name: string }>(
    `SELECT DISTINCT a.attname AS name
       FROM pg_depend d JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
      WHERE d.classid = 'pg_rewrite'::regclass AND d.objid = $1 AND d.refclassid = 'pg_class'::regclass
        AND d.refobjid = $2 AND d.refobjsubid > 0 AND a.atttypid = $3 AND a.atttypmod = $4`,
    [s.rule, base.oid, s.typid, s.typmod],
  );
  if (candidates.length !== 1)
    return {
      reason: `${name}.${column}: ${candidates.length} columns of its type read from ${base.schema}.${base.name}`,
    };
  return {
    table: { oid: base.oid, schema: base.schema, name: base.name, kind: base.kind },
    column: candidates[0]!.name,
  };
}

/**
 * The table and column behind `view`.`column` (through views of views), or
 * why they cannot be told exactly.
 *
 * @example
 * const found = await viewTime(db, ordersView, 'ordered_at');
 * if ('table' in found) … // shop_order.placed_at
 */
export async function viewTime(db: Source, view: Relation, column: string): Promise<ViewTime> {
  let at: { table: Relation; column: string } = { table: view, column };
  const views: Relation[] = [];
  for (let depth = 0; at.table.kind === 'v'; depth++) {
    if (depth === MAX_DEPTH) return { reason: `more than ${MAX_DEPTH} views deep` };
    views.push(at.table);
    const next = await step(db, at.table, at.column);
    if ('reason' in next) return next;
    at = next;
  }
  if (at.table.kind !== 'r' && at.table.kind !== 'p')
    return { reason: `${at.table.schema}.${at.table.name} is not a table` };
  return { ...at, views };
}

/**
 * SQL returning the fingerprint of `views`' definitions as PostgreSQL prints
 * them now (column names included): a trigger compares it with the one taken
 * when it was installed, so a view redefined or a column renamed since then
 * stops its times instead of making them wrong. (A session whose
 * search_path makes PostgreSQL print the names otherwise sees another
 * fingerprint too: its writes send the topics alone.)
 */
export function viewsFingerprintSql(views: readonly Relation[], literal: (text: string) => string): string {
  const defs = views.map(
    (v) => `pg_get_viewdef(${literal(`${quoteIdent(v.schema)}.${quoteIdent(v.name)}`)}::regclass)`,
  );
  return `md5(concat_ws(chr(10), ${defs.join(', ')}))`;
}
