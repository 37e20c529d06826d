/**
 * The live connection of a `<dash-board>`: one `EventSource` on
 * `{src}/v1/events`, `invalidate` events validated against the contract and
 * handed on as topics, and reconnection with exponential backoff when the
 * browser gives up (an HTTP error closes an EventSource for good; a dropped
 * connection it retries by itself).
 */
import { InvalidateEvent } from '../contract/events.js';

/** Longest wait between two reconnection attempts. */
export const MAX_RECONNECT_DELAY_MS = 30_000;

export interface LiveOptions {
  /** Called with the topics of each valid `invalidate` event. */
  onInvalidate(topics: readonly string[]): void;
  /** Called when the stream opens again after an interruption: events may have been missed. */
  onResume(): void;
  /** First reconnection delay in milliseconds, doubled per failed attempt up to {@link MAX_RECONNECT_DELAY_MS}. */
  reconnectDelayMs(): number;
}

export interface LiveTarget {
  /** Identifies the stream: connecting with the same key keeps the open one. */
  key: string;
  /** The stream's URL, asked again on every (re)connection so that a short-lived token can be fresh. */
  url: () => string | Promise<string>;
  withCredentials: boolean;
}

export class LiveConnection {
  private _source?: EventSource | undefined;
  private _target?: LiveTarget | undefined;
  private _timer?: ReturnType<typeof setTimeout> | undefined;
  private _attempt = 0;
  private _interrupted = false;

  constructor(private readonly _options: LiveOptions) {}

  /** The key of the stream connected (or being retried). */
  get key(): string | undefined {
    return this._target?.key;
  }

  /** Connects to `target`, or closes with `undefined`; the same target twice keeps the open stream. */
  connect(target: LiveTarget | undefined): void {
    if (target && this._target && target.key === this._target.key) return;
    this.close();
    this._target = target;
    if (target) void this._open();
  }

  close(): void {
    clearTimeout(this._timer);
    this._timer = undefined;
    this._source?.close();
    this._source = undefined;
    this._target = undefined;
    this._attempt = 0;
    this._interrupted = false;
  }

  private async _open(): Promise<void> {
    const target = this._target;
    if (!target) return;
    let url: string;
    try {
      url = await target.url();
    } catch {
      // No token this time (the host's token endpoint failed): try again later like any failed connection.
      if (this._target === target) this._retryLater();
      return;
    }
    if (this._target !== target) return;
    const source = new EventSource(url, { withCredentials: target.withCredentials });
    this._source = source;
    source.addEventListener('open', () => {
      this._attempt = 0;
      if (this._interrupted) {
        this._interrupted = false;
        this._options.onResume();
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
      if (parsed.success) this._options.onInvalidate(parsed.data.topics);
    });
    source.addEventListener('error', () => {
      this._interrupted = true;
      if (source.readyState !== EventSource.CLOSED || this._source !== source) return;
      // The browser will not retry (HTTP error, wrong content type): we do, later and later.
      this._source = undefined;
      this._retryLater();
    });
  }

  private _retryLater(): void {
    this._interrupted = true;
    const delay = Math.min(this._options.reconnectDelayMs() * 2 ** this._attempt, MAX_RECONNECT_DELAY_MS);
    this._attempt++;
    this._timer = setTimeout(() => {
      this._timer = undefined;
      void this._open();
    }, delay);
  }
}
