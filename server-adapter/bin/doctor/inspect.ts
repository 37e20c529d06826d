/**
 * `dashkit doctor`'s checks, also run by `dashkit serve` at startup: the
 * tables and views a definition reads (reads.ts) against the database's
 * catalog. Each problem names the table and column and says what to write
 * instead:
 *
 * - a missing table, view or column, or a column of the wrong type (text
 *   amounts, a date where an instant belongs);
 * - a time column of type `timestamp without time zone` — the mistake that
 *   puts Rails' UTC timestamps on the wrong day;
 * - order states the commerce metrics do not know (`paid`, `shipped`);
 * - SQL in a metric's `where` or `expression` the database refuses;
 * - no index a period query can use on a time column, so a year of stats
 *   reads the whole table (checked by planning the query with sequential
 *   scans priced out, so an index behind a view or on an expression counts);
 * - rights: SELECT on each table, CREATE for the daily rollups.
 */
import type { Definition } from '../../engine/metrics.js';
import { COMMERCE_DEFINITION } from '../../engine/metrics.js';
import { quoteIdent } from '../../engine/sql.js';
import type { Source } from '../../sources/source.js';
import { type ColumnRead, definitionReads, timeColumns } from './reads.js';

export interface Problem {
  /** `orders.ordered_at`, `orders`, or `rollups`. */
  where: string;
  /** What is wrong and what it does to the numbers. */
  what: string;
  /** What to write instead. */
  fix: string;
}

export interface InspectOptions {
  /** The dashboard's time zone: fixes that convert times name it. */
  timezone: string;
  /** Whether daily rollups will be built, and in which schema (CREATE rights are checked then). */
  rollups: { schema: string } | false;
}

export interface Inspection {
  problems: Problem[];
  /** Tables and views found, and columns checked: what a clean report says it looked at. */
  tables: number;
  columns: number;
  /** The database user and search_path, for the messages. */
  user: string;
  searchPath: string;
}

interface Relation {
  oid: number;
  kind: string;
  schema: string;
  name: string;
  readable: boolean;
}

interface Column {
  name: string;
  type: string;
}

const COMMERCE_STATES = ['draft', 'sale', 'done', 'cancel'];
const INTEGER_TYPES = new Set(['smallint', 'integer', 'bigint']);
const EXACT_TYPES = new Set([...INTEGER_TYPES, 'numeric']);
const FLOAT_TYPES = new Set(['real', 'double precision']);
const TEXT_TYPES = /^(text|character varying|character|varchar|citext|name)\b/;

/** `numeric(12,2)` → `numeric`; `character varying(200)` → `character varying`. */
const baseType = (type: string) => type.replace(/\(.*\)$/, '').replace(/\[\]$/, '[]');
const sqlString = (text: string) => `'${text.replaceAll("'", "''")}'`;

/** The message a failed statement gives, first line only (no driver internals, no stack). */
function reason(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}

async function relation(db: Source, table: string): Promise<Relation | undefined> {
  const rows = await db.query<Relation>(
    `SELECT c.oid::int8 AS oid, c.relkind::text AS kind, n.nspname AS schema, c.relname AS name,
            has_table_privilege(c.oid, 'SELECT') AS readable
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE c.oid = to_regclass($1)`,
    [table.includes('.') ? table : quoteIdent(table)],
  );
  return rows[0];
}

async function columnsOf(db: Source, oid: number): Promise<Map<string, Column>> {
  const rows = await db.query<Column>(
    `SELECT attname AS name, format_type(atttypid, atttypmod) AS type
       FROM pg_attribute WHERE attrelid = $1 AND attnum > 0 AND NOT attisdropped ORDER BY attnum`,
    [oid],
  );
  return new Map(rows.map((c) => [c.name, c]));
}

/** An identifier as people write it: bare when it can be, quoted otherwise. */
const ident = (name: string) => (/^[a-z_][a-z0-9_]*$/.test(name) ? name : quoteIdent(name));

/**
 * The column behind a view's column, for fixes written against the view's
 * SQL: `placed_at` for `shop_order.placed_at AS ordered_at`; the name itself
 * when the view does not rename it or is not a simple select list.
 */
async function sourceColumn(db: Source, rel: Relation, column: string): Promise<string> {
  if (rel.kind !== 'v') return column;
  const [row] = await db.query<{ def: string }>('SELECT pg_get_viewdef($1::oid) AS def', [rel.oid]);
  const escaped = column.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const m = new RegExp(`([\\w."]+)\\s+AS\\s+"?${escaped}"?\\s*(,|FROM|$)`, 'm').exec(row?.def ?? '');
  return m ? m[1]!.split('.').pop()!.replaceAll('"', '') : column;
}

