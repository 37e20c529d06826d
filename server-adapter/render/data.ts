/**
 * A board's data: every widget's reports read from the engine with the
 * caller's scope, the board's period and filters, then turned into what the
 * widgets show through the shared view model (src/view/, the chart model).
 */
import {
  ActivityParams,
  AgingParams,
  BreakdownParams,
  type Board,
  type BoardWidget,
  DEFAULT_BOARD_TABLE_ROWS,
  type FilterParam,
  filterList,
  LowStockParams,
  type MetaResponse,
  type ParamError,
  parseQuery,
  type Period,
  SeriesParams,
  StatsParams,
} from '../../src/contract/index.js';
import {
  buildModel,
  chartTypeOf,
  chartTypeProblem,
  defaultMetric,
  metricInfos,
  type ChartData,
  type ChartModel,
  type ChartType,
} from '../../src/components/chart/chart-model.js';
import { directionOf, type FormatContext } from '../../src/internal/format.js';
import { relativeTime } from '../../src/internal/relative-time.js';
import { narrowed } from '../../src/view/filters.js';
import { statView, type StatView } from '../../src/view/stat.js';
import { activityAmount, agingView, lowStockView, type TableView } from '../../src/view/tables.js';
import type { Scope } from '../auth/scope.js';
import { InvalidQueryError } from '../engine/errors.js';
import type { Engine } from '../engine/types.js';
import { BadRequestError } from '../errors.js';
import { activityTitle, localAging, localChart, localLowStock, localStat } from './localize.js';
import type { RenderOptions } from './types.js';
import { fill, renderWords, type RenderWords } from './words.js';

/** What one widget draws. */
export type WidgetView =
  | { kind: 'stats'; cards: StatView[] }
  | { kind: 'chart'; model: ChartModel; chartType: ChartType; includeOther: boolean }
  | { kind: 'table'; table: TableView };

/** A board ready to draw. */
export interface BoardView {
  title: string;
  /** "Last 7 days (15–21 Nov 2026) · Acme Ltd · Generated 21 Nov 2026, 12:00". */
  subtitle: string;
  format: FormatContext;
  rtl: boolean;
  widgets: WidgetView[];
  /** The renderer's own words in the board's locale ("(continued)", "No data for this period."). */
  words: RenderWords;
}

const ENVELOPE = { generatedAt: new Date(0).toISOString(), cache: { hit: false, ageSeconds: 0, stale: false } };

type Query = Record<string, string | undefined>;

/** Parses a widget's request with the contract's own schema, naming a bad field as the widget's. */
function parse<T>(schema: Parameters<typeof parseQuery<T>>[0], query: Query, at: string): T {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, v);
  const result = parseQuery(schema, params);
  if (!result.ok)
    throw new BadRequestError(result.errors.map((e) => ({ param: `${at}.${e.param}`, message: e.message })));
  return result.value;
}

/** Runs an engine call, naming the widget in a refusal of its parameters (`widgets[2].metrics: unknown metric`). */
async function widgetCall<T>(at: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof InvalidQueryError)
      throw new BadRequestError(
        error.errors.map((e: ParamError) => ({ param: `${at}.${e.param}`, message: e.message })),
      );
    throw error;
  }
}

const ids = (raw: string) => [...new Set(raw.split(/[\s,]+/).filter(Boolean))];

const filterText = (filters: readonly FilterParam[]) =>
  filters.length ? filters.map((f) => `${f.dimension}:${f.value}`).join(',') : undefined;

