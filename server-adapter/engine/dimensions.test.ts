/**
 * Filters (`filter=customer:42`) on the hand-computed commerce dataset of
 * `__fixtures__/commerce-a.ts`, on PGlite and PostgreSQL: each filtered
 * number against the SQL for that customer, the echo with its label, the
 * 400s, the scope, and the daily rollups left to unfiltered requests.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import {
  AgingResponse,
  BreakdownResponse,
  type FilterParam,
  LowStockResponse,
  SegmentsResponse,
  SeriesResponse,
  type StatsParams,
  StatsResponse,
} from '../../src/contract/index.js';
import { describeDatabases } from '../../tests/support/databases.js';
import { recordingSource } from '../../tests/support/recording-source.js';
import { PUBLIC_SCOPE, type Scope } from '../auth/scope.js';
import { httpErrorOf } from '../routes/respond.js';
import type { Source } from '../sources/source.js';
import { BERLIN, seedCommerceA } from './__fixtures__/commerce-a.js';
import { withEnvelope } from './__fixtures__/contract.js';
import { parseConfig } from './config.js';
import { InvalidQueryError } from './errors.js';
import { createEngine, type SqlEngine } from './index.js';
import { COMMERCE_DEFINITION, type Definition } from './metrics.js';

const PERIOD = { range: 'custom', from: '2026-03-27', to: '2026-03-31' } as const;
const NOW = () => new Date('2026-03-31T12:00:00Z');
const customer = (value: string): FilterParam[] => [{ dimension: 'customer', value }];

function engine(source: Source, definition: Definition = COMMERCE_DEFINITION) {
  return createEngine({ source, timezone: BERLIN, currency: 'EUR', locale: 'en-GB', now: NOW }, definition);
}

/** The 400 a refusal becomes, as the HTTP layer renders it. */
async function refusal(work: () => unknown): Promise<{ status: number; errors: unknown }> {
  try {
    await work();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidQueryError);
    const http = httpErrorOf(error);
    return { status: http?.status ?? 0, errors: (error as InvalidQueryError).errors };
  }
  throw new Error('expected a refusal');
}

/** With a `product` dimension over the products table (by id, labelled by name), for low stock. */
const WITH_PRODUCT: Definition = {
  ...COMMERCE_DEFINITION,
  dimensions: [
    ...(COMMERCE_DEFINITION.dimensions ?? []),
    {
      id: 'product',
      label: 'Product',
      columns: { products: 'id' },
      type: 'integer',
      labels: { table: 'products', key: 'id', column: 'name' },
    },
    // Text values bound against an integer column: a value the column cannot hold is PostgreSQL's to refuse.
    { id: 'buyer', label: 'Buyer', columns: { orders: 'customer_id' } },
  ],
};

