/**
 * Contract data computed per request, shared by the fixture server (Node) and
 * the mocked backends of stories (browser): no Node imports here.
 */
import type { ActivityItem, ActivityResponse } from '../../src/contract/activity.js';
import { decodeActivityCursor, encodeActivityCursor } from '../../src/contract/activity-params.js';
import type { MetaResponse } from '../../src/contract/meta.js';
import type { Stat, StatsResponse } from '../../src/contract/stats.js';

/** "Now" of every fixture: 21 Nov 2025. */
export const NOW = '2025-11-21T09:30:00+00:00';
const TODAY = '2025-11-21';
const DAY_MS = 86_400_000;

/** Values for the commerce metrics stats.json lacks, consistent with it (average order value = revenue / orders). */
const PLAUSIBLE: Record<string, number> = {
  average_order_value: 96.45,
  new_customers: 23,
  receivables: 15041,
  low_stock_items: 7,
  out_of_stock_items: 2,
};

const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const addDays = (date: string, days: number) => iso(Date.parse(date) + days * DAY_MS);

/** The fixed "today" of the fixtures (21 Nov 2025) resolves every preset, as a server in UTC would. */
export function resolvePeriod(query: Record<string, string>): { from: string; to: string } {
  const range = query['range'] ?? '30d';
  const starts: Record<string, string> = {
    today: TODAY,
    week: '2025-11-17',
    month: '2025-11-01',
    quarter: '2025-10-01',
    year: '2025-01-01',
    '7d': addDays(TODAY, -6),
    '30d': addDays(TODAY, -29),
    '90d': addDays(TODAY, -89),
    '365d': addDays(TODAY, -364),
  };
  if (range === 'custom') return { from: query['from'] ?? TODAY, to: query['to'] ?? TODAY };
  return { from: starts[range] ?? addDays(TODAY, -29), to: TODAY };
}

function label(from: string, to: string): string {
  const fmt = new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });
  return fmt.formatRange(new Date(from), new Date(to));
}

/**
 * Deterministic `v1/stats` for any metric of `meta`: the numbers of `base`
 * (tests/fixtures/stats.json) where it has them, made up otherwise, grown by
 * `version` (one step per live invalidation, so a refetch shows).
 */
export function buildStats(
  base: StatsResponse,
  meta: MetaResponse,
  query: Record<string, string>,
  version = 0,
): StatsResponse {
  const ids = (query['metrics'] ?? '').split(',').filter(Boolean);
  const { from, to } = resolvePeriod(query);
  const days = Math.round((Date.parse(to) - Date.parse(from)) / DAY_MS) + 1;
  const compare = query['compare'] ?? 'previous';
  const prevFrom = compare === 'year' ? addDays(from, -365) : addDays(from, -days);
  const prevTo = compare === 'year' ? addDays(to, -365) : addDays(from, -1);
  const grow = 1 + version / 10;
  const out: Stat[] = [];
  for (const id of ids) {
    const info = meta.metrics.find((m) => m.id === id);
    if (!info) continue;
    const known = base.stats.find((s) => s.metric === id);
    const seed = [...id].reduce((a, c) => a + c.charCodeAt(0), 0);
    const raw = known
      ? Number(known.value)
      : (PLAUSIBLE[id] ?? (info.format === 'percent' ? (seed % 60) / 100 + 0.2 : seed * 13));
    const value = raw * grow;
    const money = info.format === 'currency';
    const fmt = (v: number) =>
      money ? v.toFixed(2) : info.format === 'percent' ? Number(v.toFixed(4)) : Math.round(v);
    const previous = compare === 'none' ? null : known ? known.previous : fmt(raw * 0.96);
    const trend =
      info.timeSeries === false
        ? []
        : Array.from({ length: Math.min(days, 62) }, (_, i) => ({
            t: addDays(to, i - Math.min(days, 62) + 1),
            v: fmt((value / days) * (1 + 0.4 * Math.sin(i + seed))),
          }));
    const prev = previous === null ? null : Number(previous);
    out.push({
      metric: id,
      value: fmt(value),
      previous,
      change: prev ? Number(((value - prev) / prev).toFixed(4)) : null,
      trend,
    });
  }
  return {
    period: { from, to, label: label(from, to) },
    comparison:
      compare === 'none'
        ? null
        : { mode: compare as 'previous' | 'year', from: prevFrom, to: prevTo, label: label(prevFrom, prevTo) },
    granularity: 'day',
    stats: out,
    generatedAt: NOW,
    cache: { hit: false, ageSeconds: 0, stale: false },
  };
}

/**
 * `v1/activity` from the fixture's items with `arrived` on top: `limit`, `kinds`, `filter=customer:<id>` and
 * `before` (a cursor this function handed out) as the real endpoint takes them.
 */
export function buildActivity(
  base: ActivityResponse,
  arrived: readonly ActivityItem[],
  query: Record<string, string>,
): ActivityResponse {
  const kinds = query['kinds']?.split(',');
  const customer = /^customer:(.+)$/.exec(query['filter'] ?? '')?.[1];
  const all = [...arrived, ...base.items].filter(
    (i) => (!kinds || kinds.includes(i.kind)) && (customer === undefined || String(i.customer?.id) === customer),
  );
  const limit = Number(query['limit'] ?? 50);
  const cursor = query['before'] ? decodeActivityCursor(query['before']) : undefined;
  const start = cursor ? all.findIndex((i) => i.kind === cursor.kind && String(i.id) === cursor.id) + 1 : 0;
  const items = all.slice(start, start + limit);
  const last = items.at(-1);
  return {
    ...structuredClone(base),
    items: structuredClone(items),
    limit,
    ...(last && start + limit < all.length
      ? { next: encodeActivityCursor({ at: last.at.replace('Z', '000Z'), kind: last.kind, id: String(last.id) }) }
      : {}),
    ...(customer ? { filters: [{ dimension: 'customer', value: customer, label: `Customer ${customer}` }] } : {}),
  };
}
