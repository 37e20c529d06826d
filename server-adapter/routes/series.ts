/** `GET {base}/v1/series?metrics&range&from&to&granularity&compare`: gap-filled time series. */
import { SeriesParams } from '../../src/contract/index.js';
import { reportRoute } from './report.js';

export const seriesRoute = reportRoute({
  report: 'series',
  pattern: 'v1/series',
  schema: SeriesParams,
  topics: (engine, params) => engine.topicsFor('series', params),
  compute: (engine, params, scope) => engine.series(params, scope),
});
