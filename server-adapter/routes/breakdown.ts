/** `GET {base}/v1/breakdown?metric&by&limit&range&from&to`: top-N contributors plus `other`. */
import { BreakdownParams } from '../../src/contract/index.js';
import { reportRoute } from './report.js';

export const breakdownRoute = reportRoute({
  name: 'breakdown',
  pattern: 'v1/breakdown',
  schema: BreakdownParams,
  report: (state) => state.engine.breakdown,
});
