/** `GET {base}/v1/segments?range&from&to`: customers split by revenue percentile. */
import { SegmentsParams } from '../../src/contract/index.js';
import { reportRoute } from './report.js';

export const segmentsRoute = reportRoute({
  name: 'segments',
  pattern: 'v1/segments',
  schema: SegmentsParams,
  report: (state) => state.engine.segments,
});
