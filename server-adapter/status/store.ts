/**
 * Where `v1/status` keeps what it knows: each pipeline's last run and the
 * last change heard. Two drivers behind one interface, like the cache store:
 * in process (`createMemoryStatusStore`, one instance) and Redis
 * (`createRedisStatusStore` in redis.ts), so that a run reported to one
 * instance shows on all of them.
 *
 * Both apply a run report atomically and only when it is not older than the
 * last one applied (an ETL job's retried or reordered webhook never rolls a
 * pipeline back), and keep the newest change.
 */
import type { LastChange } from '../../src/contract/index.js';

/** The statuses a run reports; `late` is worked out when read (status.ts). */
export type RunStatus = 'ok' | 'running' | 'failed';

/** One pipeline as stored. Times are ISO 8601 in UTC. */
export interface PipelineRecord {
  status: RunStatus;
  lastRunAt: string;
  lastSuccessAt: string | null;
  nextRunAt: string | null;
  message: string | null;
}

/** A run report with its time resolved. */
export interface RunReport {
  status: RunStatus;
  /** When it happened, ISO 8601 in UTC with milliseconds. */
  at: string;
  /** A new promise of the next run, `null` to withdraw one, `undefined` to keep the stored one. */
  nextRunAt: string | null | undefined;
  message: string | undefined;
}

export interface StatusStore {
  /** `memory` or `redis`. */
  readonly driver: string;
  /** Applies `run` unless an applied run is newer; resolves to the record as it now stands. */
  applyRun(id: string, run: RunReport): Promise<PipelineRecord>;
  /** The stored records of these pipelines (those never reported are absent). */
  runs(ids: readonly string[]): Promise<Map<string, PipelineRecord>>;
  /** Keeps `change` if it is newer than the stored one. */
  heard(change: LastChange): Promise<void>;
  lastChange(): Promise<LastChange | null>;
  close(): Promise<void>;
}

/** The record `run` makes of `previous` (undefined: never reported). Shared by both drivers' logic. */
export function nextRecord(previous: PipelineRecord | undefined, run: RunReport): PipelineRecord {
  if (previous && Date.parse(run.at) < Date.parse(previous.lastRunAt)) return previous;
  return {
    status: run.status,
    lastRunAt: run.at,
    lastSuccessAt: run.status === 'ok' ? run.at : (previous?.lastSuccessAt ?? null),
    nextRunAt: run.nextRunAt === undefined ? (previous?.nextRunAt ?? null) : run.nextRunAt,
    // A message belongs to its run: a later run without one clears it.
    message: run.message ?? null,
  };
}

/**
 * One instance's status, in process memory. Bounded by the declared
 * pipelines (reports for others are refused before they reach a store).
 *
 * @example
 * const store = createMemoryStatusStore();
 * await store.applyRun('etl', { status: 'ok', at: new Date().toISOString(), nextRunAt: undefined, message: undefined });
 */
export function createMemoryStatusStore(): StatusStore {
  const records = new Map<string, PipelineRecord>();
  let change: LastChange | null = null;
  return {
    driver: 'memory',
    async applyRun(id, run) {
      const record = nextRecord(records.get(id), run);
      records.set(id, record);
      return { ...record };
    },
    async runs(ids) {
      const out = new Map<string, PipelineRecord>();
      for (const id of ids) {
        const record = records.get(id);
        if (record) out.set(id, { ...record });
      }
      return out;
    },
    async heard(next) {
      if (!change || Date.parse(next.at) >= Date.parse(change.at)) change = { at: next.at, topics: [...next.topics] };
    },
    async lastChange() {
      return change && { at: change.at, topics: [...change.topics] };
    },
    async close() {},
  };
}
