/**
 * `dashkit serve` running: the dashboard server for a configuration, on
 * node:http, until SIGINT or SIGTERM. The server, its engine and drivers are
 * imported only here, so the CLI's help stays cheap to load.
 */
import { join } from 'node:path';
import { DEFAULT_ROLLUP_SCHEMA } from '../../engine/rollups/index.js';
import { listen, type Listening } from '../../node.js';
import { loadPg, loadPglite, MissingDependencyError } from '../../optional.js';
import { loadIoredis } from '../../redis.js';
import type { DashboardServerOptions } from '../../options.js';
import { createDashboardServer } from '../../server.js';
import { DEMO_BOARD } from '../../demo/board.js';
import type { Source } from '../../sources/source.js';
import { DEMO_PIPELINE, demoActivityRoute } from '../demo/activity-route.js';
import type { ServeConfig } from './args.js';
import { packageRoot } from '../package-root.js';
import { rollupOption, serveHandler, sourceLabel } from './app.js';

/**
 * Loads every driver the configuration needs before anything opens, so that
 * a missing one stops `serve` with one line naming the package to install
 * (a Redis store would otherwise start degraded and log it per request).
 */
export async function loadDrivers(config: ServeConfig): Promise<void> {
  if (config.databaseUrl) await loadPg();
  else await loadPglite();
  if (config.redisUrl) await loadIoredis();
}

/**
 * `dashkit doctor`'s checks on the tables this server reads, in the
 * background once it listens: each problem one warning line, with its fix.
 */
async function warnAboutTables(config: ServeConfig, databaseUrl: string): Promise<void> {
  const { runDoctor } = await import('../doctor/run.js');
  const result = await runDoctor({
    databaseUrl,
    timezone: config.timezone,
    rollups: config.rollups === false ? false : { schema: config.rollupSchema ?? DEFAULT_ROLLUP_SCHEMA },
    ...(config.configPath ? { configPath: config.configPath } : {}),
  });
  if ('error' in result) {
    process.stderr.write(`dashkit serve: warning: could not check the tables: ${result.error}\n`);
    return;
  }
  for (const line of result.lines) process.stderr.write(`dashkit serve: warning: ${line}\n`);
  if (result.lines.length > 0) {
    process.stderr.write(
      `dashkit serve: run \`npx dashkit doctor\` with the same options to check again after fixing\n`,
    );
  }
}

/** The server options of a `serve` configuration (`dashkit digest` takes the same flags). */
export function serverOptions(config: ServeConfig, demoSource: Source | undefined): DashboardServerOptions {
  return {
    ...(config.databaseUrl ? { source: { databaseUrl: config.databaseUrl } } : {}),
    ...(demoSource ? { source: demoSource } : {}),
    seedDemo: demoSource !== undefined,
    ...(config.redisUrl ? { redisUrl: config.redisUrl } : {}),
    timezone: config.timezone,
    currency: config.currency,
    locale: config.locale,
    ...(config.fiscalYearStart ? { fiscalYearStart: config.fiscalYearStart } : {}),
    basePath: config.basePath,
    ...(config.configPath ? { configPath: config.configPath } : {}),
    ...(config.jwtSecret || config.jwksUrl
      ? {
          jwt: {
            ...(config.jwtSecret ? { secret: config.jwtSecret } : {}),
            ...(config.jwksUrl ? { jwksUrl: config.jwksUrl } : {}),
          },
        }
      : {}),
    ...(config.invalidateSecret ? { invalidateSecret: config.invalidateSecret } : {}),
    ...(config.corsOrigins ? { corsOrigins: config.corsOrigins } : {}),
    ...(config.listenNotify ? { listenNotify: true } : {}),
    ...rollupOption(config),
    ...(config.maxStreams || config.maxStreamsPerSubject
      ? {
          events: {
            ...(config.maxStreams ? { maxClients: config.maxStreams } : {}),
            ...(config.maxStreamsPerSubject ? { maxPerSubject: config.maxStreamsPerSubject } : {}),
          },
        }
      : {}),
    // Demo mode simulates a sync pipeline beside the simulated activity.
    ...(demoSource || config.pipelines
      ? { pipelines: [...(demoSource ? [DEMO_PIPELINE] : []), ...(config.pipelines ?? [])] }
      : {}),
    ...(config.smtpUrl ? { smtpUrl: config.smtpUrl } : {}),
    ...(config.mailFrom ? { mailFrom: config.mailFrom } : {}),
    // The demo names its page as a board, so `v1/boards/demo/render.pdf` prints it.
    ...(demoSource ? { boards: { demo: DEMO_BOARD } } : {}),
  };
}

