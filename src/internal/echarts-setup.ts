/**
 * The ECharts modules a dashkit chart draws with (line, area, bar, pie and
 * donut over a dataset), registered once when this module is evaluated.
 * Import it only through `loadECharts()`: the dynamic import is what lets a
 * bundler (and our CDN build) keep ECharts out of the main file.
 */
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { AriaComponent, DatasetComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as core from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

// Rides in this chunk: drawing a chart (its option, theme and observers) is of no use before ECharts is here.
export { ChartView, liveCharts } from '../components/chart/chart-view.js';
export { filterAt } from '../components/chart/chart-drill.js';

// Area is a line with areaStyle and donut a pie with an inner radius, so three
// chart types cover every `type`. No TitleComponent: the widget renders its
// heading in HTML, where screen readers and the theme reach it.
function register(): typeof core {
  core.use([
    LineChart,
    BarChart,
    PieChart,
    GridComponent,
    TooltipComponent,
    LegendComponent,
    DatasetComponent,
    AriaComponent,
    CanvasRenderer,
  ]);
  return core;
}

/**
 * `echarts/core` with the above registered. Registration happens in the
 * export's initializer rather than as a bare top-level call: package.json
 * marks our modules side-effect free, and a bundler honouring that (Vite's
 * production build does) drops a bare `use([...])` while keeping the export.
 */
export const echarts: typeof core = register();
