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
import { DEFAULT_LOGGER, type Logger } from '../logger.js';
import { createFanOut, normalizeTopics } from './fan-out.js';
import type { InvalidationBus } from './types.js';

export type { BusStatus, ChangedTimes, InvalidationBus, InvalidationEvent, InvalidationListener } from './types.js';

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
    async publish(topics, times) {
      const normalized = normalizeTopics(topics);
      if (closed || normalized.length === 0) return;
      fanOut.deliver({ topics: normalized, at: new Date().toISOString(), origin: id, ...(times ? { times } : {}) });
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
