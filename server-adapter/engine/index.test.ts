import { describe, expect, it } from 'vitest';
import {
  AgingResponse,
  LowStockResponse,
  MetaResponse,
  type StatsParams,
  StatsResponse,
} from '../../src/contract/index.js';
import { describeDatabases } from '../../tests/support/databases.js';
import { PUBLIC_SCOPE } from '../auth/scope.js';
import { InvalidQueryError, RestrictedError } from './errors.js';
import type { Source } from '../sources/source.js';
import { BERLIN, seedCommerceA } from './__fixtures__/commerce-a.js';
import { withEnvelope } from './__fixtures__/contract.js';
import { DefinitionError } from './config.js';
import { createEngine } from './index.js';
import { COMMERCE_DEFINITION, type Definition } from './metrics.js';

const noSource: Source = {
  kind: 'none',
  query: () => Promise.reject(new Error('no database in this test')),
  exec: () => Promise.resolve(),
  close: () => Promise.resolve(),
};
const ctx = {
  source: noSource,
  timezone: BERLIN,
  currency: 'EUR',
  locale: 'de-DE',
  now: () => new Date('2026-03-31T12:00:00Z'),
};

describe('createEngine', () => {
  it('describes the commerce definition in meta', () => {
    const meta = createEngine(ctx).meta();
    MetaResponse.parse(withEnvelope(meta));
    expect(meta).toMatchObject({
      version: '1',
      timezone: BERLIN,
      currency: 'EUR',
      locale: 'de-DE',
      live: false,
      defaultRange: '30d',
    });
    expect(meta.reports).toEqual(['aging', 'low-stock', 'activity']);
    expect(meta.breakdowns).toEqual([{ id: 'customer', label: 'Kunde', topics: ['customers'], dimension: 'customer' }]);
    // Each report's topics, as the report module declares them: what widgets refetch on.
    expect(meta.reportTopics).toEqual({
      aging: ['customers', 'invoices'],
      'low-stock': ['orders', 'products'],
      segments: ['customers', 'orders'],
      activity: ['customers', 'orders'],
    });
    expect(meta.ranges).toEqual(['today', 'week', 'month', 'quarter', 'year', '7d', '30d', '90d', '365d', 'custom']);
    expect(meta.metrics.map((m) => [m.id, m.format, m.goodDirection, m.timeSeries, m.topics])).toEqual([
      ['revenue', 'currency', 'up', true, ['orders']],
      ['orders', 'number', 'up', true, ['orders']],
      ['average_order_value', 'currency', 'up', true, ['orders']],
      ['new_customers', 'number', 'up', true, ['customers']],
      ['conversion_rate', 'percent', 'up', true, ['orders']],
      ['receivables', 'currency', 'down', false, ['invoices']],
      ['overdue', 'currency', 'down', false, ['invoices']],
      ['low_stock_items', 'number', 'down', false, ['products']],
      ['out_of_stock_items', 'number', 'down', false, ['products']],
    ]);
    expect(meta.metrics.every((m) => typeof m.description === 'string')).toBe(true);
  });

  it('names the topics each request depends on', () => {
    const engine = createEngine(ctx);
    expect(engine.stats.topics({ metrics: ['revenue', 'new_customers', 'overdue'] })).toEqual([
      'customers',
      'invoices',
      'orders',
    ]);
    expect(engine.series.topics({ metrics: ['orders'] })).toEqual(['orders']);
    expect(engine.breakdown.topics({ metric: 'revenue', by: 'customer' })).toEqual(['customers', 'orders']);
    expect(engine.segments.topics({})).toEqual(['customers', 'orders']);
    expect(engine.aging.topics({})).toEqual(['customers', 'invoices']);
    expect(engine.agingInvoices.topics({ customerId: '1' })).toEqual(['customers', 'invoices']);
    expect(engine.lowStock.topics({})).toEqual(['orders', 'products']);
    expect(() => engine.stats.topics({ metrics: ['nope'] })).toThrow(InvalidQueryError);
    expect(() => engine.breakdown.topics({ metric: 'revenue', by: 'nope' })).toThrow(/unknown breakdown/);
  });

  it('refuses an unknown time zone or a broken definition at startup', () => {
    expect(() => createEngine({ ...ctx, timezone: 'Mars/Olympus' })).toThrow('unknown time zone "Mars/Olympus"');
    const broken: Definition = {
      ...COMMERCE_DEFINITION,
      metrics: [
        ...COMMERCE_DEFINITION.metrics,
        {
          kind: 'ratio',
          id: 'r',
          label: 'R',
          format: 'number',
          goodDirection: 'up',
          numerator: 'x',
          denominator: 'orders',
        },
      ],
    };
    expect(() => createEngine(ctx, broken)).toThrow(DefinitionError);
    expect(() => createEngine(ctx, broken)).toThrow('metrics[9].numerator: unknown metric "x"');
  });
});

const restricted: Definition = {
  ...COMMERCE_DEFINITION,
  metrics: COMMERCE_DEFINITION.metrics.map((m) => (m.id === 'revenue' ? { ...m, roles: ['finance'] } : m)),
};

describeDatabases('engine', seedCommerceA, (source) => {
  it('restricts a metric to its roles', async () => {
    const engine = createEngine({ ...ctx, source: source() }, restricted);
    const params: StatsParams = { metrics: ['revenue'], range: 'custom', from: '2026-03-27', to: '2026-03-31' };
    await expect(engine.stats.compute(params, PUBLIC_SCOPE)).rejects.toBeInstanceOf(RestrictedError);
    const body = await engine.stats.compute(params, { roles: ['finance'], filters: {} });
    StatsResponse.parse(withEnvelope(body));
    expect(body.stats[0]?.value).toBe('210.75');
  });

  it('delegates aging and low stock to their reports, agreeing with the metrics', async () => {
    const engine = createEngine({ ...ctx, source: source() });
    const aging = await engine.aging.compute({}, PUBLIC_SCOPE);
    AgingResponse.parse(withEnvelope(aging));
    const stats = await engine.stats.compute(
      { metrics: ['receivables', 'overdue', 'low_stock_items', 'out_of_stock_items'] },
      PUBLIC_SCOPE,
    );
    const by = Object.fromEntries(stats.stats.map((s) => [s.metric, s.value]));
    expect(Number(aging.summary.receivable)).toBe(Number(by.receivables));
    expect(Number(aging.summary.overdue)).toBe(Number(by.overdue));
    const lowStock = await engine.lowStock.compute({}, PUBLIC_SCOPE);
    LowStockResponse.parse(withEnvelope(lowStock));
    expect(lowStock.total).toBe(by.low_stock_items);
    expect(lowStock.outOfStock).toBe(by.out_of_stock_items);
  });
});
