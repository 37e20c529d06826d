/** `GET {base}/v1/low-stock?limit&offset`: products at or below their reorder level, most urgent first. */
import { LowStockParams } from '../../src/contract/index.js';
import { reportRoute } from './report.js';

export const lowStockRoute = reportRoute({
  name: 'lowStock',
  pattern: 'v1/low-stock',
  schema: LowStockParams,
  report: (state) => state.engine.lowStock,
});
