/**
 * `GET {base}/v1/activity?limit&before&kinds&filter`: what just happened, newest first (SPEC §7 "Activity").
 * The response; the parameters and the cursor are in activity-params.ts (the widgets need only this).
 *
 * Paging is a keyset cursor, not an offset: `next` names the last item of a
 * page by (time, kind, id), and `before=<next>` returns the items strictly
 * after it in the feed's order. New rows arriving at the top never shift a
 * later page, so a client paging down while orders come in sees no item twice
 * and skips none.
 */
import * as z from 'zod/mini';
import { envelope, Id, Money, Timestamp } from './common.js';

export const ActivityItem = z.object({
  /** The row's id in its own table; unique together with `kind`. */
  id: Id,
  kind: z.string(),
  /** When it happened. */
  at: Timestamp,
  /** One line saying what happened, e.g. "Order #1042". */
  title: z.string(),
  /** A second line, when the host maps one. */
  detail: z.optional(z.string()),
  /** Money involved, in the dashboard currency. */
  amount: z.optional(Money),
  /** The row's state as the host stores it, e.g. `sale`, `done`, `cancel`, `open`. */
  status: z.optional(z.string()),
  /** Who it concerns; `id` is what `filter=customer:<id>` takes. */
  customer: z.optional(z.object({ id: Id, name: z.string() })),
});
export type ActivityItem = z.infer<typeof ActivityItem>;

/**
 * A filter the response applied, with a label to show (the customer's name for `customer:42`). The same shape
 * as every report's `filters` (issue 14a's `AppliedFilter` in common.ts; one schema once both have landed).
 */
const ActivityFilter = z.object({
  dimension: z.string(),
  value: z.string(),
  label: z.string(),
});

export const ActivityResponse = z.object({
  /** Newest first: by time, then kind, then id, all descending. */
  items: z.array(ActivityItem),
  /** Opaque cursor for `before=` to get the next (older) page; absent on the last page. */
  next: z.optional(z.string()),
  /** The page size used. */
  limit: z.int().check(z.positive()),
  /** The filters applied (`filter=`), each with a display label; absent when none. */
  filters: z.optional(z.array(ActivityFilter)),
  ...envelope,
});
export type ActivityResponse = z.infer<typeof ActivityResponse>;
