/**
 * The naive pattern the adapter is measured against: SELECT the raw rows of
 * the period and compute the report in JavaScript. Done reasonably well: only
 * the needed columns and time range are fetched, money is summed exactly
 * (BigInt cents), instants arrive as epoch milliseconds (no per-row Date
 * parsing), and the local day of an instant is looked up once per UTC hour
 * (exact for zones with whole-hour offsets, such as Europe/Berlin).
 */
import type { Granularity, Range } from '../src/contract/index.js';
import { addDays, bucketStart, daysBetween } from '../server-adapter/engine/calendar.js';
import { resolvePeriod } from '../server-adapter/engine/period.js';
import type { Source } from '../server-adapter/sources/source.js';

const HOUR_MS = 3_600_000;

/** Instant → local `YYYY-MM-DD` in `timeZone`, memoised per UTC hour. */
function localDays(timeZone: string): (epochMs: number) => string {
  const format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  const byHour = new Map<number, string>();
  return (epochMs) => {
    const hour = Math.floor(epochMs / HOUR_MS);
    let day = byHour.get(hour);
    if (day === undefined) {
      day = format.format(new Date(hour * HOUR_MS));
      byHour.set(hour, day);
    }
    return day;
  };
}

/** `123.45` → 12345n (the demo's amounts are numeric(14, 2)). */
const cents = (amount: string): bigint => BigInt(amount.replace('.', ''));
const money = (c: bigint): string => {
  const negative = c < 0n;
  const text = (negative ? -c : c).toString().padStart(3, '0');
  return `${negative ? '-' : ''}${text.slice(0, -2)}.${text.slice(-2)}`;
};

interface OrderRow {
  /** Epoch milliseconds. */
  t: number;
  state: string;
  amount: string;
}

async function ordersBetween(source: Source, from: string, to: string, timeZone: string): Promise<OrderRow[]> {
  return source.query<OrderRow>(
    `SELECT (extract(epoch FROM ordered_at) * 1000)::int8 AS t, state, amount FROM orders
     WHERE ordered_at >= ($1::date::timestamp AT TIME ZONE $3) AND ordered_at < (($2::date + 1)::timestamp AT TIME ZONE $3)`,
    [from, to, timeZone],
  );
}

interface Tally {
  revenue: bigint;
  orders: number;
  nonDraft: number;
  newCustomers: number;
}

const empty = (): Tally => ({ revenue: 0n, orders: 0, nonDraft: 0, newCustomers: 0 });

/**
 * `stats` of revenue, orders, average order value, new customers and
 * conversion rate over `range` with the previous period and a trend.
 * Returns the period's revenue and orders, to check against the engine.
 */
export async function fetchAllStats(
  source: Source,
  range: Range,
  now: Date,
  timeZone: string,
): Promise<{ revenue: string; orders: number }> {
  const { period, comparison, granularity } = resolvePeriod({ range }, now, timeZone);
  const windows = comparison ? [period, comparison] : [period];
  const first = windows.reduce((a, w) => (w.from < a ? w.from : a), period.from);
  const last = windows.reduce((a, w) => (w.to > a ? w.to : a), period.to);
  const [orders, customers] = await Promise.all([
    ordersBetween(source, first, last, timeZone),
    source.query<{ t: number }>(
      `SELECT (extract(epoch FROM created_at) * 1000)::int8 AS t FROM customers
       WHERE created_at >= ($1::date::timestamp AT TIME ZONE $3) AND created_at < (($2::date + 1)::timestamp AT TIME ZONE $3)`,
      [first, last, timeZone],
    ),
  ]);
  const dayOf = localDays(timeZone);
  const totals = windows.map(empty);
  const trend = new Map<string, Tally>();
  const place = (day: string, add: (t: Tally) => void) => {
    windows.forEach((w, i) => {
      if (day < w.from || day > w.to) return;
      add(totals[i] as Tally);
      if (i === 0) {
        const bucket = bucketStart(day, granularity);
        let t = trend.get(bucket);
        if (!t) trend.set(bucket, (t = empty()));
        add(t);
      }
    });
  };
  for (const o of orders) {
    const confirmed = o.state === 'sale' || o.state === 'done';
    const amount = confirmed ? cents(o.amount) : 0n;
    place(dayOf(o.t), (t) => {
      if (o.state !== 'draft') t.nonDraft++;
      if (confirmed) {
        t.orders++;
        t.revenue += amount;
      }
    });
  }
  for (const c of customers) place(dayOf(c.t), (t) => t.newCustomers++);
  // The derived values, as the engine reports them (computed, then dropped: only the timing matters).
  for (const t of [...totals, ...trend.values()]) {
    void (t.orders ? money((t.revenue * 2n + BigInt(t.orders)) / (2n * BigInt(t.orders))) : null);
    void (t.nonDraft ? t.orders / t.nonDraft : null);
  }
  const t0 = totals[0] as Tally;
  return { revenue: money(t0.revenue), orders: t0.orders };
}

