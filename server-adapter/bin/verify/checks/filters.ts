/**
 * Filters (`filter=dimension:value`, `v1/aging?bucket=`): for each dimension
 * `v1/meta` lists, a value taken from a breakdown over it, then every report
 * that takes the dimension filtered by it: the numbers narrowed (never above
 * the unfiltered ones, equal to that value's breakdown row), the filter
 * echoed with its label. A backend whose meta lists no `dimensions` takes no
 * filters (contract v1.0): these rows are skipped, and so are the bucket checks.
 */
import type {
  AgingResponse,
  AppliedFilter,
  BreakdownResponse,
  DimensionInfo,
  LowStockResponse,
  MetricInfo,
  SegmentsResponse,
  SeriesResponse,
  StatsResponse,
} from '../../../../src/contract/index.js';
import { compareDecimal, formatDecimal, isDecimal, sumDecimals } from '../decimal.js';
import type { Check } from '../runner.js';
import { type Ctx, q, sameValue } from './context.js';

/** The reports a filter may apply to, as `v1/meta` names them, and their paths. */
const REPORTS = {
  stats: 'v1/stats',
  series: 'v1/series',
  breakdown: 'v1/breakdown',
  segments: 'v1/segments',
  aging: 'v1/aging',
  'low-stock': 'v1/low-stock',
} as const;

const RANGE = '365d';

/** One value to filter by: a breakdown row over the dimension, for an additive metric it narrows. */
interface Sample {
  dimension: DimensionInfo;
  metric: MetricInfo;
  by: string;
  key: string;
  label: string;
  /** The metric's value for that key over {@link RANGE}. */
  value: string | number;
}

const narrows = (m: MetricInfo, d: DimensionInfo) => m.dimensions === undefined || m.dimensions.includes(d.id);

/** `filters` names exactly the one filter asked for, with its breakdown label (the customer's name). */
function expectEcho(t: Check, where: string, filters: AppliedFilter[] | undefined, s: Sample): void {
  const [f] = filters ?? [];
  t.expect(
    filters?.length === 1 && f?.dimension === s.dimension.id && f.value === s.key,
    () =>
      `${where}: filters ${JSON.stringify(filters)}, expected [{dimension: "${s.dimension.id}", value: "${s.key}", …}]`,
  );
  t.expect(
    f === undefined || f.label === s.label,
    () =>
      `${where}: filter label ${JSON.stringify(f?.label)}, expected ${JSON.stringify(s.label)} as the breakdown names it`,
  );
}

/** `a ≤ b` as exact decimals (a filtered sum or count against the unfiltered one). */
function notAbove(t: Check, where: string, a: unknown, b: unknown): void {
  if (!isDecimal(a) || !isDecimal(b)) return;
  t.expect(compareDecimal(a, b) <= 0, `${where}: filtered ${a} is above the unfiltered ${b}`);
}

async function sample(ctx: Ctx, t: Check, d: DimensionInfo): Promise<Sample | undefined> {
  for (const b of ctx.meta.breakdowns.filter((x) => x.dimension === d.id)) {
    for (const metric of ctx.additive.filter((m) => narrows(m, d))) {
      const r = await ctx.runner.valid<BreakdownResponse>(t, 'breakdown', {
        metric: metric.id,
        by: b.id,
        range: RANGE,
        limit: '3',
      });
      const row = r.rows.find((x) => x.key !== 'other' && isDecimal(x.value) && compareDecimal(x.value, 0) > 0);
      if (row) return { dimension: d, metric, by: b.id, key: row.key, label: row.label, value: row.value };
    }
  }
  return undefined;
}

