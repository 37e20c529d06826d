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
    /* The height of a loaded card, so that the error state takes the room the skeleton held. */
    min-block-size: calc(2 * var(--dash-stat-card-padding, var(--_dash-space)) + 2px + 6.25rem);
    align-content: start;
  }

  :host(:not([no-trend])) .card {
    min-block-size: calc(
      2 * var(--dash-stat-card-padding, var(--_dash-space)) + 2px + 6.625rem + var(--dash-stat-card-trend-height, 2rem)
    );
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

  /*
   * The number stays on one line: its font shrinks when its characters (--_chars, set by the element)
   * at about 0.6em each would not fit the card's inner width, e.g. rials with Persian digits in a narrow card.
   */
  .value {
    min-width: 0;
    min-height: 2.5rem;
    font-size: min(
      var(--dash-stat-card-value-size, 1.875rem),
      calc((100cqi - 2 * var(--dash-stat-card-padding, var(--_dash-space)) - 2px) / (var(--_chars, 8) * 0.6))
    );
    font-weight: 600;
    line-height: 2.5rem;
    white-space: nowrap;
    font-variant-numeric: tabular-nums;
  }

  .card[aria-busy='true'] .value,
  .card[aria-busy='true'] .trend {
    opacity: 0.6;
  }

  /* The sparkline's row is always reserved (empty for point-in-time metrics): cards in a row align, nothing jumps. */
  .trend {
    display: block;
    inline-size: 100%;
    block-size: var(--dash-stat-card-trend-height, 2rem);
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

  .footer {
    display: flex;
    flex-wrap: nowrap;
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

  .change {
    flex: none;
  }

  .comparison {
    min-width: 0;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
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
    opacity: 0.5;
  }

  .footer .skeleton {
    width: 10em;
    height: 1rem;
  }
`;
