/** Demo customers: sign-ups over the history, order frequency, and how account customers pay. */
import { allocate, instantsOf, type Resolved } from './options.js';
import { customerName } from './names.js';
import { intBetween, normal, pick, pickWeighted, type Rng } from './random.js';
import type { CustomerRow } from './rows.js';
import { PAYER_WEIGHTS, PAYERS, PAYMENT_TERMS, signupSecondOfDay, type Payer } from './shape.js';

/** What orders and invoices need to know about each customer, by index (id − 1). */
export interface Customers {
  rows: CustomerRow[];
  createdDay: Int32Array;
  cumulative: Float64Array;
  account: Uint8Array;
  terms: Uint8Array;
  payer: Payer[];
}

export function makeCustomers(r: Resolved, rng: Rng, dayWeights: readonly number[]): Customers {
  // A quarter were customers before the history starts (spread over the two years
  // before), the rest sign up with the traffic of each day.
  const before = Math.min(r.customers, Math.max(1, Math.round(r.customers * 0.25)));
  const perDay = new Map<number, number>();
  for (let i = 0; i < before; i++) {
    const day = r.firstDay - intBetween(rng, 1, 730);
    perDay.set(day, (perDay.get(day) ?? 0) + 1);
  }
  allocate(r.customers - before, dayWeights).forEach((n, i) => {
    if (n > 0) perDay.set(r.firstDay + i, (perDay.get(r.firstDay + i) ?? 0) + n);
  });
  const days = [...perDay.keys()].sort((a, b) => a - b);
  const c: Customers = {
    rows: [],
    createdDay: new Int32Array(r.customers),
    cumulative: new Float64Array(r.customers),
    account: new Uint8Array(r.customers),
    terms: new Uint8Array(r.customers),
    payer: [],
  };
  const emails = new Set<string>();
  let total = 0;
  for (const day of days) {
    const n = perDay.get(day) ?? 0;
    const seconds = Array.from({ length: n }, () => signupSecondOfDay(rng));
    const instants = instantsOf(r, day, seconds);
    for (const instant of instants) {
      const i = c.rows.length;
      const who = customerName(rng, 0.35);
      let email = `${who.local}@${who.domain}`;
      for (let k = 2; emails.has(email); k++) email = `${who.local}${k}@${who.domain}`;
      emails.add(email);
      c.rows.push({ id: i + 1, name: who.name, email, created_at: new Date(instant).toISOString() });
      c.createdDay[i] = day;
      // Order frequency is heavy-tailed: a few customers place many orders.
      total += Math.exp(1.1 * normal(rng)) * (who.company ? 2.5 : 1);
      c.cumulative[i] = total;
      c.account[i] = rng() < (who.company ? 0.7 : 0.08) ? 1 : 0;
      c.terms[i] = pick(rng, PAYMENT_TERMS);
      c.payer.push(PAYERS[pickWeighted(rng, PAYER_WEIGHTS)] ?? 'good');
    }
  }
  return c;
}
