/**
 * Options of `createDashboardServer`, and their defaults. Every default is an
 * exported constant so hosts and tests can refer to it by name.
 */
import type { Board } from '../src/contract/board.js';
import type { DigestConfig } from './digests/config.js';
import type { JwtAuthorizerOptions } from './auth/jwt.js';
import type { Authorize } from './auth/scope.js';
import type { CacheStore } from './cache/types.js';
import type { Definition, PipelineDef } from './engine/metrics.js';
import type { RollupOptions } from './engine/rollups/index.js';
import type { Engine } from './engine/types.js';
import type { InvalidationBus } from './live/types.js';
import type { ExportLimits } from './routes/export-gate.js';
import type { Logger } from './logger.js';
import type { Source } from './sources/source.js';

/** Reports whose answers are cached, each with its own time to live. */
export type CachedReport =
  'meta' | 'stats' | 'series' | 'breakdown' | 'segments' | 'aging' | 'agingInvoices' | 'lowStock' | 'activity';

/**
 * Seconds a computed report stays fresh. Meta only changes with the
 * configuration, so five minutes is cheap; KPIs and charts move with every
 * order, so a minute keeps them current without recomputing per page view;
 * aging moves with invoices and payments, which arrive in batches, so two
 * minutes; stock levels matter to whoever reorders, so a minute; the activity
 * feed is read for what just happened and a page is one indexed query of a few
 * dozen rows, so fifteen seconds.
 * `server.invalidate(topics)` drops entries early when the host knows data changed.
 */
export const DEFAULT_TTL_SECONDS: Readonly<Record<CachedReport, number>> = Object.freeze({
  meta: 300,
  stats: 60,
  series: 60,
  breakdown: 60,
  segments: 60,
  aging: 120,
  agingInvoices: 120,
  lowStock: 60,
  activity: 15,
});

/**
 * Seconds an expired entry may still be served, marked `stale: true`, while a
 * refresh runs in the background or while the database is unreachable. Ten
 * minutes rides out a database restart without showing an error, and is short
 * enough that nobody mistakes yesterday's numbers for today's.
 */
export const DEFAULT_STALE_SECONDS = 600;

/** In-process entries kept while Redis is unreachable: the hottest reports, not the whole cache. */
export const FALLBACK_MAX_ENTRIES = 500;

/** Dashboards are most often shared across offices; UTC is the one zone nobody has to guess. */
export const DEFAULT_TIMEZONE = 'UTC';
export const DEFAULT_CURRENCY = 'USD';
export const DEFAULT_LOCALE = 'en-US';
/** The contract is mounted at the root: `/v1/meta`, `/v1/stats`, … */
export const DEFAULT_BASE_PATH = '';
/** How long `v1/health` waits for `select 1` before calling the source down. */
export const HEALTH_QUERY_TIMEOUT_MS = 2000;
/** Seconds a client is told to wait (Retry-After) when the source is down and nothing stale exists. */
export const RETRY_AFTER_SECONDS = 5;

/** Largest webhook body read: a list of four topics fits in a hundred bytes. */
export const MAX_INVALIDATE_BODY_BYTES = 16 * 1024;
/** Shorter webhook secrets are guessable; `dashkit serve` and `createDashboardServer` refuse them. */
export const MIN_INVALIDATE_SECRET_LENGTH = 16;

