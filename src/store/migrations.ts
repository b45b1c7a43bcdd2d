import { type Kysely, sql, type Transaction } from 'kysely';
import { AppError } from '../errors.js';
import { LOCAL_OWNER } from './store.js';
import type { Database, Engine } from './tables.js';

/**
 * Text columns that are compared or sorted. PostgreSQL sorts text by the database's locale
 * (`en_US` puts `a-b` after `ab`), SQLite by bytes; pinning PostgreSQL to "C" makes every
 * documented ordering identical on both engines, which keeps exports byte-for-byte stable.
 */
function textType(engine: Engine) {
  return engine === 'postgres' ? sql`text collate "C"` : sql`text`;
}

export interface Migration {
  version: number;
  name: string;
  /** Runs inside the migrator's transaction; must use only what both engines understand. */
  up(db: Kysely<unknown>, engine: Engine): Promise<void>;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'journal',
    async up(db, engine) {
      const text = textType(engine);

      await db.schema
        .createTable('profile')
        .addColumn('id', 'integer', (c) => c.primaryKey().check(sql`id = 1`))
        .addColumn('name', text, (c) => c.notNull())
        .addColumn('role', text, (c) => c.notNull())
        .addColumn('reports', 'integer', (c) => c.notNull())
        .addColumn('tz', text, (c) => c.notNull())
        .addColumn('emails', text, (c) => c.notNull())
        .addColumn('budget_pct', 'double precision')
        .addColumn('weekly_hours', 'double precision', (c) => c.notNull())
        .addColumn('new_to_function_since', text)
        .addColumn('created_at', text, (c) => c.notNull())
        .addColumn('updated_at', text, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('reasons')
        .addColumn('id', text, (c) => c.primaryKey())
        .addColumn('kind', text, (c) => c.notNull())
        .addColumn('title', text, (c) => c.notNull())
        .addColumn('summary', text, (c) => c.notNull())
        .addColumn('questions', text, (c) => c.notNull())
        .addColumn('signals', text, (c) => c.notNull())
        .addColumn('builtin', 'integer', (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('checks')
        .addColumn('id', text, (c) => c.primaryKey())
        .addColumn('at', text, (c) => c.notNull())
        .addColumn('date', text, (c) => c.notNull())
        .addColumn('input', text, (c) => c.notNull())
        .addColumn('result', text, (c) => c.notNull())
        .addColumn('verdict', text, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('checks_date').on('checks').column('date').execute();
      await db.schema.createIndex('checks_at').on('checks').columns(['at', 'id']).execute();

      await db.schema
        .createTable('sessions')
        .addColumn('id', text, (c) => c.primaryKey())
        .addColumn('date', text, (c) => c.notNull())
        .addColumn('started_at', text)
        .addColumn('minutes', 'integer', (c) => c.notNull())
        .addColumn('title', text, (c) => c.notNull())
        .addColumn('title_key', text, (c) => c.notNull())
        .addColumn('reasons', text, (c) => c.notNull())
        .addColumn('energy_before', 'integer')
        .addColumn('energy_after', 'integer')
        .addColumn('gaps', text, (c) => c.notNull())
        .addColumn('notes', text)
        .addColumn('check_id', text)
        .addColumn('created_at', text, (c) => c.notNull())
        .addColumn('updated_at', text, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('sessions_date').on('sessions').column('date').execute();
      await db.schema.createIndex('sessions_title_key').on('sessions').column('title_key').execute();

      await db.schema
        .createTable('commitments')
        .addColumn('id', text, (c) => c.primaryKey())
        .addColumn('kind', text, (c) => c.notNull())
        .addColumn('title', text, (c) => c.notNull())
        .addColumn('person', text)
        .addColumn('due', text)
        .addColumn('status', text, (c) => c.notNull())
        .addColumn('created_at', text, (c) => c.notNull())
        .addColumn('closed_at', text)
        .execute();
      await db.schema.createIndex('commitments_status').on('commitments').column('status').execute();

      await db.schema
        .createTable('postponements')
        .addColumn('id', text, (c) => c.primaryKey())
        .addColumn('commitment_id', text, (c) => c.notNull().references('commitments.id'))
        .addColumn('at', text, (c) => c.notNull())
        .addColumn('from_due', text)
        .addColumn('to_due', text, (c) => c.notNull())
        .addColumn('why', text)
        .execute();
      await db.schema
        .createIndex('postponements_commitment')
        .on('postponements')
        .columns(['commitment_id', 'at', 'id'])
        .execute();

      await db.schema
        .createTable('actions')
        .addColumn('id', text, (c) => c.primaryKey())
        .addColumn('text', text, (c) => c.notNull())
        .addColumn('session_id', text, (c) => c.references('sessions.id'))
        .addColumn('status', text, (c) => c.notNull())
        .addColumn('created_at', text, (c) => c.notNull())
        .addColumn('done_at', text)
        .execute();
      await db.schema.createIndex('actions_session').on('actions').column('session_id').execute();

      await db.schema
        .createTable('reflections')
        .addColumn('id', text, (c) => c.primaryKey())
        .addColumn('date', text, (c) => c.notNull())
        .addColumn('at', text, (c) => c.notNull())
        .addColumn('text', text, (c) => c.notNull())
        .addColumn('answers', text, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('reflections_date').on('reflections').column('date').execute();
    },
  },
  {
    version: 2,
    name: 'evidence',
    async up(db, engine) {
      const text = textType(engine);

      await db.schema
        .createTable('calendars')
        .addColumn('name', text, (c) => c.primaryKey())
        .addColumn('kind', text, (c) => c.notNull())
        .addColumn('url', text)
        .addColumn('user_name', text)
        .addColumn('sync_token', text)
        .addColumn('ctag', text)
        .addColumn('last_sync_at', text)
        .addColumn('created_at', text, (c) => c.notNull())
        .execute();

      // Instants are text in one fixed form (UTC, milliseconds), so comparing and sorting the
      // text compares and sorts the instants.
      await db.schema
        .createTable('occurrences')
        .addColumn('calendar', text, (c) => c.notNull().references('calendars.name'))
        .addColumn('uid', text, (c) => c.notNull())
        .addColumn('recurrence_id', text, (c) => c.notNull())
        .addColumn('start_at', text, (c) => c.notNull())
        .addColumn('end_at', text, (c) => c.notNull())
        .addColumn('all_day', 'integer', (c) => c.notNull())
        .addColumn('start_date', text)
        .addColumn('end_date', text)
        .addColumn('title', text, (c) => c.notNull())
        .addColumn('location', text)
        .addColumn('organizer', text)
        .addColumn('attendees', text, (c) => c.notNull())
        .addColumn('declined', 'integer', (c) => c.notNull())
        .addColumn('cancelled', 'integer', (c) => c.notNull())
        .addColumn('recurring', 'integer', (c) => c.notNull())
        .addColumn('transparent', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('occurrences_pk', ['calendar', 'uid', 'recurrence_id'])
        .execute();
      await db.schema.createIndex('occurrences_start').on('occurrences').column('start_at').execute();
      await db.schema
        .createIndex('occurrences_calendar_start')
        .on('occurrences')
        .columns(['calendar', 'start_at'])
        .execute();

      await db.schema
        .createTable('calendar_objects')
        .addColumn('calendar', text, (c) => c.notNull().references('calendars.name'))
        .addColumn('href', text, (c) => c.notNull())
        .addColumn('etag', text, (c) => c.notNull())
        .addColumn('ics', text, (c) => c.notNull())
        .addPrimaryKeyConstraint('calendar_objects_pk', ['calendar', 'href'])
        .execute();

      await db.schema
        .createTable('commits')
        .addColumn('repo', text, (c) => c.notNull())
        .addColumn('sha', text, (c) => c.notNull())
        .addColumn('date', text, (c) => c.notNull())
        .addColumn('authored_at', text, (c) => c.notNull())
        .addColumn('author_email', text, (c) => c.notNull())
        .addColumn('subject', text, (c) => c.notNull())
        .addColumn('added', 'integer', (c) => c.notNull())
        .addColumn('removed', 'integer', (c) => c.notNull())
        .addColumn('files', 'integer', (c) => c.notNull())
        .addColumn('merge', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('commits_pk', ['repo', 'sha'])
        .execute();
      await db.schema.createIndex('commits_date').on('commits').column('date').execute();
      await db.schema.createIndex('commits_repo_date').on('commits').columns(['repo', 'date']).execute();

      await db.schema
        .createTable('git_state')
        .addColumn('repo', text, (c) => c.primaryKey())
        .addColumn('path', text, (c) => c.notNull())
        .addColumn('heads', text, (c) => c.notNull())
        .addColumn('authors', text, (c) => c.notNull())
        .addColumn('last_import_at', text, (c) => c.notNull())
        .execute();

      await db.schema
        .createTable('tracker_items')
        .addColumn('source', text, (c) => c.notNull())
        .addColumn('key', text, (c) => c.notNull())
        .addColumn('title', text, (c) => c.notNull())
        .addColumn('status', text, (c) => c.notNull())
        .addColumn('type', text)
        .addColumn('created_at', text, (c) => c.notNull())
        .addColumn('started_at', text)
        .addColumn('resolved_at', text)
        .addColumn('priority', text)
        .addColumn('labels', text, (c) => c.notNull())
        .addColumn('assignee', text)
        .addColumn('creator', text)
        .addColumn('url', text)
        .addColumn('critical_path', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('tracker_items_pk', ['source', 'key'])
        .execute();

      await db.schema
        .createTable('import_runs')
        .addColumn('id', text, (c) => c.primaryKey())
        .addColumn('source', text, (c) => c.notNull())
        .addColumn('target', text, (c) => c.notNull())
        .addColumn('at', text, (c) => c.notNull())
        .addColumn('added', 'integer', (c) => c.notNull())
        .addColumn('updated', 'integer', (c) => c.notNull())
        .addColumn('unchanged', 'integer', (c) => c.notNull())
        .addColumn('removed', 'integer', (c) => c.notNull())
        .addColumn('skipped', text, (c) => c.notNull())
        .execute();
      await db.schema.createIndex('import_runs_at').on('import_runs').columns(['at', 'id']).execute();

      // Small documents the leader edits as a whole (e.g. time-classification rules), as JSON.
      await db.schema
        .createTable('settings')
        .addColumn('key', text, (c) => c.primaryKey())
        .addColumn('value', text, (c) => c.notNull())
        .addColumn('updated_at', text, (c) => c.notNull())
        .execute();
    },
  },
  {
    version: 3,
    name: 'insight',
    async up(db, engine) {
      const text = textType(engine);
      // One row per local day: the time model of that day (JSON), kept up to date as data changes
      // so that reports never scan raw history.
      await db.schema
        .createTable('day_models')
        .addColumn('date', text, (c) => c.primaryKey())
        .addColumn('model', text, (c) => c.notNull())
        .addColumn('updated_at', text, (c) => c.notNull())
        .execute();
      // Days whose evidence changed since their model was computed; emptied by the refresh.
      await db.schema
        .createTable('dirty_days')
        .addColumn('date', text, (c) => c.primaryKey())
        .execute();
      // What the leader said about a flag with given evidence (its fingerprint).
      await db.schema
        .createTable('flag_reviews')
        .addColumn('fingerprint', text, (c) => c.primaryKey())
        .addColumn('flag_id', text, (c) => c.notNull())
        .addColumn('status', text, (c) => c.notNull())
        .addColumn('note', text)
        .addColumn('at', text, (c) => c.notNull())
        .execute();
    },
  },
  {
    version: 4,
    name: 'occurrence-spans',
    async up(db) {
      // The longest occurrence a calendar ever held, in seconds. Reading a window then scans
      // start times from `from - longest` only, instead of every occurrence since the beginning
      // (an event that started before the window can still overlap it). It only ever grows, which
      // keeps it a safe bound when occurrences are removed.
      await db.schema
        .alterTable('calendars')
        .addColumn('longest_seconds', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      const rows = await (db as Kysely<Database>)
        .selectFrom('occurrences')
        .select(['calendar', 'start_at', 'end_at'])
        .execute();
      const longest = new Map<string, number>();
      for (const r of rows) {
        const seconds = spanSeconds(r.start_at, r.end_at);
        if (seconds > (longest.get(r.calendar) ?? 0)) longest.set(r.calendar, seconds);
      }
      for (const [name, seconds] of longest) {
        await (db as Kysely<Database>)
          .updateTable('calendars')
          .set({ longest_seconds: seconds })
          .where('name', '=', name)
          .execute();
      }
    },
  },
  {
    version: 5,
    name: 'session-visibility',
    async up(db) {
      // Work others beyond the team will see (a demo, a launch, a review by the leader's manager):
      // one of the insecurity signals. Sessions logged before it existed were never marked, so
      // they count as not visible rather than unknown.
      await db.schema
        .alterTable('sessions')
        .addColumn('visible', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
    },
  },
  {
    version: 6,
    name: 'calendar-coverage',
    async up(db, engine) {
      // The stretch each calendar speaks for, so a day outside every calendar shows "no calendar"
      // instead of an invented free day. Calendars imported before this was kept get the span from
      // their first event's start to their last event's end: all that is known of them now.
      const text = textType(engine);
      await db.schema.alterTable('calendars').addColumn('covered_from', text).execute();
      await db.schema.alterTable('calendars').addColumn('covered_to', text).execute();
      const spans = await (db as Kysely<Database>)
        .selectFrom('occurrences')
        .select((eb) => ['calendar', eb.fn.min('start_at').as('first'), eb.fn.max('end_at').as('last')])
        .groupBy('calendar')
        .execute();
      for (const s of spans) {
        await (db as Kysely<Database>)
          .updateTable('calendars')
          .set({ covered_from: String(s.first), covered_to: String(s.last) })
          .where('name', '=', s.calendar)
          .execute();
      }
      // The day models gained coverage, IC done and planned: every stored day is recomputed on the
      // next read (the rows are a cache of the evidence, never the truth).
      await sql`insert into dirty_days (date) select date from day_models where date not in (select date from dirty_days)`.execute(
        db,
      );
    },
  },
  {
    version: 7,
    name: 'weekly-hours-from-working-hours',
    async up(db) {
      // Weekly hours now follow the working hours unless the leader set their own. Until now they
      // were 40 unless set, so a stored 40 is read as "not set" and takes the working hours' week
      // (45 h for the default Monday to Friday, 09:00–18:00); anything else was the leader's choice.
      const store = db as Kysely<Database>;
      const setting = await store
        .selectFrom('settings')
        .select('value')
        .where('key', '=', 'working-hours')
        .executeTakeFirst();
      // Written out rather than imported, so this step stays what it was when the code moves on.
      const hours: { days: number[]; start: string; end: string } = setting
        ? JSON.parse(setting.value)
        : { days: [1, 2, 3, 4, 5], start: '09:00', end: '18:00' };
      const minutes = (clock: string) => Number(clock.slice(0, 2)) * 60 + Number(clock.slice(3, 5));
      const week = (hours.days.length * (minutes(hours.end) - minutes(hours.start))) / 60;
      await store
        .updateTable('profile')
        .set({ weekly_hours: Math.round(week * 100) / 100 })
        .where('weekly_hours', '=', 40)
        .execute();
    },
  },
  {
    version: 8,
    name: 'session-versions',
    async up(db) {
      // Each edit of a session moves its version on, so an edit made from an older read (another
      // tab, another process, a coach's view later) is refused as a conflict instead of silently
      // overwriting what was written in between. Every stored session starts at version 1.
      await db.schema
        .alterTable('sessions')
        .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
        .execute();
    },
  },
  {
    version: 9,
    name: 'owners',
    async up(db, engine) {
      await ownEveryTable(db, engine);
    },
  },
  {
    version: 10,
    name: 'commitment-versions',
    async up(db) {
      // As sessions got in migration 8: each change of a commitment (done, cancelled, postponed)
      // moves its version on, so a change made from an older read (another tab, another process)
      // is refused as a conflict instead of overwriting or repeating what was written in between.
      // Every stored commitment starts at version 1; the key (owner, id) stays as migration 9 made it.
      await db.schema
        .alterTable('commitments')
        .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
        .execute();
    },
  },
  {
    version: 11,
    name: 'people',
    async up(db, engine) {
      // The people the leader holds 1:1s with (issue 13), keyed like every table since migration 9:
      // owner first, so two leaders' people never meet.
      const text = textType(engine);
      await db.schema
        .createTable('people')
        .addColumn('owner_id', text, (c) => c.notNull())
        .addColumn('id', text, (c) => c.notNull())
        .addColumn('name', text, (c) => c.notNull())
        .addColumn('email', text)
        .addColumn('relation', text, (c) => c.notNull())
        .addColumn('one_on_one_every', 'integer', (c) => c.notNull())
        .addColumn('created_at', text, (c) => c.notNull())
        .addColumn('updated_at', text, (c) => c.notNull())
        .addPrimaryKeyConstraint('people_owner_pk', ['owner_id', 'id'])
        .execute();
    },
  },
  {
    version: 12,
    name: 'commitment-series-and-schedule',
    async up(db, engine) {
      // Repeating commitments (each occurrence its own row, sharing a series id) and the time a
      // commitment is booked for (issue 13). All empty on the commitments stored before.
      const text = textType(engine);
      const columns = [
        ['recurrence_unit', text],
        ['recurrence_every', sql`integer`],
        ['series_id', text],
        ['scheduled_at', text],
        ['scheduled_minutes', sql`integer`],
      ] as const;
      for (const [name, type] of columns) {
        await db.schema.alterTable('commitments').addColumn(name, type).execute();
      }
    },
  },
];

/**
 * Migration 9's shape of every table: an `owner_id` first, in every primary key, foreign key and
 * index, so one database holds many people's journals and no key of one can meet another's (two
 * leaders may both name a calendar "Work"). Written out here, not derived from the code of today,
 * so the step stays what it was when the code moves on.
 */
type Column = [name: string, type: 'text' | 'integer' | 'double precision', rule?: 'not null' | number];
interface OwnedTable {
  name: string;
  columns: Column[];
  /** The key after `owner_id`. */
  key: string[];
  references?: { columns: string[]; table: string; to: string[] };
  indexes?: Record<string, string[]>;
}

const NN = 'not null' as const;
const OWNED_TABLES: readonly OwnedTable[] = [
  {
    // One profile per owner: the key is the owner; the old `id = 1` goes.
    name: 'profile',
    columns: [
      ['name', 'text', NN],
      ['role', 'text', NN],
      ['reports', 'integer', NN],
      ['tz', 'text', NN],
      ['emails', 'text', NN],
      ['budget_pct', 'double precision'],
      ['weekly_hours', 'double precision', NN],
      ['new_to_function_since', 'text'],
      ['created_at', 'text', NN],
      ['updated_at', 'text', NN],
    ],
    key: [],
  },
  {
    name: 'reasons',
    columns: [
      ['id', 'text', NN],
      ['kind', 'text', NN],
      ['title', 'text', NN],
      ['summary', 'text', NN],
      ['questions', 'text', NN],
      ['signals', 'text', NN],
      ['builtin', 'integer', NN],
    ],
    key: ['id'],
  },
  {
    name: 'checks',
    columns: [
      ['id', 'text', NN],
      ['at', 'text', NN],
      ['date', 'text', NN],
      ['input', 'text', NN],
      ['result', 'text', NN],
      ['verdict', 'text', NN],
    ],
    key: ['id'],
    indexes: { checks_date: ['date'], checks_at: ['at', 'id'] },
  },
  {
    name: 'sessions',
    columns: [
      ['id', 'text', NN],
      ['date', 'text', NN],
      ['started_at', 'text'],
      ['minutes', 'integer', NN],
      ['title', 'text', NN],
      ['title_key', 'text', NN],
      ['reasons', 'text', NN],
      ['energy_before', 'integer'],
      ['energy_after', 'integer'],
      ['gaps', 'text', NN],
      ['notes', 'text'],
      ['check_id', 'text'],
      ['created_at', 'text', NN],
      ['updated_at', 'text', NN],
      ['visible', 'integer', 0],
      ['version', 'integer', 1],
    ],
    key: ['id'],
    indexes: { sessions_date: ['date'], sessions_title_key: ['title_key'] },
  },
  {
    name: 'commitments',
    columns: [
      ['id', 'text', NN],
      ['kind', 'text', NN],
      ['title', 'text', NN],
      ['person', 'text'],
      ['due', 'text'],
      ['status', 'text', NN],
      ['created_at', 'text', NN],
      ['closed_at', 'text'],
    ],
    key: ['id'],
    indexes: { commitments_status: ['status'] },
  },
  {
    name: 'postponements',
    columns: [
      ['id', 'text', NN],
      ['commitment_id', 'text', NN],
      ['at', 'text', NN],
      ['from_due', 'text'],
      ['to_due', 'text', NN],
      ['why', 'text'],
    ],
    key: ['id'],
    references: { columns: ['commitment_id'], table: 'commitments', to: ['id'] },
    indexes: { postponements_commitment: ['commitment_id', 'at', 'id'] },
  },
  {
    name: 'actions',
    columns: [
      ['id', 'text', NN],
      ['text', 'text', NN],
      ['session_id', 'text'],
      ['status', 'text', NN],
      ['created_at', 'text', NN],
      ['done_at', 'text'],
    ],
    key: ['id'],
    references: { columns: ['session_id'], table: 'sessions', to: ['id'] },
    indexes: { actions_session: ['session_id'] },
  },
  {
    name: 'reflections',
    columns: [
      ['id', 'text', NN],
      ['date', 'text', NN],
      ['at', 'text', NN],
      ['text', 'text', NN],
      ['answers', 'text', NN],
    ],
    key: ['id'],
    indexes: { reflections_date: ['date'] },
  },
  {
    name: 'calendars',
    columns: [
      ['name', 'text', NN],
      ['kind', 'text', NN],
      ['url', 'text'],
      ['user_name', 'text'],
      ['sync_token', 'text'],
      ['ctag', 'text'],
      ['last_sync_at', 'text'],
      ['created_at', 'text', NN],
      ['longest_seconds', 'integer', 0],
      ['covered_from', 'text'],
      ['covered_to', 'text'],
    ],
    key: ['name'],
  },
  {
    name: 'occurrences',
    columns: [
      ['calendar', 'text', NN],
      ['uid', 'text', NN],
      ['recurrence_id', 'text', NN],
      ['start_at', 'text', NN],
      ['end_at', 'text', NN],
      ['all_day', 'integer', NN],
      ['start_date', 'text'],
      ['end_date', 'text'],
      ['title', 'text', NN],
      ['location', 'text'],
      ['organizer', 'text'],
      ['attendees', 'text', NN],
      ['declined', 'integer', NN],
      ['cancelled', 'integer', NN],
      ['recurring', 'integer', NN],
      ['transparent', 'integer', NN],
    ],
    key: ['calendar', 'uid', 'recurrence_id'],
    references: { columns: ['calendar'], table: 'calendars', to: ['name'] },
    indexes: { occurrences_start: ['start_at'], occurrences_calendar_start: ['calendar', 'start_at'] },
  },
  {
    name: 'calendar_objects',
    columns: [
      ['calendar', 'text', NN],
      ['href', 'text', NN],
      ['etag', 'text', NN],
      ['ics', 'text', NN],
    ],
    key: ['calendar', 'href'],
    references: { columns: ['calendar'], table: 'calendars', to: ['name'] },
  },
  {
    name: 'commits',
    columns: [
      ['repo', 'text', NN],
      ['sha', 'text', NN],
      ['date', 'text', NN],
      ['authored_at', 'text', NN],
      ['author_email', 'text', NN],
      ['subject', 'text', NN],
      ['added', 'integer', NN],
      ['removed', 'integer', NN],
      ['files', 'integer', NN],
      ['merge', 'integer', NN],
    ],
    key: ['repo', 'sha'],
    indexes: { commits_date: ['date'], commits_repo_date: ['repo', 'date'] },
  },
  {
    name: 'git_state',
    columns: [
      ['repo', 'text', NN],
      ['path', 'text', NN],
      ['heads', 'text', NN],
      ['authors', 'text', NN],
      ['last_import_at', 'text', NN],
    ],
    key: ['repo'],
  },
  {
    name: 'tracker_items',
    columns: [
      ['source', 'text', NN],
      ['key', 'text', NN],
      ['title', 'text', NN],
      ['status', 'text', NN],
      ['type', 'text'],
      ['created_at', 'text', NN],
      ['started_at', 'text'],
      ['resolved_at', 'text'],
      ['priority', 'text'],
      ['labels', 'text', NN],
      ['assignee', 'text'],
      ['creator', 'text'],
      ['url', 'text'],
      ['critical_path', 'integer', NN],
    ],
    key: ['source', 'key'],
  },
  {
    name: 'import_runs',
    columns: [
      ['id', 'text', NN],
      ['source', 'text', NN],
      ['target', 'text', NN],
      ['at', 'text', NN],
      ['added', 'integer', NN],
      ['updated', 'integer', NN],
      ['unchanged', 'integer', NN],
      ['removed', 'integer', NN],
      ['skipped', 'text', NN],
    ],
    key: ['id'],
    indexes: { import_runs_at: ['at', 'id'] },
  },
  {
    name: 'settings',
    columns: [
      ['key', 'text', NN],
      ['value', 'text', NN],
      ['updated_at', 'text', NN],
    ],
    key: ['key'],
  },
  {
    name: 'day_models',
    columns: [
      ['date', 'text', NN],
      ['model', 'text', NN],
      ['updated_at', 'text', NN],
    ],
    key: ['date'],
  },
  { name: 'dirty_days', columns: [['date', 'text', NN]], key: ['date'] },
  {
    name: 'flag_reviews',
    columns: [
      ['fingerprint', 'text', NN],
      ['flag_id', 'text', NN],
      ['status', 'text', NN],
      ['note', 'text'],
      ['at', 'text', NN],
    ],
    key: ['fingerprint'],
  },
];

/**
 * Rebuilds every table with an owner (SQLite cannot change a primary key in place, so both engines
 * do the same): each new table is made beside the old one, filled with the old rows under the
 * local owner, then the old tables go (children first, so no foreign key is left dangling) and the
 * new ones take their names. SQLite rewrites the foreign keys that name a renamed table; PostgreSQL
 * tracks tables by identity. Indexes are made last, once their names are free again.
 */
async function ownEveryTable(db: Kysely<unknown>, engine: Engine): Promise<void> {
  const text = textType(engine);
  const type = (t: Column[1]) => (t === 'text' ? text : sql.raw(t));
  const ids = (names: readonly string[]) => sql.join(names.map((n) => sql.ref(n)));
  const fresh = (name: string) => `${name}__v9`;

  await db.schema
    .createTable('owners')
    .addColumn('id', text, (c) => c.primaryKey())
    // Moves on with every write to this owner's records, in the same transaction: caches derived
    // from one owner's journal are keyed by it, so nobody else's writes empty them.
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', text, (c) => c.notNull())
    .execute();
  await sql`insert into owners (id, version, created_at) values (${LOCAL_OWNER}, 0, ${new Date().toISOString()})`.execute(
    db,
  );

  for (const t of OWNED_TABLES) {
    const columns = t.columns.map(([name, t, rule]) =>
      rule === undefined
        ? sql`${sql.ref(name)} ${type(t)}`
        : rule === NN
          ? sql`${sql.ref(name)} ${type(t)} not null`
          : sql`${sql.ref(name)} ${type(t)} not null default ${sql.lit(rule)}`,
    );
    const key = ['owner_id', ...t.key];
    const parts = [
      sql`owner_id ${text} not null`,
      ...columns,
      sql`constraint ${sql.ref(`${t.name}_owner_pk`)} primary key (${ids(key)})`,
    ];
    if (t.references) {
      const r = t.references;
      parts.push(
        sql`foreign key (${ids(['owner_id', ...r.columns])}) references ${sql.table(fresh(r.table))} (${ids(['owner_id', ...r.to])})`,
      );
    }
    await sql`create table ${sql.table(fresh(t.name))} (${sql.join(parts)})`.execute(db);
    const names = t.columns.map(([name]) => name);
    await sql`insert into ${sql.table(fresh(t.name))} (owner_id, ${ids(names)})
      select ${LOCAL_OWNER}, ${ids(names)} from ${sql.table(t.name)}`.execute(db);
  }
  for (const t of [...OWNED_TABLES].reverse()) await sql`drop table ${sql.table(t.name)}`.execute(db);
  for (const t of OWNED_TABLES) {
    await sql`alter table ${sql.table(fresh(t.name))} rename to ${sql.table(t.name)}`.execute(db);
    for (const [index, columns] of Object.entries(t.indexes ?? {})) {
      await sql`create index ${sql.ref(index)} on ${sql.table(t.name)} (${ids(['owner_id', ...columns])})`.execute(
        db,
      );
    }
  }
}

/** Whole seconds from one stored instant to another, rounded up so the bound never falls short. */
export function spanSeconds(start: string, end: string): number {
  return Math.max(0, Math.ceil((Date.parse(end) - Date.parse(start)) / 1000));
}

export function latestVersion(migrations: readonly Migration[] = MIGRATIONS): number {
  return migrations.reduce((max, m) => Math.max(max, m.version), 0);
}

/**
 * Brings the schema up to date and returns the versions it applied (none on an up-to-date store).
 * The common case — nothing to do — costs one or two reads and no write lock, because every CLI
 * command opens the store.
 */
export async function migrate(
  db: Kysely<Database>,
  engine: Engine,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<number[]> {
  const latest = latestVersion(migrations);
  if (await migrationsTableExists(db, engine)) {
    const applied = await appliedVersions(db);
    refuseIfTooNew(applied, latest);
    if (migrations.every((m) => applied.has(m.version))) return [];
  }

  // SQLite transactions here start with BEGIN IMMEDIATE (see sqlite.ts), PostgreSQL takes an
  // advisory lock: either way a second process waits here and then finds nothing left to do.
  return db.transaction().execute(async (trx) => {
    if (engine === 'postgres') {
      await sql`select pg_advisory_xact_lock(hashtext('handson-migrations'), hashtext(current_schema()))`.execute(
        trx,
      );
    }
    await trx.schema
      .createTable('handson_migrations')
      .ifNotExists()
      .addColumn('version', 'integer', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('applied_at', 'text', (c) => c.notNull())
      .execute();
    const applied = await appliedVersions(trx);
    refuseIfTooNew(applied, latest);

    const done: number[] = [];
    for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
      if (applied.has(m.version)) continue;
      await m.up(trx as Transaction<unknown> as Kysely<unknown>, engine);
      await trx
        .insertInto('handson_migrations')
        .values({ version: m.version, name: m.name, applied_at: new Date().toISOString() })
        .execute();
      done.push(m.version);
    }
    return done;
  });
}

async function migrationsTableExists(db: Kysely<Database>, engine: Engine): Promise<boolean> {
  const query =
    engine === 'postgres'
      ? sql<{ found: string | null }>`select to_regclass('handson_migrations')::text as found`
      : sql<{
          found: string | null;
        }>`select name as found from sqlite_master where type = 'table' and name = 'handson_migrations'`;
  const { rows } = await query.execute(db);
  return rows[0]?.found != null;
}

async function appliedVersions(db: Kysely<Database>): Promise<Set<number>> {
  const rows = await db.selectFrom('handson_migrations').select('version').execute();
  return new Set(rows.map((r) => Number(r.version)));
}

function refuseIfTooNew(applied: Set<number>, latest: number): void {
  const newest = Math.max(0, ...applied);
  if (newest > latest) {
    throw new AppError(
      'store-too-new',
      `This data was written by a newer Hands-on (schema v${newest}; this version knows up to v${latest}); upgrade Hands-on to open it.`,
    );
  }
}
