/**
 * Which reads the rollups answer: the hook compile.ts calls for each group
 * of metrics over one table and time column. A table is served only once
 * built, while not dirty, and never for a scope or a filter that narrows its rows;
 * its dirty days (an invalidation with times named them) are read raw beside it.
 */
import { MAX_DIRTY_RUNS } from './options.js';
import { type RollupRouter, scopeColumns } from '../compile.js';
import { narrows } from '../dimensions.js';
import type { RollupTable } from './plan.js';
import type { RollupScheduler } from './scheduler.js';
import { MAX_READ_SLICES, parseSliceKey, type SliceKey } from './slices.js';
import { dayRuns, type DirtyRead, groupKey, servingCte } from './sql.js';

/** The days with rows a read must take raw (dirty days and days with dirty slices, before the watermark), sorted. */
export function dirtyBelow(table: RollupTable, watermark: string): string[] {
  const days = new Set<string>();
  for (const day of table.dirtyDays.keys()) if (day < watermark) days.add(day);
  for (const key of table.dirtySlices.keys()) {
    const { day } = parseSliceKey(key);
    if (day < watermark) days.add(day);
  }
  return [...days].sort();
}

/**
 * What a read takes raw beside the rollup: the dirty days before the
 * watermark, and the dirty slices of other days (too many, and their days
 * are taken whole).
 */
export function dirtyRead(table: RollupTable, watermark: string): DirtyRead {
  const whole = new Set<string>();
  for (const day of table.dirtyDays.keys()) if (day < watermark) whole.add(day);
  let slices: SliceKey[] = [];
  for (const key of table.dirtySlices.keys()) {
    const slice = parseSliceKey(key);
    if (slice.day < watermark && !whole.has(slice.day)) slices.push(slice);
  }
  if (slices.length > MAX_READ_SLICES || !table.shape?.slices) {
    for (const s of slices) whole.add(s.day);
    slices = [];
  }
  return { days: [...whole].sort(), slices };
}

export function createRollupRouter(tables: ReadonlyMap<string, RollupTable>, scheduler: RollupScheduler): RollupRouter {
  return {
    serve(cteName, spec, bases, q) {
      scheduler.poke();
      const table = tables.get(groupKey(spec));
      // Dirty: invalidated, not recomputed yet; the raw table has the right number.
      if (!table?.shape || table.watermark === undefined || table.dirty) return undefined;
      // A scope or a filter narrowing this table (a customer's own rows) cannot be answered from global daily rows.
      if (scopeColumns(spec, q.scope).length > 0 || narrows(spec.table, q.filters)) return undefined;
      const dirty = dirtyRead(table, table.watermark);
      // Scattered dirty days: many OR-ed ranges would cost more than reading the group raw.
      if (dirty.days.length > 0 && dayRuns(dirty.days).length > MAX_DIRTY_RUNS) return undefined;
      return servingCte(table.shape, table.watermark, dirty, cteName, spec, bases, q);
    },
    recover(error) {
      // 42P01 undefined_table: someone dropped a rollup; answer raw now, recreate on a later query.
      if ((error as { code?: unknown } | null)?.code !== '42P01') return false;
      scheduler.forget();
      return true;
    },
  };
}
