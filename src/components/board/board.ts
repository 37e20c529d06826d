import {
  adoptStyles,
  html,
  LitElement,
  nothing,
  type CSSResultGroup,
  type PropertyValues,
  type TemplateResult,
} from 'lit';
import { property, state } from 'lit/decorators.js';
import type { MetaResponse } from '../../contract/meta.js';
import { dashboardContext, type DashboardContext } from '../../context/dashboard.js';
import { DashFilterChangeEvent, type DashFilter } from '../../events/filter-change.js';
import type { DashPeriod, DashPeriodChangeEvent } from '../../events/period-change.js';
import type { DashClient } from '../../internal/client.js';
import { ContextProvider } from '../../internal/context.js';
import { ensureContextRoot } from '../../internal/context-root.js';
import { baseStyles } from '../../internal/dash-element.js';
import { directionOf, withCalendar } from '../../internal/format.js';
import { onMessagesChange } from '../../internal/i18n.js';
import { Freshness } from '../../internal/freshness.js';
import { localizedClient } from '../../internal/report-requests.js';
import { LocaleMixin, PeriodMixin, SourceMixin } from '../../internal/shared-attributes.js';
import { boardClient, loadMeta } from './board-client.js';
import { echoed, renderChips, toggled } from './board-filters.js';
import type { LiveBoard } from './board-live.js';
import { parseFilters, pushUrl, readUrl, type UrlKey } from './board-url.js';
import styles from './board.styles.js';
import type { ExportContext, ExportToolbar } from './export-toolbar.js';

export type BoardTheme = 'light' | 'dark' | 'auto';

const DARK_QUERY = '(prefers-color-scheme: dark)';

/**
 * @summary Shares a backend, a period, a locale, credentials and a theme with
 * every dashkit widget inside it, and lays them out in a responsive grid.
 *
 * Widgets inside take the board's `src`, period and locale unless they set
 * their own. The board owns the period: a `<dash-period-filter>` inside it
 * changes it, and its `dash-period-change` event bubbles out of the board so
 * the host can persist the choice. With `live`, the board listens to
 * `{src}/v1/events` and has exactly the widgets whose data an `invalidate`
 * event touches refetch.
 *
 * The board also owns the filters (`filter="customer:42"`): each widget sends
 * those its report takes (`v1/meta` lists the reports per dimension, and per
 * metric which dimensions narrow it, so a stat grid asks for low-stock counts
 * unfiltered beside one customer's revenue). A click on a customer bar, an
 * aging slice or an aging-table customer sets them; chips above the widgets
 * show them and remove them; `sync-url` keeps them, with the period, in the
 * page's URL.
 *
 * With `export-menu`, a toolbar above the widgets has an Export menu button (PDF and PNG of the whole board,
 * rendered by the server from the board's own widgets and current period and filters through
 * `POST {src}/v1/render.{pdf|png}`, and a CSV of each table) and a Print button that prints every widget.
 *
 * @example
 * <dash-board src="/dashboard/api" range="month" live theme="auto" sync-url>
 *   <dash-period-filter></dash-period-filter>
 *   <dash-stat-grid metrics="revenue,orders"></dash-stat-grid>
 *   <dash-chart breakdown="customer" metrics="revenue" type="bar"></dash-chart>
 * </dash-board>
 *
 * @property src - Base URL of the dashboard API shared by the widgets, e.g. `/dashboard/api`.
 * @property range - The period preset the board owns and shares with the widgets (a `<dash-period-filter>`
 *   inside sets it, with `from`, `to` and `compare`); unset uses the server's default.
 * @property locale - BCP 47 locale for every widget, e.g. `fa-IR`; unset uses the backend's from `v1/meta`.
 *
 * @slot - The widgets. Each spans the full width by default; give a child `style="grid-column: span 6"` to
 *   put two side by side (on a 12-column grid). Below 40rem every child takes the full width.
 *
 * @fires {DashPeriodChangeEvent} dash-period-change - Bubbles out of the board from its `<dash-period-filter>`
 *   when the user picks another period (`detail: { range, from, to, compare }`); never on programmatic changes.
 * @fires {DashFilterChangeEvent} dash-filter-change - The user set or removed a filter: a click (or Enter) on a
 *   customer bar, an aging slice or an aging-table customer, or a chip's remove button
 *   (`detail: { filters: [{ dimension, value, label? }] }`); never when `filter` is set from code.
 *
 * @csspart base - The grid around the slotted widgets.
 * @csspart toolbar - The row with the Export menu button and the Print button (with `export-menu`).
 * @csspart export-menu - The Export menu's list of formats, while open.
 * @csspart filters - The row of filter chips above the widgets (shown while a filter is applied).
 * @csspart chip - One filter chip: a button that removes its filter.
 *
 * @cssprop --dash-board-gap - Space between widgets (default 1rem).
 * @cssprop --dash-board-columns - Columns of the layout grid (default 12).
 * @cssprop --dash-board-background - Background behind the widgets (default transparent).
 */
