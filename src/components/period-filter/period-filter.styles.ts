import { css } from 'lit';

export default css`
  .filter {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: var(--dash-period-filter-gap, 0.75rem);
    font-size: 0.875rem;
  }

  .radios {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem;
    padding: 0.25rem;
    background: var(--_dash-neutral-surface);
    border: 1px solid var(--_dash-border);
    border-radius: var(--_dash-radius);
  }

  .radio,
  select {
    font: inherit;
    color: var(--_dash-text);
    border-radius: calc(var(--_dash-radius) / 2);
    min-block-size: 2rem;
    padding-block: 0.25rem;
  }

  .radio {
    padding-inline: 0.625rem;
    background: transparent;
    border: 1px solid transparent;
    cursor: pointer;
    white-space: nowrap;
  }

  .radio:hover {
    border-color: var(--_dash-border);
  }

  .radio[aria-checked='true'] {
    font-weight: 600;
    background: var(--_dash-surface);
    border-color: var(--_dash-accent);
    box-shadow: inset 0 -2px 0 var(--_dash-accent);
  }

  .compare {
    display: inline-flex;
    align-items: center;
    gap: 0.375rem;
    color: var(--_dash-text-muted);
  }

  select {
    padding-inline: 0.5rem;
    background: var(--_dash-surface);
    border: 1px solid var(--_dash-border);
  }

  /* The last preset and "Custom" wrap together: "Custom" never sits alone on a row of its own. */
  .pair {
    display: inline-flex;
    gap: 0.25rem;
  }

  /* The current month or year in the board's calendar, beside its preset ("This month آذر"). */
  .hint {
    font-size: 0.85em;
    font-weight: normal;
  }
`;
