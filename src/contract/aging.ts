/**
 * `GET {base}/v1/aging?asOf&basis&buckets&sort&order&limit&offset&search&minAmount`:
 * accounts-receivable aging, per bucket and per customer.
 */
import * as z from 'zod/mini';
import { envelope, filtered, Id, IsoDate, Money, paging } from './common.js';

/**
 * Money per aging bucket id. Written as an object whose every property is
 * Money rather than as a record of string to Money: it accepts and returns the
 * same, and zod/mini's record schema would add about 0.6 KB gzip to every
 * widget bundle (the object's catchall is there anyway).
 */
const BucketAmounts = z.catchall(z.object({}), Money);

export const AgingBucket = z.object({
  /** `current`, `days_1_30`, …, `days_121_plus` (derived from the boundaries). */
  id: z.string(),
  label: z.string(),
  /** Inclusive day range; `current` is everything at 0 days or fewer (`fromDays: null`). */
  fromDays: z.nullable(z.int()),
  /** `null` for the open-ended last bucket. */
  toDays: z.nullable(z.int()),
});
export type AgingBucket = z.infer<typeof AgingBucket>;

export const AgingCustomer = z.object({
  id: Id,
  name: z.string(),
  /** Amount due over all open invoices. */
  total: Money,
  /** Amount due of invoices past their due date. */
  overdue: Money,
  /** Amount due per bucket id (every bucket present, 0 included). */
  buckets: BucketAmounts,
  /** Number of open invoices. */
  invoices: z.int().check(z.nonnegative()),
  /** Days overdue of the oldest open invoice (≤ 0 when none is overdue). */
  oldestDaysOverdue: z.int(),
});
export type AgingCustomer = z.infer<typeof AgingCustomer>;

export const AgingSummary = z.object({
  /** Customers with an open balance (after `search` and `minAmount`). */
  customers: z.int().check(z.nonnegative()),
  receivable: Money,
  overdue: Money,
  /** overdue / receivable, 0–1; 0 when nothing is receivable. */
  overdueRatio: z.number().check(z.gte(0), z.lte(1)),
  /** Open invoices. */
  invoices: z.int().check(z.nonnegative()),
  /** Mean days overdue of overdue open invoices; `null` when none is overdue. */
  averageDaysOverdue: z.nullable(z.number()),
  /** Customers with any amount more than 90 days overdue. */
  atRiskCustomers: z.int().check(z.nonnegative()),
});
export type AgingSummary = z.infer<typeof AgingSummary>;

export const AgingResponse = z.object({
  asOf: IsoDate,
  basis: z.enum(['due', 'invoice']),
  buckets: z.array(AgingBucket),
  /** Amount due per bucket id over every matching customer (not only this page). */
  totals: BucketAmounts,
  summary: AgingSummary,
  customers: z.array(AgingCustomer),
  /** The `bucket` asked for: `customers`, `summary` and `totals` cover only customers with an amount in it. */
  bucket: z.optional(z.string()),
  ...filtered,
  ...paging,
  ...envelope,
});
export type AgingResponse = z.infer<typeof AgingResponse>;
