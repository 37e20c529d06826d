import { css } from 'lit';

export default css`
  /* Series colours are read in script (the --dash-chart-N tokens, else CHART_PALETTES in chart-view.ts): ECharts draws on a canvas. */
  .chart {
    gap: 0.5rem;
    padding: var(--dash-chart-padding, var(--_dash-space));
  }

  /* A fixed header height: the skeleton, the data and the toggle take the same room. */
  .header {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.25rem 0.75rem;
    min-block-size: 2rem;
  }

  .title.skeleton {
    inline-size: 10em;
    block-size: 1rem;
  }

  .subtitle {
    unicode-bidi: isolate;
  }

  .toggle {
    margin-inline-start: auto;
    padding-block: 0.125rem;
  }

  .frame {
    position: relative;
    block-size: var(--dash-chart-height, 280px);
    min-inline-size: 0;
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

  caption {
    text-align: start;
    font-weight: 600;
    padding-block-end: 0.25rem;
  }

  th,
  td {
    padding-block: 0.25rem;
    text-align: end;
    white-space: nowrap;
  }

  th:first-child {
    text-align: start;
  }

  thead th {
    min-inline-size: 6rem;
    white-space: normal;
    vertical-align: bottom;
  }

  /* A breakdown's "other" row: everyone outside the top N, set apart from the named contributors. */
  tr.other > * {
    font-style: italic;
  }

  .note {
    color: var(--_dash-text-muted);
  }
`;
