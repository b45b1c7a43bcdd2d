import type { Context } from 'hono';
import { type Actor, makeContext } from '../app/context.js';
import { type InputOf, invoke } from '../app/handler.js';
import { insightHandlers } from '../app/insight/insight.js';
import { type ChartId, reportCharts } from '../report/charts.js';
import { renderSvg } from '../report/svg.js';
import type { Store } from '../store/store.js';
import { sendError } from './respond.js';

const CHART_IDS: readonly ChartId[] = ['ic-vs-leadership', 'ic-share', 'reasons', 'commitments', 'focus'];

/**
 * `GET /api/charts/<id>.svg?from=…&to=…`: one report chart as SVG, drawn on the server with the
 * same ECharts options as the HTML report. The browser gets pictures, not a chart library, which
 * keeps the dashboard's JavaScript small and the charts identical across surfaces.
 */
export function chartRoute(store: Store, now?: () => Date, actor?: Actor) {
  return async (c: Context) => {
    const name = (c.req.param('name') ?? '').replace(/\.svg$/, '');
    if (!(CHART_IDS as readonly string[]).includes(name)) {
      return sendError(
        c,
        404,
        'not-found',
        `There is no chart "${name}"; expected one of ${CHART_IDS.join(', ')}.`,
      );
    }
    const ctx = makeContext(store, now, undefined, undefined, actor);
    // Whatever the query holds, the handler's schema judges it, as for any other request.
    const query: unknown = { from: c.req.query('from'), to: c.req.query('to') };
    const data = await invoke(insightHandlers.report, ctx, query as InputOf<typeof insightHandlers.report>);
    const chart = reportCharts(data).find((ch) => ch.id === name)!;
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
