import { type Kysely, sql } from 'kysely';
import { AppError } from '../../errors.js';
import type { Database } from '../../store/tables.js';

/**
 * The organisation's own tables — organisations, accounts, sign-in sessions, one-time links —
 * beside the journal's. They exist only on an organisation's server (PostgreSQL), so they have
 * their own numbered steps, run by `handson server migrate` after the journal's, and never touch a
 * leader's local SQLite file.
 *
 * Secrets are never stored in clear: a session or link token is kept as its SHA-256 only, a password
 * as its Argon2id hash, and an authenticator app's secret sealed under the server's key, so a dump
 * of these tables signs nobody in.
 */
interface TeamMigration {
  version: number;
  name: string;
  up(db: Kysely<Database>): Promise<void>;
}

export const TEAM_MIGRATIONS: readonly TeamMigration[] = [
  {
    version: 1,
    name: 'organisations, accounts, sessions and one-time links',
    async up(db) {
      await sql`create table team_organisations (
        id text primary key,
        name text not null,
        require_second_factor boolean not null default false,
        created_at timestamptz not null
      )`.execute(db);
      await sql`create table team_accounts (
        id text primary key,
        organisation_id text not null references team_organisations (id),
        email text not null,
        name text not null,
        role text not null check (role in ('admin', 'member', 'guest')),
        password_hash text not null,
        disabled_at timestamptz,
        created_at timestamptz not null
      )`.execute(db);
      // One account per address, whatever its case: "Ana@x" and "ana@x" are one person.
      await sql`create unique index team_accounts_email on team_accounts (lower(email))`.execute(db);
      await sql`create table team_sessions (
        token_hash text primary key,
        account_id text not null references team_accounts (id) on delete cascade,
        created_at timestamptz not null,
        last_seen_at timestamptz not null,
        expires_at timestamptz not null
      )`.execute(db);
      await sql`create index team_sessions_account on team_sessions (account_id)`.execute(db);
      await sql`create table team_links (
        token_hash text primary key,
        purpose text not null check (purpose in ('invitation', 'recovery')),
        organisation_id text not null references team_organisations (id),
        email text not null,
        role text not null check (role in ('admin', 'member', 'guest')),
        created_by text references team_accounts (id),
        created_at timestamptz not null,
        expires_at timestamptz not null,
        used_at timestamptz
      )`.execute(db);
    },
  },
  {
    version: 2,
    name: 'sign-in rate limits, shared by every instance',
    async up(db) {
      // The shape rate-limiter-flexible's PostgreSQL store expects; made here because the server's
      // role may not create tables. Keys hold no address in clear (see limits.ts).
      await sql`create table team_rate_limits (
        key varchar(255) primary key,
        points integer not null default 0,
        expire bigint
      )`.execute(db);
    },
  },
  {
    version: 3,
    name: 'coaching, shared items, their access log and comments',
    async up(db) {
      await sql`create table team_coaching (
        id text primary key,
        organisation_id text not null references team_organisations (id),
        leader_id text not null references team_accounts (id),
        coach_id text not null references team_accounts (id),
        invited_at timestamptz not null,
        accepted_at timestamptz,
        ended_at timestamptz,
        ended_by text references team_accounts (id),
        check (leader_id <> coach_id)
      )`.execute(db);
      // One open relationship per pair; an ended one stays, for the access log's sake.
      await sql`create unique index team_coaching_open on team_coaching (leader_id, coach_id) where ended_at is null`.execute(
        db,
      );
      // `leader_id`, not `owner_id`: the journal's owner-only policy (row-security.ts) would hide a
      // shared item from the very coach it was shared with; these tables get policies of their own.
      await sql`create table team_shares (
        id text primary key,
        organisation_id text not null references team_organisations (id),
        leader_id text not null references team_accounts (id),
        coach_id text not null references team_accounts (id),
        coaching_id text not null references team_coaching (id),
        kind text not null check (kind in ('review', 'flag', 'check', 'reflection', 'report')),
        item_key text not null,
        title text not null,
        version integer not null,
        snapshot jsonb not null,
        shared_at timestamptz not null,
        updated_at timestamptz not null,
        expires_at timestamptz,
        revoked_at timestamptz
      )`.execute(db);
      await sql`create unique index team_shares_live on team_shares (coaching_id, kind, item_key) where revoked_at is null`.execute(
        db,
      );
      await sql`create index team_shares_leader on team_shares (leader_id)`.execute(db);
      // Append-only: the server's role is granted select and insert on it, nothing else.
      await sql`create table team_access_log (
        id text primary key,
        organisation_id text not null references team_organisations (id),
        leader_id text not null references team_accounts (id),
        share_id text not null references team_shares (id),
        actor_id text not null references team_accounts (id),
        action text not null check (action in ('share', 'update', 'revoke', 'view', 'comment')),
        version integer not null,
        via text not null check (via in ('web', 'api', 'email')),
        at timestamptz not null
      )`.execute(db);
      await sql`create index team_access_log_leader on team_access_log (leader_id, at)`.execute(db);
      await sql`create table team_comments (
        id text primary key,
        share_id text not null references team_shares (id),
        leader_id text not null references team_accounts (id),
        coach_id text not null references team_accounts (id),
        author_id text not null references team_accounts (id),
        body text not null,
        at timestamptz not null
      )`.execute(db);
      await sql`create index team_comments_share on team_comments (share_id, at)`.execute(db);
      // What an open page should know about, addressed to one account, ids only (events.ts).
      await sql`create table team_events (
        id bigint generated by default as identity primary key,
        account_id text not null references team_accounts (id),
        kind text not null check (kind in ('share-added', 'share-updated', 'share-revoked', 'comment-added', 'coaching-changed')),
        share_id text,
        coaching_id text not null references team_coaching (id),
        at timestamptz not null
      )`.execute(db);
      await sql`create index team_events_account on team_events (account_id, id)`.execute(db);

      // Push from a laptop (push.ts): a device-code sign-in, then a token that can only push.
      // Both stored as SHA-256 only; no row-level policy: like sessions, they are looked up by hash.
      await sql`create table team_device_codes (
        device_code_hash text primary key,
        user_code text not null unique,
        name text not null,
        created_at timestamptz not null,
        expires_at timestamptz not null,
        account_id text references team_accounts (id),
        approved_at timestamptz,
        used_at timestamptz
      )`.execute(db);
      await sql`create table team_push_tokens (
        id text primary key,
        token_hash text not null unique,
        account_id text not null references team_accounts (id),
        name text not null,
        created_at timestamptz not null,
        last_used_at timestamptz,
        revoked_at timestamptz
      )`.execute(db);

      // The second layer under the application's own checks (decision 0023): a connection sees a
      // relationship, a share or a comment only when its `app.user_id` is the leader or the
      // coach of it, and a coach never sees a revoked share. Expiry is the application's (it runs
      // on the server's clock, which tests move).
      const actor = sql`nullif(current_setting('app.user_id', true), '')`;
      for (const t of ['team_coaching', 'team_shares', 'team_access_log', 'team_comments', 'team_events']) {
        await sql`alter table ${sql.table(t)} enable row level security`.execute(db);
        await sql`alter table ${sql.table(t)} force row level security`.execute(db);
      }
      await sql`create policy coaching_read on team_coaching for select
        using (leader_id = ${actor} or coach_id = ${actor})`.execute(db);
      await sql`create policy coaching_invite on team_coaching for insert with check (leader_id = ${actor})`.execute(
        db,
      );
      await sql`create policy coaching_change on team_coaching for update
        using (leader_id = ${actor} or coach_id = ${actor}) with check (leader_id = ${actor} or coach_id = ${actor})`.execute(
        db,
      );
      // A coach sees a share while it is neither revoked nor part of an ended coaching. Only the
      // leader changes a share (PostgreSQL checks an updated row against the read policy too, so
      // a coach could not write a revocation they may not read; ending the coaching is theirs).
      await sql`create policy shares_read on team_shares for select
        using (leader_id = ${actor} or (coach_id = ${actor} and revoked_at is null
          and exists (select 1 from team_coaching c where c.id = coaching_id and c.ended_at is null)))`.execute(
        db,
      );
      await sql`create policy shares_make on team_shares for insert with check (leader_id = ${actor})`.execute(
        db,
      );
      await sql`create policy shares_change on team_shares for update
        using (leader_id = ${actor}) with check (leader_id = ${actor})`.execute(db);
      await sql`create policy log_read on team_access_log for select using (leader_id = ${actor})`.execute(
        db,
      );
      await sql`create policy log_write on team_access_log for insert with check (actor_id = ${actor})`.execute(
        db,
      );
      // Each reads only what is addressed to them; news is sent only between the two people of a coaching.
      await sql`create policy events_read on team_events for select using (account_id = ${actor})`.execute(
        db,
      );
      await sql`create policy events_send on team_events for insert with check (exists (
        select 1 from team_coaching c where c.id = coaching_id and ${actor} in (c.leader_id, c.coach_id)
          and account_id in (c.leader_id, c.coach_id)))`.execute(db);
      await sql`create policy comments_read on team_comments for select
        using (leader_id = ${actor} or coach_id = ${actor})`.execute(db);
      await sql`create policy comments_write on team_comments for insert
        with check (author_id = ${actor} and (leader_id = ${actor} or coach_id = ${actor}))`.execute(db);
    },
  },
  {
    version: 4,
    name: 'second factor: authenticator-app secrets, recovery codes and half-finished sign-ins',
    async up(db) {
      // The secret is sealed with HANDSON_SECRET_KEY (second-factor.ts); recovery codes and the
      // half sign-in's token are kept as SHA-256 only. `last_used_step` makes each code single use.
      await sql`create table team_second_factors (
        account_id text primary key references team_accounts (id) on delete cascade,
        secret text not null,
        created_at timestamptz not null,
        confirmed_at timestamptz,
        last_used_step bigint
      )`.execute(db);
      await sql`create table team_recovery_codes (
        account_id text not null references team_accounts (id) on delete cascade,
        code_hash text not null,
        used_at timestamptz,
        primary key (account_id, code_hash)
      )`.execute(db);
      await sql`create table team_pending_sign_ins (
        token_hash text primary key,
        account_id text not null references team_accounts (id) on delete cascade,
        attempts integer not null default 0,
        created_at timestamptz not null,
        expires_at timestamptz not null
      )`.execute(db);
    },
  },
  {
    version: 5,
    name: 'passkeys, their one-time challenges, and recovery links naming their account',
    async up(db) {
      // A recovery link is for one account, not for whoever holds its address later: it names
      // the account, and goes with it.
      await sql`alter table team_links add column account_id text references team_accounts (id) on delete cascade`.execute(
        db,
      );
      // The credential's id is the authenticator's (base64url); the public key is its COSE bytes.
      // Nothing here signs anyone in: a public key verifies, it cannot sign.
      await sql`create table team_passkeys (
        id text primary key,
        account_id text not null references team_accounts (id) on delete cascade,
        name text not null,
        public_key bytea not null,
        counter bigint not null default 0,
        transports text[] not null default '{}',
        device_type text not null,
        backed_up boolean not null,
        created_at timestamptz not null,
        last_used_at timestamptz
      )`.execute(db);
      await sql`create index team_passkeys_account on team_passkeys (account_id)`.execute(db);
      // Challenges live here, not in an instance's memory: the options may come from one instance
      // and the answer reach another. Kept as SHA-256, spent by a delete, so each works once.
      await sql`create table team_webauthn_challenges (
        challenge_hash text primary key,
        purpose text not null check (purpose in ('register', 'sign-in')),
        account_id text references team_accounts (id) on delete cascade,
        created_at timestamptz not null,
        expires_at timestamptz not null
      )`.execute(db);
    },
  },
  {
    version: 6,
    name: 'reasons proposed and discussed in an organisation, and the notifications they owe',
    async up(db) {
      // What a member proposes for the organisation's catalogue. Signals and questions are JSON
      // arrays of strings; `reason_id` is given when an admin adopts it, unique in the organisation
      // so every member's check names one reason by it.
      await sql`create table team_proposals (
        id text primary key,
        organisation_id text not null references team_organisations (id),
        author_id text not null references team_accounts (id),
        kind text not null check (kind in ('good', 'watch-out')),
        title text not null,
        summary text not null,
        signals jsonb not null,
        questions jsonb not null,
        status text not null default 'open' check (status in ('open', 'adopted', 'declined')),
        reason_id text,
        decided_by text references team_accounts (id),
        decided_at timestamptz,
        decline_reason text,
        created_at timestamptz not null
      )`.execute(db);
      await sql`create unique index team_proposals_reason on team_proposals (organisation_id, reason_id)
        where reason_id is not null`.execute(db);
      // A comment is never deleted as a row (its replies keep their place): deleting empties it.
      // `seq` orders a thread when two comments share a timestamp.
      await sql`create table team_proposal_comments (
        id text primary key,
        seq bigint generated always as identity,
        organisation_id text not null references team_organisations (id),
        proposal_id text not null references team_proposals (id),
        parent_id text references team_proposal_comments (id),
        author_id text not null references team_accounts (id),
        body text not null,
        created_at timestamptz not null,
        edited_at timestamptz,
        deleted_at timestamptz,
        hidden_at timestamptz,
        hidden_by text references team_accounts (id)
      )`.execute(db);
      await sql`create index team_proposal_comments_thread on team_proposal_comments (proposal_id, created_at)`.execute(
        db,
      );
      await sql`create table team_proposal_fits (
        proposal_id text not null references team_proposals (id),
        account_id text not null references team_accounts (id) on delete cascade,
        organisation_id text not null references team_organisations (id),
        at timestamptz not null,
        primary key (proposal_id, account_id)
      )`.execute(db);
      // Who asked to hear of follow-up comments on a thread; no row is the default (off).
      await sql`create table team_proposal_follows (
        proposal_id text not null references team_proposals (id),
        account_id text not null references team_accounts (id) on delete cascade,
        organisation_id text not null references team_organisations (id),
        at timestamptz not null,
        primary key (proposal_id, account_id)
      )`.execute(db);
      // Who asked to hear of new proposals in their organisation; no row is the default (off).
      await sql`create table team_proposal_subscribers (
        account_id text primary key references team_accounts (id) on delete cascade,
        organisation_id text not null references team_organisations (id),
        at timestamptz not null
      )`.execute(db);
      // The outbox the mail side consumes (docs/decisions/0027): one row per email owed, ids only,
      // written in the transaction of the comment or proposal it is about. The mail side sets
      // `sent_at`, and checks the preference again before sending (it may have been turned off).
      // No row-level policy: the mail side acts for no one in particular, and a row holds no content.
      await sql`create table team_notifications (
        id text primary key,
        account_id text not null references team_accounts (id) on delete cascade,
        kind text not null check (kind in ('new-proposal', 'follow-up-comment')),
        proposal_id text not null references team_proposals (id),
        comment_id text references team_proposal_comments (id),
        created_at timestamptz not null,
        sent_at timestamptz
      )`.execute(db);
      await sql`create index team_notifications_unsent on team_notifications (created_at) where sent_at is null`.execute(
        db,
      );

      // The second layer: a connection reads and writes the discussion of its own organisation
      // only, and writes as itself. Accounts are the directory (no policy), so the caller's
      // organisation is looked up there; a disabled account belongs to none.
      const actor = sql`nullif(current_setting('app.user_id', true), '')`;
      const myOrganisation = sql`organisation_id = (select a.organisation_id from team_accounts a
        where a.id = ${actor} and a.disabled_at is null)`;
      const tables = [
        'team_proposals',
        'team_proposal_comments',
        'team_proposal_fits',
        'team_proposal_follows',
        'team_proposal_subscribers',
      ];
      for (const t of tables) {
        await sql`alter table ${sql.table(t)} enable row level security`.execute(db);
        await sql`alter table ${sql.table(t)} force row level security`.execute(db);
        await sql`create policy ${sql.id(`${t}_read`)} on ${sql.table(t)} for select using (${myOrganisation})`.execute(
          db,
        );
      }
      await sql`create policy team_proposals_write on team_proposals for insert
        with check (author_id = ${actor} and ${myOrganisation})`.execute(db);
      // Deciding is the admins' (checked by the application); the row stays in the organisation.
      await sql`create policy team_proposals_decide on team_proposals for update
        using (${myOrganisation}) with check (${myOrganisation})`.execute(db);
      await sql`create policy team_proposal_comments_write on team_proposal_comments for insert
        with check (author_id = ${actor} and ${myOrganisation})`.execute(db);
      // Its author edits and deletes, an admin hides: both checked by the application first.
      await sql`create policy team_proposal_comments_change on team_proposal_comments for update
        using (${myOrganisation}) with check (${myOrganisation})`.execute(db);
      for (const t of ['team_proposal_fits', 'team_proposal_follows', 'team_proposal_subscribers']) {
        await sql`create policy ${sql.id(`${t}_mine`)} on ${sql.table(t)} for insert
          with check (account_id = ${actor} and ${myOrganisation})`.execute(db);
        await sql`create policy ${sql.id(`${t}_undo`)} on ${sql.table(t)} for delete
          using (account_id = ${actor})`.execute(db);
      }
    },
  },
  {
    version: 7,
    name: 'email from the server: who wants which email, each send once, one-click unsubscribe tokens',
    async up(db) {
      // Off until the person turns it on: an email leaves the organisation's walls.
      await sql`create table team_mail_preferences (
        account_id text primary key references team_accounts (id) on delete cascade,
        weekly boolean not null default false,
        coach boolean not null default false,
        updated_at timestamptz not null
      )`.execute(db);
      // One row per email that is due: the primary key is what makes it once, whichever instance
      // got there first. It holds who, which kind and which week — never the content.
      await sql`create table team_mail (
        account_id text not null references team_accounts (id) on delete cascade,
        kind text not null check (kind in ('weekly', 'coach')),
        week text not null,
        organisation_id text not null references team_organisations (id),
        state text not null check (state in ('queued', 'sending', 'retrying', 'sent', 'skipped', 'failed')),
        attempts integer not null default 0,
        last_error text,
        queued_at timestamptz not null,
        finished_at timestamptz,
        primary key (account_id, kind, week)
      )`.execute(db);
      await sql`create index team_mail_organisation on team_mail (organisation_id, queued_at)`.execute(db);
      // SHA-256 of the token only, as for sessions: a dump of the table unsubscribes nobody.
      await sql`create table team_unsubscribe_tokens (
        token_hash text primary key,
        account_id text not null references team_accounts (id) on delete cascade,
        kind text not null check (kind in ('weekly', 'coach')),
        created_at timestamptz not null,
        expires_at timestamptz not null
      )`.execute(db);
    },
  },
  {
    version: 8,
    name: 'public links: frozen cards anyone with the link may read, and how often they were opened',
    async up(db) {
      // The token is kept as its SHA-256 only. The snapshot is what the page shows, frozen when
      // published; revoking clears it, so a revoked card is not kept where a later bug could show it.
      await sql`create table team_public_links (
        id text primary key,
        account_id text not null references team_accounts (id) on delete cascade,
        token_hash text not null unique,
        kind text not null check (kind in ('reason', 'report')),
        title text not null,
        snapshot jsonb,
        created_at timestamptz not null,
        expires_at timestamptz not null,
        revoked_at timestamptz,
        check (expires_at > created_at),
        check (snapshot is not null or revoked_at is not null)
      )`.execute(db);
      await sql`create index team_public_links_account on team_public_links (account_id, created_at)`.execute(
        db,
      );
      // One row per page opened: when, and of which link. Nothing about the visitor.
      await sql`create table team_public_link_opens (
        link_id text not null references team_public_links (id) on delete cascade,
        at timestamptz not null
      )`.execute(db);
      await sql`create index team_public_link_opens_link on team_public_link_opens (link_id)`.execute(db);

      // The person sees and changes their own links (app.user_id); a visitor, signed in or not,
      // reads only the one row whose hash their connection names (app.public_link, set for one
      // transaction from the token in the address), and may only count an open of it while live.
      const actor = sql`nullif(current_setting('app.user_id', true), '')`;
      const visitor = sql`nullif(current_setting('app.public_link', true), '')`;
      for (const t of ['team_public_links', 'team_public_link_opens']) {
        await sql`alter table ${sql.table(t)} enable row level security`.execute(db);
        await sql`alter table ${sql.table(t)} force row level security`.execute(db);
      }
      await sql`create policy public_links_own on team_public_links
        using (account_id = ${actor}) with check (account_id = ${actor})`.execute(db);
      await sql`create policy public_links_visit on team_public_links for select
        using (token_hash = ${visitor})`.execute(db);
      await sql`create policy public_link_opens_count on team_public_link_opens for insert
        with check (exists (select 1 from team_public_links l
          where l.id = link_id and l.token_hash = ${visitor} and l.revoked_at is null))`.execute(db);
      await sql`create policy public_link_opens_read on team_public_link_opens for select
        using (exists (select 1 from team_public_links l where l.id = link_id and l.account_id = ${actor}))`.execute(
        db,
      );
    },
  },
  {
    version: 9,
    name: 'discussion emails: a follow-up comment or a new proposal is sent once, like a digest',
    async up(db) {
      // The email's key (`week`) is then the notification's id: one row per notification, so one
      // send whichever instance queues it.
      await sql`alter table team_mail drop constraint team_mail_kind_check`.execute(db);
      await sql`alter table team_mail add constraint team_mail_kind_check
        check (kind in ('weekly', 'coach', 'discussion'))`.execute(db);
      await sql`alter table team_unsubscribe_tokens drop constraint team_unsubscribe_tokens_kind_check`.execute(
        db,
      );
      await sql`alter table team_unsubscribe_tokens add constraint team_unsubscribe_tokens_kind_check
        check (kind in ('weekly', 'coach', 'discussion'))`.execute(db);
    },
  },
];

