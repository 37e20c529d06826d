import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MetaResponse, SeriesResponse, StatsResponse } from '../../src/contract/index.js';
import { describeDatabases } from '../../tests/support/databases.js';
import { PUBLIC_SCOPE, type Scope } from '../auth/scope.js';
import { NotFoundInDataError } from './errors.js';
import type { Source } from '../sources/source.js';
import { BERLIN, seedCommerceA } from './__fixtures__/commerce-a.js';
import { withEnvelope } from './__fixtures__/contract.js';
import { DefinitionError, loadConfig, parseConfig } from './config.js';
import { createEngine } from './index.js';
import type { MetricFunctionContext } from './metrics.js';

const base = { label: 'X', format: 'number', goodDirection: 'up' } as const;
const confirmed = "state IN ('sale', 'done')";

function issuesOf(input: unknown): { path: string; message: string }[] {
  try {
    parseConfig(input);
  } catch (error) {
    expect(error).toBeInstanceOf(DefinitionError);
    return (error as DefinitionError).issues;
  }
  throw new Error('expected the config to be rejected');
}

describe('parseConfig', () => {
  it('names the bad field of an invalid metric', () => {
    const sql = { kind: 'sql', id: 'x', ...base, table: 'orders', time: 'ordered_at' };
    expect(issuesOf({ metrics: [{ ...sql, aggregate: 'median', column: 'amount' }] })).toEqual([
      {
        path: 'metrics[0].aggregate',
        message: 'expected one of sum, count, count_distinct, avg, min, max, got "median"',
      },
    ]);
    expect(issuesOf({ metrics: [{ ...sql, aggregate: 'sum', colum: 'amount' }] })).toContainEqual({
      path: 'metrics[0].colum',
      message: 'unknown field',
    });
    expect(issuesOf({ metrics: [{ ...sql, aggregate: 'sum' }] })).toEqual([
      { path: 'metrics[0].column', message: 'aggregate sum needs a column or an expression' },
    ]);
    expect(issuesOf({ metrics: [{ ...sql, id: 'Bad-Id', aggregate: 'count' }] })[0]?.path).toBe('metrics[0].id');
    expect(issuesOf({ metrics: [{ ...sql, aggregate: 'count', topics: ['payments'] }] })).toEqual([
      {
        path: 'metrics[0].topics[0]',
        message: 'expected one of customers, orders, invoices, products, got "payments"',
      },
    ]);
    expect(issuesOf({ metrics: [{ id: 'x', ...base }] })).toEqual([
      { path: 'metrics[0].kind', message: 'expected kind to be one of sql, snapshot, ratio, function' },
    ]);
    expect(issuesOf({ metrics: [{ kind: 'function', id: 'x', ...base }] })).toEqual([
      { path: 'metrics[0].fn', message: 'expected a function (use a .js or .mjs config)' },
    ]);
    expect(issuesOf({ metrix: [] })).toEqual([{ path: 'metrix', message: 'unknown field' }]);
  });

  it('checks references: ratio parts, duplicates, segments', () => {
    const ratio = { kind: 'ratio', id: 'r', ...base, format: 'percent' };
    expect(issuesOf({ metrics: [{ ...ratio, numerator: 'nope', denominator: 'orders' }] })).toEqual([
      { path: 'metrics[0].numerator', message: 'unknown metric "nope"' },
    ]);
    expect(issuesOf({ metrics: [{ ...ratio, numerator: 'revenue', denominator: 'receivables' }] })).toEqual([
      {
        path: 'metrics[0].denominator',
        message: 'numerator and denominator must both be time-based or both point-in-time',
      },
    ]);
    expect(
      issuesOf({ metrics: [{ ...ratio, numerator: 'average_order_value', denominator: 'orders' }] })[0]?.message,
    ).toBe('"average_order_value" is a ratio metric; a ratio takes sql or snapshot metrics');
    const count = { kind: 'sql', id: 'dup', ...base, table: 'orders', time: 'ordered_at', aggregate: 'count' };
    expect(issuesOf({ metrics: [count, count] })).toEqual([{ path: 'metrics[1].id', message: 'duplicate id "dup"' }]);
    // Replacing revenue without its customer column would leave segments without a dimension.
    const revenue = {
      kind: 'sql',
      id: 'revenue',
      ...base,
      table: 'orders',
      time: 'ordered_at',
      aggregate: 'sum',
      column: 'amount',
    };
    expect(issuesOf({ metrics: [revenue] })).toEqual([
      {
        path: 'segments.metric',
        message: 'metric "revenue" has no filterColumns.customer_id for breakdown "customer"',
      },
    ]);
    expect(issuesOf({ segments: { metric: 'average_order_value', by: 'customer' } })).toEqual([
      {
        path: 'segments.metric',
        message: 'expected a sql metric with aggregate sum or count, got "average_order_value"',
      },
    ]);
  });

  it('names bad fields of the report mappings', () => {
    expect(issuesOf({ aging: { invoices: { tabel: 'bills' } } })).toEqual([
      { path: 'aging.invoices.tabel', message: 'unknown field' },
    ]);
  });

  it('adds to and overrides the commerce metrics, or replaces them with base "none"', () => {
    const def = parseConfig({
      metrics: [
        {
          kind: 'sql',
          id: 'revenue',
          ...base,
          label: 'Net revenue',
          format: 'currency',
          table: 'orders',
          time: 'ordered_at',
          aggregate: 'sum',
          column: 'amount',
          filterColumns: { customer_id: 'customer_id' },
        },
      ],
      lowStock: { orderLines: null },
    });
    expect(def.metrics.map((m) => m.id)).toEqual([
      'orders',
      'average_order_value',
      'new_customers',
      'conversion_rate',
      'receivables',
      'overdue',
      'low_stock_items',
      'out_of_stock_items',
      'revenue',
    ]);
    expect(def.metrics.at(-1)?.label).toBe('Net revenue');
    expect(def.lowStock?.orderLines).toBeNull();
    const none = parseConfig({
      base: 'none',
      metrics: [{ kind: 'sql', id: 'n', ...base, table: 'orders', time: 'ordered_at', aggregate: 'count' }],
    });
    expect(none.metrics.map((m) => m.id)).toEqual(['n']);
    expect(none.breakdowns).toEqual([]);
    expect(none.segments).toBeNull();
  });
});

