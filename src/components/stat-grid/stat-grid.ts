import { html, nothing, type CSSResultGroup, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { MetaResponse } from '../../contract/meta.js';
import type { StatsResponse } from '../../contract/stats.js';
import { DashElement } from '../../internal/dash-element.js';
import { directionOf, formatMetric } from '../../internal/format.js';
import { msg } from '../../internal/i18n.js';
import { joinTopics, ReportController } from '../../internal/report.js';
import { LocaleMixin, PeriodMixin, SourceMixin } from '../../internal/shared-attributes.js';
import { renderError } from '../../internal/templates.js';
import { loadStats, statCardData, type StatCardData } from '../stat-card/stat-card.js';
import styles from './stat-grid.styles.js';

interface StatGridData {
  meta: MetaResponse;
  stats: StatsResponse;
  /** The metric ids this data was fetched for. */
  metrics: readonly string[];
}

/**
 * @summary Headline numbers for several metrics, fetched in one `v1/stats`
 * request and laid out as responsive cards.
 *
 * Each card is a `<dash-stat-card>` given its data by the grid, so it looks
 * and reads exactly like a stand-alone card.
 *
 * @example
 * <dash-stat-grid src="/dashboard/api" metrics="revenue,orders,average_order_value,new_customers"></dash-stat-grid>
 *
 * @csspart base - The grid (a list of cards).
 * @csspart card - Each card's frame; also `label`, `value`, `trend`, `change`, `comparison`, `stale` of each card.
 * @csspart error - The error message and its Retry button.
 * @csspart retry - The Retry button.
 *
 * @cssprop --dash-stat-grid-min - Narrowest a card may get before the grid wraps to fewer columns (default 14rem).
 * @cssprop --dash-stat-grid-gap - Space between cards (default 1rem).
 */
export class DashStatGrid extends SourceMixin(PeriodMixin(LocaleMixin(DashElement))) {
  static override styles: CSSResultGroup = [DashElement.styles, styles];

  readonly #report = new ReportController<StatGridData>(this, {
    args: () => [this.#metrics.join(',')],
    topics: (data) =>
      data && joinTopics(data.meta.metrics.filter((m) => data.metrics.includes(m.id)).map((m) => m.topics)),
    cache: (data) => data.stats.cache,
    filters: () => ({ report: 'stats' }),
    load: async (ctx) => {
      const metrics = this.#metrics;
      if (metrics.length === 0) throw new Error('set metrics to metric ids, e.g. metrics="revenue,orders"');
      // The board's filters narrow the metrics they can; the others (stock counts by customer) stay whole.
      const [m, stats] = await loadStats(ctx, metrics);
      // Fails with the backend's list of metrics when one is unknown, before anything is drawn.
      for (const id of metrics) statCardData(m, stats, id);
      return { meta: m, stats, metrics };
    },
  });

  /** Metric ids separated by commas (or spaces), e.g. `revenue,orders`. */
  @property({ reflect: true }) metrics = '';

  /** Compact notation for every value. @default false */
  @property({ type: Boolean, reflect: true }) compact = false;

  /** Hides the sparklines. @default false */
  @property({ type: Boolean, reflect: true, attribute: 'no-trend' }) noTrend = false;

  get #metrics(): string[] {
    return [...new Set(this.metrics.split(/[\s,]+/).filter(Boolean))];
  }

  #retry = (): void => this.#report.retry();

  override render(): TemplateResult {
    const report = this.#report;
    const metrics = this.#metrics;
    const data = report.data;
    const locale = this.locale || report.format(data?.meta).locale;
    const cards = (() => {
      if (data) return metrics.filter((id) => data.metrics.includes(id));
      return report.failed ? [] : metrics;
    })();
    return html`
      <div
        part="base"
        class=${cards.length > 0 ? 'grid' : 'grid grid--empty'}
        role="list"
        aria-busy=${report.busy ? 'true' : 'false'}
        dir=${directionOf(locale)}
        style=${data ? `--_dash-stat-chars: ${this.#longest(data, cards)}` : nothing}
      >
        ${cards.map(
          // `exportparts`: each card's parts, re-exported from the grid's shadow root so the host can style them.
          (id) =>
            html`<dash-stat-card
              role="listitem"
              exportparts="base:card, label, value, trend, change, comparison, stale"
              metric=${id}
              locale=${ifDefined(this.locale)}
              calendar=${ifDefined(this.calendar)}
              theme=${ifDefined(this.theme)}
              ?compact=${this.compact}
              ?no-trend=${this.noTrend}
              .data=${this.#cardData(data, id)}
            ></dash-stat-card>`,
        )}
      </div>
      ${
        report.failed
          ? renderError(report.error, {
              what: msg(locale, 'theFigures'),
              locale,
              kept: Boolean(data),
              onRetry: this.#retry,
            })
          : nothing
      }
    `;
  }

  /** Characters of the longest value shown: every card sizes its value for it, so one row shares one size. */
  #longest(data: StatGridData, ids: readonly string[]): number {
    const format = this.#report.format(data.meta);
    const lengths = ids.map((id) => {
      const { info, stat } = statCardData(data.meta, data.stats, id);
      return formatMetric(stat.value, info.format, format, { compact: this.compact }).length;
    });
    return Math.max(8, ...lengths);
  }

  #cardData(data: StatGridData | undefined, id: string): StatCardData | null {
    if (!data) return null;
    return { ...statCardData(data.meta, data.stats, id), stale: this.#report.stale };
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'dash-stat-grid': DashStatGrid;
  }
}
