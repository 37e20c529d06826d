/**
 * `DashboardServerOptions` checked and with every default applied, once, at
 * construction: a typo fails `createDashboardServer`, not every request.
 */
import { type MonthDay, parseMonthDay } from './engine/calendars.js';
import type { Topic } from '../src/contract/index.js';
import { DEFAULT_REDIS_PREFIX } from './cache/redis.js';
import type { CachePolicy, CacheStore } from './cache/types.js';
import { isValidTimeZone } from './engine/calendar.js';
import type { Source } from './sources/source.js';
import { DEFAULT_LOGGER, type Logger } from './logger.js';
import {
  type CachedReport,
  type DashboardServerOptions,
  DEFAULT_CURRENCY,
  DEFAULT_LOCALE,
  DEFAULT_STALE_SECONDS,
  DEFAULT_TIMEZONE,
  DEFAULT_TTL_SECONDS,
  MIN_INVALIDATE_SECRET_LENGTH,
  normalizeBasePath,
} from './options.js';

export interface Settings {
  basePath: string;
  logger: Logger;
  now: () => Date;
  /** Epoch milliseconds by the same clock, without a Date: `Date.now` unless the host pinned `now`. */
  clock: () => number;
  /** Whether the host passed its own clock (then every timer-like check reads it, tests included). */
  customClock: boolean;
  timezone: string;
  currency: string;
  locale: string;
  /** First day of the fiscal year, when there is one. */
  fiscalYearStart: MonthDay | undefined;
  /** Redis shared by the cache store and the bus, when one is configured. */
  redisUrl: string | undefined;
  /** Redis for the cache store only (`cache: { redisUrl }`), when it differs from the bus's. */
  cacheRedisUrl: string | undefined;
  redisPrefix: string;
  /** Where to LISTEN for NOTIFY invalidations, when asked to. */
  notify: { databaseUrl: string; channel?: string } | undefined;
  /** TTL, stale window and tags of one report's entries. */
  policy(report: CachedReport, tags: readonly Topic[]): CachePolicy;
}

export function isSource(value: DashboardServerOptions['source']): value is Source {
  return typeof value === 'object' && value !== null && typeof (value as Source).query === 'function';
}

export function isStore(value: DashboardServerOptions['cache']): value is CacheStore {
  return typeof value === 'object' && value !== null && typeof (value as CacheStore).get === 'function';
}

/** Reads a per-report number option. */
function perReport(
  value: number | Partial<Record<CachedReport, number>> | undefined,
  report: CachedReport,
  fallback: number,
): number {
  if (typeof value === 'number') return value;
  return value?.[report] ?? fallback;
}

/** Throws a TypeError or RangeError naming the option at fault. */
export function resolveSettings(options: DashboardServerOptions): Settings {
  const timezone = options.timezone ?? DEFAULT_TIMEZONE;
  if (!isValidTimeZone(timezone)) throw new RangeError(`timezone: unknown IANA time zone ${JSON.stringify(timezone)}`);
  if (options.seedDemo && options.source && !isSource(options.source)) {
    throw new TypeError('seedDemo: only an embedded database or a Source you pass can be seeded, never a databaseUrl');
  }
  const fiscalYearStart = options.fiscalYearStart === undefined ? undefined : parseMonthDay(options.fiscalYearStart);
  if (options.fiscalYearStart !== undefined && !fiscalYearStart) {
    throw new RangeError(
      `fiscalYearStart: expected MM-DD with a day from 01 to 28, such as 04-01, got ${JSON.stringify(options.fiscalYearStart)}`,
    );
  }
  const secret = options.invalidateSecret;
  if (secret !== undefined && secret.length < MIN_INVALIDATE_SECRET_LENGTH) {
    throw new TypeError(`invalidateSecret: expected at least ${MIN_INVALIDATE_SECRET_LENGTH} characters`);
  }
  const listen = options.listenNotify;
  const notifyUrl =
    typeof listen === 'object'
      ? listen.databaseUrl
      : listen && options.source && !isSource(options.source)
        ? options.source.databaseUrl
        : undefined;
  if (listen && !notifyUrl) {
    throw new TypeError(
      'listenNotify: needs a PostgreSQL database: source { databaseUrl } or listenNotify { databaseUrl }',
    );
  }
  const cacheRedisUrl =
    typeof options.cache === 'object' && !isStore(options.cache) ? options.cache.redisUrl : undefined;
  return {
    basePath: normalizeBasePath(options.basePath ?? ''),
    logger: options.logger ?? DEFAULT_LOGGER,
    now: options.now ?? (() => new Date()),
    clock: options.now ? () => options.now!().getTime() : Date.now,
    customClock: options.now !== undefined,
    timezone,
    currency: options.currency ?? DEFAULT_CURRENCY,
    locale: options.locale ?? DEFAULT_LOCALE,
    fiscalYearStart,
    redisUrl: options.redisUrl ?? cacheRedisUrl,
    cacheRedisUrl,
    redisPrefix: options.redisPrefix ?? DEFAULT_REDIS_PREFIX,
    notify: notifyUrl
      ? {
          databaseUrl: notifyUrl,
          ...(typeof listen === 'object' && listen.channel ? { channel: listen.channel } : {}),
        }
      : undefined,
    policy: (report, tags) => ({
      ttlSeconds: perReport(options.ttlSeconds, report, DEFAULT_TTL_SECONDS[report]),
      staleSeconds: perReport(options.staleSeconds, report, DEFAULT_STALE_SECONDS),
      tags,
    }),
  };
}
