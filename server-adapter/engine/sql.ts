/**
 * SQL text helpers shared by the engine's reports. Identifiers only ever come
 * from configuration (never from a request), and are still quoted so a
 * column called `order` or `Amount` works and nothing can break out.
 */
import type { Source, SqlParam } from '../sources/source.js';

/**
 * Rows per batch when a whole report is read for an export: a CSV chunk of
 * about 100 KB, few enough round trips that 200k rows take 200.
 */
export const EXPORT_BATCH_ROWS = 1000;

/**
 * The rows of ONE statement in batches: through the source's cursor when it
 * has one (PostgreSQL), else one `query` whose rows are handed out a batch at
 * a time (PGlite, an embedded database: the result is in memory anyway).
 */
export async function* streamRows<T extends object>(
  source: Source,
  sql: string,
  params: readonly SqlParam[],
  batchSize: number,
): AsyncGenerator<T[], void, undefined> {
  if (source.stream) {
    yield* source.stream<T>(sql, params, batchSize);
    return;
  }
  const rows = await source.query<T>(sql, params);
  for (let i = 0; i < rows.length; i += batchSize) yield rows.slice(i, i + batchSize);
}

/** Quotes one identifier: `amount` → `"amount"`, `we"ird` → `"we""ird"`. */
export function quoteIdent(name: string): string {
  if (name.length === 0) throw new Error('quoteIdent: empty identifier');
  if (name.includes('\u0000')) throw new Error(`quoteIdent: NUL byte in identifier ${JSON.stringify(name)}`);
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * Quotes a possibly schema-qualified table name: `orders` → `"orders"`,
 * `sales.orders` → `"sales"."orders"`. A dot always separates schema from
 * table; a table whose name contains a dot is not supported.
 */
export function qualified(table: string): string {
  return table
    .split('.')
    .map((part) => quoteIdent(part))
    .join('.');
}

/**
 * Collects bound parameters while SQL text is assembled: `p.add(v)` returns
 * the placeholder (`$1`, `$2`, …) for `v`.
 */
export class Params {
  readonly values: SqlParam[] = [];
  add(value: SqlParam): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/**
 * The instant local date `date` (a SQL `date` expression) starts at in zone
 * `tz`: its first instant, so that day D is exactly the instants whose local
 * date is D.
 *
 * `D::timestamp AT TIME ZONE tz` is that instant everywhere except where
 * midnight happens twice: America/Havana falls back from 01:00 CDT to 00:00
 * CST, and PostgreSQL reads the ambiguous 00:00 as the later one, which would
 * give the first hour of D to D − 1. The hour before is then D too, and is the
 * start. (A skipped midnight needs nothing: PostgreSQL lands just after the
 * gap, the first instant of D. Every DST change that repeats midnight today
 * moves clocks by one hour.)
 */
export function dayStartSql(date: string, tz: string): string {
  const at = `(${date}::timestamp AT TIME ZONE ${tz})`;
  const before = `(${at} - interval '1 hour')`;
  return `(CASE WHEN (${before} AT TIME ZONE ${tz}) >= ${date}::timestamp THEN ${before} ELSE ${at} END)`;
}
