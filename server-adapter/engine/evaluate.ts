/**
 * Evaluates a mix of metrics over one or two windows: the SQL ones in a
 * single statement (compile.ts), function metrics by calling the host's
 * code once per window.
 */
import type { Granularity, Point } from '../../src/contract/index.js';
import type { Scope } from '../auth/scope.js';
import { calendarBucketStarts, type CalendarRules, ISO_RULES } from './calendars.js';
import { type DateWindow, type MetricResult, runSqlMetrics } from './compile.js';
import type { DimensionFilter } from './dimensions.js';
import { RestrictedError } from './errors.js';
import type { Definition, FunctionMetric, MetricDef } from './metrics.js';
import type { EngineContext } from './types.js';

export interface EvaluateRequest {
  definition: Definition;
  metrics: readonly MetricDef[];
  windows: readonly DateWindow[];
  bucketed: readonly number[];
  granularity: Granularity;
  /** Where week and month buckets begin (the period's calendar rules); absent: ISO weeks, Gregorian months. */
  rules?: CalendarRules;
  today: string;
  scope: Scope;
  /** The request's filters, checked to narrow every metric (dimensions.ts `metricFilters`). */
  filters?: readonly DimensionFilter[];
}

/** A metric restricted to roles is a 403 for a scope holding none of them. */
export function checkRoles(metrics: readonly MetricDef[], scope: Scope): void {
  for (const m of metrics) {
    if (m.roles && !m.roles.some((r) => scope.roles.includes(r))) {
      throw new RestrictedError(`metric "${m.id}" is restricted to the roles ${m.roles.join(', ')}`);
    }
  }
}

export async function evaluateMetrics(ctx: EngineContext, req: EvaluateRequest): Promise<Map<string, MetricResult>> {
  const sqlMetrics = req.metrics.filter((m) => m.kind !== 'function');
  const fnMetrics = req.metrics.filter((m): m is FunctionMetric => m.kind === 'function');
  const [sqlResults, fnResults] = await Promise.all([
    runSqlMetrics(ctx.source, { ...req, metrics: sqlMetrics, timezone: ctx.timezone, rollups: ctx.rollups }),
    Promise.all(fnMetrics.map((m) => runFunctionMetric(ctx, req, m))),
  ]);
  fnMetrics.forEach((m, i) => sqlResults.set(m.id, fnResults[i] as MetricResult));
  return sqlResults;
}

async function runFunctionMetric(
  ctx: EngineContext,
  req: EvaluateRequest,
  metric: FunctionMetric,
): Promise<MetricResult> {
  const pointInTime = metric.timeSeries === false;
  const windows = pointInTime ? req.windows.slice(0, 1) : req.windows;
  const answers = await Promise.all(
    windows.map((w) => {
      const buckets = calendarBucketStarts(w.from, w.to, req.granularity, req.rules ?? ISO_RULES);
      return metric
        .fn({
          from: w.from,
          to: w.to,
          granularity: req.granularity,
          timezone: ctx.timezone,
          scope: req.scope,
          buckets,
          filters: Object.fromEntries((req.filters ?? []).map((f) => [f.dimension.id, f.value])),
        })
        .then((answer) => ({ answer, buckets }));
    }),
  );
  const result: MetricResult = { totals: req.windows.map(() => null), points: req.windows.map(() => []) };
  answers.forEach(({ answer, buckets }, w) => {
    result.totals[w] = answer.value;
    if (pointInTime || !req.bucketed.includes(w)) return;
    // Align to the engine's buckets: a bucket the host left out is an empty one.
    const byStart = new Map(answer.points.map((p) => [p.t, p.v]));
    result.points[w] = buckets.map((t): Point => ({ t, v: byStart.has(t) ? (byStart.get(t) ?? null) : 0 }));
  });
  return result;
}
