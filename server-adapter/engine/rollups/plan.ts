/**
 * Which rollup tables a definition needs: one per source table and time
 * column read by `sum`, `count` or `avg` parts, with the candidate partials
 * of every metric over it, and the state each table carries at run time.
 */
import type { Topic } from '../../../src/contract/index.js';
import type { Part } from '../compile.js';
import { type AggregateSpec, type Definition, findMetric, metricTopics } from '../metrics.js';
import { groupKey, partialKey, partialsOf, type RollupShape, type TimeSpec } from './sql.js';

/** One rollup table: what it aggregates (fixed) and where it stands (changes as it is refreshed and invalidated). */
export interface RollupTable {
  spec: TimeSpec;
  /** Topics whose invalidation refreshes it; empty: every invalidation does. */
  topics: Set<Topic>;
  /** Candidate partials by key; `ensure` keeps those whose sums are exact. */
  partials: Map<string, AggregateSpec>;
  /** Set once its table exists (tables.ts `ensure`). */
  shape?: RollupShape;
  /** Table name without schema. */
  label?: string;
  /** The source table as the database names it (`schema.table`), once `ensure` found it: what trigger payloads name. */
  source?: string;
  /** Known watermark; the table is served only once it is set. */
  watermark?: string;
  /** Local clock (ms) when the next full check is due. */
  checkDueAt: number;
  /** Invalidated without times since the last full refresh that started after it: not served. */
  dirty: boolean;
  /** Bumped by each invalidation; a refresh clears what was dirtied at or before the generation it started at. */
  generation: number;
  /** The generation of the last invalidation without times: a full refresh started at or after it clears `dirty`. */
  untimedAt: number;
  /**
   * Local days an invalidation with times dirtied, with the generation that
   * dirtied them last. Those before the watermark are read raw until a
   * refresh started after that generation recomputed them; those from the
   * watermark on are read raw anyway and wait for the watermark to pass them.
   */
  dirtyDays: Map<string, number>;
  /**
   * Slices (slices.ts, `sliceKey`) an announced instant dirtied, with the
   * generation that dirtied them last, on days not in `dirtyDays`: read raw
   * (their day's other slices from the slices table) until their day is
   * recomputed, like `dirtyDays`.
   */
  dirtySlices: Map<string, number>;
  /** A refresh of it is queued and has not started yet: a new invalidation joins it. */
  scheduled: boolean;
  /** A refresh of it is running. */
  refreshing: boolean;
  /** Local clock (ms) when its last recomputation of dirty days started; the next waits `coalesceMs` after it. */
  daysRefreshedAt: number;
}

/** The parts of a metric that read a table directly: the metric itself, or a ratio's SQL sides. */
function partsOf(metric: Definition['metrics'][number], definition: Definition): Part[] {
  if (metric.kind === 'sql') return [metric];
  if (metric.kind !== 'ratio') return [];
  const parts: Part[] = [];
  for (const part of [metric.numerator, metric.denominator]) {
    const spec = typeof part === 'string' ? findMetric(definition, part) : part;
    if (spec && (typeof part !== 'string' || (spec as { kind?: string }).kind === 'sql')) parts.push(spec as Part);
  }
  return parts;
}

/** The rollup tables `definition` needs, by `groupKey`; empty when no metric can be rolled up. */
export function plannedTables(definition: Definition): Map<string, RollupTable> {
  const tables = new Map<string, RollupTable>();
  for (const metric of definition.metrics) {
    for (const part of partsOf(metric, definition)) {
      const partials = part.time === undefined ? undefined : partialsOf(part);
      if (!partials || part.time === undefined) continue;
      const key = groupKey(part);
      let table = tables.get(key);
      if (!table) {
        table = {
          spec: { table: part.table, time: part.time, timeType: part.timeType ?? 'timestamptz' },
          topics: new Set(),
          partials: new Map(),
          checkDueAt: 0,
          dirty: false,
          generation: 0,
          untimedAt: 0,
          dirtyDays: new Map(),
          dirtySlices: new Map(),
          scheduled: false,
          refreshing: false,
          daysRefreshedAt: 0,
        };
        tables.set(key, table);
      }
      for (const topic of metricTopics(metric, definition)) table.topics.add(topic);
      for (const p of partials) table.partials.set(partialKey(p), p);
    }
  }
  return tables;
}
