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

  /* Nothing loaded yet: the error holds the room of a row of cards, so the page does not jump. */
  .grid--empty + .error {
    margin-block-start: 0;
    min-block-size: calc(2 * var(--dash-stat-card-padding, var(--_dash-space)) + 2px + 8.625rem);
    padding: var(--_dash-space);
    border: 1px dashed var(--_dash-border);
    border-radius: var(--_dash-radius);
  }
`;