/** What the server's role may do with each team table. */
const TEAM_GRANTS: Record<string, string> = {
  team_organisations: 'select, insert, update, delete',
  team_accounts: 'select, insert, update, delete',
  team_sessions: 'select, insert, update, delete',
  team_links: 'select, insert, update, delete',
  team_rate_limits: 'select, insert, update, delete',
  // Relationships and shares end (a date is set); they are never deleted, so the log keeps its subject.
  team_coaching: 'select, insert, update',
  team_shares: 'select, insert, update',
  // Append-only: what was shared, revoked and read stays as it happened.
  team_access_log: 'select, insert',
  team_comments: 'select, insert',
  team_events: 'select, insert',
  team_device_codes: 'select, insert, update, delete',
  team_push_tokens: 'select, insert, update',
  team_second_factors: 'select, insert, update, delete',
  team_recovery_codes: 'select, insert, update, delete',
  team_pending_sign_ins: 'select, insert, update, delete',
  team_passkeys: 'select, insert, update, delete',
  team_webauthn_challenges: 'select, insert, delete',
  // Proposals and comments change (decided, edited, emptied, hidden) but are never deleted.
  team_proposals: 'select, insert, update',
  team_proposal_comments: 'select, insert, update',
  team_proposal_fits: 'select, insert, delete',
  team_proposal_follows: 'select, insert, delete',
  team_proposal_subscribers: 'select, insert, delete',
  // Sent rows are marked; unsent ones are withdrawn when their person stops all emails.
  team_notifications: 'select, insert, update, delete',
  team_mail_preferences: 'select, insert, update',
  team_mail: 'select, insert, update',
  team_unsubscribe_tokens: 'select, insert, delete',
  // Revoked, never deleted: the person's list keeps what they published and when it ended.
  team_public_links: 'select, insert, update',
  // Append-only counts.
  team_public_link_opens: 'select, insert',
};