/** Reads every widget of `board` and returns what to draw. */
export async function loadBoard(
  board: Board,
  options: RenderOptions,
  engine: Engine,
  now: Date,
  signal?: AbortSignal,
): Promise<BoardView> {
  // Metric, breakdown and period labels come back in the board's locale (SPEC §7 "Locales and calendars").
  const meta: MetaResponse = { ...engine.meta(options.locale), ...ENVELOPE };
  const format: FormatContext = {
    locale: options.locale ?? meta.locale,
    currency: options.currency ?? meta.currency,
  };
  const locale = format.locale;
  const words = renderWords(locale);
  const scope: Scope = options.scope;
  // The request's period replaces the board's as a whole, so `range=custom&from&to` never mixes with a preset.
  const askedPeriod = options.range !== undefined || options.from !== undefined || options.to !== undefined;
  const period: Query = askedPeriod
    ? { range: options.range, from: options.from, to: options.to, locale }
    : { range: board.range, from: board.from, to: board.to, locale };
  const compare = options.compare ?? board.compare;
  const filters: readonly FilterParam[] =
    options.filter ?? (board.filter ? (filterList.parse(board.filter) as FilterParam[]) : []);
  const takes = (report: string) =>
    filters.length > 0 &&
    filters.every((f) => meta.dimensions?.some((d) => d.id === f.dimension && d.reports.includes(report)));
  const filterFor = (report: string) => (takes(report) ? filterText(filters) : undefined);

  let shownPeriod: Period | undefined;
  const appliedLabels = new Map<string, string>();
  const remember = (body: { period?: Period; filters?: { dimension: string; label: string }[] | undefined }) => {
    shownPeriod ??= body.period;
    for (const f of body.filters ?? []) appliedLabels.set(f.dimension, f.label);
  };

  /** `v1/stats` or `v1/series` for `list`, the filter on the metrics it narrows (as the widgets ask). */
  async function metricsReport<K extends 'stats' | 'series'>(
    kind: K,
    list: readonly string[],
    extra: Query,
    at: string,
  ) {
    const [on, off] = filters.length ? narrowed(meta, list, filters) : [[], list];
    const run = async (some: readonly string[], filter: string | undefined) => {
      if (!some.length) return undefined;
      const query = { ...period, ...extra, metrics: some.join(','), filter };
      if (kind === 'stats') {
        const params = parse(StatsParams, { ...query, compare }, at);
        return widgetCall(at, () => engine.stats.compute(params, scope));
      }
      const params = parse(SeriesParams, { ...query, compare }, at);
      return widgetCall(at, () => engine.series.compute(params, scope));
    };
    const [a, b] = await Promise.all([run(on, filterText(filters)), run(off, undefined)]);
    return [a, b].filter((x) => x !== undefined);
  }

  async function widget(w: BoardWidget, i: number): Promise<WidgetView> {
    const at = `widgets[${i}]`;
    switch (w.type) {
      case 'stat-grid':
      case 'stat-card': {
        const list = w.type === 'stat-grid' ? ids(w.metrics) : [w.metric];
        const bodies = (await metricsReport('stats', list, {}, at)) as Awaited<
          ReturnType<Engine['stats']['compute']>
        >[];
        const cards = list.map((id) => {
          const info = meta.metrics.find((m) => m.id === id);
          const body = bodies.find((b) => b.stats.some((s) => s.metric === id));
          const stat = body?.stats.find((s) => s.metric === id);
          if (!info || !body || !stat)
            throw BadRequestError.param(
              `${at}.${w.type === 'stat-grid' ? 'metrics' : 'metric'}`,
              `unknown metric "${id}" (this backend has ${meta.metrics.map((m) => m.id).join(', ')})`,
            );
          remember(body);
          const view = statView({ info, stat, comparison: body.comparison }, format, { compact: w.compact ?? false });
          return localStat(view, body.comparison, stat.change, locale, words);
        });
        return { kind: 'stats', cards };
      }
      case 'chart': {
        let data: ChartData;
        if (w.report === 'aging') {
          const params = parse(AgingParams, { limit: '1', filter: filterFor('aging'), locale }, at);
          const response = await widgetCall(at, () => engine.aging.compute(params, scope));
          data = { kind: 'aging', meta, response: { ...response, ...ENVELOPE } };
        } else {
          const chosen = w.metrics ? ids(w.metrics) : [defaultMetric(meta)?.id ?? ''];
          const infos = (() => {
            try {
              return metricInfos(meta, chosen);
            } catch (error) {
              throw BadRequestError.param(`${at}.metrics`, (error as Error).message);
            }
          })();
          if (w.breakdown) {
            const narrows = filters.length > 0 && narrowed(meta, chosen.slice(0, 1), filters)[0].length > 0;
            const query: Query = {
              metric: chosen[0],
              by: w.breakdown,
              limit: w.limit === undefined ? undefined : String(w.limit),
              ...period,
              filter: narrows ? filterText(filters) : undefined,
            };
            const params = parse(BreakdownParams, query, at);
            const response = await widgetCall(at, () => engine.breakdown.compute(params, scope));
            remember(response);
            const by = meta.breakdowns.find((b) => b.id === w.breakdown);
            data = {
              kind: 'breakdown',
              meta,
              info: infos[0]!,
              byLabel: by?.label ?? w.breakdown,
              response: { ...response, ...ENVELOPE },
            };
          } else {
            const bodies = (await metricsReport('series', chosen, { granularity: w.granularity }, at)) as Awaited<
              ReturnType<Engine['series']['compute']>
            >[];
            const [first, second] = bodies;
            const response = second ? { ...second, ...first!, series: [...first!.series, ...second.series] } : first!;
            remember(response);
            data = { kind: 'series', meta, infos, response: { ...response, ...ENVELOPE } };
          }
        }
        const chartType = chartTypeOf(data.kind, w.chartType);
        const problem = chartTypeProblem(data.kind, chartType);
        if (problem) throw BadRequestError.param(`${at}.chartType`, problem.replace('type=', 'chartType='));
        const model = localChart(buildModel(data, format), data, format, words);
        if (w.label) model.title = w.label;
        return { kind: 'chart', model, chartType, includeOther: w.includeOther ?? false };
      }
      case 'aging-table': {
        const query: Query = {
          asOf: w.asOf,
          basis: w.basis,
          sort: w.sort,
          order: w.order,
          search: w.search,
          limit: String(w.limit ?? w.pageSize ?? DEFAULT_BOARD_TABLE_ROWS),
          filter: filterFor('aging'),
          locale,
        };
        const params = parse(AgingParams, query, at);
        const response = await widgetCall(at, () => engine.aging.compute(params, scope));
        remember(response);
        return {
          kind: 'table',
          table: localAging(agingView({ ...response, ...ENVELOPE }, format), response, locale, words),
        };
      }
      case 'low-stock': {
        const query: Query = {
          limit: String(w.limit ?? DEFAULT_BOARD_TABLE_ROWS),
          filter: filterFor('low-stock'),
          locale,
        };
        const params = parse(LowStockParams, query, at);
        const response = await widgetCall(at, () => engine.lowStock.compute(params, scope));
        remember(response);
        const body = { ...response, ...ENVELOPE };
        return { kind: 'table', table: localLowStock(lowStockView(body, format), body, format, words) };
      }
      case 'activity': {
        if (!engine.activity) throw BadRequestError.param(`${at}.type`, 'this backend has no activity feed');
        const query: Query = {
          limit: String(w.limit ?? DEFAULT_BOARD_TABLE_ROWS),
          kinds: w.kinds,
          filter: filterFor('activity'),
          locale,
        };
        const params = parse(ActivityParams, query, at);
        const feed = engine.activity;
        const response = await widgetCall(at, () => feed.compute(params, scope));
        remember(response);
        const at0 = now.getTime();
        return {
          kind: 'table',
          table: {
            title: words.activity,
            summary: [],
            columns: [
              { id: 'at', label: words.when, numeric: false },
              { id: 'title', label: words.what, numeric: false },
              { id: 'customer', label: words.customer, numeric: false },
              { id: 'amount', label: words.amount, numeric: true },
              { id: 'status', label: words.status, numeric: false },
            ],
            rows: response.items.map((item) => ({
              cells: [
                relativeTime(Date.parse(item.at), at0, format.locale)[0],
                activityTitle(item),
                item.customer?.name ?? '',
                activityAmount(item, format) ?? '',
                item.status ?? '',
              ],
            })),
            empty: words.noActivity,
          },
        };
      }
    }
  }

  const widgets: WidgetView[] = [];
  // One widget at a time: a board is read by one request, and the pool serves everyone else meanwhile.
  for (const [i, w] of board.widgets.entries()) {
    signal?.throwIfAborted();
    widgets.push(await widget(w, i));
  }
  const generated = new Intl.DateTimeFormat(format.locale, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: meta.timezone,
  }).format(now);
  const parts = [
    shownPeriod?.label,
    ...filters.map((f) => appliedLabels.get(f.dimension) ?? `${f.dimension}: ${f.value}`),
    fill(words.generated, { date: generated }),
  ].filter((p): p is string => Boolean(p));
  return {
    title: board.title,
    subtitle: parts.join(' · '),
    format,
    rtl: directionOf(format.locale) === 'rtl',
    widgets,
    words,
  };
}
