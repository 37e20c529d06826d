import { html, nothing, type CSSResultGroup, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ifDefined } from 'lit/directives/if-defined.js';
import { AgingResponse, type AgingCustomer } from '../../contract/aging.js';
import type { MetaResponse } from '../../contract/meta.js';
// 50 is the server's own default page size (contract/params.ts DEFAULT_LIMIT); importing that module would bundle every parameter schema.
const DEFAULT_LIMIT = 50;
import { DashRowToggleEvent } from '../../events/row-toggle.js';
import { DashSortChangeEvent } from '../../events/sort-change.js';
import type { DashClient } from '../../internal/client.js';
import { DashElement } from '../../internal/dash-element.js';
import { directionOf, type FormatContext } from '../../internal/format.js';
import { msg } from '../../internal/i18n.js';
import { panelStyles } from '../../internal/panel.styles.js';
import { filterQuery, ReportController } from '../../internal/report.js';
import { LocaleMixin, SourceMixin } from '../../internal/shared-attributes.js';
import { errorMessage, renderError, renderPager, renderStale } from '../../internal/templates.js';
import { agingExportUrl } from './aging-export.js';
import { agingSubtitle } from '../../view/tables.js';
import type { Invoices } from './aging-invoices.js';
import {
  renderSummary,
  renderSummarySkeleton,
  renderTable,
  renderTableSkeleton,
  type AgingRowsState,
  type SortOrder,
} from './aging-rows.js';
import styles from './aging-table.styles.js';

/** What one load yields. */
export interface AgingTableData {
  meta: MetaResponse;
  report: AgingResponse;
}

export type AgingBasis = 'due' | 'invoice';
export type { SortOrder } from './aging-rows.js';

/** Long enough to let a word be typed, short enough to feel live. */
export const SEARCH_DEBOUNCE_MS = 300;

/** The server sorts by overdue amount, largest first, unless told otherwise. */
const DEFAULT_SORT = 'overdue';

const defaultOrder = (sort: string): SortOrder => (sort === 'name' ? 'asc' : 'desc');

/**
 * @summary Accounts-receivable aging: customers by how long their invoices
 * are overdue, sortable, searchable and paged, each row opening onto its
 * invoices, with a CSV export and a print layout. Narrower than its columns, the
 * table scrolls sideways with the customer and the overdue amount held at
 * either edge.
 *
 * @example
 * <dash-aging-table src="/dashboard/api" page-size="25"></dash-aging-table>
 *
 * @fires {{ sort: string, order: 'asc' | 'desc' }} dash-sort-change - The user sorted by a column (not fired when `sort`/`order` are set from code).
 * @fires {{ id: string | number, expanded: boolean }} dash-row-toggle - The user opened or closed a customer's invoices.
 *
 * @csspart base - The card.
 * @csspart title - "Receivables aging".
 * @csspart subtitle - The report date and basis.
 * @csspart search - The search box.
 * @csspart export - The CSV export link (or button, with a token).
 * @csspart summary - The line of totals above the table.
 * @csspart table - The table.
 * @csspart sort - Each column's sort button.
 * @csspart expand - Each customer's expand button.
 * @csspart drill - Inside a `<dash-board>`: each customer's button that filters the board by that customer
 *   (`aria-pressed` while it does; pressed again, it removes the filter).
 * @csspart invoices - The invoice table of an expanded customer.
 * @csspart pager - The "1–50 of 186" line with its buttons.
 * @csspart empty - The message shown when no customer owes anything (or none matches the search).
 * @csspart stale - The mark shown when the server sent cached data it could not refresh.
 * @csspart error - The error message and its Retry button.
 * @csspart retry - The Retry button.
 *
 * @cssprop --dash-aging-table-padding - Inner spacing of the card (default `--dash-space`, 1rem).
 * @cssprop --dash-color-surface - Card background.
 * @cssprop --dash-color-border - Card border and row rules.
 * @cssprop --dash-color-text - Text; `--dash-color-text-muted` for headers and notes.
 * @cssprop --dash-color-bad - Overdue amounts and badges; `--dash-color-bad-surface` their background.
 * @cssprop --dash-color-accent - Focus rings and links.
 * @cssprop --dash-color-aging-0 - The mark under the current bucket's header; `--dash-color-aging-1` … `-5` the
 *   overdue buckets', amber to red (the aging scale, shared with the aging chart).
 */
export class DashAgingTable extends SourceMixin(LocaleMixin(DashElement)) {
  static override styles: CSSResultGroup = [DashElement.styles, panelStyles, styles];

  readonly #report = new ReportController<AgingTableData>(this, {
    usesPeriod: false,
    args: () => [this.asOf, this.basis, this.#sort, this.#order, this.search, this.#limit, this._offset],
    topics: (data) => data?.meta.reportTopics?.['aging'],
    cache: (data) => data.report.cache,
    filters: () => ({ report: 'aging', bucket: true }),
    load: async ({ client, signal, meta }) => {
      const [m, report] = await Promise.all([
        meta(),
        client.getJson(
          'v1/aging',
          { ...this.#query(), limit: this.#limit, offset: this._offset },
          AgingResponse,
          signal,
        ),
      ]);
      return { meta: m, report };
    },
  });

