/**
 * PostgreSQL LISTEN/NOTIFY end to end: `dashkit triggers` (the real CLI)
 * installs the triggers idempotently, a server with `listenNotify` turns a
 * committed insert into an `invalidate` event on its SSE clients and fresh
 * numbers, ignores payloads it does not know, survives losing its LISTEN
 * connection, and `--drop` removes the triggers.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { RefreshInfo } from '../../server-adapter/engine/index.js';
import { StatsResponse, TOPICS } from '../../src/contract/index.js';
import { type SseClient, connectSse } from './support/sse.js';
import { insertOrder, type Instance, PG_ENABLED, PG_URL, recordingLogger, TINY } from './support/services.js';
import { tinyBackend } from './support/tiny-backend.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const REVENUE = `v1/stats?metrics=revenue&${TINY.period}`;

function dashkit(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'server-adapter/bin/cli.ts', ...args],
      { cwd: ROOT },
      (error, stdout, stderr) =>
        resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout, stderr }),
    );
  });
}

async function topicsOfNext(sse: SseClient): Promise<string[]> {
  return JSON.parse((await sse.nextEvent('invalidate', 5000)).data!).topics as string[];
}

describe.skipIf(!PG_ENABLED)('LISTEN/NOTIFY after dashkit triggers', () => {
  const tiny = tinyBackend();
  let app: Instance;
  let sse: SseClient;
  let appName: string;
  const logger = recordingLogger();
  const refreshes: RefreshInfo[] = [];

  const triggerCount = async () =>
    (
      await tiny.db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
           JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND t.tgname = 'dashkit_invalidate'`,
        [tiny.schema],
      )
    )[0]?.n;

  beforeAll(async () => {
    appName = `${tiny.schema}_listen`;
    const listenUrl = new URL(tiny.url);
    listenUrl.searchParams.set('application_name', appName);
    app = await tiny.start({
      // Rollups on (the PostgreSQL default), in a schema of this test's own: the months-old orders these tests
      // insert are exact right after the invalidation (docs/adapter.md#daily-rollups).
      rollups: { schema: tiny.rollupSchema, onRefresh: (info) => refreshes.push(info) },
      listenNotify: { databaseUrl: listenUrl.toString() },
      logger,
    });
    await app.server.liveReady();
    sse = await connectSse(`${app.base}v1/events`);
    await sse.next();
  }, 60_000);

  afterAll(() => {
    sse?.close();
  });

  it('installs the triggers, idempotently', async () => {
    for (let run = 0; run < 2; run++) {
      const r = await dashkit('triggers', '--database-url', PG_URL, '--schema', tiny.schema);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`installed on ${tiny.schema}.customers, ${tiny.schema}.orders`);
    }
    expect(await triggerCount()).toBe(5);
  }, 30_000);

  it('turns an inserted order into an invalidate event for orders, then fresh numbers', async () => {
    expect(StatsResponse.parse((await app.json(REVENUE)).body).stats[0]?.value).toBe(TINY.revenue.all);
    await insertOrder(tiny.db, 1, '39.50');
    expect(await topicsOfNext(sse)).toEqual(['orders']);
    const fresh = StatsResponse.parse((await app.json(REVENUE)).body);
    expect(fresh.stats[0]?.value).toBe('400.00');
    expect(fresh.cache.hit).toBe(false);
  });

  it('recomputes only the days the trigger names: the old and new day of a moved order', async () => {
    await vi.waitFor(() => expect(refreshes.some((r) => r.mode === 'full')).toBe(true), { timeout: 20_000 });
    const id = await insertOrder(tiny.db, 2, '5.00');
    expect(await topicsOfNext(sse)).toEqual(['orders']);
    expect(StatsResponse.parse((await app.json(REVENUE)).body).stats[0]?.value).toBe('405.00');
    await tiny.db.query(`UPDATE orders SET ordered_at = '2026-01-20T12:00:00Z', amount = 6 WHERE id = $1`, [id]);
    expect(await topicsOfNext(sse)).toEqual(['orders']);
    expect(StatsResponse.parse((await app.json(REVENUE)).body).stats[0]?.value).toBe('406.00');
    await vi.waitFor(
      () =>
        expect(refreshes).toContainEqual(
          expect.objectContaining({ table: 'orders', mode: 'days', from: '2026-01-15', to: '2026-01-21', days: 2 }),
        ),
      { timeout: 20_000 },
    );
    // Nothing else was recomputed for these writes: no full refresh after the first build.
    expect(refreshes.slice(refreshes.findIndex((r) => r.mode === 'days')).every((r) => r.mode === 'days')).toBe(true);
  });

  it('sends orders and products for order lines, and one event per statement', async () => {
    await tiny.db.exec(
      `INSERT INTO order_lines (id, order_id, product_id, quantity) VALUES (1, 1, 1, 2), (2, 1, 2, 1)`,
    );
    expect(await topicsOfNext(sse)).toEqual(['orders', 'products']);
    await tiny.db.exec(`UPDATE products SET quantity = quantity + 1`);
    expect(await topicsOfNext(sse)).toEqual(['products']);
  });

  it('ignores payloads naming no known topic, with a warning', async () => {
    await tiny.db.exec(`SELECT pg_notify('dashkit_invalidate', 'refunds')`);
    await tiny.db.exec(`SELECT pg_notify('dashkit_invalidate', '["orders", 7]')`);
    await tiny.db.exec(`SELECT pg_notify('dashkit_invalidate', 'customers')`);
    // Notifications arrive in order: had the first two produced events, they would come first.
    expect(await topicsOfNext(sse)).toEqual(['customers']);
    expect(logger.lines.filter((l) => l.message.startsWith('LISTEN/NOTIFY: ignored'))).toHaveLength(2);
  });

  it('reconnects when its connection is killed, and invalidates everything it may have missed', async () => {
    const killed = await tiny.db.query<{ ok: boolean }>(
      `SELECT pg_terminate_backend(pid) AS ok FROM pg_stat_activity WHERE application_name = $1`,
      [appName],
    );
    expect(killed).toEqual([{ ok: true }]);
    expect(await topicsOfNext(sse)).toEqual([...TOPICS]);
    await app.server.liveReady();
    await insertOrder(tiny.db, 2, '1.00');
    expect(await topicsOfNext(sse)).toEqual(['orders']);
    expect(logger.lines.filter((l) => l.message.startsWith('LISTEN/NOTIFY connection lost'))).toHaveLength(1);
  });

  it('removes the triggers and their function with --drop', async () => {
    const r = await dashkit('triggers', '--database-url', PG_URL, '--schema', tiny.schema, '--drop');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('removed from');
    expect(await triggerCount()).toBe(0);
    const fn = await tiny.db.query(
      `SELECT 1 FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = $1 AND p.proname = 'dashkit_notify_invalidate'`,
      [tiny.schema],
    );
    expect(fn).toEqual([]);
    await insertOrder(tiny.db, 3, '1.00');
    await tiny.db.exec(`SELECT pg_notify('dashkit_invalidate', 'invoices')`);
    // Without triggers the insert sent nothing: the next event is the manual one.
    expect(await topicsOfNext(sse)).toEqual(['invoices']);
  }, 30_000);
});
