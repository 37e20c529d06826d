/**
 * `GET v1/events`: Server-Sent Events telling widgets what to refetch.
 *
 * Wire format, per connection:
 *   id: <n>\nretry: <ms>\n\n                          first: the reconnect hint, and the current id
 *   id: <n>\nevent: invalidate\ndata: {"topics":[…],"at":"…"}\n\n   per bus event
 *   : heartbeat\n\n                                   every heartbeatSeconds, so proxies keep the line open
 *
 * Cheap per client: the stream holds ONE bus subscription for all its clients
 * (from creation to `close()`, so ids count events even while nobody is
 * connected) and ONE heartbeat timer, running only while a client is; an
 * event is encoded once and the same bytes are queued to every client.
 *
 * Ids increase by one per bus event on this server. Events are not replayed:
 * a widget that reconnects has refetched nothing it missed, so when its
 * `Last-Event-ID` is not this server's current id (events happened while it
 * was away, the server restarted, or a load balancer moved it to another
 * instance) it gets at once one `invalidate` with every topic and refetches
 * everything. The first frame carries the current id (an `id:` field with no
 * data sets EventSource's lastEventId without firing an event), so even a
 * widget that never saw an event reconnects with a `Last-Event-ID`.
 *
 * Topics are not scoped: an event says only that some table changed, never
 * whose rows; each widget's refetch goes through its own scope.
 */
import type { Topic } from '../../src/contract/index.js';
import { TOPICS } from '../../src/contract/index.js';
import type { Scope } from '../auth/scope.js';
import { scopeKey } from '../auth/scope.js';
import { HttpError, UnavailableError } from '../errors.js';
import { DEFAULT_LOGGER, type Logger } from '../logger.js';
import type { InvalidationBus, InvalidationEvent } from './types.js';

/** Well under the 30–120 s idle timeouts of common proxies and load balancers. */
export const DEFAULT_HEARTBEAT_SECONDS = 15;
/** EventSource's reconnect delay after a dropped connection: quick, without a reconnect storm after a restart. */
export const DEFAULT_RETRY_MS = 3000;
/**
 * Open streams per server. Each holds a socket and a small queue, so a
 * thousand costs a few MB; past that an instance is better scaled out than
 * stretched (see `npm run bench`).
 */
export const DEFAULT_MAX_CLIENTS = 1000;
/**
 * Open streams per subject (a token's `sub`, else its row filters: one
 * customer): a person's tabs and devices, not an instance's every slot. A
 * scope naming nobody (no auth, or an admin token without `sub`) is bounded
 * by `maxClients` only.
 */
export const DEFAULT_MAX_CLIENTS_PER_SUBJECT = 20;
/**
 * Frames queued for a client that stopped reading before it is dropped; it
 * reconnects, and then refetches everything (see Last-Event-ID above).
 */
export const MAX_QUEUED_FRAMES = 100;

export interface EventStreamOptions {
  bus: InvalidationBus;
  /** Seconds between heartbeat comments; fractions allowed (tests). @default DEFAULT_HEARTBEAT_SECONDS */
  heartbeatSeconds?: number;
  /** The `retry:` hint in ms. @default DEFAULT_RETRY_MS */
  retryMs?: number;
  /** Connected clients beyond which a new one gets 503. @default DEFAULT_MAX_CLIENTS */
  maxClients?: number;
  /** Connected clients of one subject beyond which its next gets 429. @default DEFAULT_MAX_CLIENTS_PER_SUBJECT */
  maxPerSubject?: number;
  logger?: Logger;
}

export interface EventStream {
  /**
   * The `text/event-stream` response for one client, or a 503 problem+json
   * with Retry-After when `maxClients` are connected (or after `close()`),
   * or a 429 with Retry-After when this scope's subject has `maxPerSubject`.
   * The stream ends when `request.signal` aborts or the body is cancelled;
   * a node:http adapter must do one of them when the socket closes.
   * `scope` is the caller's, already authorised (see the note on topics above).
   */
  handle(request: Request, scope: Scope): Response;
  /** Clients connected now. */
  clients(): number;
  /** Subjects with at least one stream open now. */
  subjects(): number;
  /** Ends every stream and unsubscribes from the bus. Idempotent; later requests get 503. */
  close(): void;
}

interface Client {
  controller: ReadableStreamDefaultController<Uint8Array>;
  /** Forgets the client and ends its stream; `discard` errors it instead, freeing frames it never read. */
  cleanup: (discard?: boolean) => void;
}

const encoder = new TextEncoder();
const HEARTBEAT = encoder.encode(': heartbeat\n\n');

function invalidateFrame(id: number, topics: readonly Topic[], at: string): Uint8Array {
  return encoder.encode(`id: ${id}\nevent: invalidate\ndata: ${JSON.stringify({ topics, at })}\n\n`);
}

/** Whose streams count together: the token's subject, else its row filters (one customer), else nobody's. */
function subjectOf(scope: Scope): string | undefined {
  if (scope.subject !== undefined) return `sub:${scope.subject}`;
  if (Object.keys(scope.filters).length > 0) return `scope:${scopeKey(scope)}`;
  return undefined;
}

/**
 * @example
 * const events = createEventStream({ bus });
 * // in the handler, for GET {base}/v1/events:
 * return events.handle(request, await authorize(request));
 */
