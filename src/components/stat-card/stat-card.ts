import { html, nothing, svg, type CSSResultGroup, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import type { CacheInfo, Comparison, Period, Point } from '../../contract/common.js';
import type { MetaResponse, MetricInfo } from '../../contract/meta.js';
import { StatsResponse, type Stat } from '../../contract/stats.js';
import { DashElement } from '../../internal/dash-element.js';
import { directionOf, formatDate, formatValue, type FormatContext } from '../../internal/format.js';
import { msg } from '../../internal/i18n.js';
import { getMetrics, ReportController, type LoadContext } from '../../internal/report.js';
import { LocaleMixin, PeriodMixin, SourceMixin } from '../../internal/shared-attributes.js';
import { renderError, renderStale } from '../../internal/templates.js';
import { statView, type StatFooter } from '../../view/stat.js';
import styles from './stat-card.styles.js';

/** What one successful load yields; also what a `<dash-stat-grid>` hands each of its cards. */
export interface StatCardData {
  meta: MetaResponse;
  info: MetricInfo;
  stat: Stat;
  comparison: Comparison;
  /** The period the server resolved (the days of `range`). */
  period?: Period;
  /** How the server served the value (its `cache` block), when the card loaded it itself. */
  cache?: CacheInfo;
  /**
   * Mark the value stale: set by a parent that loaded it (`<dash-stat-grid>`) when the server could not refresh
   * it (`cache.refreshFailed`); a card loading its own data decides from `cache`.
   */
  stale?: boolean;
}

/** Beyond this many points the screen-reader text summarises the trend instead of reading every value. */
const MAX_SPOKEN_POINTS = 14;

/**
 * Picks this card's metric out of a `v1/stats` response (shared with the grid).
 *
 * @throws when the backend does not know the metric or returned no value for it.
 */
export function statCardData(meta: MetaResponse, stats: StatsResponse, metric: string): StatCardData {
  const info = meta.metrics.find((m) => m.id === metric);
  if (!info)
    throw new Error(`unknown metric "${metric}" (this backend has ${meta.metrics.map((m) => m.id).join(', ')})`);
  const stat = stats.stats.find((s) => s.metric === metric);
  if (!stat) throw new Error(`v1/stats returned no value for "${metric}"`);
  return { meta, info, stat, comparison: stats.comparison, period: stats.period, cache: stats.cache };
}

/** `v1/meta` and `v1/stats` of `metrics` on the widget's period, each narrowed by the board's filters it takes (shared with the grid). */
export const loadStats = (ctx: LoadContext, metrics: readonly string[]) =>
  Promise.all([ctx.meta(), getMetrics(ctx, 'v1/stats', metrics, ctx.period, StatsResponse)]);

/**
 * @summary One headline number: the metric's label, its formatted value, how
 * it changed against the comparison period, and a sparkline of its trend.
 *
 * Labels and formats come from the backend's `v1/meta`; the numbers from
 * `v1/stats`. Works alone with `src`, or inside a `<dash-board>` that shares
 * its endpoint, period and locale. The sparkline is a small inline SVG: a
 * page of stat cards never loads ECharts.
 *
 * @example
 * <dash-stat-card src="/dashboard/api" metric="revenue" range="month"></dash-stat-card>
 *
 * @csspart base - The card.
 * @csspart label - The metric's label.
 * @csspart value - The formatted value.
 * @csspart trend - The sparkline (an `<svg>`, hidden from screen readers, which get its values as text).
 * @csspart change - The change badge (arrow and percent).
 * @csspart comparison - What the value is compared with, its dates in the locale's style (English day first, as the server's labels), e.g. "vs 1–21 Oct" (the year too against last year; the backend's whole label in its title); "As of now" for a point-in-time metric (no previous value), which shows no change badge.
 * @csspart stale - The "Stale" mark shown when the server served kept data.
 * @csspart error - The error message and its Retry button.
 * @csspart retry - The Retry button.
 *
 * @cssprop --dash-stat-card-padding - Inner spacing of the card (default `--dash-space`, 1rem).
 * @cssprop --dash-stat-card-value-size - Font size of the value (default 1.875rem).
 * @cssprop --dash-stat-card-trend-height - Height of the sparkline row (default 2rem).
 * @cssprop --dash-color-good - Badge text when the change is good news; `--dash-color-good-surface` its background.
 * @cssprop --dash-color-bad - Badge text when the change is bad news; `--dash-color-bad-surface` its background.
 * @cssprop --dash-color-accent - The sparkline's stroke.
 * @cssprop --dash-color-surface - Card background.
 * @cssprop --dash-color-border - Card border.
 * @cssprop --dash-color-text - Value text; `--dash-color-text-muted` for the label and comparison.
 */
export class DashStatCard extends SourceMixin(PeriodMixin(LocaleMixin(DashElement))) {
  static override styles: CSSResultGroup = [DashElement.styles, styles];

  readonly #report = new ReportController<StatCardData>(this, {
    args: () => [this.metric],
    topics: (data) => data?.info.topics,
    cache: (data) => data.cache,
    enabled: () => this.data === undefined,
    filters: () => ({ report: 'stats' }),
    load: async (ctx) => {
      const metric = this.metric;
      if (!metric) throw new Error('set metric to a metric id, e.g. metric="revenue"');
      return statCardData(...(await loadStats(ctx, [metric])), metric);
    },
  });

  /** Metric id from `v1/meta`, e.g. `revenue`. */
  @property({ reflect: true }) metric?: string;

  /** Compact notation for the value ("€12.3K" rather than "€12,345.60"). @default false */
  @property({ type: Boolean, reflect: true }) compact = false;

  /** Hides the sparkline. @default false */
  @property({ type: Boolean, reflect: true, attribute: 'no-trend' }) noTrend = false;

  /**
   * The data to show, supplied by a parent such as `<dash-stat-grid>`; while
   * set (`null` meaning "still loading") the card fetches nothing itself.
   */
  @property({ attribute: false }) data?: StatCardData | null;

  #retry = (): void => this.#report.retry();

  // Rendered by status rather than `task.render()` so that the last good data
  // stays on screen while a new period loads and after a failed refetch.
  override render(): TemplateResult {
    const external = this.data !== undefined;
    const own = this.#report.data;
    const data = external ? this.data : own?.stat.metric === this.metric ? own : undefined;
    const busy = external ? this.data === null : this.#report.busy;
    const failed = !external && this.#report.failed;
    const format = this.#report.format(data?.meta);
    let body: TemplateResult | typeof nothing = nothing;
    if (data) body = this.#renderData(data, format, external ? data.stale === true : this.#report.stale);
    else if (!failed) body = this.#renderSkeleton(format.locale);
    return html`
      <div part="base" class="card" aria-busy=${busy ? 'true' : 'false'} dir=${directionOf(format.locale)}>
        ${body}
        ${
          failed
            ? renderError(this.#report.error, {
                // The metric's label once known; never its id (`average_order_value`) on screen.
                what: data?.info.label ?? msg(format.locale, 'thisFigure'),
                locale: format.locale,
                kept: Boolean(data),
                onRetry: this.#retry,
              })
            : nothing
        }
      </div>
    `;
  }

  #renderSkeleton(locale: string): TemplateResult {
    return html`
      <span part="label" class="label skeleton"></span>
      <span part="value" class="value skeleton"></span>
      ${this.noTrend ? nothing : html`<span class="trend skeleton"></span>`}
      <span class="footer"><span class="skeleton"></span></span>
      <span class="sr-only">${msg(locale, 'loading')}</span>
    `;
  }

  #renderData(data: StatCardData, format: FormatContext, stale: boolean): TemplateResult {
    const { info, stat } = data;
    const view = statView(data, format, { compact: this.compact });
    const { value, fullValue: full } = view;
    return html`
      <span class="header">
        <span part="label" class="label" title=${view.description ?? nothing}>${view.label}</span>
        ${stale ? renderStale(format.locale) : nothing}
      </span>
      <span part="value" class="value" title=${this.compact ? full : nothing} style=${`--_chars: ${value.length}`}
        >${value}${this.compact && full !== value ? html`<span class="sr-only"> (${full})</span>` : nothing}</span
      >
      ${this.noTrend ? nothing : this.#renderTrend(view.trend, stat.trend, info, format)}
      <span class="footer">${this.#renderFooter(view.footer)}</span>
    `;
  }

  /**
   * The change badge (`change--up change--good`, `change--flat change--neutral`, `change--none change--neutral`
   * without a previous value) and what it compares with; "As of now" alone for a point-in-time metric; or nothing.
   */
  #renderFooter(footer: StatFooter) {
    if (footer.kind === 'none') return nothing;
    const change = footer.kind === 'change' ? footer : undefined;
    const badge = change?.change;
    return html`${
        badge
          ? html`<span part="change" class="change change--${badge.direction} change--${badge.tone}"
              ><span aria-hidden="true">${badge.text}</span><span class="sr-only">${badge.spoken}</span></span
            >`
          : nothing
      }
      <span part="comparison" class="comparison" title=${change?.comparisonTitle ?? nothing}
        >${footer.kind === 'as-of' ? footer.text : footer.comparison}</span
      >`;
  }

  /** A sparkline in a 100×32 box stretched to the part's size; gaps (null values) break the line. */
  #renderTrend(lines: string[][], trend: readonly Point[], info: MetricInfo, format: FormatContext): TemplateResult {
    // An empty box still reserves the room, so cards in a row keep the same height.
    if (lines.length === 0) return html`<span class="trend" aria-hidden="true"></span>`;
    return html`
      <svg
        part="trend"
        class="trend"
        viewBox="0 0 100 32"
        preserveAspectRatio="none"
        aria-hidden="true"
        focusable="false"
      >
        ${lines.map(
          (points) =>
            svg`<polygon class="trend-area" points="${points[0]!.split(',')[0]},32 ${points.join(' ')} ${points[points.length - 1]!.split(',')[0]},32"></polygon>
                <polyline class="trend-line" points=${points.join(' ')}></polyline>`,
        )}
      </svg>
      <span class="sr-only">${this.#spokenTrend(trend, info, format)}</span>
    `;
  }

  #spokenTrend(trend: readonly Point[], info: MetricInfo, format: FormatContext): string {
    const value = (v: Point['v']) => formatValue(v, info.format, format);
    const day = (t: string) => formatDate(t, format.locale);
    const l = format.locale;
    if (trend.length <= MAX_SPOKEN_POINTS) {
      return msg(l, 'trend', {
        points: trend.map((p) => `${day(p.t)} ${value(p.v)}`).join(directionOf(l) === 'rtl' ? '، ' : ', '),
      });
    }
    const known = trend.filter((p) => p.v !== null);
    const low = known.reduce((a, b) => (Number(b.v) < Number(a.v) ? b : a), known[0]!);
    const high = known.reduce((a, b) => (Number(b.v) > Number(a.v) ? b : a), known[0]!);
    const last = trend[trend.length - 1]!;
    return msg(l, 'trendSummary', {
      first: day(trend[0]!.t),
      last: day(last.t),
      low: value(low.v),
      lowDay: day(low.t),
      high: value(high.v),
      highDay: day(high.t),
      end: value(last.v),
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'dash-stat-card': DashStatCard;
  }
}
