/** `GET {base}/v1/segments?range`: customers split by revenue percentile. */
import * as z from 'zod/mini';
import { envelope, filtered, Id, Money, Period } from './common.js';

export const SEGMENT_IDS = ['high', 'medium', 'low'] as const;

export const Segment = z.object({
  /** high: top 20 % of buying customers by revenue; medium: the next 30 %; low: the remaining 50 %. */
  segment: z.enum(SEGMENT_IDS),
  customers: z.int().check(z.nonnegative()),
  revenue: Money,
  /** revenue / customers; `null` for an empty segment. */
  averageRevenue: z.nullable(Money),
  /** The segment's largest customers, at most five. */
  topCustomers: z.array(z.object({ id: Id, name: z.string(), revenue: Money })),
});
export type Segment = z.infer<typeof Segment>;

export const SegmentsResponse = z.object({
  period: Period,
  segments: z.array(Segment),
  ...filtered,
  ...envelope,
});
export type SegmentsResponse = z.infer<typeof SegmentsResponse>;
