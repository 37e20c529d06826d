/**
 * Daily rollups wired into the server, on PostgreSQL: a server with rollups
 * (in a schema of the test's own) answers `stats` and `series` exactly as one
 * reading the raw tables, before and after new orders plus
 * `server.invalidate(['orders'])` — at once (the invalidated table is read
 * raw while its rollup is recomputed) and after the background refresh; it
 * really reads the rollups (a tampered old day shows until an invalidation,
 * which answers raw at once and repairs it).
 */
import { describe, expect, it } from 'vitest';
import { SeriesResponse, StatsResponse } from '../../src/contract/index.js';
import { seedDemo } from '../../server-adapter/demo/seed.js';
import type { DashboardServer } from '../../server-adapter/server.js';
import { quoteIdent } from '../../server-adapter/engine/sql.js';
import { rollupPair } from './support/rollup-pair.js';
import { PG_ENABLED, recordingLogger } from './support/services.js';

const TIMEZONE = 'Europe/Berlin';
const ANCHOR = '2026-06-30';
const NOW = new Date('2026-06-30T15:00:00Z');
const METRICS = 'metrics=revenue,orders,average_order_value,new_customers,conversion_rate';

const REQUESTS = [
  `/v1/stats?${METRICS}&range=365d`,
  `/v1/stats?${METRICS}&range=30d&compare=year`,
  `/v1/stats?${METRICS}&range=quarter`,
  // Spans the spring DST change in Berlin (2026-03-29 has 23 hours).
  `/v1/stats?${METRICS}&range=custom&from=2026-03-01&to=2026-04-15`,
  `/v1/series?metrics=revenue,orders&range=90d&granularity=day`,
  `/v1/series?metrics=revenue,orders,average_order_value&range=365d&granularity=week`,
  `/v1/series?metrics=revenue,conversion_rate,new_customers&range=365d&granularity=month`,
  `/v1/series?metrics=revenue&range=custom&from=2025-10-20&to=2025-11-05&granularity=day`,
];

/** Every answer of a server, without its `cache` block (the bodies are otherwise comparable as they are). */
async function answers(server: DashboardServer): Promise<unknown[]> {
  const out: unknown[] = [];
  for (const path of REQUESTS) {
    const response = await server.fetch(new Request(`http://localhost${path}`));
    expect(response.status, path).toBe(200);
    const body = (await response.json()) as Record<string, unknown>;
    (path.startsWith('/v1/stats') ? StatsResponse : SeriesResponse).parse(body);
    delete body['cache'];
    out.push(body);
  }
  return out;
}

let probes = 0;
/** `stats` over the tampered day under a period no request asked before, so the cache cannot answer it. */
async function probe(server: DashboardServer, n: number): Promise<unknown> {
  const from = `2026-02-${String(10 - n).padStart(2, '0')}`;
  const response = await server.fetch(
    new Request(`http://localhost/v1/stats?metrics=revenue,orders&range=custom&from=${from}&to=2026-02-10`),
  );
  const body = (await response.json()) as Record<string, unknown>;
  delete body['cache'];
  return body;
}

