import { expect, it } from 'vitest';
import { type StatsParams, StatsResponse } from '../../src/contract/index.js';
import { describeDatabases } from '../../tests/support/databases.js';
import { PUBLIC_SCOPE, type Scope } from '../auth/scope.js';
import { httpErrorOf } from '../routes/respond.js';
import { InvalidQueryError } from './errors.js';
import { BERLIN, seedCommerceA } from './__fixtures__/commerce-a.js';
import { withEnvelope } from './__fixtures__/contract.js';
import { createEngine } from './index.js';
import type { Source } from '../sources/source.js';

const ALL = ['revenue', 'orders', 'average_order_value', 'new_customers', 'conversion_rate'];
const PERIOD = { range: 'custom', from: '2026-03-27', to: '2026-03-31' } as const;

function engine(source: Source, now = '2026-03-31T12:00:00Z', timezone = BERLIN) {
  return createEngine({ source, timezone, currency: 'EUR', locale: 'en-GB', now: () => new Date(now) });
}

async function stats(source: Source, params: StatsParams, scope: Scope = PUBLIC_SCOPE, now?: string) {
  const body = await engine(source, now).stats.compute(params, scope);
  StatsResponse.parse(withEnvelope(body));
  return { body, by: Object.fromEntries(body.stats.map((s) => [s.metric, s])) };
}

