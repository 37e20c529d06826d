/**
 * The shapes every part of live updates shares: what an invalidation event
 * is and what a bus does. Types only, so the bus drivers, the fan-out and the
 * server can all import them without importing each other.
 */
import type { Topic } from '../../src/contract/index.js';

/** One span of changed rows' times, inclusive: ISO 8601 instants with an offset, or dates (`YYYY-MM-DD`). */
export interface TimeSpan {
  from: string;
  to: string;
}

/**
 * When the changed rows are: their time-column values (old and new), so the
 * daily rollups recompute only the days they fall on. Absent from an
 * invalidation: anything may have changed.
 */
export interface ChangedTimes {
  /** A single time is a span from it to itself. Never empty. */
  spans: readonly TimeSpan[];
  /**
   * The table and time column the values were read from (the triggers say
   * so); a rollup over another table or column treats the change as
   * untimed. Absent: they apply to every rollup over the topics.
   */
  table?: string;
  column?: string;
}

/** What subscribers receive. */
export interface InvalidationEvent {
  /** Deduplicated, in contract order. */
  topics: readonly Topic[];
  /** When the changed rows are; absent: anything may have changed. */
  times?: ChangedTimes;
  /** When it was published (ISO 8601, UTC). */
  at: string;
  /** Id of the bus instance that published it (`bus.id`). */
  origin: string;
}

export type InvalidationListener = (event: InvalidationEvent) => void;

export type BusStatus = 'ok' | 'degraded';

export interface InvalidationBus {
  /** Unique per instance; carried by every event it publishes as `origin`. */
  readonly id: string;
  readonly driver: 'local' | 'redis';
  /**
   * Delivers to this instance's subscribers at once, then to other instances.
   * Never rejects because of Redis; rejects (TypeError) only on an unknown
   * topic. An empty list publishes nothing. After `close()` it does nothing.
   */
  publish(topics: readonly Topic[], times?: ChangedTimes): Promise<void>;
  /** Returns the unsubscribe function. A listener that throws is logged; the others still run. */
  subscribe(listener: InvalidationListener): () => void;
  /** `degraded`: other instances are not being reached (Redis down); local delivery continues. */
  status(): BusStatus;
  /** Resolves once status is `ok` (at once if it is): after start-up, or after an outage ended. */
  ready(): Promise<void>;
  /** Subscribers currently attached (leak checks, `v1/health`). */
  listenerCount(): number;
  /** Detaches all subscribers and closes connections the bus opened. Idempotent. */
  close(): Promise<void>;
}
