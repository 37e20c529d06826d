/**
 * The engine: the host's own, or the SQL engine over the source for the
 * definition (the host's, the config file's, or the built-in commerce one),
 * with its daily rollups built in the background.
 */
import { loadConfig } from '../engine/config.js';
import { createEngine } from '../engine/index.js';
import type { Definition } from '../engine/metrics.js';
import type { RollupOptions } from '../engine/rollups/index.js';
import type { Engine } from '../engine/types.js';
import type { Logger } from '../logger.js';
import type { DashboardServerOptions } from '../options.js';
import type { Settings } from '../settings.js';
import type { Source } from '../sources/source.js';
import { borrowed, type Part } from './part.js';

/** The definition from the options or the config file; throws DefinitionError on a bad one, before anything opens. */
export async function loadDefinition(options: DashboardServerOptions): Promise<Definition | undefined> {
  return options.definition ?? (options.configPath ? await loadConfig(options.configPath) : undefined);
}

/** The server's `rollups` option (not `false`) as engine settings: server logs instead of stderr lines. */
export function rollupOptions(value: true | RollupOptions | undefined, logger: Logger): RollupOptions {
  return {
    onError: (error) =>
      logger.warn('rollup refresh failed; serving from the raw tables', {
        error: error instanceof Error ? error.message : String(error),
      }),
    onRefresh: (info) => logger.info('rollup refreshed', { ...info }),
    ...(value === true ? { enabled: true } : (value ?? {})),
  };
}

/**
 * Why rollups could not start, in one line: a database user without CREATE
 * is the common case (a read-only role), and it gets the two ways out.
 */
export function rollupFailure(error: unknown): string {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  const text = typeof message === 'string' ? message : String(error);
  if (code === '42501') {
    return `${text}: the database user may not create the rollup tables; grant it CREATE on the rollup schema, or turn rollups off (rollups: false, --no-rollups) — until then every report reads the raw tables`;
  }
  return text;
}

export function openEngine(
  options: DashboardServerOptions,
  settings: Settings,
  definition: Definition | undefined,
  source: Source | undefined,
): Part<Engine> {
  if (options.engine) return borrowed(options.engine);
  if (!source) throw new TypeError('createDashboardServer: no source to build the engine on');
  const { timezone, currency, locale, fiscalYearStart, now, logger } = settings;
  const engine = createEngine({ source, timezone, currency, locale, fiscalYearStart, now }, definition, {
    ...(options.rollups === false ? {} : { rollups: rollupOptions(options.rollups, logger) }),
  });
  // Built in the background: requests read the raw tables until it is done, and a database
  // that refuses CREATE only means no rollups (logged), never a server that does not start.
  engine.rollups
    ?.start()
    .catch((error: unknown) => logger.warn('rollups unavailable', { error: rollupFailure(error) }));
  // Closed before the source (parts close in reverse): lets a rollup refresh finish.
  return { part: engine, close: () => engine.close() };
}
