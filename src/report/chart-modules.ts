import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent } from 'echarts/components';

/**
 * The ECharts pieces the report's options (charts.ts) need, and nothing else, so a bundle keeps
 * only these. Register them with a renderer: `use([...CHART_MODULES, SVGRenderer])` on the
 * server (svg.ts), `use([...CHART_MODULES, CanvasRenderer])` or the SVG one in the browser.
 */
export const CHART_MODULES = [BarChart, LineChart, GridComponent, LegendComponent, MarkLineComponent];