export async function start(config: ServeConfig): Promise<number> {
  try {
    await loadDrivers(config);
  } catch (error) {
    if (!(error instanceof MissingDependencyError)) throw error;
    process.stderr.write(`dashkit serve: ${error.message}\n`);
    return 1;
  }
  // Demo mode opens the embedded database itself: the page's "Simulate activity" writes into it.
  const demoSource =
    !config.databaseUrl && config.demo
      ? await (await import('../../sources/pglite.js')).createPgliteSource()
      : undefined;
  const dashboard = createDashboardServer(serverOptions(config, demoSource));
  const close = async () => {
    await dashboard.close();
    await demoSource?.close();
  };
  try {
    await dashboard.ready;
  } catch (error) {
    process.stderr.write(`dashkit serve: could not start: ${error instanceof Error ? error.message : String(error)}\n`);
    await close();
    return 1;
  }

  const root = packageRoot();
  const activity = demoSource
    ? demoActivityRoute({
        source: demoSource,
        invalidate: (topics) => dashboard.invalidate(topics),
        reportRun: (id, run) => dashboard.reportRun(id, run),
        timezone: config.timezone,
      })
    : undefined;
  const handler = serveHandler(dashboard, config, root ? join(root, 'dist') : undefined, activity);
  const label = sourceLabel(config);

  let listening: Listening;
  try {
    listening = await listen(
      {
        fetch: handler,
        close,
        endStreams: () => dashboard.endStreams(),
        // Fresh cache hits skip the Request/Response round trip; peek only answers contract routes, which nothing above claims.
        peek: dashboard.peek,
        peekHeaders: dashboard.peekHeaders,
      },
      { port: config.port, host: config.host },
    );
  } catch (error) {
    process.stderr.write(
      `dashkit serve: cannot listen on ${config.host}:${config.port}: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    await close();
    return 1;
  }
  // Which features are on, never the secrets themselves.
  const extras = [
    config.jwtSecret || config.jwksUrl
      ? `auth: jwt ${[config.jwtSecret && 'HS256', config.jwksUrl && 'RS256'].filter(Boolean).join('+')}`
      : undefined,
    config.invalidateSecret ? 'webhook: on' : undefined,
    config.listenNotify ? 'listen-notify: on' : undefined,
    config.pipelines ? `pipelines: ${config.pipelines.map((p) => p.id).join(', ')}` : undefined,
    (config.rollups ?? config.databaseUrl !== undefined)
      ? `rollups: ${config.rollupSchema ?? DEFAULT_ROLLUP_SCHEMA}`
      : undefined,
    config.corsOrigins
      ? `cors: ${config.corsOrigins.length} origin${config.corsOrigins.length === 1 ? '' : 's'}`
      : undefined,
    config.proxy ? `proxy: ${config.proxy}` : undefined,
  ].filter(Boolean);
  process.stdout.write(
    `dashkit serving ${listening.url} (source: ${label}, cache: ${config.redisUrl ? 'redis' : 'memory'}${extras.map((e) => `, ${e}`).join('')})\n`,
  );
  if (config.proxy) {
    process.stdout.write(
      `dashkit serve: open your app at ${listening.url}/ — ${config.basePath}/… is dashkit, everything else goes to ${config.proxy}\n`,
    );
  }
  if (config.databaseUrl) void warnAboutTables(config, config.databaseUrl);

  await new Promise<void>((resolveStop) => {
    const stop = () => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolveStop();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  await listening.close();
  return 0;
}
