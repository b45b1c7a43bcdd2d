import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CANCELLED_ONE_ON_ONE_ICS as ICS } from '../test-support/calendar.js';
import { cli, initDana, scriptedPrompter, tempDataDir } from './test-support/run.js';

async function leader() {
  const data = tempDataDir();
  const env = { HANDSON_DATA: data, HANDSON_NOW: '2026-11-27T17:00:00Z' };
  const run = (args: string[]) => cli(args, { env });
  await run(initDana(['--work-days', 'mon-fri', '--work-hours', '08:00-17:00']));
  const file = join(data, 'work.ics');
  (await import('node:fs')).writeFileSync(file, ICS);
  await run(['import', 'ics', file]);
  await run([
    'log',
    '--title',
    'Spike search',
    '--date',
    '2026-11-26',
    '--start',
    '09:00',
    '--end',
    '13:00',
    '--reason',
    'unwind',
    '--energy-before',
    '3',
    '--energy-after',
    '2',
  ]);
  return { data, env, run };
}

describe('insight from the CLI', () => {
  it('lists flags with their evidence, and dismisses one until the evidence changes', async () => {
    const { run } = await leader();
    const flags = JSON.parse((await run(['flags', '--json'])).stdout);
    const interference = flags.flags.find((f: { id: string }) => f.id === 'interference');
    expect(interference.evidence.some((e: { kind: string }) => e.kind === 'event')).toBe(true);
    const human = await run(['flags']);
    expect(human.stdout).toContain('interference');
    expect(human.stdout).toContain(`id: ${interference.fingerprint}`);
    const dismissed = await run(['flags', 'dismiss', interference.fingerprint, '--note', 'Priya was ill']);
    expect(dismissed.code).toBe(0);
    const after = JSON.parse((await run(['flags', '--json'])).stdout);
    expect(after.flags.some((f: { fingerprint: string }) => f.fingerprint === interference.fingerprint)).toBe(
      false,
    );
    expect(after.dismissed).toBe(1);
    const wrong = await run(['flags', 'ack', 'no-such-flag']);
    expect(wrong.code).toBe(1);
  });

  it('takes a flag by its short id, and counts acknowledged and dismissed flags out of those to look at', async () => {
    const { run } = await leader();
    const view = JSON.parse((await run(['flags', '--json'])).stdout);
    // The cancelled 1:1 on a heavy IC day: one flag.
    expect(view).toMatchObject({ toLookAt: 1, dismissed: 0 });
    const [first] = view.flags;
    expect(first.fingerprint).toMatch(/^[0-9a-f]{12}$/);
    expect((await run(['flags'])).stdout).toContain('1 flag to look at:');
    expect((await run(['flags', 'ack', first.fingerprint, '--note', 'Rebook Priya'])).code).toBe(0);
    const listed = (await run(['flags'])).stdout;
    expect(listed).toContain('0 flags to look at, 1 acknowledged:');
    // Acknowledged flags stay listed, with their note.
    expect(listed).toContain(`id: ${first.fingerprint}`);
    expect(listed).toContain('acknowledged 2026-11-27: Rebook Priya');
    const review = await run(['review']);
    expect(review.stdout).toContain('0 flags to look at, 1 acknowledged:');
    const saved = await run(['review', '--dismiss', first.fingerprint]);
    expect(saved.stdout).toContain('Saved: 1 flag decision.');
    const after = JSON.parse((await run(['flags', '--json'])).stdout);
    expect(after).toMatchObject({ flags: [], toLookAt: 0, dismissed: 1 });
  });

  it('names the current flags when ack or dismiss is given no id or an unknown one', async () => {
    const { run } = await leader();
    const { flags } = JSON.parse((await run(['flags', '--json'])).stdout) as {
      flags: { fingerprint: string }[];
    };
    expect(flags.length).toBeGreaterThan(0);
    const choices = `give the id of a current flag (the "id:" line under each in \`handson flags\`): ${flags
      .map((f) => `"${f.fingerprint}"`)
      .join(', ')}`;
    const missing = await run(['flags', 'ack']);
    expect(missing.stderr).toBe(`handson: missing ID: ${choices}\n`);
    expect(missing.code).toBe(2);
    const wrong = await run(['flags', 'dismiss', 'no-such-flag']);
    expect(wrong.stderr).toBe(`handson: no current flag has the id "no-such-flag": ${choices}\n`);
    expect(wrong.code).toBe(1);

    const quiet = { HANDSON_DATA: tempDataDir(), HANDSON_NOW: '2026-11-27T17:00:00Z' };
    await cli(initDana(), { env: quiet });
    expect((await cli(['flags', 'ack'], { env: quiet })).stderr).toBe(
      'handson: missing ID: there are no flags to review now (`handson flags` lists them when there are)\n',
    );
  });

  it('runs the weekly review on a terminal and saves the answers as a reflection', async () => {
    const { env } = await leader();
    const json = JSON.parse((await cli(['review', '--json'], { env })).stdout);
    expect(json.week).toMatchObject({ start: '2026-11-23', icMinutes: 240 });
    // Working hours 08:00–17:00 from init: the 09:00–13:00 session sits inside them.
    expect(json.week.days[3]).toMatchObject({ date: '2026-11-26', workingMinutes: 540 });
    const flagCount = json.flags.length;
    const answers: (string | string[])[] = [];
    for (let i = 0; i < flagCount; i++) answers.push(['ack'], 'Rebook the 1:1');
    for (const _ of json.prompts) answers.push('An honest answer');
    const prompter = scriptedPrompter(answers);
    const r = await cli(['review'], { env, tty: true, prompter });
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('Weekly review — 2026-W48');
    expect(r.stdout).toMatch(/Saved: \d+ flag decisions?, reflection/);
    const reflections = JSON.parse((await cli(['export'], { env })).stdout).reflections;
    expect(reflections).toHaveLength(1);
    expect(reflections[0].answers).toHaveLength(json.prompts.length);
  });

  it('writes reports in every format; the terminal one fits 80 columns', async () => {
    const { run, data } = await leader();
    const term = await run(['report', '--from', '2026-11-01', '--to', '2026-11-30']);
    expect(term.code).toBe(0);
    for (const line of term.stdout.split('\n')) expect([...line].length).toBeLessThanOrEqual(80);
    expect(term.stdout).toContain('IC time');
    const md = await run(['report', '--from', '2026-11-01', '--to', '2026-11-30', '--format', 'md']);
    expect(md.stdout).toMatch(/^# /m);
    const json = JSON.parse(
      (await run(['report', '--from', '2026-11-01', '--to', '2026-11-30', '--json'])).stdout,
    );
    expect(json.report.range).toEqual({ from: '2026-11-01', to: '2026-11-30', days: 30 });
    const out = join(data, 'report.html');
    const html = await run([
      'report',
      '--from',
      '2026-11-01',
      '--to',
      '2026-11-30',
      '--format',
      'html',
      '--out',
      out,
    ]);
    expect(html.code).toBe(0);
    const text = readFileSync(out, 'utf8');
    expect(text).toContain('<svg');
    expect(text).not.toMatch(/<script|src=|href="http/);
    const bad = await run(['report', '--from', '2026-11-30', '--to', '2026-11-01']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--to');
  });

  it('rebuilds the day models to the same numbers', async () => {
    const { run } = await leader();
    const before = JSON.parse(
      (await run(['report', '--from', '2026-11-23', '--to', '2026-11-29', '--json'])).stdout,
    );
    expect((await run(['rebuild'])).stdout).toMatch(/Recomputed \d+ days?/);
    const after = JSON.parse(
      (await run(['report', '--from', '2026-11-23', '--to', '2026-11-29', '--json'])).stdout,
    );
    expect(after.report.metrics).toEqual(before.report.metrics);
  });
});
