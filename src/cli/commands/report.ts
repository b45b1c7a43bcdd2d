import { insightHandlers } from '../../app/insight/insight.js';
import { AppError } from '../../errors.js';
import { REPORT_FORMATS, renderReport } from '../../report/index.js';
import { str } from '../args.js';
import { defineCommand } from '../command.js';
import { writeWhole } from '../write-whole.js';

export default defineCommand({
  meta: {
    name: 'report',
    summary: 'A report over any range, compared with the previous period of the same length.',
    usage: ['report --from DATE --to DATE [--format term|md|html|json] [--out FILE]'],
    help: `--format html writes one self-contained file with charts, readable offline and printable.
--json is the same as --format json. Without --out the report goes to stdout.`,
  },
  options: {
    from: { type: 'string' },
    to: { type: 'string' },
    format: { type: 'string' },
    out: { type: 'string' },
  },
  async run(cx) {
    const from = str(cx, 'from');
    const to = str(cx, 'to');
    if (from === undefined) throw new AppError('usage', 'missing --from (first day, YYYY-MM-DD)');
    if (to === undefined) throw new AppError('usage', 'missing --to (last day, YYYY-MM-DD)');
    const format = cx.json ? 'json' : (str(cx, 'format') ?? 'term');
    if (!(REPORT_FORMATS as readonly string[]).includes(format)) {
      throw new AppError('usage', `--format: expected one of ${REPORT_FORMATS.join(', ')}`);
    }
    const data = await cx.call(insightHandlers.report, { from, to });
    const color =
      format === 'term' && cx.interactive && !cx.io.env['NO_COLOR'] && str(cx, 'out') === undefined;
    const text = await renderReport(data, format, { color, env: cx.io.env });
    const out = str(cx, 'out');
    if (out === undefined) {
      cx.io.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
      return;
    }
    writeWhole(out, text, '--out');
    cx.err(`Report written to ${out}`);
  },
});
