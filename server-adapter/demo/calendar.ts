/**
 * Calendar days as integers (days since 1970-01-01) and local wall-clock time
 * in an IANA zone turned into instants, with the same meaning as SQL's
 * `(local_timestamp AT TIME ZONE tz)`: the demo's timestamps are instants
 * computed from local business hours, so a 23- or 25-hour DST day still gets
 * its orders between 7:00 and 22:00 local time.
 */

const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` → day number; throws on anything else, including 2025-02-30. */
export function parseDay(text: string, what = 'date'): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) throw new RangeError(`${what}: expected YYYY-MM-DD, got ${JSON.stringify(text)}`);
  const [y, m, d] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const ms = Date.UTC(y, m - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== m - 1 || back.getUTCDate() !== d) {
    throw new RangeError(`${what}: no such calendar day ${JSON.stringify(text)}`);
  }
  return ms / DAY_MS;
}

/** Day number → `YYYY-MM-DD`. */
export function formatDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(day: number): number {
  return ((((day + 3) % 7) + 7) % 7) + 1; // 1970-01-01 was a Thursday
}

/** Month 1–12 and day of month 1–31 of a day number. */
export function monthAndDay(day: number): { month: number; dayOfMonth: number } {
  const date = new Date(day * DAY_MS);
  return { month: date.getUTCMonth() + 1, dayOfMonth: date.getUTCDate() };
}

/** Throws a RangeError naming the zone when the runtime does not know it. */
export function assertTimeZone(timezone: string): void {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone });
  } catch {
    throw new RangeError(`timezone: unknown IANA time zone ${JSON.stringify(timezone)}`);
  }
}

/** Converts between instants and local wall-clock time in one zone. */
export class ZoneClock {
  readonly #format: Intl.DateTimeFormat;
  // Offset of each local day whose offset does not change during the day
  // (all but the few DST-change days): turns 1M conversions into ~730 Intl calls.
  readonly #dayOffsets = new Map<number, number | null>();

  constructor(readonly timezone: string) {
    assertTimeZone(timezone);
    this.#format = new Intl.DateTimeFormat('en-US', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
  }

  /** Local wall-clock time at `epochMs`, as milliseconds of a UTC-based timeline. */
  wallMs(epochMs: number): number {
    const parts: Record<string, number> = {};
    for (const part of this.#format.formatToParts(new Date(epochMs))) {
      if (part.type !== 'literal') parts[part.type] = Number(part.value);
    }
    const wall = Date.UTC(
      parts.year ?? 1970,
      (parts.month ?? 1) - 1,
      parts.day ?? 1,
      parts.hour ?? 0,
      parts.minute ?? 0,
      parts.second ?? 0,
    );
    return wall + (((epochMs % 1000) + 1000) % 1000);
  }

  /** Local calendar day (day number) of an instant. */
  localDay(epochMs: number): number {
    return Math.floor(this.wallMs(epochMs) / DAY_MS);
  }

  /**
   * The instant of local time `day` + `seconds` (seconds of the day), resolved
   * exactly like PostgreSQL's `timestamp AT TIME ZONE`: a wall time that
   * happens twice (autumn) takes the offset after the change, one skipped by
   * a spring-forward gap takes the offset before it.
   */
  instant(day: number, seconds: number): number {
    const wall = day * DAY_MS + Math.round(seconds * 1000);
    let offset = this.#dayOffsets.get(day);
    if (offset === undefined) {
      const before = this.#offsetAt(day * DAY_MS - DAY_MS);
      const after = this.#offsetAt(day * DAY_MS + 2 * DAY_MS);
      offset = before === after ? before : null;
      this.#dayOffsets.set(day, offset);
    }
    if (offset !== null) return wall - offset;
    // A day with a change: try the offsets from before and after it.
    const early = wall - this.#offsetAt(wall - DAY_MS);
    const late = wall - this.#offsetAt(wall + DAY_MS);
    if (this.wallMs(late) === wall) return late; // valid, and preferred when ambiguous
    if (this.wallMs(early) === wall) return early;
    return early; // in the gap: read with the offset before the change
  }

  /** The instant of local time `day` 00:00: where SQL's day `day` starts. */
  startOfDay(day: number): number {
    return this.instant(day, 0);
  }

  /** UTC offset in ms at an instant (local wall time − UTC). */
  #offsetAt(epochMs: number): number {
    return this.wallMs(epochMs) - epochMs;
  }
}
