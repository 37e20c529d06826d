/**
 * `peek` (through the node adapter) answers exactly as `fetch` does. Each
 * case runs on two identical dashboard servers over one PGlite database,
 * arranged the same way: one served with `peek`, one without. Status,
 * headers (but Date) and body bytes must be equal, and the case says whether
 * `peek` took the request (fresh hits) or left it to `fetch` (everything else).
 */
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type JWTPayload, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HealthResponse, SeriesResponse, StatsResponse } from '../src/contract/index.js';
import { COMMERCE_SCHEMA_SQL } from './demo/schema.js';
import { createDashboardServer, type DashboardServer } from './server.js';
import { toNodeListener } from './node.js';
import type { DashboardServerOptions } from './options.js';
import { createPgliteSource } from './sources/pglite.js';
import type { Source } from './sources/source.js';

const T0 = Date.parse('2026-03-10T12:00:00Z');
const SECRET = 'fast-path-test-secret-long-enough-0123456789';
const ALLOWED = 'https://shop.example.com';
const STATS = '/v1/stats?metrics=revenue,orders,average_order_value&range=30d';
const SERIES = '/v1/series?metrics=revenue&range=7d&granularity=day';
const AGING = '/v1/aging?limit=10';

let inner: Source;
/** While true, every query fails as if the database were down. */
let databaseDown = false;
/** The source every server reads: PGlite, or an outage when `databaseDown`. */
const source: Source = {
  kind: 'pglite',
  query: (sql, params) =>
    databaseDown
      ? Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))
      : inner.query(sql, params),
  exec: (sql) => inner.exec(sql),
  close: async () => {},
};

beforeAll(async () => {
  inner = await createPgliteSource();
  await inner.exec(COMMERCE_SCHEMA_SQL);
  await inner.exec(`
    INSERT INTO customers VALUES (1, 'Ada', null, '2025-01-01'), (2, 'Bob', null, '2026-03-01');
    INSERT INTO orders VALUES
      (1, 1, '2026-03-09T10:00:00Z', 'sale', 100.10),
      (2, 2, '2026-03-08T10:00:00Z', 'done', 250.25),
      (3, 2, '2026-03-05T10:00:00Z', 'cancel', 9.99);
    INSERT INTO invoices VALUES (1, 'INV-1', 1, '2026-01-01', '2026-01-31', 500, 100), (2, 'INV-2', 2, '2026-03-01', '2026-04-01', 80, 0);
  `);
}, 60_000);
afterAll(async () => {
  await inner.close();
});

async function token(claims: JWTPayload): Promise<string> {
  const exp = Math.floor(Date.now() / 1000) + 600;
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuedAt()
    .setExpirationTime(exp)
    .sign(new TextEncoder().encode(SECRET));
}

interface Side {
  dashboard: DashboardServer;
  server: Server;
  origin: string;
  advance(ms: number): void;
  /** Requests peek answered itself. */
  taken: number;
}

async function side(options: DashboardServerOptions, fast: boolean): Promise<Side> {
  let t = T0;
  const dashboard = createDashboardServer({
    source,
    timezone: 'Europe/Berlin',
    now: () => new Date(t),
    logger: { info() {}, warn() {}, error() {} },
    ...options,
  });
  await dashboard.ready;
  const s: Side = {
    dashboard,
    server: undefined as unknown as Server,
    origin: '',
    advance: (ms) => void (t += ms),
    taken: 0,
  };
  s.server = createServer(
    toNodeListener(dashboard, {
      peek: fast
        ? (method, target, headers) => {
            const answer = dashboard.peek(method, target, headers);
            if (answer) s.taken++;
            return answer;
          }
        : false,
      // Only the headers the core says peek reads: a header it reads but does not declare would fail these cases.
      peekHeaders: dashboard.peekHeaders,
    }),
  );
  await new Promise<void>((done) => s.server.listen(0, '127.0.0.1', done));
  s.origin = `http://127.0.0.1:${(s.server.address() as AddressInfo).port}`;
  return s;
}

async function stop(s: Side): Promise<void> {
  s.server.closeAllConnections();
  await new Promise<void>((done) => s.server.close(() => done()));
  await s.dashboard.close();
}

