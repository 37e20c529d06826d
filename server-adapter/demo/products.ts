/** The demo catalogue: products with stock around their reorder levels. */
import { productName } from './names.js';
import type { Resolved } from './options.js';
import { intBetween, normal, shuffled, type Rng } from './random.js';
import type { ProductRow } from './rows.js';
import { MEAN_UNITS_PER_ORDER } from './shape.js';

export interface Products {
  rows: ProductRow[];
  cumulative: Float64Array;
}

/** Products with reorder levels set from the demand the orders will really have in the last 30 days. */
export function makeProducts(r: Resolved, rng: Rng, ordersPerDay: readonly number[]): Products {
  const popularity = Array.from({ length: r.products }, () => Math.exp(0.9 * normal(rng)));
  const totalPopularity = popularity.reduce((a, b) => a + b, 0);
  const window = Math.min(30, r.days);
  const recentOrders = ordersPerDay.slice(-window).reduce((a, b) => a + b, 0);
  const unitsPerDay = (recentOrders * MEAN_UNITS_PER_ORDER) / window;
  // About 6 % out of stock and 17 % low (at least one of each), the rest healthy.
  const indexes = Array.from({ length: r.products }, (_, i) => i);
  const order = shuffled(rng, indexes);
  const outCount = Math.max(1, Math.round(r.products * 0.06));
  const lowCount = Math.max(1, Math.round(r.products * 0.17));
  const status: ('out' | 'low' | 'ok')[] = new Array(r.products).fill('ok');
  order.forEach((index, rank) => {
    if (rank < outCount) status[index] = 'out';
    else if (rank < outCount + lowCount) status[index] = 'low';
  });
  const names = new Set<string>();
  const rows = popularity.map((weight, i): ProductRow => {
    let { category, name } = productName(rng);
    for (let attempt = 0; names.has(name) && attempt < 20; attempt++) ({ category, name } = productName(rng));
    if (names.has(name)) name = `${name} ${i + 1}`;
    names.add(name);
    const dailyDemand = (unitsPerDay * weight) / totalPopularity;
    const leadDays = intBetween(rng, 10, 21);
    const reorderLevel = Math.max(3, Math.ceil(dailyDemand * leadDays));
    const quantity =
      status[i] === 'out'
        ? 0
        : status[i] === 'low'
          ? intBetween(rng, 1, reorderLevel)
          : intBetween(rng, reorderLevel + 1, reorderLevel * 4 + 10);
    return {
      id: i + 1,
      sku: `${category}-${String(i + 1).padStart(4, '0')}`,
      name,
      quantity,
      reorder_level: reorderLevel,
    };
  });
  const cumulative = new Float64Array(r.products);
  popularity.reduce((acc, w, i) => (cumulative[i] = acc + w), 0);
  return { rows, cumulative };
}
