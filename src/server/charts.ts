import type { Context } from 'hono';
import type { AppContext } from '../app/context.js';
import { type InputOf, invoke } from '../app/handler.js';
import { insightHandlers } from '../app/insight/insight.js';
import { CHART_MAX_WIDTH, CHART_MIN_WIDTH, chartWidth } from '../domain/chart-size.js';
import { type ChartId, reportCharts } from '../report/charts.js';
import { renderSvg } from '../report/svg.js';
import { sendError } from './respond.js';

const CHART_IDS: readonly ChartId[] = ['ic-vs-leadership', 'ic-share', 'reasons', 'commitments', 'focus'];

/**
 * `GET /api/charts/<id>.svg?from=…&to=…[&width=…]`: one report chart as SVG, drawn on the server
 * with the same ECharts options as the HTML report. The browser gets pictures, not a chart
 * library, which keeps the dashboard's JavaScript small and the charts identical across surfaces.
 * `width` is the space the page has for the picture: drawn for it, its labels keep their size
 * instead of shrinking with the picture on a phone.
 */
export function chartRoute<C extends Context>(contextOf: (c: C) => AppContext) {
  return async (c: C) => {
    const name = (c.req.param('name') ?? '').replace(/\.svg$/, '');
    if (!(CHART_IDS as readonly string[]).includes(name)) {
      return sendError(
        c,
        404,
        'not-found',
        `There is no chart "${name}"; expected one of ${CHART_IDS.join(', ')}.`,
      );
    }
    const asked = c.req.query('width');
    if (asked !== undefined && !/^\d{1,5}$/.test(asked)) {
      return sendError(
        c,
        400,
        'invalid',
        `width must be a whole number of pixels (${CHART_MIN_WIDTH} to ${CHART_MAX_WIDTH}), not "${asked}".`,
      );
    }
    const width = chartWidth(asked === undefined ? undefined : Number(asked));
    const ctx = contextOf(c);
    // Whatever the query holds, the handler's schema judges it, as for any other request.
    const query: unknown = { from: c.req.query('from'), to: c.req.query('to') };
    const data = await invoke(insightHandlers.report, ctx, query as InputOf<typeof insightHandlers.report>);
    const chart = reportCharts(data, width).find((ch) => ch.id === name)!;
    const svg = renderSvg({
      id: chart.id,
      option: chart.option,
      width: chart.width,
      height: chart.height,
      title: chart.title,
      description: chart.summary,
      className: 'chart',
    });
    return c.body(svg, 200, { 'Content-Type': 'image/svg+xml; charset=utf-8' });
  };
}
