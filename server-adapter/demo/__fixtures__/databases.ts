/**
 * Empty databases for the demo tests: an in-memory PGlite (always), and
 * PostgreSQL at DATABASE_URL in a uniquely named schema that is dropped
 * afterwards. PostgreSQL is skipped only when DATABASE_URL is unset, the
 * default server is unreachable and CI is not `true`.
 */
import { randomBytes } from 'node:crypto';
import { createPgSource } from '../../sources/pg.js';
import { createPgliteSource } from '../../sources/pglite.js';
import type { Source } from '../../sources/source.js';

const PG_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function pgReachable(): Promise<boolean> {
  if (process.env.DATABASE_URL || process.env.CI === 'true') return true;
  const pg = (await import('pg')).default;
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

/** Whether the PostgreSQL variants run. */
export const PG_ENABLED = await pgReachable();

export type DatabaseKind = 'pglite' | 'pg';
export const DATABASE_KINDS: readonly DatabaseKind[] = ['pglite', 'pg'];

export interface TestDatabase {
  source: Source;
  close(): Promise<void>;
}

/** A new empty database (no tables). */
export async function openDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const source = await createPgliteSource();
    return { source, close: () => source.close() };
  }
  const schema = `dk_${randomBytes(6).toString('hex')}`;
  const admin = await createPgSource({ connectionString: PG_URL, poolConfig: { max: 1 } });
  await admin.exec(`CREATE SCHEMA ${schema}`);
  const source = await createPgSource({
    connectionString: PG_URL,
    poolConfig: { max: 4, options: `-c search_path=${schema}` },
  });
  return {
    source,
    async close() {
      await source.close();
      await admin.exec(`DROP SCHEMA ${schema} CASCADE`);
      await admin.close();
    },
  };
}
