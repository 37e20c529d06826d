/**
 * `dashkit serve`'s flags one by one: the flags that take a value, the
 * environment variables read for each, the check of each value (its message
 * says what was expected), and the readers of the flags with their own
 * syntax (`--pipeline`, `--cors-origin`, boolean variables). args.ts puts
 * them together.
 */
import { parseMonthDay } from '../../engine/calendars.js';
import { PIPELINE_ID } from '../../../src/contract/status.js';
import { createCors } from '../../auth/cors.js';
import { MIN_SECRET_BYTES } from '../../auth/jwt.js';
import { isValidTimeZone } from '../../engine/calendar.js';
import { MIN_INVALIDATE_SECRET_LENGTH, normalizeBasePath } from '../../options.js';

/** The flags that take a value (`--port 8787` or `--port=8787`), each at most once. */
export const STRING_FLAGS = [
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
export type StringFlag = (typeof STRING_FLAGS)[number];

/** Environment variables read for a flag, in order, after the flag itself. */
export function envNames(flag: StringFlag | 'no-demo' | 'cors-origin' | 'listen-notify' | 'rollups'): string[] {
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

/** The check of each flag's value: a message saying what was expected, or undefined when the value is good. */
export const VALIDATORS: Record<StringFlag, Validator> = {
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
export function parsePipeline(value: string): { id: string; label: string } | string {
  const colon = value.indexOf(':');
  const id = (colon < 0 ? value : value.slice(0, colon)).trim();
  const label = colon < 0 ? id : value.slice(colon + 1).trim();
  if (!PIPELINE_ID.test(id)) return 'expected id or id:label, the id of lowercase letters, digits, _ and -';
  if (label === '') return 'expected a label after the colon';
  return { id, label };
}

/** `--cors-origin`: scheme://host[:port] and nothing else. */
export function corsOriginProblem(value: string): string | undefined {
  try {
    createCors({ origins: [value] });
    return undefined;
  } catch {
    return 'expected an origin such as https://shop.example.com (scheme, host and port only)';
  }
}

/** A boolean variable: 1/0, true/false, yes/no, on/off; undefined when unset. */
export function envFlag(env: Readonly<Record<string, string | undefined>>, name: string): boolean | string | undefined {
  const raw = env[name];
  if (raw === undefined) return undefined;
  const lower = raw.trim().toLowerCase();
  if (TRUE.has(lower)) return true;
  if (FALSE.has(lower)) return false;
  return `${name}: expected 1 or 0 (true or false), got ${JSON.stringify(raw)}`;
}
