import { css } from 'lit';

export default css`
  .status {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.5rem 1rem;
    padding: var(--dash-status-padding, 0.5rem 1rem);
    font-size: 0.8125rem;
  }

  .live::before {
    content: '';
    display: inline-block;
    inline-size: 0.5rem;
    block-size: 0.5rem;
    margin-inline-end: 0.4rem;
    border-radius: 50%;
    background: var(--_dash-text-muted);
  }

  .open::before {
    background: var(--_dash-good);
  }

  .connecting::before,
  .reconnecting::before {
    background: var(--_dash-warn);
  }

  ul {
    display: flex;
    flex-wrap: wrap;
    gap: 0.25rem 1rem;
    margin: 0;
    padding: 0;
    list-style: none;
    color: var(--_dash-text-muted);
  }

  strong {
    color: var(--_dash-text);
    font-weight: 600;
  }

  .failed,
  .failed strong {
    color: var(--_dash-bad);
  }

  .late,
  .late strong {
    color: var(--_dash-warn);
  }

  .action {
    margin-inline-start: auto;
  }
`;