describe('filters against the definition', () => {
  const noSource: Source = {
    kind: 'none',
    query: () => Promise.reject(new Error('no database in this test')),
    exec: () => Promise.resolve(),
    close: () => Promise.resolve(),
  };

  it('lists the dimensions in meta, with the reports and metrics each narrows', () => {
    const meta = engine(noSource).meta();
    expect(meta.dimensions).toEqual([
      {
        id: 'customer',
        label: 'Customer',
        reports: ['stats', 'series', 'breakdown', 'segments', 'aging', 'activity'],
      },
    ]);
    const dims = Object.fromEntries(meta.metrics.map((m) => [m.id, m.dimensions]));
    expect(dims).toEqual({
      revenue: ['customer'],
      orders: ['customer'],
      average_order_value: ['customer'],
      new_customers: ['customer'],
      conversion_rate: ['customer'],
      receivables: ['customer'],
      overdue: ['customer'],
      low_stock_items: [],
      out_of_stock_items: [],
    });
    expect(meta.breakdowns).toEqual([
      { id: 'customer', label: 'Customer', topics: ['customers'], dimension: 'customer' },
    ]);
    const product = engine(noSource, WITH_PRODUCT)
      .meta()
      .dimensions?.find((d) => d.id === 'product');
    expect(product?.reports).toEqual(['stats', 'low-stock']);
  });

  it('adds the labels’ topic to a filtered report’s topics', () => {
    const e = engine(noSource);
    expect(e.series.topics({ metrics: ['revenue'] })).toEqual(['orders']);
    expect(e.series.topics({ metrics: ['revenue'], filter: customer('1') })).toEqual(['customers', 'orders']);
    expect(e.stats.topics({ metrics: ['receivables'], filter: customer('1') })).toEqual(['customers', 'invoices']);
    expect(e.aging.topics({ filter: customer('1') })).toEqual(['customers', 'invoices']);
  });

  it('refuses, naming filter: an unknown dimension, a metric or report it does not narrow, a bad integer', async () => {
    const e = engine(noSource);
    expect(
      await refusal(() => e.stats.topics({ metrics: ['revenue'], filter: [{ dimension: 'region', value: 'n' }] })),
    ).toEqual({
      status: 400,
      errors: [{ param: 'filter', message: 'unknown dimension "region"; known: customer' }],
    });
    expect(
      await refusal(() =>
        e.stats.topics({ metrics: ['revenue', 'low_stock_items', 'out_of_stock_items'], filter: customer('1') }),
      ),
    ).toEqual({
      status: 400,
      errors: [
        {
          param: 'filter',
          message:
            'stats cannot be filtered by customer: "low_stock_items", "out_of_stock_items" have no customer column',
        },
      ],
    });
    expect(await refusal(() => e.lowStock.topics({ filter: customer('1') }))).toEqual({
      status: 400,
      errors: [
        {
          param: 'filter',
          message: 'low-stock cannot be filtered by customer: it maps none of the tables low-stock reads (products)',
        },
      ],
    });
    expect(await refusal(() => e.stats.topics({ metrics: ['revenue'], filter: customer('4x') }))).toEqual({
      status: 400,
      errors: [{ param: 'filter', message: 'customer: expected a whole number, got "4x"' }],
    });
  });

  it('checks configured dimensions', () => {
    const definition = parseConfig({
      dimensions: [{ id: 'region', label: 'Region', columns: { orders: 'region', 'crm.accounts': 'region' } }],
    });
    expect(definition.dimensions?.map((d) => d.id)).toEqual(['customer', 'region']);
    expect(() => parseConfig({ dimensions: [{ id: 'bucket', label: 'B', columns: { orders: 'x' } }] })).toThrow(
      /dimensions\[1\]\.id: "bucket" is reserved/,
    );
    expect(() => parseConfig({ dimensions: [{ id: 'r', label: 'R', columns: {} }] })).toThrow(
      /dimensions\[0\]\.columns/,
    );
    expect(() =>
      parseConfig({
        base: 'none',
        dimensions: [
          { id: 'r', label: 'R', columns: { t: 'c' } },
          { id: 'r', label: 'S', columns: { t: 'c' } },
        ],
      }),
    ).toThrow(/dimensions\[1\]\.id: duplicate id "r"/);
    expect(() => parseConfig({ dimensions: [{ id: 'r', label: 'R', columns: { t: 'c' }, type: 'uuid' }] })).toThrow(
      /dimensions\[0\]\.type/,
    );
  });
});

