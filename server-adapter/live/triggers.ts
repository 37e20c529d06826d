/**
 * The PostgreSQL triggers that NOTIFY channel `dashkit_invalidate` with a
 * topic when a commerce table changes, for `listenNotify` (the `dashkit
 * triggers` command installs them; so can a host's migration, with the SQL
 * `triggersSql` writes).
 *
 * One trigger function, statement-level triggers: a bulk insert of ten
 * thousand orders sends one notification, not ten thousand (and PostgreSQL
 * folds identical notifications of one transaction into one). Everything is
 * idempotent, in one transaction: running it again replaces what is there.
 *
 * When (issue 12): on a commerce table with its time column (orders.ordered_at,
 * customers.created_at, invoices.issued_on) the INSERT, UPDATE and DELETE
 * triggers read their statement's transition tables (old and new rows) and
 * the payload also carries when the changed rows are — up to
 * `NOTIFY_MAX_TIMES` distinct time values, else their min and max:
 * `{"topics":["orders"],"table":"shop.orders","column":"ordered_at","times":[…]}`
 * — so the daily rollups recompute only those days. `order_lines` has no
 * time of its own: its rows are when their order is, so its triggers join
 * the changed lines (old and new) to `orders` and report those orders'
 * `ordered_at` (`"table":"shop.orders"`: the times are values of that
 * column, so the rollups over `orders` place them, and a rollup over
 * anything else counts them as no times). A line whose order is gone by the
 * end of the statement (deleted with it) sends the topics alone.
 * Statement-level with transition tables rather than row-level (one
 * notification per statement, not per row) or an invalidation log table
 * (nothing to write, vacuum or purge; the payload stays under 2 kB, far
 * below NOTIFY's 8000 bytes). TRUNCATE notifies the topics alone: anything
 * may have changed. Reading the times never fails the host's write: when
 * it cannot (a column renamed or a table dropped since the triggers went
 * in), the statement goes through and notifies its topics alone.
 *
 * When a commerce name is a view over the host's own tables (the guides map
 * Django's and Rails' tables that way), the rows change in the tables behind
 * it: the trigger goes there, found through the view's dependencies (views
 * of views included), carrying the view's topic. A table behind two views
 * (`shop_order` behind `orders` and, say, `order_lines`) notifies both topics.
 * Its times are reported only where the catalog says exactly which of its
 * columns the view's time column is, and that a change to one of its rows
 * moves only that row of the view (view-times.ts: the Django guide's
 * `placed_at AS ordered_at`, not the Rails guide's `placed_at AT TIME ZONE
 * 'UTC'`), named as the view's (`"table":"public.orders","column":
 * "ordered_at"`); elsewhere the topics alone. A table whose times could be
 * named two ways (behind two timed views) sends the topics alone too, and
 * so does one whose views' definitions (as `pg_get_viewdef` prints them,
 * column names included) differ from those it was installed for: a view
 * redefined or a column renamed since then.
 */
import { quoteIdent } from '../engine/sql.js';
import type { Source } from '../sources/source.js';
import { NOTIFY_CHANNEL } from './notify.js';
import { literal, qualified, timeOf, timesSql, type TriggerTime } from './trigger-times.js';
import type { Relation } from './view-times.js';

export { TRIGGER_PARENT_TIMES, TRIGGER_TIME_COLUMNS, type TriggerTime } from './trigger-times.js';

/** Name of the trigger on every table, and of the function it runs. */
export const TRIGGER_NAME = 'dashkit_invalidate';
export const TRIGGER_FUNCTION = 'dashkit_notify_invalidate';
/** The timed triggers on a commerce table with its time column (TRUNCATE keeps `TRIGGER_NAME`). */
export const TIMED_TRIGGERS = {
  INSERT: 'dashkit_invalidate_insert',
  UPDATE: 'dashkit_invalidate_update',
  DELETE: 'dashkit_invalidate_delete',
} as const;
/** Most distinct times a payload lists; a statement changing rows at more sends their min and max. */
export const NOTIFY_MAX_TIMES = 64;

/**
 * Commerce name → the topics its changes move. `order_lines` (optional)
 * moves stock and demand, which the orders and low-stock reports read, so
 * it names both topics.
 */
export const TRIGGER_TABLES: Readonly<Record<string, readonly string[]>> = Object.freeze({
  customers: ['customers'],
  orders: ['orders'],
  invoices: ['invoices'],
  products: ['products'],
  order_lines: ['orders', 'products'],
});

