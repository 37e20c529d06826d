import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { collectDemoData, generateDemoData, type DemoOptions, type DemoRows } from './generate.js';
import { allocate } from './options.js';
import { createRng } from './random.js';
import { AGING_BUCKETS, agingBucket, centsToString, stringToCents, unitPriceCents } from './shape.js';
import { MIN_INVOICES_PER_KIND } from './top-up.js';

const SMALL: DemoOptions = { anchor: '2025-06-30', timezone: 'Europe/Berlin', customers: 300, days: 60 };

function hashRows(rows: DemoRows): string {
  return createHash('sha256').update(JSON.stringify(rows)).digest('hex');
}

function rowsOf(options: DemoOptions): DemoRows {
  const { counts: _counts, ...rows } = collectDemoData(options);
  return rows;
}

const DAY = 86_400_000;
const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY;

/** Local date and hour of an instant in `timezone`, through Intl (independent of the generator's clock). */
function local(instant: string, timezone: string): { date: string; hour: number } {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone: timezone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
    })
      .formatToParts(new Date(instant))
      .map((p) => [p.type, p.value]),
  );
  return { date: `${parts.year}-${parts.month}-${parts.day}`, hour: Number(parts.hour) };
}

describe('generateDemoData', () => {
  it('is deterministic: same options give identical rows, another seed different ones', () => {
    const a = hashRows(rowsOf(SMALL));
    expect(hashRows(rowsOf(SMALL))).toBe(a);
    expect(hashRows(rowsOf({ ...SMALL, seed: 2 }))).not.toBe(a);
    // Batching is transport only: the same rows come out whatever the batch size.
    expect(hashRows(rowsOf({ ...SMALL, batchSize: 37 }))).toBe(a);
  });

  it('yields referenced tables before the rows that reference them', () => {
    const seen = new Set<string>();
    const order = {
      products: [],
      customers: [],
      orders: ['customers'],
      order_lines: ['orders', 'products'],
      invoices: ['customers'],
    };
    for (const batch of generateDemoData({ ...SMALL, batchSize: 50 })) {
      for (const needed of order[batch.table]) expect(seen.has(needed), `${batch.table} before ${needed}`).toBe(true);
      seen.add(batch.table);
    }
  });

  it('makes exactly the orders asked for, with contiguous ids, valid states and exact amounts', () => {
    const data = collectDemoData({ ...SMALL, orders: 777 });
    expect(data.orders).toHaveLength(777);
    expect(data.counts).toEqual({
      products: 200,
      customers: 300,
      orders: 777,
      order_lines: data.order_lines.length,
      invoices: data.invoices.length,
    });
    for (const table of ['products', 'customers', 'orders', 'order_lines', 'invoices'] as const) {
      expect(data[table].map((row) => row.id)).toEqual(data[table].map((_, i) => i + 1));
    }
    const money = /^\d+\.\d{2}$/;
    const lineTotals = new Map<number, number>();
    for (const line of data.order_lines) {
      expect(line.quantity).toBeGreaterThan(0);
      lineTotals.set(
        line.order_id,
        (lineTotals.get(line.order_id) ?? 0) + line.quantity * unitPriceCents(line.product_id),
      );
    }
    for (const order of data.orders) {
      expect(['draft', 'sale', 'done', 'cancel']).toContain(order.state);
      expect(order.amount).toMatch(money);
      // Each order's amount is the exact sum of its lines.
      expect(order.amount).toBe(centsToString(lineTotals.get(order.id) ?? -1));
    }
    for (const invoice of data.invoices) {
      expect(invoice.amount).toMatch(money);
      expect(invoice.amount_paid).toMatch(money);
      expect(stringToCents(invoice.amount_paid)).toBeLessThanOrEqual(stringToCents(invoice.amount));
      expect(invoice.due_on >= invoice.issued_on).toBe(true);
      expect(invoice.issued_on <= SMALL.anchor).toBe(true);
    }
  });

  it('only lets customers order after they signed up, with unique emails', () => {
    const data = collectDemoData(SMALL);
    const created = new Map(data.customers.map((c) => [c.id, c.created_at]));
    for (const order of data.orders) expect(created.get(order.customer_id)! < order.ordered_at).toBe(true);
    expect(new Set(data.customers.map((c) => c.email)).size).toBe(data.customers.length);
    const createdAt = data.customers.map((c) => c.created_at);
    expect(createdAt).toEqual([...createdAt].sort()); // ids follow sign-up order
  });

  it.each(['America/New_York', 'Europe/Berlin', 'Australia/Sydney', 'Asia/Kathmandu'])(
    'places orders in local business hours of %s, across DST changes',
    (timezone) => {
      // 2025-03-01 … 2025-04-30 holds the spring change in the north and the autumn one in the south.
      const data = collectDemoData({ anchor: '2025-04-30', timezone, days: 61, customers: 100, orders: 1500 });
      const days = new Set<string>();
      for (const order of data.orders) {
        const { date, hour } = local(order.ordered_at, timezone);
        expect(hour).toBeGreaterThanOrEqual(7);
        expect(hour).toBeLessThanOrEqual(21);
        expect(date >= '2025-03-01' && date <= '2025-04-30').toBe(true);
        days.add(date);
      }
      expect(days.size).toBe(61);
    },
  );

  it('keeps the anchor day before `now` when given', () => {
    const now = new Date('2025-06-30T08:30:00Z'); // 10:30 in Berlin
    const data = collectDemoData({ ...SMALL, now });
    const today = data.orders.filter((o) => local(o.ordered_at, SMALL.timezone).date === SMALL.anchor);
    expect(today.length).toBeGreaterThan(0);
    for (const o of data.orders) expect(o.ordered_at <= now.toISOString()).toBe(true);
    for (const c of data.customers) expect(c.created_at <= now.toISOString()).toBe(true);
    expect(() => generateDemoData({ ...SMALL, now: new Date('2025-06-29T12:00:00Z') })).toThrow(/now:/);
  });

  it('has open invoices in every aging bucket, partly and fully paid ones, even for a tiny history', () => {
    for (const options of [SMALL, { ...SMALL, customers: 5, days: 3, orders: 4 }]) {
      const data = collectDemoData(options);
      const open = AGING_BUCKETS.map(() => 0);
      let partly = 0;
      let paid = 0;
      for (const inv of data.invoices) {
        const due = stringToCents(inv.amount) - stringToCents(inv.amount_paid);
        if (due === 0) paid++;
        else {
          const bucket = agingBucket(dayNumber(options.anchor) - dayNumber(inv.due_on));
          open[bucket] = (open[bucket] ?? 0) + 1;
          if (stringToCents(inv.amount_paid) > 0) partly++;
        }
      }
      for (const count of open) expect(count).toBeGreaterThanOrEqual(MIN_INVOICES_PER_KIND);
      expect(partly).toBeGreaterThanOrEqual(MIN_INVOICES_PER_KIND);
      expect(paid).toBeGreaterThanOrEqual(MIN_INVOICES_PER_KIND);
    }
  });

  it('stocks products around their reorder levels: some out, some low, most healthy', () => {
    const { products } = collectDemoData(SMALL);
    const out = products.filter((p) => p.quantity === 0).length;
    const low = products.filter((p) => p.quantity > 0 && p.quantity <= p.reorder_level).length;
    expect(out).toBeGreaterThan(0);
    expect(low).toBeGreaterThan(out);
    expect(products.length - out - low).toBeGreaterThan(products.length / 2);
    expect(new Set(products.map((p) => p.sku)).size).toBe(products.length);
    expect(new Set(products.map((p) => p.name)).size).toBe(products.length);
    expect(collectDemoData({ ...SMALL, products: 1 }).products).toHaveLength(1);
  });

  it.each([
    [{ anchor: '2025-02-30' }, /anchor: no such calendar day/],
    [{ anchor: '30/06/2025' }, /anchor: expected YYYY-MM-DD/],
    [{ timezone: 'Mars/Olympus_Mons' }, /timezone: unknown/],
    [{ days: 0 }, /days: expected an integer ≥ 1/],
    [{ customers: 2.5 }, /customers:/],
    [{ orders: -1 }, /orders:/],
    [{ seed: Number.NaN }, /seed:/],
  ] as [Partial<DemoOptions>, RegExp][])('rejects bad options at the call: %j', (bad, message) => {
    expect(() => generateDemoData({ ...SMALL, ...bad })).toThrow(message);
  });
});

