/** `GET {base}/v1/aging?asOf&basis&buckets&sort&order&limit&offset&search&minAmount`: receivables aging. */
import { AgingParams } from '../../src/contract/index.js';
import { reportRoute } from './report.js';

export const agingRoute = reportRoute({
  name: 'aging',
  pattern: 'v1/aging',
  schema: AgingParams,
  report: (state) => state.engine.aging,
});
