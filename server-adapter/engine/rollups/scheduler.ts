/**
 * When rollups are refreshed: one refresh at a time per engine, in a chain;
 * requests arriving while a refresh waits join it (the strongest mode asked
 * wins). Queries `poke` it (first use, a watermark behind today, a full check
 * due, a dirty table whose repair failed); invalidations mark tables (or,
 * with times, their days) dirty at once and queue their recomputation;
 * failures back off.
 */
import type { Topic } from '../../../src/contract/index.js';
import type { ChangedTimes } from '../../live/types.js';
import { addDays, daysBetween, todayIn } from '../calendar.js';
import { MAX_DIRTY_DAYS, RETRY_AFTER_MS, type RefreshInfo, type RollupSettings } from './options.js';
import type { RollupTable } from './plan.js';
import { instantSlices, MAX_DIRTY_SLICES, parseSliceKey } from './slices.js';
import type { RefreshMode, RollupTables } from './tables.js';

/** The local day (in `timezone`) of a changed time: a date is itself, an instant the date it falls on there. */
export function localDay(time: string, timezone: string): string {
  return time.length === 10 ? time : todayIn(new Date(time), timezone);
}

/** What an invalidation dirties in one table: whole local days, and slices (slices.ts keys) of days. */
export interface ChangedDays {
  days: string[];
  slices: string[];
}

/**
 * The local days `times` dirty in `table`, sorted, and the slices exact
 * instants dirty (when it has a slices table); undefined when they do not
 * apply to it (read from another table or column), or when they are so
 * many that recomputing everything is cheaper.
 */
export function changedDays(table: RollupTable, times: ChangedTimes, timezone: string): ChangedDays | undefined {
  if (times.table !== undefined && times.table !== table.source) return undefined;
  if (times.column !== undefined && times.column !== table.spec.time) return undefined;
  const sliced = table.spec.timeType === 'timestamptz' && table.shape?.slices !== undefined;
  const days = new Set<string>();
  const slices = new Set<string>();
  for (const span of times.spans) {
    if (sliced && span.from === span.to && span.from.length > 10) {
      for (const key of instantSlices(span.from, timezone)) slices.add(key);
      continue;
    }
    const first = localDay(span.from, timezone);
    const last = localDay(span.to, timezone);
    if (daysBetween(first, last) + days.size >= MAX_DIRTY_DAYS) return undefined;
    for (let day = first; day <= last; day = addDays(day, 1)) days.add(day);
  }
  return { days: [...days].sort(), slices: [...slices].filter((key) => !days.has(parseSliceKey(key).day)) };
}

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
  /**
   * Marks the tables over `topics` dirty (served raw from now on) and queues
   * their full recomputation; with `times`, only the days they fall on (and
   * queues the recomputation of those days).
   */
  invalidate(topics: readonly Topic[], times?: ChangedTimes): void;
  /** A rollup table vanished: forget every table, so a later query recreates them. */
  forget(): void;
  /** Resolves once no refresh is queued or running. */
  settle(): Promise<void>;
  close(): Promise<void>;
}

const hasDirtyDayBelow = (table: RollupTable, watermark: string) => {
  for (const day of table.dirtyDays.keys()) if (day < watermark) return true;
  for (const key of table.dirtySlices.keys()) if (parseSliceKey(key).day < watermark) return true;
  return false;
};

/**
 * What to recompute: the whole days and the slices (of other days, when the
 * table has a slices table) dirtied at or before `generation`, before
 * `watermark`; days sorted.
 */
function toRecompute(table: RollupTable, generation: number, watermark: string): { days: string[]; slices: string[] } {
  const days = new Set<string>();
  for (const [day, at] of table.dirtyDays) if (at <= generation && day < watermark) days.add(day);
  const slices: string[] = [];
  for (const [key, at] of table.dirtySlices) {
    const { day } = parseSliceKey(key);
    if (at > generation || day >= watermark || days.has(day)) continue;
    if (table.shape?.slices) slices.push(key);
    else days.add(day);
  }
  return { days: [...days].sort(), slices };
}

