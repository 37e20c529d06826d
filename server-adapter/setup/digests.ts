/**
 * Digests as a part of the server: the options' and the config file's
 * digests checked against the named boards, a store shared through Redis
 * when the server has one (one send per slot across instances), nodemailer
 * when `smtpUrl` is set, and the server renderer with the server's engine.
 * The renderer and the rasteriser are imported on a digest's first render
 * (nodemailer on its first send, see mail.ts): a server whose digests never
 * fire, or that declares none, never loads them.
 */
import type { Board } from '../../src/contract/index.js';
import { declaredDigests } from '../digests/config.js';
import { createDigests, type Digests } from '../digests/digests.js';
import { createMailer } from '../digests/mail.js';
import { createMemoryDigestStore, createRedisDigestStore, type DigestStore } from '../digests/store.js';
import type { Engine } from '../engine/types.js';
import type { DashboardServerOptions } from '../options.js';
import type { Settings } from '../settings.js';
import type { Part } from './part.js';

/** ioredis reports every reconnection attempt; one line a minute says enough. */
const REDIS_ERROR_LOG_INTERVAL_MS = 60_000;

export function openDigests(
  options: DashboardServerOptions,
  settings: Settings,
  parts: { engine: Engine; boards: ReadonlyMap<string, Board>; fromConfig: readonly unknown[] | undefined },
): Part<Digests> {
  const { logger } = settings;
  const list = declaredDigests(
    [...(options.digests ?? []), ...(parts.fromConfig ?? [])],
    parts.boards,
    settings.timezone,
  );
  if (options.smtpUrl && !options.mailFrom) throw new TypeError('mailFrom: required with smtpUrl (--mail-from)');
  const mailer = options.smtpUrl ? createMailer({ smtpUrl: options.smtpUrl, from: options.mailFrom! }) : undefined;
  let store: DigestStore;
  if (settings.redisUrl && list.length > 0) {
    let lastLogged = -Infinity;
    store = createRedisDigestStore({
      url: settings.redisUrl,
      prefix: settings.redisPrefix,
      onError: (error) => {
        if (Date.now() - lastLogged < REDIS_ERROR_LOG_INTERVAL_MS) return;
        lastLogged = Date.now();
        logger.warn('redis digest store error', { error: error.message });
      },
    });
  } else {
    store = createMemoryDigestStore();
  }
  const digests = createDigests({
    digests: list,
    boards: parts.boards,
    render: async (board, renderOptions) => {
      const { renderBoard } = await import('../render/index.js');
      return renderBoard(board, renderOptions, { engine: parts.engine, now: settings.now });
    },
    rasterize: async (svg) => (await import('../digests/rasterize.js')).rasterizeSvg(svg),
    mailer,
    store,
    logger,
    now: settings.now,
  });
  if (options.scheduleDigests !== false) digests.start();
  return {
    part: digests,
    close: async () => {
      digests.stop();
      mailer?.close();
      await store.close();
    },
  };
}
