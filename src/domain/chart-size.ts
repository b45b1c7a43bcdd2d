/**
 * How wide a chart is drawn. A chart's labels are 12 px in the picture, so they are 12 px on the
 * screen only when the picture is shown at the width it was drawn for: the web asks for the width
 * of the space it has, and the HTML report carries a narrow copy of each chart for phones. Pure,
 * so the server, the report and the web app round a width the same way.
 */

/** The width the report draws its charts at, and the dashboard's widest chart. */
export const CHART_WIDTH = 720;
/** Narrower than this, the axes and the legend no longer fit; the picture is shrunk instead. */
export const CHART_MIN_WIDTH = 280;
/** Wider than this, a chart only gets emptier; the picture is stretched instead. */
export const CHART_MAX_WIDTH = 1200;
/** The HTML report's copy for narrow screens, shown at about this width on a 360–400 px phone. */
export const CHART_NARROW_WIDTH = 300;
/** Widths are asked for in steps, so that a few pixels of resizing do not draw a chart again. */
const STEP = 20;

/**
 * The width to draw a chart at for `space` CSS pixels: rounded down to a step (a picture a little
 * wider than drawn has labels a little larger, never smaller), within the bounds. Anything that is
 * not a finite number (a missing or malformed query) gets the report's width.
 */
export function chartWidth(space: number | undefined): number {
  if (space === undefined || !Number.isFinite(space)) return CHART_WIDTH;
  const stepped = Math.floor(space / STEP) * STEP;
  return Math.min(CHART_MAX_WIDTH, Math.max(CHART_MIN_WIDTH, stepped));
}