describe('loadConfig', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dashkit-config-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads JSON and reports the file and field of a problem', async () => {
    const good = join(dir, 'good.json');
    await writeFile(
      good,
      JSON.stringify({
        metrics: [{ kind: 'snapshot', id: 'products', ...base, table: 'products', aggregate: 'count' }],
      }),
    );
    expect((await loadConfig(good)).metrics.at(-1)?.id).toBe('products');
    const bad = join(dir, 'bad.json');
    await writeFile(
      bad,
      JSON.stringify({ metrics: [{ kind: 'snapshot', id: 'p', ...base, table: 'products', aggregate: 'avg' }] }),
    );
    await expect(loadConfig(bad)).rejects.toThrow(
      `${bad}: metrics[0].column: aggregate avg needs a column or an expression`,
    );
    const broken = join(dir, 'broken.json');
    await writeFile(broken, '{ "metrics": [ }');
    await expect(loadConfig(broken)).rejects.toThrow(/broken\.json: \(file\): invalid JSON/);
    await expect(loadConfig(join(dir, 'config.yaml'))).rejects.toThrow(
      'expected a .json, .js or .mjs file, got ".yaml"',
    );
  });

  it('imports a module whose default export gives function metrics', async () => {
    const file = join(dir, 'fn.mjs');
    await writeFile(
      file,
      `export default async () => ({ base: 'none', metrics: [{ kind: 'function', id: 'visits', label: 'Visits', format: 'number', goodDirection: 'up', fn: async () => ({ value: 7, points: [] }) }] });`,
    );
    const def = await loadConfig(file);
    expect(def.metrics.map((m) => m.id)).toEqual(['visits']);
    const m = def.metrics[0];
    expect(m?.kind === 'function' && (await m.fn({} as MetricFunctionContext)).value).toBe(7);
  });
});

