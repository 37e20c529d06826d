/**
 * How many CSV exports run at once. An export holds a database connection
 * for as long as its client reads (the rows come through a cursor), so a
 * few callers downloading in a loop could otherwise take the whole pool and
 * slow every other report. Two bounds: per caller (429, it is that caller
 * asking too much) and per instance (503, the instance is busy).
 */
import { HttpError, UnavailableError } from '../errors.js';

/** Exports one caller may run at once: a second tab or a retry, not a loop. */
export const DEFAULT_MAX_EXPORTS_PER_CALLER = 2;
/**
 * Exports one instance runs at once: under half of the PostgreSQL pool
 * (`DEFAULT_POOL_SIZE`, 10), so the reports on screen always find a connection.
 */
export const DEFAULT_MAX_EXPORTS = 4;
/** Seconds a refused export is told to wait: a 200k-row export takes a few seconds. */
export const EXPORT_RETRY_AFTER_SECONDS = 5;

export interface ExportLimits {
  /** @default DEFAULT_MAX_EXPORTS_PER_CALLER */
  maxPerCaller?: number;
  /** @default DEFAULT_MAX_EXPORTS */
  maxConcurrent?: number;
}

export interface ExportGate {
  /**
   * Admits one export of `caller` (a subject, or the scope's key), or throws
   * the HttpError to answer: 429 past the caller's bound, 503 past the
   * instance's. Returns the release, which is idempotent.
   */
  enter(caller: string): () => void;
  /** Exports running now. */
  running(): number;
}

/** Throws a TypeError on a bound that is not a positive integer. */
export function createExportGate(limits: ExportLimits = {}): ExportGate {
  const perCaller = limits.maxPerCaller ?? DEFAULT_MAX_EXPORTS_PER_CALLER;
  const total = limits.maxConcurrent ?? DEFAULT_MAX_EXPORTS;
  for (const [name, value] of [
    ['exports.maxPerCaller', perCaller],
    ['exports.maxConcurrent', total],
  ] as const) {
    if (!Number.isInteger(value) || value < 1) throw new TypeError(`${name}: expected an integer ≥ 1, got ${value}`);
  }
  const byCaller = new Map<string, number>();
  let running = 0;
  const retry = { 'retry-after': String(EXPORT_RETRY_AFTER_SECONDS) };
  return {
    enter(caller) {
      const mine = byCaller.get(caller) ?? 0;
      if (mine >= perCaller) {
        throw new HttpError(
          429,
          'Too Many Requests',
          `${mine} CSV exports of yours are still running (at most ${perCaller} at once); retry when one ends`,
          retry,
        );
      }
      if (running >= total) {
        throw new UnavailableError(
          `${running} CSV exports are running on this server (at most ${total}); retry shortly`,
          EXPORT_RETRY_AFTER_SECONDS,
        );
      }
      byCaller.set(caller, mine + 1);
      running++;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        running--;
        const left = (byCaller.get(caller) ?? 1) - 1;
        if (left > 0) byCaller.set(caller, left);
        else byCaller.delete(caller);
      };
    },
    running: () => running,
  };
}
