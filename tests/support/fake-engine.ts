/**
 * A fake `Engine` (server-adapter/engine/types.ts) with canned, contract-valid
 * answers, for testing the HTTP layer without a database: fast, and with
 * switches for the failures a real source produces.
 */
import {
  type ActivityResponse,
  type AgingParams,
  type AgingResponse,
  type BreakdownResponse,
  bucketIds,
  DEFAULT_BUCKET_BOUNDS,
  DEFAULT_LIMIT,
  encodeActivityCursor,
  type LowStockResponse,
  type MetaResponse,
  type SegmentsResponse,
  type SeriesResponse,
  type StatsResponse,
  type Topic,
} from '../../src/contract/index.js';
import type { Scope } from '../../server-adapter/auth/scope.js';
import { InvalidQueryError, NotFoundInDataError } from '../../server-adapter/engine/errors.js';
import type { Body, Engine, EngineReport } from '../../server-adapter/engine/types.js';

export const FAKE_METRICS = ['revenue', 'orders', 'average_order_value', 'new_customers', 'conversion_rate'] as const;

/** Customer names that try to break CSV and spreadsheets. */
export const TRICKY_NAMES = [
  '=HYPERLINK("http://evil.example","click")',
  '+1+2',
  '-2+3',
  '@SUM(A1:A9)',
  '\tTabbed',
  '\rCarriage',
  'Quote "Q" Ltd',
  'Comma, Inc',
  'Line\nBreak',
  'Café ☕ 東京',
];

export interface FakeEngine extends Engine {
  /** Calls per method, to see what the cache saved. */
  calls: Record<string, number>;
  /** When set, every data method rejects with it (e.g. a connection error). */
  failWith: Error | undefined;
  /** Parameters of the last call per method. */
  last: Record<string, unknown>;
}

const PERIOD = { from: '2026-11-15', to: '2026-11-21', label: 'Last 7 days' };
const COMPARISON = { mode: 'previous' as const, from: '2026-11-08', to: '2026-11-14', label: 'Previous 7 days' };
const DAYS = ['2026-11-15', '2026-11-16', '2026-11-17', '2026-11-18', '2026-11-19', '2026-11-20', '2026-11-21'];

function checkMetrics(ids: readonly string[], param: string): void {
  for (const id of ids) {
    if (!(FAKE_METRICS as readonly string[]).includes(id))
      throw InvalidQueryError.param(param, `unknown metric "${id}"`);
  }
}

export function customerName(i: number): string {
  return i < TRICKY_NAMES.length ? (TRICKY_NAMES[i] ?? '') : `Customer ${i + 1}`;
}

