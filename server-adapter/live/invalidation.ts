/**
 * How an invalidation travels through one server:
 *
 *   server.invalidate / webhook / LISTEN-NOTIFY ─→ bus ─→ every instance:
 *     drop this instance's entries (engine rollups first, then the cache)
 *     ─→ then tell this instance's `v1/events` clients
 *
 * The SSE clients hear an event only once the entries it names are gone, so
 * the refetch it triggers can never be answered from the old entry. The bus
 * is Redis pub/sub with `redisUrl` (several instances), else in-process.
 */
import type { HealthResponse, Topic } from '../../src/contract/index.js';
import type { Logger } from '../logger.js';
import { createLocalBus } from './bus.js';
import { createRedisBus } from './redis-bus.js';
import type { ChangedTimes, InvalidationBus, InvalidationEvent } from './types.js';
import { createFanOut, normalizeTopics } from './fan-out.js';
import { listenNotify, type NotifyListener } from './notify.js';
import { createEventStream, DEFAULT_MAX_CLIENTS, type EventStream, type EventStreamOptions } from './sse.js';

export interface LiveOptions {
  /** A bus the host owns (never closed here); else one is built. */
  bus?: InvalidationBus;
  /** Redis pub/sub between instances, on channel `<redisPrefix>invalidate`. */
  redisUrl?: string;
  redisPrefix: string;
  /** `false`: no `v1/events`. */
  events: false | Pick<EventStreamOptions, 'heartbeatSeconds' | 'retryMs' | 'maxClients' | 'maxPerSubject'>;
  logger: Logger;
}

export interface Live {
  /** The `v1/events` stream, unless disabled. */
  readonly events: EventStream | undefined;
  /**
   * Attach this instance's caches: `apply(topics, times)` drops their entries and
   * resolves to how many (never rejects). Called once the server is set up.
   */
  start(apply: (topics: readonly Topic[], times: ChangedTimes | undefined) => Promise<number>): void;
  /** LISTEN on PostgreSQL and publish every notification. */
  listen(options: { databaseUrl: string; channel?: string }): void;
  /** Publishes `topics` (changed at `times`, if known) to every instance; resolves to the entries dropped on this one. TypeError on an unknown topic. */
  publish(topics: readonly Topic[], times?: ChangedTimes): Promise<number>;
  /** Resolves once the bus (and LISTEN, if any) are up. */
  ready(): Promise<void>;
  health(): NonNullable<HealthResponse['live']>;
  /** Ends every open event stream. */
  endStreams(): void;
  close(): Promise<void>;
}

/** Throws (TypeError) on bad event settings before it opens anything. */
export function createLive(options: LiveOptions): Live {
  const { logger } = options;
  /** What `v1/events` hears: bus events, once applied here. */
  const applied = createFanOut(logger);
  const appliedBus: InvalidationBus = {
    get id() {
      return bus.id;
    },
    get driver() {
      return bus.driver;
    },
    publish: (topics, times) => bus.publish(topics, times),
    subscribe: (listener) => applied.add(listener),
    status: () => bus.status(),
    ready: () => bus.ready(),
    listenerCount: () => applied.size(),
    close: async () => applied.clear(),
  };
  const events =
    options.events === false ? undefined : createEventStream({ bus: appliedBus, logger, ...options.events });
  const maxClients = options.events === false ? 0 : (options.events.maxClients ?? DEFAULT_MAX_CLIENTS);
  // Created last: nothing after it can throw and leave its connections open.
  const bus: InvalidationBus =
    options.bus ??
    (options.redisUrl
      ? createRedisBus({ url: options.redisUrl, channel: `${options.redisPrefix}invalidate`, logger })
      : createLocalBus({ logger }));

  let apply: ((topics: readonly Topic[], times: ChangedTimes | undefined) => Promise<number>) | undefined;
  let unsubscribe: (() => void) | undefined;
  let notify: NotifyListener | undefined;
  /** Set while `publish` runs: receives the drop its own event started (a bus delivers locally, synchronously). */
  let capture: ((done: Promise<number>) => void) | undefined;

  async function publish(topics: readonly Topic[], times?: ChangedTimes): Promise<number> {
    const normalized = normalizeTopics(topics);
    if (normalized.length === 0) return 0;
    let done: Promise<number> | undefined;
    capture = (p) => (done ??= p);
    try {
      await bus.publish(normalized, times);
    } finally {
      capture = undefined;
    }
    // A host's bus that delivers later: drop this instance's entries now rather than report 0.
    return done ?? apply?.(normalized, times) ?? 0;
  }

  return {
    events,
    start(drop) {
      apply = drop;
      unsubscribe = bus.subscribe((event: InvalidationEvent) => {
        const done = drop(event.topics, event.times);
        capture?.(done);
        void done.then(() => applied.deliver(event));
      });
    },
    listen({ databaseUrl, channel }) {
      notify = listenNotify({
        databaseUrl,
        ...(channel ? { channel } : {}),
        logger,
        onTopics: async (topics, times) => {
          await publish(topics, times);
        },
      });
    },
    publish,
    async ready() {
      await Promise.all([bus.ready(), notify?.ready()]);
    },
    health: () => ({
      bus: { driver: bus.driver, status: bus.status(), listeners: bus.listenerCount() },
      clients: events?.clients() ?? 0,
      maxClients,
      ...(notify ? { notify: { status: notify.status() } } : {}),
    }),
    endStreams() {
      events?.close();
    },
    async close() {
      events?.close();
      await notify?.close();
      unsubscribe?.();
      applied.clear();
      if (!options.bus) await bus.close();
    },
  };
}
