import { describe, expect, it } from 'vitest';
import { cli, initAna, tempDataDir } from './test-support/run.js';

// 2026-11-16 is a Monday; the leader's clock is in Berlin (UTC+1 in November).
function setup() {
  const env = { HANDSON_DATA: tempDataDir() };
  const at = (now: string, args: string[]) => cli(args, { env: { ...env, HANDSON_NOW: now } });
  return { at };
}

const INIT = initAna(5);

const CHECK = [
  'check',
  ...['--title', 'Rewrite the billing export', '--hours', '6', '--reason', 'love-of-building'],
  ...['--could-do', 'Priya', '--grows', '--maturity', 'some', '--json'],
];

function log(title: string, minutes: number, more: string[] = []) {
  return [
    'log',
    '--title',
    title,
    '--minutes',
    String(minutes),
    '--reason',
    'love-of-building',
    ...more,
    '--json',
  ];
}

describe('follow-through on checks', () => {
  it('says in the review what happened after a check, and links a session whose title matches', async () => {
    const { at } = setup();
    expect((await at('2026-11-16T08:00:00Z', INIT)).code).toBe(0);
    const check = JSON.parse((await at('2026-11-16T09:00:00Z', CHECK)).stdout);
    expect(check).toMatchObject({ verdict: 'delegate', to: 'Priya' });

    // Nothing logged the same day: too early to say.
    const early = JSON.parse((await at('2026-11-16T10:00:00Z', ['review', '--json'])).stdout);
    expect(early.followThrough).toEqual([
      expect.objectContaining({ checkId: check.id, outcome: 'nothing-yet', text: 'nothing logged yet' }),
    ]);

    const linked = await at(
      '2026-11-17T16:00:00Z',
      log('Rewrite the billing export', 16 * 60, ['--check', check.id]),
    );
    expect(linked.code).toBe(0);
    const unlinked = JSON.parse(
      (await at('2026-11-18T16:00:00Z', log('rewrite the Billing export!', 8 * 60))).stdout,
    );

    const before = await at('2026-11-19T10:00:00Z', ['review']);
    expect(before.stdout).toContain('Follow-through on checks');
    expect(before.stdout).toContain(
      '2026-11-16 “Rewrite the billing export” — delegate to Priya: advised to delegate to Priya — done anyway, 16 h',
    );
    expect(before.stdout).toContain(`link with \`handson check link ${unlinked.session.id} ${check.id}\``);

    const link = await at('2026-11-19T10:01:00Z', ['check', 'link', unlinked.session.id, check.id]);
    expect(link).toMatchObject({ code: 0, stderr: '' });
    expect(link.stdout).toContain(`Linked session ${unlinked.session.id}`);

    const review = JSON.parse((await at('2026-11-19T10:02:00Z', ['review', '--json'])).stdout);
    expect(review.followThrough).toEqual([
      expect.objectContaining({
        checkId: check.id,
        verdict: 'delegate',
        to: 'Priya',
        outcome: 'done-anyway',
        minutes: 24 * 60,
        adviceIgnored: true,
        text: 'advised to delegate to Priya — done anyway, 24 h',
      }),
    ]);
    expect(review.suggestions).toEqual([]);

    const list = await at('2026-11-19T10:03:00Z', ['check', 'list']);
    expect(list.stdout).toBe(
      `${check.id}  2026-11-16 “Rewrite the billing export” — delegate to Priya: advised to delegate to Priya — done anyway, 24 h\n`,
    );
    // A week without checks has none to follow.
    const next = JSON.parse((await at('2026-11-24T10:00:00Z', ['review', '--json'])).stdout);
    expect(next.followThrough).toEqual([]);
  });

  it('refuses to link to a check that does not exist', async () => {
    const { at } = setup();
    await at('2026-11-16T08:00:00Z', INIT);
    const s = JSON.parse((await at('2026-11-16T16:00:00Z', log('Something', 30))).stdout);
    const res = await at('2026-11-16T16:01:00Z', ['check', 'link', s.session.id, 'nope']);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('there is no check "nope"');
  });
});
