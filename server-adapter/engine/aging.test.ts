/**
 * The aging report and its drill-down against a small hand-computed dataset,
 * on PGlite and on PostgreSQL. Every expected figure below was worked out by
 * hand from the invoices listed in SEED (as of 2026-06-30).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  AgingInvoicesParams,
  AgingInvoicesResponse,
  AgingParams,
  AgingResponse,
  parseQuery,
} from '../../src/contract/index.js';
import { describeDatabases } from '../../tests/support/databases.js';
import { PUBLIC_SCOPE, type Scope } from '../auth/scope.js';
import { NotFoundInDataError } from './errors.js';
import { lit } from './__fixtures__/rows.js';
import { agingInvoices } from './aging-invoices.js';
import { agingBuckets, agingReport } from './aging.js';
import { addDays } from './calendar.js';
import { DEFAULT_AGING_MAPPING, parseAgingMapping, parseReportsConfig, ReportsConfigError } from './reports-config.js';
import type { EngineContext } from './types.js';

const AS_OF = '2026-06-30';
const ENVELOPE = { generatedAt: '2026-06-30T12:00:00Z', cache: { hit: false, ageSeconds: 0, stale: false } };

const CUSTOMERS: [number, string][] = [
  [1, 'Acme 100% Corp'],
  [2, 'Zeta_Works'],
  [3, "O'Brien & Sons"],
  [4, 'Delta Ltd'],
  [5, 'Epsilon'], // only paid and over-paid invoices: no open balance
  [6, 'Gamma 1000 Group'],
  [7, 'ZetaxWorks'],
  [9, 'Alpha Twin'],
  [10, 'Alpha Twin'], // same name as 9: ties break on id, numerically
];

/** [number, customer, days overdue as of AS_OF, amount, paid, issued on (default: due − 30)] */
type Inv = [string, number, number, string, string, string?];
const INVOICES: Inv[] = [
  // Acme: 0.10 + 0.20 + 0.05 current (0.35 exactly, not 0.35000000000000003), 599.45 in 1–30.
  ['A1', 1, -10, '0.10', '0'],
  ['A2', 1, -5, '0.20', '0'],
  ['A3', 1, 15, '1000.00', '400.55'],
  ['A4', 1, 45, '300.00', '300.00'], // fully paid
  ['A5', 1, 50, '100.00', '120.00'], // over-paid
  ['A6', 1, -31, '5000.00', '0', addDays(AS_OF, 1)], // issued the day after AS_OF
  ['A7', 1, -30, '0.05', '0', AS_OF], // issued on AS_OF
  // Zeta_Works: 200.00 at 95 days, 0.01 at 200 days.
  ['B1', 2, 95, '250.00', '50.00'],
  ['B2', 2, 200, '0.01', '0'],
  // O'Brien: two invoices due the same day, listed by number.
  ['OB-2', 3, -1, '75.00', '0'],
  ['OB-1', 3, -1, '0.50', '0'],
  // Delta: one invoice on each side of every default boundary.
  ['D000', 4, 0, '1.00', '0'],
  ['D001', 4, 1, '2.00', '0'],
  ['D030', 4, 30, '4.00', '0'],
  ['D031', 4, 31, '8.00', '0'],
  ['D060', 4, 60, '16.00', '0'],
  ['D061', 4, 61, '32.00', '0'],
  ['D090', 4, 90, '64.00', '0'],
  ['D091', 4, 91, '128.00', '0'],
  ['D120', 4, 120, '256.00', '0'],
  ['D121', 4, 121, '512.00', '0'],
  ['E1', 5, 10, '40.00', '40.00'],
  ['E2', 5, 100, '10.00', '10.01'],
  ['G1', 6, 45, '50.00', '0'],
  ['X1', 7, 61, '600.00', '0'],
  ['T9', 9, 5, '50.00', '0'],
  ['T10', 10, 5, '50.00', '0'],
];

function seedSql(): string {
  const customers = CUSTOMERS.map(([id, name]) => `(${id}, ${lit(name)}, '2025-01-01T00:00:00Z')`).join(',\n');
  const invoices = INVOICES.map(([number, customer, days, amount, paid, issued], i) => {
    const due = addDays(AS_OF, -days);
    return `(${i + 1}, ${lit(number)}, ${customer}, ${lit(issued ?? addDays(due, -30))}, ${lit(due)}, ${amount}, ${paid})`;
  }).join(',\n');
  return `INSERT INTO customers (id, name, created_at) VALUES ${customers};
INSERT INTO invoices (id, number, customer_id, issued_on, due_on, amount, amount_paid) VALUES ${invoices};`;
}

