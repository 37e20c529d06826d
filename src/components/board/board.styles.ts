import { css } from 'lit';
import { publicTokens } from '../../internal/dash-element.js';

// The theme reaches the widgets' shadow roots the only way styles can: custom
// properties (and `color-scheme`, for native controls such as date inputs)
// inherit. The board sets the public `--dash-color-*` tokens on itself, which
// every widget's private `--_dash-*` tokens read first. A host's own
// `dash-board { --dash-color-accent: … }` still wins: outer rules beat `:host`.
export default css`
  :host {
    container-type: inline-size;
  }

  :host([theme='light']),
  :host([theme='auto']) {
    ${publicTokens('light')}
    color-scheme: light;
  }

  :host([theme='dark']) {
    ${publicTokens('dark')}
    color-scheme: dark;
  }

  @media (prefers-color-scheme: dark) {
    :host([theme='auto']) {
      ${publicTokens('dark')}
      color-scheme: dark;
    }
  }

  .board {
    display: grid;
    grid-template-columns: repeat(var(--dash-board-columns, 12), minmax(0, 1fr));
    gap: var(--dash-board-gap, 1rem);
    background: var(--dash-board-background, transparent);
  }

  .filters {
    grid-column: 1 / -1;
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
  }

  .filters[hidden] {
    display: none;
  }

  .chip {
    display: inline-flex;
    align-items: center;
    gap: 0.375rem;
    padding: 0.125rem 0.75rem;
    font: inherit;
    font-size: 0.875rem;
    color: var(--_dash-text);
    background: var(--_dash-neutral-surface);
    border: 1px solid var(--_dash-border);
    border-radius: 999px;
    cursor: pointer;
  }

  .chip:hover {
    border-color: var(--_dash-accent);
  }

  ::slotted(*) {
    grid-column: 1 / -1;
    min-inline-size: 0;
  }

  .toolbar {
    grid-column: 1 / -1;
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
