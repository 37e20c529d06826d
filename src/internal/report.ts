/**
 * `ReportController`: everything a data widget does between its attributes
 * and its `render()` — find the client (own `src`, else the enclosing
 * `<dash-board>`), merge the period (own attributes over the board's), run a
 * load with an AbortSignal ({@link Load}), keep the last good data while refetching
 * or after a failure, and refetch when the board says so (`revision`) or when
 * a live `invalidate` event names a topic the data depends on.
 *
 * How to use it in an element:
 *
 * ```ts
 * // Host fields the controller reads by name come from the mixins of ./shared-attributes.ts:
 * // SourceMixin (src), PeriodMixin for period-driven reports (range/from/to/compare), LocaleMixin (locale).
 * class DashLowStock extends SourceMixin(LocaleMixin(DashElement)) {
 *   @property({ type: Number, reflect: true }) limit = 10;
 *
 *   readonly #report = new ReportController(this, {
 *     // Inputs besides client/period: a change refetches.
 *     args: () => [this.limit],
 *     // Aging and low stock take no period: a period change must not refetch them.
 *     usesPeriod: false,
 *     // Live `invalidate` topics that move this data, here read from the last data's `v1/meta`
 *     // (`undefined`, before the first load or from a backend that does not say, means "any topic").
 *     topics: (data) => data?.meta.reportTopics?.['low-stock'],
 *     load: ({ client, signal }) => client.getJson('v1/low-stock', { limit: this.limit }, LowStockResponse, signal),
 *   });
 *
 *   override render() {
 *     const r = this.#report;
 *     // r.data (last good data, kept while refetching and after errors), r.busy, r.error, r.stale (mark it),
 *     // r.retry(), r.format(meta) → { locale, currency }, r.period, r.board, r.client, r.task.
 *     // renderError()/renderStale() from ./templates.js give the shared error and stale pieces.
 *   }
 * }
 * ```
 *
 * With `enabled: () => false` the controller fetches nothing (used by a card
 * whose data a `<dash-stat-grid>` supplies).
 */
import { narrowed } from '../view/filters.js';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { CacheInfo, CompareMode, Range } from '../contract/common.js';
import type { MetaResponse } from '../contract/meta.js';
import { dashboardContext, type DashboardContext } from '../context/dashboard.js';
import type { DashFilter } from '../events/filter-change.js';
import type * as z from 'zod/mini';
import { ContextConsumer } from './context.js';
import { clientFor, type DashClient, type QueryParams } from './client.js';
import { ensureContextRoot } from './context-root.js';
import { withCalendar, type FormatContext } from './format.js';
import type { LocaleProperties, PeriodProperties, SourceProperties } from './shared-attributes.js';

/** Period query parameters as sent to `v1/stats`, `v1/series`, `v1/breakdown`. */
export interface PeriodParams {
  range?: Range | undefined;
  from?: string | undefined;
  to?: string | undefined;
  compare?: CompareMode | undefined;
}

/**
 * The element fields the controller reads, as the mixins of ./shared-attributes.ts declare them.
 * Every one is optional: a report without a period (aging, low stock) has no `range`…`compare`.
 */
export type ReportSource = SourceProperties & PeriodProperties & LocaleProperties;

export type ReportHost = ReactiveControllerHost & HTMLElement & ReportSource;

/** What `load` receives on each run. */
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

export interface ReportOptions<T> {
  load(context: LoadContext): Promise<T>;
  /** Element-specific inputs (metric ids, paging, search…); a change refetches. */
  args?: () => readonly unknown[];
  /** Whether the board's period feeds this report; default true. */
  usesPeriod?: boolean;
  /**
   * Whether the report's endpoint takes `locale` (labels in that language); default true. A period report also
   * gets `calendar` and `week-start`. Sent only to a backend whose `v1/meta` lists `calendars` (SPEC §7).
   */
  localized?: boolean;
  /**
   * Live topics behind the data. A function receives the last good data (e.g.
   * to read metric topics from `v1/meta`); `undefined` means "any topic".
   */
  topics?: readonly string[] | ((data: T | undefined) => readonly string[] | undefined);
  /**
   * The response's `cache` block (how the server served it); default reads `cache` of the data object.
   * It decides {@link ReportController.stale} and the refetch after a revalidating answer.
   */
  cache?: (data: T) => CacheInfo | undefined;
  /** When false the controller fetches nothing; default always true. */
  enabled?: () => boolean;
  /** Whether the board's `<dash-status>` counts this data (its loads and staleness); default true. */
  freshness?: boolean;
  /**
   * The report the board's filters apply to, by its `v1/meta` id (`stats`, `series`, `breakdown`, `aging`,
   * `low-stock`, `activity`…), and whether it takes an aging `bucket`; unset: the report takes no filter.
   */
  filters?: () => { report: string; bucket?: boolean } | undefined;
}

