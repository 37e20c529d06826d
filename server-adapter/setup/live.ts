/**
 * Live updates: the invalidation bus (the host's, Redis pub/sub with a Redis
 * URL, else in-process) and the `v1/events` stream. Built at construction so
 * a bad event setting fails at once; LISTEN/NOTIFY is attached once ready.
 */
import { createLive, type Live } from '../live/invalidation.js';
import type { DashboardServerOptions } from '../options.js';
import type { Settings } from '../settings.js';
import type { Part } from './part.js';

export function openLive(options: DashboardServerOptions, settings: Settings): Part<Live> {
  const live = createLive({
    ...(options.bus ? { bus: options.bus } : {}),
    ...(settings.redisUrl ? { redisUrl: settings.redisUrl } : {}),
    redisPrefix: settings.redisPrefix,
    events: options.events ?? {},
    logger: settings.logger,
  });
  return { part: live, close: () => live.close() };
}
