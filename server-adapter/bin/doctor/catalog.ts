/**
 * The catalog queries of `dashkit doctor`: a table or view by name and
 * whether it may be read, its columns and their types, the column behind a
 * view's column, and whether a range query on a time column can use an index
 * (from its plan).
 */
import { quoteIdent } from '../../engine/sql.js';
import type { Source } from '../../sources/source.js';

/** A table or view as the catalog has it. */
export interface Relation {
  oid: number;
  kind: string;
  schema: string;
  name: string;
  readable: boolean;
}

/** A column and its type as `format_type` writes it, e.g. `numeric(12,2)`. */
export interface Column {
  name: string;
  type: string;
}

/** The table or view a name resolves to in the search_path, if any. */
export async function relation(db: Source, table: string): Promise<Relation | undefined> {
  const rows = await db.query<Relation>(
    `SELECT c.oid::int8 AS oid, c.relkind::text AS kind, n.nspname AS schema, c.relname AS name,
            has_table_privilege(c.oid, 'SELECT') AS readable
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.oid = to_regclass($1)`,
    [table.includes('.') ? table : quoteIdent(table)],
  );
  return rows[0];
}

/** The columns of a table or view, by name. */
export async function columnsOf(db: Source, oid: number): Promise<Map<string, Column>> {
  const rows = await db.query<Column>(
    `SELECT attname AS name, format_type(atttypid, atttypmod) AS type
       FROM pg_attribute WHERE attrelid = $1 AND attnum > 0 AND NOT attisdropped ORDER BY attnum`,
    [oid],
  );
  return new Map(rows.map((c) => [c.name, c]));
}

/**
 * The column behind a view's column, for fixes written against the view's
 * SQL: `placed_at` for `shop_order.placed_at AS ordered_at`; the name itself
 * when the view does not rename it or is not a simple select list.
 */
export async function sourceColumn(db: Source, rel: Relation, column: string): Promise<string> {
  if (rel.kind !== 'v') return column;
  const [row] = await db.query<{ def: string }>('SELECT pg_get_viewdef($1::oid) AS def', [rel.oid]);
  const escaped = column.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`([\\w."]+)\\s+AS\\s+"?${escaped}"?\\s*(,|FROM|$)`, 'm').exec(row?.def ?? '');
  return m ? m[1]!.split('.').pop()!.replaceAll('"', '') : column;
}

/** `(x AT TIME ZONE 'UTC')` → `x AT TIME ZONE 'UTC'`: an index expression gets exactly one pair. */
export function unwrap(expression: string): string {
  let depth = 0;
  if (!expression.startsWith('(') || !expression.endsWith(')')) return expression;
  for (let i = 0; i < expression.length - 1; i++) {
    if (expression[i] === '(') depth++;
    else if (expression[i] === ')') depth--;
    if (depth === 0) return expression; // the first parenthesis closes before the end: not one group
  }
  return unwrap(expression.slice(1, -1));
}

/** The leftmost operand of a plan's range filter, e.g. `placed_at` or `timezone('UTC'::text, created_at)`. */
function filteredExpression(filter: string): string | undefined {
  return /^\(\(?(.+?) >= /.exec(filter)?.[1];
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  Schema?: string;
  Alias?: string;
  Filter?: string;
  Plans?: PlanNode[];
}

function seqScansWithFilter(node: PlanNode): PlanNode[] {
  const own = node['Node Type'] === 'Seq Scan' && node.Filter ? [node] : [];
  return [...own, ...(node.Plans ?? []).flatMap(seqScansWithFilter)];
}

/** Plans a one-year range query on `table.column` with sequential scans priced out: a Seq Scan left means no usable index. */
export async function missingIndex(
  db: Source,
  table: string,
  column: string,
  use: string,
): Promise<{ table: string; expression: string } | undefined> {
  const bound = use === 'date' ? `'2025-01-01'::date` : `'2025-01-01T00:00:00Z'::timestamptz`;
  const end = use === 'date' ? `'2026-01-01'::date` : `'2026-01-01T00:00:00Z'::timestamptz`;
  const col = quoteIdent(column);
  const target = table.includes('.') ? table : quoteIdent(table);
  const explain = async (tx: Source) => {
    await tx.exec('SET LOCAL enable_seqscan = off');
    const rows = await tx.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(
      `EXPLAIN (FORMAT JSON, VERBOSE) SELECT 1 FROM ${target} WHERE ${col} >= ${bound} AND ${col} < ${end}`,
    );
    return rows[0]!['QUERY PLAN'][0].Plan;
  };
  if (!db.transaction) return undefined;
  const plan = await db.transaction(explain);
  const scan = seqScansWithFilter(plan)[0];
  if (!scan) return undefined;
  const scanned = scan.Schema && scan['Relation Name'] ? `${scan.Schema}.${scan['Relation Name']}` : table;
  // VERBOSE qualifies columns with the alias; an index names them bare.
  const expression = filteredExpression(scan.Filter ?? '')?.replaceAll(`${scan.Alias ?? scan['Relation Name']}.`, '');
  return { table: scanned, expression: expression ?? col };
}