/** The NOTIFY payload for topics: one topic as it is, several as a JSON array. */
export function notifyPayload(topics: readonly string[]): string {
  const sorted = [...new Set(topics)].sort();
  return sorted.length === 1 ? sorted[0]! : JSON.stringify(sorted);
}

/** One table that gets (or, with `drop`, loses) the trigger. */
export interface TriggerTarget {
  /** `schema.table`, as people read it (not quoted). */
  table: string;
  /** The same, quoted for SQL. */
  sqlName: string;
  topics: string[];
  /** The commerce views this table is behind; empty when it is the commerce table itself. */
  via: string[];
  /** When its changed rows are, reported in the payload; absent: the topics alone. */
  time?: TriggerTime;
}

export interface TriggersReport {
  /** Schema holding the commerce tables or views, and the trigger function. */
  schema: string;
  /** Tables that have (or, with `drop`, no longer have) the trigger, as `schema.table`. */
  tables: string[];
  /** The same with their topics and the views they are behind. */
  targets: TriggerTarget[];
  /** Commerce names left alone, with why (missing, a materialized view…). */
  skipped: { table: string; reason: string }[];
}

/** The relations a view reads directly (through its rewrite rule's dependencies). */
async function readBy(db: Source, view: number): Promise<Relation[]> {
  return db.query<Relation>(
    `SELECT DISTINCT c.oid::int8 AS oid, n.nspname AS schema, c.relname AS name, c.relkind::text AS kind
       FROM pg_rewrite r
       JOIN pg_depend d ON d.classid = 'pg_rewrite'::regclass AND d.objid = r.oid
                       AND d.refclassid = 'pg_class'::regclass AND d.refobjid <> r.ev_class
       JOIN pg_class c ON c.oid = d.refobjid
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE r.ev_class = $1
      ORDER BY 2, 3`,
    [view],
  );
}

const KIND_NAMES: Readonly<Record<string, string>> = {
  m: 'a materialized view (refresh it from your own job, then call the webhook)',
  f: 'a foreign table (changes happen on another server: call the webhook from there)',
};

/** Where the triggers go for the commerce tables and views of `schema`, and what was left out. */
async function planTargets(
  db: Source,
  schema: string,
): Promise<{ targets: TriggerTarget[]; skipped: TriggersReport['skipped'] }> {
  const found = await db.query<Relation>(
    `SELECT c.oid::int8 AS oid, n.nspname AS schema, c.relname AS name, c.relkind::text AS kind
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relname = ANY($2::text[])`,
    [schema, Object.keys(TRIGGER_TABLES)],
  );
  const byName = new Map(found.map((r) => [r.name, r]));
  const targets = new Map<string, TriggerTarget>();
  const skipped: TriggersReport['skipped'] = [];
  const add = (table: Relation, topics: readonly string[], via?: string) => {
    const key = `${table.schema}.${table.name}`;
    const target = targets.get(key) ?? {
      table: key,
      sqlName: qualified(table.schema, table.name),
      topics: [],
      via: [],
    };
    target.topics = [...new Set([...target.topics, ...topics])].sort();
    if (via && !target.via.includes(via)) target.via.push(via);
    targets.set(key, target);
  };

  for (const [name, topics] of Object.entries(TRIGGER_TABLES)) {
    const relation = byName.get(name);
    if (!relation) {
      skipped.push({ table: name, reason: 'no such table or view' });
      continue;
    }
    if (relation.kind === 'r' || relation.kind === 'p') {
      add(relation, topics);
      continue;
    }
    if (relation.kind !== 'v') {
      skipped.push({ table: name, reason: `not a table: ${KIND_NAMES[relation.kind] ?? `relkind ${relation.kind}`}` });
      continue;
    }
    // A view: every table it reads, through views of views, gets the trigger with this view's topics.
    const seen = new Set<number>([relation.oid]);
    const queue = [relation.oid];
    const behind: Relation[] = [];
    const unusable: string[] = [];
    while (queue.length > 0) {
      for (const dep of await readBy(db, queue.shift()!)) {
        if (seen.has(dep.oid)) continue;
        seen.add(dep.oid);
        if (dep.kind === 'v') queue.push(dep.oid);
        else if (dep.kind === 'r' || dep.kind === 'p') behind.push(dep);
        else unusable.push(`${dep.schema}.${dep.name} is ${KIND_NAMES[dep.kind] ?? `relkind ${dep.kind}`}`);
      }
    }
    if (behind.length === 0) {
      skipped.push({
        table: name,
        reason: `a view over no table a trigger can watch${unusable.length ? ` (${unusable.join('; ')})` : ''}`,
      });
      continue;
    }
    for (const table of behind) add(table, topics, name);
    for (const problem of unusable) skipped.push({ table: name, reason: `partly: ${problem}` });
  }
  const list = [...targets.values()];
  for (const target of list) {
    const time = await timeOf(db, target, byName, schema);
    if (time) target.time = time;
  }
  return { targets: list, skipped };
}

