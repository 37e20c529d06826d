/** `GET {base}/v1/low-stock?limit&offset`: products at or below their reorder level, most urgent first. */
import * as z from 'zod/mini';
import { envelope, filtered, Id, paging } from './common.js';

export const LowStockItem = z.object({
  id: Id,
  sku: z.string(),
  name: z.string(),
  quantity: z.int(),
  reorderLevel: z.int(),
  /** `out` at quantity ≤ 0, else `low` (quantity ≤ reorder level). */
  status: z.enum(['low', 'out']),
  /** Mean units sold per day over the last 30 days (needs `order_lines`). */
  dailyDemand: z.optional(z.nullable(z.number().check(z.nonnegative()))),
  /** quantity / dailyDemand; `null` when there was no demand. */
  daysOfCover: z.optional(z.nullable(z.number())),
});
export type LowStockItem = z.infer<typeof LowStockItem>;

export const LowStockResponse = z.object({
  items: z.array(LowStockItem),
  /** Out-of-stock products among all matching ones (not only this page). */
  outOfStock: z.int().check(z.nonnegative()),
  ...filtered,
  ...paging,
  ...envelope,
});
export type LowStockResponse = z.infer<typeof LowStockResponse>;
