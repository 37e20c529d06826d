import { html, nothing, type CSSResultGroup, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ActivityResponse, type ActivityItem } from '../../contract/activity.js';
import type { MetaResponse } from '../../contract/meta.js';
import { DashElement } from '../../internal/dash-element.js';
import { msg } from '../../internal/i18n.js';
import { directionOf, type FormatContext } from '../../internal/format.js';
import { panelStyles } from '../../internal/panel.styles.js';
import { RelativeTimes } from '../../internal/relative-time.js';
import { ReportController } from '../../internal/report.js';
import { LocaleMixin, SourceMixin } from '../../internal/shared-attributes.js';
import { renderError, renderStale } from '../../internal/templates.js';
import { activityAmount } from '../../view/tables.js';
import { keyOf } from './activity-key.js';
import styles from './activity.styles.js';

/** What one load of the newest page yields. */
export interface ActivityData {
  meta: MetaResponse;
  page: ActivityResponse;
  /** The query it answered (limit, kinds, filter): another query starts the list afresh. */
  query: string;
}

/** A short feed by default: it sits beside the KPIs; `limit` asks for more, "Show more" pages on. */
export const DEFAULT_ACTIVITY_LIMIT = 10;

/** The code that finds and flashes what a refresh brought (activity-arrivals.ts), once any element asked for it. */
let arrivalsCode: Promise<typeof import('./activity-arrivals.js') | undefined> | undefined;
/** Loads it once; a failed load (the network dropped it) is not kept, so the next refresh tries again. */
const loadArrivals = () =>
  (arrivalsCode ??= import('./activity-arrivals.js').catch(() => {
    arrivalsCode = undefined;
    return undefined;
  }));

