/**
 * `GET {base}/v1/status`: how fresh the data is (SPEC §7 "Status and
 * freshness") — whether live updates are pushed, the last change the server
 * heard, and the host's data pipelines (an ETL job, a nightly sync) with
 * their last runs. `POST {base}/v1/status/pipelines/{id}` is how such a job
 * reports a run (its body: pipeline-run.ts).
 */
import * as z from 'zod/mini';
import { envelope, Timestamp, Topic } from './common.js';

/** A pipeline id: lowercase letters, digits, `_` and `-`, e.g. `quickbooks-sync`. */
export const PIPELINE_ID = /^[a-z0-9][a-z0-9_-]{0,63}$/;

/** What a run may report; `late` is not reported but worked out by the server. */
export const RUN_STATUSES = ['ok', 'running', 'failed'] as const;
export const PIPELINE_STATUSES = [...RUN_STATUSES, 'late'] as const;

export const Pipeline = z.object({
  id: z.string(),
  label: z.string(),
  /**
   * The last run's status, or `late` when its `nextRunAt` passed without a
   * run being reported since. `ok` with `lastRunAt: null` before any run.
   */
  status: z.enum(PIPELINE_STATUSES),
  /** When the last reported run happened (any status); null before the first. */
  lastRunAt: z.nullable(Timestamp),
  /** When the last `ok` run happened; null before the first. */
  lastSuccessAt: z.nullable(Timestamp),
  /** When the pipeline said it runs next, if it said. */
  nextRunAt: z.optional(Timestamp),
  /** What the last run said, e.g. the error of a failed one. */
  message: z.optional(z.string()),
});
export type Pipeline = z.infer<typeof Pipeline>;

export const LastChange = z.object({
  /** When the server heard it (an invalidation: the webhook, `server.invalidate`, NOTIFY, another instance). */
  at: Timestamp,
  /** The topics that changed. */
  topics: z.array(Topic),
});
export type LastChange = z.infer<typeof LastChange>;

/** A scheduled digest (SPEC §7 "Digests"): a board mailed on a cron schedule. */
export const DigestStatus = z.object({
  id: z.string(),
  /** The named board it sends. */
  board: z.string(),
  /** Five-field cron expression, in `timezone`. */
  schedule: z.string(),
  timezone: z.string(),
  /** When it last went out; null before the first. */
  lastSentAt: z.nullable(Timestamp),
  /** Its next slot; null when the schedule never runs again. */
  nextAt: z.nullable(Timestamp),
  /** The last failure (after the retries), until a send succeeds; or why nothing can be sent. */
  lastError: z.optional(z.object({ at: Timestamp, message: z.string() })),
});
export type DigestStatus = z.infer<typeof DigestStatus>;

/**
 * `v1/status` without its `digests`: what `<dash-status>` reads (it shows no digests, and zod keeps
 * unknown keys out of the result), so the digest schema stays out of the widgets' bundle.
 */
export const StatusCore = z.object({
  /** Whether `v1/events` pushes invalidations (as in `v1/meta`). */
  live: z.boolean(),
  /** The last invalidation heard, or null when none since the status store began. */
  lastChange: z.nullable(LastChange),
  /** Every declared pipeline, in declared order, including those that never ran. */
  pipelines: z.array(Pipeline),
  ...envelope,
});

export type StatusCore = z.infer<typeof StatusCore>;

export const StatusResponse = z.extend(StatusCore, {
  /** The server's scheduled digests, when it has any. */
  digests: z.optional(z.array(DigestStatus)),
});
export type StatusResponse = z.infer<typeof StatusResponse>;
