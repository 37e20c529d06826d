/**
 * Breakdown and segments on a hand-computed May 2026 (Europe/Berlin, UTC+2):
 *
 *   customer  confirmed revenue in May       orders
 *   1         500.00 (300 + 200)             2
 *   2         400.00 (100 at 1 May 00:00 local + 300)  2
 *   3, 4      300.00 each (a tie)            1 each
 *   5         200.00                         1
 *   6         100.00, 7 50.00, 8 25.00, 9 10.00, 10 5.00, 14 2.00, 13 1.00 (1 each)
 *   11        only a cancelled order; 12 only a draft: not buyers
 *   total     1893.00                        14
 */
import { expect, it } from 'vitest';
import { BreakdownResponse, SegmentsResponse } from '../../src/contract/index.js';
import { describeDatabases } from '../../tests/support/databases.js';
import { PUBLIC_SCOPE, type Scope } from '../auth/scope.js';
import { InvalidQueryError, RestrictedError } from './errors.js';
import type { Source } from '../sources/source.js';
import { withEnvelope } from './__fixtures__/contract.js';
import { insertCustomers, insertOrders, type OrderRow } from './__fixtures__/rows.js';
import { createEngine } from './index.js';
import { COMMERCE_DEFINITION } from './metrics.js';

const MAY = { range: 'custom', from: '2026-05-01', to: '2026-05-31' } as const;
const mid = '2026-05-15T10:00:00Z';

async function seed(source: Source): Promise<void> {
  await insertCustomers(
    source,
    Array.from({ length: 14 }, (_, i) => ({ id: i + 1, name: `Customer ${String.fromCharCode(65 + i)}` })),
  );
  const rows: OrderRow[] = [
    { customer: 1, at: mid, amount: '300.00' },
    { customer: 1, at: '2026-05-31T21:59:59Z', state: 'done', amount: '200.00' }, // 31 May 23:59:59 local
    { customer: 1, at: '2026-04-30T21:59:59Z', amount: '1000.00' }, // 30 Apr 23:59:59 local: outside
    { customer: 1, at: '2026-05-31T22:00:00Z', amount: '1000.00' }, // 1 Jun 00:00 local: outside
    { customer: 2, at: '2026-04-30T22:00:00Z', amount: '100.00' }, // 1 May 00:00 local
    { customer: 2, at: mid, amount: '300.00' },
    { customer: 3, at: mid, amount: '300.00' },
    { customer: 4, at: mid, amount: '300.00' },
    { customer: 5, at: mid, amount: '200.00' },
    { customer: 6, at: mid, amount: '100.00' },
    { customer: 7, at: mid, amount: '50.00' },
    { customer: 8, at: mid, amount: '25.00' },
    { customer: 9, at: mid, amount: '10.00' },
    { customer: 10, at: mid, amount: '5.00' },
    { customer: 11, at: mid, state: 'cancel', amount: '999.00' },
    { customer: 12, at: mid, state: 'draft', amount: '999.00' },
    { customer: 13, at: mid, amount: '1.00' },
    { customer: 14, at: mid, amount: '2.00' },
    ...Array.from({ length: 10 }, (_, i): OrderRow => ({
      customer: i + 1,
      at: '2026-06-05T10:00:00Z',
      amount: i === 0 ? '10.03' : `${(i + 1) * 10}.00`,
    })),
  ];
  await insertOrders(source, rows);
}

function engine(source: Source) {
  return createEngine({
    source,
    timezone: 'Europe/Berlin',
    currency: 'EUR',
    locale: 'en-GB',
    now: () => new Date('2026-06-10T12:00:00Z'),
  });
}

