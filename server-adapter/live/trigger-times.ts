/**
 * Where a timed trigger (triggers.ts) finds when the rows its statement
 * changed are, for each table the triggers go on (issue 12): a commerce
 * table's own time column; for `order_lines`, which has none, its rows'
 * orders' `ordered_at`; for a host table behind a commerce view, the column
 * behind the view's time column when view-times.ts can tell it exactly.
 * Each is named as the relation and column the rollups read (the payload's
 * `table` and `column`), so a rollup over anything else counts the times
 * as none.
 */
import { quoteIdent } from '../engine/sql.js';
import type { Source } from '../sources/source.js';
import { type Relation, viewsFingerprintSql, viewTime } from './view-times.js';

/** The time column of each commerce table (SPEC §4): what the timed triggers report. */
export const TRIGGER_TIME_COLUMNS: Readonly<Record<string, string>> = Object.freeze({
  customers: 'created_at',
  orders: 'ordered_at',
  invoices: 'issued_on',
});

/**
 * What a timed trigger reports: the values of `table`.`column` (as the
 * rollups over `table` read it) for the rows a statement changed, read from
 * the changed rows themselves, or from their parent rows (`parent`).
 */
export interface TriggerTime {
  /** The relation the times are values of, as `schema.table` (the payload's `table`). */
  table: string;
  /** Its time column (the payload's `column`). */
  column: string;
  type: 'timestamptz' | 'date';
  /**
   * The changed rows have no time of their own: it is their parent's, the
   * row of `table` whose `key` equals their `reference` (`order_lines.order_id`
   * → `orders.id`). A changed row without a parent sends the topics alone.
   */
  parent?: { key: string; reference: string; sqlName: string };
  /** The column of the changed rows holding the time when it is not `column`: the table's column behind a view. */
  read?: string;
  /**
   * SQL returning true while what `read` was worked out from still holds
   * (the views' definitions as when the triggers were installed); else the
   * statement sends the topics alone.
   */
  guard?: string;
}

/**
 * Tables whose rows take their time from a parent row (SPEC §4): an order
 * line is when its order is.
 */
export const TRIGGER_PARENT_TIMES: Readonly<Record<string, { parent: string; key: string; reference: string }>> =
  Object.freeze({
    order_lines: { parent: 'orders', key: 'id', reference: 'order_id' },
  });

/** A SQL string literal. */
export const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;
/** `"schema"."table"`. */
export const qualified = (schema: string, table: string) => `${quoteIdent(schema)}.${quoteIdent(table)}`;

/** What a table that gets the triggers is, as far as its times go. */
interface TimedTarget {
  /** `schema.table`. */
  table: string;
  /** The same, quoted for SQL. */
  sqlName: string;
  /** The commerce views it is behind. */
  via: readonly string[];
}

/**
 * How the rows of `target` tell their time, or undefined: none, or several
 * (a payload names one relation and column).
 */
export async function timeOf(
  db: Source,
  target: TimedTarget,
  /** The commerce tables and views of `schema`, by name. */
  byName: ReadonlyMap<string, Relation>,
  schema: string,
): Promise<TriggerTime | undefined> {
  const times = [...(await ownTime(db, target, byName, schema)), ...(await viewTimes(db, target, byName))];
  return times.length === 1 ? times[0] : undefined;
}

/** The times of a commerce table itself: its time column, or (order lines) its parent rows'. */
async function ownTime(
  db: Source,
  target: TimedTarget,
  byName: ReadonlyMap<string, Relation>,
  schema: string,
): Promise<TriggerTime[]> {
  const name = target.table.slice(target.table.lastIndexOf('.') + 1);
  if (byName.get(name)?.schema !== schema || `${schema}.${name}` !== target.table) return [];
  const column = TRIGGER_TIME_COLUMNS[name];
  if (column !== undefined) {
    const type = await timeType(db, target.sqlName, column);
    return type ? [{ table: target.table, column, type }] : [];
  }
  const link = TRIGGER_PARENT_TIMES[name];
  const parent = link && byName.get(link.parent);
  const parentColumn = link && TRIGGER_TIME_COLUMNS[link.parent];
  if (!link || !parent || parentColumn === undefined) return [];
  const parentSql = qualified(parent.schema, parent.name);
  const type = await timeType(db, parentSql, parentColumn);
  if (!type || !(await hasColumn(db, parentSql, link.key)) || !(await hasColumn(db, target.sqlName, link.reference)))
    return [];
  return [
    {
      table: `${parent.schema}.${parent.name}`,
      column: parentColumn,
      type,
      parent: { key: link.key, reference: link.reference, sqlName: parentSql },
    },
  ];
}

/** The times of the commerce views a table is behind, where its column behind their time column is exactly known. */
async function viewTimes(
  db: Source,
  target: TimedTarget,
  byName: ReadonlyMap<string, Relation>,
): Promise<TriggerTime[]> {
  const times: TriggerTime[] = [];
  for (const name of target.via) {
    const view = byName.get(name);
    const column = TRIGGER_TIME_COLUMNS[name];
    if (!view || column === undefined) continue;
    const viewSql = qualified(view.schema, view.name);
    const type = await timeType(db, viewSql, column);
    const found = type && (await viewTime(db, view, column));
    if (!type || !found || 'reason' in found || `${found.table.schema}.${found.table.name}` !== target.table) continue;
    const fingerprint = viewsFingerprintSql(found.views, literal);
    const [now] = await db.query<{ f: string }>(`SELECT ${fingerprint} AS f`);
    if (!now) continue;
    const guard = `SELECT ${fingerprint} = ${literal(now.f)}`;
    times.push({ table: `${view.schema}.${view.name}`, column, type, read: found.column, guard });
  }
  return times;
}

const COLUMN_TYPE_SQL = `SELECT format_type(a.atttypid, a.atttypmod) AS type FROM pg_attribute a
  WHERE a.attrelid = $1::regclass AND a.attname = $2 AND a.attnum > 0 AND NOT a.attisdropped`;

async function hasColumn(db: Source, relation: string, column: string): Promise<boolean> {
  return (await db.query(COLUMN_TYPE_SQL, [relation, column])).length > 0;
}

/** The type of a time column the triggers can report (timestamptz or date), else undefined. */
async function timeType(db: Source, relation: string, column: string): Promise<TriggerTime['type'] | undefined> {
  const [found] = await db.query<{ type: string }>(COLUMN_TYPE_SQL, [relation, column]);
  return found?.type === 'timestamp with time zone' ? 'timestamptz' : found?.type === 'date' ? 'date' : undefined;
}

/**
 * The SQL reading the times of the rows in transition table `rows`: `t`,
 * and `dk_known`, false for a row whose time cannot be told (its parent is
 * gone, or it has none).
 */
export function timesSql(time: TriggerTime, rows: 'dk_new' | 'dk_old'): string {
  const { column, parent, read } = time;
  if (!parent) return `SELECT ${quoteIdent(read ?? column)} AS t, true AS dk_known FROM ${rows}`;
  const key = quoteIdent(parent.key);
  return (
    `SELECT p.${quoteIdent(column)} AS t, p.${key} IS NOT NULL AS dk_known FROM ${rows} dk_r ` +
    `LEFT JOIN ${parent.sqlName} p ON p.${key} = dk_r.${quoteIdent(parent.reference)}`
  );
}
