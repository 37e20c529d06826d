/**
 * Real services for the integration tests: PostgreSQL in a uniquely named
 * schema (dropped afterwards; from tests/support/databases.ts), Redis (the
 * shared one, or a private `redis-server` a test can kill), a TCP proxy a
 * test can cut to take the database away, and dashboard servers listening
 * on node:http.
 *
 * Skip rule (PostgreSQL: tests/support/databases.ts; Redis: redisTarget in
 * server-adapter/cache/store.suite.ts): a service is skipped only when its
 * variable is unset, the default address does not answer, and CI is not
 * `true`; in CI an unreachable service fails the run.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { expect } from 'vitest';
import { HealthResponse, StatsResponse } from '../../../src/contract/index.js';
import { redisTarget } from '../../../server-adapter/cache/store.suite.js';
import { createDashboardServer, type DashboardServer } from '../../../server-adapter/server.js';
import { listen, type Listening } from '../../../server-adapter/node.js';
import type { Logger } from '../../../server-adapter/logger.js';
import type { DashboardServerOptions } from '../../../server-adapter/options.js';
import type { Source } from '../../../server-adapter/sources/source.js';
import { pgSchemaDatabase } from '../../support/databases.js';

export { DATABASE_URL as PG_URL, PG_ENABLED, withSearchPath } from '../../support/databases.js';

const redis = await redisTarget();
export const REDIS_URL = redis.url;
export const REDIS_ENABLED = !redis.skip;

/** The `redis-server` executable a private Redis runs (`REDIS_SERVER`, else from `PATH`). */
export const REDIS_SERVER_BIN = process.env.REDIS_SERVER ?? 'redis-server';

/**
 * Whether the tests that need a private Redis run: when `redis-server` starts
 * here, and always with `CI=true` (where a missing one fails them).
 */
