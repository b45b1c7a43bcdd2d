import { z } from 'zod';
import type { CalendarOccurrence, CalendarSource } from '../../domain/evidence/evidence.js';
import { AppError } from '../../errors.js';
import { listRemoteCalendars, syncCalendar } from '../../importers/caldav/index.js';
import { readAllOffThread } from '../../importers/off-thread.js';
import type { AppContext } from '../context.js';
import { handler } from '../handler.js';
import { requireProfile } from '../profile/profile.js';
import { saveCoverage } from './coverage.js';
import { calendarName, failure, type ImportReport, logRun } from './imports.js';
import { dayRange, defaultImportWindow } from './window.js';

const url = z
  .string()
  .trim()
  .regex(/^https?:\/\/[^\s]+$/, 'expected an http:// or https:// address of a CalDAV server or calendar');
const user = z.string().trim().min(1, 'expected the CalDAV user name');
const password = z.string().min(1, 'expected the CalDAV password (prompted, or HANDSON_CALDAV_PASSWORD)');

const enc = new TextEncoder();

/**
 * Brings one CalDAV calendar up to date: fetches only what changed (sync-token, else ctag/etag),
 * then re-expands the calendar's objects and replaces its occurrences — all in one transaction.
 */
async function syncOne(ctx: AppContext, cal: CalendarSource, pass: string): Promise<ImportReport> {
  const profile = await requireProfile(ctx);
  const known = new Map((await ctx.store.listCalendarObjects(cal.name)).map((o) => [o.href, o.etag]));
  ctx.progress?.start(`Syncing ${cal.name}`);
  try {
    const result = await syncCalendar(
      {
        url: cal.url!,
        user: cal.user!,
        password: pass,
        syncToken: cal.syncToken,
        ctag: cal.ctag,
        known,
      },
      { outbound: ctx.outbound },
    );
    const w = defaultImportWindow(ctx.now(), profile.tz);
    const window = dayRange(w.from, w.to, profile.tz);
    return await ctx.store.transaction(async (tx) => {
      await tx.upsertCalendarObjects(result.changed.map((o) => ({ calendar: cal.name, ...o })));
      await tx.deleteCalendarObjects(cal.name, result.deleted);
      const objects = await tx.listCalendarObjects(cal.name);
      const events: CalendarOccurrence[] = [];
      const skipped = new Map<string, number>();
      // Each object is a calendar of its own, so one server-wide fact (a declared zone) would
      // otherwise be said once per event: said once, with how many objects it applies to.
      const notes = new Map<string, number>();
      let total = 0;
      // Off this thread, all objects on one worker: the server goes on answering meanwhile.
      const answers = await readAllOffThread<CalendarOccurrence>(
        'ics',
        objects.map((o) => ({ name: `${cal.name} ${o.href}`, bytes: enc.encode(o.ics) })),
        { emails: profile.emails, tz: profile.tz, window, names: [], logins: [] },
      );
      for (const [i, o] of objects.entries()) {
        const read = answers[i]!;
        if (read instanceof AppError) throw read;
        for (const e of read.records) events.push(e);
        total += read.total;
        for (const s of read.skipped) skipped.set(s.why, (skipped.get(s.why) ?? 0) + s.count);
        for (const n of read.notes ?? []) {
          const text = n.slice(`${cal.name} ${o.href}: `.length).replace(/ at line \d+/, '');
          notes.set(text, (notes.get(text) ?? 0) + 1);
        }
      }
      const counts = await tx.replaceOccurrences(cal.name, window, events);
      // Read again inside the transaction: the coverage grows from what is stored now.
      const stored = (await tx.getCalendar(cal.name)) ?? cal;
      await saveCoverage(
        tx,
        { ...stored, syncToken: result.syncToken, ctag: result.ctag, lastSyncAt: ctx.now().toISOString() },
        window,
        events,
      );
      const report: ImportReport = {
        source: 'caldav',
        target: cal.name,
        total,
        ...counts,
        skipped: [...skipped].map(([why, count]) => ({ why, count })),
      };
      if (notes.size > 0) {
        report.notice = [...notes]
          .map(([text, n]) => (n === 1 ? text : `${text.replace(/\.$/, '')} (in ${n} calendar objects).`))
          .join(' ');
      }
      await logRun(ctx, tx, report);
      return report;
    });
  } finally {
    ctx.progress?.end();
  }
}

export const caldavHandlers = {
  add: handler({
    access: 'owner',
    touches: ['evidence'],
    // Asks the server first: no transaction may wait on the network.
    transaction: 'own',
    summary:
      'Add the calendars of a CalDAV account (or one calendar by its URL). The password is not stored.',
    input: z.object({ url, user, password, name: calendarName.optional() }),
    async run(ctx, input): Promise<CalendarSource[]> {
      await requireProfile(ctx);
      const remote = await listRemoteCalendars(
        {
          url: input.url,
          user: input.user,
          password: input.password,
        },
        { outbound: ctx.outbound },
      );
      if (remote.length === 0) {
        throw new AppError('not-found', `url: no calendars found at ${input.url} for ${input.user}`, {
          field: 'url',
        });
      }
      if (input.name !== undefined && remote.length > 1) {
        throw new AppError(
          'invalid',
          `name: ${input.url} holds ${remote.length} calendars; give the URL of one to name it`,
          {
            field: 'name',
          },
        );
      }
      const added: CalendarSource[] = [];
      await ctx.store.transaction(async (tx) => {
        for (const r of remote) {
          const name =
            input.name ?? calendarName.safeParse(r.displayName).data ?? `caldav ${added.length + 1}`;
          const existing = await tx.getCalendar(name);
          if (existing && (existing.kind !== 'caldav' || existing.url !== r.url)) {
            throw new AppError(
              'conflict',
              `name: a calendar named "${name}" already exists; choose another with --name`,
              {
                field: 'name',
              },
            );
          }
          const cal: CalendarSource = existing ?? {
            name,
            kind: 'caldav',
            url: r.url,
            user: input.user,
            createdAt: ctx.now().toISOString(),
          };
          await tx.upsertCalendar(cal);
          added.push(cal);
        }
      });
      return added;
    },
  }),

  list: handler({
    access: 'owner',
    readOnly: true,
    summary: 'Your calendars: imported ICS files and CalDAV calendars, with when each was last synced.',
    input: z.object({}),
    async run(ctx): Promise<CalendarSource[]> {
      return (await ctx.store.listCalendars()).map(({ syncToken: _s, ctag: _c, ...rest }) => rest);
    },
  }),

  sync: handler({
    access: 'owner',
    touches: ['evidence'],
    // Each calendar in a transaction of its own, after its server answered; one failing leaves the others.
    transaction: 'own',
    summary: 'Fetch what changed in your CalDAV calendars since the last sync.',
    input: z.object({ password, calendar: z.string().optional() }),
    async run(ctx, input): Promise<ImportReport[]> {
      const calendars = (await ctx.store.listCalendars()).filter(
        (c) => c.kind === 'caldav' && (input.calendar === undefined || c.name === input.calendar),
      );
      if (calendars.length === 0) {
        throw new AppError(
          'not-found',
          input.calendar
            ? `calendar: there is no CalDAV calendar "${input.calendar}"; see \`handson calendars list\``
            : 'There is no CalDAV calendar to sync yet: add one with `handson calendars add caldav URL --user U`.',
        );
      }
      const reports: ImportReport[] = [];
      for (const cal of calendars) {
        try {
          reports.push(await syncOne(ctx, cal, input.password));
        } catch (e) {
          reports.push(failure('caldav', cal.name, e));
        }
      }
      return reports;
    },
  }),
};
