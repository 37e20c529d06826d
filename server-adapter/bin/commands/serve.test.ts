/** `dashkit serve`: flags and environment as a pure function, and what the served handler answers. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DEFAULT_HOST, DEFAULT_PORT, parseServeArgs, type ServeConfig } from '../serve/args.js';
import { packageRoot } from '../package-root.js';
import { rollupOption, serveHandler } from '../serve/app.js';
import { serve } from './serve.js';

function config(argv: string[], env: Record<string, string> = {}): ServeConfig {
  const parsed = parseServeArgs(argv, env);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.config;
}

function failure(argv: string[], env: Record<string, string> = {}): string {
  const parsed = parseServeArgs(argv, env);
  if (parsed.ok) throw new Error(`expected ${JSON.stringify(argv)} to fail`);
  return parsed.error;
}

describe('parseServeArgs', () => {
  it('has documented defaults', () => {
    expect(config([])).toEqual({
      port: DEFAULT_PORT,
      host: DEFAULT_HOST,
      timezone: 'UTC',
      currency: 'USD',
      locale: 'en-US',
      basePath: '',
      demo: true,
    });
    expect(DEFAULT_PORT).toBe(8787);
    expect(DEFAULT_HOST).toBe('127.0.0.1');
  });

  it('reads every flag, in both --flag value and --flag=value forms', () => {
    expect(
      config([
        '--database-url=postgres://u@db:5432/app',
        '--redis-url',
        'redis://cache:6379',
        '--port',
        '0',
        '--host=0.0.0.0',
        '--timezone',
        'Europe/Berlin',
        '--currency=eur',
        '--locale',
        'fa-IR',
        '--config',
        'metrics.json',
        '--base-path=/dashboard/api/',
        '--no-demo',
      ]),
    ).toEqual({
      databaseUrl: 'postgres://u@db:5432/app',
      redisUrl: 'redis://cache:6379',
      port: 0,
      host: '0.0.0.0',
      timezone: 'Europe/Berlin',
      currency: 'EUR',
      locale: 'fa-IR',
      configPath: 'metrics.json',
      basePath: '/dashboard/api',
      demo: false,
    });
  });

  it('falls back to DASHKIT_* variables, then DATABASE_URL and REDIS_URL; flags win', () => {
    const env = {
      DASHKIT_PORT: '9000',
      DASHKIT_HOST: '::1',
      DASHKIT_TIMEZONE: 'America/New_York',
      DASHKIT_CURRENCY: 'JPY',
      DASHKIT_LOCALE: 'ja-JP',
      DASHKIT_CONFIG: 'c.mjs',
      DASHKIT_BASE_PATH: '/api',
      DASHKIT_NO_DEMO: 'true',
      DATABASE_URL: 'postgresql://fallback/db',
      REDIS_URL: 'rediss://fallback:6380',
    };
    expect(config([], env)).toEqual({
      databaseUrl: 'postgresql://fallback/db',
      redisUrl: 'rediss://fallback:6380',
      port: 9000,
      host: '::1',
      timezone: 'America/New_York',
      currency: 'JPY',
      locale: 'ja-JP',
      configPath: 'c.mjs',
      basePath: '/api',
      demo: false,
    });
    expect(config([], { ...env, DASHKIT_DATABASE_URL: 'postgres://preferred/db' }).databaseUrl).toBe(
      'postgres://preferred/db',
    );
    expect(config(['--port', '1234', '--database-url', 'postgres://flag/db'], env)).toMatchObject({
      port: 1234,
      databaseUrl: 'postgres://flag/db',
    });
    expect(config([], { DASHKIT_NO_DEMO: '0' }).demo).toBe(true);
    expect(config([], { DASHKIT_PORT: '' }).port).toBe(DEFAULT_PORT);
  });

  it('names the flag (or variable) and the value when a value is bad', () => {
    const cases: [string[], Record<string, string>, RegExp][] = [
      [['--port', 'http'], {}, /^--port: expected a port number .* got "http"$/],
      [['--port', '70000'], {}, /^--port:/],
      [['--port', '-1'], {}, /^--port: expected a port number .* got "-1"$/],
      [['--port'], {}, /^--port: expected a value$/],
      [[], { DASHKIT_PORT: '80a' }, /^DASHKIT_PORT: .*got "80a"$/],
      [['--timezone', 'Mars/Olympus'], {}, /^--timezone: expected an IANA time zone/],
      [['--currency', 'EURO'], {}, /^--currency:/],
      [['--locale', 'not a locale!'], {}, /^--locale:/],
      [['--database-url', 'mysql://x/y'], {}, /^--database-url: expected a URL/],
      [[], { DATABASE_URL: 'nonsense' }, /^DATABASE_URL: expected a URL/],
      [['--redis-url', 'http://x'], {}, /^--redis-url:/],
      [['--base-path', 'api'], {}, /^--base-path:/],
      [['--base-path', '/dist'], {}, /^--base-path: the \/dist\/ prefix/],
      [['--host', 'a b'], {}, /^--host:/],
      [['--config='], {}, /^--config:/],
      [[], { DASHKIT_NO_DEMO: 'maybe' }, /^DASHKIT_NO_DEMO:/],
      [['--bogus'], {}, /^unknown option --bogus$/],
      [['extra'], {}, /^unexpected argument "extra"$/],
      [['--port', '1', '--port', '2'], {}, /^--port: given more than once$/],
    ];
    for (const [argv, env, message] of cases) expect(failure(argv, env), JSON.stringify([argv, env])).toMatch(message);
  });

  it('makes `dashkit serve` exit 2 with the message and usage on a bad value', async () => {
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await serve.run(['--port', 'abc'])).toBe(2);
      expect(String(stderr.mock.calls[0]?.[0])).toMatch(
        /^dashkit serve: --port: expected a port number[\s\S]*Usage: dashkit serve/,
      );
      expect(await serve.run(['--config', '/nonexistent/metrics.json'])).toBe(2);
      expect(String(stderr.mock.calls[1]?.[0])).toContain('--config: no such file');
    } finally {
      stderr.mockRestore();
    }
  });

  it('reads the live-update and access flags, --cors-origin repeatable', () => {
    const jwt = 'j'.repeat(32);
    expect(
      config([
        '--database-url=postgres://db/app',
        '--invalidate-secret',
        'webhook-secret-0123',
        `--jwt-secret=${jwt}`,
        '--jwks-url',
        'https://issuer.example.com/jwks.json',
        '--cors-origin',
        'https://shop.example.com',
        '--cors-origin=http://localhost:5173',
        '--listen-notify',
      ]),
    ).toMatchObject({
      invalidateSecret: 'webhook-secret-0123',
      jwtSecret: jwt,
      jwksUrl: 'https://issuer.example.com/jwks.json',
      corsOrigins: ['https://shop.example.com', 'http://localhost:5173'],
      listenNotify: true,
    });
    expect(config([])).not.toHaveProperty('corsOrigins');
    expect(config([])).not.toHaveProperty('listenNotify');
  });

  it('falls back to DASHKIT_INVALIDATE_SECRET, _JWT_SECRET, _JWKS_URL, _CORS_ORIGIN (comma-separated), _LISTEN_NOTIFY', () => {
    const env = {
      DATABASE_URL: 'postgres://db/app',
      DASHKIT_INVALIDATE_SECRET: 'from-the-environment',
      DASHKIT_JWT_SECRET: 'e'.repeat(40),
      DASHKIT_JWKS_URL: 'http://idp.internal/jwks',
      DASHKIT_CORS_ORIGIN: 'https://a.example.com, https://b.example.com',
      DASHKIT_LISTEN_NOTIFY: '1',
    };
    expect(config([], env)).toMatchObject({
      invalidateSecret: 'from-the-environment',
      jwtSecret: 'e'.repeat(40),
      jwksUrl: 'http://idp.internal/jwks',
      corsOrigins: ['https://a.example.com', 'https://b.example.com'],
      listenNotify: true,
    });
    // Flags win, whole: --cors-origin replaces the variable's list.
    expect(config(['--cors-origin', 'https://c.example.com'], env).corsOrigins).toEqual(['https://c.example.com']);
    expect(config([], { ...env, DASHKIT_LISTEN_NOTIFY: 'off' })).not.toHaveProperty('listenNotify');
  });

  it('names bad live-update and access values', () => {
    const cases: [string[], Record<string, string>, RegExp][] = [
      [['--invalidate-secret', 'short'], {}, /^--invalidate-secret: expected at least 16 characters, got "short"$/],
      [['--jwt-secret', 'short'], {}, /^--jwt-secret: expected at least 32 bytes/],
      [[], { DASHKIT_JWT_SECRET: 'x' }, /^DASHKIT_JWT_SECRET: expected at least 32 bytes/],
      [['--jwks-url', 'ftp://x/jwks'], {}, /^--jwks-url: expected a URL/],
      [['--cors-origin', 'https://shop.example.com/path'], {}, /^--cors-origin: expected an origin/],
      [['--cors-origin', '*'], {}, /^--cors-origin: expected an origin/],
      [['--cors-origin'], {}, /^--cors-origin: expected a value$/],
      [[], { DASHKIT_CORS_ORIGIN: 'https://ok.example.com,nope' }, /^DASHKIT_CORS_ORIGIN: expected an origin.*"nope"$/],
      [['--listen-notify'], {}, /^--listen-notify: needs a PostgreSQL database/],
      [[], { DASHKIT_LISTEN_NOTIFY: 'perhaps' }, /^DASHKIT_LISTEN_NOTIFY:/],
    ];
    for (const [argv, env, message] of cases) expect(failure(argv, env), JSON.stringify([argv, env])).toMatch(message);
  });

  it('reads --rollups, --no-rollups and --rollup-schema, or DASHKIT_ROLLUPS and DASHKIT_ROLLUP_SCHEMA', () => {
    expect(config([])).not.toHaveProperty('rollups');
    expect(config([])).not.toHaveProperty('rollupSchema');
    expect(config(['--rollups', '--rollup-schema', 'analytics'])).toMatchObject({
      rollups: true,
      rollupSchema: 'analytics',
    });
    expect(config(['--no-rollups']).rollups).toBe(false);
    expect(config([], { DASHKIT_ROLLUPS: '0', DASHKIT_ROLLUP_SCHEMA: 'dk_rollups' })).toMatchObject({
      rollups: false,
      rollupSchema: 'dk_rollups',
    });
    expect(config([], { DASHKIT_ROLLUPS: 'yes' }).rollups).toBe(true);
    // The flag wins over the variable.
    expect(config(['--rollups'], { DASHKIT_ROLLUPS: '0' }).rollups).toBe(true);
    expect(config(['--rollup-schema=mine'], { DASHKIT_ROLLUP_SCHEMA: 'theirs' }).rollupSchema).toBe('mine');
  });

  it('names bad rollup settings', () => {
    const cases: [string[], Record<string, string>, RegExp][] = [
      [['--rollups', '--no-rollups'], {}, /^--rollups, --no-rollups: give one of them, not both$/],
      [['--rollup-schema', 'a;drop'], {}, /^--rollup-schema: expected a schema name/],
      [['--rollup-schema'], {}, /^--rollup-schema: expected a value$/],
      [[], { DASHKIT_ROLLUP_SCHEMA: '1abc' }, /^DASHKIT_ROLLUP_SCHEMA: expected a schema name/],
      [[], { DASHKIT_ROLLUPS: 'sometimes' }, /^DASHKIT_ROLLUPS: expected 1 or 0/],
    ];
    for (const [argv, env, message] of cases) expect(failure(argv, env), JSON.stringify([argv, env])).toMatch(message);
  });

  it('reads --pipeline id[:label], repeatable, or DASHKIT_PIPELINE; and names bad ones', () => {
    expect(config([]).pipelines).toBeUndefined();
    expect(config(['--pipeline', 'quickbooks:QuickBooks sync: nightly', '--pipeline=etl']).pipelines).toEqual([
      { id: 'quickbooks', label: 'QuickBooks sync: nightly' },
      { id: 'etl', label: 'etl' },
    ]);
    const env = { DASHKIT_PIPELINE: 'crm:CRM import, etl' };
    expect(config([], env).pipelines).toEqual([
      { id: 'crm', label: 'CRM import' },
      { id: 'etl', label: 'etl' },
    ]);
    expect(config(['--pipeline', 'x'], env).pipelines).toEqual([{ id: 'x', label: 'x' }]);
    const cases: [string[], Record<string, string>, RegExp][] = [
      [['--pipeline', 'Nightly ETL'], {}, /^--pipeline: expected id or id:label/],
      [['--pipeline', 'etl:'], {}, /^--pipeline: expected a label after the colon/],
      [['--pipeline', 'etl', '--pipeline', 'etl:Again'], {}, /^--pipeline: "etl" given more than once$/],
      [['--pipeline'], {}, /^--pipeline: expected a value$/],
      [[], { DASHKIT_PIPELINE: 'a,a' }, /^DASHKIT_PIPELINE: "a" given more than once$/],
    ];
    for (const [argv, e, message] of cases) expect(failure(argv, e), JSON.stringify([argv, e])).toMatch(message);
  });

  it('turns the rollup flags into the server option, leaving the default alone when none is given', () => {
    expect(rollupOption(config([]))).toEqual({});
    expect(rollupOption(config(['--no-rollups', '--rollup-schema=x']))).toEqual({ rollups: false });
    expect(rollupOption(config(['--rollups']))).toEqual({ rollups: { enabled: true } });
    expect(rollupOption(config(['--rollup-schema=x']))).toEqual({ rollups: { schema: 'x' } });
  });

  it('reads --max-streams and --max-streams-per-subject, or DASHKIT_MAX_STREAMS(_PER_SUBJECT), and checks them', () => {
    expect(config(['--max-streams', '5000', '--max-streams-per-subject=50'])).toMatchObject({
      maxStreams: 5000,
      maxStreamsPerSubject: 50,
    });
    expect(config([], { DASHKIT_MAX_STREAMS: '3000', DASHKIT_MAX_STREAMS_PER_SUBJECT: '5' })).toMatchObject({
      maxStreams: 3000,
      maxStreamsPerSubject: 5,
    });
    expect(config(['--max-streams=10'], { DASHKIT_MAX_STREAMS: '3000' }).maxStreams).toBe(10);
    expect(failure(['--max-streams', '0'])).toMatch(/^--max-streams: expected a whole number from 1 to 1000000/);
    expect(failure([], { DASHKIT_MAX_STREAMS_PER_SUBJECT: 'lots' })).toMatch(
      /^DASHKIT_MAX_STREAMS_PER_SUBJECT: expected/,
    );
  });

  it('documents every flag and its variable in --help', () => {
    for (const flag of [
      'invalidate-secret',
      'jwt-secret',
      'jwks-url',
      'cors-origin',
      'listen-notify',
      'rollups',
      'rollup-schema',
      'max-streams',
      'max-streams-per-subject',
    ]) {
      expect(serve.usage).toContain(`--${flag}`);
      expect(serve.usage).toContain(`DASHKIT_${flag.toUpperCase().replaceAll('-', '_')}`);
    }
    expect(serve.usage).toContain('--no-rollups');
  });

  it('reads --proxy (or DASHKIT_PROXY) as the app origin, which needs a base path', () => {
    expect(config(['--proxy', 'http://127.0.0.1:8000', '--base-path', '/dashboard/api']).proxy).toBe(
      'http://127.0.0.1:8000',
    );
    expect(config([], { DASHKIT_PROXY: 'http://localhost:3000/', DASHKIT_BASE_PATH: '/dash' }).proxy).toBe(
      'http://localhost:3000',
    );
    expect(failure(['--proxy', 'http://127.0.0.1:8000'])).toBe(
      '--proxy: needs --base-path (e.g. /dashboard/api), so that dashkit and your app answer different paths',
    );
    expect(failure(['--proxy', 'http://127.0.0.1:8000/app', '--base-path', '/d'])).toMatch(
      /^--proxy: expected the app's origin only, such as http:\/\/127\.0\.0\.1:8000/,
    );
    expect(failure(['--proxy', 'ftp://x', '--base-path', '/d'])).toMatch(/^--proxy: expected a URL such as/);
    expect(serve.usage).toContain('--proxy <url>');
    expect(serve.usage).toContain('DASHKIT_PROXY');
  });

  it('recognises --help and -h', () => {
    const parsed = parseServeArgs(['-h'], {});
    expect(parsed.ok && parsed.help).toBe(true);
  });
});

describe('serveHandler', () => {
  const root = mkdtempSync(join(tmpdir(), 'dk-serve-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const api = { fetch: async (request: Request) => new Response(`api:${new URL(request.url).pathname}`) };

  it('serves the demo page at /, files under /dist/, and the contract otherwise', async () => {
    const dist = join(root, 'dist');
    mkdirSync(join(dist, 'cdn'), { recursive: true });
    const handler = serveHandler(api, config(['--base-path', '/dash']), dist);
    const page = await handler(new Request('http://x/'));
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await page.text();
    expect(html).toContain('href="/dash/v1/meta"');
    expect(html).toContain('href="/dash/v1/export/aging.csv"');
    expect(html).not.toContain('/dist/cdn/dashkit.js');

    writeFileSync(join(dist, 'cdn', 'dashkit.js'), 'export {};');
    expect(await (await handler(new Request('http://x/'))).text()).toContain(
      '<script type="module" src="/dist/cdn/dashkit.js"></script>',
    );
    const bundle = await handler(new Request('http://x/dist/cdn/dashkit.js'));
    expect(bundle.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await (await handler(new Request('http://x/dash/v1/meta'))).text()).toBe('api:/dash/v1/meta');
    expect((await handler(new Request('http://x/dist/missing.js'))).status).toBe(404);
  });

  it('finds the package root from its own location', () => {
    expect(packageRoot()).toMatch(/\S/);
  });
});

describe('serveHandler with --proxy', () => {
  let app: Server;
  let appUrl = '';
  const seen: { method: string; url: string; host: string; forwarded: string; body: string }[] = [];

  beforeAll(async () => {
    // A stand-in for `manage.py runserver`: echoes what it got, sets two cookies, redirects to its login.
    app = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        seen.push({
          method: req.method ?? '',
          url: req.url ?? '',
          host: req.headers.host ?? '',
          forwarded: String(req.headers['x-forwarded-host']),
          body,
        });
        if (req.url === '/accounts/profile/') {
          res.writeHead(302, { location: '/accounts/login/?next=/accounts/profile/' }).end();
          return;
        }
        res.setHeader('set-cookie', ['sessionid=abc; Path=/; HttpOnly', 'dashkit_token=t0k; Path=/dashboard/api/']);
        res.setHeader('content-type', 'text/html; charset=utf-8');
        res.end(`<p>app page ${req.url}</p>`);
      });
    });
    await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
    appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => app.close(() => resolve())));

  const api = { fetch: async (request: Request) => new Response(`api:${new URL(request.url).pathname}`) };
  const handler = () => serveHandler(api, config(['--proxy', appUrl, '--base-path', '/dashboard/api']), undefined);

  it('answers the base path itself and sends everything else, / included, to the app with the browser’s Host', async () => {
    const h = handler();
    expect(await (await h(new Request('http://127.0.0.1:8787/dashboard/api/v1/meta'))).text()).toBe(
      'api:/dashboard/api/v1/meta',
    );
    const page = await h(new Request('http://127.0.0.1:8787/dashboard/?tab=1'));
    expect(page.status).toBe(200);
    expect(await page.text()).toBe('<p>app page /dashboard/?tab=1</p>');
    expect(page.headers.getSetCookie()).toEqual([
      'sessionid=abc; Path=/; HttpOnly',
      'dashkit_token=t0k; Path=/dashboard/api/',
    ]);
    expect(seen.at(-1)).toMatchObject({ method: 'GET', host: '127.0.0.1:8787', forwarded: '127.0.0.1:8787' });
    expect(await (await h(new Request('http://127.0.0.1:8787/'))).text()).toBe('<p>app page /</p>');
    // A path that only starts like the base path is the app's.
    expect(await (await h(new Request('http://127.0.0.1:8787/dashboard/apiary'))).text()).toBe(
      '<p>app page /dashboard/apiary</p>',
    );
  });

  it('passes request bodies and redirects through unchanged', async () => {
    const h = handler();
    const posted = await h(
      new Request('http://127.0.0.1:8787/admin/shop/order/1/change/', {
        method: 'POST',
        body: 'csrfmiddlewaretoken=x&total=12.50',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      }),
    );
    expect(posted.status).toBe(200);
    expect(seen.at(-1)).toMatchObject({ method: 'POST', body: 'csrfmiddlewaretoken=x&total=12.50' });
    const redirect = await h(new Request('http://127.0.0.1:8787/accounts/profile/'));
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('location')).toBe('/accounts/login/?next=/accounts/profile/');
  });

  it('says what to start when the app does not answer', async () => {
    const down = serveHandler(
      api,
      config(['--proxy', 'http://127.0.0.1:9', '--base-path', '/dashboard/api']),
      undefined,
    );
    const response = await down(new Request('http://127.0.0.1:8787/dashboard/'));
    expect(response.status).toBe(502);
    expect(await response.text()).toMatch(
      /^dashkit serve --proxy: nothing answers at http:\/\/127\.0\.0\.1:9 \(ECONNREFUSED\)\.\nStart your app there/,
    );
  });
});
