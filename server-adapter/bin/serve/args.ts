/**
 * `dashkit serve`'s command line and environment: every flag, its
 * `DASHKIT_<FLAG>` fallback and its check, as a pure function of argv and env.
 */
import { parseMonthDay } from '../../engine/calendars.js';
import { PIPELINE_ID } from '../../../src/contract/status.js';
import { createCors } from '../../auth/cors.js';
import { MIN_SECRET_BYTES } from '../../auth/jwt.js';
import { isValidTimeZone } from '../../engine/calendar.js';
import { DEFAULT_ROLLUP_SCHEMA } from '../../engine/rollups/index.js';
import { DEFAULT_MAX_CLIENTS, DEFAULT_MAX_CLIENTS_PER_SUBJECT } from '../../live/sse.js';
import {
  DEFAULT_CURRENCY,
  DEFAULT_LOCALE,
  DEFAULT_TIMEZONE,
  MIN_INVALIDATE_SECRET_LENGTH,
  normalizeBasePath,
} from '../../options.js';

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

export const USAGE = `Usage: dashkit serve [options]

Serve the dashboard contract at {base-path}/v1/... and a demo page at /.
With no database, an embedded PGlite database seeded with demo data is used.

Options (each also read from the environment variable in brackets):
  --database-url <url>  PostgreSQL connection string [DASHKIT_DATABASE_URL, DATABASE_URL]
  --redis-url <url>     share the cache through Redis [DASHKIT_REDIS_URL, REDIS_URL]
  --port <n>            port to listen on, 0 for any free one (default ${DEFAULT_PORT}) [DASHKIT_PORT]
  --host <addr>         address to bind (default ${DEFAULT_HOST}) [DASHKIT_HOST]
  --timezone <zone>     IANA zone periods are resolved in (default ${DEFAULT_TIMEZONE}) [DASHKIT_TIMEZONE]
  --currency <code>     ISO 4217 currency of money values (default ${DEFAULT_CURRENCY}) [DASHKIT_CURRENCY]
  --locale <tag>        BCP 47 locale for labels (default ${DEFAULT_LOCALE}) [DASHKIT_LOCALE]
  --fiscal-year-start <MM-DD>  first day of the fiscal year, e.g. 04-01: adds fiscal-quarter and
                        fiscal-year presets [DASHKIT_FISCAL_YEAR_START]
  --config <file>       custom metric definition [DASHKIT_CONFIG]
  --base-path <path>    mount the contract under this path, e.g. /dashboard/api [DASHKIT_BASE_PATH]
  --no-demo             start the embedded database empty instead of with demo data [DASHKIT_NO_DEMO=1]

Live updates and access (each also from DASHKIT_<FLAG>):
  --invalidate-secret <s>  enable POST {base}/v1/invalidate with "Authorization: Bearer <s>"
                           (at least ${MIN_INVALIDATE_SECRET_LENGTH} characters) [DASHKIT_INVALIDATE_SECRET]
  --jwt-secret <s>      require JWTs signed HS256 with this secret (at least ${MIN_SECRET_BYTES} bytes); claims sub,
                        roles and row filters such as customer_id [DASHKIT_JWT_SECRET]
  --jwks-url <url>      require JWTs signed RS256 by a key of this JWKS [DASHKIT_JWKS_URL]
  --cors-origin <url>   allow pages on this origin (repeatable; in the variable, separate
                        origins with commas) [DASHKIT_CORS_ORIGIN]
  --listen-notify       invalidate on PostgreSQL NOTIFY dashkit_invalidate (see dashkit triggers);
                        needs --database-url [DASHKIT_LISTEN_NOTIFY=1]
  --max-streams <n>     v1/events streams this instance holds; beyond, 503 (default ${DEFAULT_MAX_CLIENTS})
                        [DASHKIT_MAX_STREAMS]
  --max-streams-per-subject <n>  streams one subject (a token's sub, else its customer) holds; beyond,
                        429 (default ${DEFAULT_MAX_CLIENTS_PER_SUBJECT}) [DASHKIT_MAX_STREAMS_PER_SUBJECT]
  --pipeline <id[:label]>  a data pipeline v1/status shows before its first run, reported with
                        POST {base}/v1/status/pipelines/<id> and the invalidate secret (repeatable;
                        in the variable, separate them with commas) [DASHKIT_PIPELINE]

Daily rollups (stats and series read a row per day instead of every order):
  --rollups             on (the default with --database-url; off for the embedded database) [DASHKIT_ROLLUPS=1]
  --no-rollups          off: read the raw tables only and create nothing [DASHKIT_ROLLUPS=0]
  --rollup-schema <name>  schema the rollup tables are created in (default ${DEFAULT_ROLLUP_SCHEMA})
                        [DASHKIT_ROLLUP_SCHEMA]

Digests (boards mailed on a schedule; see the config file's "digests"):
  --smtp-url <url>      send them through this SMTP server, e.g.
                        smtp://user:pass@mail.example.com:587 (smtps:// for TLS) [DASHKIT_SMTP_URL]
  --mail-from <addr>    their From address, e.g. "Dashboards <reports@example.com>"; needed with
                        --smtp-url [DASHKIT_MAIL_FROM]

Development:
  --proxy <url>         forward every request outside --base-path to your app (e.g.
                        http://127.0.0.1:8000 for manage.py runserver, :3000 for rails
                        server) and open the app through dashkit's port: one origin, so
                        cookies reach dashkit without CORS; needs --base-path [DASHKIT_PROXY]

  -h, --help            show this help

Stops gracefully on SIGINT or SIGTERM.`;

