/**
 * Lazy access to ECharts. Widgets call `loadECharts()` when a chart first
 * needs drawing; nothing of ECharts is imported statically, so it costs the
 * page nothing until then (about 180 KB gzip, the bulk of dashkit).
 */
import type { BarSeriesOption, LineSeriesOption, PieSeriesOption } from 'echarts/charts';
import type {
  AriaComponentOption,
  DatasetComponentOption,
  GridComponentOption,
  LegendComponentOption,
  TooltipComponentOption,
} from 'echarts/components';
import type { ComposeOption } from 'echarts/core';

/** The `echarts/core` namespace with dashkit's charts and components registered. */
export type ECharts = typeof import('echarts/core');

/** Options accepted by a chart built from what `loadECharts()` registers. */
export type DashChartOption = ComposeOption<
  | LineSeriesOption
  | BarSeriesOption
  | PieSeriesOption
  | GridComponentOption
  | TooltipComponentOption
  | LegendComponentOption
  | DatasetComponentOption
  | AriaComponentOption
>;

let loading: Promise<ECharts> | undefined;

/**
 * Load ECharts once and register the line, bar and pie charts with grid,
 * tooltip, legend, dataset, aria and the canvas renderer.
 * A failed load (say, the network dropped the chunk) is not cached, so a
 * retry can succeed.
 *
 * @example
 * const echarts = await loadECharts();
 * const chart = echarts.init(this.canvasHost);
 */
export function loadECharts(): Promise<ECharts> {
  loading ??= import('./echarts-setup.js').then(
    (m) => m.echarts,
    (error: unknown) => {
      loading = undefined;
      throw error;
    },
  );
  return loading;
}
