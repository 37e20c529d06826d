/**
 * `v1/series`: gap-filled points per bucket of the period in the dashboard
 * time zone, and the comparison window's points when `compare` is not
 * `none`. The comparison's points carry their own bucket dates; they line
 * up with the period's by position (the windows have the same length, except
 * where a calendar comparison is clamped to a shorter month: 31 March days
 * against 28 in February).
 */
import type { SeriesParams, SeriesResponse } from '../../src/contract/index.js';
import type { Scope } from '../auth/scope.js';
import { todayIn } from './calendar.js';
import { InvalidQueryError } from './errors.js';
import { checkRoles, evaluateMetrics } from './evaluate.js';
import { echoFilters, metricFilters, metricsFilterTopics } from './dimensions.js';
import { type Definition, isTimeSeries, resolveMetrics } from './metrics.js';
import { resolvePeriod } from './period.js';
import { calendarBucketStarts } from './calendars.js';
import { bucketLabels } from './labels.js';
import type { Body, EngineContext, ReportModule } from './types.js';

export async function seriesReport(
  ctx: EngineContext,
  definition: Definition,
  params: SeriesParams,
  scope: Scope,
): Promise<Body<SeriesResponse>> {
  const metrics = resolveMetrics(definition, params.metrics, 'metrics');
  const pointInTime = metrics.filter((m) => !isTimeSeries(m, definition)).map((m) => `"${m.id}"`);
  if (pointInTime.length) {
    throw InvalidQueryError.param(
      'metrics',
      `${pointInTime.join(', ')} ${pointInTime.length > 1 ? 'are point-in-time metrics' : 'is a point-in-time metric'} with no series; use stats`,
    );
  }
  const filters = metricFilters(definition, params.filter, 'series', metrics);
  checkRoles(metrics, scope);
  const now = ctx.now();
  const resolved = resolvePeriod(params, now, ctx.timezone, ctx);
  const { period, comparison } = resolved;
  const granularity = params.granularity ?? resolved.granularity;
  const windows = comparison ? [period, comparison] : [period];
  const [results, echo] = await Promise.all([
    evaluateMetrics(ctx, {
      definition,
      metrics,
      windows,
      bucketed: windows.map((_, i) => i),
      granularity,
      rules: resolved.rules,
      today: todayIn(now, ctx.timezone),
      scope,
      filters,
    }),
    echoFilters(ctx.source, filters, scope),
  ]);
  const series = metrics.map((m) => {
    const r = results.get(m.id);
    const points = r?.points[0] ?? [];
    return comparison ? { metric: m.id, points, previous: r?.points[1] ?? [] } : { metric: m.id, points };
  });
  // Bucket labels are for requests that ask for a locale or calendar: v1 answers stay as they were.
  const labelled = params.locale !== undefined || params.calendar !== undefined;
  const labels = labelled
    ? {
        bucketLabels: bucketLabels(
          calendarBucketStarts(period.from, period.to, granularity, resolved.rules),
          granularity,
          period,
          params.locale ?? ctx.locale,
          resolved.rules.calendar,
        ),
      }
    : {};
  return { period, comparison, granularity, series, ...labels, ...echo };
}

/** `v1/series` moves with whatever its metrics read (and, filtered, with the filters' labels). */
export const SERIES_REPORT: ReportModule<SeriesParams, Body<SeriesResponse>> = {
  topics: (definition, params) => metricsFilterTopics(definition, params.metrics, params.filter, 'series'),
  compute: seriesReport,
};
