/** `GET {base}/v1/activity?limit&before&kinds&filter`: what just happened, newest first, paged by a keyset cursor. */
import { ActivityParams } from '../../src/contract/index.js';
import { NotFoundInDataError } from '../engine/errors.js';
import { reportRoute } from './report.js';

export const activityRoute = reportRoute({
  name: 'activity',
  pattern: 'v1/activity',
  schema: ActivityParams,
  report: (state) =>
    state.engine.activity ?? {
      topics: () => {
        throw new NotFoundInDataError('this backend has no activity feed');
      },
      compute: () => Promise.reject(new NotFoundInDataError('this backend has no activity feed')),
    },
});
