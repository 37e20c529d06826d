/**
 * How fresh a board's data is, for `<dash-status>`: the state of its live
 * stream, and which of its widgets show data the server marked stale. One
 * object per board, shared through the context (its identity never changes,
 * so reporting into it re-renders no widget); `<dash-status>` subscribes.
 */

/** `off`: no live stream; `connecting`: opening the first time; `open`; `reconnecting`: lost, retrying. */
export type LiveState = 'off' | 'connecting' | 'open' | 'reconnecting';

export class Freshness {
  /** The board's live stream. */
  live: LiveState = 'off';
  /** When a widget last got new data (epoch ms), if one has. */
  loadedAt?: number;
  readonly #stale = new Set<object>();
  readonly #data = new WeakMap<object, unknown>();
  readonly #listeners = new Set<() => void>();

  /** How many widgets show stale data now. */
  get stale(): number {
    return this.#stale.size;
  }

  /** A widget says what it shows and whether that is stale (`undefined, false` when it leaves the page). */
  report(widget: object, data: unknown, stale: boolean): void {
    const loaded = data !== undefined && data !== this.#data.get(widget);
    if (loaded) {
      this.#data.set(widget, data);
      this.loadedAt = Date.now();
    }
    if (stale !== this.#stale.has(widget)) this.#stale[stale ? 'add' : 'delete'](widget);
    else if (!loaded) return;
    this.#emit();
  }

  setLive(state: LiveState): void {
    if (state === this.live) return;
    this.live = state;
    this.#emit();
  }

  /** Calls `listener` on every change; returns the function that stops it. */
  subscribe(listener: () => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #emit(): void {
    for (const listener of this.#listeners) listener();
  }
}
