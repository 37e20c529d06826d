/**
 * The base every dashkit element extends: theme tokens, the light/dark
 * palette, and the small shared pieces (visually hidden text, skeleton
 * blocks, the error state, the focus ring) so that every widget looks and
 * reads alike.
 */
import { css, LitElement, unsafeCSS, type CSSResultGroup } from 'lit';
import { property } from 'lit/decorators.js';
import { PALETTE } from '../view/theme.js';
import { onMessagesChange } from './i18n.js';

export { PALETTE } from '../view/theme.js';

/** `--_dash-<name>: var(--dash-color-<name>, <value>)` for one side of the palette. */
function privateTokens(side: 1 | 2) {
  return unsafeCSS(PALETTE.map((row) => `--_dash-${row[0]}: var(--dash-color-${row[0]}, ${row[side]});`).join(''));
}

/** `--dash-color-<name>: <value>` for one side of the palette: what a board sets for its descendants. */
export function publicTokens(theme: DashTheme) {
  const side = theme === 'dark' ? 2 : 1;
  return unsafeCSS(PALETTE.map((row) => `--dash-color-${row[0]}: ${row[side]};`).join(''));
}

const darkTokens = privateTokens(2);

/**
 * Global theme tokens. Each element reads the private `--_dash-*` names, whose
 * fallbacks give the light theme; a host restyles everything by setting the
 * public `--dash-*` names on any ancestor.
 */
export const baseStyles = css`
  :host {
    ${privateTokens(1)}
    --_dash-radius: var(--dash-radius, 0.5rem);
    --_dash-space: var(--dash-space, 1rem);

    box-sizing: border-box;
    display: block;
    color: var(--_dash-text);
    font-family: var(--dash-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
  }

  @media (prefers-color-scheme: dark) {
    :host(:not([theme='light'])) {
      ${darkTokens}
    }
  }

  /*
   * color-scheme too, so native controls (date inputs, selects) match. Only for an explicit theme: under
   * prefers-color-scheme the page's own color-scheme (or a board's) is inherited and left alone.
   */
  :host([theme='dark']) {
    ${darkTokens}
    color-scheme: dark;
  }

  :host([hidden]) {
    display: none;
  }

  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }

  .sr-only {
    position: absolute;
    width: 1px;
    height: 1px;
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
  }

  .skeleton {
    display: block;
    border-radius: calc(var(--_dash-radius) / 2);
    background: var(--_dash-skeleton);
    animation: dash-pulse 1.5s ease-in-out infinite;
  }

  @keyframes dash-pulse {
    50% {
      opacity: 0.5;
    }
  }

  @media (prefers-reduced-motion: reduce) {
    .skeleton {
      animation: none;
    }
  }

  .error {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem;
    color: var(--_dash-bad);
    font-size: 0.875rem;
  }

  .retry {
    font: inherit;
    color: var(--_dash-text);
    background: var(--_dash-surface);
    border: 1px solid var(--_dash-border);
    border-radius: calc(var(--_dash-radius) / 2);
    padding: 0.125rem 0.625rem;
    min-block-size: 1.75rem;
    cursor: pointer;
  }

  .stale {
    display: inline-flex;
    align-items: center;
    padding: 0 0.375rem;
    border-radius: 999px;
    font-size: 0.75rem;
    line-height: 1.25rem;
    font-weight: 600;
    color: var(--_dash-warn);
    background: var(--_dash-warn-surface);
  }

  /* One focus ring for every control and scrollable region of every widget. */
  :focus-visible {
    outline: 2px solid var(--_dash-accent);
    outline-offset: 2px;
  }

  /*
   * Inside a scroll container (a table's region) a ring drawn outside the control would be cut by the
   * container's edge: there it is drawn inside the control, as is the ring of the scroll region itself.
   */
  .scroll :focus-visible,
  .scroll:focus-visible,
  table :focus-visible {
    outline-offset: -2px;
  }

  /* Windows High Contrast and other forced palettes: the system's colours for rings and placeholders. */
  @media (forced-colors: active) {
    :focus-visible {
      outline-color: Highlight;
    }

    .skeleton {
      background: GrayText;
    }
  }
`;

export type DashTheme = 'light' | 'dark';

/**
 * Shared base class. Subclasses compose styles as
 * `static override styles = [DashElement.styles, styles]`.
 */
export class DashElement extends LitElement {
  static override styles: CSSResultGroup = [baseStyles];

  /** Forces the light or dark palette; unset follows `prefers-color-scheme`. */
  @property({ reflect: true }) theme?: DashTheme;

  #unsubscribe?: () => void;

  // A catalog that arrives (or a host's `registerMessages`) re-renders every element in place.
  override connectedCallback(): void {
    super.connectedCallback();
    this.#unsubscribe = onMessagesChange(() => this.requestUpdate());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#unsubscribe?.();
  }
}
