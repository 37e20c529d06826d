/**
 * The drawing half of `<dash-chart>`: one ECharts instance in the element's
 * canvas box, given a new option when the model, type, theme, direction or
 * locale changes and resized with the element. It travels in the lazy ECharts
 * chunk (re-exported by internal/echarts-setup.ts): none of it is of use
 * before ECharts is there, so a page that never shows a chart never loads it.
 *
 * The element keeps what must work without ECharts: the data, its model, the
 * data-table twin and every state.
 */
import { init, type EChartsType } from 'echarts/core';
import type { DashTheme } from '../../internal/dash-element.js';
import { formatValue, type FormatContext } from '../../internal/format.js';
import { addEnglish, msg } from '../../internal/i18n.js';
import { chartEn } from '../../locales/en-chart.js';
import type { ReportController } from '../../internal/report.js';
import { drills, filterAt } from './chart-drill.js';
import {
  chartTypeProblem,
  drawsOther,
  type ChartData,
  type ChartModel,
  type ChartTheme,
  type ChartType,
} from './chart-model.js';
import { buildOption, legendRows } from './chart-option.js';
import { CHART_PALETTES } from '../../view/chart-palettes.js';

export { CHART_PALETTES } from '../../view/chart-palettes.js';

const DARK_QUERY = '(prefers-color-scheme: dark)';

/** A host switches themes by these attributes on <html>, on the board or on the chart; each can change the tokens. */
const THEME_ATTRIBUTES = ['theme', 'class', 'style', 'data-theme'];

/** ECharts instances alive on the page, over every chart: what a leak test counts. */
let liveInstances = 0;

/** ECharts instances alive over all charts on the page (0 once every chart is removed). */
export function liveCharts(): number {
  return liveInstances;
}

function closestAcrossShadows(from: Element, selector: string): Element | null {
  let node: Element | null = from;
  while (node) {
    const found = node.closest(selector);
    if (found) return found;
    const root = node.getRootNode();
    node = root instanceof ShadowRoot ? root.host : null;
  }
  return null;
}

