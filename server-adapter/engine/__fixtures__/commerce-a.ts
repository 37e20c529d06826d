/**
 * Hand-computed dataset for stats and series, dashboard zone Europe/Berlin.
 * Local dates in comments; Berlin is UTC+1 until 2026-03-29 02:00, when it
 * moves to UTC+2 (a 23-hour day), and back on 2026-10-25 03:00 (25 hours).
 *
 * Period used by most tests: custom 2026-03-27 … 2026-03-31 (5 days), whose
 * previous window is 2026-03-22 … 2026-03-26 and year window 2025-03-27 … 31.
 *
 *   day     confirmed orders           revenue  orders  AOV    conversion
 *   27 Mar  o1 10.00, o2 20.00          30.00    2      15.00  2/2
 *   28 Mar  o3 30.00                    30.00    1      30.00  1/1
 *   29 Mar  o4 40.00, o5 50.50          90.50    2      45.25  2/2   (23 h)
 *   30 Mar  o6 60.25 (+ cancel o7, draft o8) 60.25  1    60.25  1/2
 *   31 Mar  —                           0        0      null   null
 *   total                              210.75    6      35.13  6/7
 *   previous (22–26 Mar): o10 40.00, o11 60.00 (+ cancel, draft) → 100.00, 2, 50.00, 2/3
 *   year (27–31 Mar 2025): o14 50.00 → 50.00, 1, 50.00, 1/1
 */
import type { Source } from '../../sources/source.js';
import { insert, insertCustomers, insertOrders, type OrderRow } from './rows.js';

export const BERLIN = 'Europe/Berlin';

export const ORDERS_A: OrderRow[] = [
  { customer: 1, at: '2026-03-26T23:00:00Z', amount: '10.00' }, // o1  27 Mar 00:00 local: first instant of the period
  { customer: 2, at: '2026-03-27T22:59:59Z', state: 'done', amount: '20.00' }, // o2  27 Mar 23:59:59
  { customer: 1, at: '2026-03-27T23:30:00Z', amount: '30.00' }, // o3  28 Mar 00:30 (still the 27th in UTC)
  { customer: 3, at: '2026-03-28T23:30:00Z', amount: '40.00' }, // o4  29 Mar 00:30 CET
  { customer: 3, at: '2026-03-29T21:30:00Z', state: 'done', amount: '50.50' }, // o5  29 Mar 23:30 CEST
  { customer: 4, at: '2026-03-29T22:30:00Z', amount: '60.25' }, // o6  30 Mar 00:30 CEST
  { customer: 4, at: '2026-03-30T10:00:00Z', state: 'cancel', amount: '70.00' }, // o7
  { customer: 5, at: '2026-03-30T11:00:00Z', state: 'draft', amount: '80.00' }, // o8
  { customer: 5, at: '2026-03-31T22:00:00Z', amount: '90.00' }, // o9  1 Apr 00:00 CEST: first instant after the period
  { customer: 2, at: '2026-03-26T22:59:59Z', amount: '40.00' }, // o10 26 Mar 23:59:59: previous window
  { customer: 1, at: '2026-03-22T10:00:00Z', state: 'done', amount: '60.00' }, // o11 22 Mar (a Sunday)
  { customer: 2, at: '2026-03-23T10:00:00Z', state: 'cancel', amount: '5.00' }, // o12
  { customer: 2, at: '2026-03-24T10:00:00Z', state: 'draft', amount: '7.00' }, // o13
  { customer: 1, at: '2025-03-28T12:00:00Z', amount: '50.00' }, // o14 a year earlier
  { customer: 1, at: '2026-02-28T12:00:00Z', amount: '1000.00' }, // o15 28 Feb
  { customer: 1, at: '2026-02-28T23:30:00Z', amount: '5.00' }, // o16 1 Mar 00:30 local (a Sunday)
  { customer: 2, at: '2026-05-01T10:00:00Z', amount: '7.00' }, // o17 1 May
  { customer: 2, at: '2026-04-30T21:30:00Z', amount: '3.00' }, // o18 30 Apr 23:30 CEST
  // Around the autumn change (25 Oct is 25 hours long).
  { customer: 3, at: '2026-10-24T21:30:00Z', amount: '4.00' }, // 24 Oct 23:30 CEST
  { customer: 3, at: '2026-10-24T22:30:00Z', amount: '2.00' }, // 25 Oct 00:30 CEST
  { customer: 3, at: '2026-10-25T22:30:00Z', amount: '1.00' }, // 25 Oct 23:30 CET
  { customer: 3, at: '2026-10-25T23:30:00Z', amount: '8.00' }, // 26 Oct 00:30 CET
];

/** 1000 × 0.10 and 1000 × 0.20 on 15 Jan 2026: exactly 300.00 over 2000 orders. */
export const MONEY_ORDERS: OrderRow[] = Array.from({ length: 2000 }, (_, i) => ({
  customer: 9,
  at: '2026-01-15T12:00:00Z',
  amount: i % 2 === 0 ? '0.10' : '0.20',
}));

export async function seedCommerceA(source: Source): Promise<void> {
  await insertCustomers(source, [
    { id: 1 },
    { id: 2 },
    { id: 3 },
    { id: 4 },
    { id: 5 },
    { id: 6, createdAt: '2026-03-29T22:30:00Z' }, // 30 Mar 00:30 local
    { id: 7, createdAt: '2026-03-26T23:30:00Z' }, // 27 Mar 00:30 local
    { id: 8, createdAt: '2026-03-26T22:30:00Z' }, // 26 Mar 23:30 local: previous window
    { id: 9 },
  ]);
  await insertOrders(source, ORDERS_A, 1);
  await insertOrders(source, MONEY_ORDERS, 1001);
  // Open: i1 100.00 (overdue), i2 150.00 (due today), i4 80.00, i5 10.25 (overdue since 30 Mar); i3 is paid.
  await insert(
    source,
    'invoices',
    ['id', 'number', 'customer_id', 'issued_on', 'due_on', 'amount', 'amount_paid'],
    [
      [1, 'INV-1', 1, '2026-02-01', '2026-03-01', '100.00', '0'],
      [2, 'INV-2', 2, '2026-03-01', '2026-03-31', '200.00', '50.00'],
      [3, 'INV-3', 3, '2026-01-01', '2026-01-31', '300.00', '300.00'],
      [4, 'INV-4', 3, '2026-03-15', '2026-04-15', '80.00', '0'],
      [5, 'INV-5', 4, '2026-02-15', '2026-03-30', '10.50', '0.25'],
    ],
  );
  // Low: p1, p2, p3, p5 (quantity <= reorder level); out: p1, p5 (quantity <= 0).
  await insert(
    source,
    'products',
    ['id', 'sku', 'name', 'quantity', 'reorder_level'],
    [
      [1, 'SKU-1', 'Empty', 0, 5],
      [2, 'SKU-2', 'Low', 3, 5],
      [3, 'SKU-3', 'At level', 5, 5],
      [4, 'SKU-4', 'Plenty', 10, 5],
      [5, 'SKU-5', 'Oversold', -2, 0],
    ],
  );
}
