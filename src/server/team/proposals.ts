import { randomUUID } from 'node:crypto';
import { type Kysely, sql } from 'kysely';
import type pg from 'pg';
import type {
  ProposalComment,
  ProposalNotifications,
  ProposalPerson,
  ProposalStatus,
  ProposalSummary,
  ProposalView,
} from '../../app/proposals/views.js';
import { BUILTIN_REASONS, REASON_ID, reasonIdFrom } from '../../domain/reasons/reasons.js';
import type { Reason, ReasonKind } from '../../domain/types.js';
import { AppError } from '../../errors.js';
import { kyselyForActor } from '../../store/row-security.js';
import type { Database } from '../../store/tables.js';
import type { Account } from './directory.js';

export type { ProposalComment, ProposalNotifications, ProposalSummary, ProposalView };

/** How long its author may edit or delete a comment: long enough to fix a typo, short enough that a reply still answers what it read. */
export const EDIT_WINDOW_MS = 15 * 60_000;

export interface NewProposal {
  kind: ReasonKind;
  title: string;
  summary: string;
  signals: string[];
  questions: string[];
}

interface ProposalRow {
  id: string;
  organisation_id: string;
  author_id: string;
  kind: ReasonKind;
  title: string;
  summary: string;
  signals: string[];
  questions: string[];
  status: ProposalStatus;
  reason_id: string | null;
  decided_by: string | null;
  decided_at: Date | null;
  decline_reason: string | null;
  created_at: Date;
}

interface CommentRow {
  id: string;
  proposal_id: string;
  parent_id: string | null;
  author_id: string;
  body: string;
  created_at: Date;
  edited_at: Date | null;
  deleted_at: Date | null;
  hidden_at: Date | null;
}

const iso = (d: Date | null) => (d === null ? null : d.toISOString());

const BUILTIN_IDS = new Set(BUILTIN_REASONS.map((r) => r.id));

/** Anything not in the caller's organisation answers as if it did not exist. */
const noProposal = (id: string) =>
  new AppError('not-found', `There is no proposal "${id}" in your organisation.`, { field: 'id' });
const noComment = (id: string) =>
  new AppError('not-found', `There is no comment "${id}" in your organisation's proposals.`, {
    field: 'id',
  });
const adminsOnly = (what: string) => new AppError('forbidden', `Only an organisation's admins ${what}.`);

/**
 * Reasons proposed and discussed in an organisation (issue 12): proposals, their threads, "this
 * fits me", the admins' decisions, notification choices, and the outbox of emails owed.
 *
 * As in sharing.ts, two layers keep an organisation's discussion to itself: every query names the
 * caller's organisation, and runs on a connection that names the caller to PostgreSQL
 * (`kyselyForActor`), whose policies (team schema v6) show only the caller's organisation. Names
 * are read from the directory; addresses never are.
 */