/** A query without its size: which feed it reads. */
const feed = (query: string) => query.replace(/^\{"limit":\d+,?/, '');

/**
 * @summary What just happened, newest first — orders, and whatever else the
 * backend maps (tickets, appointments, payments) — with relative times that
 * keep up, new items arriving live on top with a brief highlight and a polite
 * announcement, and each customer a button that filters the board.
 *
 * Inside a `<dash-board live>`, an `invalidate` event touching the feed's
 * topics fetches the newest page again: items not seen before are prepended
 * and highlighted (a colour flash that does not move; without a fade under
 * `prefers-reduced-motion`), and announced to screen readers — one item in
 * words, several as a count. Times read "3 min. ago" in the element's locale
 * (`Intl.RelativeTimeFormat`) and are re-rendered when they would change.
 * With a board, a customer's name is a button: it asks the board to filter by
 * that customer (the board then fires its filter-change event), and the feed follows
 * the board's `customer` filter.
 *
 * @example
 * <dash-board src="/dashboard/api" live>
 *   <dash-activity limit="8"></dash-activity>
 * </dash-board>
 *
 * @csspart base - The card.
 * @csspart title - "Activity".
 * @csspart list - The list of items.
 * @csspart item - One item (also `item new` while it is highlighted).
 * @csspart time - An item's relative time (its `title` holds the full date and time).
 * @csspart customer - An item's customer: a button inside a board, else text.
 * @csspart more - The "Show more" button.
 * @csspart empty - The message shown when there is no activity.
 * @csspart stale - The mark shown when the server sent cached data it could not refresh.
 * @csspart error - The error message and its Retry button.
 * @csspart retry - The Retry button.
 *
 * @cssprop --dash-activity-padding - Inner spacing of the card (default `--dash-space`, 1rem).
 * @cssprop --dash-activity-highlight - Background a new item flashes with (default `--dash-color-accent` at 8%: a link on it keeps 4.5:1).
 * @cssprop --dash-color-surface - Card background.
 * @cssprop --dash-color-border - Card border and item rules.
 * @cssprop --dash-color-text - Text; `--dash-color-text-muted` for times and details.
 */
export class DashActivity extends SourceMixin(LocaleMixin(DashElement)) {
  static override styles: CSSResultGroup = [DashElement.styles, panelStyles, styles];

  readonly #times = new RelativeTimes(this);
  readonly #report = new ReportController<ActivityData>(this, {
    usesPeriod: false,
    args: () => [this.#query()],
    topics: (data) => data?.meta.reportTopics?.['activity'],
    cache: (data) => data.page.cache,
    load: async ({ client, signal, meta }) => {
      const query = this.#query();
      const [m, page] = await Promise.all([
        meta(),
        client.getJson('v1/activity', JSON.parse(query) as Record<string, string>, ActivityResponse, signal),
      ]);
      return { meta: m, page, query };
    },
  });
  /** The data the list shows, to tell a live refresh (same query, new data) from another query. */
  #shown?: ActivityData | undefined;
  /** Keys of the items the next render highlights. */
  #odd = false;

  /** Pages shown: "Show more" asks for one more (the newest `limit × pages` items, refreshed together). */
  @state() private _pages = 1;
  @state() private _announcement = '';

  /** Items per page (1–1000). @default 10 */
  @property({ type: Number, reflect: true }) limit = DEFAULT_ACTIVITY_LIMIT;

  /** Kinds to list, comma-separated (e.g. `order,ticket`); unset lists every kind the backend has. */
  @property({ reflect: true }) kinds?: string;

  /** The request: `limit × pages` (at most 1000), `kinds`, and the board's customer filter (unless the element has its own `src`). */
  #query(): string {
    const size = Math.trunc(this.limit);
    const limit = Number.isFinite(size) && size >= 1 ? Math.min(size, 1000) : DEFAULT_ACTIVITY_LIMIT;
    const customer = this.src ? undefined : this.#report.board?.filters?.find((f) => f.dimension === 'customer');
    return JSON.stringify({
      limit: Math.min(limit * this._pages, 1000),
      kinds: this.kinds?.trim() || undefined,
      filter: customer && `customer:${customer.value}`,
    });
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const r = this.#report;
    const data = r.task.value;
    const before = this.#shown;
    // A refetch of the feed on show (live, Refresh, Show more): what finds the news loads while it runs.
    if (before && r.busy) void loadArrivals();
    if (!data || data === before) return;
    this.#shown = data;
    // Other kinds or another filter: another feed, nothing in it is news. (More pages, or a live refresh: the same.)
    if (!before?.page.items[0] || feed(before.query) !== feed(data.query)) return;
    // Rows are reused by position: remember which item had focus, to give it back where it moves.
    const focused = this.shadowRoot?.activeElement?.closest<HTMLElement>('li')?.dataset['key'];
    const format = r.format(data.meta);
    // Run once this update has drawn the new rows (the chunk loaded, that is the next microtask: before paint).
    void loadArrivals().then((code) => {
      if (!code) return;
      const root = this.shadowRoot!;
      code.refocus(root, focused);
      const news = code.arrivals(before.page.items, data.page, format);
      if (!news.text) return;
      code.flash(root, news.keys);
      // The same words twice in a row are still news: a no-break space tells the live region the text changed.
      this.#odd = !this.#odd;
      this._announcement = this.#odd ? news.text : `${news.text}\u00a0`;
    });
  }

  override render(): TemplateResult {
    const r = this.#report;
    const data = r.data;
    const format = r.format(data?.meta);
    const l = format.locale;
    return html`
      <section
        part="base"
        class="panel activity"
        aria-busy=${r.busy ? 'true' : 'false'}
        aria-labelledby="title"
        dir=${directionOf(format.locale)}
      >
        <div class="header">
          <span id="title" part="title" class="title">${msg(l, 'activity')}</span>
          ${r.stale ? renderStale(l) : nothing}
        </div>
        <div class="sr-only" role="status">${this._announcement}</div>
        ${r.failed ? renderError(r.error, { what: msg(l, 'activityWhat'), locale: l, kept: !!data, onRetry: () => r.retry() }) : nothing}
        ${data ? this.#renderList(data.page.items, format) : r.failed ? nothing : this.#renderSkeleton(l)}
      </section>
    `;
  }

  #renderSkeleton(locale: string): TemplateResult {
    return html`<span class="skeleton" aria-hidden="true"></span
      ><span class="sr-only">${msg(locale, 'loading')}</span>`;
  }

  #renderList(items: ActivityItem[], format: FormatContext): TemplateResult {
    const r = this.#report;
    if (!items.length) return html`<p part="empty" class="empty">${msg(format.locale, 'noActivity')}</p>`;
    return html`
      <ol part="list" aria-labelledby="title">
        ${items.map((item) => this.#renderItem(item, format))}
      </ol>
      ${
        r.data?.page.next
          ? html`<button part="more" class="action" type="button" ?disabled=${r.busy} @click=${() => this._pages++}>
              ${msg(format.locale, 'showMore')}
            </button>`
          : nothing
      }
    `;
  }

  #renderItem(item: ActivityItem, format: FormatContext): TemplateResult {
    const select = this.src ? undefined : this.#report.board?.select;
    const c = item.customer;
    return html`
      <li part="item" data-key=${keyOf(item)}>
        <b>${item.title}</b>
        ${
          c
            ? select
              ? html`<button
                  part="customer"
                  type="button"
                  title=${msg(format.locale, 'filterBy', { name: c.name })}
                  @click=${() => select({ dimension: 'customer', value: String(c.id), label: c.name })}
                >
                  ${c.name}
                </button>`
              : html`<span part="customer">${c.name}</span>`
            : nothing
        }
        ${item.detail ? html`<span>${item.detail}</span>` : nothing}
        <span class="facts">
          ${item.amount !== undefined ? html`<b>${activityAmount(item, format)}</b>` : nothing}
          ${item.status ? html`<span class="status">${item.status}</span>` : nothing}
          <time part="time" datetime=${item.at}>${this.#times.format(item.at, format.locale)}</time>
        </span>
      </li>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'dash-activity': DashActivity;
  }
}
