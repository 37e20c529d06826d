/**
 * `dashkit doctor` and the same checks in `dashkit serve`, as processes on
 * PostgreSQL: exit codes 0, 1 and 2; every problem one line naming table and
 * column with its fix; `serve` printing them as warnings once it listens,
 * and a database user without CREATE (rollups) getting one readable line
 * each — never a stack trace.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATABASE_URL, PG_ENABLED, pgSchemaDatabase, type SchemaDatabase } from '../../../tests/support/databases.js';
import { ROOT } from '../../../tests/support/examples.js';
import { run, start, userEnv } from '../../../tests/support/processes.js';
import { createPgSource } from '../../sources/pg.js';

const dashkit = (...args: string[]) =>
  run(process.execPath, ['--import', 'tsx', 'server-adapter/bin/cli.ts', ...args], { cwd: ROOT, env: userEnv() });

it('doctor without a database URL is a usage error', async () => {
  const r = await dashkit('doctor');
  expect(r.code).toBe(2);
  expect(r.stderr).toMatch(/^dashkit doctor: --database-url \(or DATABASE_URL\) is required/);
});

it('doctor says in one line when it cannot connect', async () => {
  const r = await dashkit('doctor', '--database-url', 'postgres://nobody@127.0.0.1:9/none');
  expect(r.code).toBe(1);
  expect(r.stderr).toMatch(/^dashkit doctor: cannot connect: .+\n$/);
});

describe.skipIf(!PG_ENABLED)('doctor and serve on PostgreSQL', () => {
  let db: SchemaDatabase;
  let role = '';
  let limitedUrl = '';

  beforeAll(async () => {
    db = await pgSchemaDatabase();
    // The commerce tables, with a Rails-style time column and a missing index.
    await db.source.exec(`
      DROP INDEX orders_ordered_at_idx;
      ALTER TABLE customers ALTER COLUMN created_at TYPE timestamp;`);
    role = `dk_serve_${randomBytes(4).toString('hex')}`;
    await db.source.exec(`CREATE ROLE ${role} LOGIN;
      GRANT USAGE ON SCHEMA ${db.schema} TO ${role};
      GRANT SELECT ON ALL TABLES IN SCHEMA ${db.schema} TO ${role};`);
    const url = new URL(db.url);
    url.username = role;
    limitedUrl = url.toString();
  }, 120_000);

  afterAll(async () => {
    await db?.close();
    if (role) {
      const admin = await createPgSource({ connectionString: DATABASE_URL, poolConfig: { max: 1 } });
      await admin.exec(`DROP OWNED BY ${role}; DROP ROLE ${role}`).finally(() => admin.close());
    }
  });

  it('doctor exits 1 with one line per problem, naming table and column, and 0 once they are fixed', async () => {
    const r = await dashkit('doctor', '--database-url', db.url, '--no-rollups');
    expect(r.code).toBe(1);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^dashkit doctor: 2 problems in 5 tables and views, \d+ columns \(user \w+, search_path /);
    expect(lines[1]).toMatch(
      /^ {2}- customers\.created_at: timestamp without time zone, read by metric new_customers:/,
    );
    expect(lines[2]).toBe(
      `  - orders.ordered_at: no index a period query can use: a year of stats reads every row of the table. Instead: CREATE INDEX ON ${db.schema}.orders (ordered_at);`,
    );
    await db.source
      .exec(`ALTER TABLE customers ALTER COLUMN created_at TYPE timestamptz USING created_at AT TIME ZONE 'UTC';
      CREATE INDEX ON orders (ordered_at);`);
    const fixed = await dashkit('doctor', '--database-url', db.url, '--no-rollups');
    expect(fixed.stdout).toMatch(/^dashkit doctor: no problems in 5 tables and views/);
    expect(fixed.code).toBe(0);
  }, 60_000);

  it('serve warns once per problem at startup, and a user without CREATE gets readable lines, no stack trace', async () => {
    const server = start(
      process.execPath,
      [
        '--import',
        'tsx',
        'server-adapter/bin/cli.ts',
        'serve',
        '--port',
        '0',
        '--database-url',
        limitedUrl,
        '--rollup-schema',
        `${db.schema}_r`,
      ],
      { cwd: ROOT, env: userEnv() },
    );
    try {
      await server.waitFor(/dashkit serving http/);
      await server.waitFor(/run `npx dashkit doctor` with the same options/);
      await server.waitFor(/"message":"rollups unavailable"/);
      const output = server.output();
      expect(output).toContain(
        `dashkit serve: warning: rollups: the database user ${role} may not create the daily rollup tables in schema ${db.schema}_r`,
      );
      expect(output).toMatch(
        /"error":"permission denied for database \w+: the database user may not create the rollup tables; grant it CREATE/,
      );
      expect(output).not.toMatch(/^\s+at /m);
    } finally {
      expect(await server.stop()).toBe(0);
    }
  }, 120_000);
});