/** The statements that install (or drop) the triggers for `targets`, in order. */
function statements(schema: string, targets: readonly TriggerTarget[], drop: boolean): string[] {
  const fn = qualified(schema, TRIGGER_FUNCTION);
  const sql: string[] = [];
  if (!drop) {
    sql.push(`CREATE OR REPLACE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $dashkit$
DECLARE
  -- TG_ARGV[0]: the topic (or a JSON array of topics) this table feeds. Timed triggers add
  -- TG_ARGV[1], TG_ARGV[2], TG_ARGV[3]: the relation and column the times are values of, and its type
  -- (timestamptz or date); TG_ARGV[4], TG_ARGV[5]: the SQL reading them (t, dk_known) from dk_new, dk_old;
  -- TG_ARGV[6], when given: SQL returning true while they still mean that (see TriggerTime.guard).
  rows_sql text;
  still boolean := true;
  shown text;
  m bigint;
  unknown bigint;
  n bigint;
  lo text;
  hi text;
  times json;
  topics json;
BEGIN
  IF TG_NARGS < 6 OR TG_OP = 'TRUNCATE' THEN
    PERFORM pg_notify(${literal(NOTIFY_CHANNEL)}, TG_ARGV[0]);
    RETURN NULL;
  END IF;
  -- The changed rows' times, old and new, from the statement's transition tables.
  rows_sql := CASE TG_OP WHEN 'INSERT' THEN TG_ARGV[4] WHEN 'DELETE' THEN TG_ARGV[5]
    ELSE TG_ARGV[4] || ' UNION ALL ' || TG_ARGV[5] END;
  shown := CASE WHEN TG_ARGV[3] = 'date' THEN 'to_char(%s, ''YYYY-MM-DD'')'
    ELSE 'to_char(%s AT TIME ZONE ''UTC'', ''YYYY-MM-DD"T"HH24:MI:SS.US"Z"'')' END;
  BEGIN
    IF TG_NARGS > 6 THEN
      EXECUTE TG_ARGV[6] INTO still;
    END IF;
    IF still IS NOT TRUE THEN
      RAISE EXCEPTION 'dashkit: the times no longer mean what they did when the triggers were installed';
    END IF;
    -- (format() only on the fixed parts: the identifiers in rows_sql may hold a %.)
    EXECUTE 'SELECT count(*), count(*) FILTER (WHERE NOT dk_known), count(DISTINCT t), ' || format(shown, 'min(t)')
      || ', ' || format(shown, 'max(t)') || ' FROM (' || rows_sql || ') dk_t'
      INTO m, unknown, n, lo, hi;
    IF n > 0 AND unknown = 0 AND n <= ${NOTIFY_MAX_TIMES} THEN
      EXECUTE 'SELECT json_agg(' || format(shown, 't') || ' ORDER BY t) FROM (SELECT DISTINCT t FROM (' || rows_sql
        || ') dk_t WHERE t IS NOT NULL) dk_d'
        INTO times;
    END IF;
  EXCEPTION WHEN OTHERS THEN
    -- The times cannot be read, or no longer mean the same (a column renamed, a table dropped or a view
    -- redefined since the triggers were installed): the write goes through, announced by its topics alone.
    m := NULL;
  END;
  IF m = 0 THEN
    RETURN NULL; -- the statement changed no row
  END IF;
  topics := CASE WHEN left(TG_ARGV[0], 1) = '[' THEN TG_ARGV[0]::json ELSE json_build_array(TG_ARGV[0]) END;
  IF m IS NULL OR n = 0 OR unknown > 0 THEN
    -- No row has a time, or some row's time cannot be told: the topics alone, which is never wrong.
    PERFORM pg_notify(${literal(NOTIFY_CHANNEL)}, TG_ARGV[0]);
  ELSIF n <= ${NOTIFY_MAX_TIMES} THEN
    PERFORM pg_notify(${literal(NOTIFY_CHANNEL)}, json_build_object('topics', topics,
      'table', TG_ARGV[1], 'column', TG_ARGV[2], 'times', times)::text);
  ELSE
    PERFORM pg_notify(${literal(NOTIFY_CHANNEL)}, json_build_object('topics', topics,
      'table', TG_ARGV[1], 'column', TG_ARGV[2], 'from', lo, 'to', hi)::text);
  END IF;
  RETURN NULL;
END
$dashkit$`);
  }
  for (const target of targets) {
    for (const name of [TRIGGER_NAME, ...Object.values(TIMED_TRIGGERS)]) {
      sql.push(`DROP TRIGGER IF EXISTS ${quoteIdent(name)} ON ${target.sqlName}`);
    }
    if (drop) continue;
    const payload = literal(notifyPayload(target.topics));
    if (!target.time) {
      sql.push(
        `CREATE TRIGGER ${quoteIdent(TRIGGER_NAME)} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${target.sqlName}\n` +
          `  FOR EACH STATEMENT EXECUTE FUNCTION ${fn}(${payload})`,
      );
      continue;
    }
    const args = [
      payload,
      ...[target.time.table, target.time.column, target.time.type].map(literal),
      literal(timesSql(target.time, 'dk_new')),
      literal(timesSql(target.time, 'dk_old')),
      ...(target.time.guard ? [literal(target.time.guard)] : []),
    ].join(', ');
    const transition = {
      INSERT: 'NEW TABLE AS dk_new',
      UPDATE: 'OLD TABLE AS dk_old NEW TABLE AS dk_new',
      DELETE: 'OLD TABLE AS dk_old',
    };
    for (const [event, name] of Object.entries(TIMED_TRIGGERS) as [keyof typeof TIMED_TRIGGERS, string][]) {
      sql.push(
        `CREATE TRIGGER ${quoteIdent(name)} AFTER ${event} ON ${target.sqlName} REFERENCING ${transition[event]}\n` +
          `  FOR EACH STATEMENT EXECUTE FUNCTION ${fn}(${args})`,
      );
    }
    sql.push(
      `CREATE TRIGGER ${quoteIdent(TRIGGER_NAME)} AFTER TRUNCATE ON ${target.sqlName}\n` +
        `  FOR EACH STATEMENT EXECUTE FUNCTION ${fn}(${payload})`,
    );
  }
  if (drop) sql.push(`DROP FUNCTION IF EXISTS ${fn}()`);
  return sql;
}