describeDatabases('filters', seedCommerceA, (source) => {
  /** Revenue, confirmed orders and all non-draft orders of one customer in the period, straight from SQL. */
  async function direct(id: number) {
    const [row] = await source().query<{ revenue: string | null; orders: number; nondraft: number }>(
      `SELECT sum(amount) FILTER (WHERE state IN ('sale', 'done'))::text AS revenue,
              count(*) FILTER (WHERE state IN ('sale', 'done'))::int AS orders,
              count(*) FILTER (WHERE state <> 'draft')::int AS nondraft
       FROM orders
       WHERE customer_id = $1
         AND ordered_at >= ('2026-03-27'::timestamp AT TIME ZONE 'Europe/Berlin')
         AND ordered_at < ('2026-04-01'::timestamp AT TIME ZONE 'Europe/Berlin')`,
      [id],
    );
    return row!;
  }

  it('narrows every metric of stats to the customer: the same numbers as SQL for that customer', async () => {
    for (const id of [1, 2, 3, 4, 5, 9]) {
      const body = await engine(source()).stats.compute(
        { metrics: ['revenue', 'orders', 'conversion_rate'], ...PERIOD, filter: customer(String(id)) },
        PUBLIC_SCOPE,
      );
      StatsResponse.parse(withEnvelope(body));
      const sql = await direct(id);
      const by = Object.fromEntries(body.stats.map((s) => [s.metric, s.value]));
      expect(by.revenue, `customer ${id}`).toBe(sql.revenue ?? '0');
      expect(by.orders, `customer ${id}`).toBe(sql.orders);
      expect(by.conversion_rate, `customer ${id}`).toBe(sql.nondraft === 0 ? null : sql.orders / sql.nondraft);
      expect(body.filters).toEqual([{ dimension: 'customer', value: String(id), label: `Customer ${id}` }]);
    }
  });

  it('gives customer 1 its hand-computed numbers, trend and comparison', async () => {
    const metrics = [
      'revenue',
      'orders',
      'average_order_value',
      'new_customers',
      'conversion_rate',
      'receivables',
      'overdue',
    ];
    // `001` is customer 1: integer ids are compared, and echoed, as numbers.
    const body = await engine(source()).stats.compute({ metrics, ...PERIOD, filter: customer('001') }, PUBLIC_SCOPE);
    const by = Object.fromEntries(body.stats.map((s) => [s.metric, s]));
    // o1 10.00 (27 Mar) + o3 30.00 (28 Mar 00:30 local); previous window: o11 60.00 (22 Mar).
    expect(by.revenue).toMatchObject({ value: '40.00', previous: '60.00' });
    expect(by.revenue?.change).toBeCloseTo(-1 / 3, 12);
    expect(by.revenue?.trend.map((p) => p.v)).toEqual(['10.00', '30.00', '0', '0', '0']);
    expect(by.orders).toMatchObject({ value: 2, previous: 1 });
    expect(by.average_order_value?.value).toBe('20.00');
    expect(by.conversion_rate?.value).toBe(1);
    // Customer 1 was created long before the period.
    expect(by.new_customers?.value).toBe(0);
    // INV-1: 100.00 due since 1 Mar.
    expect(by.receivables?.value).toBe('100.00');
    expect(by.overdue?.value).toBe('100.00');
    expect(body.filters).toEqual([{ dimension: 'customer', value: '1', label: 'Customer 1' }]);

    const six = await engine(source()).stats.compute(
      { metrics: ['new_customers', 'conversion_rate'], ...PERIOD, filter: customer('6') },
      PUBLIC_SCOPE,
    );
    // Customer 6 was created on 30 Mar and ordered nothing.
    expect(six.stats.map((s) => s.value)).toEqual([1, null]);
    const four = await engine(source()).stats.compute(
      { metrics: ['conversion_rate'], ...PERIOD, filter: customer('4') },
      PUBLIC_SCOPE,
    );
    // o6 confirmed, o7 cancelled.
    expect(four.stats[0]?.value).toBe(0.5);
  });

  it('filters series, breakdown and segments', async () => {
    const e = engine(source());
    const series = await e.series.compute(
      { metrics: ['revenue', 'orders'], ...PERIOD, filter: customer('3') },
      PUBLIC_SCOPE,
    );
    SeriesResponse.parse(withEnvelope(series));
    // o4 40.00 (29 Mar 00:30 CET) and o5 50.50 (29 Mar 23:30 CEST), both on the 23-hour day.
    expect(series.series[0]?.points.map((p) => p.v)).toEqual(['0', '0', '90.50', '0', '0']);
    expect(series.series[1]?.points.map((p) => p.v)).toEqual([0, 0, 2, 0, 0]);
    expect(series.series[0]?.previous?.every((p) => p.v === '0')).toBe(true);
    expect(series.filters).toEqual([{ dimension: 'customer', value: '3', label: 'Customer 3' }]);

    const breakdown = await e.breakdown.compute(
      { metric: 'revenue', by: 'customer', ...PERIOD, filter: customer('3') },
      PUBLIC_SCOPE,
    );
    BreakdownResponse.parse(withEnvelope(breakdown));
    expect(breakdown.total).toBe('90.50');
    expect(breakdown.rows).toEqual([{ key: '3', label: 'Customer 3', value: '90.50', share: 1 }]);
    expect(breakdown.filters).toEqual([{ dimension: 'customer', value: '3', label: 'Customer 3' }]);

    const segments = await e.segments.compute({ ...PERIOD, filter: customer('4') }, PUBLIC_SCOPE);
    SegmentsResponse.parse(withEnvelope(segments));
    expect(segments.segments.map((s) => [s.segment, s.customers, s.revenue])).toEqual([
      ['high', 1, '60.25'],
      ['medium', 0, '0'],
      ['low', 0, '0'],
    ]);
    expect(segments.filters?.[0]?.label).toBe('Customer 4');
  });

  it('filters aging by customer and by bucket', async () => {
    const e = engine(source());
    const aging = async (params: Parameters<SqlEngine['aging']['compute']>[0]) => {
      const body = await e.aging.compute({ asOf: '2026-03-31', ...params }, PUBLIC_SCOPE);
      AgingResponse.parse(withEnvelope(body));
      return body;
    };
    // As of 31 Mar: INV-1 (customer 1) 100.00 is 30 days late, INV-5 (customer 4) 10.25 one day;
    // INV-2 (customer 2) 150.00 is due today and INV-4 (customer 3) 80.00 later: current.
    const one = await aging({ filter: customer('1') });
    expect(one.customers.map((c) => [c.id, c.total])).toEqual([[1, '100.00']]);
    expect(one.summary).toMatchObject({ customers: 1, receivable: '100.00', overdue: '100.00', invoices: 1 });
    expect(one.totals).toMatchObject({ current: '0', days_1_30: '100.00' });
    expect(one.filters).toEqual([{ dimension: 'customer', value: '1', label: 'Customer 1' }]);

    const late = await aging({ bucket: 'days_1_30' });
    expect(late.customers.map((c) => c.id)).toEqual([1, 4]);
    expect(late.summary).toMatchObject({ customers: 2, receivable: '110.25', overdue: '110.25' });
    expect(late.bucket).toBe('days_1_30');
    const current = await aging({ bucket: 'current', sort: 'name' });
    expect(current.customers.map((c) => [c.id, c.total])).toEqual([
      [2, '150.00'],
      [3, '80.00'],
    ]);
    expect((await aging({ bucket: 'days_31_60' })).customers).toEqual([]);
    expect((await aging({ bucket: 'current', filter: customer('1') })).total).toBe(0);
    // Custom boundaries: INV-1 is 30 days late, in 16–30 of 15,30.
    expect((await aging({ buckets: [15, 30], bucket: 'days_16_30' })).customers.map((c) => c.id)).toEqual([1]);
  });

  it('filters low stock by a dimension over products, and refuses a value the column cannot hold', async () => {
    const e = engine(source(), WITH_PRODUCT);
    const body = await e.lowStock.compute({ filter: [{ dimension: 'product', value: '2' }] }, PUBLIC_SCOPE);
    LowStockResponse.parse(withEnvelope(body));
    expect(body.items.map((i) => i.sku)).toEqual(['SKU-2']);
    expect(body).toMatchObject({ total: 1, outOfStock: 0 });
    expect(body.filters).toEqual([{ dimension: 'product', value: '2', label: 'Low' }]);
    // p4 is not low: the filter narrows to nothing.
    expect((await e.lowStock.compute({ filter: [{ dimension: 'product', value: '4' }] }, PUBLIC_SCOPE)).items).toEqual(
      [],
    );
    // A dimension without labels echoes the value; a text value an integer column cannot hold is a 400.
    const buyer = await e.stats.compute(
      { metrics: ['orders'], ...PERIOD, filter: [{ dimension: 'buyer', value: '3' }] },
      PUBLIC_SCOPE,
    );
    expect(buyer.stats[0]?.value).toBe(2);
    expect(buyer.filters).toEqual([{ dimension: 'buyer', value: '3', label: '3' }]);
    expect(
      await refusal(() =>
        e.stats.compute(
          { metrics: ['orders'], ...PERIOD, filter: [{ dimension: 'buyer', value: 'abc' }] },
          PUBLIC_SCOPE,
        ),
      ),
    ).toEqual({
      status: 400,
      errors: [{ param: 'filter', message: 'buyer:abc: a value does not fit the column it is compared with' }],
    });
  });

  it('applies the scope as well, and never names a customer the scope cannot see', async () => {
    const scope: Scope = { roles: [], filters: { customer_id: 2 } };
    const e = engine(source());
    const other = await e.stats.compute({ metrics: ['revenue'], ...PERIOD, filter: customer('1') }, scope);
    expect(other.stats[0]?.value).toBe('0');
    expect(other.filters).toEqual([{ dimension: 'customer', value: '1', label: '1' }]);
    const own = await e.stats.compute({ metrics: ['revenue'], ...PERIOD, filter: customer('2') }, scope);
    expect(own.stats[0]?.value).toBe('20.00');
    expect(own.filters?.[0]?.label).toBe('Customer 2');
  });

  it('passes the filters a function metric declares to its function', async () => {
    const seen: Record<string, string>[] = [];
    const definition: Definition = {
      ...COMMERCE_DEFINITION,
      metrics: [
        ...COMMERCE_DEFINITION.metrics,
        {
          id: 'visits',
          label: 'Visits',
          format: 'number',
          goodDirection: 'up',
          kind: 'function',
          dimensions: ['customer'],
          fn: async (ctx) => {
            seen.push(ctx.filters);
            return { value: ctx.filters.customer === '7' ? 3 : 10, points: [] };
          },
        },
      ],
    };
    const body = await engine(source(), definition).stats.compute(
      { metrics: ['visits', 'orders'], ...PERIOD, compare: 'none', filter: customer('7') },
      PUBLIC_SCOPE,
    );
    expect(body.stats.map((s) => s.value)).toEqual([3, 0]);
    expect(seen).toEqual([{ customer: '7' }]);
  });
});