const STRING_FLAGS = [
  'database-url',
  'redis-url',
  'port',
  'host',
  'timezone',
  'currency',
  'locale',
  'fiscal-year-start',
  'config',
  'base-path',
  'invalidate-secret',
  'jwt-secret',
  'jwks-url',
  'rollup-schema',
  'max-streams',
  'max-streams-per-subject',
  'proxy',
  'smtp-url',
  'mail-from',
] as const;
type StringFlag = (typeof STRING_FLAGS)[number];

/** Environment variables read for a flag, in order, after the flag itself. */
function envNames(flag: StringFlag | 'no-demo' | 'cors-origin' | 'listen-notify' | 'rollups'): string[] {
  const names = [`DASHKIT_${flag.toUpperCase().replaceAll('-', '_')}`];
  if (flag === 'database-url') names.push('DATABASE_URL');
  if (flag === 'redis-url') names.push('REDIS_URL');
  return names;
}

type Validator = (value: string) => string | undefined;

function urlWith(protocols: readonly string[], example: string): Validator {
  return (value) => {
    try {
      if (protocols.includes(new URL(value).protocol)) return undefined;
    } catch {
      // Reported below.
    }
    return `expected a URL such as ${example}`;
  };
}

/** A whole number from 1 to a million: more streams than that on one instance is a typo. */
const streamCount: Validator = (v) =>
  /^\d{1,7}$/.test(v) && Number(v) >= 1 && Number(v) <= 1_000_000
    ? undefined
    : 'expected a whole number from 1 to 1000000';

