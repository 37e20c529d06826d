/**
 * When rollups are refreshed: one refresh at a time per engine, in a chain;
 * requests arriving while a refresh waits join it (the strongest mode asked
 * wins). Queries `poke` it (first use, a watermark behind today, a full check
 * due, a dirty table whose repair failed); invalidations mark tables dirty at
 * once and queue their full recomputation; failures back off.
 */
import type { Topic } from '../../../src/contract/index.js';
import { RETRY_AFTER_MS, type RefreshInfo, type RollupSettings } from './options.js';
import type { RollupTable } from './plan.js';
import type { RefreshMode, RollupTables } from './tables.js';

const STRENGTH: Record<RefreshMode, number> = { auto: 0, recent: 1, full: 2 };

interface Job {
  modes: Map<RollupTable, RefreshMode>;
  promise: Promise<RefreshInfo[]>;
}

export interface RollupScheduler {
  /** Queues `mode` for every table (or `tables`); resolves when that refresh ran. */
  enqueue(mode: RefreshMode, tables?: Iterable<RollupTable>): Promise<RefreshInfo[]>;
  /** On a query: start on first use; move the watermark after midnight; run the periodic full check. Never waits. */
  poke(): void;
  /** Marks the tables over `topics` dirty (served raw from now on) and queues their full recomputation. */
  invalidate(topics: readonly Topic[]): void;
  /** A rollup table vanished: forget every table, so a later query recreates them. */
  forget(): void;
  /** Resolves once no refresh is queued or running. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

export function createRollupScheduler(
  tables: ReadonlyMap<string, RollupTable>,
  db: RollupTables,
  settings: RollupSettings,
  /** The watermark a refresh now moves to. */
  target: () => string,
): RollupScheduler {
  let started = false;
  let ensured = false;
  let closed = false;
  let retryAt = 0;
  let chain: Promise<unknown> = Promise.resolve();
  let queued: Job | undefined;

  async function refreshOne(table: RollupTable, mode: RefreshMode): Promise<RefreshInfo | undefined> {
    // Everything committed before this point is seen by the refresh statement (read committed).
    const generation = table.generation;
    table.scheduled = false;
    table.refreshing = true;
    const startedAt = performance.now();
    const info = await db.refresh(table, mode).finally(() => {
      table.refreshing = false;
    });
    if (!info) return undefined;
    table.watermark = info.to;
    if (info.mode === 'full' && table.generation === generation) table.dirty = false;
    const done: RefreshInfo = { ...info, ms: Math.round(performance.now() - startedAt) };
    settings.onRefresh?.(done);
    return done;
  }

  async function run(job: Job): Promise<RefreshInfo[]> {
    if (queued === job) queued = undefined;
    if (!ensured) {
      try {
        await db.ensure();
        ensured = true;
      } catch (error) {
        for (const table of job.modes.keys()) table.scheduled = false;
        throw error;
      }
    }
    const infos: RefreshInfo[] = [];
    for (const [table, mode] of job.modes) {
      if (!table.shape) {
        table.scheduled = false;
        continue;
      }
      try {
        const info = await refreshOne(table, mode);
        if (info) infos.push(info);
      } catch (error) {
        // Its recent days may now be stale: answer raw until a refresh succeeds.
        table.watermark = undefined;
        retryAt = Date.now() + RETRY_AFTER_MS;
        settings.onError(error);
      }
    }
    return infos;
  }

  function enqueue(mode: RefreshMode, list: Iterable<RollupTable> = tables.values()): Promise<RefreshInfo[]> {
    if (closed) return Promise.resolve([]);
    started = true;
    const job = queued ?? { modes: new Map<RollupTable, RefreshMode>(), promise: Promise.resolve([]) };
    for (const table of list) {
      const current = job.modes.get(table);
      // A dirty table (its repair failed) needs a full refresh; a recent-days one would not clear it.
      const wanted = mode === 'auto' && table.dirty ? 'full' : mode;
      if (current === undefined || STRENGTH[wanted] > STRENGTH[current]) job.modes.set(table, wanted);
    }
    if (job !== queued) {
      job.promise = chain.then(() => run(job));
      chain = job.promise.catch(() => {});
      queued = job;
    }
    return job.promise;
  }

  function background(promise: Promise<unknown>): void {
    promise.catch((error: unknown) => {
      retryAt = Date.now() + RETRY_AFTER_MS;
      settings.onError(error);
    });
  }

  /** Awaits the chain until no refresh was queued meanwhile. */
  async function settle(): Promise<void> {
    for (let seen = chain; ; seen = chain) {
      await seen;
      if (seen === chain) return;
    }
  }

  return {
    enqueue,

    poke() {
      if (closed || queued || Date.now() < retryAt) return;
      if (!ensured) {
        background(enqueue('full'));
        return;
      }
      const goal = target();
      const now = Date.now();
      const due = [...tables.values()].filter(
        (t) =>
          t.shape &&
          ((t.dirty && !t.refreshing) || t.watermark === undefined || t.watermark < goal || now >= t.checkDueAt),
      );
      if (due.length) background(enqueue('auto', due));
    },

    invalidate(topics) {
      // Before the first use nothing is served from the rollups; the first use recomputes everything.
      if (!started || closed) return;
      const due: RollupTable[] = [];
      for (const t of tables.values()) {
        if (t.topics.size > 0 && !topics.some((x) => t.topics.has(x))) continue;
        t.generation += 1;
        t.dirty = true;
        if (t.scheduled) continue; // a refresh that has not started yet will see this change
        t.scheduled = true;
        due.push(t);
      }
      if (due.length) background(enqueue('full', due));
    },

    forget() {
      ensured = false;
      for (const t of tables.values()) {
        t.watermark = undefined;
        t.shape = undefined;
      }
    },

    settle,

    async close() {
      closed = true;
      await settle();
    },
  };
}
