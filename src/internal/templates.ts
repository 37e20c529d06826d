/**
 * Template pieces every data widget shares, so that errors, stale marks and
 * pagers read and look the same everywhere. Their styles live in `baseStyles`
 * (dash-element.ts): `.error`, `.retry`, `.stale`; and `panelStyles`
 * (panel.styles.ts): `.pager`.
 */
import { html, type TemplateResult } from 'lit';
import { numberFormat } from './format.js';

/** The message of any thrown value. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

export interface ErrorOptions {
  /** What could not be loaded, e.g. "revenue" or "the aging report". */
  what: string;
  /** Whether older data stays on screen ("Could not refresh" rather than "Could not load"). */
  kept: boolean;
  onRetry: () => void;
}

/**
 * The error state: the reason in words and a Retry button, announced through
 * `role="alert"`. Parts: `error`, `retry`.
 */
export function renderError(error: unknown, { what, kept, onRetry }: ErrorOptions): TemplateResult {
  return html`
    <div part="error" class="error" role="alert">
      <span>${kept ? 'Could not refresh' : 'Could not load'} ${what}: ${errorMessage(error)}</span>
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
