/**
 * Lazy access to ECharts. Widgets call `loadECharts()` when a chart first
 * needs drawing; nothing of ECharts is imported statically, so it costs the
 * page nothing until then (about 180 KB gzip, the bulk of dashkit).
 */

import { memoPromise } from './memo.js';

/** The `echarts/core` namespace with dashkit's charts and components registered. */
export type ECharts = typeof import('echarts/core');

/** The lazy chunk: ECharts, and the code that is of use only with it (`<dash-chart>`'s drawing, chart-view.ts). */
export type EChartsChunk = typeof import('./echarts-setup.js');

const loading = new Map<0, Promise<EChartsChunk>>();

/**
 * Loads the lazy chunk once; the one dynamic import of ECharts in dashkit.
 * A failed load (say, the network dropped the chunk) is not cached, so a
 * retry can succeed.
 */
export function loadEChartsChunk(): Promise<EChartsChunk> {
  return memoPromise(loading, 0, () => import('./echarts-setup.js'));
}

/**
 * Load ECharts once and register the line, bar and pie charts with grid,
 * tooltip, legend, dataset, aria and the canvas renderer.
 *
 * @example
 * const echarts = await loadECharts();
 * const chart = echarts.init(this.canvasHost);
 */
export function loadECharts(): Promise<ECharts> {
  return loadEChartsChunk().then((m) => m.echarts);
}