describeDatabases('stats', seedCommerceA, (source) => {
  it('sums exact money per local day across the spring DST change, with gaps filled', async () => {
    const { body, by } = await stats(source(), { metrics: ALL, ...PERIOD, compare: 'none' });
    expect(body.period).toEqual({ from: '2026-03-27', to: '2026-03-31', label: '27–31 Mar 2026' });
    expect(body.comparison).toBeNull();
    expect(body.granularity).toBe('day');
    const days = ['2026-03-27', '2026-03-28', '2026-03-29', '2026-03-30', '2026-03-31'];
    const trend = (id: string) => by[id]?.trend.map((p) => p.v);
    expect(by.revenue?.trend.map((p) => p.t)).toEqual(days);
    expect(trend('revenue')).toEqual(['30.00', '30.00', '90.50', '60.25', '0']);
    expect(trend('orders')).toEqual([2, 1, 2, 1, 0]);
    expect(trend('average_order_value')).toEqual(['15.00', '30.00', '45.25', '60.25', null]);
    expect(trend('conversion_rate')).toEqual([1, 1, 1, 0.5, null]);
    expect(trend('new_customers')).toEqual([1, 0, 0, 1, 0]);
    expect(by.revenue).toMatchObject({ value: '210.75', previous: null, change: null });
    expect(by.orders?.value).toBe(6);
    // 210.75 / 6 = 35.125, rounded in SQL.
    expect(by.average_order_value?.value).toBe('35.13');
    // Six confirmed of seven non-draft (the cancel counts, the draft does not).
    expect(by.conversion_rate?.value).toBeCloseTo(6 / 7, 12);
    expect(by.new_customers?.value).toBe(2);
  });

  it('compares with the previous window: exact previous values and changes', async () => {
    const { body, by } = await stats(source(), { metrics: ALL, ...PERIOD });
    expect(body.comparison).toEqual({
      mode: 'previous',
      from: '2026-03-22',
      to: '2026-03-26',
      label: 'Previous period (22–26 Mar 2026)',
    });
    expect(by.revenue).toMatchObject({ value: '210.75', previous: '100.00', change: 1.1075 });
    expect(by.orders).toMatchObject({ value: 6, previous: 2, change: 2 });
    expect(by.average_order_value).toMatchObject({ value: '35.13', previous: '50.00', change: -0.2974 });
    expect(by.conversion_rate?.previous).toBeCloseTo(2 / 3, 12);
    expect(by.conversion_rate?.change).toBeCloseTo((6 / 7 - 2 / 3) / (2 / 3), 12);
    expect(by.new_customers).toMatchObject({ value: 2, previous: 1, change: 1 });
  });

  it('compares with the same dates a year earlier; change is null when previous is 0 or null', async () => {
    const { body, by } = await stats(source(), { metrics: ALL, ...PERIOD, compare: 'year' });
    expect(body.comparison).toMatchObject({ mode: 'year', from: '2025-03-27', to: '2025-03-31' });
    expect(by.revenue).toMatchObject({ previous: '50.00', change: 3.215 });
    expect(by.orders).toMatchObject({ previous: 1, change: 5 });
    expect(by.average_order_value).toMatchObject({ previous: '50.00', change: -0.2974 });
    expect(by.conversion_rate).toMatchObject({ previous: 1 });
    expect(by.new_customers).toMatchObject({ value: 2, previous: 0, change: null });
  });

  it('resolves presets against the pinned clock in the dashboard zone', async () => {
    // 30 Mar 22:30 UTC is already 31 Mar in Berlin: the last 7 days are 25–31 Mar.
    const { body, by } = await stats(
      source(),
      { metrics: ['revenue'], range: '7d' },
      PUBLIC_SCOPE,
      '2026-03-30T22:30:00Z',
    );
    expect(body.period).toMatchObject({ from: '2026-03-25', to: '2026-03-31' });
    expect(body.comparison).toMatchObject({ from: '2026-03-18', to: '2026-03-24' });
    // 25–31 Mar: o10 40.00 + 210.75; 18–24 Mar: o11 60.00.
    expect(by.revenue).toMatchObject({ value: '250.75', previous: '60.00' });
    expect(by.revenue?.trend).toHaveLength(7);
  });

  it('reports point-in-time metrics now, with no previous value and no trend', async () => {
    const { by } = await stats(source(), {
      metrics: ['receivables', 'overdue', 'low_stock_items', 'out_of_stock_items'],
      ...PERIOD,
    });
    expect(by.receivables).toEqual({ metric: 'receivables', value: '340.25', previous: null, change: null, trend: [] });
    expect(by.overdue).toEqual({ metric: 'overdue', value: '110.25', previous: null, change: null, trend: [] });
    expect(by.low_stock_items?.value).toBe(4);
    expect(by.out_of_stock_items?.value).toBe(2);
  });

  it('judges "overdue" against today in the dashboard zone', async () => {
    // 29 Mar 22:30 UTC is 30 Mar in Berlin: INV-5 (due 30 Mar) is not yet overdue, INV-1 is.
    const before = await stats(
      source(),
      { metrics: ['overdue'], range: 'today' },
      PUBLIC_SCOPE,
      '2026-03-29T22:30:00Z',
    );
    expect(before.by.overdue?.value).toBe('100.00');
    // 30 Mar 22:30 UTC is 31 Mar in Berlin (still the 30th in UTC): INV-5 is now overdue.
    const after = await stats(source(), { metrics: ['overdue'], range: 'today' }, PUBLIC_SCOPE, '2026-03-30T22:30:00Z');
    expect(after.by.overdue?.value).toBe('110.25');
  });

  it('keeps money exact: 1000 × (0.10 + 0.20) is exactly 300.00', async () => {
    const { by } = await stats(source(), {
      metrics: ['revenue', 'orders', 'average_order_value'],
      from: '2026-01-15',
      to: '2026-01-15',
    });
    expect(by.revenue?.value).toBe('300.00');
    expect(by.orders?.value).toBe(2000);
    expect(by.average_order_value?.value).toBe('0.15');
    expect(by.revenue?.trend).toEqual([{ t: '2026-01-15', v: '300.00' }]);
  });

  it('narrows every customer metric to the scope customer, but not product metrics', async () => {
    const scope: Scope = { roles: [], filters: { customer_id: 3 } };
    const { by } = await stats(
      source(),
      { metrics: [...ALL, 'receivables', 'overdue', 'low_stock_items'], ...PERIOD },
      scope,
    );
    expect(by.revenue).toMatchObject({ value: '90.50', previous: '0', change: null });
    expect(by.revenue?.trend.map((p) => p.v)).toEqual(['0', '0', '90.50', '0', '0']);
    expect(by.orders?.value).toBe(2);
    expect(by.average_order_value?.value).toBe('45.25');
    expect(by.new_customers?.value).toBe(0);
    expect(by.receivables?.value).toBe('80.00');
    expect(by.overdue?.value).toBe('0');
    expect(by.low_stock_items?.value).toBe(4);
    // A string id from a JWT claim binds the same way.
    const asText = await stats(
      source(),
      { metrics: ['revenue'], ...PERIOD },
      { roles: [], filters: { customer_id: '3' } },
    );
    expect(asText.by.revenue?.value).toBe('90.50');
  });

  it('buckets by the configured zone: Los Angeles sees other days than Berlin', async () => {
    const body = await engine(source(), '2026-04-01T12:00:00Z', 'America/Los_Angeles').stats.compute(
      { metrics: ['revenue'], ...PERIOD, compare: 'none' },
      PUBLIC_SCOPE,
    );
    expect(body.stats[0]?.trend.map((p) => p.v)).toEqual(['50.00', '40.00', '110.75', '0', '90.00']);
    expect(body.stats[0]?.value).toBe('290.75');
  });

  it('answers 400 naming `metrics` for an unknown metric', async () => {
    const error = await engine(source())
      .stats.compute({ metrics: ['revenue', 'profit'] }, PUBLIC_SCOPE)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidQueryError);
    expect(httpErrorOf(error)?.status).toBe(400);
    expect((error as InvalidQueryError).errors).toEqual([
      {
        param: 'metrics',
        message:
          'unknown metric "profit"; known: revenue, orders, average_order_value, new_customers, conversion_rate, receivables, overdue, low_stock_items, out_of_stock_items',
      },
    ]);
  });
});