/** Applies the team steps not yet applied, in one transaction; returns their versions. */
export async function migrateTeam(db: Kysely<Database>): Promise<number[]> {
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtext('handson-team-migrations'), hashtext(current_schema()))`.execute(
      trx,
    );
    await sql`create table if not exists handson_team_migrations (
      version integer primary key, name text not null, applied_at timestamptz not null)`.execute(trx);
    const { rows } = await sql<{ version: number }>`select version from handson_team_migrations`.execute(trx);
    const applied = new Set(rows.map((r) => Number(r.version)));
    const latest = Math.max(...TEAM_MIGRATIONS.map((m) => m.version));
    const newest = Math.max(0, ...applied);
    if (newest > latest) {
      throw new AppError(
        'store-too-new',
        `This server's database was set up by a newer Hands-on (team schema v${newest}; this version knows up to v${latest}); upgrade Hands-on.`,
      );
    }
    const done: number[] = [];
    for (const m of TEAM_MIGRATIONS) {
      if (applied.has(m.version)) continue;
      await m.up(trx);
      await sql`insert into handson_team_migrations (version, name, applied_at) values (${m.version}, ${m.name}, now())`.execute(
        trx,
      );
      done.push(m.version);
    }
    return done;
  });
}

/** What the server's role may do with the team tables: read and write rows, never change tables. */
export async function grantTeamTables(db: Kysely<Database>, role: string): Promise<void> {
  for (const [table, rights] of Object.entries(TEAM_GRANTS)) {
    await sql`grant ${sql.raw(rights)} on ${sql.table(table)} to ${sql.id(role)}`.execute(db);
  }
  await sql`grant usage on sequence team_events_id_seq to ${sql.id(role)}`.execute(db);
  await sql`grant select on handson_team_migrations to ${sql.id(role)}`.execute(db);
}

/** The server refuses to start on a database whose team tables are missing or older than it. */
export async function teamSchemaReady(db: Kysely<Database>): Promise<boolean> {
  const { rows } = await sql<{
    found: string | null;
  }>`select to_regclass('handson_team_migrations')::text as found`.execute(db);
  if (rows[0]?.found == null) return false;
  const applied = await sql<{ version: number }>`select version from handson_team_migrations`.execute(db);
  const have = new Set(applied.rows.map((r) => Number(r.version)));
  return TEAM_MIGRATIONS.every((m) => have.has(m.version));
}
