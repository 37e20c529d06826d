/**
 * `v1/stats`: each metric's value over the period, its value over the
 * comparison window, the relative change and the gap-filled trend at the
 * period's automatic granularity, computed in one SQL statement.
 */
import type { StatsParams, StatsResponse } from '../../src/contract/index.js';
import type { Scope } from '../auth/scope.js';
import { todayIn } from './calendar.js';
import { relativeChange } from './decimal.js';
import { checkRoles, evaluateMetrics } from './evaluate.js';
import { echoFilters, metricFilters, metricsFilterTopics } from './dimensions.js';
import { type Definition, isTimeSeries, resolveMetrics } from './metrics.js';
import { resolvePeriod } from './period.js';
import type { Body, EngineContext, ReportModule } from './types.js';

export async function statsReport(
  ctx: EngineContext,
  definition: Definition,
  params: StatsParams,
  scope: Scope,
): Promise<Body<StatsResponse>> {
  const metrics = resolveMetrics(definition, params.metrics, 'metrics');
  const filters = metricFilters(definition, params.filter, 'stats', metrics);
  checkRoles(metrics, scope);
  const now = ctx.now();
  const { period, comparison, granularity, rules } = resolvePeriod(params, now, ctx.timezone, ctx);
  const windows = comparison ? [period, comparison] : [period];
  const [results, echo] = await Promise.all([
    evaluateMetrics(ctx, {
      definition,
      metrics,
      windows,
      bucketed: [0],
      granularity,
      rules,
      today: todayIn(now, ctx.timezone),
      scope,
      filters,
    }),
    echoFilters(ctx.source, filters, scope),
  ]);
  const stats = metrics.map((m) => {
    const r = results.get(m.id);
    const value = r?.totals[0] ?? null;
    if (!isTimeSeries(m, definition)) return { metric: m.id, value, previous: null, change: null, trend: [] };
    const previous = comparison ? (r?.totals[1] ?? null) : null;
    return { metric: m.id, value, previous, change: relativeChange(value, previous), trend: r?.points[0] ?? [] };
  });
  return { period, comparison, granularity, stats, ...echo };
}

/** `v1/stats` moves with whatever its metrics read (and, filtered, with the filters' labels). */
export const STATS_REPORT: ReportModule<StatsParams, Body<StatsResponse>> = {
  topics: (definition, params) => metricsFilterTopics(definition, params.metrics, params.filter, 'stats'),
  compute: statsReport,
};
