/**
 * What `<dash-aging-table>` draws from one page of the report: the line of
 * totals, the table with its sortable headers, expandable rows and drill-down
 * buttons, and the skeletons that hold their place while loading. Pure
 * templates over {@link AgingRowsState}; the element owns state and requests.
 */
import { msg } from '../../internal/i18n.js';
import { html, nothing, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import type { AgingCustomer, AgingResponse } from '../../contract/aging.js';
import type { DashFilter } from '../../events/filter-change.js';
import { formatDate, type FormatContext } from '../../internal/format.js';
import { agingColumns, agingMoney, agingSummary, type ColumnView } from '../../view/tables.js';

export type SortOrder = 'asc' | 'desc';

/** Rows shown by the skeleton: enough to reserve the room of a typical first page without guessing past a screen. */
const SKELETON_ROWS = 10;

/** What the table needs from its element to draw one page. */
export interface AgingRowsState {
  sort: string;
  order: SortOrder;
  search: string | undefined;
  /** Customer ids (as strings) whose invoices are shown. */
  expanded: ReadonlySet<string>;
  /** The board's customer filters when rows can set them (inside a board whose backend filters aging), else undefined. */
  drill: readonly DashFilter[] | undefined;
  /** What an open row shows: its invoices, or that they are loading or could not load. */
  details(customer: AgingCustomer, format: FormatContext): TemplateResult | typeof nothing;
  onSort(column: string): void;
  onToggle(customer: AgingCustomer): void;
  onDrill(customer: AgingCustomer): void;
}

export function renderSummary(report: AgingResponse, format: FormatContext): TemplateResult {
  return html`
    <dl part="summary" class="summary">
      ${agingSummary(report, format).map(
        (item) =>
          html`<div>
            <dt>${item.label}</dt>
            <dd>${item.bad ? renderOverdue(item.value) : item.value}</dd>
          </div>`,
      )}
    </dl>
  `;
}

/** "€1,200.00 (35%)": the amount in the bad colour, its share beside it. */
function renderOverdue(text: string): TemplateResult {
  const at = text.lastIndexOf(' (');
  if (at < 0) return html`<span class="bad">${text}</span>`;
  return html`<span class="bad">${text.slice(0, at)}</span> ${text.slice(at + 1)}`;
}

export function renderSummarySkeleton(locale: string): TemplateResult {
  return html`<div class="summary summary--skeleton">
    <span class="skeleton"></span><span class="sr-only">${msg(locale, 'loading')}</span>
  </div>`;
}

export function renderTableSkeleton(limit: number): TemplateResult {
  const rows = Math.min(limit, SKELETON_ROWS);
  return html`
    <div class="table-skeleton" aria-hidden="true">
      ${Array.from({ length: rows + 1 }, () => html`<span class="skeleton"></span>`)}
    </div>
  `;
}

export function renderTable(report: AgingResponse, format: FormatContext, state: AgingRowsState): TemplateResult {
  const l = format.locale;
  const columns = agingColumns(report, l);
  const money = (v: string | number | undefined) => agingMoney(v, format);
  const empty = report.customers.length === 0;
  const drill = state.drill;
  return html`
    <table part="table" class="main">
      <caption class="sr-only">
        ${msg(l, 'agingCaption', { date: formatDate(report.asOf, l) })}
      </caption>
      <thead>
        <tr>
          ${columns.map((c) => renderHeader(c, state))}
        </tr>
      </thead>
      <tbody>
        ${
          empty
            ? html`<tr>
                <td part="empty" class="empty" colspan=${columns.length}>
                  ${state.search ? msg(l, 'noMatch', { query: state.search }) : msg(l, 'noReceivables')}
                </td>
              </tr>`
            : nothing
        }
        ${report.customers.map((c, i) => {
          const open = state.expanded.has(String(c.id));
          const detailsId = `invoices-${i}`;
          return html`
            <tr class=${open ? 'row row--open' : 'row'}>
              <th scope="row" class="pin">
                <div class="name">
                  <button
                    part="expand"
                    class="expand"
                    type="button"
                    aria-expanded=${open ? 'true' : 'false'}
                    aria-controls=${detailsId}
                    @click=${() => state.onToggle(c)}
                  >
                    <span class="chevron" aria-hidden="true"></span>${c.name}
                  </button>
                  ${
                    drill
                      ? html`<button
                          part="drill"
                          class="drill"
                          type="button"
                          aria-label=${msg(l, 'filterBy', { name: c.name })}
                          aria-pressed=${drill.some((f) => f.value === String(c.id)) ? 'true' : 'false'}
                          @click=${() => state.onDrill(c)}
                        ></button>`
                      : nothing
                  }
                </div>
              </th>
              ${report.buckets.map((b) => html`<td class="num">${money(c.buckets[b.id])}</td>`)}
              <td class="num total">${money(c.total)}</td>
              <td class="num pin pin-end ${Number(c.overdue) > 0 ? 'bad' : ''}">${money(c.overdue)}</td>
            </tr>
            ${
              open
                ? html`<tr id=${detailsId} class="details">
                    <td colspan=${columns.length}>${state.details(c, format)}</td>
                  </tr>`
                : nothing
            }
          `;
        })}
      </tbody>
    </table>
  `;
}

function renderHeader({ id, label, numeric, tone }: ColumnView, state: AgingRowsState): TemplateResult {
  const sorted = id === state.sort;
  const ariaSort = sorted ? (state.order === 'asc' ? 'ascending' : 'descending') : undefined;
  // A bucket is underlined in its tone of the aging scale (its slice's colour in the aging donut);
  // a shadow rather than a border, so the header keeps its height.
  return html`
    <th
      scope="col"
      class=${id === 'name' ? 'pin' : id === 'overdue' ? 'num pin pin-end' : numeric ? 'num' : ''}
      aria-sort=${ifDefined(ariaSort)}
      style=${ifDefined(tone === undefined ? undefined : `box-shadow:inset 0 -3px var(--_dash-aging-${tone})`)}
    >
      <button part="sort" class="sort" type="button" data-sort=${id} @click=${() => state.onSort(id)}>
        <span dir="auto">${label}</span
        ><span class="sort-icon ${sorted ? `sort-icon--${state.order}` : ''}" aria-hidden="true"></span>
      </button>
    </th>
  `;
}
