/**
 * A circuit breaker for the cache store: Redis is a cache, never a
 * dependency, so a store that fails or stalls is taken out of the request
 * path at once and put back only once it answers again.
 *
 *   closed ──(an operation fails or exceeds its time limit)──→ open
 *   open ──(after a pause, one probe in the background succeeds)──→ closed
 *   open ──(the probe fails)──→ open, pausing twice as long (up to a bound)
 *
 * While open no request waits on the store: `ReportCache` serves from its
 * in-process fallback. Probes are started by requests arriving after the
 * pause, never awaited by them, so nothing here keeps a timer running.
 */

/**
 * How long a store operation may take before it counts as failed. A Redis
 * read on a LAN takes about a millisecond; 150 ms leaves room for a busy
 * event loop while keeping a frozen Redis's cost under the 200 ms a request
 * may lose to it.
 */
export const DEFAULT_STORE_TIMEOUT_MS = 150;
/** First pause after the store failed before a probe: short, so a blip costs under a second of fallback. */
export const BREAKER_MIN_PAUSE_MS = 250;
/** Longest pause between probes: a Redis that is down for a while is asked every few seconds, not hammered. */
export const BREAKER_MAX_PAUSE_MS = 5000;

export interface Breaker {
  /** True while the store may be used (closed). */
  closed(): boolean;
  /** The store failed (or timed out): open, or stay open. */
  fail(): void;
  /**
   * While open, whether a probe is due: true at most once per pause, and
   * never while another probe runs. The caller probes, then calls `probed`.
   */
  probeDue(): boolean;
  /** How the probe went: success closes the breaker, failure doubles the pause. */
  probed(ok: boolean): void;
}

/** @param clock monotonic milliseconds (`performance.now`); injectable for tests. */
export function createBreaker(clock: () => number = () => performance.now()): Breaker {
  let open = false;
  let pause = BREAKER_MIN_PAUSE_MS;
  let retryAt = 0;
  let probing = false;
  return {
    closed: () => !open,
    fail() {
      if (!open) {
        open = true;
        pause = BREAKER_MIN_PAUSE_MS;
        retryAt = clock() + pause;
      }
    },
    probeDue() {
      if (!open || probing || clock() < retryAt) return false;
      probing = true;
      return true;
    },
    probed(ok) {
      probing = false;
      if (ok) {
        open = false;
        pause = BREAKER_MIN_PAUSE_MS;
        return;
      }
      pause = Math.min(pause * 2, BREAKER_MAX_PAUSE_MS);
      retryAt = clock() + pause;
    },
  };
}

/** Thrown when a store operation exceeds its time limit. */
export class StoreTimeoutError extends Error {
  constructor(ms: number) {
    super(`the cache store did not answer within ${ms} ms`);
    this.name = 'StoreTimeoutError';
  }
}

/** `promise`, or a StoreTimeoutError after `ms`; the late result is ignored (a late rejection is caught). */
export function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  if (!Number.isFinite(ms)) return promise;
  let timer: ReturnType<typeof setTimeout> | undefined;
  promise.catch(() => {});
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new StoreTimeoutError(ms)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
