import { expect, it } from 'vitest';
import { type SeriesParams, SeriesResponse } from '../../src/contract/index.js';
import { describeDatabases } from '../../tests/support/databases.js';
import { PUBLIC_SCOPE } from '../auth/scope.js';
import { InvalidQueryError } from './errors.js';
import type { Source } from '../sources/source.js';
import { BERLIN, seedCommerceA } from './__fixtures__/commerce-a.js';
import { withEnvelope } from './__fixtures__/contract.js';
import { bucketStarts } from './calendar.js';
import { createEngine } from './index.js';

async function series(source: Source, params: SeriesParams, timezone = BERLIN) {
  const engine = createEngine({
    source,
    timezone,
    currency: 'EUR',
    locale: 'en-GB',
    now: () => new Date('2026-12-01T12:00:00Z'),
  });
  const body = await engine.series.compute(params, PUBLIC_SCOPE);
  SeriesResponse.parse(withEnvelope(body));
  return body;
}

const values = (points: { v: unknown }[] | undefined) => points?.map((p) => p.v);

describeDatabases('series', seedCommerceA, (source) => {
  it('gives one point per local day, 0 for empty days and null for undefined ratios', async () => {
    const body = await series(source(), {
      metrics: ['revenue', 'orders', 'average_order_value', 'conversion_rate'],
      range: 'custom',
      from: '2026-03-26',
      to: '2026-04-01',
      compare: 'none',
    });
    expect(body.granularity).toBe('day');
    const [revenue, orders, aov, conversion] = body.series;
    expect(revenue?.points.map((p) => p.t)).toEqual(bucketStarts('2026-03-26', '2026-04-01', 'day'));
    expect(values(revenue?.points)).toEqual(['40.00', '30.00', '30.00', '90.50', '60.25', '0', '90.00']);
    expect(values(orders?.points)).toEqual([1, 2, 1, 2, 1, 0, 1]);
    expect(values(aov?.points)).toEqual(['40.00', '15.00', '30.00', '45.25', '60.25', null, '90.00']);
    expect(values(conversion?.points)).toEqual([1, 1, 1, 1, 0.5, null, 1]);
    expect(revenue?.previous).toBeUndefined();
  });

  it('puts orders at 23:30 on the 25-hour autumn DST day into that day', async () => {
    const body = await series(source(), {
      metrics: ['revenue'],
      from: '2026-10-24',
      to: '2026-10-26',
      compare: 'none',
    });
    expect(body.series[0]?.points).toEqual([
      { t: '2026-10-24', v: '4.00' },
      { t: '2026-10-25', v: '3.00' },
      { t: '2026-10-26', v: '8.00' },
    ]);
  });

  it('aligns the previous window bucket by bucket', async () => {
    const body = await series(source(), { metrics: ['revenue', 'orders'], from: '2026-03-27', to: '2026-03-31' });
    expect(body.comparison).toMatchObject({ from: '2026-03-22', to: '2026-03-26' });
    expect(body.series[0]?.previous).toEqual([
      { t: '2026-03-22', v: '60.00' },
      { t: '2026-03-23', v: '0' },
      { t: '2026-03-24', v: '0' },
      { t: '2026-03-25', v: '0' },
      { t: '2026-03-26', v: '40.00' },
    ]);
    expect(values(body.series[1]?.previous)).toEqual([1, 0, 0, 0, 1]);
    const year = await series(source(), {
      metrics: ['revenue'],
      from: '2026-03-27',
      to: '2026-03-31',
      compare: 'year',
    });
    expect(year.series[0]?.previous).toEqual([
      { t: '2025-03-27', v: '0' },
      { t: '2025-03-28', v: '50.00' },
      { t: '2025-03-29', v: '0' },
      { t: '2025-03-30', v: '0' },
      { t: '2025-03-31', v: '0' },
    ]);
  });

  it('buckets by ISO week from the Monday before, counting only data inside the period', async () => {
    const body = await series(source(), {
      metrics: ['revenue'],
      from: '2026-03-01',
      to: '2026-04-30',
      granularity: 'week',
      compare: 'none',
    });
    expect(body.granularity).toBe('week');
    expect(body.series[0]?.points).toEqual([
      { t: '2026-02-23', v: '5.00' }, // only 1 Mar (o16); 28 Feb's 1000.00 is outside the period
      { t: '2026-03-02', v: '0' },
      { t: '2026-03-09', v: '0' },
      { t: '2026-03-16', v: '60.00' },
      { t: '2026-03-23', v: '190.50' },
      { t: '2026-03-30', v: '150.25' },
      { t: '2026-04-06', v: '0' },
      { t: '2026-04-13', v: '0' },
      { t: '2026-04-20', v: '0' },
      { t: '2026-04-27', v: '3.00' }, // 30 Apr 23:30 local counts; 1 May does not
    ]);
  });

  it('buckets by calendar month, and picks week or month automatically by length', async () => {
    const body = await series(source(), {
      metrics: ['revenue', 'orders'],
      from: '2026-01-01',
      to: '2026-06-30',
      granularity: 'month',
      compare: 'none',
    });
    expect(body.series[0]?.points).toEqual([
      { t: '2026-01-01', v: '300.00' },
      { t: '2026-02-01', v: '1000.00' },
      { t: '2026-03-01', v: '315.75' },
      { t: '2026-04-01', v: '93.00' },
      { t: '2026-05-01', v: '7.00' },
      { t: '2026-06-01', v: '0' },
    ]);
    expect(values(body.series[1]?.points)).toEqual([2000, 1, 9, 2, 1, 0]);
    const auto = await series(source(), {
      metrics: ['revenue'],
      from: '2026-01-01',
      to: '2026-06-30',
      compare: 'none',
    });
    expect(auto.granularity).toBe('week'); // 181 days
    expect(auto.series[0]?.points[0]).toEqual({ t: '2025-12-29', v: '0' });
    const year = await series(source(), {
      metrics: ['revenue'],
      from: '2026-01-01',
      to: '2026-12-31',
      compare: 'none',
    });
    expect(year.granularity).toBe('month');
    expect(year.series[0]?.points).toHaveLength(12);
    expect(year.series[0]?.points[9]).toEqual({ t: '2026-10-01', v: '15.00' });
  });

  it('rejects point-in-time metrics and unknown metrics with 400 naming `metrics`', async () => {
    const pointInTime = await series(source(), { metrics: ['revenue', 'receivables'] }).catch((e: unknown) => e);
    expect(pointInTime).toBeInstanceOf(InvalidQueryError);
    expect((pointInTime as InvalidQueryError).errors[0]?.param).toBe('metrics');
    expect((pointInTime as InvalidQueryError).errors[0]?.message).toContain('"receivables" is a point-in-time metric');
    const unknown = await series(source(), { metrics: ['revenu'] }).catch((e: unknown) => e);
    expect((unknown as InvalidQueryError).errors[0]).toMatchObject({
      param: 'metrics',
      message: expect.stringContaining('unknown metric "revenu"'),
    });
  });
});
