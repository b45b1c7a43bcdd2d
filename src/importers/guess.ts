import { csvSourceOf } from './trackers/read.js';

/** The importers a file can be meant for, and `csv` for a CSV file whose tracker is not clear. */
export type ImporterGuess = 'ics' | 'jira' | 'linear' | 'github' | 'csv';

/**
 * Which importer a file given as a Hands-on export (`handson import FILE`) is really for, from its
 * name and first characters; undefined when it may well be an export. Only clear signs count, since
 * the answer is a suggestion of which command to run: a calendar's first line or extension, a
 * tracker's CSV header, GitHub's issue fields in JSON that does not say it is an export.
 */
export function guessImporter(name: string, head: string): ImporterGuess | undefined {
  const text = head.replace(/^\uFEFF/, '').trimStart();
  if (/^BEGIN:VCALENDAR/i.test(text) || /\.(ics|ical|ifb)$/i.test(name)) return 'ics';
  if (text.startsWith('{') || text.startsWith('[')) {
    if (/"format"\s*:\s*"handson-export"/.test(text)) return undefined;
    return /"number"\s*:/.test(text) && /"(html_url|repository_url)"\s*:/.test(text) ? 'github' : undefined;
  }
  return csvSourceOf(text) ?? (/\.(csv|tsv)$/i.test(name) ? 'csv' : undefined);
}
