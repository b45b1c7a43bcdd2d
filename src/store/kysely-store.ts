import type { Kysely } from 'kysely';
import { titleKey } from '../domain/time.js';
import type {
  ActionStatus,
  CheckInput,
  CheckRecord,
  CheckResult,
  Commitment,
  CommitmentKind,
  CommitmentStatus,
  IcSession,
  ImprovementAction,
  LocalDate,
  Postponement,
  Profile,
  Reason,
  ReasonKind,
  ReasonQuestion,
  Reflection,
  ReflectionAnswer,
  Role,
} from '../domain/types.js';
import { AppError } from '../errors.js';
import type { Store } from './store.js';
import type {
  ActionRow,
  CheckRow,
  CommitmentRow,
  Database,
  Engine,
  PostponementRow,
  ProfileRow,
  ReasonRow,
  ReflectionRow,
  SessionRow,
} from './tables.js';

/**
 * The one Store implementation: both engines run exactly these queries. A Store made for a
 * transaction carries the transaction's Kysely and reuses it for nested `transaction` calls.
 */
export class KyselyStore implements Store {
  readonly #db: Kysely<Database>;
  readonly #close: (() => Promise<void>) | undefined;
  #closed = false;

  /** `close` is absent for a Store bound to a transaction: the transaction ends it, not the caller. */
  constructor(
    db: Kysely<Database>,
    readonly engine: Engine,
    close?: () => Promise<void>,
  ) {
    this.#db = db;
    this.#close = close;
  }

