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
 *
 * The catalog queries are in catalog.ts, the rules for column types in
 * column-types.ts, a problem's shape and its line of text in problems.ts.
 */
import type { Definition } from '../../engine/metrics.js';
import { COMMERCE_DEFINITION } from '../../engine/metrics.js';
import { quoteIdent } from '../../engine/sql.js';
import type { Source } from '../../sources/source.js';
import { columnsOf, missingIndex, relation, type Relation, sourceColumn, unwrap } from './catalog.js';
import { typeProblem } from './column-types.js';
import { ident, type Inspection, type InspectOptions, type Problem, sqlString } from './problems.js';
import { definitionReads, timeColumns } from './reads.js';

export { formatProblem, type Inspection, type InspectOptions, type Problem } from './problems.js';

const COMMERCE_STATES = ['draft', 'sale', 'done', 'cancel'];

/** The message a failed statement gives, first line only (no driver internals, no stack). */
function reason(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0]!;
}

/** Whether the built-in revenue metric (and so orders and conversion rate) reads `table`'s `state`. */
function readsCommerceStates(definition: Definition, table: string): boolean {
  const builtIn = COMMERCE_DEFINITION.metrics.find((m) => m.id === 'revenue');
  return definition.metrics.some((m) => m === builtIn && m.kind === 'sql' && m.table === table);
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
