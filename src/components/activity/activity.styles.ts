import { css } from 'lit';

export default css`
  .activity {
    --_dash-highlight: var(--dash-activity-highlight, color-mix(in srgb, var(--_dash-accent) 8%, transparent));
    padding: var(--dash-activity-padding, var(--_dash-space));
  }

  ol {
    margin: 0;
    padding: 0;
    list-style: none;
    font-size: 0.8125rem;
    color: var(--_dash-text-muted);
  }

  li {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    gap: 0.125rem 0.5rem;
    padding: 0.5rem 0.25rem;
    border-block-end: 1px solid var(--_dash-border);
  }

  b {
    color: var(--_dash-text);
    font-weight: 600;
  }

  li > button {
    padding: 0;
    /* A hit target above the 24 px minimum. */
    min-block-size: 1.5rem;
    font: inherit;
    color: var(--_dash-accent);
    background: none;
    border: 0;
    text-decoration: underline;
    cursor: pointer;
  }

  .facts {
    display: flex;
    gap: 0.5rem;
    margin-inline-start: auto;
    font-variant-numeric: tabular-nums;
    white-space: nowrap;
  }

  .status {
    padding: 0 0.375rem;
    border-radius: 999px;
    background: var(--_dash-neutral-surface);
  }

  .action {
    justify-self: center;
  }

  .skeleton {
    block-size: 10rem;
  }
`;
