/**
 * Options of the demo data, their defaults, and the resolved form the
 * generators share.
 */
import { assertTimeZone, parseDay, ZoneClock } from './calendar.js';

/** Any seed works; this one is the demo's. */
export const DEFAULT_SEED = 1;
/** "A few thousand customers" (SPEC §5). */
export const DEFAULT_CUSTOMERS = 3000;
/** "Two years of orders" (SPEC §5), so `compare=year` has a whole previous year. */
export const DEFAULT_DAYS = 730;
/** Enough products for a paged low-stock list, few enough to read. */
export const DEFAULT_PRODUCTS = 200;
/**
 * Orders per customer per year when `orders` is not given: 3000 customers over
 * two years make about 48,000 orders, which PGlite seeds in a few seconds.
 */
export const DEFAULT_ORDERS_PER_CUSTOMER_YEAR = 8;
/** Orders per batch: rows per INSERT stay in the low thousands. */
export const DEFAULT_BATCH_SIZE = 5000;

export interface DemoOptions {
  /** PRNG seed. @default DEFAULT_SEED */
  seed?: number;
  /** The last day of the history ("today"), `YYYY-MM-DD` in `timezone`. */
  anchor: string;
  /** IANA zone the business runs in: order times are local business hours there. */
  timezone: string;
  /** @default DEFAULT_CUSTOMERS */
  customers?: number;
  /** Exact number of orders. @default customers × DEFAULT_ORDERS_PER_CUSTOMER_YEAR × days / 365 */
  orders?: number;
  /** Days of history ending on `anchor`. @default DEFAULT_DAYS */
  days?: number;
  /** @default DEFAULT_PRODUCTS */
  products?: number;
  /**
   * The present instant: on the anchor day no order or sign-up is later than
   * this (the day's activity is squeezed into the hours already gone). Without
   * it the anchor day is a whole day of history.
   */
  now?: Date;
  /** Orders per yielded batch. @default DEFAULT_BATCH_SIZE */
  batchSize?: number;
}

/** Validated options with day numbers and the zone clock. */
export interface Resolved {
  seed: number;
  anchorDay: number;
  firstDay: number;
  days: number;
  customers: number;
  orders: number;
  products: number;
  batchSize: number;
  clock: ZoneClock;
  nowMs: number | null;
}

function positiveInt(value: number | undefined, fallback: number, name: string, min = 1): number {
  const v = value ?? fallback;
  if (!Number.isSafeInteger(v) || v < min) throw new RangeError(`${name}: expected an integer ≥ ${min}, got ${v}`);
  return v;
}

/** Validates `options` (RangeError naming the option) and fills in the defaults. */
export function resolve(options: DemoOptions): Resolved {
  assertTimeZone(options.timezone);
  const anchorDay = parseDay(options.anchor, 'anchor');
  const days = positiveInt(options.days, DEFAULT_DAYS, 'days');
  const customers = positiveInt(options.customers, DEFAULT_CUSTOMERS, 'customers');
  const orders = positiveInt(
    options.orders,
    Math.round((customers * DEFAULT_ORDERS_PER_CUSTOMER_YEAR * days) / 365),
    'orders',
    0,
  );
  const seed = options.seed ?? DEFAULT_SEED;
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed: expected an integer, got ${seed}`);
  const clock = new ZoneClock(options.timezone);
  let nowMs: number | null = null;
  if (options.now) {
    nowMs = options.now.getTime();
    if (!Number.isFinite(nowMs)) throw new RangeError('now: invalid date');
    if (nowMs < clock.startOfDay(anchorDay)) {
      throw new RangeError(`now: ${options.now.toISOString()} is before the anchor day ${options.anchor} starts`);
    }
  }
  return {
    seed,
    anchorDay,
    firstDay: anchorDay - days + 1,
    days,
    customers,
    orders,
    products: positiveInt(options.products, DEFAULT_PRODUCTS, 'products'),
    batchSize: positiveInt(options.batchSize, DEFAULT_BATCH_SIZE, 'batchSize'),
    clock,
    nowMs,
  };
}

/** Splits `total` into integers proportional to `weights` (largest remainder; ties by index). */
export function allocate(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map((w) => (sum > 0 ? (total * w) / sum : 0));
  const counts = exact.map(Math.floor);
  let left = total - counts.reduce((a, b) => a + b, 0);
  const order = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (const [, i] of order) {
    if (left-- <= 0) break;
    counts[i] = (counts[i] ?? 0) + 1;
  }
  return counts;
}

/** Instants of the given local seconds of `day`, ascending, none after `nowMs` on the anchor day. */
export function instantsOf(r: Resolved, day: number, seconds: number[]): number[] {
  seconds.sort((a, b) => a - b);
  const instants = seconds.map((s) => r.clock.instant(day, s));
  if (day === r.anchorDay && r.nowMs !== null) {
    // Squeeze the whole day into the part already gone, keeping the order.
    const start = r.clock.startOfDay(day);
    const end = r.clock.startOfDay(day + 1);
    if (r.nowMs < end) {
      const scale = (r.nowMs - start) / (end - start);
      return instants.map((t) => start + Math.floor((t - start) * scale));
    }
  }
  return instants;
}
