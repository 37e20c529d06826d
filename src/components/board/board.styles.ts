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

  /* The export toolbar loads on demand: its row keeps the buttons' height from the first paint, so
     nothing below it moves when they arrive (a button is one line of 0.875rem text, 0.25rem padding
     and a 1px border, above and below). */
  .toolbar {
    grid-column: 1 / -1;
    font-size: 0.875rem;
    min-block-size: calc(1lh + 0.5rem + 2px);
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
`;
