import { type Kysely, sql } from 'kysely';
import { DateTime } from 'luxon';
import type pg from 'pg';
import type PgBoss from 'pg-boss';
import { z } from 'zod';
import { makeContext } from '../../app/context.js';
import {
  DIGEST_SETTING,
  defaultDigestWeek,
  digestOf,
  digestPreferences,
  digestWeekStart,
} from '../../app/digest/digest.js';
import type { MailPreferences } from '../../app/digest/email-views.js';
import { weekKey } from '../../domain/time.js';
import type { LocalDate } from '../../domain/types.js';
import { type CoachDigestView, coachDigestEmail } from '../../email/coach-digest.js';
import { composeEmail, type EmailMessage, type Mailbox } from '../../email/compose.js';
import { digestEmail } from '../../email/digest.js';
import { discussionEmail } from '../../email/discussion.js';
import { refusedForGood, type SmtpTarget, sendEmail } from '../../email/smtp.js';
import { AppError } from '../../errors.js';
import type { Stores } from '../../store/open.js';
import { kyselyForActor } from '../../store/row-security.js';
import type { Database } from '../../store/tables.js';
import { newToken, tokenHash } from './credentials.js';
import { type Account, type AccountRow, toAccount } from './directory.js';
import { MAIL_QUEUE, startJobs, transactionExecutor } from './mail-jobs.js';
import type { TeamSharing } from './sharing.js';

/** The emails the server sends on a schedule, each one a person turns on for themselves. */
/**
 * `discussion`: a comment in a discussion the person follows, or a new proposal (proposals.ts
 * writes each into `team_notifications`; its id is the email's `week` key, so it too goes once).
 */
export type MailKind = 'weekly' | 'coach' | 'discussion';

export const MAIL_KIND_NAME: Record<MailKind, string> = {
  weekly: 'the weekly digest',
  coach: 'the coach digest',
  discussion: 'discussion emails (follow-up comments and new proposals)',
};

export const MailPreferencesInput = z.strictObject({
  weekly: z.boolean({ message: 'expected true or false' }).optional(),
  coach: z.boolean({ message: 'expected true or false' }).optional(),
  includeText: z.boolean({ message: 'expected true or false' }).optional(),
});

/** What an admin sees of a send that has not gone out: who, which, when, how often tried — never content. */
export interface PendingMail {
  account: { id: string; name: string };
  kind: MailKind;
  week: string;
  state: 'queued' | 'sending' | 'retrying' | 'failed';
  attempts: number;
  lastError: string | null;
  queuedAt: string;
}

interface MailJob {
  accountId: string;
  kind: MailKind;
  /** The ISO week the email is about, `2026-W48`. */
  week: string;
}

/** Monday, 08:00 on the person's own clock. */
const SEND_WEEKDAY = 1;
const SEND_HOUR = 8;
/** A link in an old email still stops the email it came in, for about half a year. */
const TOKEN_DAYS = 180;

export interface TeamMailOptions {
  db: Kysely<Database>;
  pool: pg.Pool;
  teamSchema: string | undefined;
  stores: Stores;
  sharing: TeamSharing;
  publicUrl: URL;
  /** Where mail goes; absent: the server sends nothing (and says so at start). */
  smtp?: SmtpTarget | undefined;
  from: Mailbox;
  clock?: () => Date;
  log?: (line: string) => void;
  /** Retries after a failed send, with exponential back-off from `delaySeconds`. */
  retry?: { limit: number; delaySeconds: number };
  pollSeconds?: number;
}

/**
 * Email from the organisation's server (issue 12): the weekly digest and the coach digest, each
 * turned on by the person it goes to, sent at Monday 08:00 in their own time zone.
 *
 * Exactly once: a tick on every instance finds who is due and inserts one `team_mail` row per
 * (person, kind, ISO week) — its primary key lets only one instance win — and queues the job in
 * the same transaction, so a row and its job exist together or not at all. The job decides nothing
 * ahead of time: when it runs it reads consent again and builds the email from what is live then.
 */