const ZERO6 = { current: '0', days_1_30: '0', days_31_60: '0', days_61_90: '0', days_91_120: '0', days_121_plus: '0' };

/** Customer ids in the expected order for every sort key, ascending and descending. */
const ORDERS: Record<string, { asc: number[]; desc: number[] }> = {
  name: { asc: [1, 9, 10, 4, 6, 3, 2, 7], desc: [7, 2, 3, 6, 4, 9, 10, 1] },
  total: { asc: [9, 10, 6, 3, 2, 1, 7, 4], desc: [4, 7, 1, 2, 3, 9, 10, 6] },
  overdue: { asc: [3, 9, 10, 6, 2, 1, 7, 4], desc: [4, 7, 1, 2, 9, 10, 6, 3] },
  invoices: { asc: [9, 10, 6, 7, 3, 2, 1, 4], desc: [4, 1, 3, 2, 9, 10, 6, 7] },
  oldest: { asc: [3, 9, 10, 1, 6, 7, 4, 2], desc: [2, 4, 7, 6, 1, 9, 10, 3] },
  current: { asc: [9, 10, 6, 2, 7, 1, 4, 3], desc: [3, 4, 1, 9, 10, 6, 2, 7] },
  days_1_30: { asc: [6, 3, 2, 7, 4, 9, 10, 1], desc: [1, 9, 10, 4, 6, 3, 2, 7] },
  days_31_60: { asc: [1, 9, 10, 3, 2, 7, 4, 6], desc: [6, 4, 1, 9, 10, 3, 2, 7] },
  days_61_90: { asc: [1, 9, 10, 6, 3, 2, 4, 7], desc: [7, 4, 1, 9, 10, 6, 3, 2] },
  days_91_120: { asc: [1, 9, 10, 6, 3, 7, 2, 4], desc: [4, 2, 1, 9, 10, 6, 3, 7] },
  days_121_plus: { asc: [1, 9, 10, 6, 3, 7, 2, 4], desc: [4, 2, 1, 9, 10, 6, 3, 7] },
};

/** Parses a query string the way the HTTP layer does, so tests exercise real parameter values. */
function params(query: string): AgingParams {
  const r = parseQuery(AgingParams, new URLSearchParams(query));
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value;
}

function drillParams(query: string): AgingInvoicesParams {
  const r = parseQuery(AgingInvoicesParams, new URLSearchParams(query));
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.value;
}

const scoped = (customerId: string | number): Scope => ({ roles: [], filters: { customer_id: customerId } });