  /** The invoices' code (their cache, schema and table), loaded when a row first opens. */
  #invoices?: Invoices;
  #invoicesLoad?: Promise<unknown>;
  #invoicesLoadError?: unknown;
  #searchTimer?: ReturnType<typeof setTimeout>;
  #exportError?: unknown;
  /** The board's filters the last render saw: another customer or bucket starts at the first page. */
  #filterKey = '';

  /** Position of the first shown row; back to 0 when the sort, search or report changes. */
  @state() private _offset = 0;
  /** Customer ids (as strings) whose invoices are shown. */
  @state() private _expanded: ReadonlySet<string> = new Set();

  /** Report date, `YYYY-MM-DD`; unset means today in the dashboard's time zone. */
  @property({ reflect: true, attribute: 'as-of' }) asOf?: string;

  /** Age invoices from their `due` date (server default) or their `invoice` date. */
  @property({ reflect: true }) basis?: AgingBasis;

  /** Customers per page (1–1000). @default 50 */
  @property({ type: Number, reflect: true, attribute: 'page-size' }) pageSize = DEFAULT_LIMIT;

  /** Column to sort by: `name`, `total`, `overdue` or a bucket id; unset sorts by `overdue`. */
  @property({ reflect: true }) sort?: string;

  /** `asc` or `desc`; unset is ascending for names and descending for amounts. */
  @property({ reflect: true }) order?: SortOrder;

  /** Only customers whose name contains this text (the search box sets it after a pause in typing). */
  @property({ reflect: true }) search?: string;

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    clearTimeout(this.#searchTimer);
  }

  protected override willUpdate(changed: PropertyValues<DashAgingTable>): void {
    // A new question starts at its first page; another report date or basis closes every row.
    const restart = ['sort', 'order', 'search', 'pageSize', 'asOf', 'basis'] as const;
    const filterKey = JSON.stringify(filterQuery(this.#report.filters));
    if (restart.some((p) => changed.has(p)) || filterKey !== this.#filterKey) {
      this._offset = 0;
    }
    this.#filterKey = filterKey;
    if (changed.has('asOf') || changed.has('basis')) this._expanded = new Set();
  }

  get #sort(): string {
    return this.sort || DEFAULT_SORT;
  }

  get #order(): SortOrder {
    return this.order ?? defaultOrder(this.#sort);
  }

  get #limit(): number {
    const size = Math.trunc(this.pageSize);
    return Number.isFinite(size) && size >= 1 ? Math.min(size, 1000) : DEFAULT_LIMIT;
  }

  /** The report parameters shared by the JSON request and the CSV export (the board's filters included). */
  #query(): Record<string, string | undefined> {
    return {
      asOf: this.asOf,
      basis: this.basis,
      sort: this.#sort,
      order: this.#order,
      search: this.search || undefined,
      ...filterQuery(this.#report.filters),
    };
  }

