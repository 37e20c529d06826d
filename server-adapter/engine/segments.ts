/**
 * `v1/segments`: the customers who bought in the period, ranked by revenue
 * and split by percent rank, `(rank − 1) / (n − 1)` over revenue highest
 * first (SQL `percent_rank`): high below 0.2 (the top 20 %), medium below
 * 0.5 (the next 30 %), low the remaining 50 %.
 *
 * Percent rank rather than `cume_dist`: the best customer is `high` however
 * few buyers there are, and tied customers share the higher segment. It is
 * compared in integers, 5·(rank − 1) < n − 1, so no float lands on the wrong
 * side of a boundary. One statement.
 */
import type { SegmentsParams, SegmentsResponse } from '../../src/contract/index.js';
import type { Scope } from '../auth/scope.js';
import { NotFoundInDataError } from './errors.js';
import { dimensionTotals } from './breakdown.js';
import { echoFilters, metricsFilterTopics } from './dimensions.js';
import { type Definition, sortedTopics } from './metrics.js';
import { qualified, quoteIdent } from './sql.js';
import type { Body, EngineContext, ReportModule } from './types.js';

/** Largest customers listed per segment. */
export const TOP_CUSTOMERS = 5;

interface Row {
  segment: 'high' | 'medium' | 'low';
  customers: number;
  revenue: string;
  average: string | null;
  top: { id: string | number; name: string; revenue: string }[];
}

export async function segmentsReport(
  ctx: EngineContext,
  definition: Definition,
  params: SegmentsParams,
  scope: Scope,
): Promise<Body<SegmentsResponse>> {
  if (!definition.segments) throw new NotFoundInDataError('customer segments are not configured on this server');
  const {
    breakdown,
    period,
    params: p,
    withSql,
    filters,
  } = dimensionTotals(
    ctx,
    definition,
    {
      ...definition.segments,
      period: params,
      name: 'dk_c',
      nonNullKeys: true,
      filter: params.filter,
      report: 'segments',
    },
    scope,
  );
  const text = `${withSql},
dk_r AS (
  SELECT dk_k, dk_v, rank() OVER (ORDER BY dk_v DESC) AS dk_rank, count(*) OVER () AS dk_n
  FROM dk_c WHERE dk_v > 0
),
dk_s AS (
  SELECT dk_k, dk_v,
    CASE WHEN dk_n = 1 OR 5 * (dk_rank - 1) < dk_n - 1 THEN 'high' WHEN 2 * (dk_rank - 1) < dk_n - 1 THEN 'medium' ELSE 'low' END AS dk_seg,
    row_number() OVER (ORDER BY dk_v DESC, dk_k) AS dk_pos
  FROM dk_r
),
dk_t AS (
  SELECT dk_s.*, row_number() OVER (PARTITION BY dk_seg ORDER BY dk_pos) AS dk_top FROM dk_s
)
SELECT seg.id AS segment, count(t.dk_k)::int AS customers, coalesce(sum(t.dk_v), 0)::text AS revenue,
  round(sum(t.dk_v)::numeric / nullif(count(t.dk_k), 0), 2)::text AS average,
  coalesce(json_agg(json_build_object('id', t.dk_k, 'name', coalesce(d.${quoteIdent(breakdown.labelColumn)}::text, t.dk_k::text), 'revenue', t.dk_v::text) ORDER BY t.dk_top)
    FILTER (WHERE t.dk_top <= ${p.add(TOP_CUSTOMERS)}::int), '[]'::json) AS top
FROM (VALUES ('high', 1), ('medium', 2), ('low', 3)) AS seg(id, ord)
LEFT JOIN dk_t AS t ON t.dk_seg = seg.id
LEFT JOIN ${qualified(breakdown.table)} AS d ON d.${quoteIdent(breakdown.key)} = t.dk_k
GROUP BY seg.id, seg.ord
ORDER BY seg.ord`;
  const [rows, echo] = await Promise.all([
    ctx.source.query<Row>(text, p.values),
    echoFilters(ctx.source, filters, scope),
  ]);
  return {
    period,
    segments: rows.map((r) => ({
      segment: r.segment,
      customers: Number(r.customers),
      revenue: r.revenue,
      averageRevenue: r.average,
      topCustomers: (typeof r.top === 'string' ? (JSON.parse(r.top) as Row['top']) : r.top).map((c) => ({
        id: c.id,
        name: c.name,
        revenue: c.revenue,
      })),
    })),
    ...echo,
  };
}

/** Segments move with their metric and the customers table they name; none when segments are not configured. */
export const SEGMENTS_REPORT: ReportModule<SegmentsParams, Body<SegmentsResponse>> = {
  topics(definition, params) {
    const seg = definition.segments;
    if (!seg) return [];
    const breakdown = definition.breakdowns.find((b) => b.id === seg.by);
    const metric = metricsFilterTopics(definition, [seg.metric], params.filter, 'segments');
    return sortedTopics([...metric, ...(breakdown?.topics ?? [])]);
  },
  compute: segmentsReport,
};
