/**
 * `v1/aging` and its drill-down: bucket totals equal the customers' buckets
 * over all pages, every customer's total its buckets, paging and sorting
 * consistent, drill-down invoices adding up to the customer.
 */
import {
  type AgingCustomer,
  type AgingInvoicesResponse,
  type AgingResponse,
  bucketIds,
} from '../../../../src/contract/index.js';
import { addDays, daysBetween } from '../dates.js';
import { compareDecimal, formatDecimal, sumDecimals } from '../decimal.js';
import type { Check } from '../runner.js';
import { type Ctx, near, q, sameValue } from './context.js';

type Query = Record<string, string | undefined>;

const PAGE = 1000;

interface Full {
  first: AgingResponse;
  customers: AgingCustomer[];
}

/** Every customer of an aging query, paging with limit=1000; checks the pages agree on totals. */
async function allCustomers(ctx: Ctx, t: Check, query: Query): Promise<Full> {
  const first = await ctx.runner.valid<AgingResponse>(t, 'aging', { ...query, limit: String(PAGE), offset: '0' });
  const customers = [...first.customers];
  while (customers.length < first.total) {
    const page = await ctx.runner.valid<AgingResponse>(t, 'aging', {
      ...query,
      limit: String(PAGE),
      offset: String(customers.length),
    });
    if (page.customers.length === 0)
      t.abort(`${q(query)}: page at offset ${customers.length} is empty but total is ${first.total}`);
    t.expect(
      page.total === first.total,
      `${q(query)}: total ${page.total} at offset ${customers.length}, ${first.total} on the first page`,
    );
    customers.push(...page.customers);
  }
  return { first, customers };
}

function bucketOf(days: number, bounds: readonly number[], ids: readonly string[]): string {
  if (days <= 0) return ids[0]!;
  const k = bounds.findIndex((b) => days <= b);
  return ids[k < 0 ? bounds.length + 1 : k + 1]!;
}

const id = (c: { id: string | number }) => String(c.id);

