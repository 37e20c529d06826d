/**
 * `GET {base}/v1/events`: Server-Sent Events (`invalidate` events and
 * heartbeats; wire format in live/sse.ts). Authorised like every report:
 * `EventSource` cannot send headers, so a widget authenticates with the
 * host's cookie (`withCredentials`) or a short-lived events token in
 * `?access_token=` (auth/credentials.ts, `createEventsToken`).
 */
import { BadRequestError, NotFoundError } from '../errors.js';
import type { HandlerRoute } from './context.js';
import { READ_METHODS } from './methods.js';

/** What HEAD answers: the stream's headers, without opening a stream. */
const STREAM_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
};

export const eventsRoute: HandlerRoute = {
  kind: 'handler',
  name: 'events',
  pattern: 'v1/events',
  methods: READ_METHODS,
  async handle(state, request) {
    if (!state.events) throw new NotFoundError('this server pushes no live events (meta.live is false)');
    // Like every endpoint, a parameter it does not take is a 400, not silently ignored.
    const unknown = [...new Set(request.url.searchParams.keys())].filter((key) => key !== state.eventsTokenParam);
    if (unknown.length > 0) {
      throw new BadRequestError(
        unknown.map((param) => ({
          param,
          message: state.eventsTokenParam
            ? `unknown parameter (v1/events takes only ${state.eventsTokenParam})`
            : 'unknown parameter (v1/events takes none)',
        })),
      );
    }
    // Authorise before opening the stream: a refused caller gets a 401/403 problem, not an empty stream.
    const scope = await request.scope();
    if (request.request.method === 'HEAD') return new Response(null, { status: 200, headers: STREAM_HEADERS });
    return state.events.handle(request.request, scope);
  },
};
