/**
 * `v1/activity`'s parameters and its cursor: what the adapter parses and
 * `dashkit verify` predicts. Apart from the response schema (activity.ts), so
 * that a widget bundle does not carry them.
 */
import * as z from 'zod/mini';
import { DEFAULT_LIMIT, filterFields, integer, localeFields, MAX_LIMIT } from './params.js';

/** A kind of event: `order`, `ticket`, `appointment`… (lowercase letters, digits, `_` and `-`). */
export const ACTIVITY_KIND = /^[a-z][a-z0-9_-]{0,31}$/;

/** Most kinds one request may list in `kinds`. */
export const MAX_ACTIVITY_KINDS = 20;

/** Page size of `v1/activity` when `limit` is absent: the same as every paged report. */
export const DEFAULT_ACTIVITY_LIMIT = DEFAULT_LIMIT;

/** Where a page ends: the last item's time (to the microsecond, as stored), kind and id. */
export interface ActivityCursor {
  /** ISO 8601 in UTC with microseconds, e.g. `2026-11-21T09:14:03.123456Z`. */
  at: string;
  kind: string;
  /** The id as text. */
  id: string;
}

const CURSOR_AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

function toBase64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): string {
  const binary = atob(text.replaceAll('-', '+').replaceAll('_', '/'));
  return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

/** The `next` cursor for the item a page ends with. */
export function encodeActivityCursor(cursor: ActivityCursor): string {
  return toBase64Url(JSON.stringify([cursor.at, cursor.kind, cursor.id]));
}

/** The cursor `encodeActivityCursor` made, or undefined for anything else. */
export function decodeActivityCursor(text: string): ActivityCursor | undefined {
  try {
    const value: unknown = JSON.parse(fromBase64Url(text));
    if (!Array.isArray(value) || value.length !== 3) return undefined;
    const [at, kind, id] = value as unknown[];
    if (typeof at !== 'string' || !CURSOR_AT.test(at) || Number.isNaN(Date.parse(at))) return undefined;
    if (typeof kind !== 'string' || !ACTIVITY_KIND.test(kind)) return undefined;
    if (typeof id !== 'string' || id.length > 200) return undefined;
    return { at, kind, id };
  } catch {
    return undefined;
  }
}

const CURSOR_MESSAGE = 'expected the `next` cursor of an earlier v1/activity response';

/** `before=<cursor>`: decoded, or an issue naming `before`. */
export const activityCursor = z.pipe(
  z.string().check(z.regex(/^[A-Za-z0-9_-]{1,400}$/, CURSOR_MESSAGE)),
  z.transform((raw, ctx) => {
    const cursor = decodeActivityCursor(raw);
    if (cursor) return cursor;
    ctx.issues.push({ code: 'custom', input: raw, message: CURSOR_MESSAGE });
    return z.NEVER;
  }),
);

/** `kinds=order,ticket`: which kinds to list (default all), no repeats; sorted, so the order given does not matter. */
export const activityKinds = z.pipe(
  z.string().check(z.minLength(1, 'expected one or more kinds separated by commas'), z.maxLength(700, 'too long')),
  z.transform((raw, ctx) => {
    const kinds = raw.split(',').map((s) => s.trim());
    const bad = kinds.find((k) => !ACTIVITY_KIND.test(k));
    const problem =
      bad !== undefined
        ? `${JSON.stringify(bad)} is not a kind (lowercase letters, digits, _ and -)`
        : new Set(kinds).size !== kinds.length
          ? 'lists a kind more than once'
          : kinds.length > MAX_ACTIVITY_KINDS
            ? `at most ${MAX_ACTIVITY_KINDS} kinds`
            : undefined;
    if (problem === undefined) return kinds.sort();
    ctx.issues.push({ code: 'custom', input: raw, message: problem });
    return z.NEVER;
  }),
);

/** `v1/activity` */
export const ActivityParams = z.strictObject({
  /** Items per page (1–1000); default 50. */
  limit: z.optional(integer(1, MAX_LIMIT)),
  /** The `next` cursor of the page before. */
  before: z.optional(activityCursor),
  /** Kinds to list, comma-separated; default every kind the backend maps. */
  kinds: z.optional(activityKinds),
  ...localeFields,
  ...filterFields,
});
export type ActivityParams = z.output<typeof ActivityParams>;
