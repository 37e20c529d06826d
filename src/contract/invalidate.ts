/** `POST {base}/v1/invalidate`: the webhook a host calls when its data changed. */
import * as z from 'zod/mini';
import { Timestamp, Topic } from './common.js';

export const InvalidateRequest = z.strictObject({
  topics: z.array(Topic).check(z.minLength(1, 'name at least one topic')),
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