async function currentSchema(db: Source, schema: string | undefined): Promise<string> {
  const found = schema ?? (await db.query<{ schema: string | null }>('SELECT current_schema() AS schema'))[0]?.schema;
  if (!found) throw new Error('no schema: the search_path names none that exists; pass --schema');
  return found;
}

function nothingFound(schema: string): Error {
  return new Error(
    `no commerce table or view in schema ${JSON.stringify(schema)} (looked for ${Object.keys(TRIGGER_TABLES).join(', ')}); ` +
      'pass --schema with the schema that holds them',
  );
}

/**
 * Works out where the triggers go (the commerce tables of `schema`, default
 * `current_schema()`, or the tables behind its views) and returns the SQL
 * that installs them — or, with `drop`, removes them — without running it:
 * what `dashkit triggers --sql` prints for a migration.
 *
 * @example
 * const { sql } = await triggersSql(source, { schema: 'dashboard' });
 */
export async function triggersSql(
  source: Source,
  options: { schema?: string; drop?: boolean } = {},
): Promise<TriggersReport & { sql: string[] }> {
  const schema = await currentSchema(source, options.schema);
  const { targets, skipped } = await planTargets(source, schema);
  if (targets.length === 0 && !options.drop) throw nothingFound(schema);
  return {
    schema,
    tables: targets.map((t) => t.table),
    targets,
    skipped,
    sql: statements(schema, targets, options.drop === true),
  };
}

/**
 * Installs (or with `drop`, removes) the triggers on the commerce tables of
 * `schema` (default: `current_schema()`) or the tables behind its views, in
 * one transaction.
 *
 * @example
 * const report = await installTriggers(source, { schema: 'shop' });
 */
export async function installTriggers(
  source: Source,
  options: { schema?: string; drop?: boolean } = {},
): Promise<TriggersReport> {
  const run = async (db: Source): Promise<TriggersReport> => {
    const { sql, ...report } = await triggersSql(db, options);
    for (const statement of sql) await db.exec(statement);
    return report;
  };
  return source.transaction ? source.transaction(run) : run(source);
}
