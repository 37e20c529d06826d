/** `GET {base}/v1/series?metrics=a,b&range&from&to&granularity&compare`: gap-filled time series. */
import * as z from 'zod/mini';
import { Comparison, envelope, filtered, Granularity, Period, Point } from './common.js';

export const Series = z.object({
  metric: z.string(),
  /** One point per bucket of the period, in order, none missing: an empty day is a 0 point. */
  points: z.array(Point),
  /** The comparison window's points, bucket for bucket, when `compare` is not `none`. */
  previous: z.optional(z.array(Point)),
});
export type Series = z.infer<typeof Series>;

export const SeriesResponse = z.object({
  period: Period,
  comparison: Comparison,
  /** Chosen automatically when absent: day up to 62 days, week up to 26 weeks, else month. */
  granularity: Granularity,
  series: z.array(Series),
  /**
   * A label per bucket of the period (the `t` of `points`, in order), in the request's locale and calendar:
   * `۱ فروردین`, `1–7 Apr 2026`, `۱۴۰۵ فروردین`. Present when the request names `locale` or `calendar`.
   */
  bucketLabels: z.optional(z.array(z.string())),
  ...filtered,
  ...envelope,
});
export type SeriesResponse = z.infer<typeof SeriesResponse>;
