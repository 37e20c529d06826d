import { css } from 'lit';

export default css`
  /* Series colours are read in script (the --dash-chart-N tokens, else CHART_PALETTES in chart.ts): ECharts draws on a canvas. */
  :host {
    container-type: inline-size;
  }

  .chart {
    display: grid;
    gap: 0.5rem;
    min-width: 0;
    padding: var(--dash-chart-padding, var(--_dash-space));
    background: var(--_dash-surface);
    border: 1px solid var(--_dash-border);
    border-radius: var(--_dash-radius);
  }

  /* A fixed header height: the skeleton, the data and the toggle take the same room. */
  .header {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.25rem 0.75rem;
    min-height: 2rem;
  }

  .title {
    font-size: 1rem;
    font-weight: 600;
    line-height: 1.5rem;
  }

  .title.skeleton {
    width: 10em;
    height: 1rem;
  }

  .subtitle {
    unicode-bidi: isolate;
    font-size: 0.8125rem;
    color: var(--_dash-text-muted);
  }

  .toggle {
    margin-inline-start: auto;
    font: inherit;
    font-size: 0.8125rem;
    color: var(--_dash-accent);
    background: transparent;
    border: 1px solid var(--_dash-border);
    border-radius: calc(var(--_dash-radius) / 2);
    padding: 0.125rem 0.625rem;
    cursor: pointer;
  }

  .toggle:disabled {
    color: var(--_dash-text-muted);
    cursor: default;
  }

  .toggle:focus-visible {
    outline: 2px solid var(--_dash-accent);
    outline-offset: 2px;
  }

  .frame {
    position: relative;
    height: var(--dash-chart-height, 280px);
    min-width: 0;
  }

  /*
   * ZRender measures and places text assuming left-to-right; an inherited rtl
   * direction makes the canvas draw it elsewhere (a clipped legend). Right-to-left
   * layout is done through the option instead (inverse axis, legend on the right).
   */
  .canvas {
    direction: ltr;
  }

  .canvas,
  .frame > .skeleton,
  .overlay {
    position: absolute;
    inset: 0;
  }

  .overlay {
    display: grid;
    place-items: center;
    padding: 1rem;
    text-align: center;
    color: var(--_dash-text-muted);
    font-size: 0.875rem;
  }

  .table-wrap:not(.sr-only) {
    overflow-x: auto;
  }

  .table-wrap:focus-visible {
    outline: 2px solid var(--_dash-accent);
    outline-offset: 2px;
  }

  table {
    width: 100%;
    border-collapse: collapse;
    font-size: 0.8125rem;
    font-variant-numeric: tabular-nums;
  }

  caption {
    text-align: start;
    font-weight: 600;
    padding-block-end: 0.25rem;
  }

  th,
  td {
    padding: 0.25rem 0.5rem;
    border-block-end: 1px solid var(--_dash-border);
    text-align: end;
    white-space: nowrap;
  }

  th:first-child {
    text-align: start;
  }

  thead th {
    min-width: 6rem;
    white-space: normal;
    vertical-align: bottom;
    color: var(--_dash-text-muted);
    font-weight: 600;
  }

  tbody th {
    font-weight: 400;
  }

  @media print {
    .toggle {
      display: none;
    }
  }
`;
