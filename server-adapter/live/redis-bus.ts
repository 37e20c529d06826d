/**
 * The Redis pub/sub driver of the invalidation bus, for several instances.
 *
 * Two connections (a Redis connection in subscriber mode cannot publish).
 * Each message carries the publishing bus's id, so an instance ignores its
 * own echo: its subscribers already got the event inside `publish`.
 *
 * Degradation: while Redis is unreachable (at start or mid-run) the bus keeps
 * delivering locally, logs one warning per outage, and ioredis keeps
 * reconnecting in the background. When both connections are back:
 * - topics published meanwhile are sent to the other instances (once, merged);
 * - this instance's subscribers get one event with every topic, because other
 *   instances may have published while this one was not listening. That costs
 *   one refetch per widget after an outage, and it is the only way not to keep
 *   serving entries whose invalidation was missed.
 * No Redis failure ever reaches a caller.
 */
import { randomUUID } from 'node:crypto';
import { TOPICS, type Topic } from '../../src/contract/index.js';
import { loadIoredis } from '../redis.js';
import { DEFAULT_LOGGER, type Logger } from '../logger.js';
import type { ChangedTimes, InvalidationBus } from './types.js';
import { createFanOut, decodeMessage, encodeMessage, normalizeTopics } from './fan-out.js';

/** Shared by every dashkit instance on one Redis; a different name isolates deployments (or test runs). */
export const DEFAULT_BUS_CHANNEL = 'dashkit:invalidate';

/**
 * Longest pause between reconnect attempts: short enough that invalidations
 * flow again within seconds of Redis returning, long enough not to hammer a
 * Redis that is restarting.
 */
export const BUS_RECONNECT_MAX_DELAY_MS = 2000;

/**
 * The part of an ioredis client the bus uses. An ioredis `Redis` satisfies it;
 * declared here so the public types do not require ioredis to be installed.
 */
