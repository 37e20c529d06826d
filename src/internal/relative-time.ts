/**
 * Relative times ("3 min. ago") through `Intl.RelativeTimeFormat`, and a
 * controller that re-renders its element exactly when one it showed would
 * read differently — one timer per element, set for the soonest change, so a
 * list of fifty times costs one timer, and nothing ticks when nothing shows.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { intl } from './format.js';

/** Largest unit first; months and years are approximate, which is all "2 mo. ago" promises. */
const UNITS: readonly (readonly [Intl.RelativeTimeFormatUnit, number])[] = [
  ['year', 31_536e6],
  ['month', 2_592e6],
  ['week', 6_048e5],
  ['day', 864e5],
  ['hour', 36e5],
  ['minute', 6e4],
  ['second', 1e3],
];

/**
 * Longest wait before re-rendering: an hour. "5 mo. ago" may not change for weeks, but a timer
 * past 2^31 ms (24.8 days) fires at once, and a page left open for days should still catch up.
 */
export const MAX_TICK_MS = 3_600_000;

/**
 * `at` (epoch ms) as seen at `now`, in `locale` ("12 sec. ago", "now",
 * "yesterday"), and the milliseconds until that text changes. A time ahead
 * of `now` (clocks a little apart) reads "now".
 */
export function relativeTime(at: number, now: number, locale: string): [text: string, changesInMs: number] {
  const age = Math.max(0, now - at);
  const [unit, size] = UNITS.find(([, s]) => age >= s) ?? UNITS[6]!;
  const format = intl(Intl.RelativeTimeFormat, locale, { numeric: 'auto', style: 'short' });
  return [format.format(-Math.floor(age / size), unit), size - (age % size)];
}

/**
 * Call `format(at, locale)` while rendering; after each update the host is
 * scheduled to render again when the soonest of those texts changes.
 */
export class RelativeTimes implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  #soonest = Infinity;
  #timer?: ReturnType<typeof setTimeout> | undefined;

  constructor(host: ReactiveControllerHost) {
    this.#host = host;
    host.addController(this);
  }

  format(at: string | number, locale: string): string {
    const [text, next] = relativeTime(new Date(at).getTime(), Date.now(), locale);
    this.#soonest = Math.min(this.#soonest, next);
    return text;
  }

  hostConnected(): void {
    // Back on the page: the times shown may be old.
    this.#host.requestUpdate();
  }

  hostUpdate(): void {
    this.#soonest = Infinity;
  }

  hostUpdated(): void {
    clearTimeout(this.#timer);
    this.#timer =
      this.#soonest < Infinity
        ? setTimeout(() => this.#host.requestUpdate(), Math.min(this.#soonest, MAX_TICK_MS))
        : undefined;
  }

  hostDisconnected(): void {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }
}