describe('helpers', () => {
  it('allocate splits a total exactly, in proportion', () => {
    expect(allocate(10, [1, 1, 1])).toEqual([4, 3, 3]);
    expect(allocate(0, [1, 2])).toEqual([0, 0]);
    const weights = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(allocate(12345, weights).reduce((a, b) => a + b, 0)).toBe(12345);
  });

  it('turns cents into exact decimal strings and back', () => {
    expect(centsToString(0)).toBe('0.00');
    expect(centsToString(7)).toBe('0.07');
    expect(centsToString(123456789)).toBe('1234567.89');
    expect(stringToCents('1234567.89')).toBe(123456789);
    expect(stringToCents('5')).toBe(500);
    expect(stringToCents('0.7')).toBe(70);
    expect(() => centsToString(1.5)).toThrow(RangeError);
    expect(() => stringToCents('1.234')).toThrow(RangeError);
  });

  it('createRng is reproducible and spread over [0, 1)', () => {
    const a = createRng(42);
    const b = createRng(42);
    const draws = Array.from({ length: 1000 }, () => a());
    expect(draws).toEqual(Array.from({ length: 1000 }, () => b()));
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...draws)).toBeLessThan(1);
    const mean = draws.reduce((s, x) => s + x, 0) / draws.length;
    expect(mean).toBeGreaterThan(0.45);
    expect(mean).toBeLessThan(0.55);
  });
});