export const REDIS_SERVER_ENABLED = ((): boolean => {
  try {
    execFileSync(REDIS_SERVER_BIN, ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return process.env.CI === 'true';
  }
})();

export interface TestSchema {
  schema: string;
  /** Connection string whose connections use the schema. */
  url: string;
  /** A small pool on the schema, for seeding and changing data. */
  db: Source;
  drop(): Promise<void>;
}

/** A new `dk_<random>` schema with the commerce tables (tests/support/databases.ts, named for these tests). */
export async function createSchema(): Promise<TestSchema> {
  const { schema, url, source, close } = await pgSchemaDatabase({ poolMax: 2 });
  return { schema, url, db: source, drop: close };
}

/**
 * Three customers, January 2026 (query it with `range=custom&from=2026-01-01&to=2026-01-31&compare=none`):
 * revenue 360.50 in 4 orders (customer 1: 150.50 in 2; 2: 200.00; 3: 10.00; a draft and a cancelled order
 * count for nobody); as of 2026-02-15 receivables 260.00 (customer 1: 100.00, 26 days overdue; 2: 150.00,
 * 8 days overdue; 3: 10.00, current).
 */
export const TINY = {
  period: 'range=custom&from=2026-01-01&to=2026-01-31&compare=none',
  asOf: '2026-02-15',
  revenue: { all: '360.50', 1: '150.50', 2: '200.00', 3: '10.00' },
  receivables: { all: '260.00', 1: '100.00' },
} as const;

export async function seedTiny(db: Source): Promise<void> {
  await db.exec(`
    INSERT INTO customers (id, name, email, created_at) VALUES
      (1, 'Acme', 'a@example.com', '2025-06-01T00:00:00Z'),
      (2, 'Globex', 'g@example.com', '2025-07-01T00:00:00Z'),
      (3, 'Initech', 'i@example.com', '2025-08-01T00:00:00Z');
    INSERT INTO orders (id, customer_id, ordered_at, state, amount) VALUES
      (1, 1, '2026-01-05T10:00:00Z', 'sale', 100.00),
      (2, 1, '2026-01-10T10:00:00Z', 'done', 50.50),
      (3, 2, '2026-01-07T10:00:00Z', 'sale', 200.00),
      (4, 3, '2026-01-20T10:00:00Z', 'sale', 10.00),
      (5, 2, '2026-01-21T10:00:00Z', 'draft', 999.00),
      (6, 1, '2026-01-22T10:00:00Z', 'cancel', 999.00);
    INSERT INTO invoices (id, number, customer_id, issued_on, due_on, amount, amount_paid) VALUES
      (1, 'INV-1', 1, '2026-01-05', '2026-01-20', 100.00, 0),
      (2, 'INV-2', 2, '2026-01-07', '2026-02-07', 200.00, 50.00),
      (3, 'INV-3', 3, '2026-01-20', '2026-03-01', 10.00, 0);
    INSERT INTO products (id, sku, name, quantity, reorder_level) VALUES
      (1, 'SKU-1', 'Widget', 0, 5),
      (2, 'SKU-2', 'Gadget', 50, 10);
  `);
}

let nextOrderId = 1000;
/** Inserts one confirmed order in January 2026; returns its id. */
export async function insertOrder(db: Source, customer: number, amount: string): Promise<number> {
  const id = nextOrderId++;
  await db.query(
    `INSERT INTO orders (id, customer_id, ordered_at, state, amount) VALUES ($1, $2, '2026-01-15T12:00:00Z', 'sale', $3)`,
    [id, customer, amount],
  );
  return id;
}

/** A logger that keeps what it is told. */
export function recordingLogger(): Logger & { lines: { level: string; message: string }[] } {
  const lines: { level: string; message: string }[] = [];
  return {
    lines,
    info: (message) => void lines.push({ level: 'info', message }),
    warn: (message) => void lines.push({ level: 'warn', message }),
    error: (message) => void lines.push({ level: 'error', message }),
  };
}

export interface Instance {
  server: DashboardServer;
  http: Listening;
  /** `http://127.0.0.1:<port>/` */
  base: string;
  get(path: string, init?: RequestInit): Promise<Response>;
  json<T = Record<string, unknown>>(path: string, init?: RequestInit): Promise<{ status: number; body: T }>;
  close(): Promise<void>;
}

/** A dashboard server on node:http, port 0. */
export async function startInstance(options: DashboardServerOptions): Promise<Instance> {
  const server = createDashboardServer(options);
  await server.ready;
  const http = await listen(server, { port: 0, graceMs: 2000 });
  const base = `${http.url}/`;
  const get = (path: string, init?: RequestInit) => fetch(new URL(path, base), init);
  return {
    server,
    http,
    base,
    get,
    async json<T>(path: string, init?: RequestInit) {
      const response = await get(path, init);
      return { status: response.status, body: (await response.json()) as T };
    },
    close: () => http.close(),
  };
}

/** The first stat of a `v1/stats` answer and its cache flags; fails the test unless the status is 200. */
export async function firstStat(
  instance: Instance,
  path: string,
): Promise<{ value: unknown; hit: boolean; stale: boolean }> {
  const { status, body } = await instance.json(path);
  expect(status).toBe(200);
  const stats = StatsResponse.parse(body);
  return { value: stats.stats[0]?.value, hit: stats.cache.hit, stale: stats.cache.stale };
}

/** `v1/health`, parsed. */
export async function healthOf(instance: Instance): Promise<HealthResponse> {
  return HealthResponse.parse((await instance.json('v1/health')).body);
}

/** `POST v1/invalidate` with `{"topics":[…]}` and the webhook's bearer `secret`. */
export function postInvalidate(instance: Instance, secret: string, topics: string[]): Promise<Response> {
  return instance.get('v1/invalidate', {
    method: 'POST',
    headers: { authorization: `Bearer ${secret}`, 'content-type': 'application/json' },
    body: JSON.stringify({ topics }),
  });
}

/** A port nobody listens on right now. */
export async function sparePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface PrivateRedis {
  port: number;
  url: string;
  start(): Promise<void>;
  /** SIGKILL: no goodbye to the clients, like a crash. */
  kill(): Promise<void>;
  /** SIGSTOP: the process keeps its sockets but answers nothing (a paused VM, a full network buffer). */
  pause(): void;
  /** SIGCONT. */
  resume(): void;
}

/**
 * A `redis-server` of the test's own on a spare port (not started yet);
 * without persistence, unless `dir` is given: then it loads `dir/dump.rdb`
 * on start, and a `SAVE` writes it, as a Redis restarted from its snapshot.
 */
export async function privateRedis(options: { dir?: string } = {}): Promise<PrivateRedis> {
  const port = await sparePort();
  let child: ChildProcess | undefined;
  const persistence = options.dir ? ['--dir', options.dir, '--dbfilename', 'dump.rdb'] : [];
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    pause: () => void child?.kill('SIGSTOP'),
    resume: () => void child?.kill('SIGCONT'),
    async start() {
      const started = spawn(
        REDIS_SERVER_BIN,
        [
          ...[
            '--port',
            String(port),
            '--bind',
            '127.0.0.1',
            '--save',
            '',
            '--appendonly',
            'no',
            '--loglevel',
            'notice',
          ],
          ...persistence,
        ],
        { stdio: ['ignore', 'pipe', 'pipe'] },
      );
      child = started;
      await new Promise<void>((resolve, reject) => {
        let output = '';
        started.once('error', reject);
        started.once('exit', (code) => reject(new Error(`redis-server exited with ${code}: ${output}`)));
        started.stdout!.setEncoding('utf8');
        started.stdout!.on('data', (chunk: string) => {
          output += chunk;
          if (output.includes('Ready to accept connections')) resolve();
        });
      });
      started.stdout!.resume();
      started.removeAllListeners('exit');
    },
    async kill() {
      const running = child;
      child = undefined;
      if (!running || running.exitCode !== null) return;
      const exited = new Promise((resolve) => running.once('exit', resolve));
      running.kill('SIGCONT');
      running.kill('SIGKILL');
      await exited;
    },
  };
}

export interface TcpProxy {
  port: number;
  /** Accept connections and forward them to the target. */
  up(): Promise<void>;
  /** Refuse new connections and cut every open one: the database is gone. */
  down(): Promise<void>;
}

/** A TCP proxy in front of `target` (host:port), for taking a service away and bringing it back. */
export async function tcpProxy(targetHost: string, targetPort: number): Promise<TcpProxy> {
  const port = await sparePort();
  let server: Server | undefined;
  const sockets = new Set<Socket>();
  return {
    port,
    async up() {
      if (server) return;
      const s = createServer((client) => {
        const upstream = connect({ host: targetHost, port: targetPort });
        for (const socket of [client, upstream]) {
          sockets.add(socket);
          socket.on('close', () => sockets.delete(socket));
          socket.on('error', () => {
            client.destroy();
            upstream.destroy();
          });
        }
        client.pipe(upstream).pipe(client);
      });
      server = s;
      await new Promise<void>((resolve) => s.listen(port, '127.0.0.1', resolve));
    },
    async down() {
      const s = server;
      server = undefined;
      if (!s) return;
      const closed = new Promise<void>((resolve) => s.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      await closed;
    },
  };
}