export interface RedisPubSubClientLike {
  readonly status: string;
  connect(): Promise<void>;
  publish(channel: string, message: string): Promise<number>;
  subscribe(channel: string): Promise<unknown>;
  unsubscribe(channel: string): Promise<unknown>;
  on(event: 'ready' | 'close' | 'end', listener: () => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  on(event: 'message', listener: (channel: string, message: string) => void): unknown;
  removeListener(event: 'ready' | 'close' | 'end', listener: () => void): unknown;
  removeListener(event: 'error', listener: (error: Error) => void): unknown;
  removeListener(event: 'message', listener: (channel: string, message: string) => void): unknown;
  quit(): Promise<unknown>;
  disconnect(): void;
}

export type RedisBusOptions = {
  /** @default DEFAULT_BUS_CHANNEL */
  channel?: string;
  /** @default a random UUID */
  id?: string;
  /** Gets one `warn` per outage and one `info` when it ends. */
  logger?: Logger;
} & (
  | {
      /** e.g. `redis://127.0.0.1:6379`; the bus opens two connections and `close()` quits them. */
      url: string;
      publisher?: never;
      subscriber?: never;
    }
  | {
      /** Two distinct clients you own; the bus never closes them (it only unsubscribes and detaches). */
      publisher: RedisPubSubClientLike;
      subscriber: RedisPubSubClientLike;
      url?: never;
    }
);

/**
 * Synchronous, so it fits a plain options object: the connections open in the
 * background and `ready()` resolves once they are up. Until then a publish is
 * delivered locally and forwarded to Redis as soon as it is reachable.
 *
 * @example
 * const bus = createRedisBus({ url: process.env.REDIS_URL!, logger });
 * bus.subscribe(({ topics }) => cache.invalidate(topics));
 * await bus.publish(['orders']); // every instance drops its `orders` entries
 */
export function createRedisBus(options: RedisBusOptions): InvalidationBus {
  const id = options.id ?? randomUUID();
  const channel = options.channel ?? DEFAULT_BUS_CHANNEL;
  const logger = options.logger ?? DEFAULT_LOGGER;
  const fanOut = createFanOut(logger);
  const owned = options.url !== undefined;
  const pending = new Set<Topic>();
  let clients: { publisher: RedisPubSubClientLike; subscriber: RedisPubSubClientLike } | undefined;
  let creating: Promise<void> | undefined;
  let publisherReady = false;
  let subscribed = false;
  let outage = false;
  let closed = false;
  let waiters: (() => void)[] = [];

  const isOk = () => !closed && publisherReady && subscribed;

  /** Logs once per outage; later errors of the same outage are the reconnect loop and stay quiet. */
  function trouble(error?: Error): void {
    if (closed || outage) return;
    outage = true;
    logger.warn('redis invalidation bus unavailable; invalidations reach this instance only until it returns', {
      channel,
      ...(error ? { error: error.message } : {}),
    });
  }

  function changed(): void {
    if (!isOk()) return;
    if (outage) {
      outage = false;
      logger.info('redis invalidation bus resumed', { channel });
      fanOut.deliver({ topics: [...TOPICS], at: new Date().toISOString(), origin: id });
    }
    forwardPending();
    const resolved = waiters;
    waiters = [];
    for (const resolve of resolved) resolve();
  }

  function forwardPending(): void {
    if (pending.size === 0 || !clients) return;
    const topics = normalizeTopics([...pending]);
    pending.clear();
    send(topics, new Date().toISOString());
  }

  function send(topics: Topic[], at: string, times?: ChangedTimes): void {
    const event = { topics, at, origin: id, ...(times ? { times } : {}) };
    clients!.publisher.publish(channel, encodeMessage(event)).catch((error: Error) => {
      // Kept without its times: when it finally goes out, anything may have changed.
      for (const topic of topics) pending.add(topic);
      publisherReady = clients?.publisher.status === 'ready';
      trouble(error);
    });
  }

  const handlers = {
    publisherReady: () => {
      publisherReady = true;
      changed();
    },
    publisherDown: () => {
      publisherReady = false;
      trouble();
    },
    subscriberReady: () => {
      // Reported ok only once Redis confirmed the subscription, so nothing published after `ready()` is missed.
      clients!.subscriber.subscribe(channel).then(
        () => {
          if (clients?.subscriber.status !== 'ready') return;
          subscribed = true;
          changed();
        },
        (error: Error) => trouble(error),
      );
    },
    subscriberDown: () => {
      subscribed = false;
      trouble();
    },
    error: (error: Error) => trouble(error),
    message: (from: string, text: string) => {
      if (from !== channel || closed) return;
      const event = decodeMessage(text);
      if (event && event.origin !== id) fanOut.deliver(event);
    },
  };

  // The clients' typed overloads, seen as one untyped emitter so one table can list every listener.
  type Listener = (...args: never[]) => void;
  type Emitter = {
    on(event: string, listener: Listener): unknown;
    removeListener(event: string, listener: Listener): unknown;
  };

  /** Every listener the bus puts on its two clients: `attach` adds exactly these, `detach` removes them. */
  function listeners(
    publisher: RedisPubSubClientLike,
    subscriber: RedisPubSubClientLike,
  ): [Emitter, string, Listener][] {
    const [p, sub] = [publisher as unknown as Emitter, subscriber as unknown as Emitter];
    return [
      [p, 'ready', handlers.publisherReady],
      [p, 'close', handlers.publisherDown],
      [p, 'end', handlers.publisherDown],
      [p, 'error', handlers.error],
      [sub, 'ready', handlers.subscriberReady],
      [sub, 'close', handlers.subscriberDown],
      [sub, 'end', handlers.subscriberDown],
      [sub, 'error', handlers.error],
      [sub, 'message', handlers.message],
    ];
  }

  function attach(publisher: RedisPubSubClientLike, subscriber: RedisPubSubClientLike): void {
    clients = { publisher, subscriber };
    for (const [client, event, handler] of listeners(publisher, subscriber)) client.on(event, handler);
    if (publisher.status === 'ready') handlers.publisherReady();
    if (subscriber.status === 'ready') handlers.subscriberReady();
    for (const client of [publisher, subscriber]) {
      if (client.status === 'wait') client.connect().catch((error: Error) => trouble(error));
    }
  }

  function detach(): void {
    if (!clients) return;
    for (const [client, event, handler] of listeners(clients.publisher, clients.subscriber)) {
      client.removeListener(event, handler);
    }
  }

  if (options.url === undefined) {
    attach(options.publisher, options.subscriber);
  } else {
    const url = options.url;
    creating = createClients(url).then(
      ([publisher, subscriber]) => {
        if (closed) {
          publisher.disconnect();
          subscriber.disconnect();
        } else {
          attach(publisher, subscriber);
        }
      },
      (error: Error) => {
        // Not an outage that can end: say so loudly, once, and keep delivering locally.
        logger.error('redis invalidation bus cannot start; invalidations reach this instance only', {
          error: error.message,
        });
      },
    );
  }

  return {
    id,
    driver: 'redis',

    async publish(topics, times) {
      const normalized = normalizeTopics(topics);
      if (closed || normalized.length === 0) return;
      const at = new Date().toISOString();
      fanOut.deliver({ topics: normalized, at, origin: id, ...(times ? { times } : {}) });
      if (isOk()) {
        send(normalized, at, times);
      } else {
        for (const topic of normalized) pending.add(topic);
      }
    },

    subscribe: (listener) => (closed ? () => {} : fanOut.add(listener)),

    status: () => (isOk() ? 'ok' : 'degraded'),

    ready() {
      if (isOk() || closed) return Promise.resolve();
      return new Promise((resolve) => waiters.push(resolve));
    },

    listenerCount: () => fanOut.size(),

    async close() {
      if (closed) return;
      closed = true;
      fanOut.clear();
      const resolved = waiters;
      waiters = [];
      for (const resolve of resolved) resolve();
      await creating;
      if (!clients) return;
      detach();
      const { publisher, subscriber } = clients;
      if (!owned) {
        if (subscriber.status === 'ready') await subscriber.unsubscribe(channel).catch(() => undefined);
        return;
      }
      await Promise.all(
        [publisher, subscriber].map((client) =>
          client.status === 'ready' ? client.quit().catch(() => client.disconnect()) : client.disconnect(),
        ),
      );
    },
  };
}

/** Both connections fail fast while Redis is down (a publish is kept as pending instead) and retry for ever. */
async function createClients(url: string): Promise<[RedisPubSubClientLike, RedisPubSubClientLike]> {
  const Redis = await loadIoredis();
  const open = () =>
    new Redis(url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 2000,
      // The bus subscribes again itself on every 'ready', and reports ok only once Redis confirmed it.
      autoResubscribe: false,
      retryStrategy: (times: number) => Math.min(times * 100, BUS_RECONNECT_MAX_DELAY_MS),
    });
  return [open(), open()];
}
