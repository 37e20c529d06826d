/** `GET {base}/v1/aging?asOf&basis&buckets&sort&order&limit&offset&search&minAmount`: receivables aging. */
import { AgingParams } from '../../src/contract/index.js';
import { reportRoute } from './report.js';

export const agingRoute = reportRoute({
  report: 'aging',
  pattern: 'v1/aging',
  schema: AgingParams,
  topics: (engine, params) => engine.topicsFor('aging', params),
  compute: (engine, params, scope) => engine.aging(params, scope),
});
