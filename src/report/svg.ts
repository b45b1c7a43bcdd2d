import { init, use } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { CHART_MODULES } from './chart-modules.js';
import type { ReportChartOption } from './charts.js';
import { escapeHtml } from './escape.js';

use([...CHART_MODULES, SVGRenderer]);

export interface SvgChart {
  /** Unique within the page: it prefixes the ids inside the SVG (clip paths, patterns). */
  id: string;
  option: ReportChartOption;
  width: number;
  height: number;
  /** The accessible name, written into the SVG's <title>. */
  title: string;
  /** A longer text description, written into the SVG's <desc>. */
  description: string;
  /** The SVG's class attribute, for the page's styles. */
  className: string;
}

/**
 * Renders one chart to an SVG string in Node with ECharts' server-side renderer (no DOM).
 *
 * ECharts names the ids and classes inside each SVG after process-wide counters (`zr12-c0`,
 * `zr12-cls-44`), so the same report rendered twice in one process would differ. They are
 * renamed after the chart's own id and renumbered, which also keeps them unique when several
 * SVGs share one HTML document. (Chart ids are ours: letters, digits and dashes.)
 */
export function renderSvg(chart: SvgChart): string {
  const instance = init(null, null, { renderer: 'svg', ssr: true, width: chart.width, height: chart.height });
  let svg: string;
  try {
    instance.setOption(chart.option);
    svg = instance.renderToSVGString();
  } finally {
    instance.dispose();
  }
  // Only where ECharts writes names (ids, references, classes, the style sheet), never in text.
  const numbers = new Map<string, string>();
  const next = new Map<string, number>();
  svg = svg.replace(
    /(id="|url\(#|class="|^\.)zr\d+-([a-z]+-?)(\d+)\b/gm,
    (whole, before: string, kind: string) => {
      let renamed = numbers.get(whole.slice(before.length));
      if (renamed === undefined) {
        const n = next.get(kind) ?? 0;
        next.set(kind, n + 1);
        renamed = `${chart.id}-${kind}${n}`;
        numbers.set(whole.slice(before.length), renamed);
      }
      return before + renamed;
    },
  );
  const titleId = `${chart.id}-title`;
  const descId = `${chart.id}-desc`;
  // A function, not a replacement string: `$` in a user's title must stay a dollar sign.
  return svg.replace(
    /^<svg ([^>]*)>/,
    (_, attrs: string) =>
      `<svg class="${escapeHtml(chart.className)}" role="img" aria-labelledby="${titleId}" aria-describedby="${descId}" ` +
      `data-chart="${escapeHtml(chart.id)}" ${attrs}>\n` +
      `<title id="${titleId}">${escapeHtml(chart.title)}</title>\n` +
      `<desc id="${descId}">${escapeHtml(chart.description)}</desc>`,
  );
}
