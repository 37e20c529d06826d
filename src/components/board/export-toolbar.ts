/**
 * The board's export toolbar (`<dash-board export-menu>`): an Export menu
 * button (WAI-ARIA menu button: Enter, Space or the arrows open it, the arrows,
 * Home and End move, Escape closes) with PDF and PNG of the whole board —
 * built from the board's children and state, rendered by the server — and a
 * CSV of each table; and a Print button for the whole board.
 *
 * Loaded by the board on demand, so a page without `export-menu` never
 * downloads it.
 */
import { css, html, nothing, type ReactiveControllerHost, type TemplateResult } from 'lit';
import type { MetaResponse } from '../../contract/meta.js';
import type { DashFilter } from '../../events/filter-change.js';
import type { DashClient } from '../../internal/client.js';
import { msg } from '../../internal/i18n.js';
import { errorMessage } from '../../internal/templates.js';
// The aging table's on-demand download chunk: the one Blob saver, shared rather than a third file.
import { saveBlob } from '../aging-table/aging-download.js';
import { boardJson, csvExports, renderFilename, widgetsOf } from './board-export.js';

/** What the toolbar reads from the board beyond its public properties. */
export interface ExportContext {
  locale: string | undefined;
  currency: string | undefined;
  theme: 'light' | 'dark' | undefined;
  dimensions: MetaResponse['dimensions'];
}

/** The board as the toolbar sees it. */
export interface ExportHost extends ReactiveControllerHost, HTMLElement {
  readonly renderRoot: HTMLElement | DocumentFragment;
  readonly client: DashClient | undefined;
  readonly filters: DashFilter[];
  readonly range?: string | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly compare?: string | undefined;
  readonly filter?: string | undefined;
  exportContext(): ExportContext;
}

/**
 * The toolbar's styles, adopted by the board's shadow root beside its own once the toolbar has loaded,
 * with the board's print layout (what the Print button prints).
 */
export const styles = css`
  .toolbar {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem;
    justify-content: flex-end;
  }

  .toolbar .error {
    flex-basis: 100%;
  }

  .export {
    position: relative;
  }

  .menu-button,
  .print-button {
    font: inherit;
    font-size: 0.875rem;
    padding: 0.25rem 0.75rem;
    color: var(--_dash-text);
    background: var(--_dash-surface);
    border: 1px solid var(--_dash-border);
    border-radius: calc(var(--_dash-radius) / 2);
    cursor: pointer;
  }

  .menu-button[aria-busy='true'] {
    cursor: progress;
  }

  .menu {
    position: absolute;
    inset-inline-end: 0;
    z-index: 10;
    min-inline-size: 12rem;
    margin: 0.25rem 0 0;
    padding: 0.25rem 0;
    list-style: none;
    background: var(--_dash-surface);
    border: 1px solid var(--_dash-border);
    border-radius: calc(var(--_dash-radius) / 2);
    box-shadow: 0 4px 12px rgb(0 0 0 / 0.15);
  }

  [role='menuitem'] {
    padding: 0.375rem 0.75rem;
    color: var(--_dash-text);
    cursor: pointer;
    white-space: nowrap;
  }

  [role='menuitem']:hover,
  [role='menuitem']:focus {
    background: var(--_dash-neutral-surface);
    outline: 2px solid var(--_dash-accent);
    outline-offset: -2px;
  }

  /* Paper: every widget, one under another at the full width, none split across pages; no controls. */
  @media print {
    .toolbar,
    .filters {
      display: none;
    }

    .board {
      display: block;
    }

    ::slotted(*) {
      display: block;
      margin-block-end: 1rem;
      break-inside: avoid;
    }

    ::slotted(dash-aging-table),
    ::slotted(dash-activity) {
      break-inside: auto;
    }
  }

  /* On a narrow board every widget takes the full width, whatever span the host gave it. */
  @container (max-width: 40rem) {
    ::slotted(*) {
      grid-column: 1 / -1 !important;
    }
  }
`;

/** One entry of the export menu. */
interface ExportItem {
  label: string;
  run: (client: DashClient) => Promise<void>;
}

export class ExportToolbar {
  readonly #host: ExportHost;
  /** The export menu's entries while it is open. */
  #menu?: ExportItem[] | undefined;
  /** The export that failed (Retry runs it again) and why. */
  #failure?: { item: ExportItem; error: unknown } | undefined;
  #exporting = false;

  constructor(host: ExportHost) {
    this.#host = host;
  }

