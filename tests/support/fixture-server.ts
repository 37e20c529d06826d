/**
 * A fixture backend for the browser tests: a real HTTP server on another
 * origin than the test page (so CORS, credentials and EventSource are
 * exercised for real), answering every contract endpoint with JSON that
 * validates against the contract schemas.
 *
 * Started once by the browser project's `globalSetup` (vitest.config.ts), which
 * `provide`s its URL as `fixtureServer`. Tests use tests/support/fixture-backend.ts:
 *
 *   const api = await fixtureBackend();             // a private namespace: {origin}/t/<id>
 *   el.src = api.base;                              // widgets fetch {base}/v1/...
 *   await api.control({ fail: { path: 'v1/stats' } });  // the next v1/stats answers 500
 *   await api.requests('v1/stats');                 // what reached the server (query, authorization, cookie…)
 *   await api.emit(['orders']);                     // SSE `invalidate` to this namespace's v1/events clients
 *
 * Every test gets its own namespace, so parallel test files never see each
 * other's controls, requests or events. See {@link Controls} for the knobs.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ENDPOINTS, Problem, type EndpointName } from '../../src/contract/index.js';
import type { BreakdownResponse } from '../../src/contract/breakdown.js';
import type { MetaResponse } from '../../src/contract/meta.js';
import type { StatsResponse } from '../../src/contract/stats.js';
import type { ActivityItem, ActivityResponse } from '../../src/contract/activity.js';
import { buildActivity, buildStats } from './fixture-data.js';

/** Per-namespace knobs, set with `POST {base}/__control` (a JSON object; fields merge into the current ones). */
export interface Controls {
  /** The next `times` (default 1) requests for `path` (e.g. `v1/stats`; default any JSON endpoint but v1/meta) answer `status` (default 500). */
  fail?: { path?: string; times?: number; status?: number } | null;
  /** Every JSON answer (or those for `path`) waits this long first. */
  delay?: { ms: number; path?: string } | null;
  /** Requests for this path are held unanswered until a control `{ release: true }` (or the next `hold`). */
  hold?: string | null;
  /**
   * While set, answers are stale: `true` (or `'failed'`) as data kept after a failed refresh
   * (`refreshFailed: true`), `'revalidating'` as a normal stale-while-revalidate answer (`refreshFailed: false`).
   */
  stale?: boolean | 'failed' | 'revalidating';
  /** Serve a fixture variant, e.g. `{ lowStock: 'empty' }` → tests/fixtures/lowStock.empty.json. */
  variants?: Partial<Record<EndpointName, string>>;
  /** Fields merged over the served `v1/meta`, e.g. `{ locale: 'fa-IR', currency: 'IRR' }` or `{ live: false }`. */
  meta?: Partial<MetaResponse>;
  /** Optional fields left out of the served `v1/meta`, as a backend that does not know them would, e.g. `['reportTopics']`. */
  metaWithout?: (keyof MetaResponse)[];
  /** The next N connections to v1/events answer 503 (EventSource then gives up; the board retries). */
  failEvents?: number;
  /** Tokens refused with 401 (expired, say), as `Authorization: Bearer` or, on v1/events, `access_token`. */
  rejectTokens?: string[];
}

/** One-shot actions, also sent to `POST {base}/__control`. */
export interface Actions {
  /** Sends `event: invalidate` with these topics to every open v1/events stream of the namespace (and bumps values). */
  emit?: { topics: string[] };
  /** Ends every open v1/events stream of the namespace (EventSource reconnects by itself). */
  drop?: boolean;
  /** Answers the held requests. */
  release?: boolean;
  /** Back to no controls and an empty request log. */
  reset?: boolean;
  /** This many new orders arrive at the top of `v1/activity` (dated now, customer 2); `emit` tells the widgets. */
  arrive?: number;
}

/** What the server saw, from `GET {base}/__requests`. */
export interface LoggedRequest {
  method: string;
  /** Path under the namespace, e.g. `v1/stats`. */
  path: string;
  query: Record<string, string>;
  authorization: string | null;
  cookie: string | null;
  origin: string | null;
  /** A POST's JSON body (`POST v1/render.{format}`'s board). */
  body?: unknown;
}

/** State from `GET {base}/__state`. */
export interface NamespaceState {
  /** Open v1/events streams. */
  clients: number;
  /** Invalidations emitted so far (values grow with it, so a refetch shows). */
  version: number;
}

interface Namespace {
  controls: Controls;
  log: LoggedRequest[];
  clients: Set<ServerResponse>;
  held: (() => void)[];
  version: number;
  /** Orders added to `v1/activity` by `arrive`, newest first. */
  arrived: ActivityItem[];
}

const FIXTURES = new URL('../fixtures/', import.meta.url);
const JSON_PATHS = new Map<string, EndpointName>(
  Object.entries(ENDPOINTS).map(([name, def]) => [def.path, name as EndpointName]),
);

