/**
 * The database failing under a server, for real: PostgreSQL behind a TCP
 * proxy the test cuts (every connection dropped, new ones refused). Cached
 * reports are served stale, marked `stale: true`; others get 503
 * problem+json with Retry-After; health says down; service resumes when the
 * proxy is back. And a pool with every connection taken answers 503 once its
 * bounded wait is over, instead of hanging or failing with 500.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { AgingResponse, HealthResponse, Problem, StatsResponse } from '../../src/contract/index.js';
import { createPgSource } from '../../server-adapter/sources/pg.js';
import type { Source } from '../../server-adapter/sources/source.js';
import {
  type Instance,
  PG_ENABLED,
  PG_URL,
  recordingLogger,
  startInstance,
  type TcpProxy,
  tcpProxy,
  TINY,
  withSearchPath,
} from './support/services.js';
import { tinyBackend } from './support/tiny-backend.js';

const REVENUE = `v1/stats?metrics=revenue&${TINY.period}`;
const AGING = `v1/aging?asOf=${TINY.asOf}`;

describe.skipIf(!PG_ENABLED)('the database going away', () => {
  const tiny = tinyBackend();
  let proxy: TcpProxy;
  let app: Instance;
  let clock = Date.parse('2026-11-21T12:00:00Z');
  const logger = recordingLogger();

  beforeAll(async () => {
    const target = new URL(PG_URL);
    proxy = await tcpProxy(target.hostname, Number(target.port || 5432));
    await proxy.up();
    const viaProxy = new URL(withSearchPath(PG_URL, tiny.schema));
    viaProxy.host = `127.0.0.1:${proxy.port}`;
    app = await startInstance({ source: { databaseUrl: viaProxy.toString() }, now: () => new Date(clock), logger });
  }, 60_000);

  // The server goes first, then the proxy; the schema is dropped last (tinyBackend).
  afterAll(async () => {
    await app?.close();
    await proxy?.down();
  });

  it('serves cached reports stale, others 503 with Retry-After; health says down; then recovers', async () => {
    const fresh = StatsResponse.parse((await app.json(REVENUE)).body);
    expect(fresh.cache).toMatchObject({ hit: false, stale: false });

    await proxy.down();
    clock += 5 * 60_000; // past the one-minute TTL, inside the ten-minute stale window
    const stale = await app.get(REVENUE);
    expect(stale.status).toBe(200);
    expect(stale.headers.get('cache-control')).toBe('private, max-age=0');
    const body = StatsResponse.parse(await stale.json());
    expect(body.stats[0]?.value).toBe(TINY.revenue.all);
    // The first stale answer starts the refresh; it cannot tell yet, so it is a normal revalidation…
    expect(body.cache).toMatchObject({ hit: true, stale: true, refreshFailed: false });
    // …and once that refresh failed, answers say so (what widgets mark "Stale").
    await vi.waitFor(async () => {
      const again = StatsResponse.parse((await app.json(REVENUE)).body);
      expect(again.cache).toMatchObject({ hit: true, stale: true, refreshFailed: true });
    });

    const cold = await app.get(AGING);
    expect(cold.status).toBe(503);
    expect(cold.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(cold.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    expect(Problem.parse(await cold.json()).detail).not.toMatch(/127\.0\.0\.1|postgres/);

    const health = HealthResponse.parse((await app.json('v1/health')).body);
    expect(health).toMatchObject({ status: 'down', source: { kind: 'pg', status: 'down' } });

    await proxy.up();
    expect(AgingResponse.parse((await app.json(AGING)).body).summary.receivable).toBe(TINY.receivables.all);
    expect(HealthResponse.parse((await app.json('v1/health')).body).status).toBe('ok');
    expect(logger.lines.filter((l) => l.level === 'error')).toEqual([]);
  }, 30_000);
});

describe.skipIf(!PG_ENABLED)('pool exhaustion', () => {
  const tiny = tinyBackend();
  let source: Source;
  let app: Instance;

  beforeAll(async () => {
    // One connection, and a short wait for it: the bounded queue.
    source = await createPgSource({ connectionString: tiny.url, poolConfig: { max: 1, connectionTimeoutMillis: 300 } });
    app = await startInstance({ source, logger: recordingLogger() });
  }, 60_000);

  // The server goes first, then its pool; the schema is dropped last (tinyBackend).
  afterAll(async () => {
    await app?.close();
    await source?.close();
  });

  it('answers 503 with Retry-After once the wait for a connection is over, and 200 when one is free', async () => {
    let release!: () => void;
    let taken!: () => void;
    const isTaken = new Promise<void>((resolve) => (taken = resolve));
    const held = source.transaction!(async () => {
      taken();
      await new Promise<void>((resolve) => (release = resolve));
    });
    await isTaken;
    const waits = await Promise.all([app.get(REVENUE), app.get(AGING), app.get('v1/segments?range=30d')]);
    for (const response of waits) {
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toMatch(/^\d+$/);
    }
    release();
    await held;
    expect(StatsResponse.parse((await app.json(REVENUE)).body).stats[0]?.value).toBe(TINY.revenue.all);
  });
});
