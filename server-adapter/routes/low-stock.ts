/** `GET {base}/v1/low-stock?limit&offset`: products at or below their reorder level, most urgent first. */
import { LowStockParams } from '../../src/contract/index.js';
import { reportRoute } from './report.js';

export const lowStockRoute = reportRoute({
  report: 'lowStock',
  pattern: 'v1/low-stock',
  schema: LowStockParams,
  topics: (engine, params) => engine.topicsFor('lowStock', params),
  compute: (engine, params, scope) => engine.lowStock(params, scope),
});