/** The problem with a column's type for its use, if any; `behind` is the column the view reads it from. */
function typeProblem(
  at: string,
  read: ColumnRead,
  type: string,
  behind: string,
  options: InspectOptions,
): Problem | undefined {
  const base = baseType(type);
  const as = ident(read.column);
  const col = ident(behind);
  const zone = sqlString(options.timezone);
  switch (read.use) {
    case 'instant':
      if (base === 'timestamp with time zone') return undefined;
      if (base === 'timestamp without time zone') {
        return {
          where: at,
          what:
            `timestamp without time zone, read by ${read.by}: it holds no zone, so the database's own ` +
            `(its TimeZone setting) decides which day a row falls on and stats stop matching their charts — ` +
            `Rails, and Django with USE_TZ = False, store UTC here, and evening orders land on the wrong day`,
          fix:
            `in the view, select ${col} AT TIME ZONE 'UTC' AS ${as} when it holds UTC ` +
            `(or AT TIME ZONE ${zone} when it holds local time), or change the column to timestamptz`,
        };
      }
      if (base === 'date') {
        return {
          where: at,
          what: `a date, read by ${read.by} as an instant: every row counts at midnight UTC`,
          fix: `in the view, select ${col}::timestamp AT TIME ZONE ${zone} AS ${as} (midnight in the dashboard's zone)`,
        };
      }
      return {
        where: at,
        what: `${type}, read by ${read.by}, which needs a timestamp with time zone`,
        fix: `select a timestamptz as ${as} in the view`,
      };
    case 'date':
      if (base === 'date') return undefined;
      if (base === 'timestamp with time zone') {
        return {
          where: at,
          what: `${type}, read by ${read.by}, which compares calendar dates`,
          fix: `in the view, select (${col} AT TIME ZONE ${zone})::date AS ${as}`,
        };
      }
      return {
        where: at,
        what: `${type}, read by ${read.by}, which compares calendar dates`,
        fix: `in the view, select ${col}::date AS ${as}`,
      };
    case 'amount':
      if (EXACT_TYPES.has(base)) return undefined;
      if (FLOAT_TYPES.has(base)) {
        return {
          where: at,
          what: `${type}, read by ${read.by}: floating-point sums drift by cents (and are never rolled up)`,
          fix: `in the view, select ${col}::numeric(14, 2) AS ${as}, or make the column numeric`,
        };
      }
      return {
        where: at,
        what: `${type}, read by ${read.by}, which adds it up as an exact number`,
        fix: `in the view, select ${col}::numeric AS ${as}, or make the column numeric`,
      };
    case 'count':
      if (EXACT_TYPES.has(base)) return undefined;
      return {
        where: at,
        what: `${type}, read by ${read.by}, which needs a whole number`,
        fix: `in the view, select ${col}::integer AS ${as}`,
      };
    case 'state':
      if (TEXT_TYPES.test(base)) return undefined;
      return {
        where: at,
        what: `${type}, read by ${read.by}, which compares it with text values`,
        fix: `in the view, select ${col}::text AS ${as}`,
      };
    default:
      return undefined;
  }
}

/** Whether the built-in revenue metric (and so orders and conversion rate) reads `table`'s `state`. */
function readsCommerceStates(definition: Definition, table: string): boolean {
  const builtIn = COMMERCE_DEFINITION.metrics.find((m) => m.id === 'revenue');
  return definition.metrics.some((m) => m === builtIn && m.kind === 'sql' && m.table === table);
}

