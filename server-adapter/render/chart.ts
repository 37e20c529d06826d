/**
 * Charts on the server: the same option builder as `<dash-chart>`
 * (chart-option.ts) drawn by ECharts' server-side SVG renderer, with no DOM.
 */
import { BarChart, LineChart, PieChart } from 'echarts/charts';
import { AriaComponent, DatasetComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import type { ChartModel, ChartTheme, ChartType } from '../../src/components/chart/chart-model.js';
import { buildOption } from '../../src/components/chart/chart-option.js';
import { addEnglish } from '../../src/internal/i18n.js';
import { chartEn } from '../../src/locales/en-chart.js';
import type { FormatContext } from '../../src/internal/format.js';
import { CHART_PALETTES } from '../../src/view/chart-palettes.js';
import { themeColors, type ThemeName } from '../../src/view/theme.js';
import { FONT_FAMILY } from './fonts.js';
import { cssTextWidth } from './measure.js';

echarts.use([
  LineChart,
  BarChart,
  PieChart,
  GridComponent,
  LegendComponent,
  TooltipComponent,
  DatasetComponent,
  AriaComponent,
  SVGRenderer,
]);
// Text measured in the faces the SVG is drawn with (there is no canvas to ask).
echarts.setPlatformAPI({ measureText: (text, font) => ({ width: cssTextWidth(text, font) }) });

/** The chart colours of a theme, as `<dash-chart>` reads them from the default tokens. */
export function chartTheme(theme: ThemeName): ChartTheme {
  const colors = themeColors(theme);
  return {
    palette: [...CHART_PALETTES[theme]],
    text: colors['text'] ?? '#000',
    muted: colors['text-muted'] ?? '#555',
    border: colors['border'] ?? '#ccc',
    surface: colors['surface'] ?? '#fff',
    fontFamily: FONT_FAMILY,
    aging: [0, 1, 2, 3, 4, 5].map((i) => colors[`aging-${i}`] ?? '#888'),
  };
}

export interface ChartDrawing {
  model: ChartModel;
  chartType: ChartType;
  includeOther: boolean;
}

/** The chart as an SVG document of `width`×`height` CSS pixels. */
export function chartSvg(
  { model, chartType, includeOther }: ChartDrawing,
  format: FormatContext,
  rtl: boolean,
  theme: ThemeName,
  width: number,
  height: number,
  totalLabel?: string,
): string {
  // The chart's description is among the texts the widgets' ECharts chunk brings (the built-in catalog leaves it out).
  addEnglish(chartEn);
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    const option = buildOption(model, chartType, chartTheme(theme), {
      ...format,
      rtl,
      animation: false,
      includeOther,
      width,
      totalLabel,
    });
    // No tooltip on paper.
    chart.setOption({ ...option, tooltip: { show: false } });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}