describe.skipIf(!PG_ENABLED)('daily rollups on PostgreSQL, through createDashboardServer', () => {
  const logger = recordingLogger();
  const pair = rollupPair({
    seed: (db) => seedDemo(db, { anchor: ANCHOR, timezone: TIMEZONE, now: NOW, orders: 6000, customers: 400 }),
    timezone: TIMEZONE,
    now: NOW,
    logger,
    built: ['orders', 'customers'],
  });
  const { rollupSchema, refreshed, refreshedSince } = pair;

  it('builds its tables in its own schema, watermarked up to yesterday', async () => {
    expect(refreshed.filter((r) => r.mode === 'full').length).toBeGreaterThan(0);
    const meta = await pair.db.query<{ source_table: string; watermark: string }>(
      `SELECT source_table, watermark::text AS watermark FROM ${quoteIdent(rollupSchema)}.rollup_meta ORDER BY 1`,
    );
    expect(meta.map((m) => m.source_table)).toEqual([`${pair.schema}.customers`, `${pair.schema}.orders`]);
    for (const m of meta) expect(m.watermark).toBe('2026-06-29');
    // Rollups are on by default for PostgreSQL; this server only put them elsewhere.
    expect(logger.lines.filter((l) => l.level !== 'info')).toEqual([]);
  });

  it('answers stats and series exactly as the raw tables do', async () => {
    expect(await answers(pair.withRollups)).toEqual(await answers(pair.raw));
  });

  it('still agrees after new orders and invalidate(["orders"])', async () => {
    const before = await answers(pair.withRollups);
    // Today (read raw), two days ago, a cancellation, and one 60 days back (all but today rolled up).
    await pair.db.exec(`
      INSERT INTO orders (id, customer_id, ordered_at, state, amount)
      SELECT max(o.id) + n, (SELECT min(id) FROM customers), ts, st, amt
      FROM orders o, (VALUES
        (1, timestamptz '2026-06-30T08:00:00Z', 'sale', 1234.56),
        (2, timestamptz '2026-06-28T21:30:00Z', 'done', 99.99),
        (3, timestamptz '2026-06-27T12:00:00Z', 'cancel', 10.00),
        (4, timestamptz '2026-05-01T10:00:00Z', 'done', 777.77)
      ) AS v(n, ts, st, amt)
      GROUP BY n, ts, st, amt;
    `);
    const mark = refreshed.length;
    await Promise.all([pair.withRollups.invalidate(['orders']), pair.raw.invalidate(['orders'])]);
    // No waiting: the orders rollup is dirty, so its metrics are read raw.
    const after = await answers(pair.withRollups);
    expect(after).toEqual(await answers(pair.raw));
    expect(after).not.toEqual(before);
    // And after the background refresh, from the rollup again (the next test proves it is read).
    await refreshedSince(mark, 'orders');
    expect(await answers(pair.withRollups)).toEqual(await answers(pair.raw));
  });

  it('reads the rollups: a tampered old day shows until an invalidation, exact at once and after it', async () => {
    const [orders] = await pair.db.query<{ name: string }>(
      `SELECT name FROM ${quoteIdent(rollupSchema)}.rollup_meta WHERE source_table = $1`,
      [`${pair.schema}.orders`],
    );
    const table = `${quoteIdent(rollupSchema)}.${quoteIdent(orders!.name)}`;
    const columns = await pair.db.query<{ column_name: string }>(
      `SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 AND column_name <> 'dk_day'`,
      [rollupSchema, orders!.name],
    );
    // Corrupt one day well before the recent days, as an edit to an old row would leave it.
    const sets = columns.map((c) => `${quoteIdent(c.column_name)} = coalesce(${quoteIdent(c.column_name)}, 0) + 7`);
    await pair.db.exec(`UPDATE ${table} SET ${sets.join(', ')} WHERE dk_day = '2026-02-10'`);

    // Nobody announced it: served from the rollup, so it shows (on a request the cache has not seen).
    const first = ++probes;
    expect(await probe(pair.withRollups, first)).not.toEqual(await probe(pair.raw, first));

    let mark = refreshed.length;
    await pair.withRollups.invalidate(['orders']);
    expect(await answers(pair.withRollups)).toEqual(await answers(pair.raw));
    await refreshedSince(mark, 'orders');
    expect(await answers(pair.withRollups)).toEqual(await answers(pair.raw));

    // Read from the rollup again once refreshed: a new tampering shows, and the next invalidation repairs it too.
    await pair.db.exec(`UPDATE ${table} SET ${sets.join(', ')} WHERE dk_day = '2026-02-10'`);
    const second = ++probes;
    expect(await probe(pair.withRollups, second)).not.toEqual(await probe(pair.raw, second));
    mark = refreshed.length;
    await pair.withRollups.invalidate(['orders']);
    expect(await answers(pair.withRollups)).toEqual(await answers(pair.raw));
    await refreshedSince(mark, 'orders');
    expect(await answers(pair.withRollups)).toEqual(await answers(pair.raw));
  });
});
