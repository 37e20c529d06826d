import { css } from 'lit';

export default css`
  .grid {
    display: grid;
    grid-template-columns: repeat(auto-fit, minmax(min(100%, var(--dash-stat-grid-min, 14rem)), 1fr));
    gap: var(--dash-stat-grid-gap, 1rem);
  }

  .error {
    margin-block-start: 0.5rem;
  }

  /*
   * Nothing loaded yet: the error holds the room of a row of cards, so the page does not jump, in a box like a
   * card's own error state (solid border, card surface, the message at the top).
   */
  .grid--empty + .error {
    --_pad: var(--dash-stat-card-padding, var(--_dash-space));
    margin-block-start: 0;
    min-block-size: calc(2 * var(--_pad) + 2px + 8.625rem);
    padding: var(--_pad);
    align-content: flex-start;
    align-items: flex-start;
    background: var(--_dash-surface);
    border: 1px solid var(--_dash-border);
    border-radius: var(--_dash-radius);
  }
`;
