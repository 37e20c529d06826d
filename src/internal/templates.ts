/**
 * Template pieces every data widget shares, so that errors, stale marks and
 * pagers read and look the same everywhere. Their styles live in `baseStyles`
 * (dash-element.ts): `.error`, `.retry`, `.stale`; and `panelStyles`
 * (panel.styles.ts): `.pager`.
 */
import { html, type TemplateResult } from 'lit';
import { ContractError, DashRequestError } from './client.js';
import { numberFormat } from './format.js';
import { msg } from './i18n.js';

/**
 * The message of any thrown value, in words for the person looking at the page: a failing server, a lost
 * connection or an unreadable answer are said plainly (the technical reason goes to {@link errorDetail});
 * a setup mistake (an unknown metric, a missing `src`) and a refused parameter keep their own message.
 */
export function errorMessage(error: unknown, locale: string): string {
  if (error instanceof DashRequestError) {
    const status = error.status;
    // No status (0 or none): the request never got an answer.
    if (!status) return msg(locale, 'errNetwork');
    if (status >= 500) return msg(locale, 'errServer');
    if (status === 401 || status === 403) return msg(locale, 'errDenied');
  }
  return error instanceof ContractError ? msg(locale, 'errContract') : errorDetail(error);
}

/** The technical reason of an error (status, server detail), for the error's tooltip and the console. */
export function errorDetail(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export interface ErrorOptions {
  /** What could not be loaded, e.g. "revenue" or "the aging report" (in `locale`). */
  what: string;
  /** Locale of the message and the button. */
  locale: string;
  /** Whether older data stays on screen ("Could not refresh" rather than "Could not load"). */
  kept?: boolean | undefined;
  onRetry: () => void;
}

/**
 * The error state: the reason in words and a Retry button, announced through
 * `role="alert"`. Parts: `error`, `retry`.
 */
export function renderError(error: unknown, { what, locale, kept, onRetry }: ErrorOptions): TemplateResult {
  const text = msg(locale, kept ? 'refreshFailed' : 'loadFailed', { what, reason: errorMessage(error, locale) });
  return html`<div part="error" class="error" role="alert">
    <span title=${errorDetail(error)}>${text}</span>
    <button part="retry" class="retry" type="button" @click=${onRetry}>${msg(locale, 'retry')}</button>
  </div>`;
}

/**
 * A small "stale" mark for data the server kept while its source was
 * unreachable (`cache.stale`). Part: `stale`.
 */
export function renderStale(locale: string): TemplateResult {
  const label = msg(locale, 'stale');
  const title = msg(locale, 'staleTitle');
  return html`<span part="stale" class="stale" title=${title}>${label}<span class="sr-only">: ${title}</span></span>`;
}

export interface PagerOptions {
  /** Position of the first shown row (0-based). */
  offset: number;
  /** Rows on this page. */
  shown: number;
  total: number;
  locale: string;
  /** Called with -1 (Previous) or 1 (Next): the buttons' arrows point the reading way (mirrored right to left). */
  onPage: (delta: -1 | 1) => void;
}

/**
 * "1–50 of 186" with Previous and Next, each disabled at its end (both on a
 * single page). Part: `pager`; styles in panelStyles (panel.styles.ts).
 */
export function renderPager({ offset, shown, total, locale, onPage }: PagerOptions): TemplateResult {
  const n = (v: number) => numberFormat(locale, {}).format(v);
  const last = Math.min(offset + shown, total);
  const of = msg(locale, 'of');
  // Isolated numbers (bdi) keep "1–50 of 186" in order inside right-to-left text.
  return html`<div part="pager" class="pager">
    <span class="range" aria-live="polite"><bdi>${n(offset + 1)}–${n(last)}</bdi> ${of} <bdi>${n(total)}</bdi></span>
    <button class="page action prev" type="button" ?disabled=${offset <= 0} @click=${() => onPage(-1)}>
      <span class="arrow" aria-hidden="true"></span> ${msg(locale, 'previous')}
    </button>
    <button class="page action next" type="button" ?disabled=${last >= total} @click=${() => onPage(1)}>
      ${msg(locale, 'next')} <span class="arrow" aria-hidden="true"></span>
    </button>
  </div>`;
}
