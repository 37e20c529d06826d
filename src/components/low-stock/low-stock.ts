import { html, nothing, type CSSResultGroup, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import { LowStockResponse, type LowStockItem } from '../../contract/low-stock.js';
import type { MetaResponse } from '../../contract/meta.js';
import { DashElement } from '../../internal/dash-element.js';
import { msg, type MessageKey } from '../../internal/i18n.js';
import { directionOf, type FormatContext } from '../../internal/format.js';
import { panelStyles } from '../../internal/panel.styles.js';
import { ReportController } from '../../internal/report.js';
import { LocaleMixin, SourceMixin } from '../../internal/shared-attributes.js';
import { renderError, renderPager, renderStale } from '../../internal/templates.js';
import { lowStockRow } from '../../view/tables.js';
import styles from './low-stock.styles.js';

/** What one load yields. */
export interface LowStockData {
  meta: MetaResponse;
  report: LowStockResponse;
}

/** A short list by default: the widget sits beside others; `limit` asks for more. */
export const DEFAULT_LOW_STOCK_LIMIT = 10;

/** Skeleton rows at most: enough to hold the room of a typical page. */
const SKELETON_ROWS = 10;

/**
 * @summary Products at or below their reorder level, most urgent first:
 * an out/low badge, stock against the reorder level, days of cover and daily
 * demand when the backend knows them, paged.
 *
 * @example
 * <dash-low-stock src="/dashboard/api" limit="10"></dash-low-stock>
 *
 * @csspart base - The card.
 * @csspart title - "Low stock".
 * @csspart summary - "3 out of stock", beside the title.
 * @csspart table - The table of products.
 * @csspart badge - Each product's "Out of stock" / "Low" badge (two per row: in the status column, and in the product cell, where a narrow card shows it; one is displayed).
 * @csspart meter - Each product's stock bar (decorative; the text beside it says "6 of 30").
 * @csspart pager - The "1–10 of 24" line with its buttons.
 * @csspart empty - The message shown when every product is above its reorder level.
 * @csspart stale - The mark shown when the server sent cached data it could not refresh.
 * @csspart error - The error message and its Retry button.
 * @csspart retry - The Retry button.
 *
 * @cssprop --dash-low-stock-padding - Inner spacing of the card (default `--dash-space`, 1rem).
 * @cssprop --dash-color-bad - Out-of-stock badge and bar; `--dash-color-bad-surface` the badge background.
 * @cssprop --dash-color-warn - Low-stock badge and bar; `--dash-color-warn-surface` the badge background.
 * @cssprop --dash-color-surface - Card background.
 * @cssprop --dash-color-border - Card border, row rules and the empty part of each bar.
 * @cssprop --dash-color-text - Text; `--dash-color-text-muted` for SKUs and headers.
 */
export class DashLowStock extends SourceMixin(LocaleMixin(DashElement)) {
  static override styles: CSSResultGroup = [DashElement.styles, panelStyles, styles];

  readonly #report = new ReportController<LowStockData>(this, {
    usesPeriod: false,
    args: () => [this.#limit, this._offset],
    topics: (data) => data?.meta.reportTopics?.['low-stock'],
    cache: (data) => data.report.cache,
    filters: () => ({ report: 'low-stock' }),
    load: async ({ client, signal, meta, filter }) => {
      const query = { limit: this.#limit, offset: this._offset, ...filter };
      const [m, report] = await Promise.all([meta(), client.getJson('v1/low-stock', query, LowStockResponse, signal)]);
      return { meta: m, report };
    },
  });

  /** Position of the first shown product. */
  @state() private _offset = 0;

  /** Products per page (1–1000). @default 10 */
  @property({ type: Number, reflect: true }) limit = DEFAULT_LOW_STOCK_LIMIT;

  protected override willUpdate(changed: PropertyValues<DashLowStock>): void {
    if (changed.has('limit')) this._offset = 0;
  }

  get #limit(): number {
    const size = Math.trunc(this.limit);
    return Number.isFinite(size) && size >= 1 ? Math.min(size, 1000) : DEFAULT_LOW_STOCK_LIMIT;
  }

  #page(delta: number): void {
    this._offset = Math.max(0, this._offset + delta * this.#limit);
  }

  override render(): TemplateResult {
    const r = this.#report;
    const data = r.data;
    const format = r.format(data?.meta);
    const rtl = directionOf(format.locale) === 'rtl';
    const l = format.locale;
    return html`
      <section
        part="base"
        class="panel low-stock"
        aria-busy=${r.busy ? 'true' : 'false'}
        aria-labelledby="title"
        dir=${ifDefined(rtl ? 'rtl' : undefined)}
      >
        <div class="header">
          <span id="title" part="title" class="title">${msg(l, 'lowStock')}</span>
          ${
            data && data.report.total > 0
              ? html`<span part="summary" class="summary"
                  >${msg(l, 'outOfStockCount', { n: data.report.outOfStock })}</span
                >`
              : nothing
          }
          ${r.stale ? renderStale(l) : nothing}
        </div>
        ${
          r.failed
            ? renderError(r.error, {
                what: msg(l, 'lowStockWhat'),
                locale: l,
                kept: Boolean(data),
                onRetry: () => r.retry(),
              })
            : nothing
        }
        ${data ? this.#renderBody(data.report, format) : r.failed ? nothing : this.#renderSkeleton(l)}
      </section>
    `;
  }

  #renderSkeleton(locale: string): TemplateResult {
    return html`
      <div class="skeleton-rows" aria-hidden="true">
        ${Array.from({ length: Math.min(this.#limit, SKELETON_ROWS) + 1 }, () => html`<span class="skeleton"></span>`)}
      </div>
      <span class="sr-only">${msg(locale, 'loading')}</span>
    `;
  }

  #renderBody(report: LowStockResponse, format: FormatContext): TemplateResult {
    const t = (key: MessageKey) => msg(format.locale, key);
    if (report.total === 0) {
      return html`<p part="empty" class="empty">${t('allAboveReorder')}</p>`;
    }
    // Demand and cover need order lines; a backend without them leaves the fields out.
    const hasDemand = report.items.some((i) => i.dailyDemand !== undefined);
    const hasCover = report.items.some((i) => i.daysOfCover !== undefined);
    return html`
      <div class="scroll" role="region" aria-labelledby="title" tabindex="0">
        <table part="table">
          <caption class="sr-only">
            ${t('lowStockCaption')}
          </caption>
          <thead>
            <tr>
              <th scope="col">${t('product')}</th>
              <th scope="col" class="status-cell">${t('status')}</th>
              <th scope="col">${t('stock')}</th>
              ${hasCover ? html`<th scope="col" class="num">${t('cover')}</th>` : nothing}
              ${hasDemand ? html`<th scope="col" class="num">${t('soldPerDay')}</th>` : nothing}
            </tr>
          </thead>
          <tbody>
            ${report.items.map((item) => this.#renderRow(item, format, hasCover, hasDemand))}
          </tbody>
        </table>
      </div>
      ${this.#renderPager(report, format)}
    `;
  }

  #renderRow(item: LowStockItem, format: FormatContext, hasCover: boolean, hasDemand: boolean): TemplateResult {
    const row = lowStockRow(item, format);
    const { badge, level } = row;
    const t = (key: MessageKey) => msg(format.locale, key);
    return html`
      <tr>
        <th scope="row">
          <span class="name">${row.name}</span>
          <span class="sku">${row.sku}</span>
          <!-- In a narrow card the status column folds into this cell (only one of the two badges is displayed). -->
          <span part="badge" class="badge badge--${item.status} badge--inline">${badge}</span>
        </th>
        <td class="status-cell"><span part="badge" class="badge badge--${item.status}">${badge}</span></td>
        <td>
          <span class="stock">
            <span part="meter" class="meter meter--${item.status}" aria-hidden="true"
              ><span class="fill" style="inline-size: ${(level * 100).toFixed(1)}%"></span><span class="tick"></span
            ></span>
            <span class="stock-text"
              ><bdi>${row.quantity}</bdi>
              <span class="reorder">${t('reorderAt')} <bdi>${row.reorderLevel}</bdi></span></span
            >
          </span>
        </td>
        ${
          hasCover
            ? html`<td class="num">
                ${
                  row.cover !== null
                    ? row.cover
                    : html`<span aria-hidden="true">—</span
                        ><span class="sr-only">${t(item.status === 'out' ? 'noCover' : 'noRecentSales')}</span>`
                }
              </td>`
            : nothing
        }
        ${
          hasDemand
            ? html`<td class="num">
                ${
                  row.demand === null
                    ? html`<span aria-hidden="true">—</span><span class="sr-only">${t('unknown')}</span>`
                    : row.demand
                }
              </td>`
            : nothing
        }
      </tr>
    `;
  }

  #renderPager(report: LowStockResponse, format: FormatContext): TemplateResult | typeof nothing {
    if (report.total <= report.limit && report.offset === 0) return nothing;
    return renderPager({
      offset: report.offset,
      shown: report.items.length,
      total: report.total,
      locale: format.locale,
      onPage: (delta) => this.#page(delta),
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'dash-low-stock': DashLowStock;
  }
}