const fnCalls: MetricFunctionContext[] = [];
const custom = parseConfig({
  metrics: [
    {
      kind: 'sql',
      id: 'big_orders',
      ...base,
      table: 'orders',
      time: 'ordered_at',
      aggregate: 'count',
      where: `${confirmed} AND amount >= 50`,
      filterColumns: { customer_id: 'customer_id' },
    },
    {
      kind: 'sql',
      id: 'invoiced',
      ...base,
      format: 'currency',
      table: 'invoices',
      time: 'issued_on',
      timeType: 'date',
      aggregate: 'sum',
      column: 'amount',
    },
    {
      kind: 'sql',
      id: 'largest_order',
      ...base,
      format: 'currency',
      table: 'orders',
      time: 'ordered_at',
      aggregate: 'max',
      column: 'amount',
      where: confirmed,
    },
    {
      kind: 'sql',
      id: 'buyers',
      ...base,
      table: 'orders',
      time: 'ordered_at',
      aggregate: 'count_distinct',
      column: 'customer_id',
      where: confirmed,
    },
    {
      kind: 'ratio',
      id: 'cancel_rate',
      ...base,
      format: 'percent',
      goodDirection: 'down',
      numerator: { table: 'orders', time: 'ordered_at', aggregate: 'count', where: "state = 'cancel'" },
      denominator: { table: 'orders', time: 'ordered_at', aggregate: 'count', where: "state <> 'draft'" },
      scale: 4,
    },
    {
      kind: 'ratio',
      id: 'overdue_ratio',
      ...base,
      format: 'percent',
      goodDirection: 'down',
      numerator: 'overdue',
      denominator: 'receivables',
      scale: 4,
    },
    {
      kind: 'function',
      id: 'visits',
      ...base,
      fn: async (ctx: MetricFunctionContext) => {
        fnCalls.push(ctx);
        // Visits on the first two buckets only; the rest are left out (empty).
        return {
          value: ctx.from === '2026-03-27' ? 42 : 21,
          points: [
            { t: ctx.buckets[0] ?? '', v: 40 },
            { t: ctx.buckets[1] ?? '', v: 2 },
          ],
        };
      },
    },
  ],
});

