/**
 * Deterministic demo data for the commerce schema (SPEC §4, §5): two years of
 * orders ending on an anchor day, a few thousand customers, invoices in every
 * aging bucket, products around their reorder levels. Same options, same rows.
 *
 * Rows come out in batches from a generator, so a million orders never sit in
 * memory at once; `collectDemoData` gathers a small data set into arrays.
 */
import { formatDay } from './calendar.js';
import { makeCustomers } from './customers.js';
import { allocate, instantsOf, resolve, type DemoOptions, type Resolved } from './options.js';
import { makeProducts } from './products.js';
import { deriveRng, pickCumulative, pickWeighted, type Rng } from './random.js';
import type { DemoBatch, DemoCounts, DemoRows, DemoTable, InvoiceRow, OrderLineRow, OrderRow } from './rows.js';
import {
  AGING_BUCKETS,
  agingBucket,
  amountPaidBy,
  centsToString,
  LINE_COUNT_WEIGHTS,
  LINE_QUANTITY_WEIGHTS,
  noisyDayWeight,
  orderSecondOfDay,
  unitPriceCents,
} from './shape.js';
import { topUpInvoices, type InvoiceTally } from './top-up.js';

export {
  DEFAULT_BATCH_SIZE,
  DEFAULT_CUSTOMERS,
  DEFAULT_DAYS,
  DEFAULT_ORDERS_PER_CUSTOMER_YEAR,
  DEFAULT_PRODUCTS,
  DEFAULT_SEED,
  type DemoOptions,
} from './options.js';
export * from './rows.js';

// Stream ids for deriveRng: one per purpose, so each part can change alone.
const STREAM = { days: 1, products: 2, customers: 3, orders: 4, payments: 5, topUp: 6 } as const;

function* chunks<T extends DemoTable>(table: T, rows: DemoRows[T], size: number): Generator<DemoBatch> {
  for (let i = 0; i < rows.length; i += size) {
    yield { table, rows: rows.slice(i, i + size) } as DemoBatch;
  }
}

function orderState(rng: Rng, age: number): OrderRow['state'] {
  const r = rng();
  if (r < (age <= 3 ? 0.08 : 0.025)) return 'draft';
  if (r < (age <= 3 ? 0.13 : 0.075)) return 'cancel';
  // Recent orders are still being fulfilled; older ones are done.
  return rng() < (age <= 2 ? 0.9 : age <= 14 ? 0.35 : 0.02) ? 'sale' : 'done';
}

/**
 * Yields the demo rows in insertion order: products, customers, then orders
 * with their lines and invoices in batches, then the few invoices that make
 * sure every aging bucket has open invoices. Returns the row counts.
 *
 * @example
 * for (const batch of generateDemoData({ anchor: '2025-06-30', timezone: 'Europe/Berlin' })) insert(batch);
 */
export function generateDemoData(options: DemoOptions): Generator<DemoBatch, DemoCounts, undefined> {
  // Resolved here, not inside the generator, so bad options throw at the call.
  return rows(resolve(options));
}

