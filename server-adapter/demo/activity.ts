/**
 * "Simulate activity" for the demo: one realistic business event now — an
 * order (sometimes from a new customer, billed on account when the customer
 * is), a payment on an open invoice, or a restock — written the way an app
 * would, so the live widgets have something to show.
 */
import type { Topic } from '../../src/contract/index.js';
import type { Source } from '../sources/source.js';
import { formatDay, ZoneClock } from './calendar.js';
import { customerName } from './names.js';
import { intBetween, pickWeighted, type Rng } from './random.js';
import { centsToString, LINE_COUNT_WEIGHTS, LINE_QUANTITY_WEIGHTS, stringToCents, unitPriceCents } from './shape.js';

export interface ActivityOptions {
  /** Zone of the business: an invoice issued now is dated by its local calendar. */
  timezone: string;
  /** When the event happens. */
  now: Date;
  /** Uniform numbers in [0, 1): `Math.random`, or `createRng(seed)` for a reproducible run. */
  rng: Rng;
}

/** Chance of each event; the rest are orders. */
const PAYMENT_SHARE = 0.15;
const RESTOCK_SHARE = 0.07;
/** Chance that an order comes from a customer signing up right now. */
const NEW_CUSTOMER_SHARE = 0.15;

/**
 * Inserts or updates the rows of one event at `now` and returns the topics it
 * touched (sorted), e.g. `['orders', 'products']` for an order that took
 * stock, `['customers', 'orders', 'products']` with a new customer,
 * `['invoices']` for a payment. New ids continue from `max(id)`; the event is
 * one transaction when the source supports it.
 *
 * @example
 * const topics = await simulateActivity(source, { timezone: 'Europe/Berlin', now: new Date(), rng: Math.random });
 * server.invalidate(...topics);
 */
export async function simulateActivity(source: Source, options: ActivityOptions): Promise<Topic[]> {
  const clock = new ZoneClock(options.timezone);
  const run = async (db: Source): Promise<Topic[]> => {
    const r = options.rng();
    let topics: Topic[] | null = null;
    if (r < PAYMENT_SHARE) topics = await payInvoice(db, options.rng);
    else if (r < PAYMENT_SHARE + RESTOCK_SHARE) topics = await restock(db, options.rng);
    // Nothing to pay or restock: an order instead.
    topics ??= await placeOrder(db, options, formatDay(clock.localDay(options.now.getTime())));
    return [...new Set(topics)].sort();
  };
  return source.transaction ? source.transaction(run) : run(source);
}

/** A payment on one of the oldest open invoices: in full, or part of what is due. */
async function payInvoice(db: Source, rng: Rng): Promise<Topic[] | null> {
  const open = await db.query<{ id: number; due: string }>(
    `SELECT id, (amount - amount_paid)::text AS due FROM invoices WHERE amount > amount_paid ORDER BY due_on, id LIMIT 50`,
  );
  if (open.length === 0) return null;
  const invoice = open[Math.floor(rng() * rng() * open.length)]; // older ones more likely
  if (!invoice) return null;
  const due = stringToCents(invoice.due);
  const cents = rng() < 0.65 ? due : Math.max(1, Math.round((due * intBetween(rng, 25, 75)) / 100));
  await db.query(`UPDATE invoices SET amount_paid = least(amount, amount_paid + $2::numeric) WHERE id = $1`, [
    invoice.id,
    centsToString(cents),
  ]);
  return ['invoices'];
}

/** A delivery for the most urgent low or out-of-stock product. */
async function restock(db: Source, rng: Rng): Promise<Topic[] | null> {
  const rows = await db.query<{ id: number }>(
    `UPDATE products SET quantity = quantity + reorder_level * $1::int
     WHERE id = (SELECT id FROM products WHERE quantity <= reorder_level
                 ORDER BY quantity::float8 / greatest(reorder_level, 1), id LIMIT 1)
     RETURNING id`,
    [intBetween(rng, 2, 4)],
  );
  return rows.length > 0 ? ['products'] : null;
}

interface StockRow {
  id: number;
  quantity: number;
  reorder_level: number;
}

