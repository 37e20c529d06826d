/**
 * `GET {base}/v1/status`: live state, the last change heard and the host's
 * data pipelines; and `POST {base}/v1/status/pipelines/{id}`, the webhook an
 * ETL job or sync calls to report a run (SPEC §7 "Status and freshness").
 *
 * The GET is authorised like a report (it is what `<dash-status>` reads) and
 * never cached: it is about now. The POST takes the invalidate secret, like
 * the invalidation webhook: 404 when the server has none, 401 without it,
 * then 404 for a pipeline nobody declared, then 400 naming each bad field.
 */
import {
  LocaleParams,
  type ParamError,
  PipelineRunRequest,
  RUN_STATUSES,
  type StatusResponse,
} from '../../src/contract/index.js';
import { BadRequestError, NotFoundError, UnauthorizedError, UnavailableError } from '../errors.js';
import { describeError } from '../logger.js';
import { RETRY_AFTER_SECONDS } from '../options.js';
import { RunReportError, UnknownPipelineError } from '../status/status.js';
import { readBody } from './body.js';
import type { HandlerRoute } from './context.js';
import { READ_METHODS } from './methods.js';
import { parseParams, uncachedJson } from './respond.js';

/** A run report is a few hundred bytes; a message is at most a thousand characters. */
export const MAX_RUN_BODY_BYTES = 16 * 1024;

const EXPECTED = `a JSON object {"status": ${RUN_STATUSES.map((s) => `"${s}"`).join(' | ')}, "at"?, "nextRunAt"?, "message"?}`;

export const statusRoute: HandlerRoute = {
  kind: 'handler',
  name: 'status',
  pattern: 'v1/status',
  methods: READ_METHODS,
  async handle(state, request) {
    const { locale } = parseParams(LocaleParams, request.url.searchParams);
    await request.scope();
    const digests = state.digests.ids.length ? await state.digests.status() : undefined;
    const body: StatusResponse = {
      ...(await state.status.read(locale)),
      ...(digests ? { digests } : {}),
      generatedAt: state.now().toISOString(),
      cache: { hit: false, ageSeconds: 0, stale: false, refreshFailed: false },
    };
    return uncachedJson(request.request, body);
  },
};

/** The fields at fault in a body that is not a valid run report, each named. */
function bodyErrors(value: unknown): ParamError[] {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return [{ param: 'status', message: `expected ${EXPECTED}` }];
  const result = PipelineRunRequest.safeParse(value);
  if (result.success) return [];
  const errors: ParamError[] = [];
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) errors.push({ param: key, message: `unknown field; expected ${EXPECTED}` });
      continue;
    }
    const param = String(issue.path[0] ?? 'status');
    const message =
      (value as Record<string, unknown>)[param] === undefined
        ? 'required'
        : issue.code === 'invalid_format'
          ? 'expected an ISO 8601 date and time with an offset, e.g. 2026-11-21T02:00:00Z'
          : issue.message;
    if (!errors.some((e) => e.param === param)) errors.push({ param, message });
  }
  return errors;
}

export const pipelineRunRoute: HandlerRoute = {
  kind: 'handler',
  name: 'pipelineRun',
  pattern: 'v1/status/pipelines/{id}',
  methods: ['POST'],
  async handle(state, { request, params }) {
    const verify = state.verifyInvalidateSecret;
    if (!verify) {
      throw new NotFoundError(
        'this server takes no pipeline reports; start it with an invalidate secret to enable them',
      );
    }
    if (!verify(request.headers.get('authorization'))) {
      throw new UnauthorizedError('send the invalidate secret as "Authorization: Bearer <secret>"');
    }
    const id = params.id ?? '';
    if (!state.status.has(id)) throw new NotFoundError(new UnknownPipelineError(id, state.status.ids).message);
    const text = await readBody(request, MAX_RUN_BODY_BYTES, EXPECTED);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw BadRequestError.param('status', `the body is not JSON; expected ${EXPECTED}`);
    }
    const errors = bodyErrors(value);
    if (errors.length > 0) throw new BadRequestError(errors);
    try {
      return uncachedJson(request, await state.status.report(id, value as PipelineRunRequest));
    } catch (error) {
      if (error instanceof RunReportError) throw new BadRequestError([...error.errors]);
      // The store (Redis) is down: the job should retry rather than have only this instance know.
      state.logger.warn('pipeline run not stored', { pipeline: id, error: describeError(error) });
      throw new UnavailableError('the status store is unreachable; report the run again shortly', RETRY_AFTER_SECONDS);
    }
  },
};
