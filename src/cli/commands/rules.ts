import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rulesHandlers } from '../../app/rules/rules.js';
import { AppError } from '../../errors.js';
import { readBoundedFile } from '../../importers/read-file.js';
import { bool, list, positional, str } from '../args.js';
import { defineCommand, defineGroup } from '../command.js';

const show = defineCommand({
  meta: {
    name: 'show',
    summary: 'The classification rules, in the order they are tried.',
    usage: ['rules show [--json]'],
  },
  async run(cx) {
    const view = await cx.call(rulesHandlers.show, {});
    if (cx.json) return cx.outJson(view);
    for (const l of view.lines) cx.out(l);
    if (!view.custom)
      cx.out('\nYou have no rules of your own yet: `handson rules edit` starts from an example.');
  },
});

const edit = defineCommand({
  meta: {
    name: 'edit',
    summary: 'Edit your rules file in $VISUAL / $EDITOR, or replace it with --file.',
    usage: ['rules edit [--file FILE]'],
    help: 'The file is checked when you save: if any part is wrong, every problem is listed and nothing is saved.',
  },
  options: { file: { type: 'string' } },
  async run(cx) {
    const file = str(cx, 'file');
    let text: string;
    if (file !== undefined) {
      text = Buffer.from(readBoundedFile(file, 1024 * 1024, 'a rules file (JSON)')).toString('utf8');
    } else {
      const editor = cx.io.env['VISUAL'] || cx.io.env['EDITOR'];
      if (!cx.interactive || !editor) {
        throw new AppError('usage', 'rules edit needs a terminal and $EDITOR, or --file FILE');
      }
      const current = await cx.call(rulesHandlers.show, {});
      const dir = mkdtempSync(join(tmpdir(), 'handson-rules-'));
      const path = join(dir, 'rules.json');
      try {
        writeFileSync(path, current.text, { mode: 0o600 });
        const r = spawnSync(editor, [path], { stdio: 'inherit', shell: true });
        if (r.status !== 0)
          throw new AppError('invalid', `The editor (${editor}) exited with an error; nothing was saved.`);
        text = readFileSync(path, 'utf8');
        if (text === current.text && current.custom) return cx.out('No change.');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
    const saved = await cx.call(rulesHandlers.save, { text });
    if (cx.json) return cx.outJson(saved);
    cx.out('Rules saved. They apply to every event, also those imported before.');
  },
});

const test = defineCommand({
  takesPositionals: true,
  meta: {
    name: 'test',
    summary: 'Show which rule an event with this title would match.',
    usage: ['rules test "TITLE" [--attendee EMAIL]... [--recurring] [--all-day] [--calendar NAME] [--json]'],
  },
  options: {
    attendee: { type: 'string', multiple: true },
    recurring: { type: 'boolean' },
    'all-day': { type: 'boolean' },
    calendar: { type: 'string' },
  },
  flags: { attendees: 'attendee' },
  async run(cx) {
    const r = await cx.call(rulesHandlers.test, {
      title: positional(cx, '"TITLE" (an event title to try)'),
      attendees: list(cx, 'attendee'),
      recurring: bool(cx, 'recurring'),
      allDay: bool(cx, 'all-day'),
      calendar: str(cx, 'calendar'),
    });
    if (cx.json) return cx.outJson(r);
    cx.out(
      `"${r.title}" → ${r.category} (${r.timeClass}) by rule ${r.rule}${r.counted ? '' : `, not counted: ${r.notCounted}`}`,
    );
  },
});

export default defineGroup('rules', 'How calendar time is classified: show, edit, test.', {
  show,
  edit,
  test,
});
