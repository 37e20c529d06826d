/**
 * A tiny seeded PRNG and the few distributions the demo data needs. Written
 * here rather than taken from a package so the demo rows stay identical across
 * dependency upgrades: same seed, same bytes, forever.
 */

/** A source of uniform numbers in [0, 1), like `Math.random`. */
export type Rng = () => number;

/**
 * mulberry32: 32-bit state, passes the usual small-crush style checks, and is
 * more than random enough to shape demo data.
 */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A well-mixed 32-bit hash of a few integers (splitmix-style finaliser). */
export function hashInts(...values: number[]): number {
  let h = 0x811c9dc5;
  for (const value of values) {
    h = Math.imul(h ^ (value >>> 0), 0x9e3779b1);
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

/**
 * An independent stream per purpose (`customers`, `orders`…), so adding a
 * product does not reshuffle every order drawn after it.
 */
export function deriveRng(seed: number, stream: number): Rng {
  return createRng(hashInts(seed, stream));
}

/** Integer in [min, max], both inclusive. */
export function intBetween(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}

/** Standard normal (Box–Muller; one draw per call keeps the stream simple). */
export function normal(rng: Rng): number {
  const u = 1 - rng(); // (0, 1]: log(0) is not a number
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng());
}

/** One item of `items`, uniformly. */
export function pick<T>(rng: Rng, items: readonly T[]): T {
  const item = items[Math.floor(rng() * items.length)];
  if (item === undefined) throw new RangeError('pick: empty list');
  return item;
}

/** Index `i` with probability `weights[i] / sum(weights)`. */
export function pickWeighted(rng: Rng, weights: readonly number[]): number {
  let total = 0;
  for (const w of weights) total += w;
  let r = rng() * total;
  for (let i = 0; i < weights.length; i++) {
    r -= weights[i] ?? 0;
    if (r < 0) return i;
  }
  return weights.length - 1;
}

/**
 * Index `i` in [0, count) drawn by weight from a cumulative table
 * (`cumulative[i]` = sum of weights 0..i): O(log n) per draw.
 */
export function pickCumulative(rng: Rng, cumulative: Float64Array, count: number): number {
  const total = cumulative[count - 1] ?? 0;
  const r = rng() * total;
  let lo = 0;
  let hi = count - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((cumulative[mid] ?? 0) > r) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** Fisher–Yates shuffle of a copy. */
export function shuffled<T>(rng: Rng, items: readonly T[]): T[] {
  const out = items.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    const tmp = out[i] as T;
    out[i] = out[j] as T;
    out[j] = tmp;
  }
  return out;
}