interface Exchange {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A raw HTTP exchange: exactly what went over the wire. */
function exchange(url: string, method: string, headers: Record<string, string>): Promise<Exchange> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { method, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** A request through `fetch` (the normal path): computes and caches what is missing. */
async function warm(s: Side, path: string, headers: Record<string, string> = {}): Promise<Response> {
  const response = await s.dashboard.fetch(new Request(`http://localhost${path}`, { headers }));
  await response.arrayBuffer();
  return response;
}

interface Case {
  name: string;
  options?: DashboardServerOptions;
  path: string;
  method?: 'GET' | 'HEAD';
  /** Headers of the request; `etag` is the ETag of the report when warmed. */
  headers?: (etag: string) => Record<string, string>;
  /** Brings a server into the case's state; default: the report is cached and fresh. */
  arrange?: (s: Side, headers: Record<string, string>) => Promise<void>;
  /** Whether peek answers it itself. */
  fast: boolean;
  status: number;
}

const jwt: DashboardServerOptions = { jwt: { secret: SECRET } };
const cors: DashboardServerOptions = { corsOrigins: [ALLOWED] };
let tokenA = '';
let tokenB = '';
let admin = '';
const bearer = (t: () => string) => () => ({ authorization: `Bearer ${t()}` });

const CASES: Case[] = [
  { name: 'stats, fresh hit', path: STATS, fast: true, status: 200 },
  { name: 'series, fresh hit', path: SERIES, fast: true, status: 200 },
  { name: 'aging, fresh hit', path: AGING, fast: true, status: 200 },
  { name: 'meta, fresh hit', path: '/v1/meta', fast: true, status: 200 },
  {
    name: 'a fresh hit 42 s later: its age and the max-age left',
    path: STATS,
    arrange: async (s) => {
      await warm(s, STATS);
      s.advance(42_000);
    },
    fast: true,
    status: 200,
  },
  { name: 'HEAD, fresh hit', path: STATS, method: 'HEAD', fast: true, status: 200 },
  {
    name: 'If-None-Match matching',
    path: STATS,
    headers: (etag) => ({ 'if-none-match': etag }),
    fast: true,
    status: 304,
  },
  {
    name: 'If-None-Match weak, in a list',
    path: SERIES,
    headers: (etag) => ({ 'if-none-match': `"other", W/${etag}` }),
    fast: true,
    status: 304,
  },
  { name: 'If-None-Match *', path: AGING, headers: () => ({ 'if-none-match': '*' }), fast: true, status: 304 },
  { name: 'If-None-Match other', path: STATS, headers: () => ({ 'if-none-match': '"nope"' }), fast: true, status: 200 },
  {
    name: 'HEAD with If-None-Match matching',
    path: STATS,
    method: 'HEAD',
    headers: (etag) => ({ 'if-none-match': etag }),
    fast: true,
    status: 304,
  },
  { name: 'under a base path', options: { basePath: '/dash/api' }, path: `/dash/api${STATS}`, fast: true, status: 200 },
  {
    name: 'CORS, allowed origin',
    options: cors,
    path: STATS,
    headers: () => ({ origin: ALLOWED }),
    fast: true,
    status: 200,
  },
  {
    name: 'CORS, allowed origin, 304',
    options: cors,
    path: SERIES,
    headers: (etag) => ({ origin: ALLOWED, 'if-none-match': etag }),
    fast: true,
    status: 304,
  },
  {
    name: 'CORS, denied origin',
    options: cors,
    path: STATS,
    headers: () => ({ origin: 'https://evil.example' }),
    fast: true,
    status: 200,
  },
  { name: 'CORS, no origin', options: cors, path: STATS, fast: true, status: 200 },
  { name: 'JWT scope A', options: jwt, path: STATS, headers: bearer(() => tokenA), fast: true, status: 200 },
  { name: 'JWT scope B', options: jwt, path: STATS, headers: bearer(() => tokenB), fast: true, status: 200 },
  { name: 'JWT admin', options: jwt, path: SERIES, headers: bearer(() => admin), fast: true, status: 200 },
  {
    name: 'JWT in the cookie',
    options: jwt,
    path: STATS,
    headers: () => ({ cookie: `theme=dark; dashkit_token=${tokenA}` }),
    fast: true,
    status: 200,
  },
  {
    name: 'JWT scope B asking for what only A has cached',
    options: jwt,
    path: STATS,
    headers: bearer(() => tokenB),
    arrange: async (s) => {
      await warm(s, STATS, { authorization: `Bearer ${tokenA}` });
      await warm(s, SERIES, { authorization: `Bearer ${tokenB}` }); // B's token is known, its stats are not
    },
    fast: false,
    status: 200,
  },
  { name: 'JWT missing', options: jwt, path: STATS, fast: false, status: 401 },
  {
    name: 'JWT malformed header, valid cookie',
    options: jwt,
    path: STATS,
    headers: () => ({ authorization: 'Token abc', cookie: `dashkit_token=${tokenA}` }),
    arrange: async (s) => void (await warm(s, STATS, { authorization: `Bearer ${tokenA}` })),
    fast: false,
    status: 401,
  },
  {
    name: 'JWT forged',
    options: jwt,
    path: STATS,
    headers: () => ({ authorization: `Bearer ${tokenA.slice(0, -4)}AAAA` }),
    arrange: async (s) => void (await warm(s, STATS, { authorization: `Bearer ${tokenA}` })),
    fast: false,
    status: 401,
  },
  {
    name: 'a host authorize hook (never known without awaiting)',
    options: { authorize: () => ({ roles: [], filters: { customer_id: 1 } }) },
    path: STATS,
    fast: false,
    status: 200,
  },
  {
    name: 'stale entry, database down',
    path: STATS,
    arrange: async (s) => {
      await warm(s, STATS);
      s.advance(61_000);
    },
    fast: false,
    status: 200,
  },
  {
    name: 'invalidated entry',
    path: STATS,
    arrange: async (s) => {
      await warm(s, STATS);
      await s.dashboard.invalidate(['orders']);
    },
    fast: false,
    status: 200,
  },
  {
    name: 'entry of another topic survives an invalidation',
    path: AGING,
    arrange: async (s) => {
      await warm(s, AGING);
      await s.dashboard.invalidate(['orders']);
    },
    fast: true,
    status: 200,
  },
  { name: 'cold: not cached yet', path: STATS, arrange: async () => {}, fast: false, status: 200 },
  { name: 'bad parameter', path: '/v1/stats?metrics=revenue&range=fortnight', fast: false, status: 400 },
  { name: 'unknown metric', path: '/v1/stats?metrics=nope', fast: false, status: 400 },
  { name: 'unknown parameter', path: `${STATS}&x=1`, fast: false, status: 400 },
  { name: 'unknown path', path: '/v1/nothing', fast: false, status: 404 },
  {
    name: 'closing server',
    path: STATS,
    arrange: async (s) => {
      await warm(s, STATS);
      void s.dashboard.close();
    },
    fast: false,
    status: 503,
  },
];

/** Headers that differ between any two responses, whoever sends them. */
const VOLATILE = new Set(['date', 'connection', 'keep-alive']);
const stable = (headers: Exchange['headers']) =>
  Object.fromEntries(Object.entries(headers).filter(([name]) => !VOLATILE.has(name)));

describe('peek, through the node adapter, answers byte for byte as fetch does', () => {
  beforeAll(async () => {
    tokenA = await token({ sub: 'a', roles: ['customer'], customer_id: 1 });
    tokenB = await token({ sub: 'b', roles: ['customer'], customer_id: 2 });
    admin = await token({ sub: 'boss', roles: ['admin'] });
  });

  it.each(CASES)('$name', async (c) => {
    const fastSide = await side(c.options ?? {}, true);
    const slowSide = await side(c.options ?? {}, false);
    try {
      const credentials = Object.fromEntries(
        Object.entries(c.headers?.('') ?? {}).filter(([name]) => name === 'authorization' || name === 'cookie'),
      );
      const exchanges: Exchange[] = [];
      for (const s of [fastSide, slowSide]) {
        // The report's ETag, as a client holds it from an earlier response; then the cache is emptied again.
        const etag = (await warm(s, c.path, credentials)).headers.get('etag') ?? '';
        await s.dashboard.invalidate(['orders', 'customers', 'invoices', 'products']);
        const headers = c.headers?.(etag) ?? {};
        await (c.arrange ?? ((side, h) => warm(side, c.path, h).then(() => {})))(s, headersForWarm(headers));
        databaseDown = c.name.includes('database down');
        try {
          exchanges.push(await exchange(s.origin + c.path, c.method ?? 'GET', headers));
        } finally {
          databaseDown = false;
        }
      }
      const [viaFast, viaFetch] = exchanges as [Exchange, Exchange];
      expect(viaFast.status).toBe(c.status);
      expect(stable(viaFast.headers)).toEqual(stable(viaFetch.headers));
      expect(viaFast.body.equals(viaFetch.body), `${viaFast.body}\n!==\n${viaFetch.body}`).toBe(true);
      expect(fastSide.taken).toBe(c.fast ? 1 : 0);
      expect(slowSide.taken).toBe(0);
    } finally {
      await stop(fastSide);
      await stop(slowSide);
    }
  });
});

/** A warm-up request carries the case's credentials and origin, never its conditional headers. */
function headersForWarm(headers: Record<string, string>): Record<string, string> {
  const { 'if-none-match': _ignored, ...rest } = headers;
  return rest;
}

describe('peek through the node adapter', () => {
  it('keeps scopes apart: each token gets its own rows, valid against the contract', async () => {
    const s = await side(jwt, true);
    try {
      const a = { authorization: `Bearer ${tokenA}` };
      const b = { authorization: `Bearer ${tokenB}` };
      await warm(s, STATS, a);
      await warm(s, STATS, b);
      const [viaA, viaB] = [await exchange(s.origin + STATS, 'GET', a), await exchange(s.origin + STATS, 'GET', b)];
      expect(s.taken).toBe(2);
      const revenue = (body: Buffer) => StatsResponse.parse(JSON.parse(body.toString())).stats[0]?.value;
      expect(revenue(viaA.body)).toBe('100.10');
      expect(revenue(viaB.body)).toBe('250.25');
      expect(viaA.headers.etag).not.toBe(viaB.headers.etag);
    } finally {
      await stop(s);
    }
  });

  it('answers with valid contract bodies marked as fresh hits', async () => {
    const s = await side({}, true);
    try {
      await warm(s, SERIES);
      const { status, body } = await exchange(s.origin + SERIES, 'GET', {});
      expect(status).toBe(200);
      expect(s.taken).toBe(1);
      const series = SeriesResponse.parse(JSON.parse(body.toString()));
      expect(series.cache).toEqual({ hit: true, ageSeconds: 0, stale: false, refreshFailed: false });
      expect(series.series[0]?.points).toHaveLength(7);
    } finally {
      await stop(s);
    }
  });

  it('answers GET and HEAD of one URL each with its own answer, however they alternate', async () => {
    const s = await side({}, true);
    try {
      await warm(s, STATS);
      for (const method of ['GET', 'HEAD', 'HEAD', 'GET', 'GET', 'HEAD']) {
        const answer = s.dashboard.peek(method, STATS, {});
        expect(answer?.status, method).toBe(200);
        if (method === 'HEAD') expect(answer?.body, method).toBeNull();
        else expect(JSON.parse(new TextDecoder().decode(answer!.body!)).cache.hit, method).toBe(true);
        expect(answer?.headers['content-length'], method).toMatch(/^[1-9]\d+$/);
      }
    } finally {
      await stop(s);
    }
  });

  it('counts its requests and hits in v1/health', async () => {
    const s = await side({}, true);
    try {
      await warm(s, STATS);
      for (let i = 0; i < 3; i++) await exchange(s.origin + STATS, 'GET', {});
      await exchange(s.origin + STATS, 'HEAD', {});
      expect(s.taken).toBe(4);
      const response = await s.dashboard.fetch(new Request('http://localhost/v1/health'));
      const health = HealthResponse.parse(await response.json());
      // The warm-up went through fetch (a miss), the four others through peek (hits).
      expect(health.endpoints.find((e) => e.endpoint === 'stats')).toMatchObject({ requests: 5, errors: 0 });
      expect(health.cache).toMatchObject({ hits: 4, misses: 1 });
    } finally {
      await stop(s);
    }
  });
});

/** One request of a sequence, after moving both servers' clocks by `advance` ms (negative: set back). */
interface Step {
  advance?: number;
  method?: 'GET' | 'HEAD';
  /** The token of the caller; none: no credentials. */
  who?: 'a' | 'b';
  origin?: string;
  /** Send the ETag of the last 200 answer as If-None-Match. */
  conditional?: boolean;
  /** Before the request: invalidate `orders` and let `fetch` compute the report again, on both servers. */
  recompute?: boolean;
  /** Whether peek answers it itself. */
  fast: boolean;
  /** Ask once, not twice (a stale answer: its refresh runs in the background, done at no set time). */
  once?: boolean;
}

describe('peek, asked again and again, answers each time as fetch does', () => {
  beforeAll(async () => {
    tokenA ||= await token({ sub: 'a', roles: ['customer'], customer_id: 1 });
    tokenB ||= await token({ sub: 'b', roles: ['customer'], customer_id: 2 });
  });

  // The report is computed 250 ms into a second: `ageSeconds` moves 1000 ms after that, `max-age` likewise,
  // and the entry goes stale 60 s after it (the stats TTL). Each entry's rendered answer is kept and reused
  // within a second: every step that changes what the answer depends on (the clock across a second, the caller,
  // the method, the conditional, the origin, a new entry) must give the answer fetch gives.
  const STEPS: Step[] = [
    { who: 'a', fast: true },
    { who: 'a', fast: true },
    { advance: 700, who: 'a', fast: true },
    { advance: 299, who: 'a', fast: true }, // 999 ms old
    { advance: 1, who: 'a', fast: true }, // 1000 ms old: ageSeconds 1, max-age 59
    { advance: 1, who: 'a', fast: true },
    { who: 'a', method: 'HEAD', fast: true },
    { who: 'a', fast: true },
    { who: 'a', conditional: true, fast: true },
    { who: 'a', conditional: true, method: 'HEAD', fast: true },
    { who: 'a', origin: ALLOWED, fast: true },
    { who: 'a', origin: 'https://evil.example', fast: true },
    { who: 'a', origin: ALLOWED, fast: true },
    { who: 'b', fast: false }, // B's token is not known yet: fetch verifies it and computes B's report
    { who: 'b', fast: true },
    { who: 'a', fast: true },
    { who: 'b', fast: true },
    { who: 'a', fast: true },
    { advance: -1500, who: 'a', fast: true }, // the clock set back to before the report was computed: ageSeconds 0
    { advance: 1500, who: 'a', fast: true },
    { advance: 58_998, who: 'a', fast: true }, // 59 999 ms old: max-age 0
    { advance: 1, who: 'a', fast: false, once: true }, // stale: fetch answers (and refreshes)
    { recompute: true, who: 'a', fast: true }, // a new entry for the same URL
    { advance: 400, who: 'a', fast: true },
    { recompute: true, who: 'a', fast: true }, // another, within the same second of both
    { who: 'a', conditional: true, fast: true },
    { who: 'a', fast: true },
  ];

  it('over a sequence of requests to one URL', async () => {
    const options: DashboardServerOptions = { ...jwt, ...cors };
    const fastSide = await side(options, true);
    const slowSide = await side(options, false);
    const sides = [fastSide, slowSide];
    const credentials = (who: Step['who']): Record<string, string> =>
      who ? { authorization: `Bearer ${who === 'a' ? tokenA : tokenB}` } : {};
    try {
      for (const s of sides) {
        s.advance(250);
        await warm(s, STATS, credentials('a'));
      }
      let etag = '';
      for (const [i, step] of STEPS.entries()) {
        if (step.advance) for (const s of sides) s.advance(step.advance);
        if (step.recompute) {
          for (const s of sides) {
            await s.dashboard.invalidate(['orders']);
            await warm(s, STATS, credentials(step.who));
          }
        }
        const headers: Record<string, string> = {
          ...credentials(step.who),
          ...(step.origin ? { origin: step.origin } : {}),
          ...(step.conditional ? { 'if-none-match': etag } : {}),
        };
        // Twice: the first request may be worked out afresh, the second reuses what the first kept.
        for (const time of step.once ? [1] : [1, 2]) {
          const taken = fastSide.taken;
          const [viaFast, viaFetch] = await Promise.all(
            sides.map((s) => exchange(s.origin + STATS, step.method ?? 'GET', headers)),
          );
          const at = `step ${i + 1} (${JSON.stringify(step)}), request ${time}`;
          expect(viaFast!.status, at).toBe(viaFetch!.status);
          expect(stable(viaFast!.headers), at).toEqual(stable(viaFetch!.headers));
          expect(viaFast!.body.equals(viaFetch!.body), `${at}: ${viaFast!.body}\n!==\n${viaFetch!.body}`).toBe(true);
          // A request fetch answered (a scope not known yet) makes the next one a fresh hit.
          expect(fastSide.taken - taken, at).toBe(step.fast || time === 2 ? 1 : 0);
          if (viaFast!.status === 200 && step.who === 'a') etag = String(viaFast!.headers.etag);
        }
      }
      // Every answer was counted: hits through peek and fetch alike.
      const health = async (s: Side) =>
        HealthResponse.parse(await (await s.dashboard.fetch(new Request('http://localhost/v1/health'))).json());
      const [fast, slow] = await Promise.all(sides.map(health));
      expect(fast!.cache).toEqual(slow!.cache);
      expect(fast!.endpoints.find((e) => e.endpoint === 'stats')?.requests).toBe(
        slow!.endpoints.find((e) => e.endpoint === 'stats')?.requests,
      );
    } finally {
      await stop(fastSide);
      await stop(slowSide);
    }
  });
});