  /** Locale of the toolbar's text: the board's. */
  #locale(): string {
    return this.#host.exportContext().locale ?? navigator.language;
  }

  /** The board left the page: an open menu closes. */
  close(): void {
    this.#closeMenu(false);
  }

  /** The export menu's entries: the board rendered by the server, then each table's CSV. */
  #exportItems(): ExportItem[] {
    const widgets = widgetsOf(this.#host);
    const render = (format: 'pdf' | 'png'): ExportItem => ({
      label: format.toUpperCase(),
      run: async (client) => {
        const board = boardJson(widgetsOf(this.#host), {
          title: this.#host.getAttribute('aria-label') || document.title || 'Dashboard',
          range: this.#host.range,
          from: this.#host.from,
          to: this.#host.to,
          compare: this.#host.compare,
          filter: this.#host.filter,
        });
        const { locale, currency, theme } = this.#host.exportContext();
        const query = { locale, currency, theme };
        const blob = await client.postBlob!(`v1/render.${format}`, board, query);
        saveBlob(blob, renderFilename(board, format, new Date().toISOString().slice(0, 10)));
      },
    });
    const { dimensions } = this.#host.exportContext();
    const csv = csvExports(widgets, this.#host.filters, dimensions, this.#locale()).map((e) => ({
      label: e.label,
      run: async (client: DashClient) => saveBlob(await client.getBlob!(e.path, e.query), e.filename),
    }));
    return [...(this.#host.client?.postBlob ? [render('pdf'), render('png')] : []), ...csv];
  }

  async #runExport(item: ExportItem): Promise<void> {
    const client = this.#host.client;
    this.#closeMenu(true);
    if (!client) return;
    this.#failure = undefined;
    this.#host.requestUpdate();
    this.#exporting = true;
    this.#host.requestUpdate();
    try {
      await item.run(client);
    } catch (error) {
      this.#failure = { item, error };
      this.#host.requestUpdate();
    } finally {
      this.#exporting = false;
      this.#host.requestUpdate();
    }
  }

  /** Opens the menu with the keyboard on its first (or, with `last`, its last) entry. */
  async #openMenu(last = false): Promise<void> {
    this.#menu = this.#exportItems();
    this.#host.requestUpdate();
    await this.#host.updateComplete;
    const items = this.#menuItems();
    items[last ? items.length - 1 : 0]?.focus();
    addEventListener('pointerdown', this.#outside, true);
  }

  #closeMenu(refocus: boolean): void {
    if (!this.#menu) return;
    this.#menu = undefined;
    this.#host.requestUpdate();
    removeEventListener('pointerdown', this.#outside, true);
    if (refocus) this.#host.renderRoot.querySelector<HTMLElement>('.menu-button')?.focus();
  }

  #outside = (event: Event): void => {
    if (!event.composedPath().some((n) => n instanceof Element && n.classList.contains('export')))
      this.#closeMenu(false);
  };

  #menuItems(): HTMLElement[] {
    return [...this.#host.renderRoot.querySelectorAll<HTMLElement>('[role="menuitem"]')];
  }

  #onButtonKey = (event: KeyboardEvent): void => {
    if (!['Enter', ' ', 'ArrowDown', 'ArrowUp'].includes(event.key)) return;
    event.preventDefault();
    void this.#openMenu(event.key === 'ArrowUp');
  };

  #onMenuKey = (event: KeyboardEvent): void => {
    const items = this.#menuItems();
    const at = items.indexOf(event.composedPath()[0] as HTMLElement);
    const move = (i: number) => items[(i + items.length) % items.length]?.focus();
    switch (event.key) {
      case 'ArrowDown':
        move(at + 1);
        break;
      case 'ArrowUp':
        move(at - 1);
        break;
      case 'Home':
        move(0);
        break;
      case 'End':
        move(-1);
        break;
      case 'Escape':
        this.#closeMenu(true);
        break;
      case 'Tab':
        this.#closeMenu(false);
        return;
      default:
        return;
    }
    event.preventDefault();
  };

  render(): TemplateResult {
    const l = this.#locale();
    const menu = this.#menu;
    const failure = this.#failure;
    return html`<div part="toolbar" class="toolbar">
      <div class="export">
        <button
          class="menu-button"
          type="button"
          aria-haspopup="menu"
          aria-expanded=${menu ? 'true' : 'false'}
          aria-controls="export-menu"
          aria-busy=${this.#exporting ? 'true' : 'false'}
          @keydown=${this.#onButtonKey}
          @click=${() => (menu ? this.#closeMenu(true) : void this.#openMenu())}
        >
          ${msg(l, 'export')}<span aria-hidden="true"> ▾</span>
        </button>
        ${
          menu
            ? html`<ul
                id="export-menu"
                part="export-menu"
                class="menu"
                role="menu"
                aria-label=${msg(l, 'export')}
                @keydown=${this.#onMenuKey}
              >
                ${menu.map(
                  (item) =>
                    html`<li
                      role="menuitem"
                      tabindex="-1"
                      @click=${() => this.#runExport(item)}
                      @keydown=${(e: KeyboardEvent) => {
                        if (e.key !== 'Enter' && e.key !== ' ') return;
                        e.preventDefault();
                        void this.#runExport(item);
                      }}
                    >
                      ${item.label}
                    </li>`,
                )}
              </ul>`
            : nothing
        }
      </div>
      <button class="print-button" type="button" @click=${() => print()}>${msg(l, 'print')}</button>
      ${
        failure
          ? html`<div part="error" class="error" role="alert">
              <span
                >${msg(l, 'exportFailed', { what: failure.item.label, reason: errorMessage(failure.error, l) })}</span
              >
              <button part="retry" class="retry" type="button" @click=${() => this.#runExport(failure.item)}>
                ${msg(l, 'retry')}
              </button>
            </div>`
          : nothing
      }
    </div>`;
  }
}
