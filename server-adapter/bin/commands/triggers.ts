/**
 * `dashkit triggers`: install (or drop) the PostgreSQL triggers that NOTIFY
 * channel `dashkit_invalidate` when a commerce table changes, for `dashkit
 * serve --listen-notify` (live/triggers.ts has what they are).
 */
import { parseArgs } from 'node:util';
import { NOTIFY_CHANNEL } from '../../live/notify.js';
import { installTriggers, triggersSql, type TriggersReport } from '../../live/triggers.js';
import type { Source } from '../../sources/source.js';
import type { Command } from './command.js';

const USAGE = `Usage: dashkit triggers --database-url <url> [--schema <name>] [--drop] [--sql]

Install the triggers that NOTIFY channel ${NOTIFY_CHANNEL} (payload: the
topic customers, orders, invoices or products) whenever one of the commerce
tables changes, so \`dashkit serve --listen-notify\` invalidates its cache and
pushes live updates — for every write: ORM saves, bulk updates, raw SQL,
other programs. Where a commerce name is a view over your own tables, the
triggers go on the tables behind it (views of views included), and each is
named. One statement-level trigger per table; safe to run again.

Options:
  --database-url <url>  PostgreSQL connection string (default: $DATABASE_URL); the
                        user must own the tables (a migration's user does)
  --schema <name>       schema holding the commerce tables or views (default: the
                        first of the search_path)
  --drop                remove the triggers and their function instead
  --sql                 print the SQL instead of running it (for a migration)
  -h, --help            show this help`;

interface TriggersOptions {
  databaseUrl: string;
  drop: boolean;
  sql: boolean;
  schema?: string;
}

/** Options from the command line and the environment; throws a message naming what is wrong. */
function parse(argv: string[]): TriggersOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      'database-url': { type: 'string' },
      drop: { type: 'boolean', default: false },
      sql: { type: 'boolean', default: false },
      schema: { type: 'string' },
    },
    strict: true,
  });
  const databaseUrl = values['database-url'] ?? process.env['DATABASE_URL'];
  if (!databaseUrl) throw new Error('--database-url (or DATABASE_URL) is required');
  if (values.schema !== undefined && values.schema.trim() === '') throw new Error('--schema: expected a schema name');
  return {
    databaseUrl,
    drop: values.drop,
    sql: values.sql,
    ...(values.schema !== undefined ? { schema: values.schema } : {}),
  };
}

/** The driver's message only (never the connection string and its password); a refused connection to every address is an AggregateError with none. */
function message(error: unknown): string {
  if (error instanceof AggregateError && error.message === '') {
    const first = error.errors[0] as { message?: string; code?: string } | undefined;
    return `cannot connect: ${first?.message || first?.code || 'connection refused'}`;
  }
  return error instanceof Error ? error.message : String(error);
}

/** What was done, where: one line of tables, then which views each table is behind, and what was left out. */
function describe(report: TriggersReport, drop: boolean): string {
  const verb = drop ? 'removed from' : 'installed on';
  const lines = [`dashkit triggers: ${verb} ${report.tables.join(', ') || 'no table'}`];
  for (const target of report.targets) {
    if (target.via.length === 0) continue;
    const views = target.via.map((view) => `${report.schema}.${view}`).join(', ');
    lines.push(
      `  ${target.table}: behind the view${target.via.length > 1 ? 's' : ''} ${views} (${target.topics.join(', ')})`,
    );
  }
  for (const { table, reason } of report.skipped) lines.push(`  skipped ${report.schema}.${table}: ${reason}`);
  return `${lines.join('\n')}\n`;
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
    const { createPgSource } = await import('../../sources/pg.js');
    let source: Source;
    try {
      source = await createPgSource({
        connectionString: options.databaseUrl,
        poolConfig: { max: 1, connectionTimeoutMillis: 10_000 },
      });
    } catch (error) {
      process.stderr.write(`dashkit triggers: ${message(error)}\n`);
      return 1;
    }
    try {
      if (options.sql) {
        const { sql } = await triggersSql(source, options);
        process.stdout.write(`${sql.map((statement) => `${statement};`).join('\n\n')}\n`);
        return 0;
      }
      const report = await installTriggers(source, options);
      process.stdout.write(describe(report, options.drop));
      return 0;
    } catch (error) {
      process.stderr.write(`dashkit triggers: ${message(error)}\n`);
      return 1;
    } finally {
      await source.close().catch(() => {});
    }
  },
};
