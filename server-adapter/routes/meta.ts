/** `GET {base}/v1/meta`: what this backend serves and how to label it. */
import { NoParams } from '../../src/contract/index.js';
import { reportRoute } from './report.js';

export const metaRoute = reportRoute({
  report: 'meta',
  pattern: 'v1/meta',
  schema: NoParams,
  // Meta follows the configuration, not the data: no topic invalidates it.
  topics: () => [],
  // `live` is the server's to say: the engine knows metrics, not whether events are pushed.
  compute: (engine, _params, _scope, _path, state) => ({ ...engine.meta(), live: state.live }),
});
