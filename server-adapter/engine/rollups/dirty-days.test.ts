/**
 * Issue 12: invalidations that know when. An announced change dirties only
 * the local days (America/New_York, across a local midnight and both DST
 * changes) its rows' old and new times fall on; the very next answer equals
 * the raw query while the rollup keeps serving every other day; only those
 * days are recomputed; a change to today or yesterday dirties nothing; and
 * over a shared Redis bus, another instance dirties the same days.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import type { SeriesParams, StatsParams, Topic } from '../../../src/contract/index.js';
import { describeDatabases } from '../../../tests/support/databases.js';
import { type RecordingSource, recordingSource } from '../../../tests/support/recording-source.js';
import { PUBLIC_SCOPE } from '../../auth/scope.js';
import { redisTarget } from '../../cache/store.suite.js';
import { createRng } from '../../demo/random.js';
import { changedTimes, type InvalidationTimes } from '../../live/times.js';
import { createRedisBus } from '../../live/redis-bus.js';
import type { InvalidationBus } from '../../live/types.js';
import type { Source } from '../../sources/source.js';
import { insert, insertCustomers } from '../__fixtures__/rows.js';
import { addDays } from '../calendar.js';
import { createEngine, type SqlEngine } from '../index.js';
import type { RefreshInfo, RollupOptions } from './index.js';

const NEW_YORK = 'America/New_York';
/** Noon in New York on Friday 20 March 2026 (EDT, UTC−4). */
const NOW = new Date('2026-03-20T16:00:00Z');
const TODAY = '2026-03-20';
const FIRST_DAY = '2025-09-01';
const SPAN = 200;
const redis = await redisTarget();
// Each test runs dozens of statements on two engines: generous on a loaded machine, never a timing assertion.
vi.setConfig({ testTimeout: 60_000 });

let nextId = 100_000;

async function seed(source: Source): Promise<void> {
  const random = createRng(20260320);
  await insertCustomers(
    source,
    Array.from({ length: 50 }, (_, i) => ({
      id: i + 1,
      createdAt: `${addDays(FIRST_DAY, Math.floor(random() * SPAN))}T12:00:00Z`,
    })),
  );
  const states = ['draft', 'cancel', 'sale', 'done', 'done'] as const;
  const rows = Array.from({ length: 3000 }, (_, i) => {
    const day = addDays(FIRST_DAY, Math.floor(random() * SPAN));
    const hour = String(Math.floor(random() * 24)).padStart(2, '0');
    return [
      i + 1,
      1 + Math.floor(random() * 50),
      `${day}T${hour}:${String(Math.floor(random() * 60)).padStart(2, '0')}:00Z`,
      states[Math.floor(random() * states.length)]!,
      (Math.floor(random() * 40_000) / 100).toFixed(2),
    ];
  });
  await insert(source, 'orders', ['id', 'customer_id', 'ordered_at', 'state', 'amount'], rows);
}

const METRICS = ['revenue', 'orders', 'average_order_value', 'conversion_rate', 'new_customers'];
/** Periods over the changed days, the whole data and around both DST changes, with every granularity. */
const PERIODS: Pick<StatsParams, 'range' | 'from' | 'to'>[] = [
  { range: 'custom', from: '2026-02-25', to: '2026-03-12' },
  { range: 'custom', from: '2025-10-28', to: '2025-11-05' },
  { range: 'custom', from: FIRST_DAY, to: TODAY },
  { range: '30d' },
  { range: '90d' },
];
const cases: { stats?: StatsParams; series?: SeriesParams }[] = PERIODS.flatMap((period) => [
  { stats: { metrics: METRICS, compare: 'previous', ...period } as StatsParams },
  ...(['day', 'week', 'month'] as const).map((granularity) => ({
    series: { metrics: METRICS, compare: 'none', granularity, ...period } as SeriesParams,
  })),
]);

