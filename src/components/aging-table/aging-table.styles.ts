import { css } from 'lit';

export default css`
  .aging {
    padding: var(--dash-aging-table-padding, var(--_dash-space));
  }

  .header {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 0.5rem 1rem;
  }

  .heading {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0.25rem 0.75rem;
  }

  .controls {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem;
  }

  .search {
    display: inline-flex;
    align-items: center;
    gap: 0.5rem;
    font-size: 0.8125rem;
    color: var(--_dash-text-muted);
  }

  input[type='search'] {
    font: inherit;
    font-size: 0.875rem;
    inline-size: 12rem;
    max-inline-size: 100%;
    padding: 0.25rem 0.5rem;
    color: var(--_dash-text);
    background: var(--_dash-surface);
    border: 1px solid var(--_dash-border);
    border-radius: calc(var(--_dash-radius) / 2);
  }

  .summary {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem 1.5rem;
    margin: 0;
    min-block-size: 2.5rem;
    font-size: 0.875rem;
  }

  .summary div {
    display: grid;
  }

  .summary dt {
    font-size: 0.75rem;
    color: var(--_dash-text-muted);
  }

  .summary dd {
    margin: 0;
    font-weight: 600;
    font-variant-numeric: tabular-nums;
  }

  .summary--skeleton .skeleton {
    inline-size: 60%;
    block-size: 2rem;
  }

  .bad {
    color: var(--_dash-bad);
  }

  th,
  td {
    white-space: nowrap;
    vertical-align: baseline;
  }

  .main > thead th {
    padding: 0;
  }

  /* The customer and the overdue amount (the column the table is sorted by) stay in view at either edge while
     the buckets scroll sideways between them on a narrow screen (aging-rows.ts marks their cells). */
  .pin {
    position: sticky;
    inset-inline: 0 auto;
    z-index: 1;
    background: var(--_dash-surface);
  }

  .pin-end {
    inset-inline: auto 0;
  }

  .sort,
  .expand {
    display: inline-flex;
    align-items: center;
    gap: 0.25rem;
    inline-size: 100%;
    font: inherit;
    color: inherit;
    background: none;
    border: 0;
    cursor: pointer;
    text-align: inherit;
  }

  .sort {
    padding: 0.375rem 0.5rem;
    font-weight: 600;
  }

  th.num .sort {
    justify-content: flex-end;
  }

  .sort-icon {
    display: inline-block;
    inline-size: 0.75em;
  }

  .sort-icon--asc::after {
    content: '▲';
  }

  .sort-icon--desc::after {
    content: '▼';
  }

  .sort-icon::after {
    font-size: 0.625rem;
  }

  .expand {
    padding: 0;
    /* A hit target above the 24 px minimum. */
    min-block-size: 1.75rem;
    text-align: start;
    white-space: normal;
    min-inline-size: 7rem;
  }

  .name {
    display: flex;
    align-items: center;
    gap: 0.25rem;
  }

  .name .expand {
    flex: 1;
  }

  /* A funnel: filters the board by this customer. */
  .drill {
    flex: none;
    inline-size: 1.5rem;
    block-size: 1.5rem;
    padding: 0;
    color: var(--_dash-text-muted);
    background: none;
    border: 1px solid transparent;
    border-radius: 999px;
    cursor: pointer;
  }

  .drill::before {
    content: '';
    display: block;
    margin: auto;
    inline-size: 0.75rem;
    block-size: 0.75rem;
    background: currentColor;
    clip-path: polygon(0 0, 100% 0, 62% 45%, 62% 100%, 38% 85%, 38% 45%);
  }

  .drill:hover,
  .drill[aria-pressed='true'] {
    color: var(--_dash-accent);
    border-color: currentColor;
  }

  /* Drawn, not a glyph: '▸' sat low and left a wide gap in its 1em box; this one centres on the name's line. */
  .chevron {
    flex: none;
    inline-size: 0.5rem;
    block-size: 0.625rem;
    background: currentColor;
    clip-path: polygon(0 0, 100% 50%, 0 100%);
    transition: transform 0.15s;
  }

  .chevron:dir(rtl) {
    transform: scaleX(-1);
  }

  .row--open .chevron {
    transform: rotate(90deg);
  }

  .total {
    font-weight: 600;
  }

  .details > td {
    padding: 0.25rem 0.5rem 0.75rem;
    padding-inline-start: 1.5rem;
    background: var(--_dash-neutral-surface);
  }

  .empty {
    padding-block: 2rem;
    white-space: normal;
  }

  .table-skeleton {
    display: grid;
    gap: 0.625rem;
    padding-block: 0.5rem;
  }

  .table-skeleton .skeleton {
    block-size: 1.125rem;
  }

  /* Paper: the whole table, every opened row, no controls, no scrolling box. */
  @media print {
    .aging {
      border: 0;
      padding: 0;
    }

    .controls,
    .retry,
    .chevron,
    .sort-icon {
      display: none;
    }

    /* Every column on the page: smaller type, tighter cells, headers and names may wrap. */
    table {
      font-size: 8pt;
    }

    th,
    td,
    .sort {
      padding: 0.125rem 0.25rem;
    }

    thead th,
    .expand {
      white-space: normal;
    }

    .expand {
      min-inline-size: 0;
    }

    .pin {
      position: static;
    }

    thead {
      display: table-header-group;
    }

    tr {
      break-inside: avoid;
    }

    .details > td {
      background: none;
    }
  }
`;