describeDatabases('custom metrics', seedCommerceA, (source) => {
  const engine = (s: Source) =>
    createEngine(
      { source: s, timezone: BERLIN, currency: 'EUR', locale: 'en-GB', now: () => new Date('2026-03-31T12:00:00Z') },
      custom,
    );
  async function stats(metrics: string[], from: string, to: string, scope: Scope = PUBLIC_SCOPE) {
    const body = await engine(source()).stats.compute({ metrics, range: 'custom', from, to }, scope);
    StatsResponse.parse(withEnvelope(body));
    return Object.fromEntries(body.stats.map((s) => [s.metric, s]));
  }

  it('lists custom metrics in meta with their kind of time', () => {
    const meta = engine(source()).meta();
    MetaResponse.parse(withEnvelope(meta));
    const info = Object.fromEntries(meta.metrics.map((m) => [m.id, m]));
    expect(info.cancel_rate).toMatchObject({
      format: 'percent',
      goodDirection: 'down',
      timeSeries: true,
      topics: ['orders'],
    });
    expect(info.overdue_ratio).toMatchObject({ timeSeries: false, topics: ['invoices'] });
    expect(info.visits).toMatchObject({ timeSeries: true, topics: [] });
  });

  it('computes sql metrics with any aggregate, gap-filling 0 for counts and null for max', async () => {
    const by = await stats(['big_orders', 'largest_order', 'buyers'], '2026-03-27', '2026-03-31');
    expect(by.big_orders).toMatchObject({ value: 2, previous: 1, change: 1 });
    expect(by.big_orders?.trend.map((p) => p.v)).toEqual([0, 0, 1, 1, 0]);
    expect(by.largest_order).toMatchObject({ value: '60.25', previous: '60.00' });
    expect(by.largest_order?.trend.map((p) => p.v)).toEqual(['20.00', '30.00', '50.50', '60.25', null]);
    // Four distinct buyers over the period, though the days add up to five.
    expect(by.buyers).toMatchObject({ value: 4, previous: 2 });
    expect(by.buyers?.trend.map((p) => p.v)).toEqual([2, 1, 1, 1, 0]);
  });

  it('reads a date column as a local date', async () => {
    const by = await stats(['invoiced'], '2026-03-01', '2026-03-31');
    // March: INV-2 (1 Mar) 200.00 + INV-4 (15 Mar) 80.00; 29 Jan – 28 Feb: INV-1 100.00 + INV-5 10.50.
    expect(by.invoiced).toMatchObject({ value: '280.00', previous: '110.50' });
    expect(by.invoiced?.trend[0]).toEqual({ t: '2026-03-01', v: '200.00' });
  });

  it('computes inline and point-in-time ratios rounded to their scale', async () => {
    const by = await stats(['cancel_rate', 'overdue_ratio'], '2026-03-27', '2026-03-31');
    // One cancel of seven non-draft orders; previous: one of three.
    expect(by.cancel_rate).toMatchObject({ value: 0.1429, previous: 0.3333 });
    expect(by.cancel_rate?.trend.map((p) => p.v)).toEqual([0, 0, 0, 0.5, null]);
    // 110.25 / 340.25
    expect(by.overdue_ratio).toEqual({
      metric: 'overdue_ratio',
      value: 0.324,
      previous: null,
      change: null,
      trend: [],
    });
  });

  it('calls function metrics per window and fills the buckets they leave out', async () => {
    fnCalls.length = 0;
    const scope: Scope = { roles: ['staff'], filters: { customer_id: 1 } };
    const by = await stats(['visits', 'revenue'], '2026-03-27', '2026-03-31', scope);
    expect(by.visits).toMatchObject({ value: 42, previous: 21, change: 1 });
    expect(by.visits?.trend).toEqual([
      { t: '2026-03-27', v: 40 },
      { t: '2026-03-28', v: 2 },
      { t: '2026-03-29', v: 0 },
      { t: '2026-03-30', v: 0 },
      { t: '2026-03-31', v: 0 },
    ]);
    expect(fnCalls.map((c) => [c.from, c.to, c.granularity, c.timezone, c.scope])).toEqual([
      ['2026-03-27', '2026-03-31', 'day', BERLIN, scope],
      ['2026-03-22', '2026-03-26', 'day', BERLIN, scope],
    ]);
    const series = await engine(source()).series.compute(
      { metrics: ['visits'], range: 'custom', from: '2026-03-27', to: '2026-03-28' },
      PUBLIC_SCOPE,
    );
    SeriesResponse.parse(withEnvelope(series));
    expect(series.series[0]?.previous).toEqual([
      { t: '2026-03-25', v: 40 },
      { t: '2026-03-26', v: 2 },
    ]);
  });

  it('has no segments without a base definition', async () => {
    const none = parseConfig({
      base: 'none',
      metrics: [{ kind: 'sql', id: 'n', ...base, table: 'orders', time: 'ordered_at', aggregate: 'count' }],
    });
    const e = createEngine(
      { source: source(), timezone: BERLIN, currency: 'EUR', locale: 'en', now: () => new Date() },
      none,
    );
    await expect(e.segments.compute({}, PUBLIC_SCOPE)).rejects.toBeInstanceOf(NotFoundInDataError);
  });
});