  #onSort(column: string): void {
    const order: SortOrder = column === this.#sort ? (this.#order === 'asc' ? 'desc' : 'asc') : defaultOrder(column);
    this.sort = column;
    this.order = order;
    // Through a variable: the manifest analyzer then documents the event from the @fires line alone.
    const event = new DashSortChangeEvent({ sort: column, order });
    this.dispatchEvent(event);
  }

  #onSearchInput(event: Event): void {
    const value = (event.target as HTMLInputElement).value.trim();
    clearTimeout(this.#searchTimer);
    this.#searchTimer = setTimeout(() => {
      this.search = value || undefined;
    }, SEARCH_DEBOUNCE_MS);
  }

  #onToggle(customer: AgingCustomer, report: AgingResponse): void {
    const key = String(customer.id);
    const expanded = !this._expanded.has(key);
    const next = new Set(this._expanded);
    if (expanded) {
      next.add(key);
      this.#loadInvoices(customer, report);
    } else {
      next.delete(key);
    }
    this._expanded = next;
    const event = new DashRowToggleEvent({ id: customer.id, expanded });
    this.dispatchEvent(event);
  }

  /** Fetches a customer's invoices, once their code has loaded (a failure shows in the row, with Retry). */
  #loadInvoices(customer: AgingCustomer, report: AgingResponse): void {
    this.#invoicesLoadError = undefined;
    this.#invoicesLoad ??= import('./aging-invoices.js').then(
      ({ attach }) => {
        this.#invoices = attach(this, DashAgingTable.elementStyles);
      },
      (error: unknown) => {
        this.#invoicesLoad = undefined;
        this.#invoicesLoadError = error;
        this.requestUpdate();
      },
    );
    void this.#invoicesLoad.then(() => {
      const client = this.#report.client;
      if (client && this.#invoices) this.#invoices.cache.load(client, customer.id, report.asOf, report.basis);
    });
  }

  #page(delta: number): void {
    this._offset = Math.max(0, this._offset + delta * this.#limit);
  }

  /** With a token, a plain link would reach the server without it: fetch with the header and save the Blob. */
  async #download(client: DashClient): Promise<void> {
    this.#exportError = undefined;
    try {
      // Loaded on the click: only a page whose requests carry a token needs it.
      const { downloadAgingCsv } = await import('./aging-download.js');
      await downloadAgingCsv(client, this.#query(), this.#report.data?.report.asOf);
    } catch (error) {
      this.#exportError = error;
    }
    this.requestUpdate();
  }

  /** What the table templates need: the sort, the open rows, the drill-down filters and the handlers. */
  #rowsState(report: AgingResponse): AgingRowsState {
    // Inside a board whose backend filters aging by customer: each row can set that filter (the active ones).
    const board = this.#report.board;
    const canDrill =
      board?.select && board.meta?.dimensions?.some((d) => d.id === 'customer' && d.reports.includes('aging'));
    const loadInvoices = (c: AgingCustomer) => this.#loadInvoices(c, report);
    return {
      sort: this.#sort,
      order: this.#order,
      search: this.search,
      expanded: this._expanded,
      drill: canDrill ? (board.filters ?? []).filter((f) => f.dimension === 'customer') : undefined,
      details: (c, format) => {
        const code = this.#invoices;
        if (code)
          return code.render(c.name, code.cache.get(c.id, report.asOf, report.basis), format, () => loadInvoices(c));
        return this.#invoicesLoadError
          ? renderError(this.#invoicesLoadError, {
              what: msg(format.locale, 'invoicesWhat', { name: c.name }),
              locale: format.locale,
              onRetry: () => loadInvoices(c),
            })
          : nothing; // Its code arrives in a moment, then says "Loading invoices of …" itself.
      },
      onSort: (column) => this.#onSort(column),
      onToggle: (c) => this.#onToggle(c, report),
      onDrill: (c) => this.#report.select({ dimension: 'customer', value: String(c.id), label: c.name }),
    };
  }

  override render(): TemplateResult {
    const r = this.#report;
    const data = r.data;
    const format = r.format(data?.meta);
    const rtl = directionOf(format.locale) === 'rtl';
    return html`
      <section
        part="base"
        class="panel aging"
        aria-busy=${r.busy ? 'true' : 'false'}
        aria-labelledby="title"
        dir=${ifDefined(rtl ? 'rtl' : undefined)}
      >
        <div class="header">
          <div class="heading">
            <span id="title" part="title" class="title">${msg(format.locale, 'receivablesAging')}</span>
            ${
              data
                ? html`<span part="subtitle" class="subtitle">${agingSubtitle(data.report, format.locale)}</span>`
                : nothing
            }
            ${r.stale ? renderStale(format.locale) : nothing}
          </div>
          <div class="controls">
            <label class="search">
              <span class="search-label">${msg(format.locale, 'searchCustomers')}</span>
              <input part="search" type="search" .value=${this.search ?? ''} @input=${this.#onSearchInput} />
            </label>
            ${this.#renderExport(r.client, format.locale)}
          </div>
        </div>
        ${
          r.failed
            ? renderError(r.error, {
                what: msg(format.locale, 'agingWhat'),
                locale: format.locale,
                kept: Boolean(data),
                onRetry: () => r.retry(),
              })
            : nothing
        }
        ${
          this.#exportError
            ? html`<div part="error" class="error" role="alert">
                ${msg(format.locale, 'exportFailed', { what: msg(format.locale, 'agingWhat'), reason: errorMessage(this.#exportError, format.locale) })}
              </div>`
            : nothing
        }
        ${data ? renderSummary(data.report, format) : r.failed ? nothing : renderSummarySkeleton(format.locale)}
        <div class="scroll" role="region" aria-label=${msg(format.locale, 'agingTable')} tabindex="0">
          ${data ? renderTable(data.report, format, this.#rowsState(data.report)) : r.failed ? nothing : renderTableSkeleton(this.#limit)}
        </div>
        ${data ? this.#renderPager(data.report, format) : nothing}
      </section>
    `;
  }

  #renderExport(client: DashClient | undefined, locale: string): TemplateResult | typeof nothing {
    if (!client) return nothing;
    if (client.authorized && client.getBlob) {
      return html`<button part="export" class="export action" type="button" @click=${() => this.#download(client)}>
        ${msg(locale, 'exportCsv')}
      </button>`;
    }
    return html`<a part="export" class="export action" href=${agingExportUrl(client, this.#query())} download
      >${msg(locale, 'exportCsv')}</a
    >`;
  }

  #renderPager(report: AgingResponse, format: FormatContext): TemplateResult | typeof nothing {
    if (report.total === 0) return nothing;
    return renderPager({
      offset: report.offset,
      shown: report.customers.length,
      total: report.total,
      locale: format.locale,
      onPage: (delta) => this.#page(delta),
    });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'dash-aging-table': DashAgingTable;
  }
}