describeDatabases('filters and daily rollups', seedCommerceA, (source) => {
  const schema = `dk_filters_${randomBytes(5).toString('hex')}`;
  let rolled: SqlEngine | undefined;
  afterAll(async () => {
    await rolled?.close();
    await source().exec(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
  });

  it('reads the raw tables for a filtered request and the rollups for the unfiltered one, exactly', async () => {
    const db = recordingSource(source());
    rolled = createEngine(
      { source: db, timezone: BERLIN, currency: 'EUR', locale: 'en-GB', now: NOW },
      COMMERCE_DEFINITION,
      { rollups: { enabled: true, schema } },
    );
    await rolled.rollups!.start();
    const raw = engine(source());
    const reads = () => db.statements.filter((s) => s.startsWith('WITH dk_win'));
    const params: StatsParams = {
      metrics: ['revenue', 'orders', 'conversion_rate'],
      range: 'custom',
      from: '2026-03-01',
      to: '2026-03-27',
    };

    db.statements.length = 0;
    const all = await rolled.stats.compute(params, PUBLIC_SCOPE);
    expect(all).toEqual(await raw.stats.compute(params, PUBLIC_SCOPE));
    expect(reads().filter((s) => s.includes(`"${schema}"."r_`))).toHaveLength(1);

    db.statements.length = 0;
    const one = await rolled.stats.compute({ ...params, filter: customer('1') }, PUBLIC_SCOPE);
    expect(one).toEqual(await raw.stats.compute({ ...params, filter: customer('1') }, PUBLIC_SCOPE));
    // o16 5.00 (1 Mar 00:30 local; o15 is 28 Feb), o11 60.00 (22 Mar), o1 10.00 (27 Mar).
    expect(one.stats[0]?.value).toBe('75.00');
    expect(reads()).toHaveLength(1);
    expect(reads().filter((s) => s.includes(`"${schema}"."r_`))).toEqual([]);
  });
});