const VALIDATORS: Record<StringFlag, Validator> = {
  'max-streams': streamCount,
  'max-streams-per-subject': streamCount,
  'database-url': urlWith(['postgres:', 'postgresql:'], 'postgres://user@host:5432/db'),
  'redis-url': urlWith(['redis:', 'rediss:'], 'redis://127.0.0.1:6379'),
  port: (v) => (/^\d{1,5}$/.test(v) && Number(v) <= 65535 ? undefined : 'expected a port number from 0 to 65535'),
  host: (v) => (/^[A-Za-z0-9.:\-[\]%]+$/.test(v) ? undefined : 'expected a host name or IP address'),
  timezone: (v) => (isValidTimeZone(v) ? undefined : 'expected an IANA time zone such as Europe/Berlin'),
  currency: (v) => (/^[A-Za-z]{3}$/.test(v) ? undefined : 'expected a three-letter ISO 4217 code such as EUR'),
  locale: (v) => {
    try {
      Intl.getCanonicalLocales(v);
      return v === '' ? 'expected a BCP 47 locale such as en-US' : undefined;
    } catch {
      return 'expected a BCP 47 locale such as en-US';
    }
  },
  'fiscal-year-start': (v) => (parseMonthDay(v) ? undefined : 'expected MM-DD with a day from 01 to 28, such as 04-01'),
  config: (v) => (v.trim() === '' ? 'expected a file path' : undefined),
  'invalidate-secret': (v) =>
    v.length >= MIN_INVALIDATE_SECRET_LENGTH
      ? undefined
      : `expected at least ${MIN_INVALIDATE_SECRET_LENGTH} characters`,
  'jwt-secret': (v) =>
    new TextEncoder().encode(v).length >= MIN_SECRET_BYTES
      ? undefined
      : `expected at least ${MIN_SECRET_BYTES} bytes (an HS256 key as long as its hash)`,
  'jwks-url': urlWith(['https:', 'http:'], 'https://issuer.example.com/.well-known/jwks.json'),
  proxy: (v) => {
    const problem = urlWith(['http:', 'https:'], 'http://127.0.0.1:8000')(v);
    if (problem) return problem;
    const url = new URL(v);
    return url.pathname === '/' && !url.search
      ? undefined
      : "expected the app's origin only, such as http://127.0.0.1:8000";
  },
  'smtp-url': urlWith(['smtp:', 'smtps:'], 'smtp://user:pass@mail.example.com:587'),
  'mail-from': (v) =>
    /^[^<>@\s]+@[^<>@\s]+$|<[^<>@\s]+@[^<>@\s]+>\s*$/.test(v.trim())
      ? undefined
      : 'expected an address such as reports@example.com or "Dashboards <reports@example.com>"',
  'rollup-schema': (v) =>
    /^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(v) ? undefined : 'expected a schema name such as dashkit (letters, digits, _)',
  'base-path': (v) => {
    try {
      const base = normalizeBasePath(v);
      return base === '/dist' || base.startsWith('/dist/')
        ? 'the /dist/ prefix is taken by the demo page assets'
        : undefined;
    } catch {
      return 'expected a path such as /dashboard/api';
    }
  },
};

const TRUE = new Set(['1', 'true', 'yes', 'on']);
const FALSE = new Set(['', '0', 'false', 'no', 'off']);

/** `--pipeline quickbooks:QuickBooks sync`: the id, and a label (the id when none is given). */
function parsePipeline(value: string): { id: string; label: string } | string {
  const colon = value.indexOf(':');
  const id = (colon < 0 ? value : value.slice(0, colon)).trim();
  const label = colon < 0 ? id : value.slice(colon + 1).trim();
  if (!PIPELINE_ID.test(id)) return 'expected id or id:label, the id of lowercase letters, digits, _ and -';
  if (label === '') return 'expected a label after the colon';
  return { id, label };
}

/** `--cors-origin`: scheme://host[:port] and nothing else. */
function corsOriginProblem(value: string): string | undefined {
  try {
    createCors({ origins: [value] });
    return undefined;
  } catch {
    return 'expected an origin such as https://shop.example.com (scheme, host and port only)';
  }
}

/** A boolean variable: 1/0, true/false, yes/no, on/off; undefined when unset. */
function envFlag(env: Readonly<Record<string, string | undefined>>, name: string): boolean | string | undefined {
  const raw = env[name];
  if (raw === undefined) return undefined;
  const lower = raw.trim().toLowerCase();
  if (TRUE.has(lower)) return true;
  if (FALSE.has(lower)) return false;
  return `${name}: expected 1 or 0 (true or false), got ${JSON.stringify(raw)}`;
}

/**
 * Read `dashkit serve`'s command line and environment. Pure: no I/O, no
 * process access, so every flag and fallback can be tested directly.
 */