export function createRollupScheduler(
  tables: ReadonlyMap<string, RollupTable>,
  db: RollupTables,
  settings: RollupSettings,
  /** The watermark a refresh now moves to. */
  target: () => string,
  /** The dashboard time zone: a changed time dirties the local day it falls on there. */
  timezone: string,
): RollupScheduler {
  let started = false;
  let ensured = false;
  let closed = false;
  /** Ends every coalescing wait at once: called by `close`. */
  let wake = () => {};
  const closing = new Promise<void>((resolve) => (wake = resolve));
  let retryAt = 0;
  let chain: Promise<unknown> = Promise.resolve();
  let queued: Job | undefined;

  /** Forgets the dirty days in [from, to) dirtied at or before `generation`: a refresh that started after it recomputed them. */
  function clean(table: RollupTable, generation: number, from: string, to: string): void {
    for (const [day, at] of table.dirtyDays) {
      if (at <= generation && day >= from && day < to) table.dirtyDays.delete(day);
    }
    for (const [key, at] of table.dirtySlices) {
      const { day } = parseSliceKey(key);
      if (at <= generation && day >= from && day < to) table.dirtySlices.delete(key);
    }
  }

  async function refreshOne(table: RollupTable, mode: RefreshMode): Promise<RefreshInfo[]> {
    // Everything committed before this point is seen by the refresh statements (read committed).
    const generation = table.generation;
    table.scheduled = false;
    table.refreshing = true;
    const done: RefreshInfo[] = [];
    try {
      let startedAt = performance.now();
      const info = await db.refresh(table, mode);
      if (info) {
        table.watermark = info.to;
        clean(table, generation, info.from, info.to);
        if (info.mode === 'full' && table.untimedAt <= generation) table.dirty = false;
        done.push({ ...info, ms: Math.round(performance.now() - startedAt) });
        settings.onRefresh?.(done.at(-1)!);
      }
      // The days invalidations with times dirtied, before the watermark: one upsert of just those.
      const watermark = table.watermark;
      if (table.dirty || watermark === undefined) return done;
      const { days, slices } = toRecompute(table, generation, watermark);
      if (days.length === 0 && slices.length === 0) return done;
      table.daysRefreshedAt = Date.now();
      if (days.length > 0) {
        startedAt = performance.now();
        const dayInfo = await db.refreshDays(table, days);
        const whole = new Set(days);
        for (const day of days) if ((table.dirtyDays.get(day) ?? Infinity) <= generation) table.dirtyDays.delete(day);
        for (const [key, at] of table.dirtySlices) {
          if (at <= generation && whole.has(parseSliceKey(key).day)) table.dirtySlices.delete(key);
        }
        done.push({ ...dayInfo, ms: Math.round(performance.now() - startedAt) });
        settings.onRefresh?.(done.at(-1)!);
      }
      if (slices.length > 0) {
        startedAt = performance.now();
        const sliceInfo = await db.refreshSlices(table, slices.map(parseSliceKey));
        for (const key of slices)
          if ((table.dirtySlices.get(key) ?? Infinity) <= generation) table.dirtySlices.delete(key);
        done.push({ ...sliceInfo, ms: Math.round(performance.now() - startedAt) });
        settings.onRefresh?.(done.at(-1)!);
      }
      return done;
    } finally {
      table.refreshing = false;
    }
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
        infos.push(...(await refreshOne(table, mode)));
      } catch (error) {
        // Its recent days may now be stale: answer raw until a refresh succeeds.
        table.watermark = undefined;
        retryAt = Date.now() + RETRY_AFTER_MS;
        settings.onError(error);
      }
    }
    return infos;
  }

  function enqueue(
    mode: RefreshMode,
    list: Iterable<RollupTable> = tables.values(),
    /**
     * Start no earlier than this local clock (ms), and never before the next
     * turn of the event loop; still queued meanwhile, so what arrives joins it.
     */
    notBefore?: number,
  ): Promise<RefreshInfo[]> {
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
      job.promise = chain.then(async () => {
        if (notBefore !== undefined) {
          const wait = Math.max(0, notBefore - Date.now());
          let timer: ReturnType<typeof setTimeout> | undefined;
          await Promise.race([closing, new Promise((resolve) => (timer = setTimeout(resolve, wait)).unref?.())]);
          clearTimeout(timer);
          // Closed while it waited: nothing reads these rollups through this instance any more.
          if (closed) {
            if (queued === job) queued = undefined;
            for (const table of job.modes.keys()) table.scheduled = false;
            return [];
          }
        }
        return run(job);
      });
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
          ((t.dirty && !t.refreshing) ||
            t.watermark === undefined ||
            t.watermark < goal ||
            now >= t.checkDueAt ||
            (!t.refreshing && hasDirtyDayBelow(t, t.watermark))),
      );
      if (due.length) background(enqueue('auto', due));
    },

    invalidate(topics, times) {
      // Before the first use nothing is served from the rollups; the first use recomputes everything.
      if (!started || closed) return;
      const full: RollupTable[] = [];
      const days: RollupTable[] = [];
      for (const t of tables.values()) {
        if (t.topics.size > 0 && !topics.some((x) => t.topics.has(x))) continue;
        const changed = times ? changedDays(t, times, timezone) : undefined;
        t.generation += 1;
        if (changed === undefined || t.dirtyDays.size + changed.days.length > MAX_DIRTY_DAYS) {
          t.dirty = true;
          t.untimedAt = t.generation;
        } else {
          let { days, slices } = changed;
          if (t.dirtySlices.size + slices.length > MAX_DIRTY_SLICES) {
            // Too many slices to remember: their days turn dirty whole.
            days = [...new Set([...days, ...slices.map((key) => parseSliceKey(key).day)])];
            slices = [];
          }
          // Days from the watermark on are read raw anyway: they only wait for the watermark to pass them,
          // and the refresh that moves it recomputes them (or, if it started before this, they stay dirty).
          for (const day of days) t.dirtyDays.set(day, t.generation);
          for (const key of slices) t.dirtySlices.set(key, t.generation);
          const below = (day: string) => t.watermark !== undefined && day < t.watermark;
          if (
            !t.dirty &&
            t.watermark !== undefined &&
            !days.some(below) &&
            !slices.some((k) => below(parseSliceKey(k).day))
          )
            continue;
        }
        if (t.scheduled) continue; // a refresh that has not started yet will see this change
        t.scheduled = true;
        (t.dirty ? full : days).push(t);
      }
      if (full.length) background(enqueue('full', full));
      // Dirty days are read raw (each read pays for their rows) until recomputed, so the recomputation
      // starts at once after a quiet spell; in a burst, at most one per `coalesceMs` per table, and
      // every day dirtied meanwhile (or while one runs) joins the next: one upsert for the lot.
      if (days.length) {
        const notBefore = Math.max(...days.map((t) => t.daysRefreshedAt + settings.coalesceMs));
        background(enqueue('auto', days, notBefore));
      }
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
      wake();
      await settle();
    },
  };
}
