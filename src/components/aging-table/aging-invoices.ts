/**
 * The invoices under an expanded `<dash-aging-table>` row: fetched when the
 * row first opens, then kept per customer for as long as the report date
 * (`asOf`) and basis stay the same.
 */
import {
  adoptStyles,
  css,
  html,
  nothing,
  type CSSResultOrNative,
  type ReactiveElement,
  type TemplateResult,
} from 'lit';
import { AgingInvoicesResponse } from '../../contract/aging-invoices.js';
import type { Id } from '../../contract/common.js';
import type { DashClient } from '../../internal/client.js';
import { formatDate, formatValue, numberFormat, type FormatContext } from '../../internal/format.js';
import { addEnglish, msg, type MessageKey } from '../../internal/i18n.js';
import { renderError } from '../../internal/templates.js';
import { invoicesEn } from '../../locales/en-invoices.js';

/** The invoice table's styles, adopted by the aging table beside its own once this module has loaded. */
export const styles = css`
  .muted,
  .invoices-note {
    font-size: 0.8125rem;
    color: var(--_dash-text-muted);
  }

  /* An opened row's invoices stay within the visible width, whatever the scroll. */
  .invoices-wrap {
    position: sticky;
    inset-inline-start: 0;
    max-inline-size: calc(100cqi - 2 * var(--dash-aging-table-padding, var(--_dash-space)) - 2rem);
    /* A customer with hundreds of open invoices scrolls inside the row instead of pushing the page away. */
    max-block-size: 22rem;
    overflow: auto;
  }

  .invoices thead th {
    position: sticky;
    inset-block-start: 0;
    background: var(--_dash-neutral-surface);
  }

  .invoices th,
  .invoices td {
    padding: 0.25rem 0.5rem;
  }

  .invoices thead th {
    padding: 0.25rem 0.5rem;
  }

  .status {
    padding: 0 0.375rem;
    border-radius: 999px;
    font-size: 0.75rem;
    font-weight: 600;
  }

  .status--overdue {
    color: var(--_dash-bad);
    background: var(--_dash-bad-surface);
  }

  .status--current {
    color: var(--_dash-good);
    background: var(--_dash-good-surface);
  }

  /* Paper: every invoice, unscrolled. Here rather than in the table's print styles, which this sheet followed and overrode. */
  @media print {
    .invoices-wrap {
      position: static;
      max-inline-size: none;
      max-block-size: none;
      overflow: visible;
    }
  }
`;

export type InvoicesEntry =
  { status: 'loading' } | { status: 'done'; data: AgingInvoicesResponse } | { status: 'error'; error: unknown };

/** Bounds the cache: a user paging through thousands of customers must not keep every invoice list. */
const MAX_CACHED_CUSTOMERS = 200;

/** Invoice lists of one report (`asOf` + `basis`); a new report date starts a new cache. */
export class InvoiceCache {
  readonly #entries = new Map<string, InvoicesEntry>();
  #report = '';

  constructor(private readonly _onChange: () => void) {
    // The invoices' English texts come with this chunk (the built-in catalog leaves them out). Here rather than at
    // the top level, which a bundler may drop from a module package.json calls side-effect free.
    addEnglish(invoicesEn);
  }

  /** The entry for a customer under the given report date and basis, if fetched or fetching. */
  get(id: Id, asOf: string, basis: string): InvoicesEntry | undefined {
    return this.#report === `${asOf}|${basis}` ? this.#entries.get(String(id)) : undefined;
  }

  /** Fetches a customer's invoices unless they are cached (or on their way) for this report. */
  load(client: DashClient, id: Id, asOf: string, basis: 'due' | 'invoice'): void {
    const report = `${asOf}|${basis}`;
    if (report !== this.#report) {
      this.#entries.clear();
      this.#report = report;
    }
    const key = String(id);
    const known = this.#entries.get(key);
    if (known && known.status !== 'error') return;
    if (this.#entries.size >= MAX_CACHED_CUSTOMERS) this.#entries.clear();
    this.#entries.set(key, { status: 'loading' });
    this._onChange();
    const path = `v1/aging/customers/${encodeURIComponent(key)}/invoices`;
    client.getJson(path, { asOf, basis }, AgingInvoicesResponse).then(
      (data) => this.#settle(report, key, { status: 'done', data }),
      (error: unknown) => this.#settle(report, key, { status: 'error', error }),
    );
  }

  #settle(report: string, key: string, entry: InvoicesEntry): void {
    if (report !== this.#report) return;
    this.#entries.set(key, entry);
    this._onChange();
  }
}

/** The invoices' code as one aging table holds it. */
export interface Invoices {
  cache: InvoiceCache;
  render: typeof render;
}

/**
 * Sets the invoices up in one aging table: their styles adopted beside `base` (the table's own), and a cache
 * whose changes re-render `host`.
 */
export function attach(host: ReactiveElement, base: readonly CSSResultOrNative[]): Invoices {
  adoptStyles(host.renderRoot as ShadowRoot, [...base, styles]);
  return { cache: new InvoiceCache(() => host.requestUpdate()), render };
}

/** The invoices under an opened row: loading, an error with Retry, or their table. */
export function render(
  name: string,
  entry: InvoicesEntry | undefined,
  format: FormatContext,
  onRetry: () => void,
): TemplateResult {
  if (!entry || entry.status === 'loading') {
    return html`<p class="invoices-note" role="status">${msg(format.locale, 'loadingInvoices', { name })}</p>`;
  }
  if (entry.status === 'error') {
    return renderError(entry.error, {
      what: msg(format.locale, 'invoicesWhat', { name }),
      locale: format.locale,
      onRetry,
    });
  }
  const { invoices } = entry.data;
  const t = (key: MessageKey) => msg(format.locale, key);
  if (invoices.length === 0) return html`<p class="invoices-note">${msg(format.locale, 'noInvoices', { name })}</p>`;
  const count = (n: number) => numberFormat(format.locale, {}).format(n);
  return html`
    <div class="invoices-wrap" role="region" aria-label=${msg(format.locale, 'invoicesOf', { name })} tabindex="0">
      <table part="invoices" class="invoices">
        <caption class="sr-only">
          Open invoices of ${name}
        </caption>
        <thead>
          <tr>
            <th scope="col">${t('invoice')}</th>
            <th scope="col">${t('issued')}</th>
            <th scope="col">${t('due')}</th>
            <th scope="col" class="num">${t('amountDue')}</th>
            <th scope="col" class="num">${t('daysOverdue')}</th>
            <th scope="col">${t('status')}</th>
          </tr>
        </thead>
        <tbody>
          ${invoices.map(
            (inv) => html`
              <tr>
                <th scope="row">${inv.number}</th>
                <td>${formatDate(inv.issuedOn, format.locale)}</td>
                <td>${formatDate(inv.dueOn, format.locale)}</td>
                <td class="num">${formatValue(inv.amountDue, 'currency', format)}</td>
                <td class="num">
                  ${inv.daysOverdue > 0 ? count(inv.daysOverdue) : nothing}${
                    inv.daysOverdue > 0 ? nothing : html`<span class="muted">not yet due</span>`
                  }
                </td>
                <td>
                  <span class="status status--${inv.status}"
                    >${t(inv.status === 'overdue' ? 'overdue' : 'current')}</span
                  >
                </td>
              </tr>
            `,
          )}
        </tbody>
      </table>
    </div>
  `;
}