export function teamMail(options: TeamMailOptions) {
  const { db, pool, stores, sharing, publicUrl } = options;
  const clock = options.clock ?? (() => new Date());
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const retry = options.retry ?? { limit: 5, delaySeconds: 60 };
  let boss: PgBoss | undefined;
  let timer: NodeJS.Timeout | undefined;
  let discussions: NodeJS.Timeout | undefined;

  const link = (hash: string) => new URL(`/${hash}`, publicUrl).toString();
  /** RFC 8058 asks for https; a server on http://localhost gets the footer link only. */
  const oneClick = publicUrl.protocol === 'https:';

  const journalOf = (accountId: string) =>
    makeContext(
      stores.forOwner(accountId),
      clock,
      undefined,
      (m) => log(`warning: ${m}`),
      { id: accountId },
      'public-only',
    );

  async function account(id: string): Promise<Account | undefined> {
    const { rows } = await sql<AccountRow>`select * from team_accounts where id = ${id}`.execute(db);
    return rows[0] === undefined ? undefined : toAccount(rows[0]);
  }

  async function stored(accountId: string): Promise<{ weekly: boolean; coach: boolean }> {
    const { rows } = await sql<{ weekly: boolean; coach: boolean }>`
      select weekly, coach from team_mail_preferences where account_id = ${accountId}`.execute(db);
    return rows[0] ?? { weekly: false, coach: false };
  }

  async function timeZoneOf(accountId: string): Promise<string | undefined> {
    return (await stores.forOwner(accountId).getProfile())?.tz;
  }

  /** The week whose email is due now for someone in `tz`: on their Monday from 08:00, the week that just ended. */
  function dueWeek(now: Date, tz: string): LocalDate | undefined {
    const local = DateTime.fromJSDate(now, { zone: tz });
    if (!local.isValid || local.weekday !== SEND_WEEKDAY || local.hour < SEND_HOUR) return undefined;
    return defaultDigestWeek(local.toISODate() as LocalDate);
  }

  /** One row and one job, or neither: the row's key is the once. */
  async function enqueue(
    a: { id: string; organisation_id: string },
    kind: MailKind,
    week: string,
  ): Promise<boolean> {
    const jobs = boss;
    if (jobs === undefined) return false;
    return db.transaction().execute(async (trx) => {
      const inserted =
        await sql`insert into team_mail (account_id, kind, week, organisation_id, state, queued_at)
        values (${a.id}, ${kind}, ${week}, ${a.organisation_id}, 'queued', ${clock()})
        on conflict do nothing returning account_id`.execute(trx);
      if (inserted.rows.length === 0) return false;
      const job: MailJob = { accountId: a.id, kind, week };
      await jobs.send(MAIL_QUEUE, job, {
        db: transactionExecutor(trx),
        singletonKey: `${kind}:${a.id}:${week}`,
        retryLimit: retry.limit,
        retryDelay: retry.delaySeconds,
        retryBackoff: true,
        expireInSeconds: 300,
      });
      return true;
    });
  }

  async function unsubscribeUrl(accountId: string, kind: MailKind): Promise<string | undefined> {
    if (!oneClick) return undefined;
    const token = newToken();
    const now = clock();
    await sql`insert into team_unsubscribe_tokens (token_hash, account_id, kind, created_at, expires_at)
      values (${tokenHash(token)}, ${accountId}, ${kind}, ${now}, ${new Date(now.getTime() + TOKEN_DAYS * 86_400_000)})`.execute(
      db,
    );
    const url = new URL('/api/unsubscribe', publicUrl);
    url.searchParams.set('token', token);
    return url.toString();
  }

  async function weeklyEmail(to: Account, week: string): Promise<EmailMessage | string> {
    if ((await stores.forOwner(to.id).getProfile()) === undefined) return 'no profile to make a digest from';
    const view = await digestOf(journalOf(to.id), digestWeekStart(week));
    const links = {
      reviewUrl: link(`#/review?week=${view.week.start}`),
      preferencesUrl: link('#/settings'),
      ...(oneClick ? { unsubscribeUrl: (await unsubscribeUrl(to.id, 'weekly'))! } : {}),
    };
    return { ...digestEmail(view, { name: to.name, address: to.email }, clock(), links), from: options.from };
  }

  async function coachEmail(to: Account, week: string): Promise<EmailMessage | string> {
    const tz = (await timeZoneOf(to.id)) ?? 'UTC';
    const start = DateTime.fromISO(digestWeekStart(week), { zone: tz });
    const from = start.toJSDate();
    const until = start.plus({ weeks: 1 }).toJSDate();
    const within = (iso: string) => iso >= from.toISOString() && iso < until.toISOString();
    // As the coach, on a connection PostgreSQL knows as the coach: only shares live now, and only
    // theirs. A grant revoked after this job was queued is simply not here.
    const live = await sharing.as(to).withMe();
    const counts = new Map<string, number>();
    if (live.length > 0) {
      const { rows } = await sql<{ share_id: string; n: string }>`
        select share_id, count(*) as n from team_comments
        where share_id in (${sql.join(live.map((s) => s.id))}) and coach_id = ${to.id} and author_id <> ${to.id}
          and at >= ${from} and at < ${until}
        group by share_id`.execute(kyselyForActor(pool, to.id));
      for (const r of rows) counts.set(r.share_id, Number(r.n));
    }
    const items: CoachDigestView['items'] = live
      .map((s) => ({
        leader: s.leader.name,
        kind: s.kind,
        change: within(s.sharedAt)
          ? ('shared' as const)
          : within(s.updatedAt)
            ? ('updated' as const)
            : ('none' as const),
        comments: counts.get(s.id) ?? 0,
      }))
      .filter((i) => i.change !== 'none' || i.comments > 0);
    if (items.length === 0) return 'nothing was shared with them that week';
    const view: CoachDigestView = { week: { key: week }, to: { name: to.name }, items };
    const unsubscribe = await unsubscribeUrl(to.id, 'coach');
    return coachDigestEmail(view, options.from, { name: to.name, address: to.email }, clock(), {
      sharedUrl: link('#/shared'),
      preferencesUrl: link('#/settings'),
      ...(unsubscribe === undefined ? {} : { unsubscribeUrl: unsubscribe }),
    });
  }

  /**
   * A follow-up comment or a new proposal, read as the person it goes to (row-level security: their
   * own organisation's discussion) when it is sent: a comment hidden, deleted or no longer followed
   * by then is not sent.
   */
  async function discussionMail(to: Account, notificationId: string): Promise<EmailMessage | string> {
    const { rows } = await sql<{
      kind: 'follow-up-comment' | 'new-proposal';
      proposal_id: string;
      comment_id: string | null;
    }>`
      select kind, proposal_id, comment_id from team_notifications where id = ${notificationId} and account_id = ${to.id}`.execute(
      db,
    );
    const n = rows[0];
    if (n === undefined) return 'the notification was withdrawn';
    const as = kyselyForActor(pool, to.id);
    const wants =
      n.kind === 'new-proposal'
        ? await sql`select 1 from team_proposal_subscribers where account_id = ${to.id}`.execute(as)
        : await sql`select 1 from team_proposal_follows where account_id = ${to.id} and proposal_id = ${n.proposal_id}`.execute(
            as,
          );
    if (wants.rows.length === 0) return `${to.name} no longer asks for it`;
    const proposal = (
      await sql<{ title: string; kind: 'good' | 'watch-out'; summary: string; author: string }>`
        select p.title, p.kind, p.summary, a.name as author from team_proposals p
        join team_accounts a on a.id = p.author_id where p.id = ${n.proposal_id}`.execute(as)
    ).rows[0];
    if (proposal === undefined) return 'the proposal is not there any more';
    let author = proposal.author;
    let text = proposal.summary;
    let replyTo: string | undefined;
    if (n.kind === 'follow-up-comment') {
      const comment = (
        await sql<{
          body: string;
          author: string;
          hidden_at: Date | null;
          deleted_at: Date | null;
          parent: string | null;
        }>`
          select c.body, a.name as author, c.hidden_at, c.deleted_at, pa.name as parent
          from team_proposal_comments c join team_accounts a on a.id = c.author_id
          left join team_proposal_comments pc on pc.id = c.parent_id
          left join team_accounts pa on pa.id = pc.author_id
          where c.id = ${n.comment_id}`.execute(as)
      ).rows[0];
      if (comment === undefined || comment.hidden_at !== null || comment.deleted_at !== null) {
        return 'the comment was deleted or hidden';
      }
      author = comment.author;
      text = comment.body;
      replyTo = comment.parent ?? undefined;
    }
    const unsubscribe = await unsubscribeUrl(to.id, 'discussion');
    return discussionEmail(
      {
        kind: n.kind,
        to: { name: to.name },
        proposal: { title: proposal.title, kind: proposal.kind },
        author,
        text,
        replyTo,
      },
      options.from,
      { name: to.name, address: to.email },
      clock(),
      {
        discussionUrl: link(`#/proposals?id=${encodeURIComponent(n.proposal_id)}`),
        preferencesUrl: link('#/proposals'),
        ...(unsubscribe === undefined ? {} : { unsubscribeUrl: unsubscribe }),
      },
    );
  }

  const key = (j: MailJob) => sql`account_id = ${j.accountId} and kind = ${j.kind} and week = ${j.week}`;

  async function finish(j: MailJob, state: 'sent' | 'skipped', note: string | null) {
    await sql`update team_mail set state = ${state}, last_error = ${note}, finished_at = ${clock()} where ${key(j)}`.execute(
      db,
    );
  }

  /** One job: consent read again, the email built now, sent, and the row told how it went. */
  async function deliver(job: PgBoss.JobWithMetadata<MailJob>): Promise<void> {
    const j = job.data;
    const claimed = await sql`update team_mail set state = 'sending', attempts = attempts + 1
      where ${key(j)} and state not in ('sent', 'skipped') returning attempts`.execute(db);
    // Already sent (a job retried after its sender stopped mid-way) or never queued here: nothing to do.
    if (claimed.rows.length === 0) return;
    try {
      const to = await account(j.accountId);
      const wants = await stored(j.accountId);
      if (to === undefined || to.disabled) return await finish(j, 'skipped', 'the account is disabled');
      if (j.kind !== 'discussion' && !wants[j.kind]) {
        return await finish(j, 'skipped', `${MAIL_KIND_NAME[j.kind]} was turned off`);
      }
      const message =
        j.kind === 'weekly'
          ? await weeklyEmail(to, j.week)
          : j.kind === 'coach'
            ? await coachEmail(to, j.week)
            : await discussionMail(to, j.week);
      if (typeof message === 'string') return await finish(j, 'skipped', message);
      const smtp = options.smtp;
      if (smtp === undefined)
        throw new AppError('mail-failed', 'HANDSON_SMTP_URL is not set on this instance.');
      await sendEmail(smtp, { from: message.from.address, to: to.email }, await composeEmail(message));
      await finish(j, 'sent', null);
      if (j.kind === 'discussion') {
        await sql`update team_notifications set sent_at = ${clock()} where id = ${j.week}`.execute(db);
      }
      log(`mail ${j.kind} ${j.week} sent to account ${j.accountId}`);
    } catch (e) {
      // What an admin reads: the one sentence an AppError carries (mail-failed names the server, never
      // a password); anything else is a bug, whose stack stays in the log.
      const sentence = e instanceof AppError ? e.message : 'An unexpected error; see the server’s log.';
      // A mailbox the mail server says does not exist is not retried for half an hour: it fails now.
      const forGood = refusedForGood(e);
      const last = forGood || job.retryCount >= job.retryLimit;
      await sql`update team_mail set state = ${last ? 'failed' : 'retrying'}, last_error = ${sentence} where ${key(j)}`.execute(
        db,
      );
      log(
        `mail ${j.kind} ${j.week} for account ${j.accountId} failed (try ${job.retryCount + 1}${forGood ? ', refused for good: not retried' : ''}): ${sentence}`,
      );
      if (!(e instanceof AppError)) log(String((e as Error).stack ?? e));
      // The job is done when the refusal is final; otherwise the queue runs it again later.
      if (!forGood) throw e;
    }
  }

  async function tokenRow(token: string) {
    const { rows } = await sql<{ account_id: string; kind: MailKind; expires_at: Date }>`
      select account_id, kind, expires_at from team_unsubscribe_tokens where token_hash = ${tokenHash(token)}`.execute(
      db,
    );
    const row = rows[0];
    return row === undefined || row.expires_at <= clock() ? undefined : row;
  }

  return {
    sending: options.smtp !== undefined,

    /** Starts the queue and this instance's worker; without SMTP, says that nothing will be sent. */
    async start(): Promise<void> {
      if (options.smtp === undefined) {
        log('Email is off: HANDSON_SMTP_URL is not set, so this server sends no digests.');
        return;
      }
      boss = await startJobs({ pool, teamSchema: options.teamSchema });
      boss.on('error', (e) => log(`job queue: ${e.message}`));
      await this.startWorker();
      log(`Email is on: digests go through ${options.smtp.name}.`);
    },

    /** This instance takes jobs from the queue (every instance does, unless held). */
    async startWorker(): Promise<void> {
      await boss?.work<MailJob>(
        MAIL_QUEUE,
        { includeMetadata: true, batchSize: 1, pollingIntervalSeconds: options.pollSeconds ?? 2 },
        async ([job]) => {
          if (job !== undefined) await deliver(job);
        },
      );
    },

    /** Holds this instance's worker: jobs wait in the queue for another instance, or for startWorker. */
    async stopWorker(): Promise<void> {
      await boss?.offWork(MAIL_QUEUE);
    },

    /**
     * Every instance ticks; the table decides who sends. Discussions are looked at more often than
     * digests: a reply read a day late is a conversation lost.
     */
    startScheduler(everyMs = 5 * 60_000, discussionsEveryMs = 30_000): void {
      if (boss === undefined || timer !== undefined) return;
      timer = setInterval(() => {
        this.tick().catch((e: Error) => log(`mail tick: ${e.message}`));
      }, everyMs);
      timer.unref();
      discussions = setInterval(() => {
        this.tickDiscussions().catch((e: Error) => log(`discussion mail tick: ${e.message}`));
      }, discussionsEveryMs);
      discussions.unref();
    },

    /** Queues a send for each discussion notification not yet queued; answers how many this call queued. */
    async tickDiscussions(): Promise<number> {
      if (boss === undefined) return 0;
      const { rows } = await sql<{ id: string; account_id: string; organisation_id: string }>`
        select n.id, n.account_id, a.organisation_id from team_notifications n
        join team_accounts a on a.id = n.account_id
        where n.sent_at is null and a.disabled_at is null
          and not exists (select 1 from team_mail m where m.account_id = n.account_id and m.kind = 'discussion' and m.week = n.id)
        order by n.created_at limit 500`.execute(db);
      let queued = 0;
      for (const r of rows) {
        if (await enqueue({ id: r.account_id, organisation_id: r.organisation_id }, 'discussion', r.id))
          queued++;
      }
      return queued;
    },

    /** Queues each email that is due now and not yet queued; answers how many this call queued. */
    async tick(): Promise<number> {
      if (boss === undefined) return 0;
      const now = clock();
      const { rows } = await sql<{ id: string; organisation_id: string; weekly: boolean; coach: boolean }>`
        select a.id, a.organisation_id, p.weekly, p.coach from team_mail_preferences p
        join team_accounts a on a.id = p.account_id
        where a.disabled_at is null and (p.weekly or p.coach)`.execute(db);
      let queued = 0;
      for (const r of rows) {
        const tz = await timeZoneOf(r.id);
        // The weekly digest is of a journal: without a profile there is none (and no time zone).
        const kinds: [MailKind, string | undefined][] = [
          ['weekly', r.weekly ? tz : undefined],
          ['coach', r.coach ? (tz ?? 'UTC') : undefined],
        ];
        for (const [kind, zone] of kinds) {
          const week = zone === undefined ? undefined : dueWeek(now, zone);
          if (week !== undefined && (await enqueue(r, kind, weekKey(week)))) queued++;
        }
      }
      queued += await this.tickDiscussions();
      await sql`delete from team_unsubscribe_tokens where expires_at <= ${now}`.execute(db);
      return queued;
    },

    async preferences(a: Account): Promise<MailPreferences> {
      const [wants, digest] = await Promise.all([stored(a.id), digestPreferences(journalOf(a.id))]);
      return { ...wants, includeText: digest.includeText, sending: options.smtp !== undefined };
    },

    async setPreferences(a: Account, input: z.output<typeof MailPreferencesInput>): Promise<MailPreferences> {
      const now = clock();
      if (input.weekly !== undefined || input.coach !== undefined) {
        const was = await stored(a.id);
        const next = { weekly: input.weekly ?? was.weekly, coach: input.coach ?? was.coach };
        await sql`insert into team_mail_preferences (account_id, weekly, coach, updated_at)
          values (${a.id}, ${next.weekly}, ${next.coach}, ${now})
          on conflict (account_id) do update set weekly = excluded.weekly, coach = excluded.coach, updated_at = excluded.updated_at`.execute(
          db,
        );
      }
      if (input.includeText !== undefined) {
        await journalOf(a.id).store.putSetting(
          DIGEST_SETTING,
          { includeText: input.includeText },
          now.toISOString(),
        );
      }
      return this.preferences(a);
    },

    /** Which email a link stops, for its confirmation page; undefined for a token that is not (or no longer) one. */
    async unsubscribeTarget(token: string): Promise<MailKind | undefined> {
      return (await tokenRow(token))?.kind;
    },

    /** The one click: turns off exactly that kind of email for exactly that person. */
    async unsubscribe(token: string): Promise<MailKind | undefined> {
      const row = await tokenRow(token);
      if (row === undefined) return undefined;
      if (row.kind === 'discussion') {
        // What proposals.ts's "stop all" does, as the person (their own follows, under row-level
        // security), with their unsent notifications withdrawn.
        const as = kyselyForActor(pool, row.account_id);
        await sql`delete from team_proposal_subscribers where account_id = ${row.account_id}`.execute(as);
        await sql`delete from team_proposal_follows where account_id = ${row.account_id}`.execute(as);
        await sql`delete from team_notifications where account_id = ${row.account_id} and sent_at is null`.execute(
          db,
        );
        log(`discussion emails turned off by an unsubscribe link for account ${row.account_id}`);
        return row.kind;
      }
      const column = sql.ref(row.kind);
      await sql`insert into team_mail_preferences (account_id, weekly, coach, updated_at)
        values (${row.account_id}, false, false, ${clock()})
        on conflict (account_id) do update set ${column} = false, updated_at = excluded.updated_at`.execute(
        db,
      );
      log(`${row.kind} email turned off by an unsubscribe link for account ${row.account_id}`);
      return row.kind;
    },

    /** For an admin: the organisation's sends that have not gone out, newest first. */
    async pending(admin: Account): Promise<PendingMail[]> {
      const { rows } = await sql<{
        account_id: string;
        name: string;
        kind: MailKind;
        week: string;
        state: PendingMail['state'];
        attempts: number;
        last_error: string | null;
        queued_at: Date;
      }>`select m.account_id, a.name, m.kind, m.week, m.state, m.attempts, m.last_error, m.queued_at
        from team_mail m join team_accounts a on a.id = m.account_id
        where m.organisation_id = ${admin.organisationId} and m.state in ('queued', 'sending', 'retrying', 'failed')
        order by m.queued_at desc, m.account_id limit 200`.execute(db);
      return rows.map((r) => ({
        account: { id: r.account_id, name: r.name },
        kind: r.kind,
        week: r.week,
        state: r.state,
        attempts: r.attempts,
        lastError: r.last_error,
        queuedAt: r.queued_at.toISOString(),
      }));
    },

    async stop(): Promise<void> {
      if (timer !== undefined) clearInterval(timer);
      if (discussions !== undefined) clearInterval(discussions);
      timer = undefined;
      discussions = undefined;
      await boss?.stop({ graceful: true, close: false, wait: true, timeout: 10_000 });
      boss = undefined;
    },
  };
}

export type TeamMail = ReturnType<typeof teamMail>;