export class DashBoard extends SourceMixin(PeriodMixin(LocaleMixin(LitElement))) {
  static override styles: CSSResultGroup = [baseStyles, styles];

  /** First reconnection delay of the live stream in milliseconds, doubled per failed attempt up to 30 s. */
  static reconnectDelayMs = 1000;

  readonly #provider = new ContextProvider(this, { context: dashboardContext, initialValue: undefined });
  readonly #freshness = new Freshness();
  /** The live stream (`live`), once its code has loaded (on demand: board-live.ts). */
  #live?: (board?: LiveBoard) => void;
  #liveLoad?: Promise<void> | undefined;
  #media?: MediaQueryList;
  /** The period and filter the page's markup gave, restored when history goes back to a URL without them. */
  #initial?: Record<UrlKey, string | undefined>;
  #client?: DashClient | undefined;
  #clientKey: unknown[] = [];
  #metaAbort?: AbortController;

  @state() private _meta?: MetaResponse;
  @state() private _revision = 0;
  /** A revision per topic, bumped by each live `invalidate` that names it. */
  @state() private _topics: Readonly<Record<string, number>> = {};
  /** The system prefers the dark palette (`prefers-color-scheme`), followed by `theme="auto"`. */
  @state() private _dark = false;
  /** Labels of filter values learnt from clicks and from responses' `filters`, by `dimension:value`. */
  @state() private _labels: Readonly<Record<string, string>> = {};
  /** The period a response resolved for the board's range (see `DashboardContext.period`). */
  @state() private _period?: DashboardContext['period'];
  /** The export toolbar, loaded on demand (a page without `export-menu` never downloads it). */
  #toolbar?: ExportToolbar;
  #toolbarLoad?: Promise<void>;

  /**
   * Shows a toolbar with an Export menu (PDF, PNG, and CSV of each table) and a Print button for the whole
   * board. @default false
   */
  @property({ type: Boolean, reflect: true, attribute: 'export-menu' }) exportMenu = false;

  /** ISO 4217 currency of money values; unset uses the backend's from `v1/meta`. */
  @property({ reflect: true }) currency?: string;

  /**
   * Subscribes to `{src}/v1/events` (once `v1/meta` says the backend has it) and refetches the widgets
   * an `invalidate` event touches. @default false
   */
  @property({ type: Boolean, reflect: true }) live = false;

  /** `light`, `dark`, or `auto` (follows `prefers-color-scheme`); unset leaves each widget to follow the system. */
  @property({ reflect: true }) theme?: BoardTheme;

  /** `include` to send cookies to an API on another origin (cookie sessions). */
  @property({ reflect: true }) credentials?: RequestCredentials;

  /**
   * The board's filters, applied by every widget whose report takes them: `dimension:value` pairs separated by
   * commas, e.g. `customer:42` (a dimension of `v1/meta`) or `bucket:days_31_60` (an aging bucket, for the aging
   * table). Clicks on a customer or an aging slice set it; removable chips show it.
   */
  @property({ reflect: true }) filter?: string;

  /**
   * Keeps `range`, `from`, `to`, `compare` and `filter` in the page's query string: read on load, a new history
   * entry for each change the user makes (Back undoes it), so a filtered board is a link. @default false
   */
  @property({ type: Boolean, reflect: true, attribute: 'sync-url' }) syncUrl = false;

  /**
   * Bearer token sent as `Authorization`: a string, or a function returning one (sync or async) — e.g. a fetch of
   * your app's token endpoint. A function is asked once, its token reused until the server answers 401; then it is
   * asked again once before the widget shows the error, so a page left open outlives its token. A property only.
   */
  @property({ attribute: false }) token?: string | (() => string | Promise<string>);

