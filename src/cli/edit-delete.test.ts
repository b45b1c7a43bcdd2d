import { describe, expect, it } from 'vitest';
import { cli, initAna, tempDataDir } from './test-support/run.js';

const NOW = '2026-11-25T09:00:00Z';

async function withAna() {
  const dir = tempDataDir();
  const run = (args: string[]) => cli(args, { env: { HANDSON_DATA: dir, HANDSON_NOW: NOW } });
  expect((await run(initAna())).code).toBe(0);
  const json = async <T>(args: string[]): Promise<T> => {
    const r = await run([...args, '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    return JSON.parse(r.stdout) as T;
  };
  return { run, json };
}

describe('handson reflect list, edit, delete', () => {
  it('changes a reflection’s text and date, lists it, and deletes it', async () => {
    const { run, json } = await withAna();
    const r = await json<{ id: string }>(['reflect', '--text', 'Felt safe']);
    const edited = await json<{ text: string; date: string }>([
      'reflect',
      'edit',
      r.id,
      '--text',
      'It felt safe',
      '--date',
      '2026-11-21',
    ]);
    expect(edited).toMatchObject({ text: 'It felt safe', date: '2026-11-21' });
    expect((await run(['reflect', 'list', '--from', '2026-11-20', '--to', '2026-11-22'])).stdout).toBe(
      `${r.id}  2026-11-21  It felt safe\n`,
    );
    expect((await run(['reflect', 'delete', r.id])).stdout).toBe(
      `Reflection ${r.id} (2026-11-21) deleted.\n`,
    );
    expect(await json(['reflect', 'list'])).toEqual([]);
    const gone = await run(['reflect', 'delete', r.id]);
    expect(gone.code).toBe(1);
    expect(gone.stderr).toContain(`There is no reflection "${r.id}"`);
    expect((await run(['reflect', 'edit'])).code).toBe(2);
  });
});

describe('handson check edit, delete', () => {
  it('renames a check, asks for the title, and deletes it keeping the session logged for it', async () => {
    const { run, json } = await withAna();
    const c = await json<{ id: string }>([
      'check',
      '--title',
      'Fix it',
      '--hours',
      '2',
      '--reason',
      'ground-truth',
    ]);
    await json(['log', '--title', 'Fix it', '--minutes', '60', '--reason', 'ground-truth', '--check', c.id]);
    expect((await run(['check', 'edit', c.id, '--title', 'Fix the flaky test'])).stdout).toBe(
      `Check ${c.id} is now "Fix the flaky test".\n`,
    );
    expect((await run(['check', 'edit', c.id])).code).toBe(2);
    expect((await run(['check', 'delete', c.id])).code).toBe(0);
    const sessions = await json<{ title: string; checkId?: string }[]>(['sessions']);
    expect(sessions).toHaveLength(1);
    expect(sessions[0]).not.toHaveProperty('checkId');
  });
});
