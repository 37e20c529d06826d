/**
 * Single query values: each schema takes one raw query-string value and
 * yields a typed value (a choice, a whole number, an amount, a date, free
 * text, a metric id or list, a locale), and says what it expected when the
 * value is bad. The endpoint schemas (params.ts, aging-params.ts,
 * activity-params.ts) are built from these; the page-size bounds every paged
 * report shares are here too.
 */
import * as z from 'zod/mini';
import { IsoDate } from './common.js';

/** Largest page a paged report returns. */
export const MAX_LIMIT = 1000;
/** Page size when `limit` is absent. */
export const DEFAULT_LIMIT = 50;
/** Most metrics one stats or series request may ask for. */
export const MAX_METRICS = 20;

/** `enum` with a message that lists the choices and echoes the bad value. */
export function choice<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, {
    error: (issue) => `expected one of ${values.join(', ')}, got ${JSON.stringify(issue.input)}`,
  });
}

/** A metric, breakdown or dimension id: a lowercase letter, then up to 63 lowercase letters, digits and _. */
export const METRIC_ID = /^[a-z][a-z0-9_]{0,63}$/;

/** `metrics=a,b`: one or more metric ids, comma-separated, no repeats. */
export const metricList = z.pipe(
  z
    .string()
    .check(z.minLength(1, 'expected one or more metric ids separated by commas'), z.maxLength(1300, 'too long')),
  z.transform((raw, ctx) => {
    const ids = raw.split(',').map((s) => s.trim());
    for (const id of ids) {
      if (!METRIC_ID.test(id)) {
        ctx.issues.push({
          code: 'custom',
          input: raw,
          message: `${JSON.stringify(id)} is not a metric id (lowercase letters, digits and _)`,
        });
        return z.NEVER;
      }
    }
    if (new Set(ids).size !== ids.length) {
      ctx.issues.push({ code: 'custom', input: raw, message: 'lists a metric more than once' });
      return z.NEVER;
    }
    if (ids.length > MAX_METRICS) {
      ctx.issues.push({ code: 'custom', input: raw, message: `at most ${MAX_METRICS} metrics per request` });
      return z.NEVER;
    }
    return ids;
  }),
);

/** A single metric or breakdown id. */
export const metricId = z.string().check(z.regex(METRIC_ID, 'expected an id of lowercase letters, digits and _'));

/** A non-negative integer written in decimal digits, within [min, max]. */
export function integer(min: number, max: number) {
  return z.pipe(
    z.string().check(z.regex(/^\d{1,10}$/, `expected a whole number from ${min} to ${max}`)),
    z.pipe(
      z.transform((s: string) => Number(s)),
      z
        .number()
        .check(
          z.gte(min, `expected a whole number from ${min} to ${max}`),
          z.lte(max, `expected a whole number from ${min} to ${max}`),
        ),
    ),
  );
}

/** A non-negative decimal amount such as `100` or `99.95`. */
export const amount = z
  .string()
  .check(z.regex(/^\d{1,15}(\.\d{1,6})?$/, 'expected a non-negative decimal amount such as 100 or 99.95'));

/** Earliest date a request may name: there is no year 0 (1 BC precedes AD 1), and PostgreSQL refuses `0000-…`. */
export const MIN_REQUEST_DATE = '0001-01-01';

/** A `YYYY-MM-DD` request parameter, from MIN_REQUEST_DATE on. */
export const RequestDate = IsoDate.check(
  z.refine((date: string) => date >= MIN_REQUEST_DATE, `expected a date from ${MIN_REQUEST_DATE} on`),
);

/** Free text that reaches SQL as a parameter: PostgreSQL text cannot hold a NUL byte. */
export const sqlText = (max: number) =>
  z.string().check(
    z.maxLength(max, `at most ${max} characters`),
    z.refine((text: string) => !text.includes('\u0000'), 'must not contain a NUL character (%00)'),
  );

const LOCALE_HINT = 'expected a BCP 47 locale such as fa-IR or de';

/** `locale=fa-IR`: a well-formed BCP 47 tag, canonicalised (`EN-us` → `en-US`) so one locale is one cache entry. */
export const localeTag = z.pipe(
  z.string().check(z.maxLength(100, LOCALE_HINT)),
  z.transform((raw, ctx) => {
    try {
      const [tag] = Intl.getCanonicalLocales(raw);
      if (tag !== undefined && raw !== '') return tag;
    } catch {
      // RangeError: not a well-formed tag
    }
    ctx.issues.push({ code: 'custom', input: raw, message: `${LOCALE_HINT}, got ${JSON.stringify(raw)}` });
    return z.NEVER;
  }),
);

/** The `locale` parameter every report endpoint and `v1/meta` take: labels come back in it (default: the server's). */
export const localeFields = {
  /** BCP 47 locale of the labels in the answer; default the server's. */
  locale: z.optional(localeTag),
};