/** Filters as query parameters: `filter=customer:42` and, for aging, `bucket=days_31_60`. */
export interface FilterQuery {
  filter?: string | undefined;
  bucket?: string | undefined;
}

type Args = readonly unknown[];

/** Where a {@link Load} stands. */
export type LoadStatus = 'initial' | 'pending' | 'complete' | 'error';

/**
 * The run of one async load per set of args — what `@lit/task` does, in the part dashkit uses (about a third
 * of its bytes): on each host update while `autoRun`, new args (by `argsEqual`) start a run; a newer run aborts
 * the one before and only the newest settles; `run()` starts one with the current args.
 */
export class Load<T> implements ReactiveController {
  autoRun = true;
  status: LoadStatus = 'initial';
  value: T | undefined;
  error: unknown;
  #args: Args | undefined;
  #abort: AbortController | undefined;
  #call = 0;

  constructor(
    readonly host: ReactiveControllerHost,
    readonly options: {
      task: (args: Args, context: { signal: AbortSignal }) => Promise<T>;
      args: () => Args;
      argsEqual: (a: Args, b: Args) => boolean;
      onComplete: (value: T) => void;
    },
  ) {
    host.addController(this);
  }

  hostUpdate(): void {
    if (!this.autoRun) return;
    const args = this.options.args();
    const prev = this.#args;
    if (!prev || !this.options.argsEqual(prev, args)) void this.run(args);
  }

