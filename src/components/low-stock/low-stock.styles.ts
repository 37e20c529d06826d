import { css } from 'lit';

export default css`
  :host {
    container-type: inline-size;
  }

  .low-stock {
    display: grid;
    gap: 0.75rem;
    min-width: 0;
    padding: var(--dash-low-stock-padding, var(--_dash-space));
    background: var(--_dash-surface);
    border: 1px solid var(--_dash-border);
    border-radius: var(--_dash-radius);
  }

  .header {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0.25rem 0.75rem;
    min-height: 1.5rem;
  }

  .title {
    font-size: 1rem;
    font-weight: 600;
    line-height: 1.5rem;
  }

  .summary {
    font-size: 0.8125rem;
    font-weight: 600;
    color: var(--_dash-bad);
  }

  .scroll {
    overflow-x: auto;
    min-width: 0;
  }

  .scroll:focus-visible,
  .page:focus-visible {
    outline: 2px solid var(--_dash-accent);
    outline-offset: 2px;
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
    vertical-align: middle;
  }

  thead th {
    font-weight: 600;
    color: var(--_dash-text-muted);
    white-space: nowrap;
  }

  tbody th {
    font-weight: 400;
  }

  .num {
    text-align: end;
    white-space: nowrap;
  }

  .name {
    display: block;
    font-weight: 600;
  }

  .sku {
    display: block;
    font-size: 0.75rem;
    color: var(--_dash-text-muted);
  }

  .badge {
    display: inline-block;
    padding: 0 0.5rem;
    border-radius: 999px;
    font-size: 0.75rem;
    font-weight: 600;
    line-height: 1.25rem;
    white-space: nowrap;
  }

  .badge--out {
    color: var(--_dash-bad);
    background: var(--_dash-bad-surface);
  }

  .badge--low {
    color: var(--_dash-warn);
    background: var(--_dash-warn-surface);
  }

  .stock {
    display: flex;
    align-items: center;
    gap: 0.5rem;
    white-space: nowrap;
  }

  .meter {
    display: block;
    flex: none;
    inline-size: 4rem;
    block-size: 0.375rem;
    overflow: hidden;
    border-radius: 999px;
    background: var(--_dash-neutral-surface);
    box-shadow: inset 0 0 0 1px var(--_dash-border);
  }

  .fill {
    display: block;
    block-size: 100%;
    border-radius: inherit;
  }

  .meter--low .fill {
    background: var(--_dash-warn);
  }

  .meter--out .fill {
    background: var(--_dash-bad);
  }

  .empty {
    margin: 0;
    padding: 1.5rem 0.5rem;
    text-align: center;
    color: var(--_dash-text-muted);
    font-size: 0.875rem;
  }

  .skeleton-rows {
    display: grid;
    gap: 0.75rem;
    padding-block: 0.5rem;
  }

  .skeleton-rows .skeleton {
    block-size: 1.75rem;
  }

  .pager {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: flex-end;
    gap: 0.5rem;
    font-size: 0.8125rem;
  }

  .range {
    margin-inline-end: auto;
    color: var(--_dash-text-muted);
  }

  .page {
    font: inherit;
    font-size: 0.8125rem;
    padding: 0.25rem 0.625rem;
    color: var(--_dash-accent);
    background: transparent;
    border: 1px solid var(--_dash-border);
    border-radius: calc(var(--_dash-radius) / 2);
    cursor: pointer;
  }

  .page:disabled {
    color: var(--_dash-text-muted);
    cursor: default;
  }

  .badge--inline {
    display: none;
    margin-block-start: 0.25rem;
  }

  /* A narrow card (a sidebar, a phone): the status joins the product cell and the bar gives way to its text. */
  @container (max-width: 34rem) {
    .status-cell,
    .meter {
      display: none;
    }

    .badge--inline {
      display: inline-block;
    }

    .name {
      min-inline-size: 8rem;
    }
  }

  @media print {
    .pager {
      display: none;
    }

    .scroll {
      overflow: visible;
    }
  }
`;
