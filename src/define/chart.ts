/**
 * Registers `<dash-chart>`. Import `dashkitjs/chart` for this element alone;
 * ECharts itself stays out of this module and loads when a chart is first seen.
 */
import { DashChart } from '../components/chart/chart.js';

export { DashChart };

if (!customElements.get('dash-chart')) customElements.define('dash-chart', DashChart);
