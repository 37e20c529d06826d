/**
 * Scope leaks, given the tokens of two different customers (`--customer-token`
 * twice): what each one reads must be its own. Per endpoint:
 *
 * - `v1/breakdown` by customer and `v1/aging`: each token sees at most one
 *   customer, never the other's;
 * - the aging drill-down of the other customer: 403 or 404, never invoices;
 * - `v1/segments`: the top customers listed are the token's own;
 * - `v1/stats`: two customers with the same non-zero totals as the whole
 *   shop (the run's own headers) means no row filter is applied;
 * - every other report in `meta.reports` (`low-stock`…): answered the same
 *   to both customers, it is shop-wide data — refuse it (403) to customer
 *   tokens.
 *
 * A 403 is always a pass: a backend may refuse a report to customers.
 */
import {
  type AgingResponse,
  ENDPOINTS,
  type BreakdownResponse,
  type SegmentsResponse,
  type StatsResponse,
} from '../../../../src/contract/index.js';
import { Client, type ClientOptions, type HttpResult } from '../client.js';
import { describeResponse } from '../runner.js';
import type { Check } from '../runner.js';
import { type Ctx, sameValue } from './context.js';

interface Customer {
  name: 'A' | 'B';
  client: Client;
}

/** The JSON of a 200, undefined for a refusal (403/404), a failure for anything else. */
function answer<T>(t: Check, who: Customer, r: HttpResult): T | undefined {
  if (r.status === 403 || r.status === 404) return undefined;
  if (r.status !== 200) t.abort(`customer ${who.name}: GET ${r.url} → ${describeResponse(r)}`);
  return r.json as T;
}

const ids = (values: readonly (string | number)[]) => [...new Set(values.map(String))];

