/**
 * The demo's one write endpoint, `POST /demo/activity`, behind the demo page's
 * "Simulate activity" switch: one business event ({@link simulateActivity}) in
 * the embedded demo database, then `invalidate(topics)` so every live widget
 * refetches what changed; and, every few events, a run of a simulated
 * accounting sync reported to `v1/status` ({@link DEMO_PIPELINE}), which
 * fails now and then and turns late when the switch goes off. `dashkit serve`
 * mounts it only in demo mode (PGlite seeded with demo data), never against a
 * host's own database.
 */
import type { PipelineRunRequest, Topic } from '../../../src/contract/index.js';
import { simulateActivity } from '../../demo/activity.js';
import type { PipelineDef } from '../../engine/metrics.js';
import type { Rng } from '../../demo/random.js';
import { ForbiddenError, HttpError, MethodNotAllowedError } from '../../errors.js';
import type { Source } from '../../sources/source.js';

/** Where the page posts; outside any base path the contract can be mounted at (`/v1/…` always follows it). */
export const DEMO_ACTIVITY_PATH = '/demo/activity';

/** The pipeline the demo declares and simulates. */
export const DEMO_PIPELINE: PipelineDef = Object.freeze({
  id: 'accounting-sync',
  label: Object.freeze({
    en: 'Accounting sync',
    fa: 'همگام‌سازی حسابداری',
    ar: 'مزامنة المحاسبة',
    de: 'Buchhaltungsabgleich',
    fr: 'Synchronisation comptable',
    es: 'Sincronización contable',
  }),
});

/**
 * Events per simulated sync run: the run starts on one event and ends on the
 * next, and promises the following start {@link SYNC_EVERY} events later.
 */
export const SYNC_EVERY = 5;
/** Every third run fails, so the page shows a failed pipeline within a minute. */
export const SYNC_FAILS_EVERY = 3;
/** What a failed run says. */
export const SYNC_FAILURE = 'QuickBooks API answered 503 Service Unavailable; will retry';

/** What one event was, for the page's activity log. */
export type DemoActivityKind = 'order' | 'payment' | 'restock';

export interface DemoActivityResponse {
  kind: DemoActivityKind;
  /** Topics the event touched and that were invalidated, sorted. */
  topics: Topic[];
  /** When it happened (ISO 8601). */
  at: string;
  /** The simulated sync's run reported with this event, if one was. */
  sync?: PipelineRunRequest['status'];
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
  /**
   * The dashboard server's `reportRun`: with it, every {@link SYNC_EVERY} events a run of
   * {@link DEMO_PIPELINE} is reported (the server must declare it).
   */
  reportRun?: (pipelineId: string, run: PipelineRunRequest) => Promise<unknown>;
  /** Milliseconds between two events of the page's switch, for the sync's promised next run. @default 2000 */
  intervalMs?: number;
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
  const interval = options.intervalMs ?? 2000;
  let queue: Promise<unknown> = Promise.resolve();
  let events = 0;
  let runs = 0;

  /** The sync's part of event `n`: a run starts on one, ends on the next (ok, or failed every third run). */
  async function sync(at: Date): Promise<PipelineRunRequest['status'] | undefined> {
    if (!options.reportRun) return undefined;
    const phase = events++ % SYNC_EVERY;
    if (phase > 1) return undefined;
    // The next start is due SYNC_EVERY events on; one interval more of slack, as events come a little late.
    const nextRunAt = new Date(at.getTime() + (SYNC_EVERY - phase + 1) * interval).toISOString();
    const run: PipelineRunRequest =
      phase === 0
        ? { status: 'running', at: at.toISOString() }
        : ++runs % SYNC_FAILS_EVERY === 0
          ? { status: 'failed', at: at.toISOString(), nextRunAt, message: SYNC_FAILURE }
          : { status: 'ok', at: at.toISOString(), nextRunAt };
    await options.reportRun(DEMO_PIPELINE.id, run);
    return run.status;
  }

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
      const status = await sync(at);
      return { kind: kindOf(topics), topics, at: at.toISOString(), ...(status ? { sync: status } : {}) };
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
