/**
 * Building blocks shared by every endpoint of contract v1.
 *
 * Written with `zod/mini` so that the widgets can validate responses for about
 * 5 KB gzip instead of the ~24 KB of classic zod; the adapter uses the very
 * same schemas to parse request parameters and check its own output.
 */
import * as z from 'zod/mini';

/** The contract version served under `{base}/v1/...`. */
export const CONTRACT_VERSION = '1';

/** Invalidation topics: one per commerce table. */
export const TOPICS = ['customers', 'orders', 'invoices', 'products'] as const;
export const Topic = z.enum(TOPICS);
export type Topic = z.infer<typeof Topic>;

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True when `value` is a real calendar date written `YYYY-MM-DD` (no 2026-02-30). */
export function isCalendarDate(value: string): boolean {
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** `YYYY-MM-DD` with month lengths and leap years (no 2026-02-30): zod's own ISO date pattern. */
const DATE =
  '(?:(?:\\d\\d[2468][048]|\\d\\d[13579][26]|\\d\\d0[48]|[02468][048]00|[13579][26]00)-02-29|\\d{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\\d|30)|02-(?:0[1-9]|1\\d|2[0-8])))';
/** `hh:mm`, 00:00–23:59. */
const HOUR = '(?:[01]\\d|2[0-3]):[0-5]\\d';

/**
 * A calendar date `YYYY-MM-DD` in the dashboard's time zone. zod's ISO date
 * pattern already knows month lengths and leap years (no 2026-02-30), so no
 * {@link isCalendarDate} refinement is needed on top.
 */
export const IsoDate = z
  .string()
  .check(z.regex(new RegExp(`^${DATE}$`), 'expected a calendar date written YYYY-MM-DD'));

/** An ISO 8601 instant with an explicit offset (`Z` or `+hh:mm`). */
export const Timestamp = z
  .string()
  .check(
    z.regex(
      new RegExp(`^${DATE}T${HOUR}(?::[0-5]\\d(?:\\.\\d+)?)?(?:Z|[+-]${HOUR})$`),
      'expected an ISO 8601 date and time with an offset, e.g. 2026-11-21T09:14:03Z',
    ),
  );

/**
 * Money: a decimal string (preferred: exact) or a JSON number, in the
 * dashboard currency. Sums are never rounded through binary floats.
 */
export const Money = z.union([
  z.string().check(z.regex(/^-?\d+(\.\d+)?$/, 'expected a decimal string such as "1234.50"')),
  z.number(),
]);
export type Money = z.infer<typeof Money>;

/**
 * A metric value: money as a decimal string, counts and ratios as numbers;
 * `null` where the value is undefined (an average over no orders).
 */
export const MetricValue = z.nullable(Money);
export type MetricValue = z.infer<typeof MetricValue>;

/** A record identifier as the host's database has it (integer or text/uuid). */
export const Id = z.union([z.string(), z.int()]);
export type Id = z.infer<typeof Id>;

/** One point of a time series: bucket start date and its value. */
export const Point = z.object({
  /** Start of the bucket, `YYYY-MM-DD` in the dashboard time zone. */
  t: IsoDate,
  v: MetricValue,
});
export type Point = z.infer<typeof Point>;

/**
 * Range presets. `week` … `year` follow the request's `calendar` and `week-start`; `fiscal-quarter` and
 * `fiscal-year` exist only where the server has a fiscal year start (`v1/meta` `ranges` lists them then).
 */
export const RANGES = [
  'today',
  'week',
  'month',
  'quarter',
  'year',
  'fiscal-quarter',
  'fiscal-year',
  '7d',
  '30d',
  '90d',
  '365d',
  'custom',
] as const;
export const Range = z.enum(RANGES);
export type Range = z.infer<typeof Range>;

/** Calendars periods and buckets can be resolved in (`calendar=`): Gregorian, Solar Hijri, Umm al-Qura. */
export const CALENDARS = ['gregory', 'persian', 'islamic-umalqura'] as const;
export const CalendarId = z.enum(CALENDARS);
export type CalendarId = z.infer<typeof CalendarId>;

export const COMPARE_MODES = ['previous', 'year', 'none'] as const;
export const CompareMode = z.enum(COMPARE_MODES);
export type CompareMode = z.infer<typeof CompareMode>;

export const GRANULARITIES = ['day', 'week', 'month'] as const;
export const Granularity = z.enum(GRANULARITIES);
export type Granularity = z.infer<typeof Granularity>;

/** A resolved period: inclusive dates in the dashboard time zone and a human label. */
export const Period = z.object({
  from: IsoDate,
  to: IsoDate,
  label: z.string(),
});
export type Period = z.infer<typeof Period>;

/** The window the period is compared with, or `null` when `compare=none`. */
export const Comparison = z.nullable(
  z.object({
    mode: z.enum(['previous', 'year']),
    from: IsoDate,
    to: IsoDate,
    label: z.string(),
  }),
);
export type Comparison = z.infer<typeof Comparison>;

/**
 * How the response was served. `stale` marks data past its freshness: a normal stale-while-revalidate answer
 * (the server refreshes it in the background; asking again soon gets the fresh value) or data kept because the
 * refresh failed. `refreshFailed` tells the two apart: `true` only when the last attempt to recompute this data
 * failed (the source is unreachable). Absent (a backend that predates it) means the backend does not say.
 */
export const CacheInfo = z.object({
  hit: z.boolean(),
  ageSeconds: z.number().check(z.nonnegative()),
  stale: z.boolean(),
  refreshFailed: z.optional(z.boolean()),
});
export type CacheInfo = z.infer<typeof CacheInfo>;

/** Fields carried by every JSON response. */
export const envelope = {
  generatedAt: Timestamp,
  cache: CacheInfo,
};

/** A filter a report applied, echoed in its response with a label to show (the customer's name). */
export const AppliedFilter = z.object({
  /** Dimension id, as in `v1/meta` `dimensions`. */
  dimension: z.string(),
  /** The value the rows were narrowed to, as the backend compares it (`042` comes back as `42` for integer ids). */
  value: z.string(),
  /** What to show for the value: the customer's name; the value itself when the backend has no name for it. */
  label: z.string(),
});
export type AppliedFilter = z.infer<typeof AppliedFilter>;

/** `filters` of a report response: present when the request had a `filter`. */
export const filtered = {
  filters: z.optional(z.array(AppliedFilter)),
};

/** Paging fields of paged reports. */
export const paging = {
  total: z.int().check(z.nonnegative()),
  limit: z.int().check(z.positive()),
  offset: z.int().check(z.nonnegative()),
};

/** RFC 9457 problem details, with `errors` naming each bad parameter. */
export const Problem = z.looseObject({
  type: z.string(),
  title: z.string(),
  status: z.int(),
  detail: z.optional(z.string()),
  instance: z.optional(z.string()),
  errors: z.optional(
    z.array(
      z.object({
        param: z.string(),
        message: z.string(),
      }),
    ),
  ),
});
export type Problem = z.infer<typeof Problem>;