export async function filterChecks(ctx: Ctx): Promise<void> {
  const { runner, meta } = ctx;
  const dimensions = meta.dimensions ?? [];
  if (dimensions.length === 0) {
    for (const path of Object.values(REPORTS)) runner.skip(path, 'filters', 'meta lists no dimensions: no filters');
    return;
  }
  const samples: Sample[] = [];
  await runner.run('v1/breakdown', 'filters', async (t) => {
    for (const d of dimensions) {
      const s = await sample(ctx, t, d);
      if (!s) {
        t.note(`no breakdown over ${d.id} with a positive row: its filters are not checked`);
        continue;
      }
      samples.push(s);
      if (!d.reports.includes('breakdown')) continue;
      const query = { metric: s.metric.id, by: s.by, range: RANGE, filter: `${d.id}:${s.key}` };
      const r = await runner.valid<BreakdownResponse>(t, 'breakdown', query);
      const where = q(query);
      const keys = r.rows.filter((x) => x.key !== 'other').map((x) => x.key);
      t.expect(keys.length === 1 && keys[0] === s.key, `${where}: rows ${keys.join(', ')}, expected only ${s.key}`);
      t.expect(sameValue(r.total, s.value), `${where}: total ${r.total}, unfiltered row ${s.key} is ${s.value}`);
      expectEcho(t, where, r.filters, s);
    }
    if (samples.length === 0) t.skip('no dimension has a breakdown to take a value from');
    t.note(`${samples.length} dimension${samples.length === 1 ? '' : 's'}: filtered rows = the unfiltered row`);
  });

  const each = async (report: keyof typeof REPORTS, body: (t: Check, s: Sample) => Promise<void>) => {
    await runner.run(REPORTS[report], 'filters', async (t) => {
      const applicable = samples.filter((s) => s.dimension.reports.includes(report));
      if (applicable.length === 0) {
        // Nothing to narrow; that such a filter is refused is checked in bad-params.
        t.note(`takes no filter: no dimension lists ${report}`);
        return;
      }
      for (const s of applicable) await body(t, s);
      t.note(`filtered by ${applicable.map((s) => `${s.dimension.id}:${s.key}`).join(', ')}: narrowed and echoed`);
    });
  };

  await each('stats', async (t, s) => {
    const metrics = [...ctx.timeMetrics, ...ctx.pointMetrics].filter((m) => narrows(m, s.dimension)).slice(0, 20);
    const base = { metrics: metrics.map((m) => m.id).join(','), range: RANGE, compare: 'none' };
    const all = await runner.valid<StatsResponse>(t, 'stats', base);
    const query = { ...base, filter: `${s.dimension.id}:${s.key}` };
    const r = await runner.valid<StatsResponse>(t, 'stats', query);
    const where = q(query);
    const value = (x: StatsResponse, id: string) => x.stats.find((st) => st.metric === id)?.value ?? null;
    t.expect(
      sameValue(value(r, s.metric.id), s.value),
      () => `${where}: ${s.metric.id} is ${value(r, s.metric.id)}, its breakdown row ${s.key} says ${s.value}`,
    );
    // Sums of amounts and counts over fewer rows: never more than over all of them.
    for (const m of ctx.additive.filter((x) => metrics.includes(x)))
      notAbove(t, `${where}: ${m.id}`, value(r, m.id), value(all, m.id));
    expectEcho(t, where, r.filters, s);
  });

  await each('series', async (t, s) => {
    const query = { metrics: s.metric.id, range: RANGE, compare: 'none', filter: `${s.dimension.id}:${s.key}` };
    const r = await runner.valid<SeriesResponse>(t, 'series', query);
    const points = r.series[0]?.points ?? [];
    const sum = formatDecimal(sumDecimals(points.map((p) => p.v ?? 0)));
    t.expect(sameValue(sum, s.value), `${q(query)}: points sum to ${sum}, the breakdown row ${s.key} is ${s.value}`);
    expectEcho(t, q(query), r.filters, s);
  });

  await each('segments', async (t, s) => {
    const all = await runner.valid<SegmentsResponse>(t, 'segments', { range: RANGE });
    const query = { range: RANGE, filter: `${s.dimension.id}:${s.key}` };
    const r = await runner.valid<SegmentsResponse>(t, 'segments', query);
    const count = (x: SegmentsResponse) => x.segments.reduce((n, seg) => n + seg.customers, 0);
    t.expect(count(r) <= count(all), `${q(query)}: ${count(r)} customers, ${count(all)} unfiltered`);
    const revenue = (x: SegmentsResponse) => formatDecimal(sumDecimals(x.segments.map((seg) => seg.revenue)));
    notAbove(t, `${q(query)}: revenue`, revenue(r), revenue(all));
    expectEcho(t, q(query), r.filters, s);
  });

  await each('aging', async (t, s) => {
    const all = await runner.valid<AgingResponse>(t, 'aging', { limit: '1' });
    const query = { limit: '1000', filter: `${s.dimension.id}:${s.key}` };
    const r = await runner.valid<AgingResponse>(t, 'aging', query);
    notAbove(t, `${q(query)}: receivable`, r.summary.receivable, all.summary.receivable);
    t.expect(r.total <= all.total, `${q(query)}: ${r.total} customers, ${all.total} unfiltered`);
    // The customer dimension narrows aging to that one customer.
    if (s.dimension.id === 'customer')
      t.expect(
        r.customers.every((c) => String(c.id) === s.key),
        `${q(query)}: lists customers ${r.customers.map((c) => c.id).join(', ')}, expected only ${s.key}`,
      );
    expectEcho(t, q(query), r.filters, s);
  });

  await each('low-stock', async (t, s) => {
    const all = await runner.valid<LowStockResponse>(t, 'lowStock', { limit: '1' });
    const query = { limit: '1', filter: `${s.dimension.id}:${s.key}` };
    const r = await runner.valid<LowStockResponse>(t, 'lowStock', query);
    t.expect(r.total <= all.total, `${q(query)}: ${r.total} products, ${all.total} unfiltered`);
    expectEcho(t, q(query), r.filters, s);
  });

  if (meta.reports.includes('aging')) await bucketChecks(ctx);
}

/** `v1/aging?bucket=`: exactly the customers with an amount due in that bucket. */
async function bucketChecks(ctx: Ctx): Promise<void> {
  await ctx.runner.run('v1/aging', 'bucket', async (t) => {
    const all = await ctx.runner.valid<AgingResponse>(t, 'aging', { limit: '1000' });
    if (all.total > all.customers.length) t.skip(`${all.total} customers: more than one page to compare`);
    let checked = 0;
    for (const b of all.buckets) {
      const want = all.customers.filter((c) => compareDecimal(c.buckets[b.id] ?? 0, 0) > 0).map((c) => String(c.id));
      const query = { bucket: b.id, limit: '1000' };
      const r = await ctx.runner.valid<AgingResponse>(t, 'aging', query);
      const got = r.customers.map((c) => String(c.id));
      t.expect(
        got.length === want.length && [...got].sort().join() === [...want].sort().join(),
        () => `${q(query)}: ${got.length} customers, ${want.length} have an amount in ${b.id}`,
      );
      t.expect(r.bucket === undefined || r.bucket === b.id, `${q(query)}: echoes bucket ${r.bucket}`);
      checked++;
    }
    t.note(`${checked} buckets: exactly the customers with an amount in each`);
  });
}
