/**
 * The live connection of a `<dash-board>`: one `EventSource` on
 * `{src}/v1/events`, `invalidate` events validated against the contract and
 * handed on as topics, and reconnection with exponential backoff when the
 * browser gives up (an HTTP error closes an EventSource for good; a dropped
 * connection it retries by itself).
 */
import { InvalidateEvent } from '../contract/events.js';
import type { LiveState } from './freshness.js';

/** Longest wait between two reconnection attempts. */
export const MAX_RECONNECT_DELAY_MS = 30_000;

export interface LiveOptions {
  /** Called with the topics of each valid `invalidate` event. */
  onInvalidate(topics: readonly string[]): void;
  /** Called when the stream opens again after an interruption: events may have been missed. */
  onResume(): void;
  /** First reconnection delay in milliseconds, doubled per failed attempt up to {@link MAX_RECONNECT_DELAY_MS}. */
  reconnectDelayMs(): number;
  /** Called when the stream opens, is lost or closes (what `<dash-status>` shows). */
  onState?(state: LiveState): void;
}

export interface LiveTarget {
  /** Identifies the stream: connecting with the same key keeps the open one. */
  key: string;
  /** The stream's URL, asked again on every (re)connection so that a short-lived token can be fresh. */
  url: () => string | Promise<string>;
  withCredentials: boolean;
}

export class LiveConnection {
  #source?: EventSource | undefined;
  #target?: LiveTarget | undefined;
  #timer?: ReturnType<typeof setTimeout> | undefined;
  #attempt = 0;
  #interrupted = false;

  readonly #options: LiveOptions;

  constructor(options: LiveOptions) {
    this.#options = options;
  }

  /** The key of the stream connected (or being retried). */
  get key(): string | undefined {
    return this.#target?.key;
  }

  /** Connects to `target`, or closes with `undefined`; the same target twice keeps the open stream. */
  connect(target: LiveTarget | undefined): void {
    if (target && this.#target && target.key === this.#target.key) return;
    this.close();
    this.#target = target;
    if (target) {
      this.#state('connecting');
      void this.#open();
    }
  }

  close(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#source?.close();
    this.#source = undefined;
    this.#target = undefined;
    this.#attempt = 0;
    this.#interrupted = false;
    this.#state('off');
  }

  async #open(): Promise<void> {
    const target = this.#target;
    if (!target) return;
    let url: string;
    try {
      url = await target.url();
    } catch {
      // No token this time (the host's token endpoint failed): try again later like any failed connection.
      if (this.#target === target) this.#retryLater();
      return;
    }
    if (this.#target !== target) return;
    const source = new EventSource(url, { withCredentials: target.withCredentials });
    this.#source = source;
    source.addEventListener('open', () => {
      this.#attempt = 0;
      this.#state('open');
      if (this.#interrupted) {
        this.#interrupted = false;
        this.#options.onResume();
      }
    });
    source.addEventListener('invalidate', (event) => {
      let payload: unknown;
      try {
        payload = JSON.parse((event as MessageEvent<string>).data);
      } catch {
        return;
      }
      // A malformed event is ignored rather than trusted: refetching on garbage would be a cheap way to hammer the server.
      const parsed = InvalidateEvent.safeParse(payload);
      if (parsed.success) this.#options.onInvalidate(parsed.data.topics);
    });
    source.addEventListener('error', () => {
      this.#interrupted = true;
      this.#state('reconnecting');
      if (source.readyState !== EventSource.CLOSED || this.#source !== source) return;
      // The browser will not retry (HTTP error, wrong content type): we do, later and later.
      this.#source = undefined;
      this.#retryLater();
    });
  }

  #state(state: LiveState): void {
    this.#options.onState?.(state);
  }

  #retryLater(): void {
    this.#interrupted = true;
    this.#state('reconnecting');
    const delay = Math.min(this.#options.reconnectDelayMs() * 2 ** this.#attempt, MAX_RECONNECT_DELAY_MS);
    this.#attempt++;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      void this.#open();
    }, delay);
  }
}
