/**
 * Template pieces every data widget shares, so that errors, stale marks and
 * pagers read and look the same everywhere. Their styles live in `baseStyles`
 * (dash-element.ts): `.error`, `.retry`, `.stale`; and `panelStyles`
 * (panel.styles.ts): `.pager`.
 */
import { html, type TemplateResult } from 'lit';
import { ContractError, DashRequestError } from './client.js';
import { numberFormat } from './format.js';

/** Texts of the error state (one place, to move into a message catalog). */
const TEXT = {
  server: 'the server could not answer just now',
  network: 'the server could not be reached',
  denied: 'you do not have access to this data',
  contract: 'the server sent an answer this page cannot read',
} as const;

/**
 * The message of any thrown value, in words for the person looking at the page: a failing server, a lost
 * connection or an unreadable answer are said plainly (the technical reason goes to {@link errorDetail});
 * a setup mistake (an unknown metric, a missing `src`) and a refused parameter keep their own message.
 */
export function errorMessage(error: unknown): string {
  if (error instanceof DashRequestError) {
    const status = error.status;
    if (status === undefined || status === 0) return TEXT.network;
    if (status >= 500) return TEXT.server;
    if (status === 401 || status === 403) return TEXT.denied;
  }
  if (error instanceof ContractError) return TEXT.contract;
  return error instanceof Error ? error.message : String(error);
}

/** The technical reason of an error (status, server detail), for the error's tooltip and the console. */
export function errorDetail(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export interface ErrorOptions {
  /** What could not be loaded, e.g. "revenue" or "the aging report". */
  what: string;
  /** Whether older data stays on screen ("Could not refresh" rather than "Could not load"). */
  kept?: boolean | undefined;
  onRetry: () => void;
}

/**
 * The error state: the reason in words and a Retry button, announced through
 * `role="alert"`. Parts: `error`, `retry`.
 */
export function renderError(error: unknown, { what, kept, onRetry }: ErrorOptions): TemplateResult {
  return html`
    <div part="error" class="error" role="alert">
      <span title=${errorDetail(error)}
        >${kept ? 'Could not refresh' : 'Could not load'} ${what}: ${errorMessage(error)}</span
      >
      <button part="retry" class="retry" type="button" @click=${onRetry}>Retry</button>
    </div>
  `;
}

/**
 * A small "stale" mark for data the server kept while its source was
 * unreachable (`cache.stale`). Part: `stale`.
 */
export function renderStale(
  label = 'Stale',
  title = 'The server could not refresh this data; it may be out of date',
): TemplateResult {
  return html`<span part="stale" class="stale" title=${title}>${label}<span class="sr-only">: ${title}</span></span>`;
}

export interface PagerOptions {
  /** Position of the first shown row (0-based). */
  offset: number;
  /** Rows on this page. */
  shown: number;
  total: number;
  locale: string;
  /** Called with -1 (Previous) or 1 (Next). */
  onPage: (delta: -1 | 1) => void;
}

/**
 * "1–50 of 186" with Previous and Next, each disabled at its end (both on a
 * single page). Part: `pager`; styles in panelStyles (panel.styles.ts).
 */
export function renderPager({ offset, shown, total, locale, onPage }: PagerOptions): TemplateResult {
  const n = (v: number) => numberFormat(locale, {}).format(v);
  const last = Math.min(offset + shown, total);
  return html`
    <div part="pager" class="pager">
      <!-- Isolated numbers keep "1–50 of 186" in order inside right-to-left text. -->
      <span class="range" aria-live="polite"><bdi>${n(offset + 1)}–${n(last)}</bdi> of <bdi>${n(total)}</bdi></span>
      <button class="page action" type="button" ?disabled=${offset <= 0} @click=${() => onPage(-1)}>Previous</button>
      <button class="page action" type="button" ?disabled=${last >= total} @click=${() => onPage(1)}>Next</button>
    </div>
  `;
}
