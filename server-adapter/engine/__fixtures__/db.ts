/**
 * Test databases for the engine's tests: a fresh in-memory PGlite per test
 * file (always), and PostgreSQL at DATABASE_URL in a uniquely named schema
 * dropped afterwards. PostgreSQL is skipped only when DATABASE_URL is unset,
 * the default server is unreachable and CI is not `true`.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe } from 'vitest';
import { COMMERCE_SCHEMA_SQL } from '../../demo/schema.js';
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

export const PG_ENABLED = await pgReachable();

export type DatabaseKind = 'pglite' | 'pg';

interface TestDatabase {
  source: Source;
  close(): Promise<void>;
}

async function openDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const source = await createPgliteSource();
    await source.exec(COMMERCE_SCHEMA_SQL);
    return { source, close: () => source.close() };
  }
  const schema = `dk_${randomBytes(6).toString('hex')}`;
  const admin = await createPgSource({ connectionString: PG_URL, poolConfig: { max: 1 } });
  await admin.exec(`CREATE SCHEMA ${schema}`);
  const source = await createPgSource({
    connectionString: PG_URL,
    poolConfig: { max: 4, options: `-c search_path=${schema}` },
  });
  await source.exec(COMMERCE_SCHEMA_SQL);
  return {
    source,
    async close() {
      await source.close();
      await admin.exec(`DROP SCHEMA ${schema} CASCADE`);
      await admin.close();
    },
  };
}

/**
 * Runs `body` once per database, each with the commerce schema and the
 * rows `seed` inserts. `source()` is valid inside tests.
 */
export function describeDatabases(
  title: string,
  seed: (source: Source) => Promise<void>,
  body: (source: () => Source, kind: DatabaseKind) => void,
): void {
  for (const kind of ['pglite', 'pg'] as const) {
    describe.skipIf(kind === 'pg' && !PG_ENABLED)(`${title} [${kind}]`, () => {
      let db: TestDatabase | undefined;
      beforeAll(async () => {
        db = await openDatabase(kind);
        await seed(db.source);
      }, 120_000);
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

type Value = string | number | null;

function literal(v: Value): string {
  if (v === null) return 'NULL';
  if (typeof v === 'number') return String(v);
  return `'${v.replaceAll("'", "''")}'`;
}

/** `INSERT INTO table (cols) VALUES …` for test rows (literals: test data only). */
export async function insert(source: Source, table: string, columns: string[], rows: Value[][]): Promise<void> {
  if (rows.length === 0) return;
  const values = rows.map((r) => `(${r.map(literal).join(', ')})`).join(',\n');
  await source.exec(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${values}`);
}

/** Inserts customers 1..n named `Customer <id>` (created long ago unless given). */
export async function insertCustomers(
  source: Source,
  rows: { id: number; name?: string; createdAt?: string }[],
): Promise<void> {
  await insert(
    source,
    'customers',
    ['id', 'name', 'email', 'created_at'],
    rows.map((c) => [c.id, c.name ?? `Customer ${c.id}`, null, c.createdAt ?? '2020-01-01T00:00:00Z']),
  );
}

export interface OrderRow {
  customer: number;
  at: string;
  state?: 'draft' | 'sale' | 'done' | 'cancel';
  amount: string;
}

/** Inserts orders with ids from `firstId`. */
export async function insertOrders(source: Source, rows: OrderRow[], firstId = 1): Promise<void> {
  await insert(
    source,
    'orders',
    ['id', 'customer_id', 'ordered_at', 'state', 'amount'],
    rows.map((o, i) => [firstId + i, o.customer, o.at, o.state ?? 'sale', o.amount]),
  );
}
