/**
 * How a data widget's requests are made up: the period (own attributes over the board's), the board's filters
 * as query parameters, the language parameters a backend takes, and `v1/stats` / `v1/series` split by what the
 * filters narrow. Used by `ReportController` (./report.ts) and the widgets' `load` functions.
 */
import type { CompareMode, Range } from '../contract/common.js';
import type { MetaResponse } from '../contract/meta.js';
import type { DashFilter } from '../events/filter-change.js';
import { narrowed } from '../view/filters.js';
import type * as z from 'zod/mini';
import type { DashClient, QueryParams } from './client.js';

/** Period query parameters as sent to `v1/stats`, `v1/series`, `v1/breakdown`. */
export interface PeriodParams {
  range?: Range | undefined;
  from?: string | undefined;
  to?: string | undefined;
  compare?: CompareMode | undefined;
}

/** Filters as query parameters: `filter=customer:42` and, for aging, `bucket=days_31_60`. */
export interface FilterQuery {
  filter?: string | undefined;
  bucket?: string | undefined;
}

/** What a report's `load` receives on each run. */
export interface LoadContext {
  client: DashClient;
  /** The merged period (empty when `usesPeriod` is false). */
  period: PeriodParams;
  /** The board's filters this report takes, as query parameters (`filter`, and `bucket` for aging). */
  filter: FilterQuery;
  /** The same filters, for reports that split their metrics by what the filters narrow ({@link narrowed}). */
  filters: readonly DashFilter[];
  /** Aborted when a newer run supersedes this one or the element leaves the page; pass it to every request. */
  signal: AbortSignal;
  /** `v1/meta`, shared by every widget on the same client. */
  meta(): Promise<MetaResponse>;
}

/** Own period wins as a whole when the element sets `range`, so a board's custom from/to never leak into a preset. */
export function mergePeriod(own: PeriodParams, board: PeriodParams | undefined): PeriodParams {
  const { range, from, to }: PeriodParams = own.range ? own : (board ?? {});
  // Days only with a custom range (or none, for the server to judge): a preset's own days are the server's to say.
  const days = !range || range === 'custom';
  return { range, from: days ? from : undefined, to: days ? to : undefined, compare: own.compare ?? board?.compare };
}

/** Filters as query parameters; `bucket` filters go to `bucket=`, the others to `filter=`. */
export function filterQuery(filters: readonly DashFilter[]): FilterQuery {
  const pairs = filters.filter((f) => f.dimension !== 'bucket').map((f) => `${f.dimension}:${f.value}`);
  return { filter: pairs.join(',') || undefined, bucket: filters.find((f) => f.dimension === 'bucket')?.value };
}

/**
 * The client with `language` (`locale`, `calendar`, `week-start`) added to every request — once `v1/meta` shows
 * a backend that takes them (it lists `calendars`): an older one answers an unknown parameter with a 400.
 * `v1/meta` itself is asked again with the locale, for metric labels in that language.
 */
export function localizedClient(client: DashClient, language: QueryParams): DashClient {
  const given = Object.fromEntries(Object.entries(language).filter(([, v]) => (v ?? '') !== ''));
  if (!Object.keys(given).length) return client;
  const locale = given['locale'] ? { locale: given['locale'] } : undefined;
  /** `params` with `extra` added, if the backend takes them. */
  const add = async (params: QueryParams | undefined, signal?: AbortSignal, extra: QueryParams = given) =>
    (await client.meta(signal)).calendars ? { ...extra, ...params } : params;
  return {
    ...client,
    getJson: async (path, params, schema, signal) => client.getJson(path, (await add(params, signal))!, schema, signal),
    ...(client.getBlob && {
      getBlob: async (path: string, params: QueryParams, signal?: AbortSignal) =>
        client.getBlob!(path, (await add(params, signal))!, signal),
    }),
    meta: async (signal, params) => client.meta(signal, locale ? await add(params, signal, locale) : params),
  };
}

/**
 * GETs `v1/stats` or `v1/series` for `ids` with the board's filters on the metrics they narrow and without them
 * on the rest (two requests at most, run together), as one response (the filtered metrics first).
 */
export async function getMetrics<S extends z.ZodMiniType>(
  ctx: LoadContext,
  path: 'v1/stats' | 'v1/series',
  ids: readonly string[],
  query: PeriodParams & { granularity?: string | undefined },
  schema: S,
): Promise<z.output<S>> {
  const [on, off] = ctx.filters.length ? narrowed(await ctx.meta(), ids, ctx.filters) : [[], ids];
  const get = (some: readonly string[], filter: FilterQuery) =>
    some.length
      ? ctx.client.getJson(path, { ...(query as QueryParams), metrics: some.join(','), ...filter }, schema, ctx.signal)
      : undefined;
  const [a, b] = await Promise.all([get(on, ctx.filter), get(off, {})]);
  if (!a || !b) return (a ?? b) as z.output<S>;
  // The filtered answer's fields (its `filters` echo) with both lists; widgets find each metric by its id.
  const key = path === 'v1/stats' ? 'stats' : 'series';
  type Listed = Record<string, unknown[]>;
  return { ...b, ...a, [key]: [...(a as Listed)[key]!, ...(b as Listed)[key]!] };
}

/**
 * Every topic of `lists` (say, the `topics` of each metric a chart draws), or `undefined` ("any topic")
 * when one of them is unknown: data that depends on something undeclared may move on any change.
 */
export function joinTopics(lists: readonly (readonly string[] | undefined)[]): readonly string[] | undefined {
  const known = lists.filter((list) => list !== undefined);
  return known.length === lists.length ? [...new Set(known.flat())] : undefined;
}
