import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Granularity, Range, SeriesParams, SeriesResponse, StatsParams } from '../../../src/contract/index.js';
import { describeDatabases } from '../../../tests/support/databases.js';
import { type RecordingSource, recordingSource } from '../../../tests/support/recording-source.js';
import { PUBLIC_SCOPE, type Scope } from '../../auth/scope.js';
import type { Source } from '../../sources/source.js';
import { createRng } from '../../demo/random.js';
import { insert, insertCustomers } from '../__fixtures__/rows.js';
import { addDays } from '../calendar.js';
import { createEngine, type SqlEngine } from '../index.js';
import { COMMERCE_DEFINITION, type Definition } from '../metrics.js';
import { rollupsEnabled, type RollupOptions } from './index.js';

const BERLIN = 'Europe/Berlin';
/** 11:30 in Berlin on Friday 20 November 2026. */
const NOW = new Date('2026-11-20T10:30:00Z');
const TODAY = '2026-11-20';
const FIRST_DAY = '2024-10-01';
const CONFIRMED = "state IN ('sale', 'done')";
const ORDERS = { table: 'orders', time: 'ordered_at', filterColumns: { customer_id: 'customer_id' } } as const;

/** The commerce metrics plus an average, a distinct count (never rolled up) and a date-typed sum. */
const DEFINITION: Definition = {
  ...COMMERCE_DEFINITION,
  metrics: [
    ...COMMERCE_DEFINITION.metrics,
    {
      id: 'average_amount',
      label: 'Average amount',
      format: 'currency',
      goodDirection: 'up',
      kind: 'sql',
      ...ORDERS,
      aggregate: 'avg',
      column: 'amount',
      where: CONFIRMED,
    },
    {
      id: 'buyers',
      label: 'Buyers',
      format: 'number',
      goodDirection: 'up',
      kind: 'sql',
      ...ORDERS,
      aggregate: 'count_distinct',
      column: 'customer_id',
      where: CONFIRMED,
    },
    {
      id: 'invoiced',
      label: 'Invoiced',
      format: 'currency',
      goodDirection: 'up',
      kind: 'sql',
      table: 'invoices',
      time: 'issued_on',
      timeType: 'date',
      aggregate: 'sum',
      column: 'amount',
      filterColumns: { customer_id: 'customer_id' },
    },
  ],
};
const TIMED = [
  'revenue',
  'orders',
  'average_order_value',
  'new_customers',
  'conversion_rate',
  'average_amount',
  'buyers',
  'invoiced',
];

const DST_DAYS = ['2024-10-27', '2025-03-30', '2025-10-26', '2026-03-29', '2026-10-25'];
const SPAN = Math.round((Date.parse(`${TODAY}T00:00:00Z`) - Date.parse(`${FIRST_DAY}T00:00:00Z`)) / 86_400_000);
const CUSTOMERS = 300;

/**
 * An instant between FIRST_DAY and today, biased towards the edges that a
 * wrong day boundary would move: around Berlin midnight (22:00 or 23:00 UTC),
 * exactly on it, and the night of a DST change.
 */
function instant(random: () => number): string {
  const day = addDays(FIRST_DAY, Math.floor(random() * SPAN));
  const r = random();
  const pad = (n: number) => String(n).padStart(2, '0');
  if (r < 0.1) return `${day}T${random() < 0.5 ? '22' : '23'}:00:00Z`;
  if (r < 0.45) {
    return `${day}T${pad(21 + Math.floor(random() * 3))}:${pad(Math.floor(random() * 60))}:${pad(Math.floor(random() * 60))}Z`;
  }
  if (r < 0.55) {
    const dst = DST_DAYS[Math.floor(random() * DST_DAYS.length)] as string;
    return `${dst}T${pad(Math.floor(random() * 4))}:${pad(Math.floor(random() * 60))}:00Z`;
  }
  return `${day}T${pad(Math.floor(random() * 24))}:${pad(Math.floor(random() * 60))}:${pad(Math.floor(random() * 60))}Z`;
}

