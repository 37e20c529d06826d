/**
 * Metrics are declared, not coded (SPEC §4): each is data the engine
 * compiles to SQL. This module is the one place the rest of the adapter
 * imports definitions from; it re-exports:
 *
 * - metric-types.ts — the shapes of a definition (metrics, breakdowns,
 *   dimensions, `Definition`) and the aggregate sets;
 * - commerce-definition.ts — the built-in "commerce" definition over the
 *   demo schema;
 * - metric-lookup.ts — lookups by id, time-series and topic rules.
 *
 * The checks a definition must pass before an engine uses it are in
 * config-check.ts.
 */
export type {
  Aggregate,
  AggregateSpec,
  BreakdownDef,
  Definition,
  DimensionDef,
  FunctionMetric,
  MetricDef,
  MetricFormat,
  MetricFunctionContext,
  MetricFunctionResult,
  PipelineDef,
  RatioMetric,
  SnapshotMetric,
  SqlMetric,
  TimedAggregateSpec,
} from './metric-types.js';
export { ADDITIVE, ZERO_WHEN_EMPTY } from './metric-types.js';
export { COMMERCE_DEFINITION } from './commerce-definition.js';
export {
  findMetric,
  isTimeSeries,
  metricTopics,
  metricsTopics,
  resolveBreakdown,
  resolveMetrics,
  sortedTopics,
  tableTopic,
} from './metric-lookup.js';
