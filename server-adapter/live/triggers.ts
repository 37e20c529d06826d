/**
 * The PostgreSQL triggers that NOTIFY channel `dashkit_invalidate` with a
 * topic when a commerce table changes, for `listenNotify` (the `dashkit
 * triggers` command installs them; so can a host's migration).
 *
 * One trigger function, one statement-level trigger per table: a bulk insert
 * of ten thousand orders sends one notification, not ten thousand (and
 * PostgreSQL folds identical notifications of one transaction into one).
 * Everything is idempotent, in one transaction: running it again replaces
 * what is there.
 */
import { quoteIdent } from '../engine/sql.js';
import type { Source } from '../sources/source.js';
import { NOTIFY_CHANNEL } from './notify.js';

/** Name of the trigger on every table, and of the function it runs. */
export const TRIGGER_NAME = 'dashkit_invalidate';
export const TRIGGER_FUNCTION = 'dashkit_notify_invalidate';

/**
 * Table → NOTIFY payload. `order_lines` (optional) moves stock and demand,
 * which the orders and low-stock reports read, so it names both topics.
 */
export const TRIGGER_TABLES: Readonly<Record<string, string>> = Object.freeze({
  customers: 'customers',
  orders: 'orders',
  invoices: 'invoices',
  products: 'products',
  order_lines: JSON.stringify(['orders', 'products']),
});

export interface TriggersReport {
  schema: string;
  /** Tables that have (or, with `drop`, no longer have) the trigger. */
  tables: string[];
  /** Tables left alone, with why (missing, or a view). */
  skipped: { table: string; reason: string }[];
}

const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;

/**
 * Installs (or with `drop`, removes) the triggers on the commerce tables of
 * `schema` (default: `current_schema()`), in one transaction.
 *
 * @example
 * const report = await installTriggers(source, { schema: 'shop' });
 */
export async function installTriggers(
  source: Source,
  options: { schema?: string; drop?: boolean } = {},
): Promise<TriggersReport> {
  const run = async (db: Source): Promise<TriggersReport> => {
    const schema =
      options.schema ?? (await db.query<{ schema: string | null }>('SELECT current_schema() AS schema'))[0]?.schema;
    if (!schema) throw new Error('no schema: the search_path names none that exists; pass --schema');
    const found = await db.query<{ name: string; kind: string }>(
      `SELECT c.relname AS name, c.relkind::text AS kind
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = $1 AND c.relname = ANY($2::text[])`,
      [schema, Object.keys(TRIGGER_TABLES)],
    );
    const kinds = new Map(found.map((row) => [row.name, row.kind]));
    const report: TriggersReport = { schema, tables: [], skipped: [] };
    const fn = `${quoteIdent(schema)}.${quoteIdent(TRIGGER_FUNCTION)}`;
    if (!options.drop) {
      await db.exec(`CREATE OR REPLACE FUNCTION ${fn}() RETURNS trigger LANGUAGE plpgsql AS $dashkit$
BEGIN
  -- TG_ARGV[0]: the topic (or a JSON array of topics) this table feeds.
  PERFORM pg_notify(${literal(NOTIFY_CHANNEL)}, TG_ARGV[0]);
  RETURN NULL;
END
$dashkit$`);
    }
    for (const [table, payload] of Object.entries(TRIGGER_TABLES)) {
      const kind = kinds.get(table);
      if (kind === undefined) {
        report.skipped.push({ table, reason: 'no such table' });
        continue;
      }
      // Ordinary and partitioned tables; a view's rows change in the tables behind it, which need the trigger.
      if (kind !== 'r' && kind !== 'p') {
        report.skipped.push({ table, reason: 'not a table (put the triggers on the tables behind the view)' });
        continue;
      }
      const target = `${quoteIdent(schema)}.${quoteIdent(table)}`;
      await db.exec(`DROP TRIGGER IF EXISTS ${quoteIdent(TRIGGER_NAME)} ON ${target}`);
      if (!options.drop) {
        await db.exec(
          `CREATE TRIGGER ${quoteIdent(TRIGGER_NAME)} AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${target}
             FOR EACH STATEMENT EXECUTE FUNCTION ${fn}(${literal(payload)})`,
        );
      }
      report.tables.push(table);
    }
    if (options.drop) await db.exec(`DROP FUNCTION IF EXISTS ${fn}()`);
    else if (report.tables.length === 0) {
      throw new Error(
        `no commerce table in schema ${JSON.stringify(schema)} (looked for ${Object.keys(TRIGGER_TABLES).join(', ')})`,
      );
    }
    return report;
  };
  return source.transaction ? source.transaction(run) : run(source);
}
