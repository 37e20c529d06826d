/**
 * Request-parameter schemas. Query strings arrive as strings; each schema
 * below takes the raw string and yields a typed value, and every failure is
 * reported against the parameter's own name, so the adapter can answer
 * `400 {errors: [{param, message}]}` and `dashkit verify` can predict it.
 */
import * as z from 'zod/mini';
import { CALENDARS, COMPARE_MODES, GRANULARITIES, IsoDate, RANGES } from './common.js';

/** Largest page a paged report returns. */
export const MAX_LIMIT = 1000;
/** Page size when `limit` is absent. */
export const DEFAULT_LIMIT = 50;
/** Longest custom period, in days: ten years bounds the work one request can ask for. */
export const MAX_PERIOD_DAYS = 3660;
/** Most metrics one stats or series request may ask for. */
export const MAX_METRICS = 20;

/** `enum` with a message that lists the choices and echoes the bad value. */
export function choice<const T extends readonly [string, ...string[]]>(values: T) {
  return z.enum(values, {
    error: (issue) => `expected one of ${values.join(', ')}, got ${JSON.stringify(issue.input)}`,
  });
}

const METRIC_ID = /^[a-z][a-z0-9_]{0,63}$/;

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

/**
 * Aging bucket boundaries: ascending upper bounds in days, e.g. `30,60,90,120`
 * for Current, 1–30, 31–60, 61–90, 91–120, 121+.
 */
export const bucketBounds = z.pipe(
  z.string().check(z.regex(/^\d{1,4}(,\d{1,4}){0,11}$/, 'expected ascending day counts such as 30,60,90,120')),
  z.transform((raw, ctx) => {
    const bounds = raw.split(',').map(Number);
    const ok = bounds.every((b, i) => b >= 1 && (i === 0 || b > (bounds[i - 1] ?? 0)));
    if (!ok) {
      ctx.issues.push({
        code: 'custom',
        input: raw,
        message: 'day counts must be positive and strictly ascending, e.g. 30,60,90,120',
      });
      return z.NEVER;
    }
    return bounds;
  }),
);

/** Default aging boundaries: Current, 1–30, 31–60, 61–90, 91–120, 121+. */
export const DEFAULT_BUCKET_BOUNDS: readonly number[] = [30, 60, 90, 120];

/** Bucket ids derived from boundaries: `current`, `days_1_30`, …, `days_121_plus`. */
export function bucketIds(bounds: readonly number[]): string[] {
  const ids = ['current'];
  let from = 1;
  for (const b of bounds) {
    ids.push(`days_${from}_${b}`);
    from = b + 1;
  }
  ids.push(`days_${from}_plus`);
  return ids;
}

/** Earliest date a request may name: there is no year 0 (1 BC precedes AD 1), and PostgreSQL refuses `0000-…`. */
export const MIN_REQUEST_DATE = '0001-01-01';

/** A `YYYY-MM-DD` request parameter, from MIN_REQUEST_DATE on. */
export const RequestDate = IsoDate.check(
  z.refine((date: string) => date >= MIN_REQUEST_DATE, `expected a date from ${MIN_REQUEST_DATE} on`),
);

/** Free text that reaches SQL as a parameter: PostgreSQL text cannot hold a NUL byte. */
const sqlText = (max: number) =>
  z.string().check(
    z.maxLength(max, `at most ${max} characters`),
    z.refine((text: string) => !text.includes('\u0000'), 'must not contain a NUL character (%00)'),
  );

/** Most `dimension:value` pairs one `filter` may hold. */
export const MAX_FILTERS = 8;
/** Longest value of one filter pair (ids and short names; a value is compared with a column, never searched). */
export const MAX_FILTER_VALUE = 200;

/** One `dimension:value` pair of a `filter` parameter, as parsed. */
export interface FilterParam {
  /** A dimension id from `v1/meta` `dimensions`, e.g. `customer`. */
  dimension: string;
  /** The value rows must have in that dimension, e.g. a customer id `42`. */
  value: string;
}

const FILTER_SYNTAX = 'expected dimension:value pairs separated by commas, e.g. customer:42';

/**
 * `filter=customer:42` or `filter=customer:42,region:north`: one or more
 * `dimension:value` pairs, each dimension at most once. The value is
 * everything after the first `:` (it may not contain a comma). Pairs come out
 * sorted by dimension, so the same filters written in another order share a
 * cache entry. Which dimensions exist, and which reports take them, is the
 * backend's to say (`v1/meta` `dimensions`); this checks the syntax only.
 *
 * @example
 * filterList.parse('region:north,customer:42'); // [{ dimension: 'customer', value: '42' }, { dimension: 'region', value: 'north' }]
 */