const money = (random: () => number) => (random() < 0.03 ? '0.00' : (Math.floor(random() * 50_000) / 100).toFixed(2));

async function seed(source: Source): Promise<void> {
  const random = createRng(20261120);
  await insertCustomers(
    source,
    Array.from({ length: CUSTOMERS }, (_, i) => ({ id: i + 1, createdAt: instant(random) })),
  );
  const states = ['draft', 'cancel', 'sale', 'done', 'done', 'sale', 'done'] as const;
  const orders = Array.from({ length: 4000 }, (_, i) => [
    i + 1,
    1 + Math.floor(random() * CUSTOMERS),
    instant(random),
    states[Math.floor(random() * states.length)] as string,
    money(random),
  ]);
  // Tomorrow: after the watermark, so always read raw.
  orders.push([4001, 1, '2026-11-21T09:00:00Z', 'sale', '12.34']);
  await insert(source, 'orders', ['id', 'customer_id', 'ordered_at', 'state', 'amount'], orders);
  const invoices = Array.from({ length: 800 }, (_, i) => {
    const issued = instant(random).slice(0, 10);
    return [
      i + 1,
      `INV-${i + 1}`,
      1 + Math.floor(random() * CUSTOMERS),
      issued,
      addDays(issued, 30),
      money(random),
      '0',
    ];
  });
  await insert(
    source,
    'invoices',
    ['id', 'number', 'customer_id', 'issued_on', 'due_on', 'amount', 'amount_paid'],
    invoices,
  );
}

interface Case {
  stats: StatsParams;
  series: SeriesParams;
}

/** Random periods over the data (and a little past it), random granularity and comparison. */
function randomCases(count: number, seedValue: number): Case[] {
  const random = createRng(seedValue);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
  const presets: Range[] = ['today', 'week', 'month', 'quarter', 'year', '7d', '30d', '90d', '365d'];
  return Array.from({ length: count }, () => {
    const compare = pick(['previous', 'year', 'none'] as const);
    const metrics = TIMED.filter(() => random() < 0.5);
    if (metrics.length === 0) metrics.push(pick(TIMED));
    let period: Pick<StatsParams, 'range' | 'from' | 'to'>;
    if (random() < 0.2) period = { range: pick(presets) };
    else {
      const from = addDays(FIRST_DAY, Math.floor(random() * (SPAN + 10)) - 5);
      const length = random() < 0.5 ? 1 + Math.floor(random() * 70) : 1 + Math.floor(random() * 450);
      period = { range: 'custom', from, to: addDays(from, length - 1) };
    }
    const granularity = pick<Granularity | undefined>([undefined, 'day', 'week', 'month']);
    return {
      stats: { metrics: [...metrics, ...(random() < 0.2 ? ['receivables'] : [])], compare, ...period },
      series: { metrics, compare, ...period, ...(granularity ? { granularity } : {}) },
    };
  });
}

const CUSTOMER_SCOPE = (id: number): Scope => ({ roles: [], filters: { customer_id: id } });

describe('rollupsEnabled', () => {
  it('is on for PostgreSQL when tables may be created, off on PGlite, and an explicit choice wins', () => {
    expect(rollupsEnabled('pg')).toBe(true);
    expect(rollupsEnabled('pg', { createTables: false })).toBe(false);
    expect(rollupsEnabled('pglite')).toBe(false);
    expect(rollupsEnabled('pglite', { enabled: true })).toBe(true);
    expect(rollupsEnabled('pg', { enabled: false })).toBe(false);
  });
});

/** Each test runs dozens of statements on two engines; generous on a loaded machine, never a timing assertion. */
const SLOW = 60_000;

