/** `GET {base}/v1/segments?range&from&to`: customers split by revenue percentile. */
import { SegmentsParams } from '../../src/contract/index.js';
import { reportRoute } from './report.js';

export const segmentsRoute = reportRoute({
  report: 'segments',
  pattern: 'v1/segments',
  schema: SegmentsParams,
  topics: (engine, params) => engine.topicsFor('segments', params),
  compute: (engine, params, scope) => engine.segments(params, scope),
});
