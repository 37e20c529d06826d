/**
 * Boards (SPEC §7 "Boards, rendering and export"): a dashboard written as
 * JSON — a title, a period, filters and widgets — that the server names in
 * config (`boards`), serves at `v1/boards` and `v1/boards/{id}`, and renders
 * at `v1/boards/{id}/render.{pdf|png|svg|html}` or, posted, at
 * `POST v1/render.{pdf|png|svg|html}`. A widget is `{type, ...}` where the
 * other keys are that element's attributes in camelCase.
 */
import * as z from 'zod/mini';
import { COMPARE_MODES, GRANULARITIES, RANGES } from './common.js';
import {
  AGING_SORTS,
  choice,
  filterList,
  MAX_LIMIT,
  MAX_METRICS,
  metricId,
  periodRules,
  RequestDate,
} from './params.js';

/** Most widgets one board may hold: a board is a page or two people read, not a data dump. */
export const MAX_BOARD_WIDGETS = 40;
/** Longest board title, in characters. */
export const MAX_BOARD_TITLE = 200;
/** Most rows a table widget may render (the pages a rendered table may fill are bounded by it). */
export const MAX_BOARD_TABLE_ROWS = MAX_LIMIT;
/** Rows a table widget renders when it says nothing. */
export const DEFAULT_BOARD_TABLE_ROWS = 50;

/** Widget types a board may hold, each the tag name without `dash-`. */
export const BOARD_WIDGET_TYPES = ['stat-grid', 'stat-card', 'chart', 'aging-table', 'low-stock', 'activity'] as const;
export type BoardWidgetType = (typeof BOARD_WIDGET_TYPES)[number];

/** Chart kinds of `<dash-chart type>` (a board calls it `chartType`: `type` is the widget's). */
export const BOARD_CHART_TYPES = ['line', 'area', 'bar', 'pie', 'donut'] as const;

const METRIC_ID = /^[a-z][a-z0-9_]{0,63}$/;

/** `metrics` as the element takes it: metric ids separated by commas, e.g. `revenue,orders`. */
const metricIds = z.string().check(
  z.refine((raw: string) => {
    const ids = raw.split(/[\s,]+/).filter(Boolean);
    return ids.length > 0 && ids.length <= MAX_METRICS && ids.every((id) => METRIC_ID.test(id));
  }, `expected 1 to ${MAX_METRICS} metric ids separated by commas, e.g. "revenue,orders"`),
);

const rows = (what: string) =>
  z
    .int(`expected a whole number of ${what} from 1 to ${MAX_BOARD_TABLE_ROWS}`)
    .check(
      z.gte(1, `expected a whole number of ${what} from 1 to ${MAX_BOARD_TABLE_ROWS}`),
      z.lte(
        MAX_BOARD_TABLE_ROWS,
        `at most ${MAX_BOARD_TABLE_ROWS} ${what} per table (a longer table is an export, not a board)`,
      ),
    );

const flag = z.optional(z.boolean('expected true or false'));

export const StatGridWidget = z.strictObject({
  type: z.literal('stat-grid'),
  metrics: metricIds,
  compact: flag,
  noTrend: flag,
});

export const StatCardWidget = z.strictObject({
  type: z.literal('stat-card'),
  metric: metricId,
  compact: flag,
  noTrend: flag,
});

export const ChartWidget = z.strictObject({
  type: z.literal('chart'),
  /** Metric ids; unset uses the backend's first time-series metric. With `breakdown`, the first is used. */
  metrics: z.optional(metricIds),
  chartType: z.optional(choice(BOARD_CHART_TYPES)),
  granularity: z.optional(choice(GRANULARITIES)),
  breakdown: z.optional(metricId),
  report: z.optional(choice(['aging'] as const)),
  limit: z.optional(
    z
      .int('expected a whole number from 1 to 100')
      .check(z.gte(1, 'expected 1 to 100'), z.lte(100, 'expected 1 to 100')),
  ),
  includeOther: flag,
  label: z.optional(z.string().check(z.maxLength(MAX_BOARD_TITLE, `at most ${MAX_BOARD_TITLE} characters`))),
});

export const AgingTableWidget = z.strictObject({
  type: z.literal('aging-table'),
  asOf: z.optional(RequestDate),
  basis: z.optional(choice(['due', 'invoice'] as const)),
  sort: z.optional(choice(AGING_SORTS)),
  order: z.optional(choice(['asc', 'desc'] as const)),
  search: z.optional(z.string().check(z.maxLength(100, 'at most 100 characters'))),
  /** Rows per page on screen; on a rendered board, the rows shown when `limit` is unset. */
  pageSize: z.optional(rows('rows')),
  /** Rows a rendered board shows (continued across pages). @default 50 */
  limit: z.optional(rows('rows')),
});

