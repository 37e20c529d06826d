/**
 * Issue 12 at 10M orders: an announced exact instant dirties only its
 * 15-minute slice. Until its day is recomputed, a read takes that day from
 * its clean slices plus the slice's raw rows — never the whole day raw —
 * and still answers exactly what the raw query does, through back-dated
 * inserts, an order moved between days, a refund and a delete, around a
 * local midnight and a DST change; the slices always add up to the days.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import type { SeriesParams, StatsParams } from '../../../src/contract/index.js';
import { describeDatabases } from '../../../tests/support/databases.js';
import { type RecordingSource, recordingSource } from '../../../tests/support/recording-source.js';
import { PUBLIC_SCOPE } from '../../auth/scope.js';
import { createRng } from '../../demo/random.js';
import { changedTimes } from '../../live/times.js';
import type { Source } from '../../sources/source.js';
import { insert, insertCustomers } from '../__fixtures__/rows.js';
import { createEngine, type SqlEngine } from '../index.js';
import type { RefreshInfo } from './options.js';
import { instantSlices } from './slices.js';

const NEW_YORK = 'America/New_York';
const NOW = new Date('2026-03-20T16:00:00Z');
const TODAY = '2026-03-20';
const FIRST_DAY = '2026-01-01';
vi.setConfig({ testTimeout: 60_000 });

async function seed(source: Source): Promise<void> {
  const random = createRng(1203);
  await insertCustomers(
    source,
    Array.from({ length: 20 }, (_, i) => ({ id: i + 1 })),
  );
  const states = ['draft', 'sale', 'done', 'done'] as const;
  const rows = Array.from({ length: 1500 }, (_, i) => [
    i + 1,
    1 + Math.floor(random() * 20),
    new Date(Date.parse(`${FIRST_DAY}T00:00:00Z`) + Math.floor(random() * 78 * 86_400) * 1000).toISOString(),
    states[Math.floor(random() * states.length)]!,
    (Math.floor(random() * 40_000) / 100).toFixed(2),
  ]);
  await insert(source, 'orders', ['id', 'customer_id', 'ordered_at', 'state', 'amount'], rows);
}

const METRICS = ['revenue', 'orders', 'average_order_value', 'conversion_rate'];
const cases: { stats?: StatsParams; series?: SeriesParams }[] = [
  { range: 'custom' as const, from: '2026-02-25', to: '2026-03-12' },
  { range: 'custom' as const, from: '2025-12-01', to: TODAY },
].flatMap((period) => [
  { stats: { metrics: METRICS, compare: 'previous', ...period } as StatsParams },
  ...(['day', 'week'] as const).map((granularity) => ({
    series: { metrics: METRICS, compare: 'none', granularity, ...period } as SeriesParams,
  })),
]);

it('dirties the slice of an instant and a neighbour within a second, on its own local day only', () => {
  expect(instantSlices('2026-03-03T15:07:00Z', NEW_YORK)).toEqual(['2026-03-03 2026-03-03T15:00:00.000Z']);
  expect(instantSlices('2026-03-03T15:14:59.600Z', NEW_YORK)).toEqual([
    '2026-03-03 2026-03-03T15:00:00.000Z',
    '2026-03-03 2026-03-03T15:15:00.000Z',
  ]);
  // 23:59:59.5 EST on 2 March: the slice after it is on 3 March, not dirtied.
  expect(instantSlices('2026-03-03T04:59:59.500Z', NEW_YORK)).toEqual(['2026-03-02 2026-03-03T04:45:00.000Z']);
});

describeDatabases('rollups dirty the slice of an announced instant', seed, (source) => {
  const schema = `dk_slices_${randomBytes(5).toString('hex')}`;
  let db: RecordingSource;
  let raw: SqlEngine;
  let rolled: SqlEngine;
  let nextId = 10_000;
  const refreshes: RefreshInfo[] = [];

  beforeAll(async () => {
    db = recordingSource(source());
    const ctx = { timezone: NEW_YORK, currency: 'USD', locale: 'en-US', now: () => NOW };
    raw = createEngine({ source: source(), ...ctx });
    // A window no test outlasts: after the first recomputation, dirty slices stay dirty for the test.
    rolled = createEngine({ source: db, ...ctx }, undefined, {
      rollups: { enabled: true, schema, coalesceMs: 600_000, onRefresh: (info) => refreshes.push(info) },
    });
    await rolled.rollups!.start();
    // One recomputation now (of a slice nothing changed in): every later one waits out the ten minutes.
    await rolled.invalidate(['orders'], changedTimes({ times: ['2026-01-02T12:07:00Z'] }));
    await rolled.rollups!.idle();
  }, 60_000);

  afterAll(async () => {
    await rolled.close();
    await raw.close();
    await source().exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  });

  const status = () => rolled.rollups!.status().find((s) => s.table === 'orders')!;
  const announce = (...times: string[]) => rolled.invalidate(['orders'], changedTimes({ times }));
  const addOrder = async (at: string, amount: string, state = 'sale') => {
    const id = nextId++;
    await insert(
      source(),
      'orders',
      ['id', 'customer_id', 'ordered_at', 'state', 'amount'],
      [[id, 3, at, state, amount]],
    );
    return id;
  };

  async function expectExact(engine = rolled): Promise<void> {
    db.statements.length = 0;
    for (const c of cases) {
      if (c.stats)
        expect(await engine.stats.compute(c.stats, PUBLIC_SCOPE)).toEqual(
          await raw.stats.compute(c.stats, PUBLIC_SCOPE),
        );
      if (c.series)
        expect(await engine.series.compute(c.series, PUBLIC_SCOPE)).toEqual(
          await raw.series.compute(c.series, PUBLIC_SCOPE),
        );
    }
  }

  /** Every day's partials equal the sum of its slices' (NULL where neither has rows). */
  async function expectSlicesAddUp(): Promise<void> {
    const [{ name } = { name: '' }] = await source().query<{ name: string }>(
      `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = $1 AND table_name LIKE 'r\\_orders\\_%\\_s'`,
      [schema],
    );
    expect(name).not.toBe('');
    const cols = (
      await source().query<{ c: string }>(
        `SELECT column_name AS c FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 AND column_name LIKE 'p%'`,
        [schema, name],
      )
    ).map((r) => r.c);
    const daily = `"${schema}"."${name.slice(0, -2)}"`;
    const [{ n } = { n: -1 }] = await source().query<{ n: number }>(
      `SELECT count(*)::int AS n FROM ${daily} d
       FULL JOIN (SELECT dk_day, ${cols.map((c) => `sum(${c}) AS ${c}`).join(', ')} FROM "${schema}"."${name}" GROUP BY 1) s USING (dk_day)
       WHERE ${cols.map((c) => `d.${c} IS DISTINCT FROM s.${c}`).join(' OR ')}`,
    );
    expect(n).toBe(0);
  }

  it('recomputes a dirty slice alone and its day from its slices, which keep adding up to the days', async () => {
    // An engine that recomputes every announcement at once, over the same rollup tables.
    const seen: RefreshInfo[] = [];
    const quick = createEngine(
      { source: source(), timezone: NEW_YORK, currency: 'USD', locale: 'en-US', now: () => NOW },
      undefined,
      { rollups: { enabled: true, schema, coalesceMs: 0, onRefresh: (info) => seen.push(info) } },
    );
    try {
      await quick.rollups!.start();
      await expectSlicesAddUp();
      const change = async (at: string, work: () => Promise<unknown>) => {
        await work();
        seen.length = 0;
        // Only `quick` hears of it (the other engine would hold its recomputation back for ten minutes);
        // it recomputes the stored rollup both read before any read here.
        await quick.invalidate(['orders'], changedTimes({ times: [at] }));
        await quick.rollups!.idle();
        expect(seen.map((r) => [r.mode, r.days, r.slices])).toEqual([['days', 1, 1]]);
        await expectSlicesAddUp();
        await expectExact(quick);
      };
      await change('2026-02-10T12:07:00Z', () => addOrder('2026-02-10T12:07:00Z', '10.00'));
      // A day without orders (ahead of the data) gains one, then loses it: its slice and its day empty again.
      let id = 0;
      await change('2025-12-20T12:07:00Z', async () => (id = await addOrder('2025-12-20T12:07:00Z', '30.00')));
      await change('2025-12-20T12:07:00Z', () => source().query('DELETE FROM orders WHERE id = $1', [id]));
    } finally {
      await quick.close();
    }
  });

  it('reads a day with a dirty slice from its clean slices and that slice raw, exact through every kind of change', async () => {
    const random = createRng(77);
    await rolled.rollups!.idle();
    const ids: [number, string][] = [];
    const steps: (() => Promise<void>)[] = [
      // Back-dated inserts, one just before a local midnight (23:59:59 EST on 2 March) and one after the DST change.
      async () => {
        for (const at of ['2026-03-03T04:59:59Z', '2026-03-08T07:30:00Z', '2026-02-20T15:07:30.250Z']) {
          ids.push([await addOrder(at, '123.45'), at]);
          await announce(at);
        }
      },
      // An order moved from 3 March to 5 March.
      async () => {
        const [id, from] = ids[0]!;
        const to = '2026-03-05T18:00:00Z';
        await source().query(`UPDATE orders SET ordered_at = $2 WHERE id = $1`, [id, to]);
        ids[0] = [id, to];
        await announce(from, to);
      },
      // A refund changing the amount.
      async () => {
        const [id, at] = ids[1]!;
        await source().query(`UPDATE orders SET amount = amount - 100 WHERE id = $1`, [id]);
        await announce(at);
      },
      // A delete of an order of the seed (its time read back, as the trigger sends it).
      async () => {
        const [row] = await source().query<{ id: number; t: string }>(
          `SELECT id, to_char(ordered_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS t FROM orders WHERE id = $1`,
          [1 + Math.floor(random() * 1500)],
        );
        await source().query(`DELETE FROM orders WHERE id = $1`, [row!.id]);
        await announce(row!.t);
      },
    ];
    for (const step of steps) {
      await step();
      expect(status().dirty).toBe(false);
      await expectExact();
      const reads = db.statements.filter((s) => s.startsWith('WITH dk_win') && s.includes(`"${schema}"."r_`));
      expect(reads).toHaveLength(cases.length);
      // Every read took the dirty days from their slices, and no day as a whole range.
      for (const read of reads) expect(read).toContain('_s" AS dk_s');
    }
    expect(status().dirtyDays.length).toBeGreaterThan(0);
    await expectSlicesAddUp();
  });

  it('reads a day named by a date (not an instant) raw whole, beside the slices of others', async () => {
    const at = '2026-01-15T10:00:00Z';
    await addOrder(at, '5.00');
    await announce('2026-01-15');
    expect(status().dirtyDays).toContain('2026-01-15');
    await expectExact();
    // That day's rows are read by its day range, beside the other days' slices.
    const read = db.statements.find((s) => s.startsWith('WITH dk_win') && s.includes(`"${schema}"."r_`));
    expect(read).toContain('_s" AS dk_s');
  });
});
