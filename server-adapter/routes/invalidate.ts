/**
 * `POST {base}/v1/invalidate`: the webhook a host calls when its data changed
 * (a Django `post_save` signal, a Rails callback). `Authorization: Bearer
 * <invalidate secret>` and `{"topics": [...]}` → 202 `InvalidateResponse`.
 *
 * 404 when the server has no invalidate secret (the webhook does not exist
 * there), 401 without the right secret, 400 on a body that is not
 * `{"topics": [known topics]}`. The secret is checked before the body is read.
 */
import { InvalidateRequest, type InvalidateResponse, type ParamError, TOPICS } from '../../src/contract/index.js';
import { BadRequestError, NotFoundError, UnauthorizedError } from '../errors.js';
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
      for (const key of issue.keys) errors.push({ param: key, message: 'unknown field; the body takes only "topics"' });
      continue;
    }
    const at = issue.path.map(String);
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
    const asked = (value as InvalidateRequest).topics;
    const topics = TOPICS.filter((topic) => asked.includes(topic));
    const dropped = await state.invalidate(topics);
    const body: InvalidateResponse = { accepted: true, topics, dropped, at: state.now().toISOString() };
    return uncachedJson(request, body, 202);
  },
};
