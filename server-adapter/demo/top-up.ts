/**
 * The demo promises invoices in every aging bucket, some partly paid and some
 * fully paid, whatever the size of the data set: 60 days of history cannot
 * produce an invoice 121+ days overdue on its own. These few extra invoices,
 * like balances brought over from an older system, fill what is missing.
 */
import { AGING_BUCKETS } from './shape.js';
import { intBetween, type Rng } from './random.js';

/** Fewest open invoices per aging bucket, and fewest partly and fully paid invoices. */
export const MIN_INVOICES_PER_KIND = 3;

/** What the generated invoices already cover. */
export interface InvoiceTally {
  /** Open invoices per AGING_BUCKETS entry as of the anchor day. */
  openByBucket: number[];
  /** Open invoices with a payment on them. */
  partlyPaid: number;
  fullyPaid: number;
}

export interface TopUpContext {
  anchorDay: number;
  firstId: number;
  /** Each customer's sign-up day by index (id − 1), ascending. */
  customerCreatedDay: Int32Array;
  /** 1 for customers billed on account. */
  account: Uint8Array;
}

export interface TopUpInvoice {
  id: number;
  customerId: number;
  issuedDay: number;
  dueDay: number;
  cents: number;
  paidCents: number;
}

/** An account customer (if any) who existed before `day`; the first customer otherwise. */
function customerBefore(rng: Rng, ctx: TopUpContext, day: number): number {
  let lo = 0;
  let hi = ctx.customerCreatedDay.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((ctx.customerCreatedDay[mid] ?? 0) < day) lo = mid + 1;
    else hi = mid;
  }
  if (lo === 0) return 1;
  for (let attempt = 0; attempt < 30; attempt++) {
    const i = Math.floor(rng() * lo);
    if (ctx.account[i] === 1) return i + 1;
  }
  return Math.floor(rng() * lo) + 1;
}

/** The invoices to add so that `tally` meets MIN_INVOICES_PER_KIND everywhere; updates `tally`. */
export function topUpInvoices(rng: Rng, tally: InvoiceTally, ctx: TopUpContext): TopUpInvoice[] {
  const out: TopUpInvoice[] = [];
  const add = (daysOverdue: number, paidShare: number) => {
    const dueDay = ctx.anchorDay - daysOverdue;
    const issuedDay = Math.min(dueDay - 30, ctx.anchorDay);
    const cents = intBetween(rng, 80_00, 2_500_00);
    const paidCents = Math.round(cents * paidShare);
    out.push({
      id: ctx.firstId + out.length,
      customerId: customerBefore(rng, ctx, issuedDay),
      issuedDay,
      dueDay,
      cents,
      paidCents,
    });
    if (paidCents >= cents) tally.fullyPaid++;
    else if (paidCents > 0) tally.partlyPaid++;
  };
  const overdueDays = (bucket: number) => {
    const b = AGING_BUCKETS[bucket];
    if (!b) throw new RangeError(`no aging bucket ${bucket}`);
    const from = Number.isFinite(b.fromDays) ? b.fromDays : -29;
    const to = Number.isFinite(b.toDays) ? b.toDays : from + 280;
    return intBetween(rng, from, to);
  };
  tally.openByBucket.forEach((count, bucket) => {
    for (let k = count; k < MIN_INVOICES_PER_KIND; k++) {
      // Every other one partly paid, for variety within a bucket.
      add(overdueDays(bucket), k % 2 === 1 ? 0.3 + 0.3 * rng() : 0);
      tally.openByBucket[bucket] = k + 1;
    }
  });
  while (tally.partlyPaid < MIN_INVOICES_PER_KIND) {
    const bucket = intBetween(rng, 1, AGING_BUCKETS.length - 1);
    add(overdueDays(bucket), 0.3 + 0.3 * rng());
    tally.openByBucket[bucket] = (tally.openByBucket[bucket] ?? 0) + 1;
  }
  while (tally.fullyPaid < MIN_INVOICES_PER_KIND) add(intBetween(rng, 1, 200), 1);
  return out;
}
