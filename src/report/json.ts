import type { ReportData } from '../domain/insight/report-types.js';

export const REPORT_FORMAT = 'handson-report';
/** Raised when a field is removed or changes meaning; adding a field keeps the version. */
export const REPORT_VERSION = 1;

export interface ReportDocument {
  format: typeof REPORT_FORMAT;
  version: typeof REPORT_VERSION;
  report: ReportData;
}

/** The report data itself, under a header that names the format and its version, pretty-printed. */
export function renderJson(data: ReportData): string {
  const doc: ReportDocument = { format: REPORT_FORMAT, version: REPORT_VERSION, report: data };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
