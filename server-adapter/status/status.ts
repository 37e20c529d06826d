/**
 * `v1/status` as the server works it out: the declared pipelines with their
 * stored runs, `late` decided at read time against the clock, and the last
 * change heard. Run reports (the webhook, `server.reportRun`) are checked
 * here, so both paths refuse the same things with the same words.
 */
import type { LastChange, Pipeline, PipelineRunRequest, StatusResponse, Topic } from '../../src/contract/index.js';
import type { ParamError } from '../../src/contract/index.js';
import { localize } from '../engine/labels.js';
import type { PipelineDef } from '../engine/metrics.js';
import type { PipelineRecord, StatusStore } from './store.js';

/**
 * How far ahead of this server's clock a run's `at` may be: a job's clock a
 * little fast is normal; an hour ahead is a mistake that would hide every
 * later report (older reports are ignored).
 */
export const MAX_RUN_CLOCK_SKEW_MS = 5 * 60_000;

export interface StatusOptions {
  store: StatusStore;
  /** Declared pipelines, in the order `v1/status` lists them. */
  pipelines: readonly PipelineDef[];
  /** Whether `v1/events` pushes invalidations. */
  live: boolean;
  now: () => Date;
  /** The server's locale: the pipelines' labels when a request names none. */
  locale?: string;
}

/** A run report the server refuses; `errors` name each bad field (a 400 over HTTP). */
export class RunReportError extends Error {
  readonly errors: readonly ParamError[];
  constructor(errors: readonly ParamError[]) {
    super(errors.map((e) => `${e.param}: ${e.message}`).join('; '));
    this.name = 'RunReportError';
    this.errors = errors;
  }
}

/** A run reported for a pipeline nobody declared (a 404 over HTTP). */
export class UnknownPipelineError extends Error {
  constructor(id: string, known: readonly string[]) {
    super(`no pipeline "${id}"; declared: ${known.length ? known.join(', ') : '(none)'}`);
    this.name = 'UnknownPipelineError';
  }
}

export interface Status {
  /** The body of `v1/status`, without `generatedAt` and `cache`; pipeline labels in `locale` (default the server's). */
  read(locale?: string): Promise<Omit<StatusResponse, 'generatedAt' | 'cache'>>;
  /** Applies a run report (an older one than the last applied changes nothing); resolves to the pipeline now. */
  report(id: string, run: PipelineRunRequest): Promise<Pipeline>;
  /** Remembers an invalidation; never rejects. */
  heard(topics: readonly Topic[]): Promise<void>;
  /** Whether `id` is a declared pipeline. */
  has(id: string): boolean;
  /** The declared pipelines' ids, in order. */
  readonly ids: readonly string[];
}

/**
 * A pipeline as `v1/status` shows it now: `late` when it promised a next run
 * (`nextRunAt`) that time has passed and no run was reported since then.
 */
export function pipelineView(
  def: PipelineDef,
  record: PipelineRecord | undefined,
  now: number,
  locale = 'en',
): Pipeline {
  const label = localize(def.label, locale);
  if (!record) return { id: def.id, label, status: 'ok', lastRunAt: null, lastSuccessAt: null };
  const next = record.nextRunAt === null ? undefined : Date.parse(record.nextRunAt);
  const late = next !== undefined && now > next && Date.parse(record.lastRunAt) < next;
  return {
    id: def.id,
    label,
    status: late ? 'late' : record.status,
    lastRunAt: record.lastRunAt,
    lastSuccessAt: record.lastSuccessAt,
    ...(record.nextRunAt !== null ? { nextRunAt: record.nextRunAt } : {}),
    ...(record.message !== null ? { message: record.message } : {}),
  };
}

/** ISO 8601 in UTC with milliseconds, whatever offset the job wrote. */
const utc = (text: string) => new Date(Date.parse(text)).toISOString();

export function createStatus(options: StatusOptions): Status {
  const { store, pipelines, live, now } = options;
  const byId = new Map(pipelines.map((p) => [p.id, p]));
  const ids = pipelines.map((p) => p.id);

  return {
    ids,
    has: (id) => byId.has(id),

    async read(locale = options.locale) {
      const [records, lastChange] = await Promise.all([store.runs(ids), store.lastChange()]);
      const t = now().getTime();
      return { live, lastChange, pipelines: pipelines.map((p) => pipelineView(p, records.get(p.id), t, locale)) };
    },

    async report(id, run) {
      const def = byId.get(id);
      if (!def) throw new UnknownPipelineError(id, ids);
      const received = now().getTime();
      const at = run.at === undefined ? new Date(received).toISOString() : utc(run.at);
      const errors: ParamError[] = [];
      if (Date.parse(at) > received + MAX_RUN_CLOCK_SKEW_MS)
        errors.push({
          param: 'at',
          message: `is ${Math.round((Date.parse(at) - received) / 60_000)} minutes in the future`,
        });
      const nextRunAt = run.nextRunAt == null ? run.nextRunAt : utc(run.nextRunAt);
      if (nextRunAt && Date.parse(nextRunAt) <= Date.parse(at))
        errors.push({ param: 'nextRunAt', message: `must be after the run (${at})` });
      if (errors.length) throw new RunReportError(errors);
      const record = await store.applyRun(id, { status: run.status, at, nextRunAt, message: run.message });
      return pipelineView(def, record, now().getTime(), options.locale);
    },

    async heard(topics) {
      if (topics.length === 0) return;
      const change: LastChange = { at: now().toISOString(), topics: [...topics] };
      try {
        await store.heard(change);
      } catch {
        // A store that cannot keep it only costs `lastChange` its freshness; the invalidation goes on.
      }
    },
  };
}
