import { css } from 'lit';

export default css`
  :host {
    container-type: inline-size;
  }

  .card {
    display: grid;
    gap: 0.375rem;
    min-width: 0;
    block-size: 100%;
    padding: var(--dash-stat-card-padding, var(--_dash-space));
    background: var(--_dash-surface);
    border: 1px solid var(--_dash-border);
    border-radius: var(--_dash-radius);
  }

  .header {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: 0.5rem;
    min-width: 0;
  }

  /* Fixed line heights so the skeleton and the data take the same room: no layout jump. */
  .label {
    min-height: 1.25rem;
    font-size: 0.875rem;
    line-height: 1.25rem;
    color: var(--_dash-text-muted);
  }

  .main {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: 0.75rem;
    min-width: 0;
  }

  .value {
    min-width: 0;
    min-height: 2.5rem;
    font-size: var(--dash-stat-card-value-size, 1.875rem);
    font-weight: 600;
    line-height: 2.5rem;
    font-variant-numeric: tabular-nums;
    overflow-wrap: anywhere;
  }

  .card[aria-busy='true'] .value,
  .card[aria-busy='true'] .trend {
    opacity: 0.6;
  }

  .trend {
    display: block;
    flex: none;
    inline-size: var(--dash-stat-card-trend-width, 6rem);
    block-size: 2.5rem;
    overflow: visible;
  }

  .trend-line {
    fill: none;
    stroke: var(--_dash-accent);
    stroke-width: 2;
    stroke-linejoin: round;
    stroke-linecap: round;
    vector-effect: non-scaling-stroke;
  }

  .trend-area {
    fill: var(--_dash-accent);
    opacity: 0.12;
  }

  /* Too narrow for the value and the sparkline side by side: the sparkline goes. */
  @container (max-width: 13rem) {
    .trend {
      display: none;
    }
  }

  .footer {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.25rem 0.5rem;
    min-height: 1.5rem;
    font-size: 0.8125rem;
    line-height: 1.25rem;
  }

  .change {
    display: inline-flex;
    align-items: center;
    gap: 0.25rem;
    padding: 0.0625rem 0.5rem;
    border-radius: 999px;
    font-weight: 600;
    font-variant-numeric: tabular-nums;
    color: var(--_dash-text);
    background: var(--_dash-neutral-surface);
  }

  .change--good {
    color: var(--_dash-good);
    background: var(--_dash-good-surface);
  }

  .change--bad {
    color: var(--_dash-bad);
    background: var(--_dash-bad-surface);
  }

  .comparison {
    color: var(--_dash-text-muted);
  }

  .label.skeleton {
    width: 8em;
    height: 0.875rem;
    min-height: 0;
    margin-block: 0.1875rem;
  }

  .value.skeleton {
    width: 6em;
    height: 1.75rem;
    min-height: 0;
    margin-block: 0.375rem;
    font-size: 1rem;
  }

  .trend.skeleton {
    block-size: 1.75rem;
  }

  .footer .skeleton {
    width: 10em;
    height: 1rem;
  }
`;