describeDatabases(
  'aging',
  (source) => source.exec(seedSql()),
  (source) => {
    let ctx: EngineContext;

    const report = async (query: string, scope: Scope = PUBLIC_SCOPE) => {
      const body = await agingReport(ctx, params(query), scope);
      AgingResponse.parse({ ...body, ...ENVELOPE });
      return body;
    };
    const drill = async (id: string, query = `asOf=${AS_OF}`, scope: Scope = PUBLIC_SCOPE) => {
      const body = await agingInvoices(ctx, id, drillParams(query), scope);
      AgingInvoicesResponse.parse({ ...body, ...ENVELOPE });
      return body;
    };
    const ids = (body: { customers: { id: string | number }[] }) => body.customers.map((c) => c.id);

    beforeAll(() => {
      // 03:00 UTC on 1 July is still 30 June in Los Angeles: the default asOf must follow the zone.
      ctx = {
        source: source(),
        timezone: 'America/Los_Angeles',
        currency: 'USD',
        locale: 'en-US',
        now: () => new Date('2026-07-01T03:00:00Z'),
      };
    });

    it('buckets, totals and summary over every open invoice, as of today in the dashboard zone', async () => {
      const body = await report('');
      expect(body.asOf).toBe(AS_OF);
      expect(body.basis).toBe('due');
      expect(body.buckets).toEqual([
        { id: 'current', label: 'Current', fromDays: null, toDays: 0 },
        { id: 'days_1_30', label: '1–30', fromDays: 1, toDays: 30 },
        { id: 'days_31_60', label: '31–60', fromDays: 31, toDays: 60 },
        { id: 'days_61_90', label: '61–90', fromDays: 61, toDays: 90 },
        { id: 'days_91_120', label: '91–120', fromDays: 91, toDays: 120 },
        { id: 'days_121_plus', label: '121+', fromDays: 121, toDays: null },
      ]);
      expect(body.totals).toEqual({
        current: '76.85',
        days_1_30: '705.45',
        days_31_60: '74.00',
        days_61_90: '696.00',
        days_91_120: '584.00',
        days_121_plus: '512.01',
      });
      expect(body.summary).toEqual({
        customers: 8,
        receivable: '2648.31',
        overdue: '2571.46',
        overdueRatio: expect.closeTo(2571.46 / 2648.31, 12),
        invoices: 22,
        // (15 + 95 + 200 + 605 + 45 + 61 + 5 + 5) / 16 overdue invoices = 64.4375
        averageDaysOverdue: 64.4,
        atRiskCustomers: 2,
      });
      expect(body.total).toBe(8);
      expect(body.limit).toBe(50);
      expect(body.offset).toBe(0);
      expect(ids(body)).toEqual(ORDERS.overdue!.desc);
    });

    it('puts an invoice exactly on each boundary in the right bucket and money stays exact', async () => {
      const body = await report(`asOf=${AS_OF}&search=delta`);
      expect(body.customers).toEqual([
        {
          id: 4,
          name: 'Delta Ltd',
          total: '1023.00',
          overdue: '1022.00',
          buckets: {
            current: '1.00',
            days_1_30: '6.00',
            days_31_60: '24.00',
            days_61_90: '96.00',
            days_91_120: '384.00',
            days_121_plus: '512.00',
          },
          invoices: 10,
          oldestDaysOverdue: 121,
        },
      ]);
      const acme = (await report(`asOf=${AS_OF}&search=acme`)).customers[0];
      expect(acme).toEqual({
        id: 1,
        name: 'Acme 100% Corp',
        total: '599.80',
        overdue: '599.45',
        buckets: { ...ZERO6, current: '0.35', days_1_30: '599.45' },
        invoices: 4,
        oldestDaysOverdue: 15,
      });
      const obrien = (await report(`asOf=${AS_OF}&search=brien`)).customers[0];
      expect(obrien).toMatchObject({ total: '75.50', overdue: '0', invoices: 2, oldestDaysOverdue: -1 });
    });

    it('with basis=invoice buckets by days since issue but keeps overdue figures on the due date', async () => {
      const body = await report(`asOf=${AS_OF}&basis=invoice`);
      expect(body.basis).toBe('invoice');
      expect(body.totals).toEqual({
        current: '0.05',
        days_1_30: '76.80',
        days_31_60: '705.45',
        days_61_90: '74.00',
        days_91_120: '696.00',
        days_121_plus: '1096.01',
      });
      expect(body.summary).toMatchObject({
        receivable: '2648.31',
        overdue: '2571.46',
        averageDaysOverdue: 64.4,
        atRiskCustomers: 2,
      });
      const delta = body.customers.find((c) => c.id === 4);
      expect(delta?.buckets).toEqual({
        current: '0',
        days_1_30: '1.00',
        days_31_60: '6.00',
        days_61_90: '24.00',
        days_91_120: '96.00',
        days_121_plus: '896.00',
      });
      expect(delta?.overdue).toBe('1022.00');
    });

    it('takes custom bucket boundaries', async () => {
      const body = await report(`asOf=${AS_OF}&buckets=15,45&sort=days_16_45`);
      expect(body.buckets.map((b) => [b.id, b.label, b.fromDays, b.toDays])).toEqual([
        ['current', 'Current', null, 0],
        ['days_1_15', '1–15', 1, 15],
        ['days_16_45', '16–45', 16, 45],
        ['days_46_plus', '46+', 46, null],
      ]);
      expect(body.totals).toEqual({
        current: '76.85',
        days_1_15: '701.45',
        days_16_45: '62.00',
        days_46_plus: '1808.01',
      });
      expect(body.customers[0]).toMatchObject({
        id: 6,
        buckets: { current: '0', days_1_15: '0', days_16_45: '50.00', days_46_plus: '0' },
      });
      expect(body.customers.find((c) => c.id === 4)?.buckets).toEqual({
        current: '1.00',
        days_1_15: '2.00',
        days_16_45: '12.00',
        days_46_plus: '1008.00',
      });
    });

    it('excludes invoices issued after asOf and includes those issued on it', async () => {
      const before = (await report(`asOf=${AS_OF}&search=acme`)).customers[0];
      expect(before?.total).toBe('599.80');
      const next = (await report(`asOf=${addDays(AS_OF, 1)}&search=acme`)).customers[0];
      // A6 (5000.00) is issued on 1 July; the others are a day older.
      expect(next).toMatchObject({ total: '5599.80', overdue: '599.45', invoices: 5, oldestDaysOverdue: 16 });
    });

    it('searches names literally (%, _ and quotes) and case-insensitively, or by exact id', async () => {
      expect(ids(await report(`asOf=${AS_OF}&search=${encodeURIComponent('100%')}`))).toEqual([1]);
      expect(ids(await report(`asOf=${AS_OF}&search=A_w`))).toEqual([2]);
      expect(ids(await report(`asOf=${AS_OF}&search=${encodeURIComponent("o'BRIEN")}`))).toEqual([3]);
      expect(ids(await report(`asOf=${AS_OF}&search=${encodeURIComponent('\\')}`))).toEqual([]);
      // "10" is in two names and is customer 10's id.
      expect(ids(await report(`asOf=${AS_OF}&search=10&sort=name`))).toEqual([1, 10, 6]);
      const zeta = await report(`asOf=${AS_OF}&search=zeta`);
      expect(zeta.summary).toEqual({
        customers: 2,
        receivable: '800.01',
        overdue: '800.01',
        overdueRatio: 1,
        invoices: 3,
        averageDaysOverdue: 118.7, // (95 + 200 + 61) / 3
        atRiskCustomers: 1,
      });
      expect(zeta.totals).toEqual({ ...ZERO6, days_61_90: '600.00', days_91_120: '200.00', days_121_plus: '0.01' });
    });

    it('filters customers by minAmount (inclusive) before paging and summing', async () => {
      const at = await report(`asOf=${AS_OF}&minAmount=200.01`);
      expect(ids(at)).toEqual([4, 7, 1, 2]);
      expect(at.summary).toMatchObject({ customers: 4, receivable: '2422.81', invoices: 17 });
      expect(ids(await report(`asOf=${AS_OF}&minAmount=200.02`))).toEqual([4, 7, 1]);
      const none = await report(`asOf=${AS_OF}&minAmount=100000`);
      expect(none.customers).toEqual([]);
      expect(none.total).toBe(0);
      expect(none.totals).toEqual(ZERO6);
      expect(none.summary).toEqual({
        customers: 0,
        receivable: '0',
        overdue: '0',
        overdueRatio: 0,
        invoices: 0,
        averageDaysOverdue: null,
        atRiskCustomers: 0,
      });
    });

    it('sorts by every key both ways with a stable name-then-id tie-break, page after page', async () => {
      for (const [sort, expected] of Object.entries(ORDERS)) {
        for (const order of ['asc', 'desc'] as const) {
          const full = await report(`asOf=${AS_OF}&sort=${sort}&order=${order}&limit=1000`);
          expect(ids(full), `${sort} ${order}`).toEqual(expected[order]);
          const paged: (string | number)[] = [];
          for (let offset = 0; offset < 9; offset += 3) {
            const page = await report(`asOf=${AS_OF}&sort=${sort}&order=${order}&limit=3&offset=${offset}`);
            expect(page.total).toBe(8);
            expect(page.summary.receivable).toBe('2648.31');
            paged.push(...ids(page));
          }
          expect(paged, `${sort} ${order} paged`).toEqual(expected[order]);
        }
      }
    });

    it('defaults to ascending for name and descending for figures', async () => {
      expect(ids(await report(`asOf=${AS_OF}&sort=name`))).toEqual(ORDERS.name!.asc);
      expect(ids(await report(`asOf=${AS_OF}&sort=total`))).toEqual(ORDERS.total!.desc);
    });

    it('returns an empty page past the end with the full total and summary', async () => {
      const body = await report(`asOf=${AS_OF}&offset=8`);
      expect(body.customers).toEqual([]);
      expect(body.total).toBe(8);
      expect(body.offset).toBe(8);
      expect(body.summary.receivable).toBe('2648.31');
      expect(body.totals.days_121_plus).toBe('512.01');
    });

    it('narrows to the scope customer', async () => {
      const body = await report(`asOf=${AS_OF}`, scoped(4));
      expect(ids(body)).toEqual([4]);
      expect(body.summary).toMatchObject({
        customers: 1,
        receivable: '1023.00',
        overdue: '1022.00',
        invoices: 10,
        atRiskCustomers: 1,
      });
      expect((await report(`asOf=${AS_OF}&search=acme`, scoped('4'))).customers).toEqual([]);
    });

    it('has no open balances before anything was issued', async () => {
      const body = await report('asOf=2020-01-01');
      expect(body.total).toBe(0);
      expect(body.summary.averageDaysOverdue).toBeNull();
    });

    describe('drill-down', () => {
      it("lists a customer's open invoices by due date with days, status and bucket", async () => {
        const body = await drill('4');
        expect(body.customer).toEqual({ id: 4, name: 'Delta Ltd' });
        expect(body.asOf).toBe(AS_OF);
        expect(body.basis).toBe('due');
        expect(body.invoices.map((i) => [i.number, i.amountDue, i.daysOverdue, i.status, i.bucket])).toEqual([
          ['D121', '512.00', 121, 'overdue', 'days_121_plus'],
          ['D120', '256.00', 120, 'overdue', 'days_91_120'],
          ['D091', '128.00', 91, 'overdue', 'days_91_120'],
          ['D090', '64.00', 90, 'overdue', 'days_61_90'],
          ['D061', '32.00', 61, 'overdue', 'days_61_90'],
          ['D060', '16.00', 60, 'overdue', 'days_31_60'],
          ['D031', '8.00', 31, 'overdue', 'days_31_60'],
          ['D030', '4.00', 30, 'overdue', 'days_1_30'],
          ['D001', '2.00', 1, 'overdue', 'days_1_30'],
          ['D000', '1.00', 0, 'current', 'current'],
        ]);
        expect(body.invoices[0]).toMatchObject({ issuedOn: '2026-01-30', dueOn: '2026-03-01' });
      });

      it('leaves out paid, over-paid and not-yet-issued invoices, and orders same-day ones by number', async () => {
        const acme = await drill('1');
        expect(acme.invoices.map((i) => [i.number, i.amountDue, i.daysOverdue, i.status])).toEqual([
          ['A3', '599.45', 15, 'overdue'],
          ['A2', '0.20', -5, 'current'],
          ['A1', '0.10', -10, 'current'],
          ['A7', '0.05', -30, 'current'],
        ]);
        expect((await drill('3')).invoices.map((i) => i.number)).toEqual(['OB-1', 'OB-2']);
        expect((await drill('1', `asOf=${addDays(AS_OF, 1)}`)).invoices.map((i) => i.number)).toContain('A6');
      });

      it('uses the requested basis and buckets, and today in the dashboard zone by default', async () => {
        const body = await drill('4', 'basis=invoice&buckets=45');
        expect(body.asOf).toBe(AS_OF);
        expect(body.basis).toBe('invoice');
        const d000 = body.invoices.find((i) => i.number === 'D000');
        expect(d000).toMatchObject({ daysOverdue: 0, status: 'current', bucket: 'days_1_45' });
        expect(body.invoices.find((i) => i.number === 'D030')?.bucket).toBe('days_46_plus');
      });

      it('answers an existing customer without open invoices with an empty list', async () => {
        expect(await drill('5')).toMatchObject({ customer: { id: 5, name: 'Epsilon' }, invoices: [] });
      });

      it('is 404 for an unknown, non-numeric or out-of-scope customer id', async () => {
        for (const id of ['999', 'abc', '1.5', '', "1' OR '1'='1"]) {
          await expect(drill(id), id).rejects.toBeInstanceOf(NotFoundInDataError);
        }
        await expect(drill('1', `asOf=${AS_OF}`, scoped(4))).rejects.toBeInstanceOf(NotFoundInDataError);
        expect((await drill('4', `asOf=${AS_OF}`, scoped(4))).invoices).toHaveLength(10);
      });
    });

    describe('mapped onto a host schema', () => {
      const mapping = parseAgingMapping({
        invoices: {
          table: 'Bill Book',
          id: 'Key',
          number: 'Ref',
          customerId: 'Client',
          issuedOn: 'Issued',
          dueOn: 'Due "date"',
          amount: 'Gross',
          amountPaid: 'Paid',
        },
        customers: { table: 'Clients', id: 'Code', name: 'Label' },
      });

      beforeAll(async () => {
        await source().exec(`
CREATE TABLE "Clients" ("Code" text PRIMARY KEY, "Label" text NOT NULL);
CREATE TABLE "Bill Book" ("Key" integer, "Ref" text, "Client" text, "Issued" date, "Due ""date""" date, "Gross" numeric, "Paid" numeric);
INSERT INTO "Clients" VALUES ('c-1', 'Client One'), ('c-2', 'Client Two');
INSERT INTO "Bill Book" VALUES
  (1, 'R1', 'c-1', '2026-05-01', '2026-06-20', 10.00, NULL),
  (2, 'R2', 'c-1', '2026-06-01', '2026-07-03', 5.5, 0),
  (3, 'R3', 'c-2', '2026-01-01', '2026-03-01', 1, 1);`);
      });

      it('reads the mapped tables and columns, with text ids and NULL paid as 0', async () => {
        const body = await agingReport(ctx, params(`asOf=${AS_OF}`), PUBLIC_SCOPE, mapping);
        AgingResponse.parse({ ...body, ...ENVELOPE });
        expect(body.customers).toEqual([
          {
            id: 'c-1',
            name: 'Client One',
            total: '15.50',
            overdue: '10.00',
            buckets: { ...ZERO6, current: '5.5', days_1_30: '10.00' },
            invoices: 2,
            oldestDaysOverdue: 10,
          },
        ]);
        const one = await agingInvoices(ctx, 'c-1', drillParams(`asOf=${AS_OF}`), PUBLIC_SCOPE, mapping);
        expect(one.invoices.map((i) => [i.number, i.dueOn, i.amountDue])).toEqual([
          ['R1', '2026-06-20', '10.00'],
          ['R2', '2026-07-03', '5.5'],
        ]);
        expect((await agingInvoices(ctx, 'c-2', drillParams(''), PUBLIC_SCOPE, mapping)).invoices).toEqual([]);
        await expect(agingInvoices(ctx, '1', drillParams(''), PUBLIC_SCOPE, mapping)).rejects.toBeInstanceOf(
          NotFoundInDataError,
        );
      });
    });
  },
);

