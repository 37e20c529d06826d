/**
 * What `<dash-chart>` asks the server for: a time series of one or more
 * metrics, a breakdown of one metric, or the aging report's buckets, and
 * whether its drawn items stand for board filters.
 */
import { AgingResponse } from '../../contract/aging.js';
import { BreakdownResponse } from '../../contract/breakdown.js';
import type { Granularity } from '../../contract/common.js';
import { SeriesResponse } from '../../contract/series.js';
import { getMetrics, narrowed, type LoadContext } from '../../internal/report.js';
import { defaultMetric, metricInfos, type ChartData } from './chart-model.js';

/** The chart attributes that choose what is fetched. */
export interface ChartQuery {
  metrics?: string | undefined;
  breakdown?: string | undefined;
  report?: string | undefined;
  limit?: number | undefined;
  granularity?: Granularity | undefined;
}

/** Fetches what `query` describes, with the period and filters of `ctx`. */
export async function fetchChartData(ctx: LoadContext, query: ChartQuery): Promise<ChartData> {
  const { client, period, signal, meta, filter } = ctx;
  const { report, breakdown, limit, granularity } = query;
  if (report !== undefined) {
    if (report !== 'aging') throw new Error(`report="${String(report)}" is not a chart report (expected "aging")`);
    // limit=1: the chart needs the totals over all customers, not the rows.
    const [m, response] = await Promise.all([
      meta(),
      // Aging takes `locale` but no period, so no `calendar` or `week-start` (a 400 otherwise).
      client.getJson(
        'v1/aging',
        { limit: 1, ...filter, calendar: undefined, 'week-start': undefined },
        AgingResponse,
        signal,
      ),
    ]);
    return { kind: 'aging', meta: m, response };
  }
  const ids =
    query.metrics
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean) ?? [];
  // Without metric ids the request waits for v1/meta to pick one; with them both requests run at once.
  const chosen = ids.length > 0 ? ids : [defaultMetric(await meta())?.id ?? ''];
  if (breakdown) {
    // A breakdown has no comparison: `compare` is not one of its parameters.
    const { range, from, to } = period;
    const narrows = ctx.filters.length > 0 && narrowed(await meta(), chosen.slice(0, 1), ctx.filters)[0].length > 0;
    const query = { metric: chosen[0], by: breakdown, limit, range, from, to, ...(narrows ? filter : {}) };
    const [m, response] = await Promise.all([meta(), client.getJson('v1/breakdown', query, BreakdownResponse, signal)]);
    const [info] = metricInfos(m, chosen.slice(0, 1));
    const by = m.breakdowns.find((b) => b.id === breakdown);
    return { kind: 'breakdown', meta: m, info: info!, byLabel: by?.label ?? breakdown, response };
  }
  const [m, response] = await Promise.all([
    meta(),
    getMetrics(ctx, 'v1/series', chosen, { granularity, ...period }, SeriesResponse),
  ]);
  return { kind: 'series', meta: m, infos: metricInfos(m, chosen), response };
}