export const filterList = z.pipe(
  z.string().check(z.maxLength(MAX_FILTERS * (MAX_FILTER_VALUE + 66), 'too long')),
  z.transform((raw, ctx) => {
    const fail = (message: string) => {
      ctx.issues.push({ code: 'custom', input: raw, message });
      return z.NEVER;
    };
    if (raw.trim() === '') return fail(FILTER_SYNTAX);
    const pairs = raw.split(',');
    if (pairs.length > MAX_FILTERS) return fail(`at most ${MAX_FILTERS} dimension:value pairs`);
    const out: FilterParam[] = [];
    for (const pair of pairs) {
      const at = pair.indexOf(':');
      const dimension = (at < 0 ? pair : pair.slice(0, at)).trim();
      const value = at < 0 ? '' : pair.slice(at + 1).trim();
      if (!METRIC_ID.test(dimension))
        return fail(
          `${JSON.stringify(dimension)} is not a dimension id (lowercase letters, digits and _); ${FILTER_SYNTAX}`,
        );
      if (value === '') return fail(`${dimension}: missing a value (write ${dimension}:<value>)`);
      // eslint-disable-next-line no-control-regex
      if (value.length > MAX_FILTER_VALUE || /[\u0000-\u001f\u007f]/.test(value))
        return fail(`${dimension}: expected a value of at most ${MAX_FILTER_VALUE} printable characters`);
      if (out.some((f) => f.dimension === dimension)) return fail(`lists ${dimension} more than once`);
      out.push({ dimension, value });
    }
    return out.sort((a, b) => (a.dimension < b.dimension ? -1 : 1));
  }),
);

/** The `filter` parameter every report endpoint takes; spread into a query schema. */
export const filterFields = {
  /** `dimension:value` pairs narrowing the report, e.g. `customer:42`. */
  filter: z.optional(filterList),
};

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

/** Calendar parameters of the period reports; spread into a query schema beside the period fields. */
export const calendarFields = {
  /** Calendar that `week` … `year` presets and week/month buckets follow; default `gregory`. */
  calendar: z.optional(choice(CALENDARS)),
  /** ISO weekday weeks begin on (1 Monday … 7 Sunday); default from `locale` when given, else 1. */
  'week-start': z.optional(integer(1, 7)),
};

const periodFields = {
  /** Preset or `custom`; default `30d`. */
  range: z.optional(choice(RANGES)),
  /** First day (inclusive) of a custom range, `YYYY-MM-DD`. */
  from: z.optional(RequestDate),
  /** Last day (inclusive) of a custom range, `YYYY-MM-DD`. */
  to: z.optional(RequestDate),
  /** What the period is compared with; default `previous`. */
  compare: z.optional(choice(COMPARE_MODES)),
  ...localeFields,
  ...calendarFields,
};

/** The period a request asked for, before the server resolves it in its time zone. */
export interface PeriodQuery {
  range?: (typeof RANGES)[number] | undefined;
  locale?: string | undefined;
  calendar?: (typeof CALENDARS)[number] | undefined;
  'week-start'?: number | undefined;
  from?: string | undefined;
  to?: string | undefined;
  compare?: (typeof COMPARE_MODES)[number] | undefined;
}

const DAY_MS = 86_400_000;

/** Cross-field rules of the period parameters, each reported against one parameter. */
export const periodRules = z.superRefine<PeriodQuery>((q, ctx) => {
  const custom = q.range === 'custom' || (q.range === undefined && (q.from !== undefined || q.to !== undefined));
  if (!custom) {
    if (q.from !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['from'],
        message: `only allowed with range=custom (got range=${q.range})`,
        input: q.from,
      });
    if (q.to !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['to'],
        message: `only allowed with range=custom (got range=${q.range})`,
        input: q.to,
      });
    return;
  }
  if (q.from === undefined)
    ctx.addIssue({ code: 'custom', path: ['from'], message: 'required when range=custom', input: q.from });
  if (q.to === undefined)
    ctx.addIssue({ code: 'custom', path: ['to'], message: 'required when range=custom', input: q.to });
  if (q.from === undefined || q.to === undefined) return;
  const span = (Date.parse(q.to) - Date.parse(q.from)) / DAY_MS + 1;
  if (span < 1)
    ctx.addIssue({ code: 'custom', path: ['to'], message: `must be on or after from (${q.from})`, input: q.to });
  else if (span > MAX_PERIOD_DAYS)
    ctx.addIssue({
      code: 'custom',
      path: ['to'],
      message: `a custom range spans at most ${MAX_PERIOD_DAYS} days`,
      input: q.to,
    });
});

/** `v1/stats` */
export const StatsParams = z.strictObject({ metrics: metricList, ...periodFields, ...filterFields }).check(periodRules);
export type StatsParams = z.output<typeof StatsParams>;

/** `v1/series` */
export const SeriesParams = z
  .strictObject({
    metrics: metricList,
    ...periodFields,
    granularity: z.optional(choice(GRANULARITIES)),
    ...filterFields,
  })
  .check(periodRules);
export type SeriesParams = z.output<typeof SeriesParams>;

/** `v1/breakdown` */
export const BreakdownParams = z
  .strictObject({
    metric: metricId,
    by: metricId,
    limit: z.optional(integer(1, 100)),
    ...periodFields,
    ...filterFields,
  })
  .check(periodRules);
export type BreakdownParams = z.output<typeof BreakdownParams>;

