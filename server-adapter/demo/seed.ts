/**
 * Creates the commerce schema and bulk-loads the demo data into any Source
 * (PGlite or PostgreSQL): each statement inserts a few thousand rows through
 * `INSERT … SELECT * FROM unnest($1::int[], $2::text[], …)`, the whole load in
 * one transaction when the source offers one.
 */
import type { Source } from '../sources/source.js';
import { DEMO_TABLES, generateDemoData, type DemoCounts, type DemoOptions, type DemoTable } from './generate.js';
import { COMMERCE_SCHEMA_SQL } from './schema.js';

/**
 * Rows per INSERT: large enough that statement overhead vanishes, small
 * enough that one statement's parameters stay a few hundred kilobytes.
 */
export const DEFAULT_ROWS_PER_INSERT = 5000;

export interface SeedOptions extends DemoOptions {
  /**
   * What to do when the demo tables already hold rows: `true` empties them
   * first (TRUNCATE, in the same transaction as the load); otherwise seeding
   * stops with a DemoDataExistsError and changes nothing.
   * @default false
   */
  reset?: boolean;
  /** Rows per INSERT statement. @default DEFAULT_ROWS_PER_INSERT */
  rowsPerInsert?: number;
}

export interface SeedResult {
  counts: DemoCounts;
  /** Wall time of the whole seed, schema and ANALYZE included. */
  ms: number;
}

/** The demo tables already hold rows and `reset` was not asked for. */
export class DemoDataExistsError extends Error {
  constructor(readonly tables: DemoTable[]) {
    super(`seedDemo: ${tables.join(', ')} already hold rows; pass { reset: true } to empty the demo tables first`);
    this.name = 'DemoDataExistsError';
  }
}

type Column = readonly [name: string, type: 'int' | 'text' | 'numeric' | 'date' | 'timestamptz'];

const COLUMNS: Record<DemoTable, readonly Column[]> = {
  products: [
    ['id', 'int'],
    ['sku', 'text'],
    ['name', 'text'],
    ['quantity', 'int'],
    ['reorder_level', 'int'],
  ],
  customers: [
    ['id', 'int'],
    ['name', 'text'],
    ['email', 'text'],
    ['created_at', 'timestamptz'],
  ],
  orders: [
    ['id', 'int'],
    ['customer_id', 'int'],
    ['ordered_at', 'timestamptz'],
    ['state', 'text'],
    ['amount', 'numeric'],
  ],
  order_lines: [
    ['id', 'int'],
    ['order_id', 'int'],
    ['product_id', 'int'],
    ['quantity', 'int'],
  ],
  invoices: [
    ['id', 'int'],
    ['number', 'text'],
    ['customer_id', 'int'],
    ['issued_on', 'date'],
    ['due_on', 'date'],
    ['amount', 'numeric'],
    ['amount_paid', 'numeric'],
  ],
};

/** `INSERT INTO orders (id, …) SELECT * FROM unnest($1::int[], …)`: one array parameter per column. */
function insertSql(table: DemoTable): string {
  const columns = COLUMNS[table];
  const names = columns.map(([name]) => name).join(', ');
  const arrays = columns.map(([, type], i) => `$${i + 1}::${type}[]`).join(', ');
  return `INSERT INTO ${table} (${names}) SELECT * FROM unnest(${arrays})`;
}

/**
 * One column as a PostgreSQL array literal (`{1,2,3}`, `{"a","b\\"c"}`): built
 * here in one pass, which is faster than the drivers' generic array encoding
 * and identical on both of them.
 */
function arrayLiteral(rows: readonly Record<string, string | number>[], [name, type]: Column): string {
  if (type === 'int') return `{${rows.map((row) => row[name]).join(',')}}`;
  return `{${rows.map((row) => `"${String(row[name]).replace(/[\\"]/g, '\\$&')}"`).join(',')}}`;
}

async function insertRows(db: Source, table: DemoTable, rows: readonly object[], rowsPerInsert: number): Promise<void> {
  const sql = insertSql(table);
  for (let start = 0; start < rows.length; start += rowsPerInsert) {
    const slice = rows.slice(start, start + rowsPerInsert) as Record<string, string | number>[];
    await db.query(
      sql,
      COLUMNS[table].map((column) => arrayLiteral(slice, column)),
    );
  }
}

