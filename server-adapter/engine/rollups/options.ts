/**
 * The public face of daily rollups: their options and defaults, what a
 * refresh reports, and the `DailyRollups` handle an engine holds.
 */
import type { Topic } from '../../../src/contract/index.js';
import type { ChangedTimes } from '../../live/types.js';
import type { RollupRouter } from '../compile.js';

/** Schema the rollup tables live in, apart from the host's own tables. */
export const DEFAULT_ROLLUP_SCHEMA = 'dashkit';
/** An hour bounds how long a change nobody announced (no invalidation) to an old row can stay unseen; a full recompute of two years of a million orders takes about a second. */
export const DEFAULT_FULL_CHECK_SECONDS = 3600;
/** Days before the watermark recomputed when it moves (after midnight, `refresh()`): late writes of the last days. */
export const DEFAULT_RECENT_DAYS = 3;
/** Most recent days always read raw (today and yesterday): the days orders still arrive for. */
export const DEFAULT_RAW_DAYS = 2;
/**
 * At most 20 recomputations of dirty days a second per table: at 40
 * announced back-dated writes a second, one per two writes, each a few
 * milliseconds. A longer window means fewer, larger upserts but more dirty
 * days read raw by every request meanwhile (bench/RESULTS.md).
 */
export const DEFAULT_COALESCE_MS = 50;
/**
 * Most dirty days per table: beyond it, the table is treated as invalidated
 * without times (read raw, fully recomputed), which is then cheaper.
 */
export const MAX_DIRTY_DAYS = 400;
/** Most runs of consecutive dirty days a read answers with raw rows beside the rollup; more, and the group is read raw. */
export const MAX_DIRTY_RUNS = 32;
/** After a failed start (tables not creatable, database down), how long before a query tries again. */
export const RETRY_AFTER_MS = 60_000;

export interface RollupOptions {
  /** Serve `stats` and `series` from daily rollups. @default true on PostgreSQL when `createTables`, false on PGlite */
  enabled?: boolean;
  /** The adapter may create its schema and tables (idempotently); without it they must exist. @default true */
  createTables?: boolean;
  /** Schema of the rollup tables. @default DEFAULT_ROLLUP_SCHEMA */
  schema?: string;
  /** Seconds between full recomputations. @default DEFAULT_FULL_CHECK_SECONDS */
  fullCheckSeconds?: number;
  /** Days before the watermark recomputed when it moves (invalidations recompute every day). @default DEFAULT_RECENT_DAYS */
  recentDays?: number;
  /** Most recent days always read from the raw table (≥ 1). @default DEFAULT_RAW_DAYS */
  rawDays?: number;
  /**
   * Least milliseconds between two recomputations of a table's dirty days:
   * the first change after a quiet spell is recomputed at once, and the
   * changes of a burst coalesce into one recomputation per window (their
   * days are read raw meanwhile, exact). @default DEFAULT_COALESCE_MS
   */
  coalesceMs?: number;
  /** Called after each refresh of a rollup table (for logs). */
  onRefresh?: (info: RefreshInfo) => void;
  /** Background failures; the engine keeps answering from the raw tables. @default a JSON line on stderr */
  onError?: (error: unknown) => void;
}

export interface RefreshInfo {
  /** Rollup table, schema-qualified. */
  rollup: string;
  /** Source table it aggregates. */
  table: string;
  /** `days`: only the days invalidations with times dirtied. */
  mode: 'full' | 'recent' | 'days';
  /** First recomputed day. */
  from: string;
  /** The new watermark: first day not in the rollup (exclusive end of the recomputed range); for `days`, the day after the last one. */
  to: string;
  /** With `days`: how many days were recomputed (whole, or from their slices). */
  days?: number;
  /** With `days`: how many 15-minute slices were recomputed, when only dirty slices were (their days then from their slices). */
  slices?: number;
  /** Days whose stored partials changed or were added (0 on a full check that found nothing stale). */
  changedDays: number;
  ms: number;
}