export function parseServeArgs(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): ParsedServeArgs {
  const given: Partial<Record<StringFlag, string>> = {};
  let noDemo: boolean | undefined;
  let listenNotify: boolean | undefined;
  let rollups: boolean | undefined;
  let corsOrigins: { values: string[]; source: string } | undefined;
  let pipelines: { id: string; label: string }[] | undefined;
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '-h' || arg === '--help') {
      help = true;
      continue;
    }
    if (arg === '--no-demo') {
      noDemo = true;
      continue;
    }
    if (arg === '--listen-notify') {
      listenNotify = true;
      continue;
    }
    if (arg === '--rollups' || arg === '--no-rollups') {
      const on = arg === '--rollups';
      if (rollups === !on) return { ok: false, error: '--rollups, --no-rollups: give one of them, not both' };
      rollups = on;
      continue;
    }
    const m = /^--([a-z-]+)(?:=([\s\S]*))?$/.exec(arg);
    const flag = m?.[1] as StringFlag | 'cors-origin' | 'pipeline' | undefined;
    if (m && flag === 'pipeline') {
      let value = m[2];
      if (value === undefined) {
        value = argv[i + 1];
        if (value === undefined || value.startsWith('--')) return { ok: false, error: `--${flag}: expected a value` };
        i++;
      }
      const pipeline = parsePipeline(value);
      if (typeof pipeline === 'string')
        return { ok: false, error: `--${flag}: ${pipeline}, got ${JSON.stringify(value)}` };
      pipelines ??= [];
      if (pipelines.some((p) => p.id === pipeline.id))
        return { ok: false, error: `--${flag}: "${pipeline.id}" given more than once` };
      pipelines.push(pipeline);
      continue;
    }
    if (m && flag === 'cors-origin') {
      let value = m[2];
      if (value === undefined) {
        value = argv[i + 1];
        if (value === undefined || value.startsWith('--')) return { ok: false, error: `--${flag}: expected a value` };
        i++;
      }
      const problem = corsOriginProblem(value);
      if (problem) return { ok: false, error: `--${flag}: ${problem}, got ${JSON.stringify(value)}` };
      corsOrigins ??= { values: [], source: '--cors-origin' };
      corsOrigins.values.push(value);
      continue;
    }
    if (!m || !flag || !(STRING_FLAGS as readonly string[]).includes(flag)) {
      return {
        ok: false,
        error: arg.startsWith('-') ? `unknown option ${arg}` : `unexpected argument ${JSON.stringify(arg)}`,
      };
    }
    let value = m[2];
    if (value === undefined) {
      value = argv[i + 1];
      if (value === undefined || value.startsWith('--')) return { ok: false, error: `--${flag}: expected a value` };
      i++;
    }
    if (Object.hasOwn(given, flag)) return { ok: false, error: `--${flag}: given more than once` };
    given[flag as StringFlag] = value;
  }

  const values: Partial<Record<StringFlag, string>> = {};
  for (const flag of STRING_FLAGS) {
    let value = given[flag];
    let source = `--${flag}`;
    if (value === undefined) {
      for (const name of envNames(flag)) {
        const fromEnv = env[name];
        if (fromEnv !== undefined && fromEnv !== '') {
          value = fromEnv;
          source = name;
          break;
        }
      }
    }
    if (value === undefined) continue;
    const problem = VALIDATORS[flag](value);
    if (problem) return { ok: false, error: `${source}: ${problem}, got ${JSON.stringify(value)}` };
    values[flag] = value;
  }
  if (noDemo === undefined) {
    const value = envFlag(env, 'DASHKIT_NO_DEMO');
    if (typeof value === 'string') return { ok: false, error: value };
    noDemo = value;
  }
  if (listenNotify === undefined) {
    const value = envFlag(env, 'DASHKIT_LISTEN_NOTIFY');
    if (typeof value === 'string') return { ok: false, error: value };
    listenNotify = value;
  }
  if (rollups === undefined) {
    const value = envFlag(env, envNames('rollups')[0]!);
    if (typeof value === 'string') return { ok: false, error: value };
    rollups = value;
  }
  if (!corsOrigins) {
    const raw = env['DASHKIT_CORS_ORIGIN'];
    const list = (raw ?? '')
      .split(',')
      .map((origin) => origin.trim())
      .filter((origin) => origin !== '');
    for (const origin of list) {
      const problem = corsOriginProblem(origin);
      if (problem) return { ok: false, error: `DASHKIT_CORS_ORIGIN: ${problem}, got ${JSON.stringify(origin)}` };
    }
    if (list.length > 0) corsOrigins = { values: list, source: 'DASHKIT_CORS_ORIGIN' };
  }
  if (!pipelines && env['DASHKIT_PIPELINE']) {
    pipelines = [];
    for (const value of env['DASHKIT_PIPELINE']
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean)) {
      const pipeline = parsePipeline(value);
      if (typeof pipeline === 'string')
        return { ok: false, error: `DASHKIT_PIPELINE: ${pipeline}, got ${JSON.stringify(value)}` };
      if (pipelines.some((p) => p.id === pipeline.id))
        return { ok: false, error: `DASHKIT_PIPELINE: "${pipeline.id}" given more than once` };
      pipelines.push(pipeline);
    }
  }
  if (values.proxy && normalizeBasePath(values['base-path'] ?? '') === '') {
    return {
      ok: false,
      error: '--proxy: needs --base-path (e.g. /dashboard/api), so that dashkit and your app answer different paths',
    };
  }
  if (values['smtp-url'] && !values['mail-from']) {
    return {
      ok: false,
      error: '--smtp-url: needs --mail-from (or DASHKIT_MAIL_FROM), the From address of the digests',
    };
  }
  if (listenNotify && !values['database-url']) {
    return { ok: false, error: '--listen-notify: needs a PostgreSQL database (--database-url or DATABASE_URL)' };
  }

  return {
    ok: true,
    help,
    config: {
      ...(values['database-url'] ? { databaseUrl: values['database-url'] } : {}),
      ...(values['redis-url'] ? { redisUrl: values['redis-url'] } : {}),
      port: values.port === undefined ? DEFAULT_PORT : Number(values.port),
      host: values.host ?? DEFAULT_HOST,
      timezone: values.timezone ?? DEFAULT_TIMEZONE,
      currency: (values.currency ?? DEFAULT_CURRENCY).toUpperCase(),
      locale: values.locale ?? DEFAULT_LOCALE,
      ...(values['fiscal-year-start'] ? { fiscalYearStart: values['fiscal-year-start'] } : {}),
      ...(values.config ? { configPath: values.config } : {}),
      basePath: normalizeBasePath(values['base-path'] ?? ''),
      demo: !noDemo,
      ...(values['invalidate-secret'] ? { invalidateSecret: values['invalidate-secret'] } : {}),
      ...(values['jwt-secret'] ? { jwtSecret: values['jwt-secret'] } : {}),
      ...(values['jwks-url'] ? { jwksUrl: values['jwks-url'] } : {}),
      ...(corsOrigins ? { corsOrigins: [...new Set(corsOrigins.values)] } : {}),
      ...(listenNotify ? { listenNotify: true } : {}),
      ...(rollups !== undefined ? { rollups } : {}),
      ...(values['rollup-schema'] ? { rollupSchema: values['rollup-schema'] } : {}),
      ...(values['max-streams'] ? { maxStreams: Number(values['max-streams']) } : {}),
      ...(values['max-streams-per-subject'] ? { maxStreamsPerSubject: Number(values['max-streams-per-subject']) } : {}),
      ...(pipelines?.length ? { pipelines } : {}),
      ...(values.proxy ? { proxy: new URL(values.proxy).origin } : {}),
      ...(values['smtp-url'] ? { smtpUrl: values['smtp-url'] } : {}),
      ...(values['mail-from'] ? { mailFrom: values['mail-from'].trim() } : {}),
    },
  };
}
