/**
 * The database side of daily rollups: creating their tables (idempotently,
 * keeping the partials whose sums are exact) and recomputing a range of days
 * of one table in one statement, each under an advisory lock so that two
 * instances never refresh the same table at once.
 */
import { createHash } from 'node:crypto';
import type { Source } from '../../sources/source.js';
import { addDays } from '../calendar.js';
import { aggregateSql, SqlContext } from '../compile.js';
import { Params, qualified, quoteIdent } from '../sql.js';
import type { RefreshInfo, RollupSettings } from './options.js';
import type { RollupTable } from './plan.js';
import { type SliceKey, slicesTableSql } from './slices.js';
import { daysRefreshSql, slicesRecomputeSql, EXACT_TYPES, firstDaySql, metaTableSql, refreshSql } from './sql.js';

/** `auto`: move the watermark if it is behind (a full check when due); `recent`: the recent days; `full`: every day. */
export type RefreshMode = 'auto' | 'recent' | 'full';

export interface RollupTables {
  /** Creates the schema, the meta table and one table per rollup; sets each table's `shape` (those that could be made). */
  ensure(): Promise<void>;
  /** Recomputes one table; undefined when `auto` found nothing to do (its watermark is where it should be). */
  refresh(table: RollupTable, mode: RefreshMode): Promise<Omit<RefreshInfo, 'ms'> | undefined>;
  /** Recomputes the given days (sorted, distinct, before the watermark) of one table: one upsert. */
  refreshDays(table: RollupTable, days: readonly string[]): Promise<Omit<RefreshInfo, 'ms'>>;
  /** Recomputes the given slices (of days before the watermark) and their days from their slices: one statement. */
  refreshSlices(table: RollupTable, keys: readonly SliceKey[]): Promise<Omit<RefreshInfo, 'ms'>>;
}

const slug = (name: string) =>
  (name.split('.').pop() ?? name)
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .slice(0, 20);