/** The demo tables that hold at least one row. */
async function tablesWithRows(db: Source): Promise<DemoTable[]> {
  const probes = DEMO_TABLES.map((t) => `EXISTS (SELECT 1 FROM ${t}) AS ${t}`).join(', ');
  const [row] = await db.query<Record<DemoTable, boolean>>(`SELECT ${probes}`);
  return DEMO_TABLES.filter((t) => row?.[t] === true);
}

/**
 * A host's pre-existing tables may use serial or identity ids; move their
 * sequences past the seeded ids so the host's next insert does not collide.
 */
async function resetSequences(db: Source): Promise<void> {
  for (const table of DEMO_TABLES) {
    const [row] = await db.query<{ seq: string | null }>(`SELECT pg_get_serial_sequence($1, 'id') AS seq`, [table]);
    if (!row?.seq) continue;
    await db.query(
      `SELECT setval($1::regclass, coalesce((SELECT max(id) FROM ${table}), 1), (SELECT count(*) > 0 FROM ${table}))`,
      [row.seq],
    );
  }
}

/** Secondary indexes of the schema, by name: dropped for the load and rebuilt after it. */
const SECONDARY_INDEXES = [...COMMERCE_SCHEMA_SQL.matchAll(/CREATE INDEX IF NOT EXISTS (\w+)/g)].map((m) => m[1]);

/**
 * Inside the load's transaction, on the emptied tables: building an index
 * once after the load is cheaper than updating it row by row, and a superuser
 * (always so on PGlite) may skip the per-row foreign-key triggers with
 * `session_replication_role = replica`. The generated rows are consistent by
 * construction (seed.test.ts checks every reference), so nothing is lost; it
 * roughly halves the seed time. Both are undone before the commit, so no other
 * session ever sees the tables without their indexes.
 */
async function bulkLoadMode(db: Source): Promise<{ replica: boolean }> {
  if (SECONDARY_INDEXES.length > 0) await db.exec(`DROP INDEX IF EXISTS ${SECONDARY_INDEXES.join(', ')}`);
  const [row] = await db.query<{ superuser: boolean }>(`SELECT current_setting('is_superuser') = 'on' AS superuser`);
  const replica = row?.superuser === true;
  if (replica) await db.exec('SET LOCAL session_replication_role = replica');
  return { replica };
}

/**
 * Creates the commerce schema (if missing) and loads the deterministic demo
 * data. Refuses tables that already hold rows unless `reset: true`, which
 * empties them first. Returns the row counts and the elapsed milliseconds.
 *
 * @example
 * const { counts, ms } = await seedDemo(source, { anchor: '2025-06-30', timezone: 'Europe/Berlin', reset: true });
 */
export async function seedDemo(source: Source, options: SeedOptions): Promise<SeedResult> {
  const started = performance.now();
  const rowsPerInsert = options.rowsPerInsert ?? DEFAULT_ROWS_PER_INSERT;
  if (!Number.isSafeInteger(rowsPerInsert) || rowsPerInsert < 1) {
    throw new RangeError(`rowsPerInsert: expected an integer ≥ 1, got ${rowsPerInsert}`);
  }
  const batches = generateDemoData(options); // throws on bad options before the database is touched
  const load = async (db: Source, inTransaction: boolean): Promise<DemoCounts> => {
    await db.exec(COMMERCE_SCHEMA_SQL);
    const filled = await tablesWithRows(db);
    if (filled.length > 0) {
      if (options.reset !== true) throw new DemoDataExistsError(filled);
      await db.exec(`TRUNCATE ${[...DEMO_TABLES].reverse().join(', ')}`);
    }
    const fast = inTransaction ? await bulkLoadMode(db) : { replica: false };
    for (;;) {
      const next = batches.next();
      if (next.done) {
        if (fast.replica) await db.exec('SET LOCAL session_replication_role = origin');
        await db.exec(COMMERCE_SCHEMA_SQL); // recreates the secondary indexes bulkLoadMode dropped
        await resetSequences(db);
        return next.value;
      }
      await insertRows(db, next.value.table, next.value.rows, rowsPerInsert);
    }
  };
  const counts = source.transaction ? await source.transaction((tx) => load(tx, true)) : await load(source, false);
  // Fresh statistics, so the first dashboard queries get good plans.
  await source.exec(`ANALYZE ${DEMO_TABLES.join(', ')}`);
  return { counts, ms: Math.round(performance.now() - started) };
}
