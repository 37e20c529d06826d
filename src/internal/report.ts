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
 *     // Where the response says how the server served it (stale or not).
 *     cache: (data) => data.cache,
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
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { CacheInfo } from '../contract/common.js';
import type { MetaResponse } from '../contract/meta.js';
import { dashboardContext, type DashboardContext } from '../context/dashboard.js';
import type { DashFilter } from '../events/filter-change.js';
import { ContextConsumer } from './context.js';
import { clientFor, type DashClient, type QueryParams } from './client.js';
import { ensureContextRoot } from './context-root.js';
import { withCalendar, type FormatContext } from './format.js';
import { Load } from './load.js';
import {
  filterQuery,
  localizedClient,
  mergePeriod,
  type FilterQuery,
  type LoadContext,
  type PeriodParams,
} from './report-requests.js';
import type { LocaleProperties, PeriodProperties, SourceProperties } from './shared-attributes.js';

export { Load, type LoadStatus } from './load.js';
export {
  filterQuery,
  getMetrics,
  joinTopics,
  localizedClient,
  mergePeriod,
  type FilterQuery,
  type LoadContext,
  type PeriodParams,
} from './report-requests.js';
export { narrowed } from '../view/filters.js';

/**
 * The element fields the controller reads, as the mixins of ./shared-attributes.ts declare them.
 * Every one is optional: a report without a period (aging, low stock) has no `range`…`compare`.
 */
export type ReportSource = SourceProperties & PeriodProperties & LocaleProperties;

export type ReportHost = ReactiveControllerHost & HTMLElement & ReportSource;

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
   * The response's `cache` block (how the server served it), if it has one. It decides
   * {@link ReportController.stale} and the refetch after a revalidating answer.
   */
  cache: (data: T) => CacheInfo | undefined;
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

/**
 * Waits before fetching again after a stale-while-revalidate answer (`cache.stale` without `refreshFailed`): the
 * server refreshes in the background, so the next request gets the fresh value. One, three, then nine seconds;
 * data still stale after the last one is marked stale (a backend that does not send `refreshFailed`, or a
 * refresh that takes that long).
 */
export const REVALIDATE_DELAYS_MS: readonly number[] = [1000, 3000, 9000];

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
      // The client by identity, the rest (plain values and objects, as the period) by what they say.
      argsEqual: (a, b) => a[0] === b[0] && JSON.stringify(a.slice(1)) === JSON.stringify(b.slice(1)),
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
    const cache = this.#options.cache(data);
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
    const cache = this.#options.cache(data);
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

  /** Fetches again with the current inputs (the Retry button). */
  retry(): void {
    void this.task.run();
  }

  /** Whether a live invalidation since the last request named a topic this data depends on. */
  #touched(): boolean {
    const revisions = this.board?.topicRevisions;
    if (!revisions) return false;
    const t = this.#options.topics;
    const topics = typeof t === 'function' ? t(this.#last) : t;
    const moved = Object.keys(revisions).filter((t) => (revisions[t] ?? 0) > (this.#seen[t] ?? 0));
    if (moved.length === 0) return false;
    this.#seen = { ...revisions };
    return topics === undefined || moved.some((t) => topics.includes(t));
  }
}