export interface RollupStatus {
  rollup: string;
  table: string;
  /** Partials kept (aggregate columns). */
  partials: number;
  /** First day not served from the rollup; undefined until built in this process. */
  watermark: string | undefined;
  /** Invalidated without times and not yet fully recomputed since: its metrics are read raw. */
  dirty: boolean;
  /** Days before the watermark an invalidation with times dirtied, read raw until recomputed. */
  dirtyDays: string[];
}

/** The rollups of one engine. */
export interface DailyRollups {
  /** The hook compile.ts calls; internal. */
  readonly router: RollupRouter;
  /** Creates the tables when needed and recomputes them fully; what `stats`/`series` would otherwise start on first use. */
  start(): Promise<RefreshInfo[]>;
  /** Moves the watermark to today (recomputing the recent days), or recomputes everything with `full`. */
  refresh(options?: { full?: boolean }): Promise<RefreshInfo[]>;
  /**
   * Data behind `topics` changed: the rollups over their tables turn dirty
   * (read raw) at once, and are recomputed fully in the background; `idle()`
   * awaits that. With `times`, only the local days they fall on turn dirty
   * and only those are recomputed (days from the watermark on are read raw
   * anyway: nothing to do). Resolves at once. No-op before the first use.
   */
  invalidate(topics: readonly Topic[], times?: ChangedTimes): Promise<void>;
  status(): RollupStatus[];
  /** Resolves once the queued and running refreshes (background ones included) have settled. */
  idle(): Promise<void>;
  /** Waits for running refreshes; no new ones start afterwards (one waiting out `coalesceMs` is dropped). */
  close(): Promise<void>;
}

/** Default rule: on for PostgreSQL when the adapter may create tables; off on PGlite (one embedded process, nothing to share, and memory is tight). */
export function rollupsEnabled(sourceKind: string, options: RollupOptions = {}): boolean {
  return options.enabled ?? (sourceKind === 'pg' && options.createTables !== false);
}

/** The options with every default applied and every number checked. */
export interface RollupSettings {
  schema: string;
  fullCheckMs: number;
  recentDays: number;
  rawDays: number;
  coalesceMs: number;
  createTables: boolean;
  onError: (error: unknown) => void;
  onRefresh: ((info: RefreshInfo) => void) | undefined;
}

function wholeNumber(value: number | undefined, fallback: number, name: string, min: number): number {
  const v = value ?? fallback;
  if (!Number.isSafeInteger(v) || v < min)
    throw new RangeError(`rollups.${name}: expected an integer ≥ ${min}, got ${v}`);
  return v;
}

/** Throws a RangeError naming the option at fault. */
export function rollupSettings(options: RollupOptions): RollupSettings {
  const schema = options.schema ?? DEFAULT_ROLLUP_SCHEMA;
  if (schema.length === 0) throw new RangeError('rollups.schema: expected a schema name');
  return {
    schema,
    fullCheckMs: wholeNumber(options.fullCheckSeconds, DEFAULT_FULL_CHECK_SECONDS, 'fullCheckSeconds', 0) * 1000,
    recentDays: wholeNumber(options.recentDays, DEFAULT_RECENT_DAYS, 'recentDays', 0),
    rawDays: wholeNumber(options.rawDays, DEFAULT_RAW_DAYS, 'rawDays', 1),
    coalesceMs: wholeNumber(options.coalesceMs, DEFAULT_COALESCE_MS, 'coalesceMs', 0),
    createTables: options.createTables !== false,
    onRefresh: options.onRefresh,
    onError:
      options.onError ??
      ((error: unknown) =>
        console.warn(
          JSON.stringify({
            level: 'warn',
            time: new Date().toISOString(),
            message: 'rollup refresh failed; serving from the raw tables',
            error: error instanceof Error ? error.message : String(error),
          }),
        )),
  };
}