describeDatabases('breakdown', seed, (source) => {
  async function breakdown(
    params: Parameters<ReturnType<typeof engine>['breakdown']['compute']>[0],
    scope: Scope = PUBLIC_SCOPE,
  ) {
    const body = await engine(source()).breakdown.compute(params, scope);
    BreakdownResponse.parse(withEnvelope(body));
    return body;
  }

  it('lists the top N by value (ties by key) plus an exact `other` row and shares', async () => {
    const body = await breakdown({ metric: 'revenue', by: 'customer', limit: 3, ...MAY });
    expect(body).toMatchObject({
      metric: 'revenue',
      by: 'customer',
      total: '1893.00',
      period: { from: '2026-05-01', to: '2026-05-31' },
    });
    expect(body.rows).toEqual([
      { key: '1', label: 'Customer A', value: '500.00', share: 500 / 1893 },
      { key: '2', label: 'Customer B', value: '400.00', share: 400 / 1893 },
      { key: '3', label: 'Customer C', value: '300.00', share: 300 / 1893 },
      { key: 'other', label: 'Other', value: '693.00', share: 693 / 1893 },
    ]);
  });

  it('counts with the default limit of 10, and has no `other` row when nothing remains', async () => {
    const body = await breakdown({ metric: 'orders', by: 'customer', ...MAY });
    expect(body.total).toBe(14);
    expect(body.rows.map((r) => [r.key, r.value])).toEqual([
      ['1', 2],
      ['2', 2],
      ['3', 1],
      ['4', 1],
      ['5', 1],
      ['6', 1],
      ['7', 1],
      ['8', 1],
      ['9', 1],
      ['10', 1],
      ['other', 2],
    ]);
    const all = await breakdown({ metric: 'orders', by: 'customer', limit: 12, ...MAY });
    expect(all.rows.map((r) => r.key)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '13', '14']);
    expect(all.rows.reduce((sum, r) => sum + r.share, 0)).toBeCloseTo(1, 12);
  });

  it('returns a zero total and no rows for an empty period', async () => {
    const body = await breakdown({
      metric: 'revenue',
      by: 'customer',
      range: 'custom',
      from: '2026-07-01',
      to: '2026-07-31',
    });
    expect(body.total).toBe('0');
    expect(body.rows).toEqual([]);
  });

  it('narrows to the scope customer', async () => {
    const body = await breakdown(
      { metric: 'revenue', by: 'customer', ...MAY },
      { roles: [], filters: { customer_id: 2 } },
    );
    expect(body.total).toBe('400.00');
    expect(body.rows).toEqual([{ key: '2', label: 'Customer B', value: '400.00', share: 1 }]);
  });

  it('answers 400 naming the parameter for unknown or unbreakable metrics and unknown dimensions', async () => {
    const errorOf = (p: Parameters<ReturnType<typeof engine>['breakdown']['compute']>[0]) =>
      engine(source())
        .breakdown.compute(p, PUBLIC_SCOPE)
        .then(
          () => {
            throw new Error('expected a 400');
          },
          (e: unknown) => e as InvalidQueryError,
        );
    const unknown = await errorOf({ metric: 'profit', by: 'customer' });
    expect(unknown).toBeInstanceOf(InvalidQueryError);
    expect(unknown.errors[0]).toMatchObject({
      param: 'metric',
      message: expect.stringContaining('unknown metric "profit"; known: revenue'),
    });
    expect((await errorOf({ metric: 'revenue', by: 'region' })).errors[0]).toMatchObject({
      param: 'by',
      message: 'unknown breakdown "region"; known: customer',
    });
    expect((await errorOf({ metric: 'average_order_value', by: 'customer' })).errors[0]?.param).toBe('metric');
    expect((await errorOf({ metric: 'low_stock_items', by: 'customer' })).errors[0]?.param).toBe('metric');
  });
});

