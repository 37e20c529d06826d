import { css } from 'lit';

export default css`
  :host {
    container-type: inline-size;
  }

  /*
   * One column exactly as wide as the card: an "auto" column would grow to the footer's unwrapped text
   * and carry the sparkline and the comparison past the card's edge.
   */
  .card {
    --_pad: var(--dash-stat-card-padding, var(--_dash-space));
    display: grid;
    grid-template-columns: minmax(0, 1fr);
    gap: 0.375rem;
    block-size: 100%;
    padding: var(--_pad);
    background: var(--_dash-surface);
    border: 1px solid var(--_dash-border);
    border-radius: var(--_dash-radius);
    /* The height of a loaded card, so that the error state takes the room the skeleton held. */
    min-block-size: calc(2 * var(--_pad) + 2px + 6.25rem + var(--_trend-row, 0rem) + var(--_footer-extra, 0rem));
    align-content: start;
  }

  /* The sparkline's row and the gap above it. */
  :host(:not([no-trend])) .card {
    --_trend-row: calc(0.375rem + var(--dash-stat-card-trend-height, 2rem));
  }

  .header {
    display: flex;
    align-items: center;
    justify-content: space-between;
    gap: 0.5rem;
    min-inline-size: 0;
  }

  /* Fixed line heights so the skeleton and the data take the same room: no layout jump. */
  .label {
    min-block-size: 1.25rem;
    font-size: 0.875rem;
    line-height: 1.25rem;
    color: var(--_dash-text-muted);
  }

  /*
   * The number stays on one line: its font shrinks when its characters (--_chars, set by the element)
   * at about 0.68em each (digits, separators and a currency sign, with room to spare) would not fit the card's inner width, e.g. rials with Persian digits in a narrow card.
   * In a <dash-stat-grid> the grid sets --_dash-stat-chars to its longest value: cards of one row (one width)
   * then share one size.
   */
  .value {
    min-inline-size: 0;
    min-block-size: 2.5rem;
    font-size: min(
      var(--dash-stat-card-value-size, 1.875rem),
      calc((100cqi - 2 * var(--_pad) - 2px) / (var(--_dash-stat-chars, var(--_chars, 8)) * 0.68))
    );
    font-weight: 600;
    line-height: 2.5rem;
    white-space: nowrap;
    font-variant-numeric: tabular-nums;
  }

  .card[aria-busy='true'] :is(.value, .trend) {
    opacity: 0.6;
  }

  /* The sparkline's row is always reserved (empty for point-in-time metrics): cards in a row align, nothing jumps. */
  .trend {
    display: block;
    inline-size: 100%;
    block-size: var(--dash-stat-card-trend-height, 2rem);
    overflow: visible;
  }

  /* One rule for every time axis (docs/widgets.md): right to left, time runs from right to left, as in the chart. */
  .card[dir='rtl'] svg.trend {
    transform: scaleX(-1);
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

  /*
   * The badge, and the comparison beside it or, when it does not fit there (German dates, a narrow card), on a line
   * of its own under it: never cut while a line of its own would hold it.
   */
  .footer {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.25rem 0.5rem;
    min-inline-size: 0;
    min-block-size: 1.5rem;
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
    flex: none;
  }

  .change--good {
    color: var(--_dash-good);
    background: var(--_dash-good-surface);
  }

  .change--bad {
    color: var(--_dash-bad);
    background: var(--_dash-bad-surface);
  }

  /* Cut short only when even a line of its own is too short; its title and the text read by screen readers keep it whole. */
  .comparison {
    min-inline-size: 0;
    overflow: hidden;
    text-overflow: ellipsis;
    white-space: nowrap;
    color: var(--_dash-text-muted);
  }

  .label.skeleton {
    inline-size: 8em;
    block-size: 0.875rem;
    min-block-size: 0;
    margin-block: 0.1875rem;
  }

  .value.skeleton {
    inline-size: 6em;
    block-size: 1.75rem;
    min-block-size: 0;
    margin-block: 0.375rem;
    font-size: 1rem;
  }

  .trend.skeleton {
    opacity: 0.5;
  }

  .footer .skeleton {
    inline-size: 10em;
    block-size: 1rem;
  }

  /*
   * A narrow card: the comparison takes a line of its own under the badge instead of shrinking to "vs Sa…",
   * and the card reserves that line from the start (the skeleton too), so nothing jumps.
   */
  @container (max-width: 16rem) {
    .card {
      --_footer-extra: 1.375rem;
    }

    .comparison {
      flex-basis: 100%;
    }
  }
`;