  async run(args = this.options.args()): Promise<void> {
    this.#args = args;
    this.#abort?.abort();
    const abort = (this.#abort = new AbortController());
    const call = ++this.#call;
    this.status = 'pending';
    this.host.requestUpdate();
    let value: T | undefined;
    let error: unknown;
    let failed = false;
    try {
      value = await this.options.task(args, abort);
    } catch (e) {
      failed = true;
      error = e;
    }
    if (call !== this.#call) return;
    if (!failed) {
      try {
        this.options.onComplete(value as T);
      } catch {
        // A failing listener does not leave the load pending (as with @lit/task).
      }
    }
    this.status = failed ? 'error' : 'complete';
    this.value = value;
    this.error = error;
    this.host.requestUpdate();
  }
}

function defaultCache(data: unknown): CacheInfo | undefined {
  return (data as { cache?: CacheInfo } | null | undefined)?.cache;
}

/**
 * Waits before fetching again after a stale-while-revalidate answer (`cache.stale` without `refreshFailed`): the
 * server refreshes in the background, so the next request gets the fresh value. One, three, then nine seconds;
 * data still stale after the last one is marked stale (a backend that does not send `refreshFailed`, or a
 * refresh that takes that long).
 */
export const REVALIDATE_DELAYS_MS: readonly number[] = [1000, 3000, 9000];

/** Own period wins as a whole when the element sets `range`, so a board's custom from/to never leak into a preset. */
export function mergePeriod(own: PeriodParams, board: PeriodParams | undefined): PeriodParams {
  const base = own.range
    ? { range: own.range, from: own.from, to: own.to }
    : { range: board?.range, from: board?.from, to: board?.to };
  const merged: PeriodParams = { ...base, compare: own.compare ?? board?.compare };
  if (merged.range && merged.range !== 'custom') {
    merged.from = undefined;
    merged.to = undefined;
  }
  return merged;
}

export class ReportController<T> implements ReactiveController {
  readonly task: Load<T>;

  readonly #host: ReportHost;
  readonly #options: ReportOptions<T>;
  readonly #consumer: ContextConsumer<DashboardContext | undefined>;
  #last?: T;
  /** Topic revisions seen when the current data was requested. */
  #seen: Readonly<Record<string, number>> = {};
  /** Bumped when a relevant topic moved: part of the task's args, so the task reruns. */
  #invalidations = 0;
  /** Refetches made since the data turned stale (see {@link REVALIDATE_DELAYS_MS}). */
  #rechecks = 0;
  #recheckTimer: ReturnType<typeof setTimeout> | undefined;
  /** A refetch of {@link REVALIDATE_DELAYS_MS} is running: it counts once answered. */
  #rechecking = false;

  constructor(host: ReportHost, options: ReportOptions<T>) {
    this.#host = host;
    this.#options = options;
    // Added before the load so that `hostUpdate` here (invalidation check,
    // autoRun switch) runs before the load's own `hostUpdate` compares args.
    host.addController(this);
    ensureContextRoot();
    this.#consumer = new ContextConsumer(host, { context: dashboardContext, subscribe: true });
    this.task = new Load<T>(host, {
      task: async ([client, period, filter, , , language], { signal }) => {
        this.#seen = { ...this.board?.topicRevisions };
        if (!client) throw new Error(`set src, or place <${host.localName}> inside a <dash-board>`);
        const c = localizedClient(client as DashClient, language as QueryParams);
        return options.load({
          client: c,
          period: period as PeriodParams,
          filter: filter as FilterQuery,
          filters: this.filters,
          signal,
          meta: () => c.meta(signal),
        });
      },
      onComplete: (data) => {
        this.#last = data;
        this.board?.echo?.(data, this.#options.usesPeriod !== false && !this.#host.range);
        if (this.#rechecking) this.#rechecks++;
        this.#rechecking = false;
        this.#revalidate(data);
      },
      args: () => [
        this.client,
        this.period,
        filterQuery(this.filters),
        this.board?.revision ?? 0,
        this.#invalidations,
        this.#language(),
        ...(options.args?.() ?? []),
      ],
      argsEqual: argsEqual,
    });
  }

  hostUpdate(): void {
    const enabled = this.#enabled();
    this.task.autoRun = enabled;
    if (enabled && this.#touched()) this.#invalidations++;
  }

  hostUpdated(): void {
    // What `<dash-status>` shows: when the board's widgets last loaded, and which show data marked stale.
    if (this.#options.freshness !== false) this.board?.freshness?.report(this.#host, this.data, this.stale);
  }

  hostDisconnected(): void {
    clearTimeout(this.#recheckTimer);
    this.#recheckTimer = undefined;
    this.board?.freshness?.report(this.#host, undefined, false);
  }

  hostConnected(): void {
    // Back on the page with data a refresh was pending for: ask again.
    const last = this.#last;
    if (last !== undefined && this.#recheckTimer === undefined) this.#revalidate(last);
  }

  /**
   * After a stale-while-revalidate answer, fetches again shortly so the refreshed value replaces it (the shown
   * data stays until then: no flash, no alarm). A fresh answer ends the round.
   */
  #revalidate(data: T): void {
    clearTimeout(this.#recheckTimer);
    this.#recheckTimer = undefined;
    const cache = this.#cacheOf(data);
    if (!cache?.stale) {
      this.#rechecks = 0;
      return;
    }
    const delay = REVALIDATE_DELAYS_MS[this.#rechecks];
    if (cache.refreshFailed === true || delay === undefined || !this.#host.isConnected) return;
    this.#recheckTimer = setTimeout(() => {
      this.#recheckTimer = undefined;
      this.#rechecking = true;
      void this.task.run();
    }, delay);
  }

  #cacheOf(data: T): CacheInfo | undefined {
    return (this.#options.cache ?? defaultCache)(data);
  }

  /** The enclosing board's context, if any. */
  get board(): DashboardContext | undefined {
    return this.#consumer.value;
  }

  /** Own `src` first, then the board's client. */
  get client(): DashClient | undefined {
    if (this.#host.src) return clientFor(this.#host.src);
    return this.board?.client;
  }

  /**
   * The board's filters this report takes: the dimensions `v1/meta` lists for its report (and `bucket` where it
   * takes one). None for an element with its own `src`: the board's filters are about the board's backend.
   */
  get filters(): readonly DashFilter[] {
    const spec = this.#options.filters?.();
    const board = this.board;
    if (!spec || !board?.filters?.length || this.#host.src) return [];
    const dims = board.meta?.dimensions;
    return board.filters.filter((f) =>
      f.dimension === 'bucket'
        ? spec.bucket
        : dims?.some((d) => d.id === f.dimension && d.reports.includes(spec.report)),
    );
  }

  /** Sets a filter on the enclosing board as the user's choice (a click on a customer): see `DashboardContext.select`. */
  select(filter: DashFilter): void {
    this.board?.select?.(filter);
  }

  /** The period sent with the request: own attributes over the board's. */
  get period(): PeriodParams {
    if (this.#options.usesPeriod === false) return {};
    const h = this.#host;
    return mergePeriod({ range: h.range, from: h.from, to: h.to, compare: h.compare }, this.board);
  }

  /** The data to show: the current value, else the last good one (kept while refetching and after a failure). */
  get data(): T | undefined {
    return this.task.status === 'complete' ? this.task.value : this.#last;
  }

  /** True until the first load settles and while a refetch runs. */
  get busy(): boolean {
    const s = this.task.status;
    return s === 'pending' || (s === 'initial' && (this.#options.enabled?.() ?? true));
  }

  /**
   * Fetches unless told not to, and not before the board's `v1/meta` says which of its filters this report
   * takes: a first request without them would draw unfiltered numbers for a moment.
   */
  #enabled(): boolean {
    const b = this.board;
    const waiting = !!this.#options.filters?.() && !!b?.filters?.length && !b.meta && !this.#host.src;
    return (this.#options.enabled?.() ?? true) && !waiting;
  }

  /** The error of the last run, when it failed. */
  get error(): unknown {
    return this.task.status === 'error' ? this.task.error : undefined;
  }

  get failed(): boolean {
    return this.task.status === 'error';
  }

  /**
   * Whether to mark the shown data stale: the server kept it because a refresh failed (`cache.refreshFailed`), or
   * it is still stale after every refetch of {@link REVALIDATE_DELAYS_MS}. A normal stale-while-revalidate answer
   * is not: it is replaced by the refreshed value a moment later.
   */
  get stale(): boolean {
    const data = this.data;
    if (data === undefined) return false;
    const cache = this.#cacheOf(data);
    if (!cache?.stale) return false;
    return cache.refreshFailed === true || this.#rechecks >= REVALIDATE_DELAYS_MS.length;
  }

  /**
   * Locale and currency to format with: element, then board, then the backend's `v1/meta`. A `calendar` set on
   * the element or the board rides in the locale (`fa-IR-u-ca-persian`), so every date is written in it.
   */
  format(meta?: MetaResponse): FormatContext {
    const locale = this.#host.locale || this.board?.locale || meta?.locale || navigator.language;
    return {
      locale: withCalendar(locale, this.#host.calendar || this.board?.calendar),
      currency: this.board?.currency || meta?.currency || 'USD',
    };
  }

  /** `locale`, `calendar`, `week-start` as the request sends them (own attributes over the board's). */
  #language(): QueryParams {
    if (this.#options.localized === false) return {};
    const h = this.#host;
    const locale = h.locale || this.board?.requestLocale;
    if (this.#options.usesPeriod === false) return { locale };
    return { locale, calendar: h.calendar || this.board?.calendar, 'week-start': h.weekStart ?? this.board?.weekStart };
  }

  /** Forgets the last good data (e.g. when the element now shows something else entirely). */
  clear(): void {
    this.#last = undefined;
  }

  /** Fetches again with the current inputs (the Retry button). */
  retry(): void {
    void this.task.run();
  }

  /** Whether a live invalidation since the last request named a topic this data depends on. */
  #touched(): boolean {
    const revisions = this.board?.topicRevisions;
    if (!revisions) return false;
    const topics = this.#topics();
    const moved = Object.keys(revisions).filter((t) => (revisions[t] ?? 0) > (this.#seen[t] ?? 0));
    if (moved.length === 0) return false;
    this.#seen = { ...revisions };
    return topics === undefined || moved.some((t) => topics.includes(t));
  }

  #topics(): readonly string[] | undefined {
    const t = this.#options.topics;
    return typeof t === 'function' ? t(this.#last) : t;
  }
}

/**
 * The client with `language` (`locale`, `calendar`, `week-start`) added to every request — once `v1/meta` shows
 * a backend that takes them (it lists `calendars`): an older one answers an unknown parameter with a 400.
 * `v1/meta` itself is asked again with the locale, for metric labels in that language.
 */
export function localizedClient(client: DashClient, language: QueryParams): DashClient {
  const given = Object.fromEntries(Object.entries(language).filter(([, v]) => v !== undefined && v !== ''));
  if (!Object.keys(given).length) return client;
  const speaks = async (signal?: AbortSignal) => !!(await client.meta(signal)).calendars;
  const locale = given['locale'] ? { locale: given['locale'] } : undefined;
  return {
    ...client,
    async getJson(path, params, schema, signal) {
      return client.getJson(path, (await speaks(signal)) ? { ...given, ...params } : params, schema, signal);
    },
    ...(client.getBlob && {
      getBlob: async (path: string, params: QueryParams, signal?: AbortSignal) =>
        client.getBlob!(path, (await speaks(signal)) ? { ...given, ...params } : params, signal),
    }),
    async meta(signal, params) {
      return locale && (await speaks(signal))
        ? client.meta(signal, { ...locale, ...params })
        : client.meta(signal, params);
    },
  };
}

/** Filters as query parameters; `bucket` filters go to `bucket=`, the others to `filter=`. */
export function filterQuery(filters: readonly DashFilter[]): FilterQuery {
  const pairs = filters.filter((f) => f.dimension !== 'bucket').map((f) => `${f.dimension}:${f.value}`);
  return { filter: pairs.join(',') || undefined, bucket: filters.find((f) => f.dimension === 'bucket')?.value };
}

export { narrowed };

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

/** Shallow equality, with plain objects (the period) compared field by field. */
function argsEqual(a: Args, b: Args): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i] || shallowEqual(v, b[i]));
}

function shallowEqual(a: unknown, b: unknown): boolean {
  if (!a || !b || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Object.getPrototypeOf(a) !== Object.prototype || Object.getPrototypeOf(b) !== Object.prototype) return false;
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  return (
    ka.length === kb.length && ka.every((k) => (a as Record<string, unknown>)[k] === (b as Record<string, unknown>)[k])
  );
}
