/**
 * Databases for Node-side tests (and the benchmarks): a fresh in-memory PGlite,
 * or a schema of its own in the PostgreSQL at `DATABASE_URL`, each loaded with
 * the commerce tables unless told otherwise. Both are a `Source`.
 *
 * Skip rule: PostgreSQL is skipped only when `DATABASE_URL` is unset, the
 * default server does not answer, and `CI` is not `true`. With `CI=true` (or
 * a `DATABASE_URL`) it must run, so an unreachable server fails the tests.
 *
 * Test files run in parallel: each PostgreSQL database is a uniquely named
 * schema (`dk_<random>`), every connection of its pool has `search_path` set
 * to it, and `close()` drops it.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe } from 'vitest';
import { COMMERCE_SCHEMA_SQL } from '../../server-adapter/demo/schema.js';
import { createPgSource } from '../../server-adapter/sources/pg.js';
import { createPgliteSource } from '../../server-adapter/sources/pglite.js';
import type { Source } from '../../server-adapter/sources/source.js';

export const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A first PGlite start takes seconds, far more on a loaded two-core machine; PostgreSQL DDL and seeding add more. */
const SETUP_TIMEOUT_MS = 120_000;

/** Whether a PostgreSQL server answers at `url` (a real connection, so a wrong password counts as no). */
export async function postgresReachable(url = DATABASE_URL): Promise<boolean> {
  const pg = (await import('pg')).default;
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000 });
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

/** Whether the PostgreSQL tests run: always when `DATABASE_URL` is set or `CI=true`, else when the default answers. */
export async function postgresAvailable(): Promise<boolean> {
  if (process.env.DATABASE_URL || process.env.CI === 'true') return true;
  return postgresReachable();
}

/** Whether the PostgreSQL variants run in this process (see the skip rule above). */
export const PG_ENABLED = await postgresAvailable();

export type DatabaseKind = 'pglite' | 'pg';
export const DATABASE_KINDS: readonly DatabaseKind[] = ['pglite', 'pg'];

export interface TestDatabase {
  readonly kind: DatabaseKind;
  readonly source: Source;
  /** Releases the database; a PostgreSQL schema is dropped first (unless opened with `drop: false`). */
  close(): Promise<void>;
}

export interface SchemaDatabase extends TestDatabase {
  readonly kind: 'pg';
  readonly schema: string;
  /** Connection string whose connections use the schema, for code that opens its own pool. */
  readonly url: string;
}

export interface DatabaseOptions {
  /** SQL run on the new database: the commerce tables unless given; `false` leaves it empty. */
  ddl?: string | false;
}

export interface SchemaOptions extends DatabaseOptions {
  /** The server; default `DATABASE_URL`. */
  url?: string;
  /** Default `dk_<random>`; lower-case letters, digits and `_` only. */
  schema?: string;
  /** Drop the schema on close (default). `false` keeps a named schema across runs, and reuses it if it exists. */
  drop?: boolean;
  /** Pool size; default 4. */
  poolMax?: number;
}

/** `url` with every connection's `search_path` set to `schema`. */
export function withSearchPath(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
}

/** A new in-memory PGlite. */
export async function pgliteDatabase(options: DatabaseOptions = {}): Promise<TestDatabase> {
  const source = await createPgliteSource();
  const ddl = options.ddl ?? COMMERCE_SCHEMA_SQL;
  try {
    if (ddl) await source.exec(ddl);
  } catch (error) {
    await source.close();
    throw error;
  }
  return { kind: 'pglite', source, close: () => source.close() };
}

/** A schema of its own in PostgreSQL, with a pool whose connections use it. */
export async function pgSchemaDatabase(options: SchemaOptions = {}): Promise<SchemaDatabase> {
  const schema = options.schema ?? `dk_${randomBytes(6).toString('hex')}`;
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`schema: expected a lower-case SQL name, got "${schema}"`);
  const drop = options.drop ?? true;
  const ddl = options.ddl ?? COMMERCE_SCHEMA_SQL;
  const url = withSearchPath(options.url ?? DATABASE_URL, schema);
  // search_path may name a schema that does not exist yet: PostgreSQL skips it until it is created.
  const source = await createPgSource({ connectionString: url, poolConfig: { max: options.poolMax ?? 4 } });
  let created = false;
  const close = async () => {
    try {
      if (drop && created) await source.exec(`DROP SCHEMA ${schema} CASCADE`);
    } finally {
      await source.close();
    }
  };
  try {
    await source.exec(drop ? `CREATE SCHEMA ${schema}` : `CREATE SCHEMA IF NOT EXISTS ${schema}`);
    created = true;
    if (ddl) await source.exec(ddl);
  } catch (error) {
    await close();
    throw error;
  }
  return { kind: 'pg', schema, url, source, close };
}

/** A new database of either kind, with a fresh `dk_<random>` schema on PostgreSQL. */
export function openDatabase(kind: DatabaseKind, options: DatabaseOptions = {}): Promise<TestDatabase> {
  return kind === 'pglite' ? pgliteDatabase(options) : pgSchemaDatabase(options);
}

export interface DescribeOptions extends DatabaseOptions {
  /** Fills the new database (after the DDL) before the block's tests. */
  seed?: (source: Source) => Promise<unknown>;
}

/**
 * Runs `body` once per database kind, in blocks titled `<title> [pglite]` and
 * `<title> [pg]`, the PostgreSQL one skipped by the rule above. Each block
 * opens its own database before its tests and closes it after; `source()`
 * is valid inside hooks and tests.
 *
 * @example
 * describeDatabases('stats', seedCommerceA, (source) => {
 *   it('sums revenue', async () => expect(await stats(source(), params)).toMatchObject(…));
 * });
 */
export function describeDatabases(
  title: string,
  setup: DescribeOptions | DescribeOptions['seed'],
  body: (source: () => Source, kind: DatabaseKind) => void,
): void {
  const { seed, ...options }: DescribeOptions = typeof setup === 'function' ? { seed: setup } : (setup ?? {});
  for (const kind of DATABASE_KINDS) {
    describe.skipIf(kind === 'pg' && !PG_ENABLED)(`${title} [${kind}]`, () => {
      let db: TestDatabase | undefined;
      beforeAll(async () => {
        db = await openDatabase(kind, options);
        await seed?.(db.source);
      }, SETUP_TIMEOUT_MS);
      afterAll(async () => {
        await db?.close();
      });
      body(() => {
        if (!db) throw new Error('database not open');
        return db.source;
      }, kind);
    });
  }
}
