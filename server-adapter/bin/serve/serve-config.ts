/**
 * What `dashkit serve`'s command line and environment come to: the
 * ServeConfig that args.ts yields and start.ts runs, and its defaults.
 */

/** Not taken by the usual dev servers (3000, 5173, 8000, 8080), so `serve` runs beside the host app. */
export const DEFAULT_PORT = 8787;
/** Loopback only: exposing the dashboard to the network is a decision, not a default. */
export const DEFAULT_HOST = '127.0.0.1';

export interface ServeConfig {
  databaseUrl?: string;
  redisUrl?: string;
  port: number;
  host: string;
  timezone: string;
  currency: string;
  locale: string;
  /** `MM-DD`: adds the fiscal-quarter and fiscal-year presets. */
  fiscalYearStart?: string;
  configPath?: string;
  basePath: string;
  /** Seed demo data into the embedded database (ignored with a database URL). */
  demo: boolean;
  /** Secret of `POST v1/invalidate`; without it there is no webhook. */
  invalidateSecret?: string;
  /** HS256 secret of the JWTs to accept. */
  jwtSecret?: string;
  /** JWKS of the issuer of RS256 JWTs to accept. */
  jwksUrl?: string;
  /** Origins allowed by CORS. */
  corsOrigins?: string[];
  /** LISTEN on `dashkit_invalidate` (needs a database URL). */
  listenNotify?: boolean;
  /** Daily rollups forced on or off; absent: the default (on for PostgreSQL, off for the embedded database). */
  rollups?: boolean;
  /** Schema of the rollup tables. */
  rollupSchema?: string;
  /** `v1/events` streams this instance holds at most. */
  maxStreams?: number;
  /** `v1/events` streams one subject (a token's `sub`, else one customer) holds at most. */
  maxStreamsPerSubject?: number;
  /** Data pipelines `v1/status` lists before their first run (`--pipeline id:label`). */
  pipelines?: { id: string; label: string }[];
  /** The host app every request outside the base path is forwarded to (development: one origin). */
  proxy?: string;
  /** SMTP server of the digests. */
  smtpUrl?: string;
  /** From address of the digests. */
  mailFrom?: string;
}

export type ParsedServeArgs = { ok: true; help: boolean; config: ServeConfig } | { ok: false; error: string };
