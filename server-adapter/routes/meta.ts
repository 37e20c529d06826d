/** `GET {base}/v1/meta`: what this backend serves and how to label it. */
import { NoParams } from '../../src/contract/index.js';
import { reportRoute } from './report.js';

export const metaRoute = reportRoute({
  report: 'meta',
  pattern: 'v1/meta',
  schema: NoParams,
  // Meta follows the configuration, not the data: no topic invalidates it.
  topics: () => [],
  compute: (engine) => engine.meta(),
});
