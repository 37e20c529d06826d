/**
 * `v1/stats` and `v1/series`: period resolution, gap-filled buckets, the
 * automatic granularity, and stats agreeing with series.
 */
import type { Granularity, Point, SeriesResponse, StatsResponse } from '../../../../src/contract/index.js';
import {
  addDays,
  addMonths,
  autoGranularity,
  daysBetween,
  expectedBuckets,
  firstOfMonth,
  firstOfQuarter,
  firstOfYear,
  lastOffsetChange,
  mondayOf,
} from '../dates.js';
import { formatDecimal, isDecimal, sumDecimals } from '../decimal.js';
import type { Check } from '../runner.js';
import { type Ctx, firstDifference, near, q, sameValue } from './context.js';

type Query = Record<string, string | undefined>;

const ROLLING: Record<string, number> = { '7d': 7, '30d': 30, '90d': 90, '365d': 365 };
const CALENDAR: Record<string, { start: (d: string) => string; back: (d: string) => string }> = {
  today: { start: (d) => d, back: (d) => addDays(d, -1) },
  week: { start: mondayOf, back: (d) => addDays(d, -7) },
  month: { start: firstOfMonth, back: (d) => addMonths(d, -1) },
  quarter: { start: firstOfQuarter, back: (d) => addMonths(d, -3) },
  year: { start: firstOfYear, back: (d) => addMonths(d, -12) },
};

interface Expected {
  from: string;
  to: string;
  previous: { from: string; to: string };
}

/** The period and `compare=previous` window SPEC §2/§4 give a range on `today`. */
export function expectedPeriod(range: string, today: string, from?: string, to?: string): Expected | undefined {
  const calendar = CALENDAR[range];
  if (calendar) {
    const start = calendar.start(today);
    const prevStart = calendar.back(start);
    const prevEnd = addDays(start, -1);
    const prevTo = addDays(prevStart, daysBetween(start, today));
    return { from: start, to: today, previous: { from: prevStart, to: prevTo < prevEnd ? prevTo : prevEnd } };
  }
  const days = ROLLING[range];
  const f = days !== undefined ? addDays(today, 1 - days) : from;
  const t = days !== undefined ? today : to;
  if (f === undefined || t === undefined) return undefined;
  const length = daysBetween(f, t) + 1;
  return { from: f, to: t, previous: { from: addDays(f, -length), to: addDays(f, -1) } };
}

function describe(query: Query): string {
  return q(query);
}

/** Checks a series' bucket dates against the period; returns false when they differ. */
function checkBuckets(t: Check, where: string, points: readonly Point[], from: string, to: string, g: Granularity) {
  const expected = expectedBuckets(from, to, g);
  const got = points.map((p) => p.t);
  const i = expected.findIndex((e, k) => got[k] !== e);
  if (i >= 0 || got.length !== expected.length) {
    const k = i >= 0 ? i : expected.length;
    const what =
      got[k] === undefined
        ? `missing bucket ${expected[k]}`
        : expected[k] === undefined
          ? `extra bucket ${got[k]}`
          : `bucket ${k} is ${got[k]}, expected ${expected[k]}`;
    t.fail(`${where}: ${what} (${got.length} points, expected ${expected.length} ${g} buckets ${from}..${to})`);
    return false;
  }
  return true;
}

/** Custom ranges worth asking for: across a DST change (or late March without one), and month and week edges. */
function customRanges(ctx: Ctx): { name: string; from: string; to: string }[] {
  const change = lastOffsetChange(ctx.meta.timezone, ctx.today);
  let dst: string;
  let name: string;
  if (change) {
    dst = change;
    name = `across the DST change of ${change} in ${ctx.meta.timezone}`;
  } else {
    // No DST in this zone: the last Sunday of March before today, where Europe's change would be.
    const year = Number(ctx.today.slice(0, 4)) - (ctx.today.slice(5) < '04-01' ? 1 : 0);
    dst = addDays(mondayOf(`${year}-04-01`), -1);
    name = `late March (${ctx.meta.timezone} has no DST)`;
  }
  const from = addDays(dst, -3);
  const to = addDays(dst, 3) < ctx.today ? addDays(dst, 3) : ctx.today;
  // Starts on a Wednesday and ends mid-month: partial first and last week/month buckets.
  const midFrom = addDays(mondayOf(addDays(ctx.today, -100)), 2);
  return [
    { name, from, to },
    { name: 'mid-week to mid-month', from: midFrom, to: addDays(midFrom, 75) },
  ];
}

/**
 * Why a period's total and the sum of its chart points differ, nearly always:
 * the period is filtered in one zone and rows are put on chart days in
 * another — what a time column without a zone holding UTC does.
 */
