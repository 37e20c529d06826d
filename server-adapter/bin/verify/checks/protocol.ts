/**
 * What every endpoint shares: ETag and 304, bad parameters answered by 400
 * problem+json naming the parameter, unknown paths by 404; plus v1/meta and
 * v1/health contents.
 */
import { ENDPOINTS, type EndpointName, type HealthResponse, Problem } from '../../../../src/contract/index.js';
import type { HttpResult } from '../client.js';
import { addDays } from '../dates.js';
import { type Check, describeResponse, firstIssue } from '../runner.js';
import type { Ctx } from './context.js';

interface BadCase {
  endpoint: EndpointName;
  /** The raw query string. */
  query: string;
  /** The parameter the 400 must name. */
  param: string;
  path?: string;
}

/** The table of invalid requests: each must be a 400 problem naming `param`. */
export function badCases(ctx: Ctx, customerPath?: string): BadCase[] {
  const m = ctx.timeMetrics[0]?.id ?? ctx.pointMetrics[0]?.id ?? 'revenue';
  const metric = `metrics=${m}`;
  const to = addDays(ctx.today, -1);
  const from = addDays(to, -9);
  const cases: BadCase[] = [
    { endpoint: 'meta', query: 'foo=1', param: 'foo' },
    { endpoint: 'health', query: 'foo=1', param: 'foo' },
    { endpoint: 'stats', query: `${metric}&range=fortnight`, param: 'range' },
    { endpoint: 'stats', query: `${metric}&range=custom&from=${to}&to=${from}`, param: 'to' },
    { endpoint: 'stats', query: `${metric}&range=custom&from=2026-02-30&to=2026-03-03`, param: 'from' },
    { endpoint: 'stats', query: `${metric}&range=custom&from=${from}`, param: 'to' },
    { endpoint: 'stats', query: `${metric}&range=7d&from=${from}`, param: 'from' },
    { endpoint: 'stats', query: `${metric}&compare=maybe`, param: 'compare' },
    { endpoint: 'stats', query: 'metrics=unknown_metric', param: 'metrics' },
    { endpoint: 'stats', query: 'range=30d', param: 'metrics' },
    { endpoint: 'stats', query: `metrics=${m},${m}`, param: 'metrics' },
    { endpoint: 'stats', query: `${metric}&foo=bar`, param: 'foo' },
    { endpoint: 'stats', query: `${metric}&range=7d&range=30d`, param: 'range' },
    { endpoint: 'series', query: `${metric}&granularity=hour`, param: 'granularity' },
    { endpoint: 'series', query: 'metrics=unknown_metric', param: 'metrics' },
    { endpoint: 'series', query: `${metric}&range=fortnight`, param: 'range' },
    { endpoint: 'series', query: `${metric}&granularity=day&granularity=week`, param: 'granularity' },
    { endpoint: 'segments', query: 'range=fortnight', param: 'range' },
    { endpoint: 'segments', query: 'bogus=1', param: 'bogus' },
  ];
  // SPEC §7 parameters, on backends that say they have calendars (meta `calendars`).
  if (ctx.meta.calendars) {
    cases.push(
      { endpoint: 'meta', query: 'locale=not_a_locale!', param: 'locale' },
      { endpoint: 'stats', query: `${metric}&locale=not_a_locale!`, param: 'locale' },
      { endpoint: 'stats', query: `${metric}&calendar=julian`, param: 'calendar' },
      { endpoint: 'series', query: `${metric}&week-start=9`, param: 'week-start' },
    );
  }
  const point = ctx.pointMetrics[0];
  if (point) cases.push({ endpoint: 'series', query: `metrics=${point.id}`, param: 'metrics' });
  const b = ctx.meta.breakdowns[0]?.id;
  const a = ctx.additive[0]?.id;
  if (b && a) {
    const base = `metric=${a}&by=${b}`;
    cases.push(
      { endpoint: 'breakdown', query: `${base}&limit=0`, param: 'limit' },
      { endpoint: 'breakdown', query: `${base}&limit=101`, param: 'limit' },
      { endpoint: 'breakdown', query: `metric=${a}&by=bogus_dimension`, param: 'by' },
      { endpoint: 'breakdown', query: `metric=unknown_metric&by=${b}`, param: 'metric' },
      { endpoint: 'breakdown', query: `by=${b}`, param: 'metric' },
      { endpoint: 'breakdown', query: `${base}&range=fortnight`, param: 'range' },
    );
  }
  if (ctx.meta.reports.includes('aging')) {
    cases.push(
      { endpoint: 'aging', query: 'limit=0', param: 'limit' },
      { endpoint: 'aging', query: 'limit=1001', param: 'limit' },
      { endpoint: 'aging', query: 'offset=-1', param: 'offset' },
      { endpoint: 'aging', query: 'limit=abc', param: 'limit' },
      { endpoint: 'aging', query: 'asOf=2026-02-30', param: 'asOf' },
      { endpoint: 'aging', query: 'sort=bogus', param: 'sort' },
      { endpoint: 'aging', query: 'order=sideways', param: 'order' },
      { endpoint: 'aging', query: 'basis=paid', param: 'basis' },
      { endpoint: 'aging', query: 'buckets=60,30', param: 'buckets' },
      { endpoint: 'aging', query: 'minAmount=-5', param: 'minAmount' },
      { endpoint: 'aging', query: 'limit=10&limit=20', param: 'limit' },
      { endpoint: 'aging', query: 'foo=1', param: 'foo' },
    );
    if (customerPath) {
      cases.push(
        { endpoint: 'agingInvoices', path: customerPath, query: 'asOf=2026-02-30', param: 'asOf' },
        { endpoint: 'agingInvoices', path: customerPath, query: 'basis=paid', param: 'basis' },
        { endpoint: 'agingInvoices', path: customerPath, query: 'limit=5', param: 'limit' },
      );
    }
  }
  cases.push(...filterCases(ctx, metric));
  if (ctx.meta.reports.includes('low-stock')) {
    cases.push(
      { endpoint: 'lowStock', query: 'limit=0', param: 'limit' },
      { endpoint: 'lowStock', query: 'limit=1001', param: 'limit' },
      { endpoint: 'lowStock', query: 'offset=-1', param: 'offset' },
      { endpoint: 'lowStock', query: 'foo=1', param: 'foo' },
    );
  }
  if (ctx.meta.reports.includes('activity')) {
    cases.push(
      { endpoint: 'activity', query: 'limit=0', param: 'limit' },
      { endpoint: 'activity', query: 'limit=1001', param: 'limit' },
      { endpoint: 'activity', query: 'before=dashkit-verify-not-a-cursor', param: 'before' },
      { endpoint: 'activity', query: 'kinds=Not%20A%20Kind', param: 'kinds' },
      { endpoint: 'activity', query: 'filter=customer', param: 'filter' },
      { endpoint: 'activity', query: 'filter=dashkit_verify_no_dimension:1', param: 'filter' },
      { endpoint: 'activity', query: 'offset=10', param: 'offset' },
    );
  }
  return cases;
}

