/**
 * The shape of demo business: how busy each day is, when in the day people
 * order, what a product costs, and how customers pay. Pure functions and
 * tables, so generate.ts (history) and activity.ts (live orders) agree.
 */
import { isoWeekday, monthAndDay } from './calendar.js';
import { hashInts, intBetween, normal, pickWeighted, type Rng } from './random.js';

/** Relative order volume Monday…Sunday: a B2B-leaning shop, quiet weekends. */
const WEEKDAY_FACTOR = [1.08, 1.12, 1.1, 1.06, 0.98, 0.58, 0.5] as const;

/** Relative volume by month, January…December: summer dip, November–December peak. */
const MONTH_FACTOR = [0.82, 0.86, 0.97, 1.0, 1.0, 0.92, 0.8, 0.78, 0.98, 1.05, 1.3, 1.42] as const;

/** Mild growth: +18 % a year, so this year's revenue beats last year's in `compare=year`. */
const YEARLY_GROWTH = 1.18;

/** Day-to-day noise (log-normal sigma): enough to look real, not enough to hide the weekly shape. */
const DAILY_NOISE = 0.12;

/**
 * Expected relative volume of a day (before noise). `dayIndex` counts days
 * from the first day of the history and drives growth.
 */
export function dayFactor(day: number, dayIndex: number): number {
  const { month, dayOfMonth } = monthAndDay(day);
  // Blend with the neighbouring month so the seasons change smoothly, not on the 1st.
  const position = (dayOfMonth - 15.5) / 30.5;
  const here = MONTH_FACTOR[month - 1] ?? 1;
  const neighbour = MONTH_FACTOR[(month - 1 + (position > 0 ? 1 : 11)) % 12] ?? 1;
  let factor = here + (neighbour - here) * Math.abs(position);
  if ((month === 12 && dayOfMonth >= 24 && dayOfMonth <= 26) || (month === 1 && dayOfMonth === 1)) factor *= 0.35;
  return factor * (WEEKDAY_FACTOR[isoWeekday(day) - 1] ?? 1) * Math.pow(YEARLY_GROWTH, dayIndex / 365);
}

/** `dayFactor` with the day's noise: the weight orders are allotted by. */
export function noisyDayWeight(rng: Rng, day: number, dayIndex: number): number {
  return dayFactor(day, dayIndex) * Math.exp(DAILY_NOISE * normal(rng));
}

/** Orders by local hour, 07:00…21:00: a morning and an afternoon peak. */
const ORDER_HOUR_WEIGHTS = [2, 4, 7, 9, 10, 9, 7, 8, 9, 9, 7, 5, 4, 3, 2] as const;
const FIRST_ORDER_HOUR = 7;

/** Sign-ups spread wider, 07:00…22:00, evenings included. */
const SIGNUP_HOUR_WEIGHTS = [1, 2, 3, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 4, 3, 2] as const;

/** Seconds after local midnight of an order (business hours). */
export function orderSecondOfDay(rng: Rng): number {
  const hour = FIRST_ORDER_HOUR + pickWeighted(rng, ORDER_HOUR_WEIGHTS);
  return hour * 3600 + Math.floor(rng() * 3600);
}

/** Seconds after local midnight of a customer sign-up. */
export function signupSecondOfDay(rng: Rng): number {
  const hour = FIRST_ORDER_HOUR + pickWeighted(rng, SIGNUP_HOUR_WEIGHTS);
  return hour * 3600 + Math.floor(rng() * 3600);
}

/** Lines per order: 1–4, mostly one or two. */
export const LINE_COUNT_WEIGHTS = [45, 30, 15, 10] as const;
/** Units per line: 1–4, mostly one. */
export const LINE_QUANTITY_WEIGHTS = [70, 20, 7, 3] as const;

function mean(weights: readonly number[]): number {
  let sum = 0;
  let weighted = 0;
  weights.forEach((w, i) => {
    sum += w;
    weighted += w * (i + 1);
  });
  return weighted / sum;
}

