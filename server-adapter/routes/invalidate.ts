/**
 * `POST {base}/v1/invalidate`: the webhook a host calls when its data changed
 * (a Django `post_save` signal, a Rails callback). `Authorization: Bearer
 * <invalidate secret>` and `{"topics": [...]}` → 202 `InvalidateResponse`.
 * Optional `"times": [...]` (the changed rows' time-column values, old and
 * new) or `"from"`/`"to"` say when the changed rows are, so the daily
 * rollups recompute only those days; without them anything may have changed.
 *
 * 404 when the server has no invalidate secret (the webhook does not exist
 * there), 401 without the right secret, 400 on a body that is not
 * `{"topics": [known topics]}`. The secret is checked before the body is read.
 */
import { InvalidateRequest, type InvalidateResponse, type ParamError, TOPICS } from '../../src/contract/index.js';
import { BadRequestError, NotFoundError, UnauthorizedError } from '../errors.js';
import { changedTimes, type ChangedTimes, TimesError } from '../live/times.js';
import { MAX_INVALIDATE_BODY_BYTES } from '../options.js';
import { readBody } from './body.js';
import type { HandlerRoute } from './context.js';
import { uncachedJson } from './respond.js';

const EXPECTED = `expected a JSON object {"topics": [...]} naming any of ${TOPICS.join(', ')}`;

/** The zod issues of an invalid body, as named parameters. */
function bodyErrors(value: unknown): ParamError[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return [{ param: 'topics', message: EXPECTED }];
  const result = InvalidateRequest.safeParse(value);
  if (result.success) return [];
  const errors: ParamError[] = [];
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys)
        errors.push({ param: key, message: 'unknown field; the body takes "topics", "times", "from" and "to"' });
      continue;
    }
    const at = issue.path.map(String);
    if (at[0] === 'times' || at[0] === 'from' || at[0] === 'to') {
      const item = at[1] === undefined ? '' : `item ${at[1]}: `;
      const given = at[1] === undefined ? (value as Record<string, unknown>)[at[0]] : undefined;
      const message =
        issue.code === 'too_big'
          ? `at most ${issue.maximum} times; send "from" and "to" instead`
          : at[0] === 'times' && at[1] === undefined
            ? 'expected an array of ISO 8601 instants with their offset (2026-03-03T10:15:00Z) or dates (2026-03-03)'
            : `${item}expected an ISO 8601 instant with its offset (2026-03-03T10:15:00Z) or a date (2026-03-03)${given === undefined ? '' : `, got ${JSON.stringify(given)}`}`;
      errors.push({ param: at[0], message });
      continue;
    }
    if (at[0] !== 'topics') continue;
    const index = at[1];
    const given = index === undefined ? undefined : (value as { topics: unknown[] }).topics[Number(index)];
    const message =
      issue.code === 'invalid_value'
        ? `expected any of ${TOPICS.join(', ')}, got ${JSON.stringify(given)}`
        : issue.code === 'too_small'
          ? 'name at least one topic'
          : issue.code === 'invalid_type' && index === undefined
            ? `expected an array of topics (${TOPICS.join(', ')})`
            : `${index === undefined ? '' : `item ${index}: `}${issue.message}`;
    errors.push({ param: 'topics', message });
  }
  return errors.length > 0 ? errors : [{ param: 'topics', message: EXPECTED }];
}

export const invalidateRoute: HandlerRoute = {
  kind: 'handler',
  name: 'invalidate',
  pattern: 'v1/invalidate',
  methods: ['POST'],
  async handle(state, { request }) {
    const verify = state.verifyInvalidateSecret;
    if (!verify) {
      throw new NotFoundError(
        'this server has no invalidation webhook; start it with an invalidate secret to enable it',
      );
    }
    if (!verify(request.headers.get('authorization'))) {
      throw new UnauthorizedError('send the invalidate secret as "Authorization: Bearer <secret>"');
    }
    const text = await readBody(request, MAX_INVALIDATE_BODY_BYTES, '{"topics": [...]}');
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw BadRequestError.param('topics', `the body is not JSON; ${EXPECTED}`);
    }
    const errors = bodyErrors(value);
    if (errors.length > 0) throw new BadRequestError(errors);
    const change = value as InvalidateRequest;
    const asked = change.topics;
    const topics = TOPICS.filter((topic) => asked.includes(topic));
    let times: ChangedTimes | undefined;
    try {
      times = changedTimes(change);
    } catch (error) {
      if (error instanceof TimesError)
        throw BadRequestError.param(error.param, error.message.slice(error.param.length + 2));
      throw error;
    }
    const dropped = await state.invalidate(topics, times);
    const answer: InvalidateResponse = { accepted: true, topics, dropped, at: state.now().toISOString() };
    return uncachedJson(request, answer, 202);
  },
};
