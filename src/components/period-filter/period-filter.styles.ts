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
  .apply,
  select,
  input {
    font: inherit;
    color: var(--_dash-text);
    border-radius: calc(var(--_dash-radius) / 2);
  }

  .radio {
    min-block-size: 2rem;
    padding-block: 0.25rem;
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

  .compare,
  .field {
    display: inline-flex;
    align-items: center;
    gap: 0.375rem;
    color: var(--_dash-text-muted);
  }

  select,
  input {
    min-block-size: 2rem;
    padding-block: 0.25rem;
    padding-inline: 0.5rem;
    background: var(--_dash-surface);
    border: 1px solid var(--_dash-border);
  }

  input[aria-invalid='true'] {
    border-color: var(--_dash-bad);
  }

  .custom {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem 0.75rem;
    flex-basis: 100%;
    margin: 0;
  }

  .custom[hidden] {
    display: none;
  }

  .apply {
    min-block-size: 2rem;
    padding-block: 0.25rem;
    padding-inline: 0.875rem;
    font-weight: 600;
    color: var(--_dash-surface);
    background: var(--_dash-accent);
    border: 1px solid var(--_dash-accent);
    cursor: pointer;
  }

  .apply:disabled {
    color: var(--_dash-text-muted);
    background: var(--_dash-neutral-surface);
    border-color: var(--_dash-border);
    cursor: not-allowed;
  }

  .message {
    flex-basis: 100%;
    min-block-size: 1.25rem;
    margin: 0;
    color: var(--_dash-bad);
  }
`;
