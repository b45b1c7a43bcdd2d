import { describe, expect, it } from 'vitest';
import { cli, initAna, scriptedPrompter, tempDataDir } from './test-support/run.js';

// Berlin is UTC+1 in November: 13:05Z is 14:05 on the leader's wall clock; working hours are the
// default 09:00–18:00 on weekdays, and 2026-11-25 is a Wednesday.
function setup() {
  const env = { HANDSON_DATA: tempDataDir() };
  const at = (now: string, args: string[], options: Parameters<typeof cli>[1] = {}) =>
    cli(args, { ...options, env: { ...env, HANDSON_NOW: now } });
  return { env, at };
}

const INIT = initAna(5);

const START = [
  'start',
  '--title',
  'Fix the flaky deploy',
  '--reason',
  'ground-truth',
  '--energy-before',
  '2',
];

describe('handson start, status and stop', () => {
  it('times a piece of work and logs it as a session', async () => {
    const { at } = setup();
    expect((await at('2026-11-25T13:00:00Z', INIT)).code).toBe(0);
    expect((await at('2026-11-25T13:01:00Z', ['status'])).stdout).toBe('No timer is running.\n');

    const started = await at('2026-11-25T13:05:00Z', START);
    expect(started).toEqual({
      code: 0,
      stdout: 'Started a timer on "Fix the flaky deploy" at 14:05. `handson stop` logs it.\n',
      stderr: '',
    });
    const again = await at('2026-11-25T13:06:00Z', ['start', '--title', 'Other', '--reason', 'unwind']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('A timer is already running: "Fix the flaky deploy", since 14:05.');

    expect((await at('2026-11-25T14:25:00Z', ['status'])).stdout).toBe(
      'Running: "Fix the flaky deploy" since 14:05 (1 h 20 min).\n',
    );
    const status = JSON.parse((await at('2026-11-25T14:25:00Z', ['status', '--json'])).stdout);
    expect(status).toMatchObject({
      title: 'Fix the flaky deploy',
      minutes: 80,
      startedAt: '2026-11-25T13:05:00.000Z',
    });

    const stopped = await at('2026-11-25T14:25:00Z', ['stop', '--energy-after', '4', '--gap', 'No runbook']);
    expect(stopped.code).toBe(0);
    expect(stopped.stdout).toMatch(
      /^Logged 1 h 20 min on "Fix the flaky deploy" \(2026-11-25\) as \S+\.\n {2}\+ improvement action \S+: No runbook\n$/,
    );
    const sessions = JSON.parse((await at('2026-11-25T14:26:00Z', ['sessions', '--json'])).stdout);
    expect(sessions).toMatchObject([
      { minutes: 80, startedAt: '2026-11-25T13:05:00.000Z', energyBefore: 2, energyAfter: 4 },
    ]);

    const nothing = await at('2026-11-25T14:27:00Z', ['stop']);
    expect(nothing).toEqual({
      code: 1,
      stdout: '',
      stderr: 'handson: No timer is running; start one with `handson start`.\n',
    });
  });

  it('discards a timer started by mistake, logging nothing', async () => {
    const { at } = setup();
    await at('2026-11-25T13:00:00Z', INIT);
    await at('2026-11-25T13:05:00Z', START);
    expect(await at('2026-11-25T13:06:00Z', ['stop', '--discard'])).toEqual({
      code: 0,
      stdout: 'Discarded the timer on "Fix the flaky deploy"; nothing was logged.\n',
      stderr: '',
    });
    expect((await at('2026-11-25T13:07:00Z', ['status'])).stdout).toBe('No timer is running.\n');
    expect(JSON.parse((await at('2026-11-25T13:07:00Z', ['sessions', '--json'])).stdout)).toEqual([]);
    const none = await at('2026-11-25T13:08:00Z', ['stop', '--discard']);
    expect(none.code).toBe(1);
    expect(none.stderr).toBe('handson: No timer is running, so there is nothing to discard.\n');
  });

  it('without a terminal, refuses in one line a timer left running past working hours; --until logs it', async () => {
    const { at } = setup();
    await at('2026-11-25T13:00:00Z', INIT);
    await at('2026-11-25T13:05:00Z', START);
    const refused = await at('2026-11-25T20:30:00Z', ['stop']);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(refused.stderr).toContain('ran past the end of your working hours (18:00); it is now 21:30.');
    expect(refused.stderr).toContain('--until: The timer for');
    expect(refused.stderr).toContain('give the time you stopped that day as HH:MM');

    const bad = await at('2026-11-25T20:30:00Z', ['stop', '--until', 'teatime']);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--until');

    const logged = await at('2026-11-25T20:30:00Z', ['stop', '--until', '17:45', '--json']);
    expect(logged.code).toBe(0);
    expect(JSON.parse(logged.stdout).session).toMatchObject({ minutes: 220 });
  });

  it('on a terminal, asks when the work ended, offering the end of working hours', async () => {
    const { at } = setup();
    await at('2026-11-25T13:00:00Z', INIT);
    await at('2026-11-25T13:05:00Z', START);
    const prompter = scriptedPrompter(['18:00']);
    const r = await at('2026-11-26T07:00:00Z', ['stop'], { tty: true, prompter });
    expect(prompter.asked).toEqual(['When did you stop (HH:MM that day, or now)?']);
    expect(r.stdout).toContain('started at 14:05 on 2026-11-25 and ran past midnight.');
    expect(r.stdout).toContain('Logged 3 h 55 min on "Fix the flaky deploy"');
    expect(r.code).toBe(0);
  });

  it('asks what and why on a terminal, and prints stored text through the terminal filter', async () => {
    const { at } = setup();
    await at('2026-11-25T13:00:00Z', INIT);
    const prompter = scriptedPrompter(['Fix \u001b[2Jthe deploy', ['empathy']]);
    expect((await at('2026-11-25T13:05:00Z', ['start'], { tty: true, prompter })).code).toBe(0);
    const status = await at('2026-11-25T13:35:00Z', ['status']);
    expect(status.stdout).not.toContain('\u001b');
    expect(status.stdout).toContain('(30 min).');
  });

  it('has help for each command, and exits 2 for a command line it cannot read', async () => {
    for (const [name, line] of [
      ['start', 'handson start --title T --reason ID... [--energy-before N] [--check ID]'],
      ['stop', 'handson stop [--energy-after N] [--gap TEXT]... [--notes TEXT] [--until HH:MM|now]'],
      ['stop', 'handson stop --discard'],
      ['status', 'handson status [--json]'],
    ] as const) {
      const help = await cli([name, '--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain(line);
    }
    const main = await cli(['--help']);
    for (const name of ['start', 'status', 'stop']) expect(main.stdout).toContain(`  ${name} `);
    const wrong = await cli(['stop', '--until']);
    expect(wrong.code).toBe(2);
    const missing = await cli(['start', '--title', 'X'], { env: { HANDSON_DATA: tempDataDir() } });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('--reason');
  });

  it('refuses an energy outside 1–5 by its flag, starting nothing', async () => {
    const { at } = setup();
    expect((await at('2026-11-25T13:00:00Z', INIT)).code).toBe(0);
    const wrong = await at('2026-11-25T13:05:00Z', [...START.slice(0, -1), '7']);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('--energy-before');
    expect((await at('2026-11-25T13:06:00Z', ['status'])).stdout).toBe('No timer is running.\n');
  });
});
