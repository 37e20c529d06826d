/** `GET {base}/v1/meta?locale`: what this backend serves and how to label it, in the request's locale. */
import { MetaParams } from '../../src/contract/index.js';
import { reportRoute } from './report.js';

export const metaRoute = reportRoute({
  name: 'meta',
  pattern: 'v1/meta',
  schema: MetaParams,
  report: (state) => ({
    // Meta follows the configuration, not the data: no topic invalidates it.
    topics: () => [],
    // `live` is the server's to say: the engine knows metrics, not whether events are pushed.
    compute: async (params) => ({ ...state.engine.meta(params.locale), live: state.live }),
  }),
});
