/**
 * Which reads the rollups answer: the hook compile.ts calls for each group
 * of metrics over one table and time column. A table is served only once
 * built, while not dirty, and never for a scope or a filter that narrows its rows.
 */
import { type RollupRouter, scopeColumns } from '../compile.js';
import { narrows } from '../dimensions.js';
import type { RollupTable } from './plan.js';
import type { RollupScheduler } from './scheduler.js';
import { groupKey, servingCte } from './sql.js';

export function createRollupRouter(tables: ReadonlyMap<string, RollupTable>, scheduler: RollupScheduler): RollupRouter {
  return {
    serve(cteName, spec, bases, q) {
      scheduler.poke();
      const table = tables.get(groupKey(spec));
      // Dirty: invalidated, not recomputed yet; the raw table has the right number.
      if (!table?.shape || table.watermark === undefined || table.dirty) return undefined;
      // A scope or a filter narrowing this table (a customer's own rows) cannot be answered from global daily rows.
      if (scopeColumns(spec, q.scope).length > 0 || narrows(spec.table, q.filters)) return undefined;
      return servingCte(table.shape, table.watermark, cteName, spec, bases, q);
    },
    recover(error) {
      // 42P01 undefined_table: someone dropped a rollup; answer raw now, recreate on a later query.
      if ((error as { code?: unknown } | null)?.code !== '42P01') return false;
      scheduler.forget();
      return true;
    },
  };
}