/** `series` of revenue and orders per day over `days` days ending today, gap-filled. */
export async function fetchAllSeries(
  source: Source,
  range: Range,
  granularity: Granularity,
  now: Date,
  timeZone: string,
): Promise<{ points: number; revenue: string }> {
  const { period } = resolvePeriod({ range }, now, timeZone);
  const orders = await ordersBetween(source, period.from, period.to, timeZone);
  const dayOf = localDays(timeZone);
  const buckets = new Map<string, { revenue: bigint; orders: number }>();
  for (let d = bucketStart(period.from, granularity); d <= period.to; d = addDays(d, 1)) {
    if (bucketStart(d, granularity) === d) buckets.set(d, { revenue: 0n, orders: 0 });
  }
  let total = 0n;
  for (const o of orders) {
    if (o.state !== 'sale' && o.state !== 'done') continue;
    const b = buckets.get(bucketStart(dayOf(o.t), granularity));
    if (!b) continue;
    const amount = cents(o.amount);
    b.revenue += amount;
    b.orders++;
    total += amount;
  }
  const points = [...buckets].map(([t, b]) => ({ t, revenue: money(b.revenue), orders: b.orders }));
  return { points: points.length, revenue: money(total) };
}

const AGING_BOUNDS = [30, 60, 90, 120];

/** `aging` as of `asOf` by due date: every invoice fetched, the open ones bucketed per customer, the top 50. */
export async function fetchAllAging(source: Source, asOf: string): Promise<{ receivable: string; customers: number }> {
  const invoices = await source.query<{
    customer_id: number;
    name: string;
    issued_on: string;
    due_on: string;
    amount: string;
    amount_paid: string;
  }>(
    `SELECT i.customer_id, c.name, i.issued_on, i.due_on, i.amount, i.amount_paid
     FROM invoices i JOIN customers c ON c.id = i.customer_id`,
  );
  interface Account {
    name: string;
    total: bigint;
    overdue: bigint;
    buckets: bigint[];
    invoices: number;
    oldest: number;
  }
  const accounts = new Map<number, Account>();
  let receivable = 0n;
  for (const inv of invoices) {
    if (inv.issued_on > asOf) continue;
    const due = cents(inv.amount) - cents(inv.amount_paid);
    if (due <= 0n) continue;
    const late = daysBetween(inv.due_on, asOf);
    let bucket = 0;
    while (bucket < AGING_BOUNDS.length + 1 && late > (bucket === 0 ? 0 : (AGING_BOUNDS[bucket - 1] as number)))
      bucket++;
    let a = accounts.get(inv.customer_id);
    if (!a) {
      a = { name: inv.name, total: 0n, overdue: 0n, buckets: [0n, 0n, 0n, 0n, 0n, 0n], invoices: 0, oldest: -Infinity };
      accounts.set(inv.customer_id, a);
    }
    a.total += due;
    if (late > 0) a.overdue += due;
    a.buckets[bucket] = (a.buckets[bucket] ?? 0n) + due;
    a.invoices++;
    a.oldest = Math.max(a.oldest, late);
    receivable += due;
  }
  const page = [...accounts.values()].sort((x, y) => (y.total > x.total ? 1 : y.total < x.total ? -1 : 0)).slice(0, 50);
  void page.map((a) => ({ ...a, total: money(a.total), overdue: money(a.overdue), buckets: a.buckets.map(money) }));
  return { receivable: money(receivable), customers: accounts.size };
}
