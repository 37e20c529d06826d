/** `POST /demo/activity`: one business event in the demo database, then an invalidation of what it touched. */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Topic } from '../../../src/contract/index.js';
import { createPgliteSource } from '../../sources/pglite.js';
import type { Source } from '../../sources/source.js';
import { COMMERCE_SCHEMA_SQL } from '../../demo/schema.js';
import type { PipelineRunRequest } from '../../../src/contract/index.js';
import { DEMO_ACTIVITY_PATH, DEMO_PIPELINE, demoActivityRoute, SYNC_FAILURE } from './activity-route.js';

const ORIGIN = 'http://127.0.0.1:8787';
const NOW = new Date('2026-03-10T12:00:00Z');

let source: Source;

beforeAll(async () => {
  source = await createPgliteSource();
  await source.exec(COMMERCE_SCHEMA_SQL);
  await source.exec(`
    INSERT INTO customers (id, name, email, created_at) VALUES (1, 'Alder Logistics', 'ap@alder.example', '2025-01-01T00:00:00Z');
    INSERT INTO products (id, sku, name, quantity, reorder_level) VALUES (1, 'OFF-0001', 'Desk Lamp', 40, 10);
  `);
}, 60_000);

afterAll(async () => {
  await source?.close();
});

function post(headers: Record<string, string> = { origin: ORIGIN }, path = DEMO_ACTIVITY_PATH): Request {
  return new Request(`${ORIGIN}${path}`, { method: 'POST', headers });
}

function route(invalidate = vi.fn(async (_topics: readonly Topic[]) => 1)) {
  // 0.5 every time: an order (not a payment or restock) from the existing customer, state `sale`.
  return {
    invalidate,
    handle: demoActivityRoute({ source, invalidate, timezone: 'UTC', rng: () => 0.5, now: () => NOW }),
  };
}

describe('demoActivityRoute', () => {
  it('places an order from the page and invalidates the topics it touched', async () => {
    const { handle, invalidate } = route();
    const response = await handle(post({ origin: ORIGIN, 'sec-fetch-site': 'same-origin' }));
    expect(response?.status).toBe(200);
    expect(response?.headers.get('cache-control')).toBe('no-store');
    expect(await response?.json()).toEqual({ kind: 'order', topics: ['orders', 'products'], at: NOW.toISOString() });
    expect(invalidate).toHaveBeenCalledExactlyOnceWith(['orders', 'products']);
    const [order] = await source.query<{ customer_id: number; state: string; ordered_at: Date }>(
      'SELECT customer_id, state, ordered_at FROM orders',
    );
    expect(order).toMatchObject({ customer_id: 1, state: 'sale' });
    expect(new Date(order!.ordered_at).toISOString()).toBe(NOW.toISOString());
  });

  it('refuses other origins, a missing Origin and cross-site fetches with 403, writing nothing', async () => {
    const { handle, invalidate } = route();
    const before = await source.query<{ n: number }>('SELECT count(*)::int AS n FROM orders');
    const cases: Record<string, string>[] = [
      {},
      { origin: 'https://evil.example' },
      { origin: 'http://127.0.0.1:9999' },
      { origin: ORIGIN, 'sec-fetch-site': 'cross-site' },
    ];
    for (const headers of cases) {
      const response = await handle(post(headers));
      expect(response?.status, JSON.stringify(headers)).toBe(403);
      expect(response?.headers.get('content-type')).toBe('application/problem+json; charset=utf-8');
    }
    expect(invalidate).not.toHaveBeenCalled();
    expect(await source.query('SELECT count(*)::int AS n FROM orders')).toEqual(before);
  });

  it('answers other methods with 405 and leaves other paths to the next handler', async () => {
    const { handle } = route();
    const get = await handle(new Request(`${ORIGIN}${DEMO_ACTIVITY_PATH}`, { headers: { origin: ORIGIN } }));
    expect(get?.status).toBe(405);
    expect(get?.headers.get('allow')).toBe('POST');
    expect(await handle(post({ origin: ORIGIN }, '/v1/meta'))).toBeUndefined();
    expect(await handle(post({ origin: ORIGIN }, '/demo/activity/x'))).toBeUndefined();
  });

  it('runs concurrent events one after another, each with its own order id', async () => {
    const { handle } = route();
    const before = await source.query<{ n: number }>('SELECT count(*)::int AS n FROM orders');
    const responses = await Promise.all([1, 2, 3].map(() => handle(post())));
    expect(responses.map((r) => r?.status)).toEqual([200, 200, 200]);
    const [after] = await source.query<{ n: number; ids: number }>(
      'SELECT count(*)::int AS n, count(DISTINCT id)::int AS ids FROM orders',
    );
    expect(after).toEqual({ n: before[0]!.n + 3, ids: before[0]!.n + 3 });
  });

  it('reports a failed event as 500 problem+json and keeps serving', async () => {
    const invalidate = vi.fn(async () => {
      throw new Error('bus down');
    });
    const { handle } = route(invalidate);
    const failed = await handle(post());
    expect(failed?.status).toBe(500);
    expect(((await failed?.json()) as { detail: string }).detail).toBe('the demo event failed: bus down');
    expect((await route().handle(post()))?.status).toBe(200);
  });

  it('simulates a sync: a run starts every fifth event and ends on the next, every third run failing', async () => {
    const runs: [string, PipelineRunRequest][] = [];
    let t = NOW.getTime();
    const handle = demoActivityRoute({
      source,
      invalidate: async () => 0,
      timezone: 'UTC',
      rng: () => 0.5,
      now: () => new Date((t += 2000)),
      intervalMs: 2000,
      reportRun: async (id, run) => void runs.push([id, run]),
    });
    const syncs = [];
    for (let i = 0; i < 15; i++) syncs.push(((await (await handle(post()))!.json()) as { sync?: string }).sync);
    expect(syncs).toEqual([
      ...['running', 'ok', undefined, undefined, undefined],
      ...['running', 'ok', undefined, undefined, undefined],
      ...['running', 'failed', undefined, undefined, undefined],
    ]);
    expect(runs.every(([id]) => id === DEMO_PIPELINE.id)).toBe(true);
    // An end promises the next start four events on, plus one of slack: 2 s apart, 10 s later.
    const [, end] = runs[1]!;
    expect(end).toEqual({
      status: 'ok',
      at: new Date(NOW.getTime() + 4000).toISOString(),
      nextRunAt: new Date(NOW.getTime() + 14_000).toISOString(),
    });
    expect(runs[5]![1]).toMatchObject({ status: 'failed', message: SYNC_FAILURE });
  });
});
