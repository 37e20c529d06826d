/** `GET {base}/v1/meta`: what this backend serves, and how to label and format it. */
import * as z from 'zod/mini';
import { CALENDARS, CONTRACT_VERSION, envelope, RANGES, Topic } from './common.js';

export const METRIC_FORMATS = ['currency', 'number', 'percent', 'duration'] as const;

export const MetricInfo = z.object({
  /** Stable id used in `metrics=` and `metric=`. */
  id: z.string(),
  label: z.string(),
  /** How widgets format values: money in the dashboard currency, plain numbers, ratios 0–1 as percents, seconds as durations. */
  format: z.enum(METRIC_FORMATS),
  /** Which direction of change is good news (colours the change badge). */
  goodDirection: z.enum(['up', 'down']),
  description: z.optional(z.string()),
  /** Whether the metric has a value per day (usable in `series` and `trend`); point-in-time metrics such as receivables do not. */
  timeSeries: z.optional(z.boolean()),
  /** Topics whose changes can move this metric; widgets refetch on matching `invalidate` events. */
  topics: z.optional(z.array(z.string())),
  /** Dimension ids (`dimensions[].id`) this metric can be filtered by; `stats` and `series` refuse a filter on another. */
  dimensions: z.optional(z.array(z.string())),
});
export type MetricInfo = z.infer<typeof MetricInfo>;

export const BreakdownInfo = z.object({
  /** Stable id used in `by=`. */
  id: z.string(),
  label: z.string(),
  /**
   * Topics whose changes can move a breakdown besides those of its metric (the customers' names behind
   * `customer`); a breakdown of a metric moves on the metric's `topics` and these.
   */
  topics: z.optional(z.array(Topic)),
  /** The dimension whose values the rows' keys are: a row's key filters by it (`filter=customer:<key>`). */
  dimension: z.optional(z.string()),
});
export type BreakdownInfo = z.infer<typeof BreakdownInfo>;

/** What `filter=<id>:<value>` can narrow, and where. */
export const DimensionInfo = z.object({
  /** Stable id used in `filter=`, e.g. `customer`. */
  id: z.string(),
  label: z.string(),
  /**
   * Report endpoints that take a filter on it (`stats`, `series`, `breakdown`, `segments`, `aging`, `low-stock`…;
   * `v1/export/{report}.csv` follows its report). For `stats` and `series` only the metrics whose `dimensions` list
   * it can be filtered by it.
   */
  reports: z.array(z.string()),
});
export type DimensionInfo = z.infer<typeof DimensionInfo>;

export const MetaResponse = z.object({
  version: z.literal(CONTRACT_VERSION),
  /** IANA time zone that periods and buckets are resolved in. */
  timezone: z.string(),
  /** ISO 4217 currency code of money values. */
  currency: z.string().check(z.regex(/^[A-Z]{3}$/)),
  /** BCP 47 locale widgets format with unless told otherwise. */
  locale: z.string(),
  metrics: z.array(MetricInfo),
  breakdowns: z.array(BreakdownInfo),
  /** Dimensions reports can be filtered by (`filter=`); absent or empty: this backend takes no filters. */
  dimensions: z.optional(z.array(DimensionInfo)),
  reports: z.array(z.enum(['aging', 'low-stock', 'activity'])),
  /**
   * Per report id (`aging`, `low-stock`, `segments`, …), the topics whose changes can move it; widgets
   * refetch on matching `invalidate` events. A report left out (or a backend without the field) moves on any topic.
   * An object with a catch-all rather than `z.record`: the same JSON Schema, without the 0.6 KB gzip that
   * zod's record parser adds to the widgets (which validate this response).
   */
  reportTopics: z.optional(z.catchall(z.object({}), z.array(Topic))),
  /** Whether `v1/events` pushes invalidations. */
  live: z.boolean(),
  /** Range presets this backend accepts and the one it uses by default. */
  ranges: z.optional(z.array(z.enum(RANGES))),
  defaultRange: z.optional(z.enum(RANGES)),
  /** Calendars `calendar=` accepts (`gregory` is the default). */
  calendars: z.optional(z.array(z.enum(CALENDARS))),
  /** ISO weekday (1 Monday … 7 Sunday) weeks begin on for this answer's locale when `week-start` is not given. */
  weekStart: z.optional(z.int().check(z.gte(1), z.lte(7))),
  /** First day of the fiscal year, `MM-DD`, when the server has one: then `ranges` lists `fiscal-quarter` and `fiscal-year`. */
  fiscalYearStart: z.optional(z.string().check(z.regex(/^\d{2}-\d{2}$/))),
  ...envelope,
});
export type MetaResponse = z.infer<typeof MetaResponse>;