/**
 * Bad filters, when meta lists dimensions (a backend without them takes no `filter` and no `bucket`): an
 * unknown dimension, a missing value, a repeated dimension, a report or metric the dimension does not narrow.
 */
function filterCases(ctx: Ctx, metric: string): BadCase[] {
  const d = ctx.meta.dimensions?.[0];
  if (!d) return [];
  const cases: BadCase[] = [
    { endpoint: 'stats', query: `${metric}&filter=dashkit_verify_no_such_dimension:1`, param: 'filter' },
    { endpoint: 'stats', query: `${metric}&filter=${d.id}:`, param: 'filter' },
    { endpoint: 'stats', query: `${metric}&filter=${d.id}`, param: 'filter' },
    { endpoint: 'stats', query: `${metric}&filter=${d.id}:1,${d.id}:2`, param: 'filter' },
    { endpoint: 'series', query: `${metric}&filter=:1`, param: 'filter' },
    { endpoint: 'segments', query: 'filter=', param: 'filter' },
  ];
  const flat = ctx.meta.metrics.find((m) => m.dimensions !== undefined && !m.dimensions.includes(d.id));
  if (flat) cases.push({ endpoint: 'stats', query: `metrics=${flat.id}&filter=${d.id}:1`, param: 'filter' });
  for (const [report, endpoint] of [
    ['aging', 'aging'],
    ['low-stock', 'lowStock'],
  ] as const) {
    if (!ctx.meta.reports.includes(report)) continue;
    if (!d.reports.includes(report)) cases.push({ endpoint, query: `filter=${d.id}:1`, param: 'filter' });
    cases.push({ endpoint, query: 'filter=dashkit_verify_no_such_dimension:1', param: 'filter' });
  }
  if (ctx.meta.reports.includes('aging'))
    cases.push(
      { endpoint: 'aging', query: 'bucket=dashkit_verify_no_bucket', param: 'bucket' },
      { endpoint: 'aging', query: 'buckets=30&bucket=days_31_60', param: 'bucket' },
    );
  return cases;
}

/** A problem+json answer with `status`; returns the problem, else fails `t` and returns undefined. */
function expectProblem(t: Check, r: HttpResult, status: number): Problem | undefined {
  const where = `GET ${r.url}`;
  if (!t.expect(r.status === status, () => `${where} → ${describeResponse(r)}, expected ${status}`)) return undefined;
  const type = r.headers.get('content-type') ?? '';
  t.expect(
    /^application\/problem\+json\b/i.test(type),
    `${where}: content-type ${JSON.stringify(type)}, expected application/problem+json`,
  );
  const parsed = Problem.safeParse(r.json);
  if (!parsed.success) {
    t.fail(
      `${where}: not a problem document: ${r.json === undefined ? 'body is not JSON' : firstIssue(parsed.error.issues)}`,
    );
    return undefined;
  }
  t.expect(parsed.data.status === status, `${where}: problem status ${parsed.data.status}, expected ${status}`);
  return parsed.data;
}