describeDatabases('rollups dirty only the days an invalidation names', seed, (source) => {
  const schema = `dk_dirty_${randomBytes(5).toString('hex')}`;
  const engines: SqlEngine[] = [];
  const buses: InvalidationBus[] = [];
  let raw: SqlEngine;
  let db: RecordingSource;
  let rolled: SqlEngine;
  const refreshes: RefreshInfo[] = [];

  const open = (options: RollupOptions = {}, on: Source = db) => {
    const engine = createEngine(
      { source: on, timezone: NEW_YORK, currency: 'USD', locale: 'en-US', now: () => NOW },
      undefined,
      {
        rollups: { enabled: true, schema, ...options },
      },
    );
    engines.push(engine);
    return engine;
  };

  const rollupReads = () => db.statements.filter((s) => s.startsWith('WITH dk_win') && s.includes(`"${schema}"."r_`));
  const ordersStatus = (engine = rolled) => engine.rollups!.status().find((s) => s.table === 'orders')!;

  /**
   * Every case of `list` answers through `engine` exactly as the raw query
   * does, and (by default for the main engine) the orders rollup is read for it.
   */
  async function expectExact(engine = rolled, { list = cases, fromRollup = engine === rolled } = {}): Promise<void> {
    db.statements.length = 0;
    for (const c of list) {
      if (c.stats)
        expect(await engine.stats.compute(c.stats, PUBLIC_SCOPE), JSON.stringify(c.stats)).toEqual(
          await raw.stats.compute(c.stats, PUBLIC_SCOPE),
        );
      if (c.series)
        expect(await engine.series.compute(c.series, PUBLIC_SCOPE), JSON.stringify(c.series)).toEqual(
          await raw.series.compute(c.series, PUBLIC_SCOPE),
        );
    }
    // Dirty days are read raw beside the rollup, never instead of it.
    if (fromRollup) expect(rollupReads().length).toBe(list.length);
  }

  const announce = (times: InvalidationTimes, topics: Topic[] = ['orders'], engine = rolled) =>
    engine.invalidate(topics, changedTimes(times));

  const addOrder = async (at: string, amount = '123.45', state = 'sale') => {
    const id = nextId++;
    await insert(
      source(),
      'orders',
      ['id', 'customer_id', 'ordered_at', 'state', 'amount'],
      [[id, 7, at, state, amount]],
    );
    return id;
  };

  beforeAll(async () => {
    db = recordingSource(source());
    raw = createEngine({ source: source(), timezone: NEW_YORK, currency: 'USD', locale: 'en-US', now: () => NOW });
    rolled = open({ onRefresh: (info) => refreshes.push(info) });
    await rolled.rollups!.start();
    expect(ordersStatus().watermark).toBe(addDays(TODAY, -1));
  }, 60_000);

  afterAll(async () => {
    for (const bus of buses) await bus.close();
    for (const engine of engines) await engine.close();
    await source().exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  });

  /** After a change and its announcement: exactly `days` are dirty, answers are exact, then only they are recomputed. */
  async function expectDirtyThenRepaired(days: string[]): Promise<void> {
    expect(ordersStatus().dirtyDays).toEqual(days);
    expect(ordersStatus().dirty).toBe(false);
    await expectExact();
    await rolled.rollups!.idle();
    expect(ordersStatus().dirtyDays).toEqual([]);
    // Only those days were recomputed (in one upsert per announcement at most), nothing else.
    const orders = refreshes.filter((r) => r.table === 'orders');
    expect(orders.length).toBeGreaterThan(0);
    expect(orders.every((r) => r.mode === 'days' && r.days! <= days.length)).toBe(true);
    expect(refreshes.filter((r) => r.table !== 'orders')).toEqual([]);
    refreshes.length = 0;
    await expectExact();
  }

  it('dirties the local day of a back-dated insert just before and just after local midnight', async () => {
    await expectExact();
    refreshes.length = 0;
    // 23:59:59 EST on 2 March, then 00:00:00 EST on 3 March.
    await addOrder('2026-03-03T04:59:59Z', '1000.00');
    await announce({ times: ['2026-03-03T04:59:59Z'] });
    await expectDirtyThenRepaired(['2026-03-02']);
    await addOrder('2026-03-03T05:00:00Z', '2000.00', 'done');
    await announce({ times: ['2026-03-03T05:00:00Z'] });
    await expectDirtyThenRepaired(['2026-03-03']);
  });

  it('dirties both days of an order moved from 3 March to 5 March, and neither in between', async () => {
    const id = await addOrder('2026-03-03T15:00:00Z', '555.55');
    await announce({ times: ['2026-03-03T15:00:00Z'] });
    await rolled.rollups!.idle();
    await source().query(`UPDATE orders SET ordered_at = '2026-03-05T15:00:00Z' WHERE id = $1`, [id]);
    await announce({ times: ['2026-03-03T15:00:00Z', '2026-03-05T15:00:00Z'] });
    await expectDirtyThenRepaired(['2026-03-03', '2026-03-05']);
  });

  it('takes a refund (amount change) and a delete across both DST changes to the right local days', async () => {
    // 01:30 EST, then 03:30 EDT on 8 March 2026 (clocks skip 02:00–03:00).
    const before = await addOrder('2026-03-08T06:30:00Z', '80.00');
    const after = await addOrder('2026-03-08T07:30:00Z', '90.00');
    // 00:30 EDT on 2 November 2025, 01:30 EST (the repeated hour), and 23:59:59 EDT on 1 November.
    const repeated = await addOrder('2025-11-02T06:30:00Z', '70.00');
    const lastOfOctober = await addOrder('2025-11-02T03:59:59Z', '60.00');
    await announce({ from: '2025-11-01T12:00:00Z', to: '2025-11-02T12:00:00Z' });
    await announce({ times: ['2026-03-08T06:30:00Z', '2026-03-08T07:30:00Z'] });
    await expectDirtyThenRepaired(['2025-11-01', '2025-11-02', '2026-03-08']);

    await source().query(`UPDATE orders SET amount = amount - 50 WHERE id = ANY($1::int[])`, [
      [before, after, repeated],
    ]);
    await announce({ times: ['2026-03-08T06:30:00Z', '2026-03-08T07:30:00Z', '2025-11-02T06:30:00Z'] });
    await expectDirtyThenRepaired(['2025-11-02', '2026-03-08']);

    await source().query(`DELETE FROM orders WHERE id = ANY($1::int[])`, [[lastOfOctober, after]]);
    await announce({ times: ['2025-11-02T03:59:59Z', '2026-03-08T07:30:00Z'] });
    await expectDirtyThenRepaired(['2025-11-01', '2026-03-08']);
  });

  it('dirties nothing and recomputes nothing for a change to today or yesterday', async () => {
    await rolled.rollups!.idle();
    refreshes.length = 0;
    await addOrder('2026-03-20T13:00:00Z', '11.00');
    await addOrder('2026-03-19T04:30:00Z', '12.00'); // 00:30 EDT on the 19th: yesterday
    await announce({ times: ['2026-03-20T13:00:00Z', '2026-03-19T04:30:00Z'] });
    expect(ordersStatus().dirtyDays).toEqual([]);
    await expectExact();
    await rolled.rollups!.idle();
    expect(refreshes).toEqual([]);
  });

  it('stays exact through interleaved writes, announcements and reads while refreshes run', async () => {
    const random = createRng(12);
    const ids: number[] = [];
    for (let i = 0; i < 24; i++) {
      const at = () =>
        `${addDays(TODAY, -1 - Math.floor(random() * 40))}T${String(Math.floor(random() * 24)).padStart(2, '0')}:15:00Z`;
      const op = i < 6 ? 0 : Math.floor(random() * 3);
      if (op === 0 || ids.length === 0) {
        const t = at();
        ids.push(await addOrder(t, (random() * 500).toFixed(2), random() < 0.5 ? 'sale' : 'done'));
        await announce({ times: [t] });
      } else {
        const id = ids.splice(Math.floor(random() * ids.length), 1)[0]!;
        const [row] = await source().query<{ t: string }>(
          `SELECT to_char(ordered_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS t FROM orders WHERE id = $1`,
          [id],
        );
        if (op === 1) {
          const t = at();
          await source().query(`UPDATE orders SET ordered_at = $2, amount = amount + 1 WHERE id = $1`, [id, t]);
          ids.push(id);
          await announce({ times: [row!.t, t] });
        } else {
          await source().query(`DELETE FROM orders WHERE id = $1`, [id]);
          await announce({ times: [row!.t] });
        }
      }
      // No waiting for the background refresh: whatever it is doing, the answer is the raw one.
      const c = cases[i % cases.length]!;
      if (c.stats)
        expect(await rolled.stats.compute(c.stats, PUBLIC_SCOPE)).toEqual(
          await raw.stats.compute(c.stats, PUBLIC_SCOPE),
        );
      if (c.series)
        expect(await rolled.series.compute(c.series, PUBLIC_SCOPE)).toEqual(
          await raw.series.compute(c.series, PUBLIC_SCOPE),
        );
    }
    await rolled.rollups!.idle();
    expect(ordersStatus().dirtyDays).toEqual([]);
    await expectExact();
  });

  it('treats times read from another table or column, and no times at all, as "anything may have changed"', async () => {
    await rolled.rollups!.idle();
    await rolled.invalidate(['orders'], {
      spans: [{ from: '2026-03-03', to: '2026-03-03' }],
      table: 'elsewhere.orders',
      column: 'ordered_at',
    });
    expect(ordersStatus().dirty).toBe(true);
    await rolled.rollups!.idle();
    expect(ordersStatus().dirty).toBe(false);
    await rolled.invalidate(['orders'], {
      spans: [{ from: '2026-03-03', to: '2026-03-03' }],
      table: (
        await source().query<{ t: string }>(
          `SELECT n.nspname || '.' || c.relname AS t FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.oid = to_regclass('orders')`,
        )
      )[0]!.t,
      column: 'created_at',
    });
    expect(ordersStatus().dirty).toBe(true);
    await rolled.rollups!.idle();
    await rolled.invalidate(['orders']);
    expect(ordersStatus().dirty).toBe(true);
    await expectExact();
    await rolled.rollups!.idle();
    expect(ordersStatus().dirty).toBe(false);
  });

  it('recomputes the first announced change at once, and holds a burst back to one recomputation per coalesceMs', async () => {
    const seen: RefreshInfo[] = [];
    // A window no test run outlasts: a recomputation that waited for it would never end within the test.
    const engine = open({ coalesceMs: 600_000, onRefresh: (info) => info.table === 'orders' && seen.push(info) });
    await engine.rollups!.start();
    seen.length = 0;
    const first = '2026-01-10T15:00:00Z';
    await addOrder(first, '310.00');
    await announce({ times: [first] }, ['orders'], engine);
    expect(ordersStatus(engine).dirtyDays).toEqual(['2026-01-10']);
    // After a quiet spell nothing waits: idle() ends once that day alone is recomputed.
    await engine.rollups!.idle();
    expect(seen.map((r) => [r.mode, r.from, r.days])).toEqual([['days', '2026-01-10', 1]]);
    expect(ordersStatus(engine).dirtyDays).toEqual([]);

    // A burst right after it: both days wait out the window, read raw (exact) meanwhile.
    const burst = ['2026-01-12T15:00:00Z', '2026-01-20T15:00:00Z'];
    for (const at of burst) await addOrder(at, '45.50', 'sale');
    for (const at of burst) await announce({ times: [at] }, ['orders'], engine);
    await expectExact(engine);
    expect(ordersStatus(engine).dirtyDays).toEqual(['2026-01-12', '2026-01-20']);
    expect(seen).toHaveLength(1);
    // Closing drops the waiting recomputation instead of waiting ten minutes for it.
    await engine.close();
    engines.splice(engines.indexOf(engine), 1);
    expect(seen).toHaveLength(1);
    // The instance that stays open recomputes them as usual.
    await rolled.invalidate(['orders'], changedTimes({ times: burst }));
    await rolled.rollups!.idle();
    expect(ordersStatus().dirtyDays).toEqual([]);
    await expectExact();
  });

  it('groups the raw rows of dirty days and slices into the request’s weeks and months (week start, calendar)', async () => {
    // Recomputations wait out a window no test outlasts: the three changes below stay dirty while read.
    const engine = open({ coalesceMs: 600_000 });
    await engine.rollups!.start();
    const warmUp = '2026-01-06T15:00:00Z';
    await addOrder(warmUp, '5.00');
    await announce({ times: [warmUp] }, ['orders'], engine);
    await engine.rollups!.idle();
    // Sundays 15 and 22 February and Wednesday 25 February (a week of 25 Feb starting on a Wednesday;
    // 1 Esfand 1404 is 20 February): a whole day announced as a date, two exact instants (their slices).
    const changed = ['2026-02-15T17:00:00Z', '2026-02-22T15:07:00Z', '2026-02-25T15:00:00Z'];
    for (const at of changed) await addOrder(at, '777.00', 'done');
    await announce({ times: ['2026-02-15', changed[1]!, changed[2]!] }, ['orders'], engine);
    expect(ordersStatus(engine).dirtyDays).toEqual(['2026-02-15', '2026-02-22', '2026-02-25']);
    const period = { range: 'custom', from: '2026-01-04', to: '2026-03-14' } as const;
    const calendars: { stats?: StatsParams; series?: SeriesParams }[] = [
      ...[7, 3, 1].flatMap((weekStart) => [
        {
          series: {
            metrics: METRICS,
            compare: 'none',
            granularity: 'week',
            'week-start': weekStart,
            ...period,
          } as SeriesParams,
        },
        { stats: { metrics: METRICS, compare: 'previous', 'week-start': weekStart, ...period } as StatsParams },
      ]),
      ...(['persian', 'islamic-umalqura'] as const).map((calendar) => ({
        series: { metrics: METRICS, compare: 'none', granularity: 'month', calendar, ...period } as SeriesParams,
      })),
    ];
    // Every answer comes from the rollup with the dirty days and slices read raw beside it.
    await expectExact(engine, { list: calendars, fromRollup: true });
    expect(ordersStatus(engine).dirtyDays).toEqual(['2026-02-15', '2026-02-22', '2026-02-25']);
    await engine.close();
    engines.splice(engines.indexOf(engine), 1);
    await rolled.invalidate(['orders'], changedTimes({ times: changed }));
    await rolled.rollups!.idle();
    await expectExact();
  });

  it.skipIf(redis.skip)(
    'over a shared Redis bus, one instance’s announced change dirties the same days on the other',
    async () => {
      const channel = `dashkit:test:${randomUUID()}`;
      const a = open();
      const b = open();
      await Promise.all([a.rollups!.start(), b.rollups!.start()]);
      const busA = createRedisBus({ url: redis.url, channel });
      const busB = createRedisBus({ url: redis.url, channel });
      buses.push(busA, busB);
      // What server.ts does per instance: every bus event reaches the engine with its times.
      const heardOnB: string[][] = [];
      busA.subscribe((e) => void a.invalidate(e.topics, e.times));
      busB.subscribe((e) => {
        void b.invalidate(e.topics, e.times);
        heardOnB.push(ordersStatus(b).dirtyDays);
      });
      await Promise.all([busA.ready(), busB.ready()]);

      await addOrder('2026-02-14T17:00:00Z', '999.00');
      await busA.publish(['orders'], changedTimes({ times: ['2026-02-14T17:00:00Z'] }));
      expect(ordersStatus(a).dirtyDays).toEqual(['2026-02-14']);
      await vi.waitFor(() => expect(heardOnB).toHaveLength(1), { timeout: 10_000 });
      expect(heardOnB[0]).toEqual(['2026-02-14']);
      expect(ordersStatus(b).dirty).toBe(false);
      await expectExact(b);
      await Promise.all([a.rollups!.idle(), b.rollups!.idle()]);
      expect(ordersStatus(b).dirtyDays).toEqual([]);
      await expectExact(a);
      await expectExact(b);
    },
  );
});