export const ZONE_CAUSE =
  'likely cause: rows are put on chart days in another time zone than the period is filtered in, as a time column ' +
  'of type timestamp without time zone holding UTC does (Rails; Django with USE_TZ = False): map it as ' +
  "<column> AT TIME ZONE 'UTC' in the view (on the reference adapter, `dashkit doctor` names the column)";

export async function statsAndSeriesChecks(ctx: Ctx): Promise<void> {
  const { runner, meta, today } = ctx;
  const time = ctx.timeMetrics.map((m) => m.id);
  const all = [...time, ...ctx.pointMetrics.map((m) => m.id)].slice(0, 20);
  const firstTime = time[0];
  const presets = ctx.ranges.filter((r) => r !== 'custom');

  // --- stats: periods resolved as SPEC §2/§4 say, trends gap-filled, change computed ---
  const statsCache = new Map<string, StatsResponse>();
  const stats = async (t: Check, query: Query) => {
    const key = describe(query);
    let r = statsCache.get(key);
    if (!r) statsCache.set(key, (r = await runner.valid<StatsResponse>(t, 'stats', query)));
    return r;
  };

  await runner.run('v1/stats', 'period', async (t) => {
    if (all.length === 0) t.skip('meta lists no metrics');
    const metrics = all.join(',');
    for (const range of presets) {
      const e = expectedPeriod(range, today);
      if (!e) continue;
      const r = await stats(t, { metrics, range });
      const where = `range=${range}`;
      t.expect(
        r.period.from === e.from && r.period.to === e.to,
        () => `${where}: period ${r.period.from}..${r.period.to}, expected ${e.from}..${e.to} (today is ${today})`,
      );
      t.expect(
        r.comparison?.mode === 'previous' && r.comparison.from === e.previous.from && r.comparison.to === e.previous.to,
        () =>
          `${where}: comparison ${r.comparison ? `${r.comparison.mode} ${r.comparison.from}..${r.comparison.to}` : 'null'}, expected previous ${e.previous.from}..${e.previous.to}`,
      );
    }
    const fallback = meta.defaultRange ?? '30d';
    const d = await stats(t, { metrics });
    const e = expectedPeriod(fallback, today);
    if (e)
      t.expect(
        d.period.from === e.from && d.period.to === e.to,
        () => `no range: period ${d.period.from}..${d.period.to}, expected the default ${fallback} ${e.from}..${e.to}`,
      );
    for (const c of customRanges(ctx)) {
      const r = await stats(t, { metrics, range: 'custom', from: c.from, to: c.to });
      const ex = expectedPeriod('custom', today, c.from, c.to)!;
      t.expect(
        r.period.from === c.from && r.period.to === c.to,
        () => `custom ${c.from}..${c.to}: period echoed as ${r.period.from}..${r.period.to}`,
      );
      t.expect(
        r.comparison?.from === ex.previous.from && r.comparison.to === ex.previous.to,
        () =>
          `custom ${c.from}..${c.to}: previous window ${r.comparison?.from}..${r.comparison?.to}, expected ${ex.previous.from}..${ex.previous.to} (same length, ending the day before from)`,
      );
      // `from`/`to` without `range` mean custom.
      const implied = await stats(t, { metrics, from: c.from, to: c.to });
      t.expect(
        implied.period.from === c.from && implied.period.to === c.to,
        () => `from/to without range: period ${implied.period.from}..${implied.period.to}, expected ${c.from}..${c.to}`,
      );
    }
    for (const range of ['month', '365d'].filter((r) => ctx.ranges.includes(r))) {
      const r = await stats(t, { metrics, range, compare: 'year' });
      const want = { from: addMonths(r.period.from, -12), to: addMonths(r.period.to, -12) };
      t.expect(
        r.comparison?.mode === 'year' && r.comparison.from === want.from && r.comparison.to === want.to,
        () =>
          `range=${range}&compare=year: comparison ${r.comparison?.mode} ${r.comparison?.from}..${r.comparison?.to}, expected year ${want.from}..${want.to}`,
      );
    }
    const none = await stats(t, { metrics, range: '30d', compare: 'none' });
    t.expect(none.comparison === null, 'compare=none: comparison is not null');
    for (const s of none.stats) {
      t.expect(
        s.previous === null && s.change === null,
        () =>
          `compare=none: ${s.metric} has previous ${JSON.stringify(s.previous)} and change ${s.change}, expected null`,
      );
    }
    t.note(`${statsCache.size} periods resolved as SPEC §4 says`);
  });

  await runner.run('v1/stats', 'values', async (t) => {
    if (all.length === 0) t.skip('meta lists no metrics');
    if (statsCache.size === 0) t.skip('no stats response to check (see period)');
    const points = new Set(ctx.pointMetrics.map((m) => m.id));
    for (const [query, r] of statsCache) {
      const requested = new URLSearchParams(query).get('metrics')?.split(',') ?? [];
      const got = r.stats.map((s) => s.metric);
      t.expect(
        got.join(',') === requested.join(','),
        () => `${query}: stats for ${got.join(',')}, asked for ${requested.join(',')}`,
      );
      const g = r.granularity ?? autoGranularity(r.period.from, r.period.to);
      t.expect(
        r.granularity === undefined || r.granularity === autoGranularity(r.period.from, r.period.to),
        () =>
          `${query}: granularity ${r.granularity} for ${daysBetween(r.period.from, r.period.to) + 1} days, expected ${autoGranularity(r.period.from, r.period.to)}`,
      );
      for (const s of r.stats) {
        if (points.has(s.metric)) {
          t.expect(
            s.trend.length === 0 && s.previous === null,
            () => `${query}: point-in-time ${s.metric} has a trend of ${s.trend.length} points or a previous value`,
          );
          continue;
        }
        checkBuckets(t, `${query}: ${s.metric} trend`, s.trend, r.period.from, r.period.to, g);
        const prev = s.previous;
        const value = s.value;
        if (value === null || prev === null || !isDecimal(value) || !isDecimal(prev) || Number(prev) === 0) {
          t.expect(
            s.change === null,
            () => `${query}: ${s.metric} change ${s.change} with previous ${prev}, expected null`,
          );
        } else {
          const want = (Number(value) - Number(prev)) / Number(prev);
          t.expect(
            s.change !== null && near(s.change, want),
            () => `${query}: ${s.metric} change ${s.change}, expected (${value} − ${prev}) / ${prev} = ${want}`,
          );
        }
      }
    }
    t.note(`trends gap-filled and changes computed in ${statsCache.size} responses`);
  });

  // --- series: gap-filled for every period and granularity, the automatic granularity rule ---
  const seriesList: { query: Query; r: SeriesResponse }[] = [];
  const series = async (t: Check, query: Query) => {
    const r = await runner.valid<SeriesResponse>(t, 'series', query);
    seriesList.push({ query, r });
    return r;
  };

  await runner.run('v1/series', 'gap-fill', async (t) => {
    if (!firstTime) t.skip('meta lists no time-series metric');
    const metrics = time.join(',');
    const asks: Query[] = [];
    for (const range of presets) asks.push({ metrics, range });
    for (const granularity of ['day', 'week', 'month'])
      for (const range of ['90d', '365d', 'year'].filter((r) => ctx.ranges.includes(r)))
        asks.push({ metrics, range, granularity });
    for (const c of customRanges(ctx))
      for (const granularity of [undefined, 'day', 'week', 'month'])
        asks.push({ metrics, range: 'custom', from: c.from, to: c.to, granularity, compare: 'previous' });
    asks.push({ metrics, range: '30d', compare: 'year' });
    asks.push({ metrics, range: '30d', compare: 'none' });
    for (const query of asks) {
      const r = await series(t, query);
      const where = describe(query);
      const g = r.granularity;
      if (query['granularity'])
        t.expect(g === query['granularity'], `${where}: granularity ${g}, asked for ${query['granularity']}`);
      const got = r.series.map((s) => s.metric).join(',');
      t.expect(got === metrics, () => `${where}: series for ${got}, asked for ${metrics}`);
      for (const s of r.series) {
        checkBuckets(t, `${where}: ${s.metric}`, s.points, r.period.from, r.period.to, g);
        if (r.comparison === null) {
          t.expect(
            s.previous === undefined || s.previous.length === 0,
            `${where}: ${s.metric} has previous points with compare=none`,
          );
        } else if (
          t.expect(
            s.previous !== undefined,
            `${where}: ${s.metric} has no previous points with compare=${r.comparison.mode}`,
          )
        ) {
          checkBuckets(t, `${where}: ${s.metric} previous`, s.previous!, r.comparison.from, r.comparison.to, g);
        }
      }
    }
    const dst = customRanges(ctx)[0]!;
    t.note(`${asks.length} requests, incl. custom ${dst.from}..${dst.to} ${dst.name}`);
  });

  await runner.run('v1/series', 'granularity', async (t) => {
    if (!firstTime) t.skip('meta lists no time-series metric');
    const to = addDays(ctx.today, -1);
    for (const days of [1, 62, 63, 182, 183, 400]) {
      const from = addDays(to, 1 - days);
      const r = await series(t, { metrics: firstTime, range: 'custom', from, to });
      const want = autoGranularity(from, to);
      t.expect(
        r.granularity === want,
        () => `custom ${days} days (${from}..${to}): granularity ${r.granularity}, expected ${want}`,
      );
    }
    for (const { query, r } of seriesList) {
      if (query['granularity']) continue;
      const want = autoGranularity(r.period.from, r.period.to);
      t.expect(
        r.granularity === want,
        () =>
          `${describe(query)}: granularity ${r.granularity} for ${daysBetween(r.period.from, r.period.to) + 1} days, expected ${want}`,
      );
    }
    t.note('day ≤ 62 days, week ≤ 26 weeks, else month');
  });

  await runner.run('v1/series', 'period', async (t) => {
    if (!firstTime) t.skip('meta lists no time-series metric');
    let n = 0;
    for (const { query, r } of seriesList) {
      const range = query['range'] ?? 'custom';
      const e = expectedPeriod(range, today, query['from'], query['to']);
      if (!e) continue;
      n++;
      const where = describe(query);
      t.expect(
        r.period.from === e.from && r.period.to === e.to,
        () => `${where}: period ${r.period.from}..${r.period.to}, expected ${e.from}..${e.to}`,
      );
      const mode = query['compare'] ?? 'previous';
      if (mode === 'none') t.expect(r.comparison === null, `${where}: comparison is not null`);
      else if (mode === 'previous')
        t.expect(
          r.comparison?.from === e.previous.from && r.comparison.to === e.previous.to,
          () =>
            `${where}: comparison ${r.comparison?.from}..${r.comparison?.to}, expected ${e.previous.from}..${e.previous.to}`,
        );
      else
        t.expect(
          r.comparison?.from === addMonths(e.from, -12) && r.comparison.to === addMonths(e.to, -12),
          () => `${where}: comparison ${r.comparison?.from}..${r.comparison?.to}, expected a year earlier`,
        );
    }
    t.note(`${n} periods as in stats`);
  });

  // --- stats ↔ series: the trend is the series; an additive value is the sum of its buckets ---
  // Both read the same rows; only where a row's day is decided differs, so a mismatch is nearly always a zone.
  await runner.run('v1/stats', 'agreement', async (t) => {
    if (!firstTime) t.skip('meta lists no time-series metric');
    const metrics = time.join(',');
    const additive = new Set(ctx.additive.map((m) => m.id));
    const periods: Query[] = ['30d', '90d', '365d', 'month', 'year']
      .filter((r) => ctx.ranges.includes(r))
      .map((range) => ({ range }));
    for (const c of customRanges(ctx)) periods.push({ range: 'custom', from: c.from, to: c.to });
    for (const period of periods) {
      const s = await stats(t, { metrics, ...period });
      const g = s.granularity ?? autoGranularity(s.period.from, s.period.to);
      const r = await series(t, { metrics, ...period, granularity: g, compare: 'previous' });
      const where = describe(period);
      for (const stat of s.stats) {
        const line = r.series.find((x) => x.metric === stat.metric);
        if (!t.expect(line !== undefined, `${where}: no series for ${stat.metric}`)) continue;
        const i = firstDifference(stat.trend, line!.points);
        t.expect(
          i < 0,
          () =>
            `${where}: ${stat.metric} trend differs from the ${g} series at ${stat.trend[i]?.t ?? line!.points[i]?.t}: ${JSON.stringify(stat.trend[i]?.v)} vs ${JSON.stringify(line!.points[i]?.v)}`,
        );
        if (!additive.has(stat.metric)) continue;
        const sum = sumDecimals(line!.points.map((p) => p.v ?? 0));
        t.expect(
          sameValue(stat.value, formatDecimal(sum)),
          () =>
            `${where}: ${stat.metric} stats value ${JSON.stringify(stat.value)} ≠ sum of its ${line!.points.length} series points ${formatDecimal(sum)} — ${ZONE_CAUSE}`,
        );
        if (line!.previous && stat.previous !== null) {
          const prev = sumDecimals(line!.previous.map((p) => p.v ?? 0));
          t.expect(
            sameValue(stat.previous, formatDecimal(prev)),
            () =>
              `${where}: ${stat.metric} previous ${JSON.stringify(stat.previous)} ≠ sum of the series' previous points ${formatDecimal(prev)}`,
          );
        }
      }
    }
    const names = ctx.additive.map((m) => m.id).join(', ') || 'none';
    t.note(`trends = series; sums exact for additive ${names} over ${periods.length} periods`);
  });
}
