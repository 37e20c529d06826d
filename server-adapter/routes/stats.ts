/** `GET {base}/v1/stats?metrics&range&from&to&compare`: headline values with comparison and trend. */
import { StatsParams } from '../../src/contract/index.js';
import { reportRoute } from './report.js';

export const statsRoute = reportRoute({
  report: 'stats',
  pattern: 'v1/stats',
  schema: StatsParams,
  topics: (engine, params) => engine.topicsFor('stats', params),
  compute: (engine, params, scope) => engine.stats(params, scope),
});
