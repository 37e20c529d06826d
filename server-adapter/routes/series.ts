/** `GET {base}/v1/series?metrics&range&from&to&granularity&compare`: gap-filled time series. */
import { SeriesParams } from '../../src/contract/index.js';
import { reportRoute } from './report.js';

export const seriesRoute = reportRoute({
  name: 'series',
  pattern: 'v1/series',
  schema: SeriesParams,
  report: (state) => state.engine.series,
});