/** `(x AT TIME ZONE 'UTC')` → `x AT TIME ZONE 'UTC'`: an index expression gets exactly one pair. */
function unwrap(expression: string): string {
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
async function missingIndex(
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

/** CREATE rights for the rollup schema: on it when it exists, else on the database to create it. */
async function rollupRights(db: Source, schema: string, user: string): Promise<Problem | undefined> {
  const [row] = await db.query<{ exists: boolean; may: boolean }>(
    `SELECT EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1) AS exists,
            CASE WHEN EXISTS (SELECT 1 FROM pg_namespace WHERE nspname = $1)
                 THEN has_schema_privilege($1, 'CREATE')
                 ELSE has_database_privilege(current_database(), 'CREATE') END AS may`,
    [schema],
  );
  if (!row || row.may) return undefined;
  const grant = row.exists
    ? `GRANT CREATE, USAGE ON SCHEMA ${ident(schema)} TO ${ident(user)};`
    : `CREATE SCHEMA ${ident(schema)} AUTHORIZATION ${ident(user)};`;
  return {
    where: 'rollups',
    what:
      `the database user ${user} may not create the daily rollup tables in schema ${schema}, ` +
      `so every report reads the raw tables (slower on years of orders, never wrong)`,
    fix: `as the database owner run ${grant} — or start dashkit with --no-rollups`,
  };
}

/** Runs every check of the module comment; never throws for what it finds, only if the database cannot be read. */
export async function inspectDatabase(
  db: Source,
  definition: Definition,
  options: InspectOptions,
): Promise<Inspection> {
  const [who] = await db.query<{ user: string; path: string }>(
    `SELECT current_user AS user, current_setting('search_path') AS path`,
  );
  const user = who?.user ?? 'current_user';
  const searchPath = who?.path ?? '';
  const problems: Problem[] = [];
  const reads = definitionReads(definition);
  let tables = 0;
  let columns = 0;
  const found = new Map<string, Relation>();

  for (const read of reads) {
    const rel = await relation(db, read.table);
    if (!rel) {
      if (!read.optional) {
        const by = [...new Set(read.columns.map((c) => c.by))].join(', ');
        problems.push({
          where: read.table,
          what: `no table or view ${read.table} in the search_path (${searchPath}), read by ${by}`,
          fix: `create the view ${read.table} (see the getting-started guide), or map ${by} onto your own table with --config`,
        });
      }
      continue;
    }
    tables++;
    found.set(read.table, rel);
    if (!rel.readable) {
      problems.push({
        where: read.table,
        what: `the database user ${user} may not read ${rel.schema}.${rel.name}`,
        fix: `GRANT SELECT ON ${ident(rel.schema)}.${ident(rel.name)} TO ${ident(user)};`,
      });
      continue;
    }
    const have = await columnsOf(db, rel.oid);
    const reported = new Set<string>();
    for (const c of read.columns) {
      const at = `${read.table}.${c.column}`;
      const column = have.get(c.column);
      if (!column) {
        if (reported.has(at)) continue;
        reported.add(at);
        problems.push({
          where: at,
          what: `no column ${c.column} in ${read.table}, read by ${c.by} (it has: ${[...have.keys()].join(', ')})`,
          fix: `add it to the view: select <your column> AS ${ident(c.column)}`,
        });
        continue;
      }
      columns++;
      const problem = typeProblem(at, c, column.type, await sourceColumn(db, rel, c.column), options);
      if (problem && !reported.has(`${at}:${c.use}`)) {
        reported.add(`${at}:${c.use}`);
        problems.push(problem);
      }
    }
    // The metrics' own SQL, once the columns are right: a wrong column type makes it fail for the same reason.
    const columnProblems = problems.some((p) => p.where.startsWith(`${read.table}.`));
    for (const probe of columnProblems ? [] : read.probes) {
      try {
        await db.query(probe.sql);
      } catch (error) {
        problems.push({
          where: read.table,
          what: `${probe.by} cannot run on ${read.table}: ${reason(error)}`,
          fix: `make ${read.table} give the columns its where/expression use, or change ${probe.by} in --config`,
        });
      }
    }
    if (have.has('state') && readsCommerceStates(definition, read.table)) {
      const states = await db.query<{ state: string }>(
        `SELECT DISTINCT state::text AS state FROM ${quoteIdent(rel.schema)}.${quoteIdent(rel.name)}
          WHERE state::text <> ALL($1::text[]) ORDER BY 1 LIMIT 20`,
        [COMMERCE_STATES],
      );
      if (states.length > 0) {
        const list = states.map((s) => sqlString(s.state)).join(', ');
        problems.push({
          where: `${read.table}.state`,
          what: `values ${list} that no metric counts: revenue and orders count sale and done, conversion rate every state but draft`,
          fix: `translate them in the view: CASE ${ident(await sourceColumn(db, rel, 'state'))} WHEN ${sqlString(states[0]!.state)} THEN 'sale' … END AS state (one of ${COMMERCE_STATES.join(', ')})`,
        });
      }
    }
  }

  for (const time of timeColumns(reads)) {
    const rel = found.get(time.table);
    if (!rel?.readable || problems.some((p) => p.where === `${time.table}.${time.column}`)) continue;
    let missing: Awaited<ReturnType<typeof missingIndex>>;
    try {
      missing = await missingIndex(db, time.table, time.column, time.use);
    } catch {
      continue; // the column problems above already say why it cannot be planned
    }
    if (!missing) continue;
    const indexed = /^[\w"]+$/.test(missing.expression) ? missing.expression : `(${unwrap(missing.expression)})`;
    problems.push({
      where: `${time.table}.${time.column}`,
      what:
        `no index a period query can use` +
        (missing.table === `${rel.schema}.${rel.name}` ? '' : ` on ${missing.table} (behind ${time.table})`) +
        `: a year of stats reads every row of the table`,
      fix: `CREATE INDEX ON ${missing.table} (${indexed});`,
    });
  }

  if (options.rollups) {
    const problem = await rollupRights(db, options.rollups.schema, user);
    if (problem) problems.push(problem);
  }
  return { problems, tables, columns, user, searchPath };
}

/** One line per problem: where, what, and what to write instead. */
export function formatProblem(problem: Problem): string {
  return `${problem.where}: ${problem.what}. Instead: ${problem.fix}`;
}