export function createEventStream(options: EventStreamOptions): EventStream {
  const { bus } = options;
  const heartbeatSeconds = options.heartbeatSeconds ?? DEFAULT_HEARTBEAT_SECONDS;
  const retryMs = options.retryMs ?? DEFAULT_RETRY_MS;
  const maxClients = options.maxClients ?? DEFAULT_MAX_CLIENTS;
  const logger = options.logger ?? DEFAULT_LOGGER;
  if (!(heartbeatSeconds > 0) || !Number.isFinite(heartbeatSeconds)) {
    throw new TypeError(`heartbeatSeconds: expected a positive number, got ${heartbeatSeconds}`);
  }
  if (!Number.isInteger(retryMs) || retryMs < 0)
    throw new TypeError(`retryMs: expected an integer ≥ 0, got ${retryMs}`);
  if (!Number.isInteger(maxClients) || maxClients < 1) {
    throw new TypeError(`maxClients: expected an integer ≥ 1, got ${maxClients}`);
  }
  const maxPerSubject = options.maxPerSubject ?? DEFAULT_MAX_CLIENTS_PER_SUBJECT;
  if (!Number.isInteger(maxPerSubject) || maxPerSubject < 1) {
    throw new TypeError(`maxPerSubject: expected an integer ≥ 1, got ${maxPerSubject}`);
  }
  const retryAfterSeconds = Math.max(1, Math.ceil(retryMs / 1000));

  const clients = new Set<Client>();
  /** Streams open per subject key (see `subjectOf`); only subjects with one or more. */
  const perSubject = new Map<string, number>();
  let lastId = 0;
  let closed = false;
  let heartbeat: ReturnType<typeof setInterval> | undefined;

  function broadcast(frame: Uint8Array): void {
    for (const client of [...clients]) send(client, frame);
  }

  function send(client: Client, frame: Uint8Array): void {
    const { controller } = client;
    if ((controller.desiredSize ?? 0) < -MAX_QUEUED_FRAMES) {
      logger.warn('event-stream client stopped reading; disconnecting it', { queued: -(controller.desiredSize ?? 0) });
      client.cleanup(true);
      return;
    }
    try {
      controller.enqueue(frame);
    } catch {
      // The stream was closed under us (the consumer went away): forget the client.
      client.cleanup();
    }
  }

  const unsubscribe = bus.subscribe((event: InvalidationEvent) => {
    lastId += 1;
    if (clients.size > 0) broadcast(invalidateFrame(lastId, event.topics, event.at));
  });

  /** The heartbeat runs only while someone listens. */
  function attach(): void {
    if (!heartbeat) {
      heartbeat = setInterval(() => broadcast(HEARTBEAT), heartbeatSeconds * 1000);
      heartbeat.unref?.();
    }
  }

  function detachIfIdle(): void {
    if (clients.size > 0) return;
    if (heartbeat) clearInterval(heartbeat);
    heartbeat = undefined;
  }

  function refuse(detail: string): Response {
    return new UnavailableError(detail, retryAfterSeconds).toResponse();
  }

  return {
    handle(request, scope) {
      if (closed) return refuse('the event stream is shut down');
      const subject = subjectOf(scope);
      const mine = subject === undefined ? 0 : (perSubject.get(subject) ?? 0);
      if (mine >= maxPerSubject) {
        // That caller's doing, not the instance's load: 429, and every other subject still connects.
        return new HttpError(
          429,
          'Too Many Requests',
          `${mine} event streams of yours are open (at most ${maxPerSubject}); close one, or retry later`,
          { 'retry-after': String(retryAfterSeconds) },
        ).toResponse();
      }
      if (clients.size >= maxClients) {
        return refuse(`too many event-stream clients (${maxClients} connected); retry later`);
      }
      if (subject !== undefined) perSubject.set(subject, mine + 1);

      const lastEventId = request.headers.get('last-event-id');
      let client: Client | undefined;
      const stream = new ReadableStream<Uint8Array>(
        {
          start(controller) {
            let done = false;
            const onAbort = () => current.cleanup();
            const current: Client = {
              controller,
              cleanup(discard = false) {
                if (done) return;
                done = true;
                clients.delete(current);
                if (subject !== undefined) {
                  const left = (perSubject.get(subject) ?? 1) - 1;
                  if (left > 0) perSubject.set(subject, left);
                  else perSubject.delete(subject);
                }
                request.signal.removeEventListener('abort', onAbort);
                try {
                  if (discard) controller.error(new Error('event-stream client stopped reading'));
                  else controller.close();
                } catch {
                  // Already closed or errored: nothing left to release.
                }
                detachIfIdle();
              },
            };
            client = current;
            clients.add(current);
            attach();
            controller.enqueue(encoder.encode(`id: ${lastId}\nretry: ${retryMs}\n\n`));
            if (lastEventId !== null && lastEventId !== String(lastId)) {
              controller.enqueue(invalidateFrame(lastId, TOPICS, new Date().toISOString()));
            }
            if (request.signal.aborted) current.cleanup();
            else request.signal.addEventListener('abort', onAbort, { once: true });
          },
          cancel() {
            client?.cleanup();
          },
        },
        new CountQueuingStrategy({ highWaterMark: 1 }),
      );

      return new Response(stream, {
        status: 200,
        headers: {
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-cache, no-transform',
          // nginx buffers proxied responses by default, which would hold events back until the buffer fills.
          'x-accel-buffering': 'no',
        },
      });
    },

    clients: () => clients.size,

    subjects: () => perSubject.size,

    close() {
      if (closed) return;
      closed = true;
      for (const client of [...clients]) client.cleanup();
      unsubscribe();
      detachIfIdle();
    },
  };
}
