/**
 * Test databases for the report tests: a fresh in-memory PGlite, or a
 * uniquely named schema in the PostgreSQL at `DATABASE_URL`, both with the
 * commerce schema created. Not part of the library.
 */
import { randomBytes } from 'node:crypto';
import { COMMERCE_SCHEMA_SQL } from '../demo/schema.js';
import { createPgSource } from '../sources/pg.js';
import { createPgliteSource } from '../sources/pglite.js';
import type { Source } from '../sources/source.js';

export const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface TestDb {
  source: Source;
  close(): Promise<void>;
}

/**
 * Whether the PostgreSQL tests run: always when `DATABASE_URL` is set or
 * `CI=true` (an unreachable server then fails them), otherwise only when the
 * local default answers.
 */
export async function postgresEnabled(): Promise<boolean> {
  if (process.env.CI === 'true' || process.env.DATABASE_URL) return true;
  const pg = (await import('pg')).default;
  const client = new pg.Client({ connectionString: DATABASE_URL, connectionTimeoutMillis: 2000 });
  client.on('error', () => {});
  try {
    await client.connect();
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

export async function openPglite(): Promise<TestDb> {
  const source = await createPgliteSource();
  await source.exec(COMMERCE_SCHEMA_SQL);
  return { source, close: () => source.close() };
}

/** A schema of its own (`dk_<random>`) so test files can run in parallel; dropped on close. */
export async function openPostgres(): Promise<TestDb> {
  const schema = `dk_${randomBytes(6).toString('hex')}`;
  const source = await createPgSource({
    connectionString: DATABASE_URL,
    poolConfig: { max: 2, options: `-c search_path=${schema}` },
  });
  await source.exec(`CREATE SCHEMA ${schema}`);
  await source.exec(COMMERCE_SCHEMA_SQL);
  return {
    source,
    async close() {
      try {
        await source.exec(`DROP SCHEMA ${schema} CASCADE`);
      } finally {
        await source.close();
      }
    },
  };
}

/** Both backends, PostgreSQL marked disabled when it is neither required nor reachable. */
export async function testBackends(): Promise<{ name: string; enabled: boolean; open: () => Promise<TestDb> }[]> {
  return [
    { name: 'PGlite', enabled: true, open: openPglite },
    { name: 'PostgreSQL', enabled: await postgresEnabled(), open: openPostgres },
  ];
}

/** A SQL string literal for seeding fixed test data. */
export function lit(value: string | number | null): string {
  if (value === null) return 'NULL';
  if (typeof value === 'number') return String(value);
  return `'${value.replaceAll("'", "''")}'`;
}