/** Loads tests/fixtures/*.json and checks each against its schema: a server that serves invalid data proves nothing. */
function loadFixtures(): Map<string, unknown> {
  const fixtures = new Map<string, unknown>();
  const problems: string[] = [];
  for (const file of readdirSync(FIXTURES).filter((f) => f.endsWith('.json'))) {
    const body: unknown = JSON.parse(readFileSync(new URL(file, FIXTURES), 'utf8'));
    const name = file.split('.')[0]!;
    const schema = file.startsWith('problem-') ? Problem : ENDPOINTS[name as EndpointName]?.response;
    if (!schema) continue;
    const result = schema.safeParse(body);
    if (!result.success)
      problems.push(`${file}: ${result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    fixtures.set(file.slice(0, -'.json'.length), body);
  }
  if (problems.length > 0) throw new Error(`fixture server: fixtures break contract v1:\n  ${problems.join('\n  ')}`);
  return fixtures;
}

function cors(req: IncomingMessage, res: ServerResponse): void {
  const origin = req.headers.origin;
  if (origin) {
    res.setHeader('access-control-allow-origin', origin);
    res.setHeader('access-control-allow-credentials', 'true');
    res.setHeader('vary', 'Origin');
  }
}

function send(res: ServerResponse, status: number, body: unknown, type = 'application/json'): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

function problem(res: ServerResponse, status: number, detail: string): void {
  send(
    res,
    status,
    {
      type: 'about:blank',
      title: status >= 500 ? 'Internal Server Error' : status === 401 ? 'Unauthorized' : 'Bad Request',
      status,
      detail,
    },
    'application/problem+json',
  );
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  let text = '';
  for await (const chunk of req) text += String(chunk);
  return text ? (JSON.parse(text) as Record<string, unknown>) : {};
}

export interface FixtureServer {
  /** Origin of the server, e.g. `http://localhost:43121` (namespaces live under `{url}/t/<id>`). */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Starts the server on 127.0.0.1 and a free port. */
export async function startFixtureServer(): Promise<FixtureServer> {
  const fixtures = loadFixtures();
  const commerce = (fixtures.get('meta.commerce') ?? fixtures.get('meta')) as MetaResponse;
  const customerNames = new Map(
    (fixtures.get('breakdown') as BreakdownResponse).rows.map((r) => [r.key, r.label] as const),
  );
  const namespaces = new Map<string, Namespace>();
  const heartbeat = setInterval(() => {
    for (const ns of namespaces.values()) for (const client of ns.clients) client.write(': heartbeat\n\n');
  }, 15_000);
  heartbeat.unref();

  const namespace = (id: string): Namespace => {
    let ns = namespaces.get(id);
    if (!ns) {
      ns = { controls: {}, log: [], clients: new Set(), held: [], version: 0, arrived: [] };
      namespaces.set(id, ns);
    }
    return ns;
  };

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    cors(req, res);
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        'access-control-allow-methods': 'GET, POST, OPTIONS',
        'access-control-allow-headers': req.headers['access-control-request-headers'] ?? 'authorization, content-type',
        'access-control-max-age': '600',
      });
      res.end();
      return;
    }
    const url = new URL(req.url ?? '/', 'http://fixture');
    const match = /^\/t\/([\w-]+)\/(.*)$/.exec(url.pathname);
    if (!match) return problem(res, 404, `expected /t/<namespace>/…, got ${url.pathname}`);
    const ns = namespace(match[1]!);
    const path = match[2]!;
    const query = Object.fromEntries(url.searchParams);

    if (path === '__control' && req.method === 'POST') {
      const body = (await readJson(req)) as Controls & Actions;
      const { emit, drop, release, reset, arrive, ...controls } = body;
      for (let i = 0; i < (arrive ?? 0); i++) {
        const id = 2000 + ns.arrived.length;
        ns.arrived.unshift({
          id,
          kind: 'order',
          at: new Date().toISOString(),
          title: `Order #${id}`,
          amount: '19.90',
          status: 'sale',
          customer: { id: 2, name: 'Nordwind Logistik GmbH' },
        });
      }
      if (reset) {
        ns.controls = {};
        ns.log = [];
      }
      Object.assign(ns.controls, controls);
      let delivered = 0;
      if (emit) {
        ns.version++;
        const data = JSON.stringify({ topics: emit.topics, at: new Date().toISOString() });
        for (const client of ns.clients) client.write(`event: invalidate\ndata: ${data}\n\n`);
        delivered = ns.clients.size;
      }
      if (drop) for (const client of ns.clients) client.destroy();
      if (release || controls.hold !== undefined) for (const answer of ns.held.splice(0)) answer();
      return send(res, 200, { ok: true, delivered });
    }
    if (path === '__requests') return send(res, 200, ns.log);
    if (path === '__state')
      return send(res, 200, { clients: ns.clients.size, version: ns.version } satisfies NamespaceState);
    if (path === '__login') {
      // Scoped to the namespace's path, so parallel tests never overwrite each other's cookie.
      res.setHeader('set-cookie', `dashkit_session=${match[1]}; Path=/t/${match[1]}/; SameSite=Lax; HttpOnly`);
      return send(res, 200, { ok: true });
    }

    ns.log.push({
      method: req.method ?? 'GET',
      path,
      query,
      authorization: req.headers.authorization ?? null,
      cookie: req.headers.cookie ?? null,
      origin: req.headers.origin ?? null,
      ...(req.method === 'POST' ? { body: await readJson(req) } : {}),
    });

    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? query['access_token'];
    if (bearer !== undefined && ns.controls.rejectTokens?.includes(bearer)) {
      return problem(res, 401, 'bearer token: expired (fixture control rejectTokens)');
    }

    if (path === 'v1/events') {
      if (ns.controls.failEvents) {
        ns.controls.failEvents--;
        return problem(res, 503, 'event stream unavailable (fixture control failEvents)');
      }
      res.writeHead(200, {
        'content-type': 'text/event-stream',
        'cache-control': 'no-store',
        connection: 'keep-alive',
      });
      // A short retry keeps reconnection tests fast; a real server says a few seconds.
      res.write('retry: 200\n\n');
      ns.clients.add(res);
      res.on('close', () => ns.clients.delete(res));
      return;
    }

    const { fail, delay, hold, stale, variants, meta: metaOverride, metaWithout } = ns.controls;
    if (fail && (fail.path ? fail.path === path : path !== 'v1/meta')) {
      const times = (fail.times ?? 1) - 1;
      ns.controls.fail = times > 0 ? { ...fail, times } : null;
      return problem(res, fail.status ?? 500, `the database did not answer (fixture control fail on ${path})`);
    }
    if (delay && (!delay.path || delay.path === path)) await new Promise((r) => setTimeout(r, delay.ms));
    if (hold === path) await new Promise<void>((r) => ns.held.push(r));

    const meta: MetaResponse = { ...commerce, live: true, ...metaOverride };
    for (const field of metaWithout ?? []) delete meta[field];
    // A rendered board: the fixture's bytes are a marker, the request log holds the board that was sent.
    const rendered = /^v1\/render\.(pdf|png|svg|html)$/.exec(path);
    if (rendered && req.method === 'POST') {
      res.writeHead(200, { 'content-type': `application/${rendered[1]}` });
      res.end(`rendered ${rendered[1]}`);
      return;
    }
    const csv = /^v1\/export\/([\w-]+)\.csv$/.exec(path);
    if (csv) {
      res.writeHead(200, {
        'content-type': 'text/csv; charset=utf-8',
        'content-disposition': `attachment; filename="${csv[1]}.csv"`,
      });
      res.end('customer,total\r\nAcme Ltd,3120.50\r\n');
      return;
    }
    const name =
      JSON_PATHS.get(path) ?? (/^v1\/aging\/customers\/[^/]+\/invoices$/.test(path) ? 'agingInvoices' : undefined);
    if (!name) return problem(res, 404, `no endpoint ${path}`);

    let body: unknown;
    if (name === 'meta') body = meta;
    else if (name === 'stats') body = buildStats(fixtures.get('stats') as StatsResponse, meta, query, ns.version);
    else if (name === 'activity' && !variants?.activity)
      body = buildActivity(fixtures.get('activity') as ActivityResponse, ns.arrived, query);
    else {
      const variant = variants?.[name];
      body = structuredClone(fixtures.get(variant ? `${name}.${variant}` : name));
      if (body === undefined)
        return problem(res, 500, `no fixture tests/fixtures/${name}${variant ? `.${variant}` : ''}.json`);
    }
    // Filters are echoed as a backend would, labelled by the breakdown fixture's customer names; the numbers
    // stay the fixture's (what a widget sends is what the tests look at, in the request log).
    if (body && typeof body === 'object' && name !== 'meta') {
      const echo = body as { filters?: unknown; bucket?: string };
      if (query['filter'])
        echo.filters = query['filter'].split(',').map((pair) => {
          const [dimension = '', value = ''] = pair.split(':');
          return { dimension, value, label: customerNames.get(value) ?? value };
        });
      if (name === 'aging' && query['bucket']) echo.bucket = query['bucket'];
    }
    if (stale && body && typeof body === 'object' && 'cache' in body) {
      (body as { cache: unknown }).cache = {
        hit: true,
        ageSeconds: 600,
        stale: true,
        refreshFailed: stale !== 'revalidating',
      };
    }
    const checked = ENDPOINTS[name].response.safeParse(body);
    if (!checked.success) return problem(res, 500, `fixture server built an invalid ${path}: ${checked.error.message}`);
    send(res, 200, body);
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) problem(res, 500, String(error));
      else res.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    // `localhost` rather than 127.0.0.1: the test page is served from localhost, and a cookie set by this
    // server is only sent back on requests that are same-site (another port is another origin, not another site).
    url: `http://localhost:${port}`,
    port,
    async close() {
      clearInterval(heartbeat);
      for (const ns of namespaces.values()) for (const client of ns.clients) client.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** Origin of the fixture backend (tests/support/fixture-server.ts). */
    fixtureServer: string;
  }
}

/** Vitest `globalSetup` of the browser project: starts the server and provides its URL as `fixtureServer`. */
export default async function setup({ provide }: { provide: (key: 'fixtureServer', value: string) => void }) {
  const server = await startFixtureServer();
  provide('fixtureServer', server.url);
  return () => server.close();
}
