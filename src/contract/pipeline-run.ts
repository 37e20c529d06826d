/** Body of `POST {base}/v1/status/pipelines/{id}`: a data pipeline reports a run (see status.ts). */
import * as z from 'zod/mini';
import { Timestamp } from './common.js';
import { RUN_STATUSES } from './status.js';

/** Longest `message` of a run report. */
export const MAX_RUN_MESSAGE_LENGTH = 1000;

/** Body of `POST {base}/v1/status/pipelines/{id}`. */
export const PipelineRunRequest = z.strictObject({
  status: z.enum(RUN_STATUSES, {
    error: (issue) => `expected one of ${RUN_STATUSES.join(', ')}, got ${JSON.stringify(issue.input)}`,
  }),
  /** When the run happened (started, for `running`); default: when the server received the report. */
  at: z.optional(Timestamp),
  /** When the pipeline runs next; `null` withdraws an earlier promise; absent keeps it. */
  nextRunAt: z.optional(z.nullable(Timestamp)),
  /** What to show beside the status, e.g. the error of a failed run. */
  message: z.optional(
    z.string().check(z.maxLength(MAX_RUN_MESSAGE_LENGTH, `at most ${MAX_RUN_MESSAGE_LENGTH} characters`)),
  ),
});
export type PipelineRunRequest = z.infer<typeof PipelineRunRequest>;
