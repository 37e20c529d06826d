/** `GET {base}/v1/stats?metrics&range&from&to&compare`: headline values with comparison and trend. */
import { StatsParams } from '../../src/contract/index.js';
import { reportRoute } from './report.js';

export const statsRoute = reportRoute({
  name: 'stats',
  pattern: 'v1/stats',
  schema: StatsParams,
  report: (state) => state.engine.stats,
});