/** An order of in-stock products; takes the stock, and bills account customers (those with invoices). */
async function placeOrder(db: Source, options: ActivityOptions, today: string): Promise<Topic[]> {
  const { rng } = options;
  const now = options.now.toISOString();
  const topics: Topic[] = ['orders'];
  const stock = await db.query<StockRow>(
    `SELECT id, quantity, reorder_level FROM products WHERE quantity > 0 ORDER BY id`,
  );
  if (stock.length === 0) {
    // Nothing left to sell: the delivery comes first.
    const restocked = await restock(db, rng);
    if (restocked) return restocked;
  }
  let customerId = await existingCustomer(db, rng);
  if (customerId === null || rng() < NEW_CUSTOMER_SHARE) {
    const who = customerName(rng, 0.35);
    const [row] = await db.query<{ id: number }>(
      `INSERT INTO customers (id, name, email, created_at)
       SELECT n, $1, $2 || '.' || n || '@' || $3, $4 FROM (SELECT coalesce(max(id), 0) + 1 AS n FROM customers) s
       RETURNING id`,
      [who.name, who.local, who.domain, now],
    );
    customerId = row?.id ?? null;
    topics.push('customers');
  }
  if (customerId === null) throw new Error('simulateActivity: could not create a customer');

  // Lines: distinct in-stock products, the best sellers (highest reorder level) more likely.
  const lines = new Map<number, number>();
  const lineCount = stock.length === 0 ? 0 : 1 + pickWeighted(rng, LINE_COUNT_WEIGHTS);
  for (let i = 0; i < lineCount && lines.size < stock.length; i++) {
    const product =
      stock[
        pickWeighted(
          rng,
          stock.map((p) => (lines.has(p.id) ? 0 : p.reorder_level)),
        )
      ];
    if (!product || lines.has(product.id)) continue;
    lines.set(product.id, Math.min(product.quantity, 1 + pickWeighted(rng, LINE_QUANTITY_WEIGHTS)));
  }
  let cents = 0;
  for (const [productId, quantity] of lines) cents += quantity * unitPriceCents(productId);
  const s = rng();
  const state = s < 0.07 ? 'draft' : s < 0.12 ? 'cancel' : 'sale';

  const [order] = await db.query<{ id: number }>(
    `INSERT INTO orders (id, customer_id, ordered_at, state, amount)
     SELECT coalesce(max(id), 0) + 1, $1, $2, $3, $4::numeric FROM orders RETURNING id`,
    [customerId, now, state, centsToString(cents)],
  );
  const productIds = [...lines.keys()];
  const quantities = [...lines.values()];
  if (productIds.length > 0) {
    await db.query(
      `INSERT INTO order_lines (id, order_id, product_id, quantity)
       SELECT (SELECT coalesce(max(id), 0) FROM order_lines) + u.n, $1, u.product_id, u.quantity
       FROM unnest($2::int[], $3::int[]) WITH ORDINALITY AS u(product_id, quantity, n)`,
      [order?.id ?? null, productIds, quantities],
    );
  }
  if (state !== 'sale') return topics;

  if (productIds.length > 0) {
    await db.query(
      `UPDATE products p SET quantity = greatest(p.quantity - u.quantity, 0)
       FROM unnest($1::int[], $2::int[]) AS u(id, quantity) WHERE p.id = u.id`,
      [productIds, quantities],
    );
    topics.push('products');
  }
  // Account customers are the ones already invoiced; they keep their payment terms.
  const [account] = await db.query<{ terms: number }>(
    `SELECT due_on - issued_on AS terms FROM invoices WHERE customer_id = $1 ORDER BY id DESC LIMIT 1`,
    [customerId],
  );
  if (account && cents > 0) {
    await db.query(
      `INSERT INTO invoices (id, number, customer_id, issued_on, due_on, amount, amount_paid)
       SELECT n, 'INV-' || to_char($2::date, 'YYYY') || '-' || lpad(n::text, greatest(6, length(n::text)), '0'),
              $1, $2::date, $2::date + $3::int, $4::numeric, 0
       FROM (SELECT coalesce(max(id), 0) + 1 AS n FROM invoices) s`,
      [customerId, today, account.terms, centsToString(cents)],
    );
    topics.push('invoices');
  }
  return topics;
}

/** A returning customer: half the time one of the last 200 orders' (busy customers come back), else anyone. */
async function existingCustomer(db: Source, rng: Rng): Promise<number | null> {
  if (rng() < 0.5) {
    const [recent] = await db.query<{ customer_id: number }>(
      `SELECT customer_id FROM orders ORDER BY id DESC OFFSET $1 LIMIT 1`,
      [Math.floor(rng() * 200)],
    );
    if (recent) return recent.customer_id;
  }
  const [any] = await db.query<{ id: number }>(
    `SELECT id FROM customers WHERE id >= (SELECT floor(min(id) + $1::float8 * (max(id) - min(id) + 1)) FROM customers)
     ORDER BY id LIMIT 1`,
    [rng()],
  );
  return any?.id ?? null;
}
