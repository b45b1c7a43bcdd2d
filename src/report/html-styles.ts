/**
 * The HTML report's only stylesheet, inlined into the file. System fonts only (a web font would
 * be a request); print rules start each section on a new page and never split a chart.
 */
export const STYLES = `
:root {
  --text: #2b2f36; --muted: #5c6470; --line: #e3e6eb; --soft: #f5f7fa;
  --alert: #b8322a; --warning: #a86a00; --info: #2f6db3;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: var(--text); background: #fff; line-height: 1.45;
}
* { box-sizing: border-box; }
body { margin: 0; }
main, footer { max-width: 820px; margin: 0 auto; padding: 0 24px; }
h1, h2, h3, h4 { line-height: 1.2; }
h1 { font-size: 1.9rem; margin: 0 0 0.75rem; }
h2 { font-size: 1.35rem; margin: 2.5rem 0 1rem; padding-bottom: 0.35rem; border-bottom: 2px solid var(--text); }
h3 { font-size: 1.05rem; margin: 0 0 0.5rem; }
h4 { font-size: 0.8rem; margin: 0.75rem 0 0.25rem; text-transform: uppercase; letter-spacing: 0.05em; color: var(--muted); }
.report-header { padding: 2rem 0 0.5rem; }
.eyebrow { margin: 0; text-transform: uppercase; letter-spacing: 0.08em; font-size: 0.8rem; color: var(--muted); }
.facts { display: grid; grid-template-columns: repeat(auto-fit, minmax(160px, 1fr)); gap: 0.75rem 1.5rem; margin: 0; }
.facts div { border-left: 3px solid var(--line); padding-left: 0.6rem; }
.facts dt { font-size: 0.75rem; text-transform: uppercase; letter-spacing: 0.05em; color: var(--muted); }
.facts dd { margin: 0; font-weight: 600; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
th, td { text-align: left; padding: 0.35rem 0.6rem; border-bottom: 1px solid var(--line); vertical-align: middle; }
thead th { font-size: 0.75rem; text-transform: uppercase; letter-spacing: 0.04em; color: var(--muted); font-weight: 600; }
tbody th { font-weight: 600; }
.num { text-align: right; white-space: nowrap; }
.muted { color: var(--muted); }
.change { white-space: nowrap; }
.change .arrow { display: inline-block; width: 1em; text-align: center; font-weight: 700; }
.trend { width: 136px; }
svg.spark { display: block; width: 120px; height: 28px; }
.note { font-size: 0.85rem; color: var(--muted); }
.chart-figure { margin: 0 0 2.5rem; }
.chart-frame { border: 1px solid var(--line); border-radius: 6px; padding: 8px 4px; }
svg.chart { display: block; width: 100%; height: auto; }
svg.chart-narrow { display: none; }
.chart-text { display: grid; grid-template-columns: minmax(0, 1fr) auto; gap: 0 2rem; align-items: start; margin-top: 0.75rem; }
.summary { margin: 0; }
table.data { font-size: 0.85rem; width: auto; }
table.data caption { text-align: left; font-size: 0.75rem; color: var(--muted); padding: 0.25rem 0; caption-side: top; }
table.data th, table.data td { padding: 0.15rem 0.75rem 0.15rem 0; line-height: 1.3; }
.flag { border: 1px solid var(--line); border-left: 6px solid var(--info); border-radius: 6px; padding: 0.9rem 1.1rem; margin: 0 0 1rem; }
.flag p { margin: 0; }
.flag.severity-alert { border-left-color: var(--alert); }
.flag.severity-warning { border-left-color: var(--warning); }
.badge { display: inline-block; font-size: 0.7rem; text-transform: uppercase; letter-spacing: 0.06em; padding: 0.1rem 0.45rem; border-radius: 3px; color: #fff; background: var(--info); vertical-align: 0.15em; margin-right: 0.3rem; }
.severity-alert .badge { background: var(--alert); }
.severity-warning .badge { background: var(--warning); }
.evidence { margin: 0; padding: 0; list-style: none; font-size: 0.92rem; }
.evidence li { display: grid; grid-template-columns: 7.5rem minmax(0, 1fr); gap: 0.5rem; align-items: baseline; padding: 0.2rem 0; border-top: 1px dotted var(--line); }
.kind { font-size: 0.72rem; text-transform: uppercase; letter-spacing: 0.04em; color: var(--muted); }
footer { margin-top: 3rem; padding-bottom: 2rem; font-size: 0.8rem; color: var(--muted); }
footer p { border-top: 1px solid var(--line); padding-top: 0.75rem; }
@media screen and (max-width: 640px) {
  .chart-text { grid-template-columns: minmax(0, 1fr); }
  .evidence li { grid-template-columns: minmax(0, 1fr); gap: 0; }
  main, footer { padding: 0 16px; }
  /* Too narrow for five columns: each metric becomes a card, every value beside its column's name. */
  table.metrics thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
  table.metrics, table.metrics tbody, table.metrics tr, table.metrics th, table.metrics td { display: block; }
  table.metrics tr { border: 1px solid var(--line); border-radius: 6px; padding: 0.4rem 0.75rem; margin: 0 0 0.75rem; }
  table.metrics th, table.metrics td { border: none; padding: 0.15rem 0; }
  table.metrics tbody th { font-size: 1rem; padding-bottom: 0.3rem; }
  table.metrics td { display: flex; justify-content: space-between; align-items: center; gap: 1rem; text-align: right; }
  table.metrics td::before { content: attr(data-label); text-align: left; font-size: 0.75rem; text-transform: uppercase; letter-spacing: 0.04em; color: var(--muted); }
  .trend { width: auto; }
}
/* Below 720 px the wide chart would show its 12 px labels under 11 px: the narrow copy stands in. */
@media screen and (max-width: 719.98px) {
  svg.chart-wide { display: none; }
  svg.chart-narrow { display: block; max-width: 480px; margin: 0 auto; }
}
@page { size: A4; margin: 14mm 12mm; }
@media print {
  :root { font-size: 10pt; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  main, footer { max-width: none; padding: 0; }
  section { break-before: page; }
  section:first-of-type { break-before: auto; }
  h2 { margin-top: 0; }
  section:first-of-type h2 { margin-top: 1.5rem; }
  h2, h3, h4, figcaption { break-after: avoid; }
  .chart-figure, .flag, tr, .facts { break-inside: avoid; }
  .chart-frame { border: none; padding: 0; }
  svg.chart { max-height: 120mm; }
}
`;
