/**
 * What every bus driver shares: the listener set, guarded delivery, and the
 * wire format of an invalidation message.
 */
import { TOPICS, type Topic } from '../../src/contract/index.js';
import type { Logger } from '../logger.js';
import { decodeTimes } from './times.js';
import type { InvalidationEvent, InvalidationListener } from './types.js';

const TOPIC_SET: ReadonlySet<string> = new Set(TOPICS);

export interface FanOut {
  add(listener: InvalidationListener): () => void;
  /** Calls every listener; one that throws is logged and does not stop the others. */
  deliver(event: InvalidationEvent): void;
  size(): number;
  clear(): void;
}

export function createFanOut(logger: Logger): FanOut {
  const listeners = new Set<InvalidationListener>();
  return {
    add(listener) {
      // A wrapper per subscription: the same function subscribed twice is called twice, and each unsubscribe removes its own.
      const entry: InvalidationListener = (event) => listener(event);
      listeners.add(entry);
      return () => {
        listeners.delete(entry);
      };
    },
    deliver(event) {
      for (const listener of [...listeners]) {
        try {
          listener(event);
        } catch (error) {
          logger.error('invalidation listener failed', {
            error: error instanceof Error ? error.message : String(error),
          });
        }
      }
    },
    size: () => listeners.size,
    clear: () => listeners.clear(),
  };
}

/** Deduplicated, in contract order; throws a TypeError naming an unknown topic (a caller bug: requests are parsed before). */
export function normalizeTopics(topics: readonly string[]): Topic[] {
  for (const topic of topics) {
    if (!TOPIC_SET.has(topic)) {
      throw new TypeError(`topics: expected any of ${TOPICS.join(', ')}, got ${JSON.stringify(topic)}`);
    }
  }
  return TOPICS.filter((topic) => topics.includes(topic));
}

/** One JSON object per message; `v` lets a later format coexist with this one on a shared channel. */
export function encodeMessage(event: InvalidationEvent): string {
  // `times` is optional within v1: an instance that predates it reads the message as untimed (everything changed).
  return JSON.stringify({
    v: 1,
    topics: event.topics,
    at: event.at,
    origin: event.origin,
    ...(event.times ? { times: event.times } : {}),
  });
}

/** The event in a message, or undefined for anything this version did not write (ignored, never thrown). */
export function decodeMessage(text: string): InvalidationEvent | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const m = value as Record<string, unknown>;
  if (m.v !== 1 || typeof m.origin !== 'string' || typeof m.at !== 'string' || Number.isNaN(Date.parse(m.at))) {
    return undefined;
  }
  if (!Array.isArray(m.topics)) return undefined;
  // Topics this version does not know are dropped rather than failing the whole message.
  const topics = TOPICS.filter((topic) => (m.topics as unknown[]).includes(topic));
  if (topics.length === 0) return undefined;
  // Times that do not decode are dropped: the event then says "anything may have changed", which is never wrong.
  const times = m.times === undefined ? undefined : decodeTimes(m.times);
  return { topics, at: m.at, origin: m.origin, ...(times ? { times } : {}) };
}
