import { html, nothing, type CSSResultGroup, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { Granularity } from '../../contract/common.js';
import { DashElement } from '../../internal/dash-element.js';
import { loadEChartsChunk, type EChartsChunk } from '../../internal/echarts.js';
import { directionOf, formatValue, type FormatContext } from '../../internal/format.js';
import { panelStyles } from '../../internal/panel.styles.js';
import { joinTopics, ReportController } from '../../internal/report.js';
import { LocaleMixin, PeriodMixin, SourceMixin } from '../../internal/shared-attributes.js';
import { messagesRevision, msg } from '../../internal/i18n.js';
import { errorMessage, renderError, renderStale } from '../../internal/templates.js';
import { fetchChartData } from './chart-data.js';
import {
  buildModel,
  chartTypeOf,
  chartTypeProblem,
  drawsOther,
  type ChartData,
  type ChartModel,
  type ChartType,
} from './chart-model.js';
import { renderDataTable } from './chart-table.js';
import type { ChartView } from './chart-view.js';
import styles from './chart.styles.js';

export type { ChartData, ChartType } from './chart-model.js';

/** The lazy chunk once any chart on the page has loaded it. */
let loadedChunk: EChartsChunk | undefined;

/**
 * Draws a chart once it is within two screen heights of the viewport: drawn by the time it is seen (and in a
 * full-page screenshot of a desktop page), while the charts far down a long phone page wait until scrolled to.
 */
const PRELOAD_MARGIN = '200%';

/**
 * @summary A chart of one or more metrics over time, of a breakdown (top
 * customers) or of the aging report, with its numbers as an accessible table.
 *
 * ECharts is loaded (once per page, as a separate chunk) only when the chart
 * scrolls near the viewport: a page without charts never downloads it. Colours
 * come from the `--dash-chart-1…6` tokens and follow the theme live.
 *
 * Inside a `<dash-board>`, a breakdown over a filter dimension and the aging
 * report drill down: a click on a customer's bar (or its label) or on an aging
 * slice sets the board's `filter` (`customer:<key>`, `bucket:<id>`; again on
 * the same one removes it). The chart is then focusable: the arrow keys move
 * from item to item (announced to screen readers) and Enter or Space chooses.
 * The board's filters narrow the chart where its report takes them.
 *
 * @example
 * <dash-chart src="/dashboard/api" metrics="revenue,orders" type="line" range="90d"></dash-chart>
 * <dash-chart src="/dashboard/api" metrics="revenue" breakdown="customer" type="donut" limit="5"></dash-chart>
 * <dash-chart src="/dashboard/api" report="aging" type="bar"></dash-chart>
 *
 * @property compare - Comparison drawn as a dashed line: `previous` (server default), `year` or `none`. Time series
 *   only.
 *
 * @csspart base - The card around the chart.
 * @csspart title - The chart's title.
 * @csspart subtitle - The period, e.g. "8–21 Nov 2025", or the aging date.
 * @csspart stale - The mark shown when the server sent cached data it could not refresh.
 * @csspart table-toggle - The "Show data table" button.
 * @csspart chart - The box the chart is drawn in (its height is `--dash-chart-height`); focusable when it drills down.
 * @csspart empty - The "No data for this period" message.
 * @csspart table - The data-table twin (visually hidden until shown).
 * @csspart error - The error message and its Retry button.
 * @csspart retry - The Retry button.
 *
 * @cssprop --dash-chart-height - Height of the drawing area (default 280px), reserved while loading.
 * @cssprop --dash-chart-padding - Inner spacing of the card (default `--dash-space`, 1rem).
 * @cssprop --dash-chart-1 - First series colour; `--dash-chart-2` … `--dash-chart-6` the others.
 * @cssprop --dash-color-aging-0 - `report="aging"`: the current bucket's slice or bar; `--dash-color-aging-1` …
 *   `-5` the overdue buckets', amber to red (the aging scale, shared with `<dash-aging-table>`).
 * @cssprop --dash-color-surface - Card and tooltip background.
 * @cssprop --dash-color-border - Card border, grid lines and axes.
 * @cssprop --dash-color-text - Titles, legend and tooltip text; `--dash-color-text-muted` for axis labels.
 */
export class DashChart extends SourceMixin(PeriodMixin(LocaleMixin(DashElement))) {
  static override styles: CSSResultGroup = [DashElement.styles, panelStyles, styles];

  /** ECharts instances alive over all charts on the page (0 once every chart is removed). */
  static get liveInstances(): number {
    return loadedChunk?.liveCharts() ?? 0;
  }

  readonly #report = new ReportController<ChartData>(this, {
    args: () => [this.metrics, this.breakdown, this.report, this.limit, this.granularity],
    // What `v1/meta` says moves the data; `undefined` (not loaded yet, or not said) is any topic.
    topics: (data) => {
      if (!data) return undefined;
      if (data.kind === 'aging') return data.meta.reportTopics?.['aging'];
      if (data.kind === 'series') return joinTopics(data.infos.map((m) => m.topics));
      // A breakdown moves with its metric and with what it groups by (a customer renamed).
      const by = data.meta.breakdowns.find((b) => b.id === data.response.by);
      return joinTopics([data.info.topics, by?.topics]);
    },
    filters: () => ({ report: this.report ?? (this.breakdown ? 'breakdown' : 'series') }),
    cache: (data) => data.response.cache,
    load: (ctx) => fetchChartData(ctx, this),
  });

  /** ECharts and the drawing code, once the lazy chunk has loaded. */
  #echarts?: EChartsChunk;
  /** The drawing, once the chart has been in view with ECharts loaded; gone when the element leaves the page. */
  #view?: ChartView;
  /** The model last built, for the data and the texts (`key`: locale, currency, label, catalogs' revision) it came from. */
  #modelCache?: { data: ChartData; key: string; model: ChartModel };
  #intersection?: IntersectionObserver;

  @state() private _inView = false;
  @state() private _loadError?: unknown;
  @state() private _tableShown = false;
  /** What the keyboard points at in a chart that sets the board's filter, for screen readers. */
  @state() private _pointed = '';
  /** Said politely when live data redraws the chart: at most once a minute, so a busy stream is not a chatter. */
  @state() private _liveNote = '';
  #shownData?: unknown;
  #noteAt = 0;

  /** Metric ids, comma-separated, e.g. `revenue,orders`; unset uses the backend's first time-series metric. With `breakdown`, the first is used. */
  @property({ reflect: true }) metrics?: string;

  /** `line`, `area` or `bar` over time; `pie`, `donut` or `bar` with `breakdown` or `report`. @default line, or donut with breakdown/report */
  @property({ reflect: true }) type?: ChartType;

  /** Bucket size of a time series: `day`, `week` or `month`; unset lets the server choose by period length. */
  @property({ reflect: true }) granularity?: Granularity;

  /** Breakdown id from `v1/meta`, e.g. `customer`: draws the metric's top contributors instead of a time series. */
  @property({ reflect: true }) breakdown?: string;

  /** `aging`: draws the receivables per aging bucket. */
  @property({ reflect: true }) report?: 'aging';

  /** How many contributors a breakdown shows before "other" (1–100; server default when unset). */
  @property({ type: Number, reflect: true }) limit?: number;

  /**
   * Draws a breakdown's "other" row (everyone outside the top N) as a bar too. Left out by default: it
   * usually dwarfs the top contributors. The data table always lists it; a pie or donut always shows it.
   * @default false
   */
  @property({ type: Boolean, reflect: true, attribute: 'include-other' }) includeOther = false;

  /** Title shown above the chart and given to the data table; unset derives one ("Revenue by customer"). */
  @property({ reflect: true }) label?: string;

  override connectedCallback(): void {
    super.connectedCallback();
    this.#intersection = new IntersectionObserver(
      (entries) => {
        if (!entries.some((e) => e.isIntersecting)) return;
        this.#intersection?.disconnect();
        this._inView = true;
        this.#load();
      },
      { rootMargin: PRELOAD_MARGIN },
    );
    this.#intersection.observe(this);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#intersection?.disconnect();
    this.#intersection = undefined;
    this.#view?.dispose();
    this.#view = undefined;
    // Back in the page, the chart is drawn again when it is seen again.
    this._inView = false;
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    this.#draw();
    const data = this.#report.data;
    if (data && data !== this.#shownData) {
      const before = this.#shownData;
      this.#shownData = data;
      // A refetch of the same chart (a live invalidation, a refresh), not a first load or another query.
      if (before && Date.now() - this.#noteAt > 60_000 && (before as ChartData).kind === data.kind) {
        this.#noteAt = Date.now();
        this._liveNote = msg(this.#format(data).locale, 'newData', { what: this.#model(data).title });
      }
    }
  }

  #load(): void {
    this._loadError = undefined;
    loadEChartsChunk().then(
      (chunk) => {
        this.#echarts = loadedChunk = chunk;
        this.requestUpdate();
      },
      (error: unknown) => {
        this._loadError = error;
      },
    );
  }

  #format(data: ChartData): FormatContext {
    return this.#report.format(data.meta);
  }

  #model(data: ChartData): ChartModel {
    const { locale, currency } = this.#format(data);
    const cached = this.#modelCache;
    const label = this.label;
    // A catalog that arrived since (the model holds texts: series names, headings) builds it again.
    const key = JSON.stringify([locale, currency, label || '', messagesRevision()]);
    if (cached?.data === data && cached.key === key) return cached.model;
    const model = buildModel(data, { locale, currency });
    if (label) model.title = label;
    this.#modelCache = { data, key, model };
    return model;
  }

  #effectiveType(data: ChartData): ChartType {
    return chartTypeOf(data.kind, this.type);
  }

  /** Why this `type` cannot draw this data, or `undefined`. */
  #typeProblem(data: ChartData): string | undefined {
    return chartTypeProblem(data.kind, this.#effectiveType(data));
  }

  /** Has the lazy drawing code show the current model, once ECharts is loaded and the chart has been in view. */
  #draw(): void {
    const data = this.#report.data;
    const canvas = this.renderRoot.querySelector<HTMLElement>('.canvas');
    if (!this.#echarts || !data || !canvas || !this._inView || !this.isConnected) return;
    this.#view ??= new this.#echarts.ChartView(
      this,
      canvas,
      () => this.#draw(),
      this.#report,
      (text) => {
        this._pointed = text;
      },
    );
    const theme = this.theme ?? this.#report.board?.theme;
    this.#view.draw(this.#model(data), this.#effectiveType(data), this.#format(data), theme, this.includeOther);
  }

  #retry = (): void => {
    if (this._loadError) this.#load();
    if (this.#report.failed) this.#report.retry();
  };

  #toggleTable(): void {
    this._tableShown = !this._tableShown;
  }

  override render(): TemplateResult {
    const report = this.#report;
    const data = report.data;
    const failed = report.failed;
    const model = data ? this.#model(data) : undefined;
    const locale = report.format(data?.meta).locale;
    const rtl = directionOf(locale) === 'rtl';
    const problem = data ? this.#typeProblem(data) : undefined;
    const hasTable = model !== undefined && !model.empty;
    const omitted = model && data ? this.#omittedOther(model, data) : undefined;
    // Keyboard and screen-reader path through the points, and to what a click on a bar or slice does.
    const keys = !!model && !model.empty && !problem && !!this.#echarts;
    // Without data the error takes the chart's place (the card keeps its size); with data it sits above it.
    const error = failed
      ? renderError(report.error, {
          what: model?.title ?? (this.label || msg(locale, 'theChart')),
          locale,
          kept: Boolean(data),
          onRetry: this.#retry,
        })
      : this._loadError
        ? this.#renderLoadError(this._loadError, locale)
        : nothing;
    return html`
      <section
        part="base"
        class="panel chart"
        aria-busy=${report.busy ? 'true' : 'false'}
        aria-labelledby="title"
        dir=${ifDefined(rtl ? 'rtl' : undefined)}
      >
        <div class="header">
          <span id="title" part="title" class="title ${model || this.label || failed ? '' : 'skeleton'}"
            >${model?.title ?? this.label ?? ''}</span
          >
          ${
            model
              ? html`<span part="subtitle" class="subtitle" dir="auto"
                  >${model.subtitle}${omitted ? html` · ${omitted}` : nothing}</span
                >`
              : nothing
          }
          ${model && report.stale ? renderStale(locale) : nothing}
          <button
            part="table-toggle"
            class="toggle action"
            type="button"
            aria-expanded=${this._tableShown ? 'true' : 'false'}
            aria-controls="table"
            ?disabled=${!hasTable}
            @click=${this.#toggleTable}
          >
            ${msg(locale, this._tableShown ? 'hideTable' : 'showTable')}
          </button>
        </div>
        ${data ? error : nothing}
        ${problem ? html`<div part="error" class="error" role="alert">${problem}</div>` : nothing}
        <div
          part="chart"
          class="frame"
          tabindex=${ifDefined(keys ? '0' : undefined)}
          role=${ifDefined(keys ? 'group' : undefined)}
          aria-label=${ifDefined(keys && data ? this.#echarts!.ChartView.frameLabel(report, data, model.title, locale) : undefined)}
        >
          <div class="canvas"></div>
          <span class="sr-only" aria-live="polite">${keys ? this._pointed : ''}</span>
          <span class="sr-only" aria-live="polite">${this._liveNote}</span>
          ${!data && error !== nothing ? html`<div class="overlay">${error}</div>` : nothing}
          ${
            !model && error === nothing
              ? html`<div class="skeleton"></div>
                  <span class="sr-only">${msg(locale, 'loading')}</span>`
              : nothing
          }
          ${model?.empty ? html`<div part="empty" class="overlay">${msg(locale, 'noData')}</div>` : nothing}
        </div>
        ${hasTable && data ? renderDataTable(model, this.#format(data), omitted !== undefined, this._tableShown) : nothing}
      </section>
    `;
  }

  /** "Other customers $12K, not drawn" when a bar chart leaves the breakdown's `other` row out. */
  #omittedOther(model: ChartModel, data: ChartData): string | undefined {
    const i = model.otherIndex;
    if (i === undefined || drawsOther(model, this.#effectiveType(data), this.includeOther)) return undefined;
    const column = model.columns[0];
    const amount = column ? formatValue(column.values[i] ?? null, column.format, this.#format(data)) : '';
    const { locale } = this.#format(data);
    return msg(locale, 'notDrawn', { name: model.categoryTitles[i] ?? msg(locale, 'other'), amount });
  }

  #renderLoadError(error: unknown, locale: string): TemplateResult {
    return html`
      <div part="error" class="error" role="alert">
        <span>${msg(locale, 'chartLibraryFailed', { reason: errorMessage(error, locale) })}</span>
        <button part="retry" class="retry" type="button" @click=${this.#retry}>${msg(locale, 'retry')}</button>
      </div>
    `;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'dash-chart': DashChart;
  }
}