/** `v1/segments` */
export const SegmentsParams = z.strictObject({ ...periodFields, ...filterFields }).check(periodRules);
export type SegmentsParams = z.output<typeof SegmentsParams>;

/** Sort keys of the aging report besides the bucket ids. */
export const AGING_SORTS = ['name', 'total', 'overdue', 'invoices', 'oldest'] as const;

/** `v1/aging` */
export const AgingParams = z
  .strictObject({
    asOf: z.optional(RequestDate),
    basis: z.optional(choice(['due', 'invoice'] as const)),
    buckets: z.optional(bucketBounds),
    ...localeFields,
    sort: z.optional(z.string().check(z.regex(/^[a-z][a-z0-9_]{0,40}$/, 'expected a column id'))),
    order: z.optional(choice(['asc', 'desc'] as const)),
    limit: z.optional(integer(1, MAX_LIMIT)),
    offset: z.optional(integer(0, 1_000_000_000)),
    search: z.optional(sqlText(100)),
    minAmount: z.optional(amount),
    /** Only customers with an amount due in this bucket (a bucket id of `buckets`, e.g. `days_31_60`). */
    bucket: z.optional(z.string().check(z.regex(/^[a-z][a-z0-9_]{0,40}$/, 'expected a bucket id such as days_31_60'))),
    ...filterFields,
  })
  .check(
    z.superRefine((q, ctx) => {
      const ids = bucketIds(q.buckets ?? DEFAULT_BUCKET_BOUNDS);
      if (q.bucket !== undefined && !ids.includes(q.bucket)) {
        ctx.addIssue({
          code: 'custom',
          path: ['bucket'],
          message: `expected one of ${ids.join(', ')}, got "${q.bucket}"`,
          input: q.bucket,
        });
      }
      if (q.sort === undefined) return;
      const allowed = [...AGING_SORTS, ...ids];
      if (!allowed.includes(q.sort)) {
        ctx.addIssue({
          code: 'custom',
          path: ['sort'],
          message: `expected one of ${allowed.join(', ')}, got "${q.sort}"`,
          input: q.sort,
        });
      }
    }),
  );
export type AgingParams = z.output<typeof AgingParams>;

/** `v1/aging/customers/{id}/invoices` */
export const AgingInvoicesParams = z.strictObject({
  asOf: z.optional(RequestDate),
  basis: z.optional(choice(['due', 'invoice'] as const)),
  buckets: z.optional(bucketBounds),
  ...localeFields,
});
export type AgingInvoicesParams = z.output<typeof AgingInvoicesParams>;

/** `v1/low-stock` */
export const LowStockParams = z.strictObject({
  limit: z.optional(integer(1, MAX_LIMIT)),
  offset: z.optional(integer(0, 1_000_000_000)),
  ...localeFields,
  ...filterFields,
});
export type LowStockParams = z.output<typeof LowStockParams>;

/** Endpoints that take no parameters (`v1/health`, `v1/status`). */
export const NoParams = z.strictObject({});

/** `v1/meta`: labels in `locale`. */
export const MetaParams = z.strictObject({ ...localeFields });
export type MetaParams = z.output<typeof MetaParams>;

/** One bad parameter, as reported in a problem's `errors`. */
export interface ParamError {
  param: string;
  message: string;
}

export type ParseResult<T> = { ok: true; value: T } | { ok: false; errors: ParamError[] };

interface QuerySchema<T> {
  safeParse(input: unknown):
    | { success: true; data: T }
    | {
        success: false;
        error: { issues: readonly { path: PropertyKey[]; message: string; code: string; keys?: string[] }[] };
      };
}

/**
 * Parse a query string with one of the schemas above. Repeated parameters
 * and unknown parameters are errors, each named; nothing is silently ignored.
 *
 * @example
 * const r = parseQuery(StatsParams, new URL(req.url).searchParams);
 * if (!r.ok) return problem(400, r.errors);
 */
export function parseQuery<T>(schema: QuerySchema<T>, query: URLSearchParams): ParseResult<T> {
  const raw: Record<string, string> = {};
  const errors: ParamError[] = [];
  for (const [key, value] of query) {
    if (Object.hasOwn(raw, key)) {
      if (!errors.some((e) => e.param === key)) errors.push({ param: key, message: 'given more than once' });
      continue;
    }
    // No schema has it, and zod skips it in its unknown-key check (assigning it would set the prototype).
    if (key === '__proto__') {
      errors.push({ param: key, message: 'unknown parameter' });
      continue;
    }
    raw[key] = value;
  }
  const result = schema.safeParse(raw);
  if (!result.success) {
    for (const issue of result.error.issues) {
      if (issue.code === 'unrecognized_keys' && issue.keys) {
        for (const key of issue.keys) errors.push({ param: key, message: 'unknown parameter' });
        continue;
      }
      const param = String(issue.path[0] ?? '(query)');
      if (!errors.some((e) => e.param === param)) errors.push({ param, message: issue.message });
    }
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, value: (result as { data: T }).data };
}