function* rows(r: Resolved): Generator<DemoBatch, DemoCounts, undefined> {
  const dayRng = deriveRng(r.seed, STREAM.days);
  const dayWeights = Array.from({ length: r.days }, (_, i) => noisyDayWeight(dayRng, r.firstDay + i, i));
  const ordersPerDay = allocate(r.orders, dayWeights);

  const products = makeProducts(r, deriveRng(r.seed, STREAM.products), ordersPerDay);
  yield* chunks('products', products.rows, r.batchSize);
  const customers = makeCustomers(r, deriveRng(r.seed, STREAM.customers), dayWeights);
  yield* chunks('customers', customers.rows, r.batchSize);

  const rng = deriveRng(r.seed, STREAM.orders);
  const payRng = deriveRng(r.seed, STREAM.payments);
  const counts: DemoCounts = {
    products: products.rows.length,
    customers: customers.rows.length,
    orders: 0,
    order_lines: 0,
    invoices: 0,
  };
  const tally: InvoiceTally = { openByBucket: AGING_BUCKETS.map(() => 0), partlyPaid: 0, fullyPaid: 0 };
  let orders: OrderRow[] = [];
  let lines: OrderLineRow[] = [];
  let invoices: InvoiceRow[] = [];
  let eligible = 0; // customers created before the current day: the only ones who can order

  for (let d = 0; d < r.days; d++) {
    const day = r.firstDay + d;
    while (eligible < r.customers && (customers.createdDay[eligible] ?? 0) < day) eligible++;
    const n = ordersPerDay[d] ?? 0;
    if (n === 0 || eligible === 0) continue;
    const seconds = Array.from({ length: n }, () => orderSecondOfDay(rng));
    const instants = instantsOf(r, day, seconds);
    const age = r.anchorDay - day;
    for (const instant of instants) {
      const orderId = ++counts.orders;
      const c = pickCumulative(rng, customers.cumulative, eligible);
      const lineCount = 1 + pickWeighted(rng, LINE_COUNT_WEIGHTS);
      const chosen: number[] = [];
      let cents = 0;
      for (let l = 0; l < lineCount; l++) {
        let product = pickCumulative(rng, products.cumulative, r.products) + 1;
        for (let retry = 0; chosen.includes(product) && retry < 4; retry++) {
          product = pickCumulative(rng, products.cumulative, r.products) + 1;
        }
        if (chosen.includes(product)) continue;
        chosen.push(product);
        const quantity = 1 + pickWeighted(rng, LINE_QUANTITY_WEIGHTS);
        cents += quantity * unitPriceCents(product);
        lines.push({ id: ++counts.order_lines, order_id: orderId, product_id: product, quantity });
      }
      const state = orderState(rng, age);
      orders.push({
        id: orderId,
        customer_id: c + 1,
        ordered_at: new Date(instant).toISOString(),
        state,
        amount: centsToString(cents),
      });
      if (customers.account[c] === 1 && (state === 'sale' || state === 'done')) {
        const dueDay = day + (customers.terms[c] ?? 30);
        const paid = amountPaidBy(payRng, customers.payer[c] ?? 'good', dueDay, r.anchorDay, cents);
        invoices.push(invoiceRow(++counts.invoices, c + 1, day, dueDay, cents, paid));
        countInvoice(tally, r.anchorDay - dueDay, cents, paid);
      }
    }
    if (orders.length >= r.batchSize) {
      yield { table: 'orders', rows: orders };
      yield* chunks('order_lines', lines, r.batchSize * 2);
      if (invoices.length > 0) yield { table: 'invoices', rows: invoices };
      orders = [];
      lines = [];
      invoices = [];
    }
  }
  if (orders.length > 0) yield { table: 'orders', rows: orders };
  if (lines.length > 0) yield* chunks('order_lines', lines, r.batchSize * 2);
  if (invoices.length > 0) yield { table: 'invoices', rows: invoices };

  const extra = topUpInvoices(deriveRng(r.seed, STREAM.topUp), tally, {
    anchorDay: r.anchorDay,
    firstId: counts.invoices + 1,
    customerCreatedDay: customers.createdDay,
    account: customers.account,
  }).map((x) => invoiceRow(x.id, x.customerId, x.issuedDay, x.dueDay, x.cents, x.paidCents));
  counts.invoices += extra.length;
  if (extra.length > 0) yield { table: 'invoices', rows: extra };
  return counts;
}

function invoiceRow(
  id: number,
  customerId: number,
  issuedDay: number,
  dueDay: number,
  cents: number,
  paid: number,
): InvoiceRow {
  const issuedOn = formatDay(issuedDay);
  return {
    id,
    number: `INV-${issuedOn.slice(0, 4)}-${String(id).padStart(6, '0')}`,
    customer_id: customerId,
    issued_on: issuedOn,
    due_on: formatDay(dueDay),
    amount: centsToString(cents),
    amount_paid: centsToString(paid),
  };
}

function countInvoice(tally: InvoiceTally, daysOverdue: number, cents: number, paid: number): void {
  if (paid >= cents) tally.fullyPaid++;
  else {
    const bucket = agingBucket(daysOverdue);
    tally.openByBucket[bucket] = (tally.openByBucket[bucket] ?? 0) + 1;
    if (paid > 0) tally.partlyPaid++;
  }
}

/** The whole data set as arrays: for tests and small data sets only. */
export function collectDemoData(options: DemoOptions): DemoRows & { counts: DemoCounts } {
  const rows: DemoRows = { products: [], customers: [], orders: [], order_lines: [], invoices: [] };
  const iterator = generateDemoData(options);
  for (;;) {
    const next = iterator.next();
    if (next.done) return { ...rows, counts: next.value };
    (rows[next.value.table] as object[]).push(...next.value.rows);
  }
}
