/** `GET {base}/v1/breakdown?metric&by&limit&range`: top-N contributors plus an `other` row. */
import * as z from 'zod/mini';
import { envelope, filtered, Money, Period } from './common.js';

export const BreakdownRow = z.object({
  /** The dimension value (e.g. a customer id), or `other` for everyone outside the top N. */
  key: z.string(),
  label: z.string(),
  value: Money,
  /** Fraction 0–1 of the period's total. */
  share: z.number().check(z.gte(0), z.lte(1)),
});
export type BreakdownRow = z.infer<typeof BreakdownRow>;

export const BreakdownResponse = z.object({
  period: Period,
  metric: z.string(),
  by: z.string(),
  /** The metric's total over the period (the sum of every row). */
  total: Money,
  rows: z.array(BreakdownRow),
  ...filtered,
  ...envelope,
});
export type BreakdownResponse = z.infer<typeof BreakdownResponse>;
