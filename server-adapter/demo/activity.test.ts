import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Topic } from '../../src/contract/index.js';
import { describeDatabases, pgliteDatabase, type TestDatabase } from '../../tests/support/databases.js';
import type { Source } from '../sources/source.js';
import { simulateActivity } from './activity.js';
import { createRng } from './random.js';
import { seedDemo } from './seed.js';
import { centsToString, stringToCents, unitPriceCents } from './shape.js';

const TIMEZONE = 'Asia/Tokyo';

interface Snapshot {
  customers: number;
  orders: number;
  lines: number;
  invoices: number;
  paid: string;
  stock: string;
}

async function snapshot(source: Source): Promise<Snapshot> {
  const [row] = await source.query<Snapshot>(
    `SELECT (SELECT count(*) FROM customers)::int AS customers, (SELECT count(*) FROM orders)::int AS orders,
            (SELECT count(*) FROM order_lines)::int AS lines, (SELECT count(*) FROM invoices)::int AS invoices,
            (SELECT coalesce(sum(amount_paid), 0)::text FROM invoices) AS paid,
            (SELECT coalesce(string_agg(id || ':' || quantity, ',' ORDER BY id), '') FROM products) AS stock`,
  );
  if (!row) throw new Error('no snapshot');
  return row;
}

/** The topics a change between two snapshots touches: what simulateActivity must report. */
function changedTopics(a: Snapshot, b: Snapshot): Topic[] {
  const topics: Topic[] = [];
  if (a.customers !== b.customers) topics.push('customers');
  if (a.invoices !== b.invoices || a.paid !== b.paid) topics.push('invoices');
  if (a.orders !== b.orders || a.lines !== b.lines) topics.push('orders');
  if (a.stock !== b.stock) topics.push('products');
  return topics;
}

describeDatabases(
  'simulateActivity',
  {
    ddl: false,
    seed: (source) => seedDemo(source, { anchor: '2025-06-30', timezone: TIMEZONE, customers: 200, days: 30 }),
  },
  (source) => {
    it('writes one event at a time and reports exactly the topics it touched', async () => {
      const rng = createRng(7);
      const seen = new Set<string>();
      let now = Date.parse('2025-06-30T09:00:00Z');
      for (let i = 0; i < 60; i++) {
        now += 60_000;
        const before = await snapshot(source());
        const topics = await simulateActivity(source(), { timezone: TIMEZONE, now: new Date(now), rng });
        const after = await snapshot(source());
        expect(topics).toEqual(changedTopics(before, after));
        expect(after.customers - before.customers).toBeLessThanOrEqual(1);
        expect(after.orders - before.orders).toBeLessThanOrEqual(1);
        seen.add(topics.join('+'));
      }
      // Over 60 events each kind shows up: payments, restocks, orders with and without a new customer.
      expect(seen).toContain('invoices');
      expect(seen).toContain('products');
      expect(seen).toContain('orders+products');
      expect([...seen].some((s) => s.startsWith('customers+'))).toBe(true);
      expect([...seen].some((s) => s.includes('invoices+orders'))).toBe(true);
    });

    it('prices new orders like the history, at `now`, with ids after the last ones', async () => {
      const now = new Date('2025-06-30T11:00:00Z');
      const [{ max } = { max: 0 }] = await source().query<{ max: number }>(`SELECT max(id) AS max FROM orders`);
      const rng = createRng(11);
      let topics: Topic[] = [];
      // Until an order is placed (a payment or restock may come first).
      for (let i = 0; i < 20 && !topics.includes('orders'); i++) {
        topics = await simulateActivity(source(), { timezone: TIMEZONE, now, rng });
      }
      expect(topics).toContain('orders');
      const [order] = await source().query<{
        id: number;
        ordered_at: Date;
        amount: string;
        state: string;
        customer_id: number;
      }>(`SELECT id, ordered_at, amount, state, customer_id FROM orders ORDER BY id DESC LIMIT 1`);
      expect(order?.id).toBe(max + 1);
      expect(order?.ordered_at.toISOString()).toBe(now.toISOString());
      const lines = await source().query<{ product_id: number; quantity: number }>(
        `SELECT product_id, quantity FROM order_lines WHERE order_id = $1`,
        [order?.id ?? 0],
      );
      expect(lines.length).toBeGreaterThan(0);
      const cents = lines.reduce((sum, l) => sum + l.quantity * unitPriceCents(l.product_id), 0);
      expect(order?.amount).toBe(centsToString(cents));
      if (topics.includes('invoices')) {
        // An account customer: billed today in Tokyo (2025-06-30 20:00 local).
        const [invoice] = await source().query<{
          customer_id: number;
          issued_on: string;
          amount: string;
          number: string;
          id: number;
        }>(`SELECT id, customer_id, issued_on, amount, number FROM invoices ORDER BY id DESC LIMIT 1`);
        expect(invoice).toMatchObject({
          customer_id: order?.customer_id,
          issued_on: '2025-06-30',
          amount: order?.amount,
        });
        expect(invoice?.number).toBe(`INV-2025-${String(invoice?.id).padStart(6, '0')}`);
      }
    });

    it('never overpays an invoice or takes stock below zero', async () => {
      const rng = createRng(3);
      for (let i = 0; i < 30; i++) await simulateActivity(source(), { timezone: TIMEZONE, now: new Date(), rng });
      const [bad] = await source().query<{ invoices: number; products: number }>(
        `SELECT (SELECT count(*) FROM invoices WHERE amount_paid > amount OR amount_paid < 0)::int AS invoices,
                (SELECT count(*) FROM products WHERE quantity < 0)::int AS products`,
      );
      expect(bad).toEqual({ invoices: 0, products: 0 });
      const [paid] = await source().query<{ paid: string }>(`SELECT sum(amount_paid)::text AS paid FROM invoices`);
      expect(stringToCents(paid?.paid ?? 'x')).toBeGreaterThan(0);
    });
  },
);

describe('simulateActivity on an empty database', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await pgliteDatabase();
  }, 60_000);
  afterAll(async () => {
    await db?.close();
  });

  it('starts with a first customer and a first order', async () => {
    // 0.5: not a payment or restock (nothing to pay or restock anyway), then an order.
    const topics = await simulateActivity(db.source, {
      timezone: 'UTC',
      now: new Date('2025-01-01T12:00:00Z'),
      rng: () => 0.5,
    });
    expect(topics).toEqual(['customers', 'orders']);
    const [row] = await db.source.query<{ customers: number; orders: number }>(
      `SELECT (SELECT count(*) FROM customers)::int AS customers, (SELECT count(*) FROM orders)::int AS orders`,
    );
    expect(row).toEqual({ customers: 1, orders: 1 });
  });
});
