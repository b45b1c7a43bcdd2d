import type { ReportData } from '../domain/insight/report-types.js';
import { AppError } from '../errors.js';
import type { TerminalOptions } from './terminal.js';

export type ReportFormat = 'term' | 'md' | 'html' | 'json';
export const REPORT_FORMATS: readonly ReportFormat[] = ['term', 'md', 'html', 'json'];

/** Only the terminal format has options; the others ignore them. */
export type RenderOptions = TerminalOptions;

export function isReportFormat(value: string): value is ReportFormat {
  return (REPORT_FORMATS as readonly string[]).includes(value);
}

/**
 * Renders one report in one format. Each renderer is loaded on use: the HTML one brings ECharts
 * (~0.4 s to load on this machine), which a terminal report must not pay for.
 */
export async function renderReport(
  data: ReportData,
  format: string,
  options: RenderOptions = {},
): Promise<string> {
  if (!isReportFormat(format)) {
    throw new AppError(
      'usage',
      `Unknown report format "${format}": expected one of ${REPORT_FORMATS.join(', ')}.`,
      { field: 'format' },
    );
  }
  switch (format) {
    case 'term':
      return (await import('./terminal.js')).renderTerminal(data, options);
    case 'md':
      return (await import('./markdown.js')).renderMarkdown(data);
    case 'html':
      return (await import('./html.js')).renderHtml(data);
    case 'json':
      return (await import('./json.js')).renderJson(data);
  }
}
