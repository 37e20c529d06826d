/**
 * `dashkit triggers`: install (or drop) the PostgreSQL triggers that NOTIFY
 * channel `dashkit_invalidate` with a topic when a commerce table changes,
 * for `dashkit serve --listen-notify`.
 *
 * One trigger function, one statement-level trigger per table: a bulk insert
 * of ten thousand orders sends one notification, not ten thousand (and
 * PostgreSQL folds identical notifications of one transaction into one).
 * Everything is idempotent, in one transaction: running it again replaces
 * what is there.
 */
import { parseArgs } from 'node:util';
import { quoteIdent } from '../engine/sql.js';
import { NOTIFY_CHANNEL } from '../live/notify.js';
import type { Source } from '../sources/source.js';
import type { Command } from './command.js';

const USAGE = `Usage: dashkit triggers --database-url <url> [--drop] [--schema <name>]

Install the triggers that NOTIFY channel ${NOTIFY_CHANNEL} (payload: the
topic customers, orders, invoices or products) whenever one of the commerce
tables changes, so \`dashkit serve --listen-notify\` invalidates its cache and
pushes live updates. Safe to run again.

Options:
  --database-url <url>  PostgreSQL connection string (default: $DATABASE_URL)
  --schema <name>       schema holding the tables (default: the first of the search_path)
  --drop                remove the triggers and their function instead
  -h, --help            show this help`;

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

interface TriggersOptions {
  databaseUrl: string;
  drop: boolean;
  schema?: string;
}

/** Options from the command line and the environment; throws a message naming what is wrong. */
function parse(argv: string[]): TriggersOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      'database-url': { type: 'string' },
      drop: { type: 'boolean', default: false },
      schema: { type: 'string' },
    },
    strict: true,
  });
  const databaseUrl = values['database-url'] ?? process.env['DATABASE_URL'];
  if (!databaseUrl) throw new Error('--database-url (or DATABASE_URL) is required');
  if (values.schema !== undefined && values.schema.trim() === '') throw new Error('--schema: expected a schema name');
  return { databaseUrl, drop: values.drop, ...(values.schema !== undefined ? { schema: values.schema } : {}) };
}

/** The driver's message only (never the connection string and its password); a refused connection to every address is an AggregateError with none. */
function message(error: unknown): string {
  if (error instanceof AggregateError && error.message === '') {
    const first = error.errors[0] as { message?: string; code?: string } | undefined;
    return `cannot connect: ${first?.message || first?.code || 'connection refused'}`;
  }
  return error instanceof Error ? error.message : String(error);
}

export const triggers: Command = {
  name: 'triggers',
  summary: 'Install the PostgreSQL NOTIFY triggers for --listen-notify',
  usage: USAGE,
  async run(argv) {
    let options: TriggersOptions;
    try {
      options = parse(argv);
    } catch (error) {
      process.stderr.write(`dashkit triggers: ${(error as Error).message}\n\n${USAGE}\n`);
      return 2;
    }
    const { createPgSource } = await import('../sources/pg.js');
    const source = await createPgSource({
      connectionString: options.databaseUrl,
      poolConfig: { max: 1, connectionTimeoutMillis: 10_000 },
    });
    try {
      const report = await installTriggers(source, options);
      const verb = options.drop ? 'removed from' : 'installed on';
      const tables = report.tables.map((t) => `${report.schema}.${t}`).join(', ') || 'no table';
      process.stdout.write(`dashkit triggers: ${verb} ${tables}\n`);
      for (const { table, reason } of report.skipped) {
        process.stdout.write(`  skipped ${report.schema}.${table}: ${reason}\n`);
      }
      return 0;
    } catch (error) {
      process.stderr.write(`dashkit triggers: ${message(error)}\n`);
      return 1;
    } finally {
      await source.close().catch(() => {});
    }
  },
};
