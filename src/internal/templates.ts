/**
 * Template pieces every data widget shares, so that errors and stale marks
 * read and look the same everywhere. Their styles live in `baseStyles`
 * (dash-element.ts): `.error`, `.retry`, `.stale`.
 */
import { html, type TemplateResult } from 'lit';

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