export class ChartView {
  #chart?: EChartsType;
  /** What the chart currently shows, to skip redrawing (and re-animating) the same thing. */
  #drawn?: {
    model: ChartModel;
    key: string;
    type: ChartType;
    includeOther: boolean;
    format: FormatContext;
    rtl: boolean;
  };
  // A new width may wrap the legend onto another row: the element redraws, which is a no-op when it does not.
  // Resized at once: animated, the lines would stray past the axes for a moment (a window being resized, a
  // full-page screenshot).
  readonly #resize = new ResizeObserver(() => {
    this.#chart?.resize({ animation: { duration: 0 } });
    this._onThemeChange();
  });
  readonly #mutation: MutationObserver;
  readonly #colorScheme = matchMedia(DARK_QUERY);
  /** The item the arrow keys reached (an index into the drawn categories), or -1. */
  #active = -1;

  /**
   * @param _host The `<dash-chart>`: its size and computed `--dash-*` tokens.
   * @param _canvas The box ECharts draws in.
   * @param _onThemeChange Called when the tokens may have changed; the element answers with {@link draw}.
   * @param _report The element's report: a click or Enter on an item sets its board filter through it.
   * @param _point Called with what to announce when the arrow keys reach an item.
   */
  constructor(
    private readonly _host: HTMLElement,
    private readonly _canvas: HTMLElement,
    private readonly _onThemeChange: () => void,
    private readonly _report?: ReportController<ChartData>,
    private readonly _point: (text: string) => void = () => {},
  ) {
    // A drawn chart's English texts come with this chunk (the built-in catalog leaves them out).
    addEnglish(chartEn);
    // The frame around the canvas is focusable when a pick filters the board; its keys move and choose.
    _canvas.parentElement?.addEventListener('keydown', this.#onKey);
    this.#resize.observe(_host);
    this.#mutation = new MutationObserver(_onThemeChange);
    for (const target of [document.documentElement, closestAcrossShadows(_host, 'dash-board'), _host]) {
      if (target) this.#mutation.observe(target, { attributes: true, attributeFilter: THEME_ATTRIBUTES });
    }
    this.#colorScheme.addEventListener('change', _onThemeChange);
  }

  /**
   * Creates the ECharts instance on first need and gives it the option for
   * `model`, unless it already shows exactly that. `theme` is the chart's own
   * or its board's; unset follows the system. `includeOther` draws a breakdown's `other` row as a bar too.
   * Nothing to draw (an empty model, or a type that cannot show it; the element says why): {@link clear}.
   */
  draw(
    model: ChartModel,
    type: ChartType,
    format: FormatContext,
    theme: DashTheme | undefined,
    includeOther = false,
  ): void {
    if (model.empty || chartTypeProblem(model.kind, type)) return this.clear();
    const colors = this.#readTheme(theme ?? (this.#colorScheme.matches ? 'dark' : 'light'));
    const ctx = {
      ...format,
      includeOther,
      rtl: getComputedStyle(this._canvas.parentElement ?? this._host).direction === 'rtl',
      animation: !matchMedia('(prefers-reduced-motion: reduce)').matches,
      width: this._canvas.clientWidth || undefined,
      totalLabel: msg(format.locale, 'total'),
    };
    // The width matters only through the legend's rows: a resize that keeps them is no reason to redraw.
    const names =
      type === 'pie' || type === 'donut'
        ? model.categories
        : model.columns.filter((c) => !c.tableOnly).map((c) => c.name);
    const key = JSON.stringify([type, colors, { ...ctx, width: legendRows(names, ctx.width) }]);
    if (this.#chart && this.#drawn?.model === model && this.#drawn.key === key) return;
    if (!this.#chart) {
      const chart = (this.#chart = init(this._canvas, undefined, { renderer: 'canvas' }));
      liveInstances++;
      // A slice is hit by its shape; a bar anywhere in its band, its label included (a small customer's bar is thin).
      chart.on('click', 'series.pie', (p) => this.#pick(p.dataIndex));
      chart.getZr().on('click', (e) => {
        if (this.#drawn?.type !== 'bar') return;
        const at = chart.convertFromPixel({ seriesIndex: 0 }, [e.offsetX, e.offsetY]) as number[];
        const i = Math.round(at[this.#drawn.model.kind === 'breakdown' ? 1 : 0] ?? -1);
        if (i >= 0 && i < this.#count()) this.#pick(i);
      });
    }
    this.#chart.setOption(buildOption(model, type, colors, ctx), { notMerge: true });
    if (this.#drawn?.model !== model) this.#active = -1;
    this.#drawn = { model, key, type, includeOther, format, rtl: ctx.rtl };
  }

  /** Items drawn: the categories, less a bar chart's `other` row unless it is drawn. */
  #count(): number {
    const d = this.#drawn;
    if (!d) return 0;
    const n = d.model.categories.length;
    return drawsOther(d.model, d.type, d.includeOther) ? n : n - 1;
  }

  /**
   * The chart's keys: arrows move a cursor over the drawn items (along the time axis, so mirrored with it right
   * to left: ArrowLeft goes forward in time there), Home/End to the ends, PageUp/PageDown by a week of days, a
   * month of weeks or a year of months; Enter or Space picks (a breakdown bar or slice filters the board). The
   * active item is highlighted and its tooltip shown; the element announces it.
   */
  #onKey = (event: KeyboardEvent): void => {
    const n = this.#count();
    const chart = this.#chart;
    const d = this.#drawn;
    if (!chart || !d || n === 0) return;
    // A time axis runs right to left in a right-to-left chart; breakdown bars run top to bottom, slices clockwise.
    const mirrored = d.rtl && d.model.kind !== 'breakdown' && d.type !== 'pie' && d.type !== 'donut';
    const forward = mirrored ? 'ArrowLeft' : 'ArrowRight';
    const at = this.#active;
    const page = d.model.page ?? 5;
    const moves: Record<string, number> = {
      [forward]: at + 1,
      [mirrored ? 'ArrowRight' : 'ArrowLeft']: at - 1,
      ArrowDown: at + 1,
      ArrowUp: at - 1,
      Home: 0,
      End: n - 1,
      PageDown: Math.min(at + page, n - 1),
      PageUp: Math.max(at - page, 0),
    };
    if (event.key === 'Enter' || event.key === ' ') {
      if (at >= 0) this.#pick(at);
    } else if (event.key in moves) {
      const i = (this.#active = ((moves[event.key] ?? 0) + n) % n);
      chart.dispatchAction({ type: 'downplay', seriesIndex: 0 });
      chart.dispatchAction({ type: 'highlight', seriesIndex: 0, dataIndex: i });
      chart.dispatchAction({ type: 'showTip', seriesIndex: 0, dataIndex: i });
      // "12 March 2026, Revenue $24,310, Orders 118": every drawn series at that point.
      const values = d.model.columns
        .filter((c) => !c.tableOnly)
        .map((c) => `${c.name} ${formatValue(c.values[i] ?? null, c.format, d.format)}`);
      this.#pick(i, [d.model.categoryTitles[i], ...values].join(d.rtl ? '، ' : ', '));
    } else return;
    event.preventDefault();
  };

  /**
   * A click or Enter on the `i`-th item sets its board filter; the arrow keys reaching it (`announce`) have it
   * announced, with what Enter does. The filter is none for a time series, the `other` row, or a chart outside a
   * board.
   */
  #pick(i: number, announce?: string): void {
    const report = this._report;
    const data = report?.data;
    const f = report?.board?.select && data ? filterAt(data, i) : undefined;
    if (announce === undefined) {
      if (f) report?.select(f);
    } else this._point(f ? msg(report!.format(data?.meta).locale, 'enterFilters', { what: announce }) : announce);
  }

  /**
   * The name of the element's focusable frame (once ECharts is there, the chart has keys): the chart and its
   * keys, and that Enter filters the board when its items stand for board filters.
   */
  static frameLabel(report: ReportController<ChartData>, data: ChartData, title: string, locale: string): string {
    const what = msg(locale, 'chartKeys', { title });
    return report.board?.select && drills(data) ? msg(locale, 'enterFilters', { what }) : what;
  }

  /** Nothing to draw (no data, or a type that cannot show it): an empty canvas. */
  clear(): void {
    this.#chart?.clear();
    this.#drawn = undefined;
  }

  /** Disposes the ECharts instance and every observer: a chart removed from the page leaves nothing behind. */
  dispose(): void {
    this._canvas.parentElement?.removeEventListener('keydown', this.#onKey);
    this.#resize.disconnect();
    this.#mutation.disconnect();
    this.#colorScheme.removeEventListener('change', this._onThemeChange);
    if (this.#chart) {
      this.#chart.dispose();
      liveInstances--;
    }
    this.#chart = undefined;
    this.#drawn = undefined;
  }

  #readTheme(theme: DashTheme): ChartTheme {
    const style = getComputedStyle(this._host);
    const token = (name: string) => style.getPropertyValue(name).trim();
    return {
      palette: CHART_PALETTES[theme].map((fallback, i) => token(`--dash-chart-${i + 1}`) || fallback),
      text: token('--_dash-text'),
      muted: token('--_dash-text-muted'),
      border: token('--_dash-border'),
      surface: token('--_dash-surface'),
      fontFamily: style.fontFamily,
      aging: [0, 1, 2, 3, 4, 5].map((i) => token(`--_dash-aging-${i}`)),
    };
  }
}
