/** `POST {base}/v1/invalidate`: the webhook a host calls when its data changed. */
import * as z from 'zod/mini';
import { IsoDate, Timestamp, Topic } from './common.js';

/** Most `times` one invalidation may carry; a larger change sends `from`/`to` (or nothing: everything may have changed). */
export const MAX_INVALIDATE_TIMES = 1000;

/** A changed row's time: an instant with its offset (`2026-03-03T10:15:00Z`) or, for a date column, a date. */
export const ChangedTime = z.union([Timestamp, IsoDate]);

export const InvalidateRequest = z.strictObject({
  topics: z.array(Topic).check(z.minLength(1, 'name at least one topic')),
  /** The changed rows' time-column values (old and new): only the days they fall on are recomputed. */
  times: z.optional(z.array(ChangedTime).check(z.maxLength(MAX_INVALIDATE_TIMES))),
  /** Or a span (inclusive) every changed row's time lies in; both or neither. */
  from: z.optional(ChangedTime),
  to: z.optional(ChangedTime),
});
export type InvalidateRequest = z.infer<typeof InvalidateRequest>;

export const InvalidateResponse = z.object({
  accepted: z.literal(true),
  topics: z.array(Topic),
  /** Cache entries dropped on this instance. */
  dropped: z.int().check(z.nonnegative()),
  at: Timestamp,
});
export type InvalidateResponse = z.infer<typeof InvalidateResponse>;
