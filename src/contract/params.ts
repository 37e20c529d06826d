/**
 * Request-parameter schemas. Query strings arrive as strings; each schema
 * below takes the raw string and yields a typed value, and every failure is
 * reported against the parameter's own name, so the adapter can answer
 * `400 {errors: [{param, message}]}` and `dashkit verify` can predict it.
 *
 * This module holds the query schemas of the endpoints and re-exports the
 * parts they are built from: single values (param-values.ts), `filter`
 * (filter-params.ts), the period (period-params.ts), aging's own parameters
 * (aging-params.ts) and `parseQuery` (parse-query.ts).
 */
import * as z from 'zod/mini';
import { GRANULARITIES } from './common.js';
import { filterFields } from './filter-params.js';
import { choice, integer, localeFields, MAX_LIMIT, metricId, metricList } from './param-values.js';
import { periodFields, periodRules } from './period-params.js';

export {
  amount,
  choice,
  DEFAULT_LIMIT,
  integer,
  localeFields,
  localeTag,
  MAX_LIMIT,
  MAX_METRICS,
  metricId,
  metricList,
  MIN_REQUEST_DATE,
  RequestDate,
} from './param-values.js';
export { filterFields, type FilterParam, filterList, MAX_FILTER_VALUE, MAX_FILTERS } from './filter-params.js';
export { calendarFields, MAX_PERIOD_DAYS, type PeriodQuery, periodRules } from './period-params.js';
export {
  AGING_SORTS,
  AgingInvoicesParams,
  AgingParams,
  bucketBounds,
  bucketIds,
  DEFAULT_BUCKET_BOUNDS,
} from './aging-params.js';
export { type ParamError, parseQuery, type ParseResult } from './parse-query.js';

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

/** `v1/low-stock` */
export const LowStockParams = z.strictObject({
  limit: z.optional(integer(1, MAX_LIMIT)),
  offset: z.optional(integer(0, 1_000_000_000)),
  ...localeFields,
  ...filterFields,
});
export type LowStockParams = z.output<typeof LowStockParams>;

/**
 * Endpoints whose only parameter is `locale` (SPEC §7: every endpoint takes it): `v1/meta` (labels),
 * `v1/status` (pipeline labels), `v1/health` and `v1/boards`.
 */
export const LocaleParams = z.strictObject({ ...localeFields });
export type LocaleParams = z.output<typeof LocaleParams>;

/** `v1/meta`: labels in `locale`. */
export const MetaParams = LocaleParams;
export type MetaParams = LocaleParams;
