/**
 * What the panel widgets (`<dash-chart>`, `<dash-aging-table>`,
 * `<dash-low-stock>`) share: the card, its title line, the small outlined
 * buttons, tables, the empty message and the pager. One sheet rather than a
 * copy in each element, so that they look alike and the bundle carries it once.
 *
 * Each element still sets its own padding (its `--dash-<element>-padding`).
 */
import { css } from 'lit';

export const panelStyles = css`
  :host {
    container-type: inline-size;
  }

  .panel {
    display: grid;
    gap: 0.75rem;
    min-inline-size: 0;
    background: var(--_dash-surface);
    border: 1px solid var(--_dash-border);
    border-radius: var(--_dash-radius);
  }

  .title {
    font-size: 1rem;
    font-weight: 600;
    line-height: 1.5rem;
  }

  .subtitle {
    font-size: 0.8125rem;
    color: var(--_dash-text-muted);
  }

  /* Small outlined buttons and links: Export CSV, Previous/Next, Show data table. */
  .action {
    display: inline-flex;
    align-items: center;
    /* A hit target above the 24 px minimum. */
    min-block-size: 1.75rem;
    font: inherit;
    font-size: 0.8125rem;
    line-height: 1.25rem;
    padding: 0.25rem 0.625rem;
    color: var(--_dash-accent);
    background: transparent;
    border: 1px solid var(--_dash-border);
    border-radius: calc(var(--_dash-radius) / 2);
    text-decoration: none;
    cursor: pointer;
  }

  /* Unmistakably off: greyed, flat and without the accent (disabled controls are exempt from contrast rules). */
  .action:disabled {
    color: var(--_dash-text-muted);
    background: var(--_dash-neutral-surface);
    border-color: transparent;
    opacity: 0.6;
    cursor: not-allowed;
  }

  /*
   * A table wider than its card scrolls sideways; a shadow on the edge with more columns behind it says so
   * (the two "local" covers scroll with the content and hide each shadow once its edge is reached).
   */
  .scroll {
    overflow-x: auto;
    min-inline-size: 0;
    background:
      linear-gradient(to right, var(--_dash-surface) 30%, transparent) left / 2.5rem 100% no-repeat local,
      linear-gradient(to left, var(--_dash-surface) 30%, transparent) right / 2.5rem 100% no-repeat local,
      radial-gradient(farthest-side at 0 50%, rgb(0 0 0 / 0.25), transparent) left / 0.75rem 100% no-repeat scroll,
      radial-gradient(farthest-side at 100% 50%, rgb(0 0 0 / 0.25), transparent) right / 0.75rem 100% no-repeat scroll;
  }

  table {
    inline-size: 100%;
    border-collapse: collapse;
    font-size: 0.8125rem;
    font-variant-numeric: tabular-nums;
  }

  th,
  td {
    padding: 0.375rem 0.5rem;
    border-block-end: 1px solid var(--_dash-border);
    text-align: start;
  }

  thead th {
    font-weight: 600;
    color: var(--_dash-text-muted);
  }

  tbody th {
    font-weight: 400;
  }

  .num {
    text-align: end;
    white-space: nowrap;
  }

  .empty {
    margin: 0;
    padding: 1.5rem 0.5rem;
    text-align: center;
    color: var(--_dash-text-muted);
    font-size: 0.875rem;
  }

  .pager {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: flex-end;
    gap: 0.5rem;
    font-size: 0.8125rem;
  }

  /* Arrows point the way the text reads: "← Previous", "Next →"; mirrored right to left. Hidden from screen readers. */
  .arrow {
    display: inline-block;
  }

  .arrow::before {
    content: '→';
  }

  .prev .arrow,
  .next:dir(rtl) .arrow {
    transform: scaleX(-1);
  }

  .prev:dir(rtl) .arrow {
    transform: none;
  }

  .range {
    margin-inline-end: auto;
    color: var(--_dash-text-muted);
    font-variant-numeric: tabular-nums;
  }

  @media print {
    .pager,
    .action {
      display: none;
    }

    .scroll {
      overflow: visible;
    }
  }
`;
