/** `v1/breakdown` and `v1/segments`: rows adding up to the total, shares to 1, segments consistent. */
import type { BreakdownResponse, SegmentsResponse, StatsResponse } from '../../../../src/contract/index.js';
import { compareDecimal, formatDecimal, isDecimal, sumDecimals } from '../decimal.js';
import { type Ctx, near, q, sameValue } from './context.js';

/** Shares are floats: their sum may miss 1 by rounding, not by more. */
const SHARE_TOLERANCE = 1e-6;

export async function breakdownChecks(ctx: Ctx): Promise<void> {
  const { runner, meta } = ctx;
  const responses: { query: Record<string, string>; r: BreakdownResponse }[] = [];

  await runner.run('v1/breakdown', 'rows', async (t) => {
    if (meta.breakdowns.length === 0) t.skip('meta lists no breakdowns');
    if (ctx.additive.length === 0) t.skip('v1/breakdown accepts none of the metrics');
    for (const b of meta.breakdowns) {
      for (const m of ctx.additive) {
        const extras: Record<string, string>[] = [
          { range: '30d' },
          { range: '365d', limit: '3' },
          { range: '7d', limit: '100' },
        ];
        for (const extra of extras) {
          const query = { metric: m.id, by: b.id, ...extra };
          const r = await runner.valid<BreakdownResponse>(t, 'breakdown', query);
          responses.push({ query, r });
          const where = q(query);
          t.expect(r.metric === m.id && r.by === b.id, `${where}: answers metric=${r.metric}&by=${r.by}`);
          const limit = Number(extra['limit'] ?? 10);
          const other = r.rows.filter((row) => row.key === 'other');
          const top = r.rows.filter((row) => row.key !== 'other');
          t.expect(top.length <= limit, `${where}: ${top.length} rows besides other, limit ${limit}`);
          t.expect(
            other.length <= 1 && (other.length === 0 || r.rows[r.rows.length - 1]?.key === 'other'),
            `${where}: the other row is not a single last row`,
          );
          for (let i = 1; i < top.length; i++) {
            const [a, c] = [top[i - 1]!, top[i]!];
            if (!isDecimal(a.value) || !isDecimal(c.value)) continue;
            if (
              !t.expect(
                compareDecimal(a.value, c.value) >= 0,
                `${where}: row ${i} (${c.value}) is larger than row ${i - 1} (${a.value}); expected largest first`,
              )
            )
              break;
          }
          const sum = sumDecimals(r.rows.map((row) => row.value));
          t.expect(
            sameValue(r.total, formatDecimal(sum)),
            () => `${where}: rows sum to ${formatDecimal(sum)}, total is ${r.total}`,
          );
          const shares = r.rows.reduce((acc, row) => acc + row.share, 0);
          const totalIsZero = isDecimal(r.total) && compareDecimal(r.total, 0) === 0;
          if (r.rows.length > 0 && !totalIsZero)
            t.expect(
              Math.abs(shares - 1) <= SHARE_TOLERANCE,
              `${where}: shares sum to ${shares}, expected 1 ± ${SHARE_TOLERANCE}`,
            );
          if (!totalIsZero) {
            for (const row of r.rows) {
              const want = Number(row.value) / Number(r.total);
              if (
                !t.expect(
                  near(row.share, want, 1e-6),
                  `${where}: row ${row.key} share ${row.share}, expected value/total = ${want}`,
                )
              )
                break;
            }
          }
        }
      }
    }
    t.note(`${responses.length} breakdowns: rows sum to total, shares to 1`);
  });

  await runner.run('v1/breakdown', 'agreement', async (t) => {
    if (responses.length === 0) t.skip('no breakdown to compare (see rows)');
    const totals = new Map<string, StatsResponse>();
    for (const { query, r } of responses) {
      let s = totals.get(query['range']!);
      if (!s) {
        const metrics = ctx.additive.map((m) => m.id).join(',');
        s = await runner.valid<StatsResponse>(t, 'stats', { metrics, range: query['range'], compare: 'none' });
        totals.set(query['range']!, s);
      }
      t.expect(
        s.period.from === r.period.from && s.period.to === r.period.to,
        `${q(query)}: period ${r.period.from}..${r.period.to}, stats says ${s.period.from}..${s.period.to}`,
      );
      const value = s.stats.find((x) => x.metric === query['metric'])?.value;
      t.expect(
        sameValue(r.total, value ?? null),
        () => `${q(query)}: total ${JSON.stringify(r.total)} ≠ stats value ${JSON.stringify(value)}`,
      );
    }
    t.note('totals equal the stats values of the same period');
  });

  await runner.run('v1/segments', 'segments', async (t) => {
    for (const range of ['30d', '365d']) {
      const r = await runner.valid<SegmentsResponse>(t, 'segments', { range });
      const ids = r.segments.map((s) => s.segment);
      t.expect(new Set(ids).size === ids.length, `range=${range}: a segment is listed twice (${ids.join(', ')})`);
      for (const s of r.segments) {
        const where = `range=${range}: ${s.segment}`;
        t.expect(s.topCustomers.length <= 5, `${where}: ${s.topCustomers.length} top customers, at most 5`);
        t.expect(s.topCustomers.length <= s.customers, `${where}: more top customers than customers`);
        for (let i = 1; i < s.topCustomers.length; i++) {
          const [a, b] = [s.topCustomers[i - 1]!.revenue, s.topCustomers[i]!.revenue];
          t.expect(compareDecimal(a, b) >= 0, `${where}: top customers not largest first (${a} then ${b})`);
        }
        if (s.customers === 0) {
          t.expect(
            compareDecimal(s.revenue, 0) === 0 && s.averageRevenue === null,
            `${where}: empty segment with revenue ${s.revenue} / average ${s.averageRevenue}`,
          );
        } else if (s.averageRevenue !== null) {
          const want = Number(s.revenue) / s.customers;
          t.expect(
            Math.abs(Number(s.averageRevenue) - want) <= 0.005 + 1e-9 * Math.abs(want),
            `${where}: averageRevenue ${s.averageRevenue}, expected revenue/customers ≈ ${want.toFixed(2)}`,
          );
        }
      }
    }
    t.note('segments unique, top customers ≤ 5 and largest first, averages = revenue/customers');
  });
}
