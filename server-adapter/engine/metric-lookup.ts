/**
 * Looking a definition up: metrics and breakdowns by id (an unknown id is a
 * 400 naming the parameter), whether a metric is a time series, and the
 * invalidation topics metrics depend on.
 */
import type { Topic } from '../../src/contract/index.js';
import { TOPICS } from '../../src/contract/index.js';
import { InvalidQueryError } from './errors.js';
import type { BreakdownDef, Definition, MetricDef, RatioMetric, TimedAggregateSpec } from './metric-types.js';

/** Whether a metric has values per period (usable in `series` and `trend`). */
export function isTimeSeries(metric: MetricDef, definition: Definition): boolean {
  switch (metric.kind) {
    case 'sql':
      return true;
    case 'snapshot':
      return false;
    case 'function':
      return metric.timeSeries !== false;
    case 'ratio':
      return isTimed(metric.numerator, definition);
  }
}

function isTimed(part: RatioMetric['numerator'], definition: Definition): boolean {
  if (typeof part !== 'string') return (part as Partial<TimedAggregateSpec>).time !== undefined;
  return findMetric(definition, part)?.kind === 'sql';
}

export function findMetric(definition: Definition, id: string): MetricDef | undefined {
  return definition.metrics.find((m) => m.id === id);
}

/** The topic a table is, when its name is one (`sales.orders` → `orders`). */
export function tableTopic(table: string): Topic[] {
  const name = table.split('.').pop() ?? table;
  return (TOPICS as readonly string[]).includes(name) ? [name as Topic] : [];
}

/** Topics a metric depends on: its own list, else the tables it reads that are topics. */
export function metricTopics(metric: MetricDef, definition: Definition): Topic[] {
  if (metric.topics) return [...metric.topics];
  if (metric.kind === 'sql' || metric.kind === 'snapshot') return tableTopic(metric.table);
  if (metric.kind === 'function') return [];
  const part = (p: RatioMetric['numerator']): Topic[] => {
    if (typeof p !== 'string') return tableTopic(p.table);
    const m = findMetric(definition, p);
    return m ? metricTopics(m, definition) : [];
  };
  return [...new Set([...part(metric.numerator), ...part(metric.denominator)])];
}

/** Topics deduplicated, in one order (cache tags compare as lists). */
export function sortedTopics(topics: Iterable<Topic>): Topic[] {
  return [...new Set(topics)].sort();
}

/** Topics the metrics `ids` depend on; an unknown id is an InvalidQueryError naming `param`. */
export function metricsTopics(definition: Definition, ids: readonly string[], param: string): Topic[] {
  return sortedTopics(resolveMetrics(definition, ids, param).flatMap((m) => metricTopics(m, definition)));
}

/** Looks metrics up by id; an unknown id is a 400 naming `param` and listing the known ids. */
export function resolveMetrics(definition: Definition, ids: readonly string[], param: string): MetricDef[] {
  return ids.map((id) => {
    const metric = findMetric(definition, id);
    if (!metric) {
      const known = definition.metrics.map((m) => m.id).join(', ');
      throw InvalidQueryError.param(param, `unknown metric "${id}"; known: ${known}`);
    }
    return metric;
  });
}

export function resolveBreakdown(definition: Definition, id: string): BreakdownDef {
  const breakdown = definition.breakdowns.find((b) => b.id === id);
  if (!breakdown) {
    const known = definition.breakdowns.map((b) => b.id).join(', ') || '(none)';
    throw InvalidQueryError.param('by', `unknown breakdown "${id}"; known: ${known}`);
  }
  return breakdown;
}