export const LowStockWidget = z.strictObject({
  type: z.literal('low-stock'),
  limit: z.optional(rows('rows')),
});

export const ActivityWidget = z.strictObject({
  type: z.literal('activity'),
  limit: z.optional(rows('items')),
  kinds: z.optional(z.string().check(z.maxLength(200, 'at most 200 characters'))),
});

/** One widget of a board: `type` and that element's attributes in camelCase. */
export const BoardWidget = z.discriminatedUnion('type', [
  StatGridWidget,
  StatCardWidget,
  ChartWidget,
  AgingTableWidget,
  LowStockWidget,
  ActivityWidget,
]);
export type BoardWidget = z.infer<typeof BoardWidget>;

/** `filter` as `<dash-board filter>` takes it: `dimension:value` pairs, e.g. `customer:42`. */
const boardFilter = z
  .string()
  .check(
    z.refine(
      (raw: string) => filterList.safeParse(raw).success,
      'expected dimension:value pairs separated by commas, each dimension once, e.g. customer:42',
    ),
  );

/**
 * A board: what `<dash-board>` holds, as JSON. The period and filter are the
 * board's defaults; a render request's own parameters override them.
 *
 * @example
 * { "title": "Weekly", "range": "7d", "widgets": [
 *   { "type": "stat-grid", "metrics": "revenue,orders" },
 *   { "type": "chart", "metrics": "revenue", "chartType": "area" } ] }
 */
export const Board = z
  .strictObject({
    /** Lowercase letters, digits, `_` and `-`: the `{id}` of `v1/boards/{id}` (set by the server from config). */
    id: z.optional(
      z.string().check(z.regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, 'expected an id of lowercase letters, digits, _ and -')),
    ),
    title: z
      .string('expected a title')
      .check(z.minLength(1, 'expected a title'), z.maxLength(MAX_BOARD_TITLE, `at most ${MAX_BOARD_TITLE} characters`)),
    range: z.optional(choice(RANGES)),
    from: z.optional(RequestDate),
    to: z.optional(RequestDate),
    compare: z.optional(choice(COMPARE_MODES)),
    filter: z.optional(boardFilter),
    widgets: z
      .array(BoardWidget)
      .check(
        z.minLength(1, 'expected at least one widget'),
        z.maxLength(MAX_BOARD_WIDGETS, `a board holds at most ${MAX_BOARD_WIDGETS} widgets`),
      ),
  })
  .check(periodRules);
export type Board = z.infer<typeof Board>;

/** One entry of `v1/boards`. */
export const BoardSummary = z.object({
  id: z.string(),
  title: z.string(),
  widgets: z.int().check(z.nonnegative()),
});
export type BoardSummary = z.infer<typeof BoardSummary>;

/** `GET v1/boards`: the boards the server's config names. */
export const BoardsResponse = z.object({
  boards: z.array(BoardSummary),
});
export type BoardsResponse = z.infer<typeof BoardsResponse>;

/** Formats a board renders to: `render.{format}`. */
export const RENDER_FORMATS = ['pdf', 'png', 'svg', 'html'] as const;
export type RenderFormat = (typeof RENDER_FORMATS)[number];

/** Paper sizes of a PDF (and the page shape of the other formats). */
export const PAPERS = ['a4', 'letter'] as const;
export type Paper = (typeof PAPERS)[number];

/** Themes a board renders in. */
export const RENDER_THEMES = ['light', 'dark'] as const;
export type RenderTheme = (typeof RENDER_THEMES)[number];

/** A BCP 47 tag, loosely: letters, digits and hyphens. */
const localeTag = z
  .string()
  .check(z.regex(/^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,4}$/, 'expected a BCP 47 locale such as en-US or fa-IR'));

/**
 * Query of `render.{format}`: the period and filter (over the board's own),
 * `locale`, `currency`, `theme` and `paper`.
 */
export const RenderParams = z
  .strictObject({
    range: z.optional(choice(RANGES)),
    from: z.optional(RequestDate),
    to: z.optional(RequestDate),
    compare: z.optional(choice(COMPARE_MODES)),
    filter: z.optional(filterList),
    locale: z.optional(localeTag),
    currency: z.optional(z.string().check(z.regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code such as EUR'))),
    theme: z.optional(choice(RENDER_THEMES)),
    paper: z.optional(choice(PAPERS)),
  })
  .check(periodRules);
export type RenderParams = z.output<typeof RenderParams>;
