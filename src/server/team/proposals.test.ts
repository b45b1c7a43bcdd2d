import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kyselyForActor } from '../../store/row-security.js';
import { EDIT_WINDOW_MS } from './proposals.js';
import { type InProcessAnswer, type Member, teamInProcess } from './test-support.js';

const PG_URL = process.env['HANDSON_TEST_PG_URL'];
const PUBLIC = 'https://handson.example.org';

/** Every address an account was made with: none may appear in any answer below. */
const EMAILS = [
  'ada.admin@piedpiper.example',
  'ben.b@piedpiper.example',
  'cleo.c@piedpiper.example',
  'dan.d@piedpiper.example',
  'eve.e@hooli.example',
  'finn.f@hooli.example',
];

const PROPOSAL = {
  kind: 'good',
  title: 'Pair to teach',
  summary: 'Taking a task with someone junior so they learn how it is done.',
  signals: ['The other person does the next one alone.'],
  questions: ['Who will do it alone next time?', 'Could they lead and you follow?'],
};

describe.runIf(PG_URL)('reasons proposed and discussed in an organisation', () => {
  let at = new Date('2026-12-01T09:00:00Z');
  const later = (ms: number) => {
    at = new Date(at.getTime() + ms);
  };
  let team: Awaited<ReturnType<typeof teamInProcess>>;
  let ada: Member;
  let ben: Member;
  let cleo: Member;
  let dan: Member;
  let eve: Member;
  let finn: Member;
  /** Every answer of every call, scanned for addresses at the end. */
  const answers: InProcessAnswer[] = [];

  const call = async (method: 'GET' | 'POST', path: string, as: Member, json?: unknown) => {
    const a = await team.request(team.app, method, path, as, json);
    answers.push(a);
    return a;
  };
  const post = (as: Member, path: string, json: unknown = {}) => call('POST', path, as, json);
  const get = (as: Member, path: string) => call('GET', path, as);
  const ok = async (as: Member, path: string, json: unknown = {}) => {
    const a = await post(as, path, json);
    expect(a.status, `${path}: ${a.text}`).toBe(200);
    return a.data;
  };
  const outbox = async () =>
    (
      await sql<{
        account_id: string;
        kind: string;
        proposal_id: string;
        comment_id: string | null;
      }>`select account_id, kind, proposal_id, comment_id from team_notifications where sent_at is null order by created_at, account_id`.execute(
        team.engine.db,
      )
    ).rows;

  beforeAll(async () => {
    team = await teamInProcess(PUBLIC, () => at);
    ada = await team.firstAdmin('Pied Piper', EMAILS[0]!, 'Ada');
    ben = await team.invite(ada, EMAILS[1]!, 'Ben');
    cleo = await team.invite(ada, EMAILS[2]!, 'Cleo');
    dan = await team.invite(ada, EMAILS[3]!, 'Dan');
    eve = await team.firstAdmin('Hooli', EMAILS[4]!, 'Eve');
    finn = await team.invite(eve, EMAILS[5]!, 'Finn');
    for (const m of [ada, ben, cleo, dan, eve, finn]) {
      await ok(m, '/api/profile/init', {
        name: m.name,
        role: 'engineering-manager',
        reports: 5,
        tz: 'UTC',
        emails: [`journal-${m.name.toLowerCase()}@elsewhere.example`],
      });
    }
  }, 120_000);
  afterAll(async () => {
    await team?.close();
  });

  it('takes a proposal once it is well formed, and shows its author by name', async () => {
    const missing = await post(ben, '/api/proposals/add', { ...PROPOSAL, title: '' });
    expect(missing.status).toBe(400);
    expect(missing.text).toMatch(/title/);
    const long = await post(ben, '/api/proposals/add', { ...PROPOSAL, summary: 'x'.repeat(301) });
    expect(long.status).toBe(400);
    const tooMany = await post(ben, '/api/proposals/add', {
      ...PROPOSAL,
      questions: Array(7).fill('Why now?'),
    });
    expect(tooMany.status).toBe(400);
    const bad = await post(ben, '/api/proposals/add', { ...PROPOSAL, kind: 'great' });
    expect(bad.status).toBe(400);

    const made = await ok(ben, '/api/proposals/add', PROPOSAL);
    expect(made).toMatchObject({
      title: 'Pair to teach',
      status: 'open',
      author: { id: ben.accountId, name: 'Ben' },
      signals: PROPOSAL.signals,
      questions: PROPOSAL.questions,
      comments: [],
      fits: 0,
      following: false,
    });
    const list = await get(cleo, '/api/proposals');
    expect(list.data.map((p: { id: string }) => p.id)).toContain(made.id);
  });

  it('threads comments and replies, one level deep', async () => {
    const p = await ok(ben, '/api/proposals/add', { ...PROPOSAL, title: 'Thread test' });
    const first = await ok(cleo, '/api/proposals/comment', { id: p.id, body: 'I do this every sprint.' });
    const reply = await ok(dan, '/api/proposals/comment', {
      id: p.id,
      body: 'Same here.',
      parentId: first.id,
    });
    expect(reply.parentId).toBe(first.id);
    // A reply to a reply joins the thread of the comment it answers.
    const deeper = await ok(ben, '/api/proposals/comment', {
      id: p.id,
      body: 'Good to hear.',
      parentId: reply.id,
    });
    expect(deeper.parentId).toBe(first.id);
    const read = (await get(ada, `/api/proposals/item/${p.id}`)).data;
    expect(read.comments.map((c: { body: string }) => c.body)).toEqual([
      'I do this every sprint.',
      'Same here.',
      'Good to hear.',
    ]);
    expect(read.comments.map((c: { author: { name: string } }) => c.author.name)).toEqual([
      'Cleo',
      'Dan',
      'Ben',
    ]);
    expect(read.commentCount).toBe(3);
    // A parent from another proposal is not a parent here.
    const other = await ok(ben, '/api/proposals/add', { ...PROPOSAL, title: 'Another' });
    expect(
      (await post(dan, '/api/proposals/comment', { id: other.id, body: 'x', parentId: first.id })).status,
    ).toBe(404);
  });

  it('lets authors edit and delete their own comments within the window only', async () => {
    const p = await ok(ben, '/api/proposals/add', { ...PROPOSAL, title: 'Edit test' });
    const c = await ok(cleo, '/api/proposals/comment', { id: p.id, body: 'Frist!' });
    expect(Date.parse(c.editableUntil)).toBe(at.getTime() + EDIT_WINDOW_MS);
    later(EDIT_WINDOW_MS - 60_000);
    const edited = await ok(cleo, '/api/proposals/comment/edit', { id: c.id, body: 'First!' });
    expect(edited).toMatchObject({ body: 'First!', state: 'shown' });
    expect(edited.editedAt).toBe(at.toISOString());
    // Someone else's comment is theirs alone to change.
    const forbidden = await post(dan, '/api/proposals/comment/edit', { id: c.id, body: 'Hijacked' });
    expect(forbidden.status).toBe(403);
    expect((await post(ada, '/api/proposals/comment/delete', { id: c.id })).status).toBe(403);
    later(2 * 60_000);
    const late = await post(cleo, '/api/proposals/comment/edit', { id: c.id, body: 'Too late' });
    expect(late.status).toBe(409);
    expect(late.text).toMatch(/15 minutes/);
    expect((await post(cleo, '/api/proposals/comment/delete', { id: c.id })).status).toBe(409);
    const read = (await get(dan, `/api/proposals/item/${p.id}`)).data;
    expect(read.comments[0]).toMatchObject({ body: 'First!', editableUntil: null });

    const oops = await ok(dan, '/api/proposals/comment', { id: p.id, body: 'Wrong thread, sorry' });
    const reply = await ok(cleo, '/api/proposals/comment', {
      id: p.id,
      body: 'No worries',
      parentId: oops.id,
    });
    const gone = await ok(dan, '/api/proposals/comment/delete', { id: oops.id });
    expect(gone).toMatchObject({ state: 'deleted', body: null });
    const after = (await get(ben, `/api/proposals/item/${p.id}`)).data;
    // Its text is gone for everyone; its reply keeps its place.
    expect(after.text).toBeUndefined();
    expect(JSON.stringify(after)).not.toContain('Wrong thread');
    expect(after.comments.find((x: { id: string }) => x.id === reply.id).parentId).toBe(oops.id);
    expect(after.commentCount).toBe(2);
  });

  it('lets admins hide a comment: members see that it was hidden, not what it said', async () => {
    const p = await ok(ben, '/api/proposals/add', { ...PROPOSAL, title: 'Hide test' });
    const c = await ok(dan, '/api/proposals/comment', { id: p.id, body: 'ABUSIVE-TEXT' });
    expect((await post(cleo, '/api/proposals/comment/hide', { id: c.id, hidden: true })).status).toBe(403);
    const hidden = await ok(ada, '/api/proposals/comment/hide', { id: c.id, hidden: true });
    // The admin still reads it: moderating means judging it, and undoing a mistake.
    expect(hidden).toMatchObject({ state: 'hidden', body: 'ABUSIVE-TEXT' });
    const asCleo = await get(cleo, `/api/proposals/item/${p.id}`);
    expect(asCleo.data.comments[0]).toMatchObject({ state: 'hidden', body: null });
    expect(asCleo.text).not.toContain('ABUSIVE-TEXT');
    expect((await get(dan, `/api/proposals/item/${p.id}`)).data.comments[0].body).toBe('ABUSIVE-TEXT');
    // Its author cannot edit it back into view.
    expect((await post(dan, '/api/proposals/comment/edit', { id: c.id, body: 'ABUSIVE-AGAIN' })).status).toBe(
      409,
    );
    await ok(ada, '/api/proposals/comment/hide', { id: c.id, hidden: false });
    expect((await get(cleo, `/api/proposals/item/${p.id}`)).data.comments[0].state).toBe('shown');
  });

  it('counts who says a proposal fits them, each once', async () => {
    const p = await ok(ben, '/api/proposals/add', { ...PROPOSAL, title: 'Fits test' });
    await ok(cleo, '/api/proposals/fits', { id: p.id, fits: true });
    await ok(cleo, '/api/proposals/fits', { id: p.id, fits: true });
    const two = await ok(dan, '/api/proposals/fits', { id: p.id, fits: true });
    expect(two).toMatchObject({ fits: 2, fitsMe: true });
    expect((await get(ben, `/api/proposals/item/${p.id}`)).data).toMatchObject({ fits: 2, fitsMe: false });
    const one = await ok(cleo, '/api/proposals/fits', { id: p.id, fits: false });
    expect(one).toMatchObject({ fits: 1, fitsMe: false });
  });

  it('owes emails only to those who asked, never to the author, and stops them all in one call', async () => {
    await sql`update team_notifications set sent_at = now()`.execute(team.engine.db);
    // Off by default.
    expect(await ok(ben, '/api/proposals/notifications', { newProposals: false })).toEqual({
      newProposals: false,
      following: [],
    });
    expect((await get(cleo, '/api/proposals/notifications')).data).toEqual({
      newProposals: false,
      following: [],
    });
    const p = await ok(ben, '/api/proposals/add', { ...PROPOSAL, title: 'Outbox test' });
    expect(await outbox()).toEqual([]);

    await ok(ben, '/api/proposals/follow', { id: p.id, follow: true });
    await ok(cleo, '/api/proposals/follow', { id: p.id, follow: true });
    const byBen = await ok(ben, '/api/proposals/comment', { id: p.id, body: 'Any thoughts?' });
    expect(await outbox()).toEqual([
      { account_id: cleo.accountId, kind: 'follow-up-comment', proposal_id: p.id, comment_id: byBen.id },
    ]);
    const byDan = await ok(dan, '/api/proposals/comment', { id: p.id, body: 'Yes.' });
    const owed = (await outbox()).filter((r) => r.comment_id === byDan.id);
    expect(owed.map((r) => r.account_id).sort()).toEqual([ben.accountId, cleo.accountId].sort());

    await ok(cleo, '/api/proposals/notifications', { newProposals: true });
    await ok(dan, '/api/proposals/notifications', { newProposals: true });
    expect((await get(cleo, '/api/proposals/notifications')).data).toEqual({
      newProposals: true,
      following: [p.id],
    });
    const fresh = await ok(dan, '/api/proposals/add', { ...PROPOSAL, title: 'Outbox news' });
    const news = (await outbox()).filter((r) => r.kind === 'new-proposal');
    expect(news).toEqual([
      { account_id: cleo.accountId, kind: 'new-proposal', proposal_id: fresh.id, comment_id: null },
    ]);
    // Another organisation's subscriber hears nothing of this one.
    await ok(finn, '/api/proposals/notifications', { newProposals: true });
    await ok(ben, '/api/proposals/add', { ...PROPOSAL, title: 'Outbox again' });
    expect((await outbox()).some((r) => r.account_id === finn.accountId)).toBe(false);

    const stopped = await ok(cleo, '/api/proposals/notifications/stop');
    expect(stopped).toEqual({ newProposals: false, following: [] });
    expect((await outbox()).some((r) => r.account_id === cleo.accountId)).toBe(false);
    await ok(dan, '/api/proposals/comment', { id: p.id, body: 'After the stop.' });
    await ok(ben, '/api/proposals/add', { ...PROPOSAL, title: 'After the stop' });
    expect((await outbox()).some((r) => r.account_id === cleo.accountId)).toBe(false);
  });

  it('adopts a proposal into every member’s catalogue, where the check accepts it', async () => {
    const p = await ok(ben, '/api/proposals/add', { ...PROPOSAL, title: 'Unblock the release' });
    const check = { title: 'Fix the release script', hours: 2, reasons: ['unblock-the-release'] };
    expect((await post(dan, '/api/check/run', check)).status).toBe(400);
    expect((await post(ben, '/api/proposals/adopt', { id: p.id })).status).toBe(403);
    expect((await post(ada, '/api/proposals/adopt', { id: p.id, reasonId: 'unwind' })).status).toBe(409);
    const adopted = await ok(ada, '/api/proposals/adopt', { id: p.id });
    expect(adopted).toMatchObject({
      status: 'adopted',
      reasonId: 'unblock-the-release',
      decidedBy: { id: ada.accountId, name: 'Ada' },
    });
    expect((await post(ada, '/api/proposals/adopt', { id: p.id })).status).toBe(409);

    const reasons = (await get(dan, '/api/reasons/list')).data;
    const reason = reasons.find((r: { id: string }) => r.id === 'unblock-the-release');
    expect(reason).toMatchObject({
      kind: 'good',
      title: 'Unblock the release',
      proposalId: p.id,
      questions: [
        { id: 'q1', text: PROPOSAL.questions[0] },
        { id: 'q2', text: PROPOSAL.questions[1] },
      ],
    });
    expect((await get(dan, '/api/reasons/show?id=unblock-the-release')).status).toBe(200);
    // Adopted, it is a reason card anyone may publish a public link for, like a built-in one.
    const card = await post(dan, '/api/public-links/preview', {
      item: { kind: 'reason', id: 'unblock-the-release' },
    });
    expect(card.status, card.text).toBe(200);
    expect(card.text).toContain('Unblock the release');
    const ran = await post(dan, '/api/check/run', check);
    expect(ran.status, ran.text).toBe(200);
    const logged = await post(cleo, '/api/journal/log', {
      title: 'Release script',
      minutes: 60,
      reasons: ['unblock-the-release'],
      date: '2026-12-01',
    });
    expect(logged.status, logged.text).toBe(200);
    // Not in another organisation's catalogue, nor accepted by its check.
    expect(JSON.stringify((await get(finn, '/api/reasons/list')).data)).not.toContain('unblock-the-release');
    expect((await post(finn, '/api/check/run', check)).status).toBe(400);
    // The same title adopted again would clash: an admin gives it another id.
    const again = await ok(cleo, '/api/proposals/add', { ...PROPOSAL, title: 'Unblock the release' });
    expect((await post(ada, '/api/proposals/adopt', { id: again.id })).status).toBe(409);
    await ok(ada, '/api/proposals/adopt', { id: again.id, reasonId: 'unblock-release-two' });
  });

  it('declines with a reason shown on the proposal', async () => {
    const p = await ok(dan, '/api/proposals/add', { ...PROPOSAL, title: 'Decline test' });
    expect((await post(ada, '/api/proposals/decline', { id: p.id, reason: '' })).status).toBe(400);
    expect((await post(cleo, '/api/proposals/decline', { id: p.id, reason: 'No' })).status).toBe(403);
    await ok(ada, '/api/proposals/decline', { id: p.id, reason: 'It is "empathy" in other words.' });
    const read = (await get(dan, `/api/proposals/item/${p.id}`)).data;
    expect(read).toMatchObject({
      status: 'declined',
      declineReason: 'It is "empathy" in other words.',
      reasonId: null,
    });
    expect((await post(ada, '/api/proposals/adopt', { id: p.id })).status).toBe(409);
    expect(JSON.stringify((await get(dan, '/api/reasons/list')).data)).not.toContain('decline-test');
  });

  it('shows another organisation nothing, through the routes or row-level security alone', async () => {
    const p = await ok(ben, '/api/proposals/add', { ...PROPOSAL, title: 'PIEDPIPER-ONLY' });
    const c = await ok(cleo, '/api/proposals/comment', { id: p.id, body: 'PIEDPIPER-COMMENT' });
    await ok(cleo, '/api/proposals/fits', { id: p.id, fits: true });
    await ok(cleo, '/api/proposals/follow', { id: p.id, follow: true });
    for (const as of [eve, finn]) {
      const list = await get(as, '/api/proposals');
      expect(list.text).not.toContain('PIEDPIPER');
      expect((await get(as, `/api/proposals/item/${p.id}`)).status).toBe(404);
      for (const [path, json] of [
        ['/api/proposals/comment', { id: p.id, body: 'intruder' }],
        ['/api/proposals/fits', { id: p.id, fits: true }],
        ['/api/proposals/follow', { id: p.id, follow: true }],
        ['/api/proposals/comment/edit', { id: c.id, body: 'intruder' }],
      ] as const) {
        expect((await post(as, path, json)).status, path).toBeGreaterThanOrEqual(403);
      }
    }
    expect((await post(eve, '/api/proposals/adopt', { id: p.id })).status).toBe(404);
    expect((await post(eve, '/api/proposals/comment/hide', { id: c.id })).status).toBe(404);

    // Raw SQL as the server's role, naming Finn: the policies alone keep Pied Piper's rows away.
    const asFinn = kyselyForActor(team.engine.pool!, finn.accountId);
    for (const t of [
      'team_proposals',
      'team_proposal_comments',
      'team_proposal_fits',
      'team_proposal_follows',
      'team_proposal_subscribers',
    ]) {
      const seen = await sql<{
        organisation_id: string;
      }>`select organisation_id from ${sql.table(t)}`.execute(asFinn);
      const own = await sql<{
        id: string;
      }>`select organisation_id as id from team_accounts where id = ${finn.accountId}`.execute(
        team.engine.db,
      );
      expect(
        seen.rows.every((r) => r.organisation_id === own.rows[0]!.id),
        t,
      ).toBe(true);
      // Naming no one shows nothing.
      expect((await sql`select * from ${sql.table(t)}`.execute(team.engine.db)).rows.length, t).toBe(0);
    }
    expect(
      Number(
        (await sql`update team_proposals set status = 'declined' where id = ${p.id}`.execute(asFinn))
          .numAffectedRows,
      ),
    ).toBe(0);
    await expect(
      sql`insert into team_proposal_comments (id, organisation_id, proposal_id, author_id, body, created_at)
        values ('forged', (select organisation_id from team_accounts where id = ${ben.accountId}), ${p.id},
          ${finn.accountId}, 'forged', now())`.execute(asFinn),
    ).rejects.toThrow(/row-level security/);
    // Nor may a member write in another member's name within the organisation.
    await expect(
      sql`insert into team_proposal_comments (id, organisation_id, proposal_id, author_id, body, created_at)
        values ('forged2', (select organisation_id from team_accounts where id = ${ben.accountId}), ${p.id},
          ${ben.accountId}, 'forged', now())`.execute(kyselyForActor(team.engine.pool!, dan.accountId)),
    ).rejects.toThrow(/row-level security/);
  });

  it('never answers with an email address, on these routes or the reasons routes', async () => {
    for (const m of [ada, ben, cleo, dan, eve, finn]) {
      await get(m, '/api/proposals');
      await get(m, '/api/proposals/notifications');
      await get(m, '/api/reasons/list');
      for (const p of (await get(m, '/api/proposals')).data as { id: string }[]) {
        await get(m, `/api/proposals/item/${p.id}`);
      }
    }
    expect(answers.length).toBeGreaterThan(150);
    const leaked = answers.filter((a) => EMAILS.some((e) => a.text.toLowerCase().includes(e)));
    expect(leaked.map((a) => a.text.slice(0, 200))).toEqual([]);
    // The control: the address is on record, and an admin's member list does show it.
    expect((await get(ada, '/api/org/members')).text).toContain(EMAILS[1]);
    answers.pop();
  });
});