describeDatabases('daily rollups', seed, (source) => {
  const schema = `dk_rollups_${randomBytes(5).toString('hex')}`;
  const engines: SqlEngine[] = [];
  let rawDb: Source;
  let raw: SqlEngine;
  let db: RecordingSource;
  let rolled: SqlEngine;

  const open = (options: RollupOptions = {}, timezone = BERLIN, on: Source = db) => {
    const engine = createEngine(
      { source: on, timezone, currency: 'EUR', locale: 'en-GB', now: () => NOW },
      DEFINITION,
      { rollups: { enabled: true, schema, ...options } },
    );
    engines.push(engine);
    return engine;
  };

  /** Report statements (not refreshes) that read a rollup table. */
  const rollupStatements = () =>
    db.statements.filter((s) => s.startsWith('WITH dk_win') && s.includes(`"${schema}"."r_`));

  /** Every random case answers the same through the rollup engine as through the raw one. */
  async function expectSameAnswers(engine: SqlEngine, cases: Case[], scope: Scope = PUBLIC_SCOPE): Promise<void> {
    for (const c of cases) {
      expect(await engine.stats.compute(c.stats, scope), JSON.stringify(c.stats)).toEqual(
        await raw.stats.compute(c.stats, scope),
      );
      expect(await engine.series.compute(c.series, scope), JSON.stringify(c.series)).toEqual(
        await raw.series.compute(c.series, scope),
      );
    }
  }

  beforeAll(async () => {
    rawDb = source();
    db = recordingSource(rawDb);
    raw = createEngine(
      { source: rawDb, timezone: BERLIN, currency: 'EUR', locale: 'en-GB', now: () => NOW },
      DEFINITION,
    );
    rolled = open();
    const built = await rolled.rollups!.start();
    expect(built.map((b) => b.table).sort()).toEqual(['customers', 'invoices', 'orders']);
    expect(built.every((b) => b.mode === 'full' && b.to === addDays(TODAY, -1))).toBe(true);
  }, SLOW);

  afterAll(async () => {
    for (const engine of engines) await engine.close();
    await source().exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  });

  it(
    'answers 50 random stats and series requests exactly like the raw query, reading the rollups',
    async () => {
      db.statements.length = 0;
      await expectSameAnswers(rolled, randomCases(50, 1));
      // 100 requests, each one statement; every one of them reads at least one rollup table.
      expect(rollupStatements().length).toBe(100);
    },
    SLOW,
  );

  it(
    'keeps the DST days and the days around them exact',
    async () => {
      const cases = ['2025-03-30', '2025-10-26', '2026-03-29', '2026-10-25'].map((day): Case => {
        const period = {
          range: 'custom' as const,
          from: addDays(day, -1),
          to: addDays(day, 1),
          compare: 'year' as const,
        };
        return { stats: { metrics: TIMED, ...period }, series: { metrics: TIMED, ...period, granularity: 'day' } };
      });
      await expectSameAnswers(rolled, cases);
      const body = await rolled.series.compute(cases[3]!.series, PUBLIC_SCOPE);
      expect(body.series[1]?.points.some((p) => p.v !== 0)).toBe(true);
    },
    SLOW,
  );

  it(
    'reads the raw tables for scoped requests, with the same answers',
    async () => {
      db.statements.length = 0;
      const cases = randomCases(10, 2);
      for (const id of [1, 17, 150]) await expectSameAnswers(rolled, cases, CUSTOMER_SCOPE(id));
      expect(rollupStatements()).toEqual([]);
      // A filter none of the tables honours narrows nothing, so the rollups still serve it.
      const other: Scope = { roles: [], filters: { region: 'north' } };
      await expectSameAnswers(rolled, cases.slice(0, 2), other);
      expect(rollupStatements().length).toBe(4);
    },
    SLOW,
  );

  it(
    'answers from the raw table after today, and is exact again on invalidate',
    async () => {
      const cases = randomCases(8, 3).map((c) => ({
        stats: { ...c.stats, range: 'custom' as const, from: addDays(TODAY, -40), to: addDays(TODAY, 2) },
        series: { ...c.series, range: 'custom' as const, from: addDays(TODAY, -40), to: addDays(TODAY, 2) },
      }));
      // Today and tomorrow are always raw: new orders there need no refresh at all.
      await insert(
        source(),
        'orders',
        ['id', 'customer_id', 'ordered_at', 'state', 'amount'],
        [
          [5001, 3, '2026-11-20T09:59:59Z', 'sale', '100.00'],
          [5002, 4, '2026-11-19T23:00:00Z', 'done', '7.50'],
        ],
      );
      await expectSameAnswers(rolled, cases);
      // Three days back is below the watermark: stale until the invalidation is announced.
      await insert(
        source(),
        'orders',
        ['id', 'customer_id', 'ordered_at', 'state', 'amount'],
        [[5003, 5, '2026-11-16T22:59:59Z', 'sale', '1000.00']],
      );
      const params: StatsParams = { metrics: ['revenue'], range: 'custom', from: '2026-11-16', to: '2026-11-16' };
      expect(await rolled.stats.compute(params, PUBLIC_SCOPE)).not.toEqual(
        await raw.stats.compute(params, PUBLIC_SCOPE),
      );
      await rolled.invalidate(['invoices']); // another topic: nothing to refresh
      expect(await rolled.stats.compute(params, PUBLIC_SCOPE)).not.toEqual(
        await raw.stats.compute(params, PUBLIC_SCOPE),
      );
      await rolled.invalidate(['orders']);
      await expectSameAnswers(rolled, [...cases, { stats: params, series: params }]);
    },
    SLOW,
  );

  it(
    'serves an unannounced edit to an old order stale until a full check, which restores equality',
    async () => {
      const params: StatsParams = {
        metrics: ['revenue', 'orders'],
        range: 'custom',
        from: '2025-06-01',
        to: '2025-06-30',
      };
      // The rollup serves again once the refresh the previous test's invalidation started is done.
      await rolled.rollups!.idle();
      const [old] = await source().query<{ id: number }>(
        `SELECT id FROM orders WHERE state = 'done' AND ordered_at >= '2025-06-10' AND ordered_at < '2025-06-20' ORDER BY id LIMIT 1`,
      );
      await source().query(`UPDATE orders SET amount = amount + 1000 WHERE id = $1`, [old!.id]);
      // The honest limit: an edit nobody announced (no invalidate) is not seen by the rollup.
      expect(await rolled.stats.compute(params, PUBLIC_SCOPE)).not.toEqual(
        await raw.stats.compute(params, PUBLIC_SCOPE),
      );

      // A periodic full check (due at once with fullCheckSeconds 0) repairs it, started by a query.
      const checking = open({ fullCheckSeconds: 0 });
      await checking.rollups!.start();
      await source().query(`UPDATE orders SET amount = amount + 1 WHERE id = $1`, [old!.id]);
      await checking.stats.compute(params, PUBLIC_SCOPE); // pokes the background check
      await checking.rollups!.idle();
      expect(await checking.stats.compute(params, PUBLIC_SCOPE)).toEqual(await raw.stats.compute(params, PUBLIC_SCOPE));

      // An invalidation recomputes every day; the full refresh reports the one repaired day.
      const repaired: string[] = [];
      const forced = open({ onRefresh: (info) => repaired.push(`${info.table} ${info.mode} ${info.changedDays}`) });
      await forced.rollups!.start();
      await source().query(`UPDATE orders SET amount = amount - 1001 WHERE id = $1`, [old!.id]);
      repaired.length = 0;
      await forced.invalidate(['orders']);
      await forced.rollups!.idle();
      expect(repaired).toEqual(['orders full 1']);
      await expectSameAnswers(forced, [{ stats: params, series: params }, ...randomCases(10, 4)]);
      // The tampering is undone (net 0), so `rolled` agrees again too.
    },
    SLOW,
  );

  it(
    'answers an insert, edit or delete of an old order exactly right after invalidate, and reads the rollup again once refreshed',
    async () => {
      const old = addDays(TODAY, -60);
      const period = {
        range: 'custom' as const,
        from: addDays(TODAY, -75),
        to: addDays(TODAY, -45),
        compare: 'previous' as const,
      };
      // Orders metrics only: while dirty, none of them reads a rollup.
      const metrics = ['revenue', 'orders', 'average_order_value', 'average_amount'];
      const c: Case = {
        stats: { metrics, ...period },
        series: { metrics, ...period, granularity: 'day' },
      };
      const ordersDirty = () => rolled.rollups!.status().find((x) => x.table === 'orders')?.dirty;
      const changes = [
        () =>
          insert(
            source(),
            'orders',
            ['id', 'customer_id', 'ordered_at', 'state', 'amount'],
            [[7001, 9, `${old}T12:00:00Z`, 'sale', '4321.00']],
          ),
        () => source().query(`UPDATE orders SET amount = amount + 250, state = 'done' WHERE id = 7001`),
        () => source().query(`DELETE FROM orders WHERE id = 7001`),
      ];
      for (const change of changes) {
        await rolled.rollups!.idle();
        const before = await raw.stats.compute(c.stats, PUBLIC_SCOPE);
        await change();
        expect(await raw.stats.compute(c.stats, PUBLIC_SCOPE)).not.toEqual(before);
        await rolled.invalidate(['orders']);
        expect(ordersDirty()).toBe(true);
        // No waiting: the very next answers are the raw ones.
        await expectSameAnswers(rolled, [c]);
        await rolled.rollups!.idle();
        expect(ordersDirty()).toBe(false);
        db.statements.length = 0;
        await expectSameAnswers(rolled, [c]);
        expect(rollupStatements().length).toBe(2);
      }
    },
    SLOW,
  );

  it(
    'reads raw while an invalidated rollup refreshes, and coalesces a burst of 20 invalidations into 2 refreshes',
    async () => {
      const inner = source();
      let gate: Promise<void> | undefined;
      let release = () => {};
      let reached = () => {};
      const arrived = new Promise<void>((resolve) => (reached = resolve));
      const gated = recordingSource({
        kind: inner.kind,
        query: (sql, params) => inner.query(sql, params),
        exec: (sql) => inner.exec(sql),
        // Holds a refresh after it started (its generation is taken) and before it opens its transaction.
        async transaction(work) {
          if (gate) {
            reached();
            await gate;
          }
          return inner.transaction ? inner.transaction(work) : work(inner);
        },
        close: () => Promise.resolve(),
      });
      const refreshes: string[] = [];
      const engine = open({ onRefresh: (info) => info.table === 'orders' && refreshes.push(info.mode) }, BERLIN, gated);
      await engine.rollups!.start();
      const reads = () =>
        gated.statements.filter((x) => x.startsWith('WITH dk_win') && x.includes(`"${schema}"."r_`)).length;
      const period = { range: 'custom' as const, from: addDays(TODAY, -120), to: addDays(TODAY, -60) };
      const c: Case = {
        stats: { metrics: ['revenue', 'orders'], ...period },
        series: { metrics: ['revenue', 'orders'], ...period, granularity: 'week' },
      };
      await expectSameAnswers(engine, [c]);
      expect(reads()).toBe(2);

      refreshes.length = 0;
      gate = new Promise<void>((resolve) => (release = resolve));
      await insert(
        source(),
        'orders',
        ['id', 'customer_id', 'ordered_at', 'state', 'amount'],
        [[7101, 11, `${addDays(TODAY, -90)}T10:00:00Z`, 'done', '555.55']],
      );
      await engine.invalidate(['orders']);
      await arrived; // the first refresh has started and waits
      for (let i = 1; i < 20; i++) await engine.invalidate(['orders']);
      gated.statements.length = 0;
      await expectSameAnswers(engine, [c]);
      expect(reads()).toBe(0);

      gate = undefined;
      release();
      await engine.rollups!.idle();
      // The held refresh started before 19 of the invalidations: exactly one more runs, and it clears the flag.
      expect(refreshes).toEqual(['full', 'full']);
      expect(engine.rollups!.status().find((x) => x.table === 'orders')?.dirty).toBe(false);
      gated.statements.length = 0;
      await expectSameAnswers(engine, [c]);
      expect(reads()).toBe(2);
      await source().query('DELETE FROM orders WHERE id = 7101');
    },
    SLOW,
  );

  it(
    'lets two instances build the same rollups concurrently',
    async () => {
      const a = open({}, BERLIN, source());
      const b = open({}, BERLIN, source());
      await Promise.all([a.rollups!.start(), b.rollups!.start()]);
      expect(a.rollups!.status()).toEqual(b.rollups!.status());
      await expectSameAnswers(a, randomCases(5, 5));
    },
    SLOW,
  );

  it(
    'keeps separate rollup tables per time zone',
    async () => {
      const york = open({}, 'America/New_York');
      await york.rollups!.start();
      const names = (e: SqlEngine) => e.rollups!.status().map((s) => s.rollup);
      expect(names(york).some((n) => names(rolled).includes(n))).toBe(false);
      const yorkRaw = createEngine(
        { source: source(), timezone: 'America/New_York', currency: 'EUR', locale: 'en-GB', now: () => NOW },
        DEFINITION,
      );
      for (const c of randomCases(10, 6)) {
        expect(await york.stats.compute(c.stats, PUBLIC_SCOPE)).toEqual(
          await yorkRaw.stats.compute(c.stats, PUBLIC_SCOPE),
        );
        expect(await york.series.compute(c.series, PUBLIC_SCOPE)).toEqual(
          await yorkRaw.series.compute(c.series, PUBLIC_SCOPE),
        );
      }
    },
    SLOW,
  );

  it(
    'answers raw, not with an error, when a rollup table disappears, and rebuilds it',
    async () => {
      const engine = open();
      await engine.rollups!.start();
      const [orders] = engine.rollups!.status().filter((s) => s.table === 'orders');
      await source().exec(`DROP TABLE ${orders!.rollup.replace(/^([^.]+)\.(.+)$/, '"$1"."$2"')}`);
      const cases = randomCases(3, 7);
      await expectSameAnswers(engine, cases);
      await engine.rollups!.idle();
      expect(engine.rollups!.status().find((s) => s.table === 'orders')?.watermark).toBe(addDays(TODAY, -1));
      await expectSameAnswers(engine, cases);
    },
    SLOW,
  );

  it(
    'keeps float sums raw (their sum depends on the order of addition)',
    async () => {
      const floats: Definition = {
        ...DEFINITION,
        metrics: [
          ...DEFINITION.metrics,
          {
            id: 'float_revenue',
            label: 'Float revenue',
            format: 'number',
            goodDirection: 'up',
            kind: 'sql',
            ...ORDERS,
            aggregate: 'sum',
            expression: 'amount::float8',
          },
        ],
      };
      const engine = createEngine(
        { source: db, timezone: BERLIN, currency: 'EUR', locale: 'en-GB', now: () => NOW },
        floats,
        {
          rollups: { enabled: true, schema },
        },
      );
      engines.push(engine);
      await engine.rollups!.start();
      db.statements.length = 0;
      const params: StatsParams = { metrics: ['float_revenue'], range: '365d' };
      const floatRaw = createEngine(
        { source: db, timezone: BERLIN, currency: 'EUR', locale: 'en-GB', now: () => NOW },
        floats,
      );
      expect(await engine.stats.compute(params, PUBLIC_SCOPE)).toEqual(
        await floatRaw.stats.compute(params, PUBLIC_SCOPE),
      );
      expect(rollupStatements()).toEqual([]);
    },
    SLOW,
  );

  it(
    'creates nothing without createTables, and answers raw',
    async () => {
      const other = `${schema}_none`;
      const engine = open({ createTables: false, schema: other });
      expect(await engine.rollups!.start()).toEqual([]);
      expect(engine.rollups!.status().every((s) => s.watermark === undefined && s.partials === 0)).toBe(true);
      const [row] = await source().query<{ n: number }>(
        'SELECT count(*)::int AS n FROM pg_namespace WHERE nspname = $1',
        [other],
      );
      expect(row?.n).toBe(0);
      await expectSameAnswers(engine, randomCases(3, 9));
    },
    SLOW,
  );

  it(
    'gives an instant to its local date where a DST change repeats midnight, raw and rolled up alike',
    async () => {
      // Havana falls back from 01:00 CDT to 00:00 CST on 2 November 2025: 00:00–00:59 happens twice.
      // 2 November starts at the first 00:00 (04:00Z), so 04:30Z (00:30 CDT) is 2 November, not 1 November,
      // and 1 November is a 24-hour day (04:00Z to 04:00Z); 2 November has 25 hours.
      const havana = 'America/Havana';
      const ids = [6001, 6002, 6003, 6004, 6005];
      const havanaRaw = createEngine(
        { source: source(), timezone: havana, currency: 'EUR', locale: 'en-GB', now: () => NOW },
        DEFINITION,
      );
      const days = { range: 'custom' as const, from: '2025-10-31', to: '2025-11-03', compare: 'none' as const };
      const series = { metrics: ['revenue', 'orders'], ...days, granularity: 'day' as const };
      const cents = (body: Pick<SeriesResponse, 'series'>) =>
        Object.fromEntries(body.series[0]!.points.map((p) => [p.t, Math.round(Number(p.v) * 100)]));
      const before = cents(await havanaRaw.series.compute(series, PUBLIC_SCOPE));
      await insert(
        source(),
        'orders',
        ['id', 'customer_id', 'ordered_at', 'state', 'amount'],
        [
          '2025-11-02T03:59:59Z', // 23:59:59 CDT on 1 November
          '2025-11-02T04:00:00Z', // the first 00:00 of 2 November
          '2025-11-02T04:30:00Z', // 00:30 CDT
          '2025-11-02T05:30:00Z', // 00:30 CST
          '2025-11-03T04:59:59Z', // 23:59:59 CST on 2 November
        ].map((at, i) => [ids[i]!, 1, at, 'sale', `${10 ** i}.00`]),
      );
      try {
        const engine = open({}, havana);
        await engine.rollups!.start();
        const rolled = await engine.series.compute(series, PUBLIC_SCOPE);
        const raw = await havanaRaw.series.compute(series, PUBLIC_SCOPE);
        expect(rolled.series).toEqual(raw.series);
        const after = cents(raw);
        expect(after['2025-11-01']! - before['2025-11-01']!).toBe(1_00);
        expect(after['2025-11-02']! - before['2025-11-02']!).toBe(11_110_00);
        expect(after['2025-11-03']).toBe(before['2025-11-03']);
        // Each daily point is the total of its one-day period, and the period total is the sum of the points.
        for (const [i, day] of ['2025-10-31', '2025-11-01', '2025-11-02', '2025-11-03'].entries()) {
          const one = await havanaRaw.stats.compute(
            { metrics: ['revenue', 'orders'], range: 'custom', from: day, to: day, compare: 'none' },
            PUBLIC_SCOPE,
          );
          expect([raw.series[0]?.points[i]?.v, raw.series[1]?.points[i]?.v], day).toEqual([
            one.stats[0]?.value,
            one.stats[1]?.value,
          ]);
        }
        const stats: StatsParams = { metrics: TIMED, ...days, compare: 'year' };
        const rawStats = await havanaRaw.stats.compute(stats, PUBLIC_SCOPE);
        expect(await engine.stats.compute(stats, PUBLIC_SCOPE)).toEqual(rawStats);
        const revenueStat = rawStats.stats.find((x) => x.metric === 'revenue')!;
        const trendSum = revenueStat.trend.reduce((n, p) => n + Math.round(Number(p.v) * 100), 0);
        expect(trendSum).toBe(Math.round(Number(revenueStat.value) * 100));
      } finally {
        await source().query('DELETE FROM orders WHERE id = ANY($1::int[])', [ids]);
      }
    },
    SLOW,
  );

  it(
    'is not built before first use, and builds on it in the background',
    async () => {
      const lazy = open();
      expect(lazy.rollups!.status().every((s) => s.watermark === undefined)).toBe(true);
      const c = randomCases(1, 8)[0]!;
      expect(await lazy.stats.compute(c.stats, PUBLIC_SCOPE)).toEqual(await raw.stats.compute(c.stats, PUBLIC_SCOPE));
      await lazy.rollups!.idle();
      expect(lazy.rollups!.status().every((s) => s.watermark === addDays(TODAY, -1))).toBe(true);
    },
    SLOW,
  );
});
