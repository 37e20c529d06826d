/**
 * Calendars end to end, on PostgreSQL (with daily rollups and raw) and on
 * PGlite: Solar Hijri months and years and Saturday weeks answered by
 * `stats` and `series` equal sums written directly in SQL between local
 * midnights in Europe/Berlin, whose spring DST change (29 March 2026) falls
 * in Farvardin 1405. The boundaries are known dates (1 Farvardin 1405 =
 * 21 March 2026, 1 Ordibehesht = 21 April, 1 Khordad = 22 May, 1 Tir =
 * 22 June), not the engine's; orders placed minutes either side of those
 * local midnights check that days are cut in the zone, not in UTC.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SeriesResponse, StatsResponse } from '../../src/contract/index.js';
import { COMMERCE_SCHEMA_SQL } from '../../server-adapter/demo/schema.js';
import { seedDemo } from '../../server-adapter/demo/seed.js';
import { quoteIdent } from '../../server-adapter/engine/sql.js';
import { createDashboardServer, type DashboardServer } from '../../server-adapter/server.js';
import { createPgliteSource } from '../../server-adapter/sources/pglite.js';
import type { Source } from '../../server-adapter/sources/source.js';
import { rollupPair } from './support/rollup-pair.js';
import { PG_ENABLED, recordingLogger } from './support/services.js';

const TIMEZONE = 'Europe/Berlin';
const NOW = new Date('2026-06-30T15:00:00Z');
const SEED = { anchor: '2026-06-30', timezone: TIMEZONE, now: NOW, days: 500, orders: 2500, customers: 150 };

/** Orders minutes either side of local midnights that start or end a bucket (UTC instants; CET +1, CEST +2). */
const EDGE_ORDERS = [
  '2026-03-20T22:59:00Z', // 23:59 on 20 Mar (Esfand 1404)
  '2026-03-20T23:01:00Z', // 00:01 on 21 Mar (1 Farvardin 1405)
  '2026-03-28T22:30:00Z', // 23:30 on 28 Mar, the last CET day before the DST change
  '2026-03-28T23:30:00Z', // 00:30 on 29 Mar, the 23-hour day
  '2026-04-20T21:59:00Z', // 23:59 CEST on 20 Apr (31 Farvardin)
  '2026-04-20T22:01:00Z', // 00:01 CEST on 21 Apr (1 Ordibehesht)
];

async function addEdgeOrders(db: Source): Promise<void> {
  const values = EDGE_ORDERS.map((at, i) => `(${i + 1}, timestamptz '${at}', ${(i + 1) * 1000}.01)`).join(', ');
  await db.exec(`
    INSERT INTO orders (id, customer_id, ordered_at, state, amount)
    SELECT (SELECT max(id) FROM orders) + n, (SELECT min(id) FROM customers), at, 'done', amt
    FROM (VALUES ${values}) AS v(n, at, amt)`);
}

/** Confirmed revenue and order count from one local midnight (inclusive) to another (exclusive), in plain SQL. */
async function rawTotals(db: Source, from: string, until: string): Promise<{ revenue: string; orders: number }> {
  const [row] = await db.query<{ revenue: string; orders: string }>(
    `SELECT coalesce(sum(amount), 0)::text AS revenue, count(*)::text AS orders
     FROM orders
     WHERE state IN ('sale', 'done')
       AND ordered_at >= ($1 || ' 00:00:00 ${TIMEZONE}')::timestamptz
       AND ordered_at < ($2 || ' 00:00:00 ${TIMEZONE}')::timestamptz`,
    [from, until],
  );
  return { revenue: row!.revenue, orders: Number(row!.orders) };
}

async function get(server: DashboardServer, path: string): Promise<Record<string, unknown>> {
  const response = await server.fetch(new Request(`http://localhost${path}`));
  expect(response.status, path).toBe(200);
  return (await response.json()) as Record<string, unknown>;
}

