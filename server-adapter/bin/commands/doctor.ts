/**
 * `dashkit doctor`: checks the tables and views the dashboard reads (the
 * built-in commerce definition, or `--config`) against the database, and
 * names every problem with what to write instead (bin/doctor/inspect.ts).
 * `dashkit serve` runs the same checks at startup.
 */
import { parseArgs } from 'node:util';
import { DEFAULT_ROLLUP_SCHEMA } from '../../engine/rollups/index.js';
import { isValidTimeZone } from '../../engine/calendar.js';
import { DEFAULT_TIMEZONE } from '../../options.js';
import type { Command } from './command.js';

const USAGE = `Usage: dashkit doctor --database-url <url> [--config <file>] [--timezone <zone>] [--no-rollups]

Check the tables and views the dashboard reads against your database, before
they give wrong numbers: each missing table, view or column, each column of
the wrong type (a time column of type timestamp without time zone puts rows
on the wrong day), order states no metric counts, SQL in a metric the
database refuses, a time column without an index a period query can use,
and the rights dashkit needs (SELECT; CREATE for the daily rollups). Each
problem names the table and column and says what to write instead. Exits 0
when there is none, 1 when there are problems, 2 on bad usage.

Options:
  --database-url <url>    PostgreSQL connection string, as dashkit serve gets it
                          [DASHKIT_DATABASE_URL, DATABASE_URL]
  --config <file>         the metric definition and report mappings dashkit serve uses [DASHKIT_CONFIG]
  --timezone <zone>       the dashboard's time zone, for the fixes that convert times
                          (default ${DEFAULT_TIMEZONE}) [DASHKIT_TIMEZONE]
  --no-rollups            dashkit serve runs without daily rollups: skip their rights [DASHKIT_ROLLUPS=0]
  --rollup-schema <name>  schema of the rollup tables (default ${DEFAULT_ROLLUP_SCHEMA}) [DASHKIT_ROLLUP_SCHEMA]
  -h, --help              show this help`;

interface DoctorArgs {
  databaseUrl: string;
  configPath?: string;
  timezone: string;
  rollups: { schema: string } | false;
}

const env = (...names: string[]) => names.map((n) => process.env[n]).find((v) => v !== undefined && v !== '');

/** The command line, with the same environment fallbacks as `serve`; throws a message naming what is wrong. */
function parse(argv: string[]): DoctorArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      'database-url': { type: 'string' },
      config: { type: 'string' },
      timezone: { type: 'string' },
      'no-rollups': { type: 'boolean', default: false },
      'rollup-schema': { type: 'string' },
    },
    strict: true,
  });
  const databaseUrl = values['database-url'] ?? env('DASHKIT_DATABASE_URL', 'DATABASE_URL');
  if (!databaseUrl) throw new Error('--database-url (or DATABASE_URL) is required');
  const timezone = values.timezone ?? env('DASHKIT_TIMEZONE') ?? DEFAULT_TIMEZONE;
  if (!isValidTimeZone(timezone))
    throw new Error(`--timezone: expected an IANA time zone, got ${JSON.stringify(timezone)}`);
  const configPath = values.config ?? env('DASHKIT_CONFIG');
  const off =
    values['no-rollups'] || ['0', 'false', 'no', 'off'].includes((env('DASHKIT_ROLLUPS') ?? '').toLowerCase());
  const schema = values['rollup-schema'] ?? env('DASHKIT_ROLLUP_SCHEMA') ?? DEFAULT_ROLLUP_SCHEMA;
  return { databaseUrl, timezone, rollups: off ? false : { schema }, ...(configPath ? { configPath } : {}) };
}

export const doctor: Command = {
  name: 'doctor',
  summary: 'Check the tables and views the dashboard reads, naming each problem and its fix',
  usage: USAGE,
  async run(argv) {
    let args: DoctorArgs;
    try {
      args = parse(argv);
    } catch (error) {
      process.stderr.write(`dashkit doctor: ${(error as Error).message}\n\n${USAGE}\n`);
      return 2;
    }
    const { runDoctor } = await import('../doctor/run.js');
    const result = await runDoctor(args);
    if ('error' in result) {
      process.stderr.write(`dashkit doctor: ${result.error}\n`);
      return 1;
    }
    const { inspection, lines } = result;
    const count = inspection.problems.length;
    const looked = `${inspection.tables} tables and views, ${inspection.columns} columns (user ${inspection.user}, search_path ${inspection.searchPath})`;
    if (count === 0) {
      process.stdout.write(`dashkit doctor: no problems in ${looked}\n`);
      return 0;
    }
    process.stdout.write(
      `dashkit doctor: ${count} problem${count === 1 ? '' : 's'} in ${looked}:\n${lines.map((l) => `  - ${l}\n`).join('')}`,
    );
    return 1;
  },
};
