/**
 * {@link startDemoServer}: `dashkit serve` in demo mode, in-process, for the
 * demo page's end-to-end test and `npm run bench:page`.
 */
import { join } from 'node:path';
import { listen, type Listening } from '../../node.js';
import { DEMO_BOARD } from '../../demo/board.js';
import { createDashboardServer, type DashboardServer } from '../../server.js';
import { createPgliteSource } from '../../sources/pglite.js';
import { parseServeArgs, type ServeConfig } from '../serve/args.js';
import { packageRoot } from '../package-root.js';
import { serveHandler } from '../serve/app.js';
import { DEMO_PIPELINE, demoActivityRoute } from './activity-route.js';

export interface DemoServerOptions {
  /** @default 0 (any free port) */
  port?: number;
  /** @default '127.0.0.1' */
  host?: string;
  /** @default 'UTC' */
  timezone?: string;
  /** @default 'USD' */
  currency?: string;
  /** @default 'en-US' */
  locale?: string;
  /** The built package (`dist/`) whose `cdn/dashkit.js` the page loads. @default the package's own dist/ */
  dist?: string;
  /** The adapter's clock (cache freshness included), e.g. to let a quiet minute pass in a test. @default the system's */
  now?: () => Date;
}

export interface DemoServer extends Listening {
  dashboard: DashboardServer;
}

/**
 * `dashkit serve` in demo mode, in-process: PGlite seeded with the demo data,
 * the memory cache, the demo page at `/` with its activity endpoint, the
 * built bundles under `/dist/`. `close()` releases everything.
 *
 * @example
 * const demo = await startDemoServer();
 * await page.goto(demo.url);
 * await demo.close();
 */
export async function startDemoServer(options: DemoServerOptions = {}): Promise<DemoServer> {
  const parsed = parseServeArgs(['--port', String(options.port ?? 0)], {});
  if (!parsed.ok) throw new TypeError(parsed.error);
  const config: ServeConfig = {
    ...parsed.config,
    ...(options.host ? { host: options.host } : {}),
    ...(options.timezone ? { timezone: options.timezone } : {}),
    ...(options.currency ? { currency: options.currency } : {}),
    ...(options.locale ? { locale: options.locale } : {}),
  };
  const source = await createPgliteSource();
  const dashboard = createDashboardServer({
    source,
    seedDemo: true,
    timezone: config.timezone,
    currency: config.currency,
    locale: config.locale,
    pipelines: [DEMO_PIPELINE],
    ...(options.now ? { now: options.now } : {}),
    boards: { demo: DEMO_BOARD },
  });
  const close = async () => {
    await dashboard.close();
    await source.close();
  };
  try {
    await dashboard.ready;
    const root = packageRoot();
    const dist = options.dist ?? (root ? join(root, 'dist') : undefined);
    const activity = demoActivityRoute({
      source,
      invalidate: (t) => dashboard.invalidate(t),
      reportRun: (id, run) => dashboard.reportRun(id, run),
      timezone: config.timezone,
    });
    const handler = serveHandler(dashboard, config, dist, activity);
    const listening = await listen(
      { fetch: handler, peek: dashboard.peek, close, endStreams: () => dashboard.endStreams() },
      { port: config.port, host: config.host },
    );
    return { ...listening, dashboard };
  } catch (error) {
    await close();
    throw error;
  }
}
