import { css } from 'lit';

export default css`
  .low-stock {
    padding: var(--dash-low-stock-padding, var(--_dash-space));
  }

  .header {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0.25rem 0.75rem;
    min-block-size: 1.5rem;
  }

  .summary {
    font-size: 0.8125rem;
    font-weight: 600;
    color: var(--_dash-bad);
  }

  th,
  td {
    vertical-align: middle;
  }

  thead th {
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
    position: relative;
    display: block;
    flex: none;
    inline-size: 4rem;
    block-size: 0.5rem;
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

  /* The reorder level: the middle of the bar (it spans twice the level). */
  .tick {
    position: absolute;
    inset-block: -1px;
    inset-inline-start: calc(50% - 1px);
    inline-size: 2px;
    background: var(--_dash-text-muted);
  }

  .reorder {
    color: var(--_dash-text-muted);
    font-size: 0.8125rem;
  }

  .meter--low .fill {
    background: var(--_dash-warn);
  }

  .meter--out .fill {
    background: var(--_dash-bad);
  }

  .skeleton-rows {
    display: grid;
    gap: 0.75rem;
    padding-block: 0.5rem;
  }

  .skeleton-rows .skeleton {
    block-size: 1.75rem;
  }

  .badge--inline {
    display: none;
    margin-block-start: 0.25rem;
  }

  /*
   * A narrow card (a sidebar, a phone): the status joins the product cell and the bar gives way to its text; a
   * header may take two lines rather than be cut.
   */
  @container (max-width: 40rem) {
    thead th {
      white-space: normal;
    }

    .status-cell,
    .meter {
      display: none;
    }

    .badge--inline {
      display: inline-block;
    }

    .name {
      min-inline-size: 6rem;
    }
  }

  /* A phone: the reorder level under the quantity, so that every column fits without scrolling sideways. */
  @container (max-width: 26rem) {
    th,
    td {
      padding-inline: 0.375rem;
    }

    .stock {
      white-space: normal;
    }

    .reorder {
      display: block;
    }
  }
`;