export async function protocolChecks(ctx: Ctx, customerPath: string | undefined): Promise<void> {
  const { runner, client } = ctx;

  await runner.run('v1/health', 'status', async (t) => {
    const h = await runner.valid<HealthResponse>(t, 'health');
    t.expect(
      h.status !== 'down' && h.source.status !== 'down',
      `status ${h.status}, source ${h.source.status}${h.source.error ? ` (${h.source.error})` : ''}`,
    );
    t.note(`status ${h.status}`);
  });

  // ETag + 304 on every cached report, with the query each answered above.
  const cached: [EndpointName, string, string?][] = [
    ['meta', ''],
    ['stats', `metrics=${ctx.timeMetrics[0]?.id ?? ctx.pointMetrics[0]?.id ?? 'revenue'}&range=30d`],
    ['series', `metrics=${ctx.timeMetrics[0]?.id ?? 'revenue'}&range=30d`],
    ['segments', 'range=30d'],
  ];
  const b = ctx.meta.breakdowns[0]?.id;
  if (b && ctx.additive[0]) cached.push(['breakdown', `metric=${ctx.additive[0].id}&by=${b}`]);
  if (ctx.meta.reports.includes('aging')) cached.push(['aging', 'limit=5']);
  if (customerPath) cached.push(['agingInvoices', '', customerPath]);
  if (ctx.meta.reports.includes('low-stock')) cached.push(['lowStock', 'limit=5']);
  if (ctx.meta.reports.includes('activity')) cached.push(['activity', 'limit=5']);
  for (const [name, query, path] of cached) {
    const endpoint = ENDPOINTS[name].path;
    if (name === 'series' && !ctx.timeMetrics[0]) {
      runner.skip(endpoint, 'etag', 'no time-series metric');
      continue;
    }
    await runner.run(endpoint, 'etag', async (t) => {
      const r = await client.get(path ?? endpoint, query);
      if (r.status !== 200) t.abort(`GET ${r.url} → ${describeResponse(r)}, expected 200`);
      const etag = r.headers.get('etag');
      if (!etag) t.abort(`GET ${r.url}: no ETag header`);
      t.expect(/^(W\/)?"[^"]*"$/.test(etag!), `GET ${r.url}: ETag ${etag} is not a quoted entity tag`);
      t.expect(r.headers.get('cache-control') !== null, `GET ${r.url}: no Cache-Control header`);
      const again = await client.get(path ?? endpoint, query, { 'if-none-match': etag! });
      t.expect(again.status === 304, `GET ${r.url} with If-None-Match: ${etag} → ${again.status}, expected 304`);
      t.expect(again.status !== 304 || again.text === '', `GET ${r.url}: a 304 with a body`);
      const other = await client.get(path ?? endpoint, query, { 'if-none-match': '"dashkit-verify-no-match"' });
      t.expect(other.status === 200, `GET ${r.url} with a non-matching If-None-Match → ${other.status}, expected 200`);
      t.note(`ETag ${etag} → 304`);
    });
  }

  const cases = badCases(ctx, customerPath);
  const byEndpoint = new Map<EndpointName, BadCase[]>();
  for (const c of cases) byEndpoint.set(c.endpoint, [...(byEndpoint.get(c.endpoint) ?? []), c]);
  for (const [name, list] of byEndpoint) {
    await runner.run(ENDPOINTS[name].path, 'bad-params', async (t) => {
      for (const c of list) {
        const r = await client.get(c.path ?? ENDPOINTS[name].path, c.query);
        const problem = expectProblem(t, r, 400);
        if (!problem) continue;
        const named = problem.errors?.map((e) => e.param) ?? [];
        t.expect(
          named.includes(c.param),
          () => `GET ${r.url}: errors name ${named.length ? named.join(', ') : 'no parameter'}, expected ${c.param}`,
        );
      }
      t.note(`${list.length} bad request${list.length === 1 ? '' : 's'} → 400 naming the parameter`);
    });
  }

  await runner.run('v1/*', 'not-found', async (t) => {
    for (const path of [
      'v1/no-such-endpoint',
      'v1/stats/extra',
      'v1/aging/customers/dashkit-verify-no-such-customer/invoices',
    ]) {
      const r = await client.get(path);
      expectProblem(t, r, 404);
    }
    t.note('unknown paths and customers → 404 problem+json');
  });
}
