/**
 * `dashkit serve`'s command line and environment: every flag, its
 * `DASHKIT_<FLAG>` fallback and its check, as a pure function of argv and env.
 * The flags and their checks are in flags.ts, the help text in usage.ts, the
 * resulting ServeConfig in serve-config.ts; this module reads argv and env
 * with them and applies the rules between flags.
 */
import { DEFAULT_CURRENCY, DEFAULT_LOCALE, DEFAULT_TIMEZONE, normalizeBasePath } from '../../options.js';
import {
  corsOriginProblem,
  envFlag,
  envNames,
  parsePipeline,
  STRING_FLAGS,
  type StringFlag,
  VALIDATORS,
} from './flags.js';
import { DEFAULT_HOST, DEFAULT_PORT, type ParsedServeArgs } from './serve-config.js';

export { DEFAULT_HOST, DEFAULT_PORT, type ParsedServeArgs, type ServeConfig } from './serve-config.js';
export { USAGE } from './usage.js';

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