export function createRollupTables(
  source: Source,
  timezone: string,
  settings: RollupSettings,
  tables: readonly RollupTable[],
  /** The watermark a refresh now moves to: the first of the days always read raw. */
  target: () => string,
): RollupTables {
  const { schema, createTables, fullCheckMs, recentDays } = settings;
  const qSchema = quoteIdent(schema);
  const meta = `${qSchema}."rollup_meta"`;

  /** Runs `work` in a transaction holding an advisory lock, so two instances never refresh one table at once. */
  async function locked<T>(lock: string, work: (db: Source) => Promise<T>): Promise<T> {
    if (!source.transaction) return work(source);
    return source.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [lock]);
      // A planner estimate over a large table can cross jit_above_cost, and compiling (~0.5 s)
      // would dwarf a recent-days refresh that runs in milliseconds.
      await tx.exec('SET LOCAL jit = off');
      return work(tx);
    });
  }

  /**
   * Runs the one statement that recomputes `days` (sorted) of `table`, or
   * slices of them, under the table's lock; what it did.
   */
  async function recomputeDays(
    table: RollupTable,
    days: readonly string[],
    statement: { text: string; values: Params['values'] },
    extra: { slices?: number } = {},
  ): Promise<Omit<RefreshInfo, 'ms'>> {
    const label = table.label!;
    return locked(`dashkit.rollup:${schema}.${label}`, async (db) => {
      const [result] = await db.query<{ changed: number }>(statement.text, statement.values);
      return {
        rollup: `${schema}.${label}`,
        table: table.spec.table,
        mode: 'days',
        from: days[0]!,
        to: addDays(days.at(-1)!, 1),
        days: days.length,
        ...extra,
        changedDays: result?.changed ?? 0,
      } as const;
    });
  }

  async function ensureTable(db: Source, table: RollupTable): Promise<void> {
    const from = qualified(table.spec.table);
    const [resolved] = await db.query<{ name: string }>(
      `SELECT n.nspname || '.' || c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = to_regclass($1)`,
      [from],
    );
    if (!resolved) return; // no such table (yet): its metrics stay raw
    const keys = [...table.partials.keys()].sort();
    const sql = new SqlContext(new Params(), '');
    const types = keys.map((k, i) => `pg_typeof(${aggregateSql(table.partials.get(k)!, sql)})::text AS t${i}`);
    const [typeRow] = await db.query<Record<string, string>>(`SELECT ${types.join(', ')} FROM ${from} WHERE false`);
    const typeOf = (k: string) => typeRow?.[`t${keys.indexOf(k)}`] ?? '';
    const kept = keys.filter((k) => EXACT_TYPES.has(typeOf(k)));
    if (kept.length === 0) return;
    // Another zone, definition or source table is another rollup table.
    const hash = createHash('sha256')
      .update(JSON.stringify({ v: 2, source: resolved.name, ...table.spec, tz: timezone, partials: kept }))
      .digest('hex')
      .slice(0, 12);
    const label = `r_${slug(table.spec.table)}_${slug(table.spec.time)}_${hash}`;
    const name = `${qSchema}.${quoteIdent(label)}`;
    // Per-slice partials (slices.ts) for an instant-valued time column.
    let slices = table.spec.timeType === 'timestamptz' ? `${qSchema}.${quoteIdent(`${label}_s`)}` : undefined;
    if (createTables) {
      const defs = kept.map((k, i) => `p${i} ${typeOf(k)}`);
      await db.exec(`CREATE TABLE IF NOT EXISTS ${name} (dk_day date PRIMARY KEY, ${defs.join(', ')})`);
      if (slices) await db.exec(slicesTableSql(slices, defs));
      await db.query(
        `INSERT INTO ${meta} (name, source_table, time_column, timezone, partials) VALUES ($1, $2, $3, $4, $5::jsonb) ON CONFLICT (name) DO NOTHING`,
        [label, resolved.name, table.spec.time, timezone, JSON.stringify(kept.map((k) => JSON.parse(k) as unknown))],
      );
    } else {
      const [exists] = await db.query<{ ok: boolean }>(
        `SELECT to_regclass($1) IS NOT NULL AND EXISTS (SELECT 1 FROM ${meta} WHERE name = $2) AS ok`,
        [name, label],
      );
      if (!exists?.ok) return;
      if (slices) {
        const [found] = await db.query<{ ok: boolean }>('SELECT to_regclass($1) IS NOT NULL AS ok', [slices]);
        if (!found?.ok) slices = undefined; // made by hand without it: announced instants dirty whole days
      }
    }
    table.label = label;
    table.source = resolved.name;
    table.shape = {
      name,
      spec: table.spec,
      columns: new Map(kept.map((k, i) => [k, `p${i}`])),
      partials: table.partials,
      ...(slices ? { slices } : {}),
      types: new Map(kept.map((k, i) => [`p${i}`, typeOf(k)])),
    };
  }

  return {
    async ensure() {
      await locked(`dashkit.rollups:${schema}`, async (db) => {
        if (createTables) {
          await db.exec(`CREATE SCHEMA IF NOT EXISTS ${qSchema}; ${metaTableSql(meta)}`);
        } else {
          const [found] = await db.query<{ ok: boolean }>('SELECT to_regclass($1) IS NOT NULL AS ok', [meta]);
          if (!found?.ok) return; // nothing created for us: every metric stays raw
        }
        for (const table of tables) await ensureTable(db, table);
      });
    },

    async refresh(table, mode) {
      const shape = table.shape!;
      const label = table.label!;
      const goal = target();
      return locked(`dashkit.rollup:${schema}.${label}`, async (db) => {
        const [row] = await db.query<{ watermark: string | null; age: number | null }>(
          `SELECT watermark::text AS watermark, extract(epoch FROM now() - checked_at)::float8 AS age FROM ${meta} WHERE name = $1`,
          [label],
        );
        const stored = row?.watermark ?? null;
        const age = row?.age ?? null;
        const full = mode === 'full' || stored === null || age === null || age * 1000 >= fullCheckMs;
        if (!full && mode === 'auto' && stored !== null && stored >= goal && (table.watermark ?? '') >= goal) {
          // Nothing to move. (A watermark another instance moved is not adopted as is: its clock may run
          // ahead, and its statement may predate a change this instance heard of; the recent refresh
          // below recomputes those days here, after everything this instance was told.)
          table.checkDueAt = Date.now() + fullCheckMs - (age ?? 0) * 1000;
          return undefined;
        }
        // The watermark never moves back: every day below it is kept up to date.
        const hi = stored !== null && stored > goal ? stored : goal;
        let lo = addDays(stored !== null && stored < goal ? stored : goal, -recentDays);
        if (full) {
          const first = firstDaySql(shape, timezone);
          const [bounds] = await db.query<{ lo: string | null }>(first.text, first.values);
          lo = bounds?.lo && bounds.lo < hi ? bounds.lo : hi;
        }
        const statement = refreshSql(shape, { meta, label, lo, hi, full, timezone });
        const [result] = await db.query<{ changed: number }>(statement.text, statement.values);
        if (!result) throw new Error(`rollup ${label}: its row in ${schema}.rollup_meta is missing`);
        table.checkDueAt = Date.now() + (full ? fullCheckMs : fullCheckMs - (age ?? 0) * 1000);
        return {
          rollup: `${schema}.${label}`,
          table: table.spec.table,
          mode: full ? 'full' : 'recent',
          from: lo,
          to: hi,
          changedDays: result.changed,
        } as const;
      });
    },

    refreshDays: (table, days) => recomputeDays(table, days, daysRefreshSql(table.shape!, { days, timezone })),

    refreshSlices(table, keys) {
      const days = [...new Set(keys.map((k) => k.day))].sort();
      const statement = slicesRecomputeSql(table.shape!, { keys, timezone });
      return recomputeDays(table, days, statement, { slices: keys.length });
    },
  };
}
