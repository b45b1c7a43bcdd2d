import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CANCELLED_ONE_ON_ONE_ICS } from '../test-support/calendar.js';
import { cli, scriptedPrompter, tempDataDir } from './test-support/run.js';

const NOW = '2026-11-25T10:00:00Z';

function setup() {
  const data = tempDataDir();
  const env = { HANDSON_DATA: data, HANDSON_NOW: NOW };
  const run = (args: string[], extra: Record<string, string> = {}) =>
    cli(args, { env: { ...env, ...extra } });
  return { data, env, run };
}

const INIT = [
  'init',
  '--name',
  'Ana',
  '--role',
  'product-manager',
  '--reports',
  '5',
  '--tz',
  'Europe/Berlin',
];
const INIT_ALL = [...INIT, '--email', 'ana@example.com', '--budget', '20', '--yes'];

async function json<T = unknown>(p: Promise<{ code: number; stdout: string; stderr: string }>): Promise<T> {
  const r = await p;
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as T;
}

describe('handson CLI', () => {
  it('prints help with every command and exits 0', async () => {
    const r = await cli(['--help']);
    expect(r.code).toBe(0);
    for (const c of [
      'init',
      'check',
      'log',
      'commitments',
      'actions',
      'reasons',
      'week',
      'export',
      'import',
    ]) {
      expect(r.stdout).toContain(`  ${c} `);
    }
    const sub = await cli(['commitments', 'postpone', '--help']);
    expect(sub.code).toBe(0);
    expect(sub.stdout).toContain('handson commitments postpone ID --to DATE');
  });

  it('exits 2 with one line for usage mistakes', async () => {
    const unknown = await cli(['chek']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^handson: unknown command "chek"/);
    const flag = await cli(['week', '--colour']);
    expect(flag.code).toBe(2);
    expect(flag.stderr).toContain("unknown option '--colour'");
    const sub = await cli(['commitments', 'frobnicate']);
    expect(sub.code).toBe(2);
    expect(sub.stderr).toContain('expected one of: add, list, done, postpone, edit, schedule, cancel');
  });

  it('takes the global flags before the command name as well as after it', async () => {
    const { data } = setup();
    const env = { HANDSON_NOW: NOW };
    expect((await cli(['--data', data, ...INIT_ALL], { env })).code).toBe(0);
    const before = await cli(['--data', data, 'week'], { env });
    const after = await cli(['week', '--data', data], { env });
    expect(before.stderr).toBe('');
    expect(before.stdout).toContain('Week 2026-W48');
    expect(before.stdout).toBe(after.stdout);
    const json = await cli(['--json', `--data=${data}`, 'week'], { env });
    expect(JSON.parse(json.stdout).week.start).toBe('2026-11-23');
    const help = await cli(['--help', 'commitments', 'postpone'], { env });
    expect(help.stdout).toContain('handson commitments postpone ID --to DATE');
    const unknown = await cli(['--colour', 'week'], { env });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe("handson: unknown option '--colour'; run `handson --help` for the options\n");
  });

  it('keeps every value given after one list flag, and refuses words it cannot place', async () => {
    const { run } = setup();
    await run(INIT_ALL);
    const reasonsOf = async (...flags: string[]) =>
      (
        await json<{ session: { reasons: string[] } }>(
          run(['log', '--title', 'x', '--minutes', '30', ...flags, '--json']),
        )
      ).session.reasons;
    expect(await reasonsOf('--reason', 'unwind', 'empathy')).toEqual(['unwind', 'empathy']);
    expect(await reasonsOf('--reason', 'unwind', '--reason', 'empathy')).toEqual(['unwind', 'empathy']);
    expect(await reasonsOf('--reason', 'unwind,empathy', 'escape')).toEqual(['unwind', 'empathy', 'escape']);

    // Where a word could also be the command's own argument, it is refused, never dropped.
    const [session] = await json<{ id: string }[]>(run(['sessions', '--json']));
    const log = ['log', '--minutes', '30', '--reason', 'unwind'];
    for (const [args, message] of [
      [
        ['sessions', 'edit', session!.id, '--reason', 'unwind', 'empathy'],
        'unexpected "empathy" after --reason unwind: give --reason once for each value (--reason unwind --reason empathy) or separate the values with commas (--reason unwind,empathy)',
      ],
      [
        [...log, '--title', 'Fix', 'the', 'deploy'],
        'unexpected "the" after --title Fix: put quotes around a value with spaces (--title "Fix the deploy")',
      ],
      [
        [...log, '--title', 'x', '--visible', 'yes'],
        'unexpected "yes" after --visible, which takes no value',
      ],
    ] as const) {
      const r = await run([...args]);
      expect(r.stderr).toBe(`handson: ${message}\n`);
      expect(r.code).toBe(2);
    }
    expect(await json<unknown[]>(run(['sessions', '--json']))).toHaveLength(3);
  });

  it('reads a negative number as a value, and says what range is expected', async () => {
    const { run } = setup();
    await run(INIT_ALL);
    for (const [args, message] of [
      [
        ['log', '--title', 'x', '--minutes', '-5', '--reason', 'unwind'],
        '--minutes: expected a whole number of minutes from 1 to 1440 (one day), e.g. 90',
      ],
      [
        ['check', '--title', 'x', '--hours', '-5', '--reason', 'unwind'],
        '--hours: expected an estimate greater than 0 hours',
      ],
      [
        [
          'init',
          '--name',
          'Ana',
          '--role',
          'director',
          '--reports',
          '-1',
          '--tz',
          'UTC',
          '--email',
          'a@x.com',
          '--yes',
        ],
        '--reports: expected 0 or more direct reports',
      ],
    ] as const) {
      const r = await run([...args]);
      expect(r.stderr).toBe(`handson: ${message}\n`);
      expect(r.code).toBe(1);
    }
    // Every bad value at once, each under its flag, so one attempt shows all there is to fix.
    const both = await run(['log', '--title', ' ', '--minutes', '-5', '--reason', 'unwind']);
    expect(both.stderr).toBe(
      'handson: --title: expected a non-empty title; --minutes: expected a whole number of minutes from 1 to 1440 (one day), e.g. 90\n',
    );
    expect(both.code).toBe(1);
    const forgotten = await run(['log', '--title', '--minutes', '30', '--reason', 'unwind']);
    expect(forgotten.code).toBe(2);
    expect(forgotten.stderr.split('\n')[0]).toBe(
      'handson: missing value for --title (a value that starts with "-" is written --title=VALUE)',
    );
  });

  it('asks for init first, with exit 1', async () => {
    const { run } = setup();
    const r = await run(['week']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('handson: There is no profile yet: run `handson init` first.\n');
  });

  it('runs the PRD-for-search case end to end: delegate to Priya, with the growth and escape rules', async () => {
    const { run } = setup();
    expect((await run(INIT_ALL)).code).toBe(0);
    for (const who of ['Sam', 'Lee']) {
      const c = await json<{ id: string }>(
        run([
          'commitments',
          'add',
          '--kind',
          'tough-conversation',
          '--title',
          `Talk to ${who}`,
          '--person',
          who,
          '--due',
          '2026-11-26',
          '--json',
        ]),
      );
      expect(
        (await run(['commitments', 'postpone', c.id, '--to', '2026-12-02', '--why', 'no time'])).code,
      ).toBe(0);
    }
    await json(
      run(['log', '--title', 'Spike on ranking', '--minutes', '360', '--reason', 'unwind', '--json']),
    );

    const out = await json<Record<string, unknown>>(
      run([
        'check',
        '--title',
        'Write the PRD for search',
        '--hours',
        '6',
        '--reason',
        'love-of-building',
        '--could-do',
        'Priya',
        '--grows',
        '--maturity',
        'some',
        '--json',
      ]),
    );
    expect(out).toMatchObject({ verdict: 'delegate', to: 'Priya', level: 'advise' });
    const lines = out['lines'] as { rule: string; reason?: string; text: string }[];
    expect(lines.map((l) => l.rule)).toEqual(expect.arrayContaining(['growth', 'escape']));
    expect(lines.find((l) => l.rule === 'escape')).toMatchObject({ reason: 'escape' });
    for (const l of lines) expect(typeof l.text).toBe('string');

    const human = await run([
      'check',
      '--title',
      'Write the PRD for search',
      '--hours',
      '6',
      '--reason',
      'love-of-building',
      '--could-do',
      'Priya',
      '--grows',
      '--maturity',
      'some',
    ]);
    expect(human.stdout).toMatch(
      /^Hand it to Priya\.\nDelegation level “advise”: you give your view and they decide\./,
    );
    expect(human.stdout).toContain('[growth]');
    expect(human.stdout).toContain('[escape · escape]');
  });

  it('names the flag and what is expected, writes nothing, exits 1', async () => {
    const { run } = setup();
    await run(INIT_ALL);
    const hours = await run(['check', '--title', 'x', '--hours', 'six', '--reason', 'unwind']);
    expect(hours.code).toBe(1);
    expect(hours.stderr).toBe('handson: --hours: expected the estimated effort in hours, e.g. 6 or 1.5\n');
    const reason = await run(['log', '--title', 'x', '--minutes', '30', '--reason', 'fun']);
    expect(reason.code).toBe(1);
    expect(reason.stderr).toMatch(/^handson: --reason: unknown reason "fun"; expected one of: ground-truth/);
    const energy = await run([
      'log',
      '--title',
      'x',
      '--minutes',
      '30',
      '--reason',
      'unwind',
      '--energy-before',
      '9',
    ]);
    expect(energy.stderr).toContain(
      '--energy-before: expected a whole number from 1 (drained) to 5 (energised)',
    );
    const date = await run([
      'commitments',
      'add',
      '--kind',
      'decision',
      '--title',
      'x',
      '--due',
      '2026-02-30',
    ]);
    expect(date.stderr).toBe('handson: --due: expected a date as YYYY-MM-DD, e.g. 2026-11-25\n');
    const missing = await run(['check', '--hours', '2', '--reason', 'unwind']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('missing --title');
    expect(await json(run(['sessions', '--json']))).toEqual([]);
    expect(await json(run(['commitments', 'list', '--all', '--json']))).toEqual([]);
    expect(
      await json(run(['check', '--title', 'ok', '--hours', '1', '--reason', 'empathy', '--json'])),
    ).toMatchObject({
      verdict: 'take',
    });
  });

  it('keeps commitments through add, postpone, done and cancel', async () => {
    const { run } = setup();
    await run(INIT_ALL);
    const a = await json<{ id: string }>(
      run([
        'commitments',
        'add',
        '--kind',
        'one-on-one',
        '--title',
        '1:1 Priya',
        '--person',
        'Priya',
        '--due',
        '2026-11-27',
        '--json',
      ]),
    );
    const b = await json<{ id: string }>(
      run(['commitments', 'add', '--kind', 'hiring', '--title', 'Debrief', '--json']),
    );
    const p = await json<{ due: string; postponements: unknown[] }>(
      run(['commitments', 'postpone', a.id, '--to', '2026-12-01', '--json']),
    );
    expect(p.due).toBe('2026-12-01');
    expect(p.postponements).toHaveLength(1);
    await json(run(['commitments', 'done', a.id, '--json']));
    await json(run(['commitments', 'cancel', b.id, '--json']));
    const again = await run(['commitments', 'done', a.id]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already done');
    const nope = await run(['commitments', 'done', 'zzzzzzzz']);
    expect(nope.stderr).toContain('There is no commitment "zzzzzzzz"');
    expect(await json(run(['commitments', 'list', '--json']))).toEqual([]);
    const all = await json<{ status: string }[]>(run(['commitments', 'list', '--all', '--json']));
    expect(all.map((c) => c.status).sort()).toEqual(['cancelled', 'done']);
  });

  it('logs sessions whose gaps become actions, and shows the week', async () => {
    const { run } = setup();
    await run(INIT_ALL);
    const logged = await json<{ actions: { id: string }[] }>(
      run([
        'log',
        '--title',
        'Fix flaky deploy',
        '--start',
        '14:00',
        '--end',
        '16:30',
        '--reason',
        'ground-truth',
        '--reason',
        'empathy',
        '--energy-before',
        '2',
        '--energy-after',
        '4',
        '--gap',
        'No runbook for rollbacks',
        '--json',
      ]),
    );
    expect(logged.actions).toHaveLength(1);
    const week = await json<{
      ic: { budgetHours: number };
      time: { ic: unknown; focus: number | null; coverage: unknown };
      reasons: unknown[];
      actions: { open: unknown[] };
    }>(run(['week', '--json']));
    // 20% of the 45 h week that Monday to Friday, 09:00–18:00 make.
    expect(week.ic).toMatchObject({ budgetHours: 9 });
    expect(week.time).toMatchObject({
      ic: { logged: 150, inferred: 0, planned: null, done: 150 },
      focus: null,
      coverage: { days: 7, calendarDays: 0 },
    });
    expect(week.actions.open).toHaveLength(1);
    const human = await run(['week']);
    expect(human.stdout).toContain('Week 2026-W48 (2026-11-23 – 2026-11-29)');
    expect(human.stdout).toContain('2.5 h done (logged) · planned unknown (no calendar) · budget 9 h');
    expect(human.stdout).toContain('Focus         no calendar');
    expect(human.stdout).toContain('No calendar covers these days');
    expect(human.stdout).not.toContain('\u001b[');
    await json(run(['actions', 'done', logged.actions[0]!.id, '--json']));
    expect(await json(run(['actions', 'list', '--json']))).toEqual([]);
  });

  it('takes the week the working hours make as the base of the IC budget, unless weekly hours are set', async () => {
    const { run } = setup();
    const profile = async (...flags: string[]) => {
      const init = await run([...INIT_ALL, ...flags]);
      expect(init.stderr).toBe('');
      const shown = await run(['profile']);
      const week = await json<{ ic: { budgetHours: number } }>(run(['week', '--json']));
      return { lines: shown.stdout.split('\n').slice(2, 4), budgetHours: week.ic.budgetHours };
    };
    expect(await profile()).toEqual({
      lines: [
        'IC budget: 20% of 45 h = 9 h a week (yours; the default would be 20%)',
        'Working hours: mon–fri 09:00–18:00 (45 h a week)',
      ],
      budgetHours: 9,
    });
    expect(await profile('--work-days', 'mon-thu', '--work-hours', '08:00-17:00')).toEqual({
      lines: [
        'IC budget: 20% of 36 h = 7.2 h a week (yours; the default would be 20%)',
        'Working hours: mon–thu 08:00–17:00 (36 h a week)',
      ],
      budgetHours: 7.2,
    });
    expect(await profile('--work-days', 'mon-fri', '--weekly-hours', '40')).toEqual({
      lines: [
        'IC budget: 20% of 40 h = 8 h a week (yours; the default would be 20%; 40 h is the working week you set, not the 45 h of your working hours)',
        'Working hours: mon–fri 08:00–17:00 (45 h a week)',
      ],
      budgetHours: 8,
    });
  });

  it('marks work others will see with --visible, lists it, and changes it with sessions edit', async () => {
    const { run } = setup();
    await run(INIT_ALL);
    const help = await run(['log', '--help']);
    expect(help.stdout).toContain('--visible        people beyond your team will see this work');
    const logged = await json<{ session: { id: string; visible?: boolean } }>(
      run(['log', '--title', 'Board demo', '--minutes', '90', '--reason', 'empathy', '--visible', '--json']),
    );
    expect(logged.session.visible).toBe(true);
    const id = logged.session.id;
    const listed = await run(['sessions']);
    expect(listed.stdout).toMatch(/VISIBLE\s+TITLE/);
    expect(listed.stdout).toMatch(/yes\s+Board demo/);

    const cleared = await run(['sessions', 'edit', id, '--no-visible']);
    expect(cleared.stderr).toBe('');
    expect(cleared.stdout).toBe(`Updated ${id}: 1.5 h on "Board demo" (2026-11-25).\n`);
    expect(await json<{ visible?: boolean }[]>(run(['sessions', '--json']))).toEqual([
      expect.not.objectContaining({ visible: expect.anything() }),
    ]);
    const marked = await run(['sessions', 'edit', id, '--visible', '--minutes', '60']);
    expect(marked.stdout).toBe(`Updated ${id}: 1 h on "Board demo" (2026-11-25), others will see it.\n`);

    const both = await run(['sessions', 'edit', id, '--visible', '--no-visible']);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('give either --visible or --no-visible, not both');
    const editHelp = await run(['sessions', 'edit', '--help']);
    expect(editHelp.stdout).toContain('--no-visible     clears that mark');
  });

  it('asks on a terminal whether others will see the work', async () => {
    const { env, run } = setup();
    await run(INIT_ALL);
    const prompter = scriptedPrompter(['Launch checklist', '45', ['empathy'], true]);
    const r = await cli(['log'], { env, tty: true, prompter });
    expect(r.stderr).toBe('');
    expect(prompter.asked.at(-1)).toBe(
      'Will people beyond your team see this work (a demo, a launch, a review)?',
    );
    const [session] = await json<{ visible?: boolean }[]>(run(['sessions', '--json']));
    expect(session?.visible).toBe(true);
  });

  it('lists, shows and adds reasons; a custom watch-out reason asks its own questions', async () => {
    const { run } = setup();
    await run(INIT_ALL);
    const list = await json<{ id: string; kind: string }[]>(run(['reasons', 'list', '--json']));
    expect(list.map((r) => r.id)).toEqual([
      'ground-truth',
      'empathy',
      'unwind',
      'love-of-building',
      'learn-the-function',
      'insecurity',
      'escape',
    ]);
    const show = await run(['reasons', 'show', 'escape']);
    expect(show.stdout).toContain('Ask yourself:');
    await json(
      run([
        'reasons',
        'add',
        '--id',
        'hero-mode',
        '--kind',
        'watch-out',
        '--title',
        'Being the hero',
        '--question',
        'Who would learn if I stepped back?',
        '--json',
      ]),
    );
    const dup = await run(['reasons', 'add', '--id', 'escape', '--kind', 'good', '--title', 'x']);
    expect(dup.code).toBe(1);
    const check = await json<{ verdict: string; lines: { rule: string; questions?: string[] }[] }>(
      run(['check', '--title', 'Save the release', '--hours', '2', '--reason', 'hero-mode', '--json']),
    );
    expect(check.verdict).toBe('pause-and-reflect');
    expect(check.lines[0]).toMatchObject({
      rule: 'watch-out',
      questions: ['Who would learn if I stepped back?'],
    });
  });

  it('exports, imports into a new data dir, and exports the same document', async () => {
    const { run, data } = setup();
    await run(INIT_ALL);
    await run(['commitments', 'add', '--kind', 'decision', '--title', 'Vendor', '--due', '2026-11-30']);
    await run(['log', '--title', 'Spike', '--minutes', '90', '--reason', 'unwind', '--gap', 'no docs']);
    await run(['check', '--title', 'Spike', '--hours', '2', '--reason', 'unwind']);
    await run(['reflect', '--text', 'Calmer week', '--answer', 'What did I avoid?=the vendor call']);
    const file = join(data, 'backup.json');
    expect((await run(['export', file])).code).toBe(0);

    const fresh = tempDataDir();
    const env2 = { HANDSON_DATA: fresh, HANDSON_NOW: '2026-12-24T10:00:00Z' };
    const imported = await cli(['import', file], { env: env2 });
    expect(imported.stdout).toMatch(/added, 0 updated, 0 unchanged/);
    const second = await cli(['export'], { env: env2 });
    const a = JSON.parse(readFileSync(file, 'utf8'));
    const b = JSON.parse(second.stdout);
    expect(b.exportedAt).toBe('2026-12-24T10:00:00.000Z');
    expect({ ...b, exportedAt: '' }).toEqual({ ...a, exportedAt: '' });
    const again = await cli(['import', file, '--json'], { env: env2 });
    expect(JSON.parse(again.stdout)).toMatchObject({ added: 0, updated: 0 });

    writeFileSync(join(fresh, 'bad.json'), '{"format":"handson-export",');
    const bad = await cli(['import', join(fresh, 'bad.json')], { env: env2 });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/bad\.json: not valid JSON/);
    writeFileSync(join(fresh, 'other.json'), '{"hello":1}');
    const other = await cli(['import', join(fresh, 'other.json')], { env: env2 });
    expect(other.stderr).toContain('is this a Hands-on export?');
    expect(readdirSync(fresh).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('points a calendar or a tracker export given to `import FILE` at the importer that reads it', async () => {
    const { run, data } = setup();
    await run(INIT_ALL);
    const fixtures = join(import.meta.dirname, '..', 'importers', 'trackers', 'fixtures');
    const ics = join(data, 'work.ics');
    writeFileSync(ics, CANCELLED_ONE_ON_ONE_ICS);
    const csv = join(data, 'people.csv');
    writeFileSync(csv, 'name,email\nSam,sam@example.com\n');
    for (const [file, message] of [
      [ics, `${ics} looks like a calendar: use \`handson import ics ${ics}\``],
      [join(fixtures, 'jira-cloud.csv'), 'looks like a Jira export: use `handson import jira '],
      [join(fixtures, 'linear.csv'), 'looks like a Linear export: use `handson import linear '],
      [join(fixtures, 'github-search.json'), 'looks like GitHub issues: use `handson import github '],
      [csv, 'looks like a CSV file, not a Hands-on export: use `handson import jira '],
    ]) {
      const r = await run(['import', file!]);
      expect(r.stderr).toContain(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.code).toBe(1);
    }
    expect(await json(run(['events', '--from', '2026-11-26', '--json']))).toEqual([]);
  });

  it('asks for what is missing on a terminal', async () => {
    const { env } = setup();
    await cli(INIT_ALL, { env });
    const prompter = scriptedPrompter([
      'Rewrite the billing job',
      '8',
      ['love-of-building'],
      false,
      true,
      'Noor',
      true,
      'experienced',
      true,
    ]);
    const r = await cli(['check'], { env, tty: true, prompter });
    expect(r.stderr).toBe('');
    expect(prompter.asked).toEqual([
      'What is the task?',
      'How many hours do you expect it to take?',
      'Why do you want to do it yourself?',
      'Is it on the critical path?',
      'Will others wait on it?',
      'Who else could do it? (empty: nobody)',
      'Would it help Noor grow?',
      'How experienced is Noor with this kind of task?',
      'Would you still do it if nobody ever knew you did?',
    ]);
    expect(r.stdout).toContain('Hand it to Noor.');
    expect(r.stdout).toContain('Delegation level “delegate”: they decide; you need not hear about it.');
  });

  it('respects NO_COLOR on a terminal', async () => {
    const { env } = setup();
    await cli(INIT_ALL, { env });
    const coloured = await cli(['check', '--title', 'x', '--hours', '1', '--reason', 'escape'], {
      env,
      tty: true,
    });
    expect(coloured.stdout).toContain('\u001b[');
    const plain = await cli(['check', '--title', 'x', '--hours', '1', '--reason', 'escape'], {
      env: { ...env, NO_COLOR: '1' },
      tty: true,
    });
    expect(plain.stdout).not.toContain('\u001b[');
  });
});