/** Checks every calendar answer of `server` against SQL on `db`. */
async function checkAgainstSql(server: DashboardServer, db: Source): Promise<void> {
  // This Solar Hijri year so far, and the same days of 1404, which began 21 March 2025.
  const year = StatsResponse.parse(
    await get(server, '/v1/stats?metrics=revenue,orders&range=year&calendar=persian&locale=fa-IR&compare=year'),
  );
  expect(year.period).toMatchObject({ from: '2026-03-21', to: '2026-06-30' });
  expect(year.period.label).toBe('امسال (۱ فروردین تا ۹ تیر ۱۴۰۵)');
  expect(year.comparison).toMatchObject({ from: '2025-03-21', to: '2025-06-30' });
  const now = await rawTotals(db, '2026-03-21', '2026-07-01');
  const before = await rawTotals(db, '2025-03-21', '2025-07-01');
  expect(year.stats.map((s) => [s.metric, s.value, s.previous])).toEqual([
    ['revenue', now.revenue, before.revenue],
    ['orders', now.orders, before.orders],
  ]);

  // This Solar Hijri month: Tir, from 22 June.
  const month = StatsResponse.parse(await get(server, '/v1/stats?metrics=revenue&range=month&calendar=persian'));
  expect(month.period).toMatchObject({ from: '2026-06-22', to: '2026-06-30' });
  expect(month.stats[0]?.value).toBe((await rawTotals(db, '2026-06-22', '2026-07-01')).revenue);

  // The year by Solar Hijri months: Farvardin holds the DST change.
  const months = SeriesResponse.parse(
    await get(
      server,
      '/v1/series?metrics=revenue,orders&range=year&calendar=persian&granularity=month&compare=none&locale=fa-IR',
    ),
  );
  const bounds = ['2026-03-21', '2026-04-21', '2026-05-22', '2026-06-22', '2026-07-01'];
  expect(months.series[0]?.points.map((p) => p.t)).toEqual(bounds.slice(0, -1));
  // CLDR's Persian month-and-year pattern puts the year first.
  expect(months.bucketLabels).toEqual(['۱۴۰۵ فروردین', '۱۴۰۵ اردیبهشت', '۱۴۰۵ خرداد', '۱۴۰۵ تیر']);
  for (let i = 0; i < 4; i++) {
    const raw = await rawTotals(db, bounds[i]!, bounds[i + 1]!);
    expect(months.series[0]?.points[i]?.v, bounds[i]).toBe(raw.revenue);
    expect(months.series[1]?.points[i]?.v, bounds[i]).toBe(raw.orders);
  }

  // Saturday weeks over the DST change.
  const weeks = SeriesResponse.parse(
    await get(
      server,
      '/v1/series?metrics=revenue&range=custom&from=2026-03-14&to=2026-04-10&granularity=week&week-start=6&compare=none',
    ),
  );
  const saturdays = ['2026-03-14', '2026-03-21', '2026-03-28', '2026-04-04', '2026-04-11'];
  expect(weeks.series[0]?.points.map((p) => p.t)).toEqual(saturdays.slice(0, -1));
  // Without locale or calendar the answer is v1's, with no bucket labels.
  expect(weeks.bucketLabels).toBeUndefined();
  for (let i = 0; i < 4; i++) {
    expect(weeks.series[0]?.points[i]?.v, saturdays[i]).toBe(
      (await rawTotals(db, saturdays[i]!, saturdays[i + 1]!)).revenue,
    );
  }
}

describe.skipIf(!PG_ENABLED)('calendars on PostgreSQL, with and without daily rollups', () => {
  const pair = rollupPair({
    seed: async (db) => {
      await seedDemo(db, SEED);
      await addEdgeOrders(db);
    },
    timezone: TIMEZONE,
    now: NOW,
    logger: recordingLogger(),
    built: ['orders'],
  });
  const { rollupSchema } = pair;

  it('answers Solar Hijri months, years and Saturday weeks as SQL does, reading the rollups', async () => {
    await checkAgainstSql(pair.withRollups, pair.db);
    const [row] = await pair.db.query<{ n: string }>(
      `SELECT count(*)::text AS n FROM ${quoteIdent(rollupSchema)}.rollup_meta`,
    );
    expect(Number(row?.n)).toBeGreaterThan(0);
  });

  it('answers them as SQL does reading the raw tables', async () => {
    await checkAgainstSql(pair.raw, pair.db);
  });
});

describe('calendars on PGlite', () => {
  let source: Source;
  let server: DashboardServer;

  beforeAll(async () => {
    source = await createPgliteSource();
    await source.exec(COMMERCE_SCHEMA_SQL);
    await seedDemo(source, SEED);
    await addEdgeOrders(source);
    server = createDashboardServer({ source, timezone: TIMEZONE, now: () => NOW, logger: recordingLogger() });
    await server.ready;
  }, 120_000);

  afterAll(async () => {
    await server?.close();
    await source?.close();
  });

  it('answers Solar Hijri months, years and Saturday weeks as SQL does', async () => {
    await checkAgainstSql(server, source);
  });

  it('labels aging buckets and the breakdown rest in the request locale', async () => {
    const aging = (await get(server, '/v1/aging?locale=fa-IR&limit=1')) as { buckets: { label: string }[] };
    expect(aging.buckets.map((b) => b.label)).toEqual(['سررسیدنشده', '۱–۳۰', '۳۱–۶۰', '۶۱–۹۰', '۹۱–۱۲۰', '۱۲۱+']);
    const de = (await get(server, '/v1/aging?locale=de&limit=1')) as { buckets: { label: string }[] };
    expect(de.buckets[0]?.label).toBe('Nicht fällig');
    const breakdown = (await get(
      server,
      '/v1/breakdown?metric=revenue&by=customer&limit=1&range=year&calendar=persian&locale=fa-IR',
    )) as { rows: { key: string; label: string }[]; period: { from: string } };
    expect(breakdown.period.from).toBe('2026-03-21');
    expect(breakdown.rows.find((r) => r.key === 'other')?.label).toBe('سایر');
  });
});
