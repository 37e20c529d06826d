/**
 * `v1/status`'s store and service: Redis when the server has a Redis URL
 * (so every instance shows the same pipelines), else in process; pipelines
 * from the options and the configuration file.
 */
import { PIPELINE_ID } from '../../src/contract/index.js';
import type { PipelineDef } from '../engine/metrics.js';
import type { Settings } from '../settings.js';
import { createRedisStatusStore } from '../status/redis.js';
import { createStatus, type Status } from '../status/status.js';
import { createMemoryStatusStore, type StatusStore } from '../status/store.js';
import type { Part } from './part.js';

/** ioredis reports every reconnection attempt; one line a minute says enough. */
const REDIS_ERROR_LOG_INTERVAL_MS = 60_000;

/** The declared pipelines: the options' first, then the config file's; a bad or repeated id is a TypeError naming it. */
export function declaredPipelines(
  fromOptions: readonly PipelineDef[] | undefined,
  fromConfig: readonly PipelineDef[] | undefined,
): PipelineDef[] {
  const all = [...(fromOptions ?? []), ...(fromConfig ?? [])];
  const seen = new Set<string>();
  for (const p of all) {
    if (!PIPELINE_ID.test(p.id))
      throw new TypeError(`pipelines: "${p.id}" is not an id of lowercase letters, digits, _ and -`);
    if (seen.has(p.id)) throw new TypeError(`pipelines: "${p.id}" is declared twice (options and config file?)`);
    seen.add(p.id);
  }
  return all;
}

export function openStatus(settings: Settings, pipelines: readonly PipelineDef[], live: boolean): Part<Status> {
  const { logger } = settings;
  let store: StatusStore;
  if (settings.redisUrl) {
    let lastLogged = -Infinity;
    store = createRedisStatusStore({
      url: settings.redisUrl,
      prefix: settings.redisPrefix,
      onError: (error) => {
        if (Date.now() - lastLogged < REDIS_ERROR_LOG_INTERVAL_MS) return;
        lastLogged = Date.now();
        logger.warn('redis status store error; serving status from this instance', { error: error.message });
      },
    });
  } else {
    store = createMemoryStatusStore();
  }
  return {
    part: createStatus({ store, pipelines, live, now: settings.now, locale: settings.locale }),
    close: () => store.close(),
  };
}
