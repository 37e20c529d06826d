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
  /** Known watermark; the table is served only once it is set. */
  watermark?: string;
  /** Local clock (ms) when the next full check is due. */
  checkDueAt: number;
  /** Invalidated since the last full refresh that started after it: not served. */
  dirty: boolean;
  /** Bumped by each invalidation; a full refresh clears `dirty` only if it is unchanged since the refresh started. */
  generation: number;
  /** A refresh of it is queued and has not started yet: a new invalidation joins it. */
  scheduled: boolean;
  /** A refresh of it is running. */
  refreshing: boolean;
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
          scheduled: false,
          refreshing: false,
        };
        tables.set(key, table);
      }
      for (const topic of metricTopics(metric, definition)) table.topics.add(topic);
      for (const p of partials) table.partials.set(partialKey(p), p);
    }
  }
  return tables;
}
