/**
 * The demo's one write endpoint, `POST /demo/activity`, behind the demo page's
 * "Simulate activity" switch: one business event ({@link simulateActivity}) in
 * the embedded demo database, then `invalidate(topics)` so every live widget
 * refetches what changed. `dashkit serve` mounts it only in demo mode (PGlite
 * seeded with demo data), never against a host's own database.
 */
import type { Topic } from '../../../src/contract/index.js';
import { simulateActivity } from '../../demo/activity.js';
import type { Rng } from '../../demo/random.js';
import { ForbiddenError, HttpError, MethodNotAllowedError } from '../../errors.js';
import type { Source } from '../../sources/source.js';

/** Where the page posts; outside any base path the contract can be mounted at (`/v1/…` always follows it). */
export const DEMO_ACTIVITY_PATH = '/demo/activity';

/** What one event was, for the page's activity log. */
export type DemoActivityKind = 'order' | 'payment' | 'restock';

export interface DemoActivityResponse {
  kind: DemoActivityKind;
  /** Topics the event touched and that were invalidated, sorted. */
  topics: Topic[];
  /** When it happened (ISO 8601). */
  at: string;
}

export interface DemoActivityOptions {
  /** The demo database (the one the dashboard server was seeded into). */
  source: Source;
  /** The dashboard server's `invalidate`: drops cached reports and tells `v1/events` clients. */
  invalidate: (topics: readonly Topic[]) => Promise<number>;
  timezone: string;
  /** @default Math.random */
  rng?: Rng;
  /** @default () => new Date() */
  now?: () => Date;
}

function kindOf(topics: readonly Topic[]): DemoActivityKind {
  if (topics.includes('orders')) return 'order';
  return topics.includes('invoices') ? 'payment' : 'restock';
}

/**
 * A cross-site page must not be able to write into the demo (CSRF): browsers
 * send `Origin` on every POST, and it has to be this server's own.
 * `Sec-Fetch-Site`, when sent, must agree.
 */
function sameOrigin(request: Request): boolean {
  const origin = request.headers.get('origin');
  if (origin === null || origin !== new URL(request.url).origin) return false;
  const site = request.headers.get('sec-fetch-site');
  return site === null || site === 'same-origin';
}

/**
 * The `POST /demo/activity` route: answers that path (405 for other methods,
 * 403 from another origin) and `undefined` for every other path. Events run
 * one at a time, so two quick clicks never race for the next id.
 *
 * @example
 * const activity = demoActivityRoute({ source, invalidate: (t) => dashboard.invalidate(t), timezone: 'UTC' });
 * const handler = async (request) => (await activity(request)) ?? dashboard.fetch(request);
 */
export function demoActivityRoute(options: DemoActivityOptions): (request: Request) => Promise<Response | undefined> {
  const rng = options.rng ?? Math.random;
  const now = options.now ?? (() => new Date());
  let queue: Promise<unknown> = Promise.resolve();
  return async (request) => {
    if (new URL(request.url).pathname !== DEMO_ACTIVITY_PATH) return undefined;
    if (request.method !== 'POST') return new MethodNotAllowedError(['POST']).toResponse(DEMO_ACTIVITY_PATH);
    if (!sameOrigin(request)) {
      return new ForbiddenError('POST /demo/activity is accepted from the demo page only (same origin)').toResponse(
        DEMO_ACTIVITY_PATH,
      );
    }
    const run = queue.then(async (): Promise<DemoActivityResponse> => {
      const at = now();
      const topics = await simulateActivity(options.source, { timezone: options.timezone, now: at, rng });
      await options.invalidate(topics);
      return { kind: kindOf(topics), topics, at: at.toISOString() };
    });
    queue = run.catch(() => {});
    try {
      return new Response(JSON.stringify(await run), {
        headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return new HttpError(500, 'Internal Server Error', `the demo event failed: ${reason}`).toResponse(
        DEMO_ACTIVITY_PATH,
      );
    }
  };
}
