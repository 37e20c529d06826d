/**
 * The invalidation bus: how "orders changed" reaches every instance.
 *
 * `server.invalidate(topics)`, the webhook and LISTEN/NOTIFY all `publish`;
 * every instance `subscribe`s once, drops its cache entries tagged with the
 * topics and tells its SSE clients. Two drivers behind one interface:
 * - `createLocalBus()`: one process;
 * - `createRedisBus()` (redis-bus.ts): Redis pub/sub between instances, falling
 *   back to local delivery while Redis is unreachable.
 *
 * A publisher's own subscribers get the event synchronously inside `publish`,
 * whatever the driver, so a local invalidation never waits for (or depends on)
 * Redis; other instances get it through the channel.
 */
import { randomUUID } from 'node:crypto';
import type { Topic } from '../../src/contract/index.js';
import { DEFAULT_LOGGER, type Logger } from '../options.js';
import { createFanOut, normalizeTopics } from './fan-out.js';

export { createRedisBus, DEFAULT_BUS_CHANNEL, type RedisBusOptions } from './redis-bus.js';

/** What subscribers receive. */
export interface InvalidationEvent {
  /** Deduplicated, in contract order. */
  topics: readonly Topic[];
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
  publish(topics: readonly Topic[]): Promise<void>;
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

export interface LocalBusOptions {
  /** @default a random UUID */
  id?: string;
  logger?: Logger;
}

/**
 * One process, no network: what a single instance needs.
 *
 * @example
 * const bus = createLocalBus();
 * const off = bus.subscribe(({ topics }) => cache.invalidate(topics));
 * await bus.publish(['orders']);
 */
export function createLocalBus(options: LocalBusOptions = {}): InvalidationBus {
  const id = options.id ?? randomUUID();
  const fanOut = createFanOut(options.logger ?? DEFAULT_LOGGER);
  let closed = false;
  return {
    id,
    driver: 'local',
    async publish(topics) {
      const normalized = normalizeTopics(topics);
      if (closed || normalized.length === 0) return;
      fanOut.deliver({ topics: normalized, at: new Date().toISOString(), origin: id });
    },
    subscribe: (listener) => (closed ? () => {} : fanOut.add(listener)),
    status: () => 'ok',
    ready: () => Promise.resolve(),
    listenerCount: () => fanOut.size(),
    async close() {
      closed = true;
      fanOut.clear();
    },
  };
}
