/**
 * What `<dash-board>`'s export menu sends: the ad-hoc board (SPEC §7 "Boards,
 * rendering and export") built from the board's own children and current
 * state, and the CSV exports of its tables. Pure functions of their inputs,
 * so they are tested without a browser page.
 */
import type { DashFilter } from '../../events/filter-change.js';
import { msg, type MessageKey } from '../../internal/i18n.js';

/** Widget types of a board, by the element that shows them. */
export const WIDGET_TYPES: Readonly<Record<string, string>> = {
  'dash-stat-grid': 'stat-grid',
  'dash-stat-card': 'stat-card',
  'dash-chart': 'chart',
  'dash-aging-table': 'aging-table',
  'dash-low-stock': 'low-stock',
  'dash-activity': 'activity',
};

/** Attributes that are not the widget's content: layout, accessibility, and what the board itself owns. */
const SKIPPED = new Set([
  'id',
  'class',
  'style',
  'slot',
  'dir',
  'lang',
  'title',
  'hidden',
  'tabindex',
  'role',
  'part',
  'src',
  'locale',
  'currency',
  'theme',
  'range',
  'from',
  'to',
  'compare',
  'filter',
  'credentials',
]);

/** Attributes whose values are numbers. */
const NUMERIC = new Set(['limit', 'pageSize']);

/** The state of a board an export renders: its period and filters, and a title for the document. */
export interface BoardState {
  title: string;
  range?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  compare?: string | undefined;
  /** `dimension:value` pairs separated by commas, as the board's `filter` attribute. */
  filter?: string | undefined;
}

/** One widget of a board as JSON: its type and its attributes in camelCase. */
export type BoardWidgetJson = { type: string } & Record<string, string | number | boolean>;

/** A board as `POST v1/render.{format}` takes it. */
export interface BoardJson {
  title: string;
  range?: string;
  from?: string;
  to?: string;
  compare?: string;
  filter?: string;
  widgets: BoardWidgetJson[];
}

const camel = (name: string) => name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/** The widget elements of a board, in document order (not those of a board nested inside it). */
export function widgetsOf(board: Element): Element[] {
  return [...board.querySelectorAll(Object.keys(WIDGET_TYPES).join(','))].filter(
    (el) => el.parentElement?.closest('dash-board') === board,
  );
}

/** One widget element as board JSON; `<dash-chart type>` becomes `chartType`. */
export function widgetJson(el: Element): BoardWidgetJson | undefined {
  const type = WIDGET_TYPES[el.localName];
  if (!type) return undefined;
  const out: BoardWidgetJson = { type };
  for (const { name, value } of el.attributes) {
    if (SKIPPED.has(name) || name.startsWith('aria-') || name.startsWith('data-') || name.startsWith('on')) continue;
    const key = name === 'type' ? 'chartType' : camel(name);
    const n = Number(value);
    out[key] = value === '' ? true : NUMERIC.has(key) && value.trim() && Number.isFinite(n) ? n : value;
  }
  return out;
}

/** The ad-hoc board: the state's period (dates only for `custom`) and filter, and every widget child. */
export function boardJson(widgets: readonly Element[], state: BoardState): BoardJson {
  const custom = state.range === 'custom';
  const board: BoardJson = { title: state.title.trim().slice(0, 200) || 'Dashboard', widgets: [] };
  if (state.range) board.range = state.range;
  if (custom && state.from) board.from = state.from;
  if (custom && state.to) board.to = state.to;
  if (state.compare) board.compare = state.compare;
  // `bucket:` is the aging table's own narrowing, not a dimension of the data: a board's filter leaves it out.
  const filter = (state.filter ?? '')
    .split(',')
    .map((pair) => pair.trim())
    .filter((pair) => pair && !pair.startsWith('bucket:'))
    .join(',');
  if (filter) board.filter = filter;
  for (const el of widgets) {
    const w = widgetJson(el);
    if (w) board.widgets.push(w);
  }
  return board;
}

/** One table's CSV download: what to GET and the file name to save it as. */
export interface CsvExport {
  /** The menu item's text. */
  label: string;
  /** `v1/export/{report}.csv`. */
  path: string;
  query: Record<string, string | undefined>;
  filename: string;
}

/** Which dimensions each report takes, as `v1/meta` lists them. */
export type Dimensions = readonly { id: string; reports: readonly string[] }[] | undefined;

const TABLES: Readonly<Record<string, { report: string; label: MessageKey; attrs: readonly string[] }>> = {
  'dash-aging-table': {
    report: 'aging',
    label: 'receivablesAging',
    attrs: ['as-of', 'basis', 'sort', 'order', 'search'],
  },
  'dash-low-stock': { report: 'low-stock', label: 'lowStock', attrs: [] },
};

/**
 * The CSV export of every table among `widgets`, with the board's filters its report takes (the
 * `dimensions` of `v1/meta`; `bucket` for aging) and the table's own sort and search. A table with its own
 * `src` is left out: its data is not the board's. Menu labels are in `locale`.
 */
export function csvExports(
  widgets: readonly Element[],
  filters: readonly DashFilter[],
  dims: Dimensions,
  locale = 'en',
): CsvExport[] {
  const seen = new Map<string, number>();
  return widgets.flatMap((el) => {
    const table = TABLES[el.localName];
    if (!table || el.hasAttribute('src')) return [];
    const n = (seen.get(table.report) ?? 0) + 1;
    seen.set(table.report, n);
    const query: Record<string, string | undefined> = {};
    for (const a of table.attrs) query[camel(a)] = el.getAttribute(a) || undefined;
    const takes = filters.filter((f) =>
      f.dimension === 'bucket'
        ? table.report === 'aging'
        : dims?.some((d) => d.id === f.dimension && d.reports.includes(table.report)),
    );
    const pairs = takes.filter((f) => f.dimension !== 'bucket').map((f) => `${f.dimension}:${f.value}`);
    if (pairs.length) query['filter'] = pairs.join(',');
    const bucket = takes.find((f) => f.dimension === 'bucket');
    if (bucket) query['bucket'] = bucket.value;
    const suffix = n > 1 ? `-${n}` : '';
    return [
      {
        label: `CSV: ${msg(locale, table.label)}${n > 1 ? ` (${n})` : ''}`,
        path: `v1/export/${table.report}.csv`,
        query,
        filename: `${table.report}${suffix}.csv`,
      },
    ];
  });
}

/** A file name for a rendered board: its title as a slug, the period, the format's extension. */
export function renderFilename(board: BoardJson, format: string, today: string): string {
  const slug =
    board.title
      .normalize('NFKD')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'dashboard';
  const period =
    board.range === 'custom' && board.from && board.to ? `${board.from}_${board.to}` : (board.range ?? today);
  return `${slug}-${period}.${format}`;
}