export interface DashboardServerOptions {
  /**
   * Where the data lives: a `Source` you opened (you keep ownership and close
   * it), `{ databaseUrl }` for PostgreSQL through `pg`, or nothing for an
   * in-memory PGlite database.
   */
  source?: Source | { databaseUrl: string };
  /** Create the commerce schema and seed deterministic demo data (PGlite only). */
  seedDemo?: boolean;
  /** `'memory'` (default: a bounded in-process LRU), `{ redisUrl }`, or any `CacheStore`. */
  cache?: 'memory' | { redisUrl: string } | CacheStore;
  /** IANA time zone periods and buckets are resolved in. @default 'UTC' */
  timezone?: string;
  /** ISO 4217 code of money values. @default 'USD' */
  currency?: string;
  /** BCP 47 locale of labels when a request names none (`locale=`). @default 'en-US' */
  locale?: string;
  /**
   * First day of the fiscal year, `MM-DD` (day 01–28), e.g. `04-01`: adds the `fiscal-quarter` and
   * `fiscal-year` range presets (Gregorian months from that day). Absent: no fiscal presets.
   */
  fiscalYearStart?: string;
  /** Path prefix of the contract, e.g. `/dashboard/api` → `/dashboard/api/v1/meta`. @default '' */
  basePath?: string;
  /** Custom metric definition, instead of the built-in commerce one. */
  definition?: Definition;
  /** File to load the metric definition from (JSON or a module), instead of `definition`. */
  configPath?: string;
  /** Seconds each report stays fresh; a number applies to all. See DEFAULT_TTL_SECONDS. */
  ttlSeconds?: number | Partial<Record<CachedReport, number>>;
  /** Seconds an expired report may be served stale; a number applies to all. @default DEFAULT_STALE_SECONDS */
  staleSeconds?: number | Partial<Record<CachedReport, number>>;
  /** The clock; tests pin "today" with it. @default () => new Date() */
  now?: () => Date;
  logger?: Logger;
  /**
   * The caller's scope (subject, roles, row filters), from the host's own
   * session cookie or header. Throw an `UnauthorizedError`/`ForbiddenError`
   * to refuse. Called for every report, export and `v1/events` request (not
   * for `v1/health` nor the webhook). @default everyone sees everything
   */
  authorize?: Authorize;
  /**
   * A ready engine instead of one built from `definition` (a backend that is
   * not SQL, or tests). `source` is then only used by `v1/health`.
   */
  engine?: Engine;
  /**
   * Built-in JWT verification (`jose`): HS256 with `secret`, RS256 against
   * `jwksUrl`; claims `sub`, `roles` and row filters such as `customer_id`.
   * Use either this or `authorize`, not both.
   */
  jwt?: JwtAuthorizerOptions;
  /**
   * Redis for several instances: the cache store (with a small in-process
   * fallback while Redis is down) and the invalidation bus (pub/sub). Without
   * it the cache is in memory (unless `cache` says otherwise) and
   * invalidations reach this process only.
   */
  redisUrl?: string;
  /**
   * Namespace in Redis: cache keys start with it and the bus channel is
   * `<prefix>invalidate`. Instances sharing data must share it. @default DEFAULT_REDIS_PREFIX
   */
  redisPrefix?: string;
  /** An invalidation bus you own instead of the one built from `redisUrl`; the server never closes it. */
  bus?: InvalidationBus;
  /**
   * Secret of `POST {base}/v1/invalidate` (sent as `Authorization: Bearer …`).
   * Without it the webhook does not exist (404); `server.invalidate()` still works.
   */
  invalidateSecret?: string;
  /** Origins of other sites allowed to call the contract (CORS, credentials included), e.g. `https://shop.example.com`. */
  corsOrigins?: readonly string[];
  /**
   * CSV exports running at once: per caller (a subject, or else a scope;
   * beyond: 429) and per instance (beyond: 503), each with Retry-After.
   * @default { maxPerCaller: 2, maxConcurrent: 4 }
   */
  exports?: ExportLimits;
  /** `v1/events` settings, or `false` to serve no event stream (then `meta.live` is false). */
  events?: false | { heartbeatSeconds?: number; retryMs?: number; maxClients?: number; maxPerSubject?: number };
  /**
   * LISTEN on PostgreSQL channel `dashkit_invalidate` (see `dashkit triggers`)
   * and invalidate on every notification. `true` uses `source.databaseUrl`;
   * give `{ databaseUrl }` when the source is a `Source` you opened.
   */
  listenNotify?: boolean | { databaseUrl: string; channel?: string };
  /**
   * Daily rollups for `stats` and `series` (see docs/adapter.md#daily-rollups):
   * `true` or `false`, or settings (`schema`, `createTables`,
   * `fullCheckSeconds`, `recentDays`, …). @default on for PostgreSQL when
   * the adapter may create tables (schema `dashkit`), off for PGlite and
   * for an `engine` you pass
   */
  rollups?: boolean | RollupOptions;
  /**
   * Data pipelines `v1/status` shows from the start (an ETL job, a nightly sync), before their first
   * run is reported with `POST {base}/v1/status/pipelines/{id}` or `server.reportRun`. Added to the
   * config file's `pipelines`.
   */
  pipelines?: readonly PipelineDef[];
  /**
   * Named boards served at `v1/boards/{id}` and rendered at `v1/boards/{id}/render.{pdf|png|svg|html}`,
   * keyed by id. Added to the config file's `boards` (an id in both is an error).
   */
  boards?: Readonly<Record<string, Board>>;
  /**
   * Scheduled digests: `[{id, board, schedule, timezone?, to, subject?, format?, scope?}]` (docs/adapter.md#digests).
   * Added to the config file's `digests`; each is checked at start (a bad one fails `ready`, naming the field).
   */
  digests?: readonly DigestConfig[];
  /** SMTP server digests are sent through, e.g. `smtp://user:pass@mail.example.com:587`. */
  smtpUrl?: string;
  /** The From address of digests, e.g. `Dashboards <reports@example.com>`. Required with `smtpUrl`. */
  mailFrom?: string;
  /**
   * Whether this server sends digests on their schedule. `false` for a process that only sends one on
   * demand (`dashkit digest`). @default true
   */
  scheduleDigests?: boolean;
}

/** `'/dashboard/api/'` → `'/dashboard/api'`; `''` and `'/'` → `''`. Throws on anything that is not a plain path. */
export function normalizeBasePath(basePath: string): string {
  const trimmed = basePath.trim().replace(/\/+$/, '');
  if (trimmed === '') return '';
  if (
    !/^\/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*$/.test(trimmed) ||
    trimmed.includes('//') ||
    /(^|\/)\.\.?(\/|$)/.test(trimmed)
  ) {
    throw new TypeError(`basePath: expected a path such as /dashboard/api, got ${JSON.stringify(basePath)}`);
  }
  return trimmed;
}
