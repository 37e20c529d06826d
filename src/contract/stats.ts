/** `GET {base}/v1/stats?metrics=a,b&range&from&to&compare`: headline numbers with comparison and trend. */
import * as z from 'zod/mini';
import { Comparison, envelope, filtered, Granularity, MetricValue, Period, Point } from './common.js';

export const Stat = z.object({
  metric: z.string(),
  /** Value over the period; `null` when undefined (an average over no orders). */
  value: MetricValue,
  /** Value over the comparison window; `null` when `compare=none` or undefined. */
  previous: MetricValue,
  /** Relative change (value − previous) / previous; `null` when previous is 0, null or absent. */
  change: z.nullable(z.number()),
  /** The gap-filled series behind the value (empty for point-in-time metrics). */
  trend: z.array(Point),
});
export type Stat = z.infer<typeof Stat>;

export const StatsResponse = z.object({
  period: Period,
  comparison: Comparison,
  /** Bucket size of every `trend`. */
  granularity: z.optional(Granularity),
  stats: z.array(Stat),
  ...filtered,
  ...envelope,
});
export type StatsResponse = z.infer<typeof StatsResponse>;
