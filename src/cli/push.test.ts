import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { teamDirectory } from '../server/team/directory.js';
import { type RunningTeamServer, startTeamServer } from '../server/team/start.js';
import { teamCaller, teamDatabase } from '../server/team/test-support.js';
import { openEngine } from '../store/open.js';
import { cli, HAS_SCRIPT, initDana, tempDataDir, terminalCli } from './test-support/run.js';

const PG_URL = process.env['HANDSON_TEST_PG_URL'];
const PUBLIC = 'https://handson.example.org';

describe('remote and share without a server', () => {
  it('says in one sentence what to do when no server is linked', async () => {
    const env = { HANDSON_DATA: tempDataDir() };
    expect((await cli(initDana(), { env })).code).toBe(0);
    const shared = await cli(['share', 'review', '2026-W48', '--with', 'maria@example.org'], { env });
    expect(shared.code).toBe(1);
    expect(shared.stderr).toBe(
      'handson: This computer pushes to no organisation’s server yet: run `handson remote add https://your-server` first.\n',
    );
    const listed = await cli(['remote'], { env });
    expect(listed.stdout).toContain('pushes to no organisation’s server');
    expect(JSON.parse((await cli(['remote', 'list', '--json'], { env })).stdout)).toBeNull();
  });

  it.each([
    ['http://handson.example.org', 'is plain http'],
    ['ftp://handson.example.org', 'is not a web address'],
    ['handson.example.org', 'is not an address'],
    ['https://ana:secret@handson.example.org', 'Leave the user name and password out'],
  ])('refuses to link %s', async (url, why) => {
    const dir = tempDataDir();
    const r = await cli(['remote', 'add', url], { env: { HANDSON_DATA: dir } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(why);
    expect(existsSync(join(dir, 'remote.json'))).toBe(false);
  });

  it('has help for every sub-command', async () => {
    for (const words of [
      ['remote'],
      ['remote', 'add'],
      ['remote', 'list'],
      ['remote', 'remove'],
      ['share'],
      ['share', 'review'],
      ['share', 'flag'],
      ['share', 'check'],
      ['share', 'reflection'],
      ['share', 'report'],
    ]) {
      const r = await cli([...words, '--help']);
      expect(r.code, words.join(' ')).toBe(0);
      expect(r.stdout, words.join(' ')).toContain(`handson ${words.join(' ')}`);
    }
  });

  it('refuses a week its year does not have, naming the weeks it has', async () => {
    const env = { HANDSON_DATA: tempDataDir() };
    await cli(initDana(), { env });
    const r = await cli(['review', '--week', '2026-W54'], { env });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('"2026-W54" is not a week; 2026 has weeks 2026-W01 to 2026-W53');
    const ok = await cli(['review', '--week', '2026-W48', '--json'], { env });
    expect(JSON.parse(ok.stdout).week.start).toBe('2026-11-23');
  });
});

/** Every request the laptop sends, and every answer, on the way to the server. */
interface Exchange {
  path: string;
  authorization: string | undefined;
  sent: string;
  answer: string;
}

/** A plain forwarding proxy: the laptop talks to it as to the server, and the test reads the wire. */
async function recordingProxy(
  target: () => number,
): Promise<{ server: Server; url: string; seen: Exchange[] }> {
  const seen: Exchange[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const sent = Buffer.concat(chunks).toString('utf8');
      const upstream = await fetch(`http://127.0.0.1:${target()}${req.url}`, {
        method: req.method!,
        headers: {
          'content-type': req.headers['content-type'] ?? 'application/json',
          ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
        },
        ...(req.method === 'POST' ? { body: sent } : {}),
      });
      const answer = await upstream.text();
      seen.push({ path: req.url!, authorization: req.headers.authorization, sent, answer });
      res.writeHead(upstream.status, {
        'content-type': upstream.headers.get('content-type') ?? 'text/plain',
      });
      res.end(answer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

describe.runIf(PG_URL)('pushing shared items from a laptop to an organisation’s server', () => {
  let database: Awaited<ReturnType<typeof teamDatabase>>;
  let team: RunningTeamServer;
  let owner: Awaited<ReturnType<typeof openEngine>>;
  let proxy: Awaited<ReturnType<typeof recordingProxy>>;
  const call = teamCaller(PUBLIC);

  beforeAll(async () => {
    database = await teamDatabase();
    team = await startTeamServer(database.config(PUBLIC), { port: 0 }, () => {});
    owner = await openEngine({ dataDir: '.', databaseUrl: PG_URL!, pgSchema: database.schema });
    proxy = await recordingProxy(() => team.port);
  }, 60_000);
  afterAll(async () => {
    proxy?.server.close();
    await team?.close();
    await owner?.destroy();
    await database?.drop();
  });

  /** Peter (a member) with Joanna (a guest) as his coach, both signed in to the web app. */
  async function organisation(domain = 'initrode.example') {
    const made = await teamDirectory(owner.db).bootstrap(domain, `bill@${domain}`);
    const admin = await call(team, 'POST', '/api/auth/accept', {
      json: { token: made.token, name: 'Bill', password: 'correct horse battery' },
    });
    const join = async (email: string, name: string, role: 'member' | 'guest') => {
      const invite = await call(team, 'POST', '/api/org/invite', {
        cookie: admin.cookie!,
        json: { email, role },
      });
      const accepted = await call(team, 'POST', '/api/auth/accept', {
        json: {
          token: String(invite.body.data!['link']).split('#token=')[1],
          name,
          password: `${name} has a long password`,
        },
      });
      return accepted.cookie!;
    };
    const peter = await join(`peter@${domain}`, 'Peter', 'member');
    const joanna = await join(`joanna@${domain}`, 'Joanna', 'guest');
    const asked = await call(team, 'POST', '/api/coaching/invite', {
      cookie: peter,
      json: { email: `joanna@${domain}` },
    });
    await call(team, 'POST', '/api/coaching/accept', {
      cookie: joanna,
      json: { id: asked.body.data!['id'] },
    });
    return { peter, joanna };
  }

  /** `remote add` through the proxy; Peter approves the code it prints, signed in to the web app. */
  async function link(env: Record<string, string>, peter: string) {
    let printed: (code: string) => void = () => {};
    const code = new Promise<string>((resolve) => {
      printed = resolve;
    });
    const adding = cli(['remote', 'add', proxy.url, '--name', 'Peter’s laptop'], {
      env,
      onOutput: (out) => {
        const m = /\/device\?code=([B-Z]{4}-[B-Z]{4})\n/.exec(out);
        if (m) printed(m[1]!);
      },
    });
    const userCode = await code;
    const approved = await call(team, 'POST', '/api/device/approve', { cookie: peter, json: { userCode } });
    expect(approved.status).toBe(200);
    return adding;
  }

  it('links by a device code, pushes a review as versions, and stops when the token is revoked', async () => {
    const { peter, joanna } = await organisation();
    const data = tempDataDir();
    const env = { HANDSON_DATA: data };
    const run = (args: string[]) => cli(args, { env });
    expect((await run(initDana())).code).toBe(0);
    await run([
      'log',
      '--title',
      'Fix the flaky deploy',
      '--minutes',
      '90',
      '--reason',
      'unwind',
      '--date',
      '2026-11-24',
    ]);
    // Private: a reflection that is not shared must never leave the laptop, nor a session's title.
    await run(['reflect', '--text', 'PRIVATE-MARKER I dodged the reorg talk', '--date', '2026-11-25']);

    const added = await link(env, peter);
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
    expect(added.stdout).toContain(`To let this computer push to ${proxy.url}, open this address`);
    expect(added.stdout).toContain(`${PUBLIC}/device?code=`);
    expect(added.stdout).toContain(`Linked: this computer pushes to ${proxy.url} as Peter.`);
    const file = join(data, 'remote.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const issued = proxy.seen.find((e) => e.path === '/api/device/token' && e.answer.includes('"approved"'));
    const token = (JSON.parse(issued!.answer) as { data: { token: string } }).data.token;
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ url: proxy.url, token, account: 'Peter' });
    const listed = await run(['remote']);
    expect(listed.stdout).toContain(`Server    ${proxy.url}`);
    expect(listed.stdout).toContain('Account   Peter');
    expect(listed.stdout).not.toContain(token);

    const share = () => run(['share', 'review', '2026-W48', '--with', 'joanna@initrode.example']);
    const first = await share();
    expect(first.stderr).toBe('');
    expect(first.stdout).toBe(
      'Shared “Weekly review, week of 2026-11-23” with joanna@initrode.example (version 1).\n',
    );
    expect((await share()).stdout).toBe(
      'Unchanged: joanna@initrode.example already has “Weekly review, week of 2026-11-23” as it is now (version 1).\n',
    );
    await run([
      'log',
      '--title',
      'Pair on the billing bug',
      '--minutes',
      '60',
      '--reason',
      'empathy',
      '--date',
      '2026-11-26',
    ]);
    const updated = await share();
    expect(updated.stdout).toBe(
      'Shared “Weekly review, week of 2026-11-23” with joanna@initrode.example: updated to version 2.\n',
    );
    const over = await run([
      'share',
      'review',
      '2026-W48',
      '--with',
      'joanna@initrode.example',
      '--until',
      '2020-01-31',
    ]);
    expect(over.stderr).toBe('handson: --until: 2020-01-31 is over; expected today or a later day\n');
    const json = await run(['share', 'review', '2026-11-25', '--with', 'joanna@initrode.example', '--json']);
    const answer = JSON.parse(json.stdout) as { outcome: string; share: { id: string; version: number } };
    expect(answer).toMatchObject({ outcome: 'unchanged', share: { version: 2 } });

    // Joanna reads version 2, with the new session's hour in it.
    const read = await call(team, 'GET', `/api/shares/item/${answer.share.id}`, { cookie: joanna });
    expect(read.body.data).toMatchObject({ version: 2, leader: { name: 'Peter' } });
    const time = (read.body.data!['content'] as { time: { ic: { logged: number } } }).time;
    expect(JSON.stringify(time)).toContain('150');

    // Nothing else of the journal went over the wire: not the private reflection, not a title.
    const pushes = proxy.seen.filter((e) => e.path === '/api/push/share');
    expect(pushes).toHaveLength(4);
    for (const p of pushes) {
      expect(p.authorization).toBe(`Bearer ${token}`);
      expect(p.sent).not.toContain('PRIVATE-MARKER');
      expect(p.sent).not.toContain('flaky deploy');
      expect(p.sent).not.toContain('dana@example.com');
    }

    // Peter revokes the laptop in the web app: the next push says what to do, without a stack.
    const tokens = await call(team, 'GET', '/api/push/tokens', { cookie: peter });
    const mine = tokens.body.data as unknown as { id: string; name: string }[];
    expect(mine.map((t) => t.name)).toEqual(['Peter’s laptop']);
    await call(team, 'POST', '/api/push/tokens/revoke', { cookie: peter, json: { id: mine[0]!.id } });
    const refused = await share();
    expect(refused.code).toBe(1);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toBe(
      `handson: ${proxy.url} no longer takes this computer's pushes (it was revoked in Settings, or your account was disabled): run \`handson remote add ${proxy.url}\` to link it again.\n`,
    );

    // Removing tolerates the revoked token; the file goes.
    const removed = await run(['remote', 'remove']);
    expect(removed.code).toBe(0);
    expect(removed.stdout).toContain(`no longer pushes to ${proxy.url}`);
    expect(existsSync(file)).toBe(false);
  }, 60_000);

  // Needs the built CLI (npm run build) and util-linux `script` for a terminal.
  it.runIf(HAS_SCRIPT)(
    'shows that it waits on a terminal, and Ctrl+C leaves no remote behind',
    async () => {
      const data = tempDataDir();
      const t = terminalCli(['remote', 'add', `http://127.0.0.1:${team.port}`], { HANDSON_DATA: data });
      await t.waitFor('/device?code=');
      await t.waitFor('Waiting for approval… ');
      t.interrupt();
      const { code, screen } = await t.exited;
      expect(code, screen).toBe(130);
      expect(screen).toMatch(/Waiting for approval… \d+:\d\d left/);
      expect(existsSync(join(data, 'remote.json'))).toBe(false);
    },
    30_000,
  );

  it('revokes its token on remove, and removes anyway when the server is gone', async () => {
    const { peter } = await organisation('chotchkies.example');
    const data = tempDataDir();
    const env = { HANDSON_DATA: data };
    expect((await link(env, peter)).code).toBe(0);
    expect((await cli(['remote', 'remove'], { env })).stdout).toBe(
      `This computer no longer pushes to ${proxy.url} (its token is revoked).\n`,
    );
    const tokens = await call(team, 'GET', '/api/push/tokens', { cookie: peter });
    expect((tokens.body.data as unknown as { revokedAt: string | null }[])[0]!.revokedAt).not.toBeNull();

    expect((await link(env, peter)).code).toBe(0);
    // The server cannot be reached: a push fails in one sentence; remove still forgets it.
    proxy.server.close();
    proxy.server.closeAllConnections();
    await cli(initDana(), { env });
    const offline = await cli(['share', 'review', '2026-W48', '--with', 'joanna@chotchkies.example'], {
      env,
    });
    expect(offline.code).toBe(1);
    expect(offline.stderr).toBe(
      `handson: Could not reach ${proxy.url}: nothing answered there (connection refused).\n`,
    );
    const gone = await cli(['remote', 'remove'], { env });
    expect(gone.code).toBe(0);
    expect(gone.stderr).toContain('Could not reach');
    expect(gone.stderr).toContain(
      'revoke "Peter’s laptop" in the web app, under Settings → Computers that can push.',
    );
    expect(existsSync(join(data, 'remote.json'))).toBe(false);
  }, 60_000);
});