  // Inside `fn`, use `tx` only: on SQLite the outer Store waits for the one connection that the
  // transaction holds, so calling it from inside `fn` would wait forever.
  async transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T> {
    if (this.#db.isTransaction) return fn(this);
    return this.#db.transaction().execute((trx) => fn(new KyselyStore(trx, this.engine)));
  }

  async close(): Promise<void> {
    if (this.#close === undefined) {
      throw new Error('A Store bound to a transaction cannot be closed; close the Store that opened it.');
    }
    if (this.#closed) return;
    this.#closed = true;
    await this.#close();
  }

  // ------------------------------------------------------------ profile

  async getProfile(): Promise<Profile | undefined> {
    const row = await this.#db.selectFrom('profile').selectAll().where('id', '=', 1).executeTakeFirst();
    return row === undefined ? undefined : toProfile(row);
  }

  async saveProfile(profile: Profile): Promise<void> {
    const row = fromProfile(profile);
    const { id: _id, ...rest } = row;
    await this.#db
      .insertInto('profile')
      .values(row)
      .onConflict((oc) => oc.column('id').doUpdateSet(rest))
      .execute();
  }

  // ------------------------------------------------------------ reasons

  async listCustomReasons(): Promise<Reason[]> {
    const rows = await this.#db.selectFrom('reasons').selectAll().orderBy('id').execute();
    return rows.map(toReason);
  }

  async upsertReason(reason: Reason): Promise<void> {
    const row = fromReason(reason);
    const { id: _id, ...rest } = row;
    await this.#db
      .insertInto('reasons')
      .values(row)
      .onConflict((oc) => oc.column('id').doUpdateSet(rest))
      .execute();
  }

  // ------------------------------------------------------------ checks

  async upsertCheck(check: CheckRecord): Promise<void> {
    const row = fromCheck(check);
    const { id: _id, ...rest } = row;
    await this.#db
      .insertInto('checks')
      .values(row)
      .onConflict((oc) => oc.column('id').doUpdateSet(rest))
      .execute();
  }

  async getCheck(id: string): Promise<CheckRecord | undefined> {
    const row = await this.#db.selectFrom('checks').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : toCheck(row);
  }

  async listChecks(
    filter: { from?: LocalDate; to?: LocalDate; limit?: number } = {},
  ): Promise<CheckRecord[]> {
    let q = this.#db.selectFrom('checks').selectAll();
    if (filter.from !== undefined) q = q.where('date', '>=', filter.from);
    if (filter.to !== undefined) q = q.where('date', '<=', filter.to);
    q = q.orderBy('at', 'desc').orderBy('id', 'desc');
    if (filter.limit !== undefined) q = q.limit(wholeNumber(filter.limit, 'limit', 0));
    return (await q.execute()).map(toCheck);
  }

  // ------------------------------------------------------------ sessions

  async upsertSession(session: IcSession): Promise<void> {
    const row = fromSession(session);
    const { id: _id, ...rest } = row;
    await this.#db
      .insertInto('sessions')
      .values(row)
      .onConflict((oc) => oc.column('id').doUpdateSet(rest))
      .execute();
  }

  async getSession(id: string): Promise<IcSession | undefined> {
    const row = await this.#db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : toSession(row);
  }

  async listSessions(
    filter: { from?: LocalDate; to?: LocalDate; titleKey?: string } = {},
  ): Promise<IcSession[]> {
    let q = this.#db.selectFrom('sessions').selectAll();
    if (filter.from !== undefined) q = q.where('date', '>=', filter.from);
    if (filter.to !== undefined) q = q.where('date', '<=', filter.to);
    if (filter.titleKey !== undefined) q = q.where('title_key', '=', filter.titleKey);
    const rows = await q.orderBy('date').orderBy('created_at').orderBy('id').execute();
    return rows.map(toSession);
  }

  // ------------------------------------------------------------ commitments

  async upsertCommitment(commitment: Commitment): Promise<void> {
    const row = fromCommitment(commitment);
    const { id: _id, ...rest } = row;
    const postponements = commitment.postponements.map((p) => fromPostponement(commitment.id, p));
    await this.transaction(async (tx) => {
      const db = (tx as KyselyStore).#db;
      await db
        .insertInto('commitments')
        .values(row)
        .onConflict((oc) => oc.column('id').doUpdateSet(rest))
        .execute();
      if (postponements.length > 0) {
        // A postponement is history: once recorded it is neither changed nor removed, so a
        // record that lacks some of them (an old export, a stale copy) cannot erase them.
        await db
          .insertInto('postponements')
          .values(postponements)
          .onConflict((oc) => oc.column('id').doNothing())
          .execute();
      }
    });
  }

  async getCommitment(id: string): Promise<Commitment | undefined> {
    const row = await this.#db.selectFrom('commitments').selectAll().where('id', '=', id).executeTakeFirst();
    if (row === undefined) return undefined;
    const postponements = await this.#db
      .selectFrom('postponements')
      .selectAll()
      .where('commitment_id', '=', id)
      .orderBy('at')
      .orderBy('id')
      .execute();
    return toCommitment(row, postponements);
  }

  async listCommitments(filter: { status?: CommitmentStatus } = {}): Promise<Commitment[]> {
    let q = this.#db.selectFrom('commitments').selectAll();
    if (filter.status !== undefined) q = q.where('status', '=', filter.status);
    const rows = await q
      .orderBy('due', (ob) => ob.asc().nullsLast())
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    if (rows.length === 0) return [];

    let pq = this.#db.selectFrom('postponements').selectAll();
    if (filter.status !== undefined) {
      const status = filter.status;
      pq = pq.where('commitment_id', 'in', (eb) =>
        eb.selectFrom('commitments').select('id').where('status', '=', status),
      );
    }
    const byCommitment = new Map<string, PostponementRow[]>();
    for (const p of await pq.orderBy('at').orderBy('id').execute()) {
      const list = byCommitment.get(p.commitment_id);
      if (list === undefined) byCommitment.set(p.commitment_id, [p]);
      else list.push(p);
    }
    return rows.map((r) => toCommitment(r, byCommitment.get(r.id) ?? []));
  }

  // ------------------------------------------------------------ actions

  async upsertAction(action: ImprovementAction): Promise<void> {
    const row = fromAction(action);
    const { id: _id, ...rest } = row;
    await this.transaction(async (tx) => {
      const db = (tx as KyselyStore).#db;
      // Checked up front rather than caught: a failed statement would poison a PostgreSQL
      // transaction, and the engines word their foreign-key errors differently.
      if (row.session_id !== null) {
        const session = await db
          .selectFrom('sessions')
          .select('id')
          .where('id', '=', row.session_id)
          .executeTakeFirst();
        if (session === undefined) {
          throw new AppError(
            'invalid',
            `The improvement action ${action.id} points to IC session ${row.session_id}, which is not in the store; save the session first.`,
            { field: 'sessionId' },
          );
        }
      }
      await db
        .insertInto('actions')
        .values(row)
        .onConflict((oc) => oc.column('id').doUpdateSet(rest))
        .execute();
    });
  }

  async getAction(id: string): Promise<ImprovementAction | undefined> {
    const row = await this.#db.selectFrom('actions').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : toAction(row);
  }

  async listActions(filter: { status?: ActionStatus } = {}): Promise<ImprovementAction[]> {
    let q = this.#db.selectFrom('actions').selectAll();
    if (filter.status !== undefined) q = q.where('status', '=', filter.status);
    const rows = await q.orderBy('created_at').orderBy('id').execute();
    return rows.map(toAction);
  }

  // ------------------------------------------------------------ reflections

  async upsertReflection(reflection: Reflection): Promise<void> {
    const row = fromReflection(reflection);
    const { id: _id, ...rest } = row;
    await this.#db
      .insertInto('reflections')
      .values(row)
      .onConflict((oc) => oc.column('id').doUpdateSet(rest))
      .execute();
  }

  async listReflections(filter: { from?: LocalDate; to?: LocalDate } = {}): Promise<Reflection[]> {
    let q = this.#db.selectFrom('reflections').selectAll();
    if (filter.from !== undefined) q = q.where('date', '>=', filter.from);
    if (filter.to !== undefined) q = q.where('date', '<=', filter.to);
    const rows = await q.orderBy('date').orderBy('at').orderBy('id').execute();
    return rows.map(toReflection);
  }
}

// ================================================================ row <-> record
//
// Optional fields are written as NULL and read back as absent keys (never `undefined` or
// `null` values), so a record read from either engine serialises to the same JSON.

function nullable<T>(value: T | undefined): T | null {
  return value === undefined ? null : value;
}

/** `{ key: value }` when the column holds a value, `{}` when it is NULL. */
function opt<K extends string, V>(key: K, value: V | null): { [P in K]?: V } {
  return (value === null ? {} : { [key]: value }) as { [P in K]?: V };
}

function num(value: number | null): number | null {
  // Defensive: a driver may hand back numeric text for some column types.
  return value === null ? null : Number(value);
}

// PostgreSQL's `integer`; SQLite would take more.
const MAX_INT = 2_147_483_647;

/**
 * The engines disagree on numbers SQLite would silently accept (2.5 or 2^40 in an integer
 * column, NaN turning into NULL); refusing them here keeps both engines behaving the same.
 */
function wholeNumber(value: number, field: string, min?: number): number {
  if (!Number.isInteger(value) || Math.abs(value) > MAX_INT || (min !== undefined && value < min)) {
    throw new AppError(
      'invalid',
      `${field} must be a whole number${min === undefined ? '' : ` of at least ${min}`}, not ${value}.`,
      { field },
    );
  }
  return value;
}

function finiteNumber(value: number, field: string): number {
  if (!Number.isFinite(value)) {
    throw new AppError('invalid', `${field} must be a finite number, not ${value}.`, { field });
  }
  return value;
}

function optionalWhole(value: number | undefined, field: string): number | null {
  return value === undefined ? null : wholeNumber(value, field);
}

// JSON columns are written only by this file from typed records, so reading them back as those
// types is safe; the schema (not a validator) is what keeps foreign data out.
function json(value: unknown): string {
  return JSON.stringify(value);
}
function parse<T>(text: string): T {
  return JSON.parse(text) as T;
}

function fromProfile(p: Profile): ProfileRow {
  return {
    id: 1,
    name: p.name,
    role: p.role,
    reports: wholeNumber(p.reports, 'reports', 0),
    tz: p.tz,
    emails: json(p.emails),
    budget_pct: p.budgetPct === undefined ? null : finiteNumber(p.budgetPct, 'budgetPct'),
    weekly_hours: finiteNumber(p.weeklyHours, 'weeklyHours'),
    new_to_function_since: nullable(p.newToFunctionSince),
    created_at: p.createdAt,
    updated_at: p.updatedAt,
  };
}

function toProfile(r: ProfileRow): Profile {
  return {
    name: r.name,
    role: r.role as Role,
    reports: Number(r.reports),
    tz: r.tz,
    emails: parse<string[]>(r.emails),
    ...opt('budgetPct', num(r.budget_pct)),
    weeklyHours: Number(r.weekly_hours),
    ...opt('newToFunctionSince', r.new_to_function_since),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function fromReason(r: Reason): ReasonRow {
  return {
    id: r.id,
    kind: r.kind,
    title: r.title,
    summary: r.summary,
    questions: json(r.questions),
    signals: json(r.signals),
    builtin: r.builtin ? 1 : 0,
  };
}

function toReason(r: ReasonRow): Reason {
  return {
    id: r.id,
    kind: r.kind as ReasonKind,
    title: r.title,
    summary: r.summary,
    questions: parse<ReasonQuestion[]>(r.questions),
    signals: parse<string[]>(r.signals),
    builtin: Number(r.builtin) === 1,
  };
}

function fromCheck(c: CheckRecord): CheckRow {
  return {
    id: c.id,
    at: c.at,
    date: c.date,
    input: json(c.input),
    result: json(c.result),
    verdict: c.result.verdict,
  };
}

function toCheck(r: CheckRow): CheckRecord {
  return {
    id: r.id,
    at: r.at,
    date: r.date,
    input: parse<CheckInput>(r.input),
    result: parse<CheckResult>(r.result),
  };
}

function fromSession(s: IcSession): SessionRow {
  return {
    id: s.id,
    date: s.date,
    started_at: nullable(s.startedAt),
    minutes: wholeNumber(s.minutes, 'minutes', 0),
    title: s.title,
    title_key: titleKey(s.title),
    reasons: json(s.reasons),
    energy_before: optionalWhole(s.energyBefore, 'energyBefore'),
    energy_after: optionalWhole(s.energyAfter, 'energyAfter'),
    gaps: json(s.gaps),
    notes: nullable(s.notes),
    check_id: nullable(s.checkId),
    created_at: s.createdAt,
    updated_at: s.updatedAt,
  };
}

function toSession(r: SessionRow): IcSession {
  return {
    id: r.id,
    date: r.date,
    ...opt('startedAt', r.started_at),
    minutes: Number(r.minutes),
    title: r.title,
    reasons: parse<string[]>(r.reasons),
    ...opt('energyBefore', num(r.energy_before)),
    ...opt('energyAfter', num(r.energy_after)),
    gaps: parse<string[]>(r.gaps),
    ...opt('notes', r.notes),
    ...opt('checkId', r.check_id),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function fromCommitment(c: Commitment): CommitmentRow {
  return {
    id: c.id,
    kind: c.kind,
    title: c.title,
    person: nullable(c.person),
    due: nullable(c.due),
    status: c.status,
    created_at: c.createdAt,
    closed_at: nullable(c.closedAt),
  };
}

function fromPostponement(commitmentId: string, p: Postponement): PostponementRow {
  return {
    id: p.id,
    commitment_id: commitmentId,
    at: p.at,
    from_due: nullable(p.fromDue),
    to_due: p.toDue,
    why: nullable(p.why),
  };
}

function toPostponement(r: PostponementRow): Postponement {
  return { id: r.id, at: r.at, ...opt('fromDue', r.from_due), toDue: r.to_due, ...opt('why', r.why) };
}

function toCommitment(r: CommitmentRow, postponements: PostponementRow[]): Commitment {
  return {
    id: r.id,
    kind: r.kind as CommitmentKind,
    title: r.title,
    ...opt('person', r.person),
    ...opt('due', r.due),
    status: r.status as CommitmentStatus,
    createdAt: r.created_at,
    ...opt('closedAt', r.closed_at),
    postponements: postponements.map(toPostponement),
  };
}

function fromAction(a: ImprovementAction): ActionRow {
  return {
    id: a.id,
    text: a.text,
    session_id: nullable(a.sessionId),
    status: a.status,
    created_at: a.createdAt,
    done_at: nullable(a.doneAt),
  };
}

function toAction(r: ActionRow): ImprovementAction {
  return {
    id: r.id,
    text: r.text,
    ...opt('sessionId', r.session_id),
    status: r.status as ActionStatus,
    createdAt: r.created_at,
    ...opt('doneAt', r.done_at),
  };
}

function fromReflection(r: Reflection): ReflectionRow {
  return { id: r.id, date: r.date, at: r.at, text: r.text, answers: json(r.answers) };
}

function toReflection(r: ReflectionRow): Reflection {
  return { id: r.id, date: r.date, at: r.at, text: r.text, answers: parse<ReflectionAnswer[]>(r.answers) };
}
