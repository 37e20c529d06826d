/** `GET {base}/v1/events`: Server-Sent Events. `event: invalidate` carries this payload. */
import * as z from 'zod/mini';
import { Timestamp, Topic } from './common.js';

export const InvalidateEvent = z.object({
  topics: z.array(Topic),
  at: Timestamp,
});
export type InvalidateEvent = z.infer<typeof InvalidateEvent>;