describe('aging buckets and mapping config', () => {
  it('derives bucket ids and labels from the bounds', () => {
    expect(agingBuckets([7]).map((b) => `${b.id}:${b.label}`)).toEqual([
      'current:Current',
      'days_1_7:1–7',
      'days_8_plus:8+',
    ]);
  });

  it('fills a partial mapping with the commerce defaults', () => {
    expect(parseAgingMapping(undefined)).toEqual(DEFAULT_AGING_MAPPING);
    const m = parseAgingMapping({ invoices: { table: 'billing.bills', dueOn: 'due_date' } });
    expect(m.invoices).toEqual({ ...DEFAULT_AGING_MAPPING.invoices, table: 'billing.bills', dueOn: 'due_date' });
    expect(m.customers).toEqual(DEFAULT_AGING_MAPPING.customers);
  });

  it('names the bad field of a config file', () => {
    const fail = (input: unknown, where?: string) => {
      try {
        if (where === undefined) parseReportsConfig(input);
        else parseAgingMapping(input, where);
      } catch (e) {
        expect(e).toBeInstanceOf(ReportsConfigError);
        return (e as ReportsConfigError).issues.map((i) => i.path);
      }
      throw new Error('expected a ReportsConfigError');
    };
    expect(fail({ invoices: { dueOn: '' } }, 'reports.aging')).toEqual(['reports.aging.invoices.dueOn']);
    expect(fail({ invoices: { dueDate: 'x' } }, 'aging')).toEqual(['aging.invoices.dueDate']);
    expect(fail({ aging: { customers: { table: 5 } } })).toEqual(['aging.customers.table']);
    expect(fail({ aging: { customers: { table: 'a..b' } } })).toEqual(['aging.customers.table']);
    expect(fail({ lowStock: { products: { quantity: 'x'.repeat(64) } } })).toEqual(['lowStock.products.quantity']);
    expect(fail({ reports: {} })).toEqual(['reports']);
  });
});
