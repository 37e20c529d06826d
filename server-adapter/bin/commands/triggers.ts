/**
 * `dashkit triggers`: install (or drop) the PostgreSQL triggers that NOTIFY
 * channel `dashkit_invalidate` when a commerce table changes, for `dashkit
 * serve --listen-notify` (live/triggers.ts has what they are).
 */
import { parseArgs } from 'node:util';
import { NOTIFY_CHANNEL } from '../../live/notify.js';
import { installTriggers } from '../../live/triggers.js';
import type { Source } from '../../sources/source.js';
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