/** Runs the aging checks; resolves to the drill-down path of a customer with an open balance, if any. */
export async function agingChecks(ctx: Ctx): Promise<string | undefined> {
  const { runner, today } = ctx;
  const asOf = addDays(today, -20);
  const variants: { query: Query; bounds: number[] }[] = [
    { query: {}, bounds: [30, 60, 90, 120] },
    { query: { basis: 'invoice' }, bounds: [30, 60, 90, 120] },
    { query: { buckets: '15,45' }, bounds: [15, 45] },
    { query: { asOf }, bounds: [30, 60, 90, 120] },
  ];
  let main: Full | undefined;

  await runner.run('v1/aging', 'totals', async (t) => {
    for (const { query, bounds } of variants) {
      const where = q(query) || '(defaults)';
      const { first: r, customers } = await allCustomers(ctx, t, query);
      if (Object.keys(query).length === 0) main = { first: r, customers };
      const ids = bucketIds(bounds);
      t.expect(r.asOf === (query['asOf'] ?? today), `${where}: asOf ${r.asOf}, expected ${query['asOf'] ?? today}`);
      t.expect(r.basis === (query['basis'] ?? 'due'), `${where}: basis ${r.basis}`);
      t.expect(
        r.buckets.map((b) => b.id).join(',') === ids.join(','),
        () => `${where}: buckets ${r.buckets.map((b) => b.id).join(',')}, expected ${ids.join(',')}`,
      );
      t.expect(
        Object.keys(r.totals).sort().join(',') === [...ids].sort().join(','),
        () => `${where}: totals has keys ${Object.keys(r.totals).join(',')}`,
      );
      t.expect(
        customers.length === r.total && r.summary.customers === r.total,
        `${where}: ${customers.length} customers over all pages, total ${r.total}, summary.customers ${r.summary.customers}`,
      );
      t.expect(new Set(customers.map(id)).size === customers.length, `${where}: a customer appears on two pages`);
      for (const c of customers) {
        const missing = ids.filter((b) => c.buckets[b] === undefined);
        if (!t.expect(missing.length === 0, `${where}: customer ${c.id} lacks buckets ${missing.join(', ')}`)) continue;
        const sum = sumDecimals(ids.map((b) => c.buckets[b]!));
        t.expect(
          sameValue(c.total, formatDecimal(sum)),
          () => `${where}: customer ${c.id} total ${c.total} ≠ sum of its buckets ${formatDecimal(sum)}`,
        );
        t.expect(
          compareDecimal(c.overdue, c.total) <= 0,
          `${where}: customer ${c.id} overdue ${c.overdue} > total ${c.total}`,
        );
        if (r.basis === 'due') {
          const notCurrent = sumDecimals(ids.slice(1).map((b) => c.buckets[b]!));
          t.expect(
            sameValue(c.overdue, formatDecimal(notCurrent)),
            () => `${where}: customer ${c.id} overdue ${c.overdue} ≠ its overdue buckets ${formatDecimal(notCurrent)}`,
          );
        }
      }
      for (const b of ids) {
        const sum = sumDecimals(customers.map((c) => c.buckets[b] ?? 0));
        t.expect(
          sameValue(r.totals[b] ?? null, formatDecimal(sum)),
          () => `${where}: totals.${b} ${r.totals[b]} ≠ sum over ${customers.length} customers ${formatDecimal(sum)}`,
        );
      }
      const receivable = sumDecimals(customers.map((c) => c.total));
      const bucketSum = sumDecimals(ids.map((b) => r.totals[b] ?? 0));
      t.expect(
        sameValue(r.summary.receivable, formatDecimal(receivable)),
        () =>
          `${where}: summary.receivable ${r.summary.receivable} ≠ sum of customer totals ${formatDecimal(receivable)}`,
      );
      t.expect(
        sameValue(r.summary.receivable, formatDecimal(bucketSum)),
        () => `${where}: summary.receivable ${r.summary.receivable} ≠ sum of bucket totals ${formatDecimal(bucketSum)}`,
      );
      const overdue = sumDecimals(customers.map((c) => c.overdue));
      t.expect(
        sameValue(r.summary.overdue, formatDecimal(overdue)),
        () => `${where}: summary.overdue ${r.summary.overdue} ≠ sum of customers' overdue ${formatDecimal(overdue)}`,
      );
      const invoices = customers.reduce((n, c) => n + c.invoices, 0);
      t.expect(
        r.summary.invoices === invoices,
        `${where}: summary.invoices ${r.summary.invoices} ≠ ${invoices} over the customers`,
      );
      const ratio = Number(r.summary.receivable) === 0 ? 0 : Number(r.summary.overdue) / Number(r.summary.receivable);
      t.expect(
        near(r.summary.overdueRatio, ratio),
        `${where}: overdueRatio ${r.summary.overdueRatio}, expected ${ratio}`,
      );
      t.expect(r.summary.atRiskCustomers <= r.summary.customers, `${where}: more at-risk customers than customers`);
    }
    t.note(`${variants.length} variants: bucket totals = customers' buckets, totals = buckets, receivable = totals`);
  });

  await runner.run('v1/aging', 'paging', async (t) => {
    if (!main) t.skip('no full customer list (see totals)');
    const all = main!.customers.map(id);
    const limit = 7;
    const seen: string[] = [];
    for (let offset = 0; offset < Math.min(all.length, 3 * limit) || offset === 0; offset += limit) {
      const r = await runner.valid<AgingResponse>(t, 'aging', { limit: String(limit), offset: String(offset) });
      t.expect(
        r.limit === limit && r.offset === offset,
        `limit=${limit}&offset=${offset}: echoed limit=${r.limit}&offset=${r.offset}`,
      );
      t.expect(
        r.total === all.length,
        `limit=${limit}&offset=${offset}: total ${r.total}, ${all.length} with limit=${PAGE}`,
      );
      t.expect(
        r.customers.length === Math.max(0, Math.min(limit, all.length - offset)),
        `limit=${limit}&offset=${offset}: ${r.customers.length} customers`,
      );
      t.expect(
        sameValue(r.summary.receivable, main!.first.summary.receivable),
        `limit=${limit}&offset=${offset}: summary differs from the full list's`,
      );
      seen.push(...r.customers.map(id));
    }
    const want = all.slice(0, seen.length);
    t.expect(
      seen.join(',') === want.join(','),
      () => `pages of ${limit} list ${seen.slice(0, 8).join(',')}…, the full list ${want.slice(0, 8).join(',')}…`,
    );
    const beyond = await runner.valid<AgingResponse>(t, 'aging', { offset: String(all.length + 10) });
    t.expect(
      beyond.customers.length === 0 && beyond.total === all.length,
      `offset past the end: ${beyond.customers.length} customers, total ${beyond.total}`,
    );
    const defaults = await runner.valid<AgingResponse>(t, 'aging');
    t.expect(
      defaults.limit === 50 && defaults.offset === 0,
      `default limit/offset ${defaults.limit}/${defaults.offset}, expected 50/0`,
    );
    t.note(`pages of ${limit} match the full list of ${all.length}`);
  });

  await runner.run('v1/aging', 'sort', async (t) => {
    if (!main) t.skip('no full customer list (see totals)');
    const ids = bucketIds([30, 60, 90, 120]);
    const keys: Record<string, (c: AgingCustomer) => string | number> = {
      total: (c) => c.total,
      overdue: (c) => c.overdue,
      invoices: (c) => c.invoices,
      oldest: (c) => c.oldestDaysOverdue,
      ...Object.fromEntries(ids.map((b) => [b, (c: AgingCustomer) => c.buckets[b] ?? 0])),
    };
    const check = (where: string, list: AgingCustomer[], key: (c: AgingCustomer) => string | number, desc: boolean) => {
      for (let i = 1; i < list.length; i++) {
        const c = compareDecimal(key(list[i - 1]!), key(list[i]!));
        if (
          !t.expect(
            desc ? c >= 0 : c <= 0,
            () => `${where}: ${list[i - 1]!.id} (${key(list[i - 1]!)}) before ${list[i]!.id} (${key(list[i]!)})`,
          )
        )
          return;
      }
    };
    check('default sort (overdue desc)', main!.customers, keys['overdue']!, true);
    for (const [sort, key] of Object.entries(keys)) {
      for (const order of ['asc', 'desc']) {
        const { customers } = await allCustomers(ctx, t, { sort, order });
        check(`sort=${sort}&order=${order}`, customers, key, order === 'desc');
      }
    }
    for (const order of ['asc', 'desc']) {
      const { customers } = await allCustomers(ctx, t, { sort: 'name', order });
      for (let i = 1; i < customers.length; i++) {
        const [a, b] = [customers[i - 1]!.name, customers[i]!.name];
        // Collations differ between databases (C vs ICU); either reading of the order is accepted.
        const byCode = order === 'asc' ? a <= b : a >= b;
        const cmp = a.localeCompare(b, 'en', { sensitivity: 'base' });
        if (
          !t.expect(byCode || (order === 'asc' ? cmp <= 0 : cmp >= 0), `sort=name&order=${order}: "${a}" before "${b}"`)
        )
          break;
      }
    }
    t.note(`${Object.keys(keys).length + 1} sort keys × asc/desc respected`);
  });

  await runner.run('v1/aging', 'filters', async (t) => {
    const customers = main?.customers ?? [];
    if (customers.length === 0) t.skip('no customer with an open balance to search for');
    const pick = customers[Math.floor(customers.length / 2)]!;
    const word = pick.name.trim().slice(0, 4);
    if (word.length > 0) {
      const term = word.length > 1 ? word[0]!.toLowerCase() + word.slice(1).toUpperCase() : word;
      const { customers: found } = await allCustomers(ctx, t, { search: term });
      t.expect(
        found.some((c) => id(c) === id(pick)),
        `search=${term}: ${pick.name} (${pick.id}) not found`,
      );
      for (const c of found)
        if (
          !t.expect(
            c.name.toLowerCase().includes(word.toLowerCase()) || id(c) === term,
            `search=${term}: ${c.name} does not match`,
          )
        )
          break;
    }
    const byId = await runner.valid<AgingResponse>(t, 'aging', { search: id(pick) });
    t.expect(
      byId.customers.some((c) => id(c) === id(pick)),
      `search=${id(pick)}: customer ${pick.id} not found by id`,
    );
    const sorted = customers.map((c) => c.total).sort((a, b) => compareDecimal(a, b));
    const min = String(sorted[Math.floor(sorted.length / 2)]);
    const { first, customers: rich } = await allCustomers(ctx, t, { minAmount: min });
    const want = customers.filter((c) => compareDecimal(c.total, min) >= 0).length;
    t.expect(
      rich.length === want && first.summary.customers === want,
      `minAmount=${min}: ${rich.length} customers (summary ${first.summary.customers}), expected ${want}`,
    );
    for (const c of rich)
      if (!t.expect(compareDecimal(c.total, min) >= 0, `minAmount=${min}: customer ${c.id} owes ${c.total}`)) break;
    const receivable = sumDecimals(rich.map((c) => c.total));
    t.expect(
      sameValue(first.summary.receivable, formatDecimal(receivable)),
      `minAmount=${min}: summary.receivable ${first.summary.receivable} ≠ ${formatDecimal(receivable)} over the matching customers`,
    );
    t.note(`search by name part and id, minAmount=${min}`);
  });

  const drill = 'v1/aging/customers/{id}/invoices';
  await runner.run(drill, 'drill-down', async (t) => {
    const customers = main?.customers ?? [];
    if (customers.length === 0) t.skip('no customer with an open balance');
    const picks = [...new Set([0, 1, 2, Math.floor(customers.length / 2), customers.length - 1])]
      .map((i) => customers[i]!)
      .filter(Boolean);
    const report = main!.first;
    const bounds = [30, 60, 90, 120];
    const ids = bucketIds(bounds);
    for (const c of picks) {
      const path = `v1/aging/customers/${encodeURIComponent(id(c))}/invoices`;
      for (const basis of ['due', 'invoice'] as const) {
        const r = await runner.valid<AgingInvoicesResponse>(t, 'agingInvoices', { asOf: report.asOf, basis }, path);
        const where = `customer ${c.id} basis=${basis}`;
        t.expect(
          id(r.customer) === id(c) && r.customer.name === c.name,
          `${where}: answers customer ${r.customer.id} "${r.customer.name}"`,
        );
        t.expect(r.asOf === report.asOf && r.basis === basis, `${where}: asOf/basis echoed as ${r.asOf}/${r.basis}`);
        const sum = sumDecimals(r.invoices.map((i) => i.amountDue));
        t.expect(
          sameValue(c.total, formatDecimal(sum)),
          () => `${where}: invoices sum to ${formatDecimal(sum)}, the report says ${c.total}`,
        );
        t.expect(
          r.invoices.length === c.invoices,
          `${where}: ${r.invoices.length} invoices, the report says ${c.invoices}`,
        );
        for (const [k, inv] of r.invoices.entries()) {
          const days = daysBetween(inv.dueOn, r.asOf);
          const ok =
            t.expect(
              inv.daysOverdue === days,
              `${where}: ${inv.number} daysOverdue ${inv.daysOverdue}, expected ${days}`,
            ) &&
            t.expect(
              inv.status === (days > 0 ? 'overdue' : 'current'),
              `${where}: ${inv.number} status ${inv.status} at ${days} days`,
            ) &&
            t.expect(compareDecimal(inv.amountDue, 0) > 0, `${where}: ${inv.number} amountDue ${inv.amountDue}`) &&
            t.expect(inv.issuedOn <= r.asOf, `${where}: ${inv.number} issued ${inv.issuedOn}, after asOf`) &&
            t.expect(k === 0 || r.invoices[k - 1]!.dueOn <= inv.dueOn, `${where}: invoices not ordered by due date`);
          const age = basis === 'due' ? days : daysBetween(inv.issuedOn, r.asOf);
          if (ok)
            t.expect(
              inv.bucket === bucketOf(age, bounds, ids),
              `${where}: ${inv.number} in ${inv.bucket} at ${age} days, expected ${bucketOf(age, bounds, ids)}`,
            );
        }
        if (basis === 'due') {
          for (const b of ids) {
            const inBucket = sumDecimals(r.invoices.filter((i) => i.bucket === b).map((i) => i.amountDue));
            t.expect(
              sameValue(c.buckets[b] ?? 0, formatDecimal(inBucket)),
              () => `${where}: ${b} invoices sum to ${formatDecimal(inBucket)}, the report says ${c.buckets[b]}`,
            );
          }
        }
      }
    }
    t.note(`${picks.length} customers: invoices sum to the report's total and buckets`);
  });
  const pick = main?.customers[0];
  return pick ? `v1/aging/customers/${encodeURIComponent(id(pick))}/invoices` : undefined;
}
