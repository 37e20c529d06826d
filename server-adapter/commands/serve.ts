/**
 * `dashkit serve`: the adapter as its own process, so a Django or Rails host
 * can serve dashboards from its PostgreSQL without writing Node code. With no
 * database it runs on an embedded PGlite seeded with demo data.
 *
 * Kept cheap to import (the CLI loads every command for its help): the
 * server, its engine and drivers are imported only when `run` starts one.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { demoPage } from '../demo/page.js';
import { isValidTimeZone } from '../engine/calendar.js';
import { listen, type Listening, staticFiles } from '../node.js';
import { DEFAULT_CURRENCY, DEFAULT_LOCALE, DEFAULT_TIMEZONE, normalizeBasePath } from '../options.js';
import type { Command } from './command.js';

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
  configPath?: string;
  basePath: string;
  /** Seed demo data into the embedded database (ignored with a database URL). */
  demo: boolean;
}

export type ParsedServeArgs = { ok: true; help: boolean; config: ServeConfig } | { ok: false; error: string };

const USAGE = `Usage: dashkit serve [options]

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
  --config <file>       custom metric definition [DASHKIT_CONFIG]
  --base-path <path>    mount the contract under this path, e.g. /dashboard/api [DASHKIT_BASE_PATH]
  --no-demo             start the embedded database empty instead of with demo data [DASHKIT_NO_DEMO=1]
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
  'config',
  'base-path',
] as const;
type StringFlag = (typeof STRING_FLAGS)[number];

/** Environment variables read for a flag, in order, after the flag itself. */
function envNames(flag: StringFlag | 'no-demo'): string[] {
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

const VALIDATORS: Record<StringFlag, Validator> = {
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
  config: (v) => (v.trim() === '' ? 'expected a file path' : undefined),
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
    const m = /^--([a-z-]+)(?:=([\s\S]*))?$/.exec(arg);
    const flag = m?.[1] as StringFlag | undefined;
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
    given[flag] = value;
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
    const raw = env['DASHKIT_NO_DEMO'];
    if (raw !== undefined) {
      const lower = raw.trim().toLowerCase();
      if (TRUE.has(lower)) noDemo = true;
      else if (FALSE.has(lower)) noDemo = false;
      else return { ok: false, error: `DASHKIT_NO_DEMO: expected 1 or 0 (true or false), got ${JSON.stringify(raw)}` };
    }
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
      ...(values.config ? { configPath: values.config } : {}),
      basePath: normalizeBasePath(values['base-path'] ?? ''),
      demo: !noDemo,
    },
  };
}

/** The package root (holding dashkit's package.json), from source or from dist/. */
export function packageRoot(from = dirname(fileURLToPath(import.meta.url))): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest)) {
      try {
        if ((JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'dashkit') return dir;
      } catch {
        // Not ours; keep walking up.
      }
    }
    if (dirname(dir) === dir) return undefined;
  }
}

/** `source: …` of the startup line. */
export function sourceLabel(config: ServeConfig): string {
  if (config.databaseUrl) return 'postgresql';
  return config.demo ? 'pglite demo' : 'pglite (empty)';
}

/**
 * What `serve` answers: the demo page at `/`, the built bundles under
 * `/dist/`, and the contract (everything else) from the dashboard server.
 */
export function serveHandler(
  dashboard: { fetch(request: Request): Promise<Response> },
  config: ServeConfig,
  dist: string | undefined,
): (request: Request) => Promise<Response> {
  const files = dist ? staticFiles(dist, '/dist/') : async () => undefined;
  return async (request) => {
    const { pathname } = new URL(request.url);
    if (pathname === '/' && (request.method === 'GET' || request.method === 'HEAD')) {
      const html = demoPage({
        basePath: config.basePath,
        // Checked per request: a build running beside the server shows up on reload.
        widgets: dist !== undefined && existsSync(join(dist, 'cdn', 'dashkit.js')),
        timezone: config.timezone,
        currency: config.currency,
        sourceLabel: sourceLabel(config),
      });
      return new Response(request.method === 'HEAD' ? null : html, {
        headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' },
      });
    }
    return (await files(request)) ?? dashboard.fetch(request);
  };
}

async function start(config: ServeConfig): Promise<number> {
  const { createDashboardServer } = await import('../handler.js');
  const dashboard = createDashboardServer({
    ...(config.databaseUrl ? { source: { databaseUrl: config.databaseUrl } } : {}),
    seedDemo: !config.databaseUrl && config.demo,
    cache: config.redisUrl ? { redisUrl: config.redisUrl } : 'memory',
    timezone: config.timezone,
    currency: config.currency,
    locale: config.locale,
    basePath: config.basePath,
    ...(config.configPath ? { configPath: config.configPath } : {}),
  });
  try {
    await dashboard.ready;
  } catch (error) {
    process.stderr.write(`dashkit serve: could not start: ${error instanceof Error ? error.message : String(error)}\n`);
    await dashboard.close();
    return 1;
  }

  const root = packageRoot();
  const handler = serveHandler(dashboard, config, root ? join(root, 'dist') : undefined);
  const label = sourceLabel(config);

  let listening: Listening;
  try {
    listening = await listen(
      { fetch: handler, close: () => dashboard.close() },
      { port: config.port, host: config.host },
    );
  } catch (error) {
    process.stderr.write(
      `dashkit serve: cannot listen on ${config.host}:${config.port}: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    await dashboard.close();
    return 1;
  }
  process.stdout.write(
    `dashkit serving ${listening.url} (source: ${label}, cache: ${config.redisUrl ? 'redis' : 'memory'})\n`,
  );

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

export const serve: Command = {
  name: 'serve',
  summary: 'Serve the dashboard contract and a demo page over HTTP',
  usage: USAGE,
  async run(argv) {
    const parsed = parseServeArgs(argv, process.env);
    if (!parsed.ok) {
      process.stderr.write(`dashkit serve: ${parsed.error}\n\n${USAGE}\n`);
      return 2;
    }
    if (parsed.help) {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    if (parsed.config.configPath && !existsSync(parsed.config.configPath)) {
      process.stderr.write(`dashkit serve: --config: no such file ${JSON.stringify(parsed.config.configPath)}\n`);
      return 2;
    }
    return start(parsed.config);
  },
};