  /**
   * Token for the live stream, sent as `access_token` in the `v1/events` URL (EventSource cannot send
   * headers): a string, or a function returning a fresh one for every (re)connection — the reference
   * adapter's JWT mode wants a short-lived events token there (`createEventsToken`). Unset: `token` is used (a
   * function is asked again on every reconnection too).
   */
  @property({ attribute: false }) eventsToken?: string | (() => string | Promise<string>);

  /** The period in effect, as a `dash-period-change` event would carry it. */
  get period(): Partial<DashPeriod> {
    return { range: this.range, from: this.from, to: this.to, compare: this.compare };
  }

  /** The filters in effect (`filter` parsed), with the labels the board knows. */
  get filters(): DashFilter[] {
    return parseFilters(this.filter, this._labels, this.#locale);
  }

  /** The client the widgets share, once `src` is set. */
  get client(): DashClient | undefined {
    return this.#client;
  }

  /** Makes every widget on the board fetch again. */
  refresh(): void {
    this._revision++;
  }

  #unsubscribe?: () => void;

  override connectedCallback(): void {
    super.connectedCallback();
    ensureContextRoot();
    this.#unsubscribe = onMessagesChange(() => this.requestUpdate());
    this.addEventListener('dash-period-change', this.#onPeriodChange);
    addEventListener('popstate', this.#readUrl);
    this.#media = matchMedia(DARK_QUERY);
    this._dark = this.#media.matches;
    this.#media.addEventListener('change', this.#onScheme);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#unsubscribe?.();
    this.removeEventListener('dash-period-change', this.#onPeriodChange);
    removeEventListener('popstate', this.#readUrl);
    this.#media?.removeEventListener('change', this.#onScheme);
    this.#live?.();
    this.#metaAbort?.abort();
    this.#clientKey = [];
    this.#toolbar?.close();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (this.exportMenu) this.#loadToolbar();
    if (changed.has('syncUrl') && this.syncUrl) this.#readUrl();
    // The token by identity: a function never stringifies, and a new one must make a new client.
    const key = [this.src, this.token, this.credentials];
    if (key.some((part, i) => part !== this.#clientKey[i])) {
      this.#clientKey = key;
      this.#client = boardClient(this.src, this.token, this.credentials);
      this._meta = undefined;
      this.#loadMeta();
    } else if (changed.has('locale')) this.#loadMeta();
    if (changed.size > 0) this.#provider.setValue(this.#context());
  }

  protected override updated(): void {
    this.#connectLive();
  }

  /**
   * `v1/meta` gives the locale and currency defaults and says whether a live stream exists — asked in the
   * board's locale: its filter chips name dimensions with meta's labels.
   */
  #loadMeta(): void {
    this.#metaAbort?.abort();
    this.#metaAbort = new AbortController();
    if (this.#client)
      loadMeta(
        localizedClient(this.#client, { locale: this.locale }),
        this.#metaAbort.signal,
        () => DashBoard.reconnectDelayMs,
        (m) => (this._meta = m),
      );
  }

  #context(): DashboardContext | undefined {
    if (!this.#client) return undefined;
    return {
      client: this.#client,
      range: this.range,
      from: this.range === 'custom' ? this.from : undefined,
      to: this.range === 'custom' ? this.to : undefined,
      compare: this.compare,
      locale: this.locale || this._meta?.locale,
      requestLocale: this.locale,
      calendar: this.calendar,
      weekStart: this.weekStart,
      currency: this.currency || this._meta?.currency,
      revision: this._revision,
      topicRevisions: this._topics,
      meta: this._meta,
      theme: this.#resolvedTheme(),
      filters: this.filters,
      select: this.#select,
      echo: this.#echo,
      period: this._period,
      freshness: this.#freshness,
    };
  }

  /** A widget's click: the user's filter on that dimension, or none when it already had this value. */
  #select = (f: DashFilter): void => {
    if (f.label) this._labels = { ...this._labels, [`${f.dimension}:${f.value}`]: f.label };
    this.#userFilters(toggled(this.filters, f));
  };

  /** A chip's button: drops its filter, and keeps the keyboard on the chips that remain. */
  async #remove(f: DashFilter): Promise<void> {
    this.#userFilters(this.filters.filter((x) => x.dimension !== f.dimension));
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('.chip')?.focus();
  }

  #userFilters(filters: DashFilter[]): void {
    this.filter = filters.map((f) => `${f.dimension}:${f.value}`).join(',') || undefined;
    pushUrl(this);
    // Through a variable: the manifest analyzer then documents the event from the @fires line alone.
    const event = new DashFilterChangeEvent({ filters });
    this.dispatchEvent(event);
  }

  /**
   * Learns the labels a response echoed in `filters` (the customer's name behind `customer:42`) and, from a widget
   * on the board's period, the days the server resolved it to.
   */
  #echo = (data: unknown, boardPeriod?: boolean): void => {
    const { labels, period: p } = echoed(data, this._labels);
    const range = this.range ?? this._meta?.defaultRange;
    if (boardPeriod && p && range && `${range} ${p.from} ${p.to}` !== Object.values(this._period ?? {}).join(' '))
      this._period = { range, from: p.from, to: p.to };
    if (Object.entries(labels).some(([k, v]) => this._labels[k] !== v)) this._labels = labels;
  };

  /** `sync-url`: the board's period and filter from the page's query string (what the markup said where absent). */
  #readUrl = (): void => {
    if (this.syncUrl) this.#initial = readUrl(this, this.#initial);
  };

  #resolvedTheme(): 'light' | 'dark' | undefined {
    if (this.theme === 'light' || this.theme === 'dark') return this.theme;
    return this._dark ? 'dark' : 'light';
  }

  #connectLive(): void {
    // Wait for `v1/meta`: a backend that says it has no live stream is not asked for one (nor is its code loaded).
    const on = this.isConnected && this.live && this._meta?.live;
    if (this.#live) this.#live(on ? this : undefined);
    else if (on && !this.#liveLoad) {
      this.#freshness.setLive('connecting');
      this.#liveLoad = import('./board-live.js').then(
        ({ boardLive }) => {
          this.#live = boardLive({
            onState: (state) => this.#freshness.setLive(state),
            onInvalidate: (topics) => {
              const next = { ...this._topics };
              for (const topic of topics) next[topic] = (next[topic] ?? 0) + 1;
              this._topics = next;
            },
            // Events may have been missed while the stream was down: everything refetches once.
            onResume: () => this.refresh(),
            reconnectDelayMs: () => (this.constructor as typeof DashBoard).reconnectDelayMs,
          });
          this.#connectLive();
        },
        () => {
          // Offline or a missing file: no stream; the next update tries again.
          this.#liveLoad = undefined;
          this.#freshness.setLive('off');
        },
      );
    }
  }

  #onPeriodChange = (event: DashPeriodChangeEvent): void => {
    const { range, from, to, compare } = event.detail;
    this.range = range;
    this.from = range === 'custom' ? from : undefined;
    this.to = range === 'custom' ? to : undefined;
    this.compare = compare;
    pushUrl(this);
  };

  #onScheme = (event: MediaQueryListEvent): void => {
    this._dark = event.matches;
  };

  #loadToolbar(): void {
    if (this.#toolbarLoad) return;
    this.#toolbarLoad = import('./export-toolbar.js').then(
      ({ ExportToolbar, styles: toolbarStyles }) => {
        this.#toolbar = new ExportToolbar(this);
        adoptStyles(this.renderRoot as ShadowRoot, [...DashBoard.elementStyles, toolbarStyles]);
        this.requestUpdate();
      },
      () => {
        // Offline or a missing file: the board works without its toolbar; the next update tries again.
        this.#toolbarLoad = undefined;
      },
    );
  }

  /** What the export toolbar needs beyond the public properties: the resolved locale, currency, theme and dimensions. */
  exportContext(): ExportContext {
    const ctx = this.#context();
    return { locale: ctx?.locale, currency: ctx?.currency, theme: ctx?.theme, dimensions: this._meta?.dimensions };
  }

  /** Locale of the board's own text (its chips): its `locale`, else the backend's, with its `calendar`. */
  get #locale(): string {
    return withCalendar(this.locale || this._meta?.locale || navigator.language, this.calendar);
  }

  override render(): TemplateResult {
    const locale = this.locale || this._meta?.locale;
    return html`<div part="base" class="board" dir=${locale ? directionOf(locale) : nothing}>
      ${this.exportMenu ? (this.#toolbar?.render() ?? html`<div part="toolbar" class="toolbar"></div>`) : nothing}
      ${renderChips(this.filters, this.#locale, this._meta?.dimensions, (f) => this.#remove(f))}
      <slot></slot>
    </div>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'dash-board': DashBoard;
  }
}
