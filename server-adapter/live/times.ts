/**
 * The times an invalidation carries (`times`, or `from`/`to`): checked and
 * normalised once, wherever they come from (`server.invalidate`, the
 * webhook, a NOTIFY payload, a bus message).
 */
import { ChangedTime, MAX_INVALIDATE_TIMES } from '../../src/contract/index.js';
import type { ChangedTimes, TimeSpan } from './types.js';

export type { ChangedTimes, TimeSpan } from './types.js';

/** What a caller may pass: instants (ISO strings or Dates) or a span. */
export interface InvalidationTimes {
  /** The changed rows' time-column values, old and new. */
  times?: readonly (string | Date)[];
  /** Or the span (inclusive) every changed row's time lies in; both or neither. */
  from?: string | Date;
  to?: string | Date;
}

/** A bad `times`, `from` or `to`; `param` names which. */
export class TimesError extends TypeError {
  constructor(
    readonly param: 'times' | 'from' | 'to',
    message: string,
  ) {
    super(`${param}: ${message}`);
    this.name = 'TimesError';
  }
}

const isDate = (text: string) => text.length === 10;

/** The instant (ms) a time stands for, for ordering; a date is its UTC midnight. */
export function timeValue(text: string): number {
  return Date.parse(isDate(text) ? `${text}T00:00:00Z` : text);
}

function oneTime(value: unknown, param: TimesError['param'], index?: number): string {
  const at = index === undefined ? '' : `item ${index}: `;
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new TimesError(param, `${at}an invalid Date`);
    return value.toISOString();
  }
  if (typeof value !== 'string' || !ChangedTime.safeParse(value).success) {
    throw new TimesError(
      param,
      `${at}expected an ISO 8601 instant with its offset (2026-03-03T10:15:00Z) or a date (2026-03-03), got ${JSON.stringify(value)}`,
    );
  }
  return value;
}

/**
 * The spans in `input`, or undefined when it carries no time (anything may
 * have changed). Throws a TimesError naming the field at fault.
 */
export function changedTimes(input: InvalidationTimes): ChangedTimes | undefined {
  const spans: TimeSpan[] = [];
  if (input.times !== undefined) {
    if (!Array.isArray(input.times)) throw new TimesError('times', 'expected an array of times');
    if (input.times.length > MAX_INVALIDATE_TIMES) {
      throw new TimesError('times', `at most ${MAX_INVALIDATE_TIMES} times; send "from" and "to" instead`);
    }
    input.times.forEach((value, i) => {
      const t = oneTime(value, 'times', i);
      spans.push({ from: t, to: t });
    });
  }
  if (input.from !== undefined || input.to !== undefined) {
    if (input.from === undefined) throw new TimesError('from', 'expected "from" with "to"');
    if (input.to === undefined) throw new TimesError('to', 'expected "to" with "from"');
    const from = oneTime(input.from, 'from');
    const to = oneTime(input.to, 'to');
    if (timeValue(from) > timeValue(to)) throw new TimesError('from', `${from} is after "to" (${to})`);
    spans.push({ from, to });
  }
  return spans.length > 0 ? { spans } : undefined;
}

/** Checks times that crossed a process boundary (a bus message, a NOTIFY payload); undefined unless well formed. */
export function decodeTimes(value: unknown): ChangedTimes | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (!Array.isArray(v.spans) || v.spans.length === 0) return undefined;
  const spans: TimeSpan[] = [];
  for (const span of v.spans as unknown[]) {
    const s = span as Record<string, unknown> | null;
    if (typeof s !== 'object' || s === null) return undefined;
    if (!ChangedTime.safeParse(s.from).success || !ChangedTime.safeParse(s.to).success) return undefined;
    spans.push({ from: s.from as string, to: s.to as string });
  }
  const table = typeof v.table === 'string' ? v.table : undefined;
  const column = typeof v.column === 'string' ? v.column : undefined;
  return { spans, ...(table !== undefined ? { table } : {}), ...(column !== undefined ? { column } : {}) };
}

/** Two invalidations' times as one: untimed (undefined) wins, and times of different tables do not merge. */
export function mergeTimes(a: ChangedTimes | undefined, b: ChangedTimes | undefined): ChangedTimes | undefined {
  if (!a || !b || a.table !== b.table || a.column !== b.column) return undefined;
  return { ...a, spans: [...a.spans, ...b.spans] };
}
