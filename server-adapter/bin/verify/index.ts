/**
 * `dashkit verify` as a library: calls every endpoint of a running backend
 * (any language) with valid parameters taken from its `v1/meta` and with a
 * table of invalid ones, validates each answer against the contract schemas
 * and checks what a schema cannot (gap-filled series, sums, paging, ETags…).
 *
 * @example
 * const report = await verifyBackend({ baseUrl: 'http://127.0.0.1:8000' });
 * if (!report.ok) console.log(formatTable(report));
 */
import {
  ENDPOINTS,
  type MetaResponse,
  type MetricInfo,
  RANGES,
  type StatsResponse,
} from '../../../src/contract/index.js';
import { Client, type ClientOptions } from './client.js';
import { activityChecks, statusChecks } from './checks/activity.js';
import { agingChecks } from './checks/aging.js';
import { breakdownChecks } from './checks/breakdown.js';
import { calendarChecks } from './checks/calendars.js';
import type { Ctx } from './checks/context.js';
import { filterChecks } from './checks/filters.js';
import { lowStockChecks } from './checks/low-stock.js';
import { statsAndSeriesChecks } from './checks/periods.js';
import { protocolChecks } from './checks/protocol.js';
import { scopeChecks } from './checks/scope.js';
import type { VerifyReport } from './report.js';
import { describeResponse, Runner } from './runner.js';

export type { CheckResult, Status } from './runner.js';
export { DEFAULT_TIMEOUT_MS, RequestError } from './client.js';
export { formatJson, formatTable, type VerifyReport } from './report.js';

export interface VerifyOptions extends ClientOptions {
  /**
   * Tokens of two different customers (sent as `Authorization: Bearer`):
   * adds the scope-leak checks (checks/scope.ts).
   */
  customerTokens?: readonly [string, string];
}

/** Table order: the contract's endpoints, then unknown paths. */
const ENDPOINT_ORDER = [...Object.values(ENDPOINTS).map((e) => e.path), 'v1/*'];

/** Every endpoint × check the run would have made, skipped with `reason` (meta unusable). */
function skipAll(runner: Runner, reason: string): void {
  for (const path of ENDPOINT_ORDER.slice(1)) runner.skip(path, 'all', reason);
}

export async function verifyBackend(options: VerifyOptions): Promise<VerifyReport> {
  const started = performance.now();
  const client = new Client(options);
  const runner = new Runner(client, ENDPOINT_ORDER);

  let meta: MetaResponse | undefined;
  await runner.run('v1/meta', 'contents', async (t) => {
    meta = await runner.valid<MetaResponse>(t, 'meta');
    const ids = meta.metrics.map((m) => m.id);
    t.expect(new Set(ids).size === ids.length, `metric ids listed twice: ${ids.join(', ')}`);
    for (const id of ids)
      t.expect(
        /^[a-z][a-z0-9_]{0,63}$/.test(id),
        `metric id ${JSON.stringify(id)} is not lowercase letters, digits and _`,
      );
    const bids = meta.breakdowns.map((b) => b.id);
    t.expect(new Set(bids).size === bids.length, `breakdown ids listed twice: ${bids.join(', ')}`);
    let zoneOk = true;
    try {
      new Intl.DateTimeFormat('en', { timeZone: meta.timezone });
    } catch {
      zoneOk = false;
    }
    t.expect(zoneOk, `timezone ${JSON.stringify(meta.timezone)} is not an IANA time zone`);
    t.note(`${ids.length} metrics, ${bids.length} breakdowns, reports: ${meta.reports.join(', ') || 'none'}`);
  });

  let today: string | undefined;
  if (meta) {
    const metric = meta.metrics[0]?.id;
    await runner.run('v1/stats', 'period', async (t) => {
      if (!metric) t.skip('meta lists no metrics');
      const r = await runner.valid<StatsResponse>(t, 'stats', { metrics: metric, range: 'today' });
      t.expect(r.period.from === r.period.to, `range=today: period ${r.period.from}..${r.period.to} is not one day`);
      today = r.period.to;
    });
  }

  if (!meta) skipAll(runner, 'v1/meta did not answer a valid document');
  else if (!today) skipAll(runner, 'could not learn today from v1/stats?range=today');
  else {
    const timeMetrics = meta.metrics.filter((m) => m.timeSeries !== false).slice(0, 20);
    const ctx: Ctx = {
      runner,
      client,
      meta,
      today,
      timeMetrics,
      pointMetrics: meta.metrics.filter((m) => m.timeSeries === false),
      additive: await additiveMetrics(runner, meta, timeMetrics),
      ranges: meta.ranges ?? RANGES,
    };
    await statsAndSeriesChecks(ctx);
    await calendarChecks(ctx);
    await breakdownChecks(ctx);
    let customerPath: string | undefined;
    if (meta.reports.includes('aging')) customerPath = await agingChecks(ctx);
    else
      for (const path of ['v1/aging', ENDPOINTS.agingInvoices.path])
        runner.skip(path, 'all', 'aging is not in meta.reports');
    if (meta.reports.includes('low-stock')) await lowStockChecks(ctx);
    else runner.skip('v1/low-stock', 'all', 'low-stock is not in meta.reports');
    await filterChecks(ctx);
    if (meta.reports.includes('activity')) await activityChecks(ctx);
    else runner.skip('v1/activity', 'all', 'activity is not in meta.reports');
    await statusChecks(ctx);
    await protocolChecks(ctx, customerPath);
    if (options.customerTokens) await scopeChecks(ctx, options, options.customerTokens);
  }

  client.close();
  const results = runner.results();
  const count = (s: string) => results.filter((r) => r.status === s).length;
  return {
    baseUrl: client.base,
    ok: count('fail') === 0,
    results,
    passed: count('pass'),
    failed: count('fail'),
    skipped: count('skip'),
    requests: client.requests,
    durationMs: Math.round(performance.now() - started),
  };
}

/**
 * Which time metrics are additive (value over a period = sum of its buckets):
 * those `v1/breakdown` accepts, as the contract reserves breakdowns for
 * additive metrics. Only money and counts can be; ratios and averages are not.
 */
async function additiveMetrics(runner: Runner, meta: MetaResponse, metrics: MetricInfo[]): Promise<MetricInfo[]> {
  const by = meta.breakdowns[0]?.id;
  const additive: MetricInfo[] = [];
  await runner.run('v1/breakdown', 'rows', async (t) => {
    if (!by) return;
    for (const m of metrics) {
      if (m.format !== 'currency' && m.format !== 'number') continue;
      const r = await runner.client.get('v1/breakdown', { metric: m.id, by, limit: '1' });
      if (r.status === 200) additive.push(m);
      else
        t.expect(
          r.status === 400,
          () => `GET ${r.url} → ${describeResponse(r)}; expected 200, or 400 for a metric that cannot be broken down`,
        );
    }
    t.expect(
      additive.length > 0,
      `meta lists breakdown "${by}" but v1/breakdown accepts none of the money or count metrics`,
    );
  });
  return additive;
}
