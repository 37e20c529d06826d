/** `GET {base}/v1/meta`: what this backend serves and how to label it. */
import { NoParams } from '../../src/contract/index.js';
import { reportRoute } from './report.js';

export const metaRoute = reportRoute({
  name: 'meta',
  pattern: 'v1/meta',
  schema: NoParams,
  report: (state) => ({
    // Meta follows the configuration, not the data: no topic invalidates it.
    topics: () => [],
    // `live` is the server's to say: the engine knows metrics, not whether events are pushed.
    compute: async () => ({ ...state.engine.meta(), live: state.live }),
  }),
});