describeDatabases('segments', seed, (source) => {
  async function segments(
    params: Parameters<ReturnType<typeof engine>['segments']['compute']>[0],
    scope: Scope = PUBLIC_SCOPE,
  ) {
    const body = await engine(source()).segments.compute(params, scope);
    SegmentsResponse.parse(withEnvelope(body));
    return body;
  }

  it('splits buyers by percent rank: high < 0.2, medium < 0.5, low the rest; ties share the higher segment', async () => {
    // 12 buyers, ranks 1, 2, 3, 3, 5, …, 12; percent rank (rank − 1) / 11.
    const body = await segments(MAY);
    expect(body.period).toMatchObject({ from: '2026-05-01', to: '2026-05-31' });
    const c = (id: number, revenue: string) => ({ id, name: `Customer ${String.fromCharCode(64 + id)}`, revenue });
    expect(body.segments).toEqual([
      {
        segment: 'high',
        customers: 4,
        revenue: '1500.00',
        averageRevenue: '375.00',
        topCustomers: [c(1, '500.00'), c(2, '400.00'), c(3, '300.00'), c(4, '300.00')],
      },
      {
        segment: 'medium',
        customers: 2,
        revenue: '300.00',
        averageRevenue: '150.00',
        topCustomers: [c(5, '200.00'), c(6, '100.00')],
      },
      {
        segment: 'low',
        customers: 6,
        revenue: '93.00',
        averageRevenue: '15.50',
        topCustomers: [c(7, '50.00'), c(8, '25.00'), c(9, '10.00'), c(10, '5.00'), c(14, '2.00')],
      },
    ]);
  });

  it('gives 20 / 30 / 50 % of ten distinct buyers and rounds averages to cents', async () => {
    // 5 June: customer i bought for i × 10.00 (customer 1: 10.03).
    const body = await segments({ range: 'custom', from: '2026-06-05', to: '2026-06-05' });
    expect(
      body.segments.map((s) => [s.segment, s.customers, s.revenue, s.averageRevenue, s.topCustomers.map((t) => t.id)]),
    ).toEqual([
      ['high', 2, '190.00', '95.00', [10, 9]],
      ['medium', 3, '210.00', '70.00', [8, 7, 6]],
      ['low', 5, '150.03', '30.01', [5, 4, 3, 2, 1]], // 150.03 / 5 = 30.006
    ]);
  });

  it('refuses the breakdown and the segments of a role-restricted metric to a scope without the role', async () => {
    const restricted = {
      ...COMMERCE_DEFINITION,
      metrics: COMMERCE_DEFINITION.metrics.map((m) => (m.id === 'revenue' ? { ...m, roles: ['finance'] } : m)),
    };
    const guarded = createEngine(
      {
        source: source(),
        timezone: 'Europe/Berlin',
        currency: 'EUR',
        locale: 'en-GB',
        now: () => new Date('2026-06-10T12:00:00Z'),
      },
      restricted,
    );
    const staff: Scope = { roles: ['staff'], filters: {} };
    const finance: Scope = { roles: ['finance'], filters: {} };
    await expect(guarded.breakdown.compute({ metric: 'revenue', by: 'customer', ...MAY }, staff)).rejects.toThrow(
      RestrictedError,
    );
    await expect(guarded.segments.compute(MAY, staff)).rejects.toThrow(RestrictedError);
    expect((await guarded.segments.compute(MAY, finance)).segments.map((s) => s.customers)).toEqual([4, 2, 6]); // as for everyone above
  });

  it('returns three empty segments for a period without buyers, and one buyer for a customer scope', async () => {
    const empty = await segments({ range: 'custom', from: '2026-07-01', to: '2026-07-31' });
    expect(empty.segments).toEqual([
      { segment: 'high', customers: 0, revenue: '0', averageRevenue: null, topCustomers: [] },
      { segment: 'medium', customers: 0, revenue: '0', averageRevenue: null, topCustomers: [] },
      { segment: 'low', customers: 0, revenue: '0', averageRevenue: null, topCustomers: [] },
    ]);
    const mine = await segments(MAY, { roles: [], filters: { customer_id: 5 } });
    expect(mine.segments.map((s) => s.customers)).toEqual([1, 0, 0]);
    expect(mine.segments[0]?.topCustomers).toEqual([{ id: 5, name: 'Customer E', revenue: '200.00' }]);
  });
});