/** Expected units sold per order, used to set reorder levels that match the generated demand. */
export const MEAN_UNITS_PER_ORDER = mean(LINE_COUNT_WEIGHTS) * mean(LINE_QUANTITY_WEIGHTS);

/**
 * Unit price of a product in cents: the demo schema has no price column, so
 * it is a pure function of the product id (6.99 … 249.99, log-uniform), which
 * lets simulated live orders price their lines like the generated history.
 */
export function unitPriceCents(productId: number): number {
  const u = hashInts(productId, 0x9e1ce) / 4294967296;
  const dollars = Math.round(Math.exp(Math.log(7) + u * (Math.log(250) - Math.log(7))));
  return dollars * 100 - 1;
}

/** Integer cents → exact decimal string (`12345` → `"123.45"`): money never passes through a float format. */
export function centsToString(cents: number): string {
  if (!Number.isSafeInteger(cents) || cents < 0)
    throw new RangeError(`amount: expected whole non-negative cents, got ${cents}`);
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}

/** Exact decimal text from SQL (`"123.4"`, `"5"`, `"0.07"`) → integer cents; rejects more than two decimals. */
export function stringToCents(text: string): number {
  const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(text);
  if (!match)
    throw new RangeError(`amount: expected a non-negative decimal with at most 2 places, got ${JSON.stringify(text)}`);
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

/** How an account customer pays its invoices. */
export type Payer = 'good' | 'slow' | 'bad';

export const PAYERS: readonly Payer[] = ['good', 'slow', 'bad'];
/** Share of good, slow and bad payers among account customers (same order as PAYERS). */
export const PAYER_WEIGHTS = [62, 25, 13] as const;

/** Payment terms in days (net 14 … net 60), net 30 the most common. */
export const PAYMENT_TERMS = [14, 30, 30, 30, 45, 60] as const;

/**
 * What a customer has paid of an invoice by `asOfDay`, in cents. Each invoice
 * draws its own story (paid on time, late, partly, never) from the payer's
 * profile; only payments dated on or before `asOfDay` count.
 */
export function amountPaidBy(rng: Rng, payer: Payer, dueDay: number, asOfDay: number, cents: number): number {
  const paidBy = (day: number, share = 1) => (day <= asOfDay ? Math.round(cents * share) : 0);
  const r = rng();
  switch (payer) {
    case 'good':
      return paidBy(dueDay + intBetween(rng, -10, 6));
    case 'slow':
      if (r < 0.2) {
        const share = 0.3 + 0.4 * rng();
        return Math.max(paidBy(dueDay + intBetween(rng, 0, 20), share), paidBy(dueDay + intBetween(rng, 30, 95)));
      }
      return paidBy(dueDay + intBetween(rng, 10, 80));
    case 'bad': {
      // Most bad debt is collected in the end (or settled), months late; some never is.
      const collected = rng() < 0.75 ? paidBy(dueDay + intBetween(rng, 120, 420)) : 0;
      if (r < 0.3) return collected;
      if (r < 0.65) return Math.max(collected, paidBy(dueDay + intBetween(rng, 5, 60), 0.2 + 0.4 * rng()));
      return paidBy(dueDay + intBetween(rng, 60, 200));
    }
  }
}

/** The aging buckets of SPEC §4 by days overdue: current (≤ 0), 1–30, 31–60, 61–90, 91–120, 121+. */
export const AGING_BUCKETS = [
  { id: 'current', fromDays: Number.NEGATIVE_INFINITY, toDays: 0 },
  { id: '1-30', fromDays: 1, toDays: 30 },
  { id: '31-60', fromDays: 31, toDays: 60 },
  { id: '61-90', fromDays: 61, toDays: 90 },
  { id: '91-120', fromDays: 91, toDays: 120 },
  { id: '121+', fromDays: 121, toDays: Number.POSITIVE_INFINITY },
] as const;

/** Index into AGING_BUCKETS of an invoice `daysOverdue` days past due. */
export function agingBucket(daysOverdue: number): number {
  return AGING_BUCKETS.findIndex((b) => daysOverdue >= b.fromDays && daysOverdue <= b.toDays);
}