export function createFakeEngine(
  options: { customers?: number; products?: number; activity?: number } = {},
): FakeEngine {
  const customerCount = options.customers ?? 25;
  const activityCount = options.activity ?? 30;
  const productCount = options.products ?? 12;
  const calls: Record<string, number> = {};
  const last: Record<string, unknown> = {};
  const engine: FakeEngine = {
    calls,
    last,
    failWith: undefined,
    meta(): Body<MetaResponse> {
      count('meta', {});
      return {
        version: '1',
        timezone: 'UTC',
        currency: 'USD',
        locale: 'en-US',
        metrics: FAKE_METRICS.map((id) => ({ id, label: id, format: 'number' as const, goodDirection: 'up' as const })),
        breakdowns: [{ id: 'customer', label: 'Customer' }],
        reports: ['aging', 'low-stock', 'activity'],
        live: false,
      };
    },
    stats: report(
      (params) => metricTopics(params.metrics, 'metrics'),
      async (params): Promise<Body<StatsResponse>> => {
        await enter('stats', params);
        return {
          period: PERIOD,
          comparison: params.compare === 'none' ? null : COMPARISON,
          stats: params.metrics.map((metric) => ({
            metric,
            value: '1234.50',
            previous: '1000.00',
            change: 0.2345,
            trend: DAYS.map((t, i) => ({ t, v: String(i * 10) })),
          })),
        };
      },
    ),
    series: report(
      (params) => metricTopics(params.metrics, 'metrics'),
      async (params): Promise<Body<SeriesResponse>> => {
        await enter('series', params);
        return {
          period: PERIOD,
          comparison: params.compare === 'none' ? null : COMPARISON,
          granularity: params.granularity ?? 'day',
          series: params.metrics.map((metric, m) => ({
            metric,
            points: DAYS.map((t, i) => ({ t, v: i === 3 ? 0 : `${m}${i}.25` })),
            ...(params.compare === 'none' ? {} : { previous: DAYS.map((t, i) => ({ t, v: i })) }),
          })),
        };
      },
    ),
    breakdown: report(breakdownTopics, async (params): Promise<Body<BreakdownResponse>> => {
      await enter('breakdown', params);
      return {
        period: PERIOD,
        metric: params.metric,
        by: params.by,
        total: '100.00',
        rows: [
          { key: '1', label: customerName(0), value: '60.00', share: 0.6 },
          { key: '2', label: customerName(2), value: '-10.00', share: 0 },
          { key: 'other', label: 'Other', value: '50.00', share: 0.4 },
        ],
      };
    }),
    segments: report(
      () => ['customers', 'orders'],
      async (params): Promise<Body<SegmentsResponse>> => {
        await enter('segments', params);
        return {
          period: PERIOD,
          segments: [
            {
              segment: 'high',
              customers: 2,
              revenue: '900.00',
              averageRevenue: '450.00',
              topCustomers: [
                { id: 1, name: customerName(0), revenue: '500.00' },
                { id: 2, name: customerName(8), revenue: '400.00' },
              ],
            },
            {
              segment: 'medium',
              customers: 1,
              revenue: '90.00',
              averageRevenue: '90.00',
              topCustomers: [{ id: 3, name: 'Plain', revenue: '90.00' }],
            },
            { segment: 'low', customers: 0, revenue: '0', averageRevenue: null, topCustomers: [] },
          ],
        };
      },
    ),
    aging: report(
      () => ['customers', 'invoices'],
      async (params: AgingParams): Promise<Body<AgingResponse>> => {
        await enter('aging', params);
        const bounds = params.buckets ?? DEFAULT_BUCKET_BOUNDS;
        const ids = bucketIds(bounds);
        const search = params.search?.toLowerCase();
        const all = Array.from({ length: customerCount }, (_, i) => ({
          id: i + 1,
          name: customerName(i),
          total: `${i + 1}.50`,
          overdue: `${i}.00`,
          buckets: Object.fromEntries(ids.map((id, b) => [id, b === i % ids.length ? `${i + 1}.50` : '0'])),
          invoices: 1 + (i % 3),
          oldestDaysOverdue: i % 7 === 0 ? -3 : i * 4,
        })).filter((c) => !search || c.name.toLowerCase().includes(search));
        const limit = params.limit ?? DEFAULT_LIMIT;
        const offset = params.offset ?? 0;
        return {
          asOf: params.asOf ?? '2026-11-21',
          basis: params.basis ?? 'due',
          buckets: ids.map((id, b) => ({
            id,
            label: id,
            fromDays: b === 0 ? null : b,
            toDays: b === ids.length - 1 ? null : b + 1,
          })),
          totals: Object.fromEntries(ids.map((id) => [id, '1.00'])),
          summary: {
            customers: all.length,
            receivable: '10.00',
            overdue: '5.00',
            overdueRatio: 0.5,
            invoices: all.length,
            averageDaysOverdue: 12.5,
            atRiskCustomers: 1,
          },
          customers: all.slice(offset, offset + limit),
          total: all.length,
          limit,
          offset,
        };
      },
    ),
    agingInvoices: report(
      () => ['customers', 'invoices'],
      async ({ customerId, ...params }) => {
        await enter('agingInvoices', { customerId, ...params });
        if (customerId === '404') throw new NotFoundInDataError(`no customer ${customerId}`);
        return {
          customer: { id: customerId, name: 'Someone' },
          asOf: params.asOf ?? '2026-11-21',
          basis: params.basis ?? 'due',
          invoices: [
            {
              number: 'INV-1',
              issuedOn: '2026-09-01',
              dueOn: '2026-10-01',
              amountDue: '12.00',
              daysOverdue: 51,
              status: 'overdue',
              bucket: 'days_31_60',
            },
          ],
        };
      },
    ),
    lowStock: report(
      () => ['products', 'orders'],
      async (params): Promise<Body<LowStockResponse>> => {
        await enter('lowStock', params);
        const all = Array.from({ length: productCount }, (_, i) => ({
          id: i + 1,
          sku: i === 0 ? '=SKU' : `SKU-${i + 1}`,
          name: customerName(i),
          quantity: i % 4 === 0 ? 0 : i,
          reorderLevel: 10,
          status: i % 4 === 0 ? ('out' as const) : ('low' as const),
          dailyDemand: i === 1 ? null : 1.5,
          daysOfCover: i === 1 ? null : -0.5 + i,
        }));
        const limit = params.limit ?? DEFAULT_LIMIT;
        const offset = params.offset ?? 0;
        return {
          items: all.slice(offset, offset + limit),
          outOfStock: all.filter((p) => p.status === 'out').length,
          total: all.length,
          limit,
          offset,
        };
      },
    ),
    activity: report(
      (params) => {
        for (const f of params.filter ?? [])
          if (f.dimension !== 'customer') throw InvalidQueryError.param('filter', `unknown dimension "${f.dimension}"`);
        return ['customers', 'orders'];
      },
      async (params): Promise<Body<ActivityResponse>> => {
        await enter('activity', params);
        // One order a minute before 2026-11-21T12:00Z, ids counting down from the newest.
        const all = Array.from({ length: activityCount }, (_, i) => ({
          id: activityCount - i,
          kind: 'order',
          at: new Date(Date.UTC(2026, 10, 21, 12, -i)).toISOString(),
          title: `Order #${activityCount - i}`,
          amount: `${i + 1}.00`,
          status: i % 5 === 4 ? 'cancel' : 'sale',
          customer: { id: (i % 3) + 1, name: customerName(i % 3) },
        }));
        const customer = params.filter?.find((f) => f.dimension === 'customer')?.value;
        const matching = all.filter((a) => customer === undefined || String(a.customer.id) === customer);
        const start = params.before ? matching.findIndex((a) => String(a.id) === params.before?.id) + 1 : 0;
        const limit = params.limit ?? DEFAULT_LIMIT;
        const items = matching.slice(start, start + limit);
        const last = items.at(-1);
        return {
          items,
          limit,
          ...(last && start + limit < matching.length
            ? { next: encodeActivityCursor({ at: last.at.replace('Z', '000Z'), kind: 'order', id: String(last.id) }) }
            : {}),
          ...(customer
            ? { filters: [{ dimension: 'customer', value: customer, label: customerName(Number(customer) - 1) }] }
            : {}),
        };
      },
    ),
  };

  function report<P, B, R = never>(
    topics: (params: P) => Topic[],
    compute: (params: P) => Promise<B>,
  ): EngineReport<P, B, R> {
    return { topics, compute: (params) => compute(params) };
  }

  function metricTopics(ids: readonly string[], param: string): Topic[] {
    checkMetrics(ids, param);
    return ['customers', 'orders'];
  }

  function breakdownTopics(p: { metric: string; by: string }): Topic[] {
    checkMetrics([p.metric], 'metric');
    if (p.by !== 'customer') throw InvalidQueryError.param('by', `unknown breakdown "${p.by}"`);
    return ['customers', 'orders'];
  }

  function count(method: string, params: unknown): void {
    calls[method] = (calls[method] ?? 0) + 1;
    last[method] = params;
  }

  async function enter(method: string, params: unknown): Promise<void> {
    count(method, params);
    await Promise.resolve();
    if (engine.failWith) throw engine.failWith;
  }

  return engine;
}

/** A scope-unaware stand-in used where tests need a `Scope` value. */
export const ANY_SCOPE: Scope = { roles: [], filters: {} };
