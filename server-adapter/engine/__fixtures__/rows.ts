/**
 * Rows for the engine's tests: literal INSERTs into the commerce tables
 * (the databases themselves come from tests/support/databases.ts).
 */
import type { Source } from '../../sources/source.js';

type Value = string | number | null;

/** A SQL literal for fixed test data (never for input from outside a test). */
export function lit(v: Value): string {
  if (v === null) return 'NULL';
  if (typeof v === 'number') return String(v);
  return `'${v.replaceAll("'", "''")}'`;
}

/** `INSERT INTO table (cols) VALUES …` for test rows (literals: test data only). */
export async function insert(source: Source, table: string, columns: string[], rows: Value[][]): Promise<void> {
  if (rows.length === 0) return;
  const values = rows.map((r) => `(${r.map(lit).join(', ')})`).join(',\n');
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