export function teamProposals(db: Kysely<Database>, pool: pg.Pool, clock: () => Date = () => new Date()) {
  async function names(ids: readonly string[]): Promise<Map<string, ProposalPerson>> {
    if (ids.length === 0) return new Map();
    const { rows } = await sql<ProposalPerson>`select id, name from team_accounts where id in (${sql.join([
      ...new Set(ids),
    ])})`.execute(db);
    return new Map(rows.map((r) => [r.id, { id: r.id, name: r.name }]));
  }
  const person = (people: Map<string, ProposalPerson>, id: string | null): ProposalPerson | null =>
    id === null ? null : (people.get(id) ?? { id, name: '(unknown)' });

  return {
    as(account: Account) {
      const me = account.id;
      const org = account.organisationId;
      const admin = account.role === 'admin';
      const mine = kyselyForActor(pool, me);
      const now = () => clock();

      async function proposalRow(trx: Kysely<Database>, id: string): Promise<ProposalRow> {
        const { rows } = await sql<ProposalRow>`select * from team_proposals
          where id = ${id} and organisation_id = ${org}`.execute(trx);
        if (rows[0] === undefined) throw noProposal(id);
        return rows[0];
      }

      async function commentRow(trx: Kysely<Database>, id: string): Promise<CommentRow> {
        const { rows } = await sql<CommentRow>`select * from team_proposal_comments
          where id = ${id} and organisation_id = ${org}`.execute(trx);
        if (rows[0] === undefined) throw noComment(id);
        return rows[0];
      }

      /** What one reader may see of a comment: hidden text only for admins and its author. */
      function commentView(c: CommentRow, people: Map<string, ProposalPerson>): ProposalComment {
        const state = c.deleted_at !== null ? 'deleted' : c.hidden_at !== null ? 'hidden' : 'shown';
        const readable = state === 'shown' || (state === 'hidden' && (admin || c.author_id === me));
        const until = c.created_at.getTime() + EDIT_WINDOW_MS;
        return {
          id: c.id,
          parentId: c.parent_id,
          author: person(people, c.author_id)!,
          body: readable ? c.body : null,
          state,
          at: c.created_at.toISOString(),
          editedAt: iso(c.edited_at),
          editableUntil:
            c.author_id === me && state === 'shown' && now().getTime() < until
              ? new Date(until).toISOString()
              : null,
          mine: c.author_id === me,
        };
      }

      /** The comment of mine that I may still change: refused after the window, or when it is gone. */
      async function changeable(trx: Kysely<Database>, id: string): Promise<CommentRow> {
        const c = await commentRow(trx, id);
        if (c.author_id !== me) {
          throw new AppError('forbidden', 'You can only edit or delete your own comments.', { field: 'id' });
        }
        if (c.deleted_at !== null) throw noComment(id);
        if (c.hidden_at !== null) {
          throw new AppError('conflict', 'An admin hid this comment; it can no longer be changed.', {
            field: 'id',
          });
        }
        if (now().getTime() >= c.created_at.getTime() + EDIT_WINDOW_MS) {
          throw new AppError(
            'conflict',
            `A comment can be edited or deleted for ${EDIT_WINDOW_MS / 60_000} minutes after it was written; that time has passed.`,
            { field: 'id' },
          );
        }
        return c;
      }

      async function summaries(where: ReturnType<typeof sql>): Promise<ProposalSummary[]> {
        const { rows } = await sql<ProposalRow & { comment_count: string; fits: string; fits_me: boolean }>`
          select p.*,
            (select count(*) from team_proposal_comments c where c.proposal_id = p.id and c.deleted_at is null) as comment_count,
            (select count(*) from team_proposal_fits f where f.proposal_id = p.id) as fits,
            exists (select 1 from team_proposal_fits f where f.proposal_id = p.id and f.account_id = ${me}) as fits_me
          from team_proposals p where p.organisation_id = ${org} and ${where}
          order by p.created_at desc, p.id`.execute(mine);
        const people = await names(rows.map((r) => r.author_id));
        return rows.map((r) => ({
          id: r.id,
          kind: r.kind,
          title: r.title,
          summary: r.summary,
          author: person(people, r.author_id)!,
          status: r.status,
          createdAt: r.created_at.toISOString(),
          commentCount: Number(r.comment_count),
          fits: Number(r.fits),
          fitsMe: r.fits_me,
          reasonId: r.reason_id,
        }));
      }

      /** Outbox rows for the followers of a thread, but never for the comment's own author. */
      async function owedForComment(trx: Kysely<Database>, proposalId: string, commentId: string) {
        const { rows } = await sql<{ account_id: string }>`select f.account_id from team_proposal_follows f
          join team_accounts a on a.id = f.account_id
          where f.proposal_id = ${proposalId} and f.organisation_id = ${org}
            and f.account_id <> ${me} and a.disabled_at is null`.execute(trx);
        for (const r of rows) {
          await sql`insert into team_notifications (id, account_id, kind, proposal_id, comment_id, created_at)
            values (${randomUUID()}, ${r.account_id}, 'follow-up-comment', ${proposalId}, ${commentId}, ${now()})`.execute(
            trx,
          );
        }
      }

      const api = {
        async list(): Promise<ProposalSummary[]> {
          return summaries(sql`true`);
        },

        async read(id: string): Promise<ProposalView> {
          const [summary] = await summaries(sql`p.id = ${id}`);
          if (summary === undefined) throw noProposal(id);
          const row = await proposalRow(mine, id);
          const { rows: comments } = await sql<CommentRow>`select * from team_proposal_comments
            where proposal_id = ${id} and organisation_id = ${org} order by created_at, seq`.execute(mine);
          const { rows: follows } = await sql`select 1 from team_proposal_follows
            where proposal_id = ${id} and account_id = ${me}`.execute(mine);
          const people = await names([
            ...comments.map((c) => c.author_id),
            ...(row.decided_by === null ? [] : [row.decided_by]),
          ]);
          return {
            ...summary,
            signals: row.signals,
            questions: row.questions,
            decidedBy: person(people, row.decided_by),
            decidedAt: iso(row.decided_at),
            declineReason: row.decline_reason,
            following: follows.length > 0,
            canModerate: admin,
            comments: comments.map((c) => commentView(c, people)),
          };
        },

        /** A new proposal, and an email owed to each member who asked to hear of new ones. */
        async propose(input: NewProposal): Promise<ProposalView> {
          const id = randomUUID();
          await mine.transaction().execute(async (trx) => {
            await sql`insert into team_proposals (id, organisation_id, author_id, kind, title, summary, signals, questions, created_at)
              values (${id}, ${org}, ${me}, ${input.kind}, ${input.title}, ${input.summary},
                ${JSON.stringify(input.signals)}::jsonb, ${JSON.stringify(input.questions)}::jsonb, ${now()})`.execute(
              trx,
            );
            const { rows } = await sql<{
              account_id: string;
            }>`select s.account_id from team_proposal_subscribers s
              join team_accounts a on a.id = s.account_id
              where s.organisation_id = ${org} and s.account_id <> ${me} and a.disabled_at is null`.execute(
              trx,
            );
            for (const r of rows) {
              await sql`insert into team_notifications (id, account_id, kind, proposal_id, created_at)
                values (${randomUUID()}, ${r.account_id}, 'new-proposal', ${id}, ${now()})`.execute(trx);
            }
          });
          return api.read(id);
        },

        /** A comment, or a reply to one; a reply to a reply joins its thread's first comment. */
        async comment(proposalId: string, body: string, parentId?: string): Promise<ProposalComment> {
          const id = randomUUID();
          const at = now();
          let parent: string | null = null;
          await mine.transaction().execute(async (trx) => {
            await proposalRow(trx, proposalId);
            if (parentId !== undefined) {
              const p = await commentRow(trx, parentId);
              if (p.proposal_id !== proposalId) throw noComment(parentId);
              parent = p.parent_id ?? p.id;
            }
            await sql`insert into team_proposal_comments (id, organisation_id, proposal_id, parent_id, author_id, body, created_at)
              values (${id}, ${org}, ${proposalId}, ${parent}, ${me}, ${body}, ${at})`.execute(trx);
            await owedForComment(trx, proposalId, id);
          });
          const people = new Map([[me, { id: me, name: account.name }]]);
          return commentView(
            {
              id,
              proposal_id: proposalId,
              parent_id: parent,
              author_id: me,
              body,
              created_at: at,
              edited_at: null,
              deleted_at: null,
              hidden_at: null,
            },
            people,
          );
        },

        async edit(commentId: string, body: string): Promise<ProposalComment> {
          await mine.transaction().execute(async (trx) => {
            await changeable(trx, commentId);
            await sql`update team_proposal_comments set body = ${body}, edited_at = ${now()}
              where id = ${commentId} and author_id = ${me}`.execute(trx);
          });
          const c = await commentRow(mine, commentId);
          return commentView(c, await names([c.author_id]));
        },

        /** The text goes; the place stays, so replies still read as replies. */
        async remove(commentId: string): Promise<ProposalComment> {
          await mine.transaction().execute(async (trx) => {
            await changeable(trx, commentId);
            await sql`update team_proposal_comments set body = '', deleted_at = ${now()}
              where id = ${commentId} and author_id = ${me}`.execute(trx);
          });
          const c = await commentRow(mine, commentId);
          return commentView(c, await names([c.author_id]));
        },

        /** An admin hides an abusive comment (or shows again one hidden by mistake). */
        async hide(commentId: string, hidden: boolean): Promise<ProposalComment> {
          if (!admin) throw adminsOnly('hide comments');
          await sql`update team_proposal_comments
            set hidden_at = ${hidden ? now() : null}, hidden_by = ${hidden ? me : null}
            where id = ${commentId} and organisation_id = ${org} and deleted_at is null`.execute(mine);
          const c = await commentRow(mine, commentId);
          return commentView(c, await names([c.author_id]));
        },

        async fits(proposalId: string, fits: boolean): Promise<ProposalSummary> {
          await proposalRow(mine, proposalId);
          if (fits) {
            await sql`insert into team_proposal_fits (proposal_id, account_id, organisation_id, at)
              values (${proposalId}, ${me}, ${org}, ${now()}) on conflict do nothing`.execute(mine);
          } else {
            await sql`delete from team_proposal_fits where proposal_id = ${proposalId} and account_id = ${me}`.execute(
              mine,
            );
          }
          return (await summaries(sql`p.id = ${proposalId}`))[0]!;
        },

        async follow(proposalId: string, follow: boolean): Promise<{ following: boolean }> {
          await proposalRow(mine, proposalId);
          if (follow) {
            await sql`insert into team_proposal_follows (proposal_id, account_id, organisation_id, at)
              values (${proposalId}, ${me}, ${org}, ${now()}) on conflict do nothing`.execute(mine);
          } else {
            await sql`delete from team_proposal_follows where proposal_id = ${proposalId} and account_id = ${me}`.execute(
              mine,
            );
          }
          return { following: follow };
        },

        async notifications(): Promise<ProposalNotifications> {
          const subscribed =
            await sql`select 1 from team_proposal_subscribers where account_id = ${me}`.execute(mine);
          const { rows } = await sql<{ proposal_id: string }>`select proposal_id from team_proposal_follows
            where account_id = ${me} order by at, proposal_id`.execute(mine);
          return { newProposals: subscribed.rows.length > 0, following: rows.map((r) => r.proposal_id) };
        },

        async setNewProposals(on: boolean): Promise<ProposalNotifications> {
          if (on) {
            await sql`insert into team_proposal_subscribers (account_id, organisation_id, at)
              values (${me}, ${org}, ${now()}) on conflict do nothing`.execute(mine);
          } else {
            await sql`delete from team_proposal_subscribers where account_id = ${me}`.execute(mine);
          }
          return api.notifications();
        },

        /**
         * Every email about proposals stops: no new ones, no thread followed, and what is owed but
         * not yet sent is withdrawn, in one transaction.
         */
        async stopAll(): Promise<ProposalNotifications> {
          await mine.transaction().execute(async (trx) => {
            await sql`delete from team_proposal_subscribers where account_id = ${me}`.execute(trx);
            await sql`delete from team_proposal_follows where account_id = ${me}`.execute(trx);
            await sql`delete from team_notifications where account_id = ${me} and sent_at is null`.execute(
              trx,
            );
          });
          return api.notifications();
        },

        /** An admin adopts an open proposal: from now on it is a reason in every member's catalogue. */
        async adopt(proposalId: string, reasonId?: string): Promise<ProposalView> {
          if (!admin) throw adminsOnly('adopt proposals');
          await mine.transaction().execute(async (trx) => {
            const row = await proposalRow(trx, proposalId);
            if (row.status !== 'open') {
              throw new AppError('conflict', `This proposal was already ${row.status}.`, { field: 'id' });
            }
            const id = reasonId ?? reasonIdFrom(row.title);
            if (!REASON_ID.test(id)) {
              throw new AppError(
                'invalid',
                'reasonId: expected a lowercase id of 2–40 letters, digits and dashes, e.g. pairing-practice',
                { field: 'reasonId' },
              );
            }
            if (BUILTIN_IDS.has(id)) {
              throw new AppError('conflict', `"${id}" is a built-in reason's id; choose another.`, {
                field: 'reasonId',
              });
            }
            const { rows } = await sql`select 1 from team_proposals
              where organisation_id = ${org} and reason_id = ${id}`.execute(trx);
            if (rows.length > 0) {
              throw new AppError(
                'conflict',
                `Your organisation already has a reason "${id}"; choose another id.`,
                {
                  field: 'reasonId',
                },
              );
            }
            await sql`update team_proposals set status = 'adopted', reason_id = ${id}, decided_by = ${me},
                decided_at = ${now()}
              where id = ${proposalId} and organisation_id = ${org} and status = 'open'`.execute(trx);
          });
          return api.read(proposalId);
        },

        /** An admin declines an open proposal, saying why: the reason is shown on the proposal. */
        async decline(proposalId: string, why: string): Promise<ProposalView> {
          if (!admin) throw adminsOnly('decline proposals');
          await mine.transaction().execute(async (trx) => {
            const row = await proposalRow(trx, proposalId);
            if (row.status !== 'open') {
              throw new AppError('conflict', `This proposal was already ${row.status}.`, { field: 'id' });
            }
            await sql`update team_proposals set status = 'declined', decline_reason = ${why}, decided_by = ${me},
                decided_at = ${now()}
              where id = ${proposalId} and organisation_id = ${org} and status = 'open'`.execute(trx);
          });
          return api.read(proposalId);
        },

        /** The organisation's adopted reasons, as the catalogue offers them. */
        async adoptedReasons(): Promise<Reason[]> {
          const { rows } = await sql<ProposalRow>`select * from team_proposals
            where organisation_id = ${org} and status = 'adopted' and reason_id is not null
            order by reason_id`.execute(mine);
          return rows.map((r) => ({
            id: r.reason_id!,
            kind: r.kind,
            title: r.title,
            summary: r.summary,
            questions: r.questions.map((text, i) => ({ id: `q${i + 1}`, text })),
            signals: r.signals,
            builtin: false,
            proposalId: r.id,
          }));
        },
      };
      return api;
    },
  };
}

export type TeamProposals = ReturnType<typeof teamProposals>;