export async function scopeChecks(ctx: Ctx, options: ClientOptions, tokens: readonly [string, string]): Promise<void> {
  const { runner, meta } = ctx;
  const customers: Customer[] = tokens.map((token, i) => ({
    name: i === 0 ? 'A' : 'B',
    client: new Client({ ...options, headers: { ...options.headers, authorization: `Bearer ${token}` } }),
  }));
  const [a, b] = customers as [Customer, Customer];
  const range = meta.ranges?.includes('365d') === false ? '30d' : '365d';
  const seen: Record<'A' | 'B', string[]> = { A: [], B: [] };

  try {
    await runner.run('v1/aging', 'scope', async (t) => {
      if (!meta.reports.includes('aging')) t.skip('aging is not in meta.reports');
      for (const who of customers) {
        const r = answer<AgingResponse>(t, who, await who.client.get('v1/aging', { limit: '1000' }));
        if (!r) continue;
        seen[who.name] = ids(r.customers.map((c) => c.id));
        t.expect(
          seen[who.name].length <= 1,
          () =>
            `customer ${who.name} sees the aging of ${seen[who.name].length} customers (${seen[who.name].slice(0, 5).join(', ')}…): the customer_id row filter is not applied`,
        );
      }
      const both = seen.A.filter((id) => seen.B.includes(id));
      t.expect(both.length === 0, () => `customers A and B both see customer ${both.join(', ')} in v1/aging`);
      t.note(`A sees customer ${seen.A.join(', ') || 'none'}, B sees ${seen.B.join(', ') || 'none'}`);
    });

    await runner.run(ENDPOINTS.agingInvoices.path, 'scope', async (t) => {
      const other = seen.B[0];
      if (!other) return t.skip("customer B has no open invoice to ask for with A's token");
      const r = await a.client.get(`v1/aging/customers/${encodeURIComponent(other)}/invoices`);
      t.expect(
        r.status === 403 ||
          r.status === 404 ||
          (r.status === 200 && (r.json as { invoices?: unknown[] }).invoices?.length === 0),
        () => `customer A reads customer B's invoices: GET ${r.url} → ${describeResponse(r)}; expected 403 or 404`,
      );
    });

    await runner.run('v1/breakdown', 'scope', async (t) => {
      const by = meta.breakdowns.find((x) => x.id === 'customer') ?? meta.breakdowns[0];
      const metric = ctx.additive[0];
      if (!by || !metric) return t.skip('no breakdown, or no additive metric to break down');
      const keys: Record<string, string[]> = {};
      for (const who of customers) {
        const r = answer<BreakdownResponse>(
          t,
          who,
          await who.client.get('v1/breakdown', { metric: metric.id, by: by.id, range, limit: '50' }),
        );
        if (!r) continue;
        keys[who.name] = r.rows.filter((row) => row.key !== 'other').map((row) => row.key);
        t.expect(
          keys[who.name]!.length <= 1,
          () =>
            `customer ${who.name} sees ${metric.id} of ${keys[who.name]!.length} ${by.id} rows (${keys[who.name]!.slice(0, 5).join(', ')}…): the row filter is not applied`,
        );
      }
      const both = (keys['A'] ?? []).filter((k) => (keys['B'] ?? []).includes(k));
      t.expect(both.length === 0, () => `customers A and B both see ${by.id} ${both.join(', ')} in v1/breakdown`);
    });

    await runner.run('v1/segments', 'scope', async (t) => {
      for (const who of customers) {
        const r = answer<SegmentsResponse>(t, who, await who.client.get('v1/segments', { range }));
        if (!r) continue;
        const top = ids(r.segments.flatMap((s) => s.topCustomers.map((c) => c.id)));
        t.expect(
          top.length <= 1,
          () =>
            `customer ${who.name} sees ${top.length} customers in the segments' top lists: the row filter is not applied`,
        );
      }
    });

    await runner.run('v1/stats', 'scope', async (t) => {
      const metrics = ctx.additive.map((m) => m.id).slice(0, 10);
      if (metrics.length === 0) t.skip('no additive metric to compare');
      const query = { metrics: metrics.join(','), range };
      const shop = await runner.client.get('v1/stats', query);
      const whole = shop.status === 200 ? (shop.json as StatsResponse) : undefined;
      const [ra, rb] = [
        answer<StatsResponse>(t, a, await a.client.get('v1/stats', query)),
        answer<StatsResponse>(t, b, await b.client.get('v1/stats', query)),
      ];
      if (!ra || !rb) return t.skip('a customer token is refused these metrics');
      const value = (r: StatsResponse | undefined, id: string) => r?.stats.find((x) => x.metric === id)?.value ?? null;
      const nonZero = metrics.filter((id) => value(ra, id) !== null && !sameValue(value(ra, id), '0'));
      const same = nonZero.filter(
        (id) => sameValue(value(ra, id), value(rb, id)) && (!whole || sameValue(value(ra, id), value(whole, id))),
      );
      // With the shop's own numbers, one equal total is proof; without them, only all of them being equal is.
      const leaking = whole ? same.length > 0 : nonZero.length > 0 && same.length === nonZero.length;
      t.expect(
        !leaking,
        () =>
          `customers A and B get the same ${same.join(', ')} as ${whole ? 'the whole shop' : 'each other'} over ${range}: the row filter is not applied`,
      );
    });

    // The other reports (low stock, the activity feed…): the same answer for both customers means shop-wide data.
    for (const report of meta.reports.filter((name) => name !== 'aging')) {
      const path = `v1/${report}`;
      await runner.run(path, 'scope', async (t) => {
        const [ra, rb] = [await a.client.get(path), await b.client.get(path)];
        const [ja, jb] = [answer<object>(t, a, ra), answer<object>(t, b, rb)];
        if (!ja || !jb) {
          t.note(`refused to customer tokens (${ra.status}, ${rb.status})`);
          return;
        }
        const strip = (body: object) => JSON.stringify({ ...body, generatedAt: undefined, cache: undefined });
        const empty = Object.values(ja).every((v) => !Array.isArray(v) || v.length === 0);
        t.expect(
          strip(ja) !== strip(jb) || empty,
          `${path} answers both customer tokens with the same shop-wide data: refuse it to customer tokens (403)` +
            ' — on the reference adapter, a report the row filter cannot narrow is refused by default unless reports.<name>.roles opens it',
        );
      });
    }
  } finally {
    for (const who of customers) who.client.close();
  }
}
