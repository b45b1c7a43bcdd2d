import { existsSync } from 'node:fs';
import { profileHandlers, ROLES } from '../../app/profile/profile.js';
import { parseWeekdays, workingHours as workingHoursOf } from '../../app/profile/working-hours.js';
import { BUDGET_HELP, defaultBudgetPct } from '../../domain/profile/budget.js';
import type { Role } from '../../domain/types.js';
import { AppError } from '../../errors.js';
import { sqliteFile } from '../../store/sqlite-file.js';
import { bool, list, need, num, str } from '../args.js';
import { type CommandContext, defineCommand } from '../command.js';
import { budgetLines } from './profile.js';

export default defineCommand({
  meta: {
    name: 'init',
    summary: 'Set up (or update) your profile.',
    usage: [
      'init --name N --role R --reports N --tz ZONE --email E... [--budget PCT] [--weekly-hours H]',
      '     [--new-to-function-since DATE] [--work-days mon-fri] [--work-hours 09:00-18:00] [--encrypt] --yes',
    ],
    help: `Roles: ${ROLES.join(', ')}.
--budget       your IC budget as a percentage of working time (default: from role and reports).
--encrypt      encrypt the data file at rest (SQLite). The passphrase is asked for, or read from HANDSON_KEY;
               it cannot be recovered, so keep it somewhere safe.
--work-days    your working days, e.g. mon-fri or mon,tue,thu (default mon-fri)
--work-hours   your working hours, e.g. 09:00-18:00 (the default); focus time is measured inside them
--weekly-hours your working week in hours, if it is not what your working hours make (days × hours:
               45 h for mon-fri 09:00-18:00); the IC budget is a share of it
--yes          do not ask anything; fail on what is missing.

${BUDGET_HELP}`,
  },
  options: {
    name: { type: 'string' },
    role: { type: 'string' },
    reports: { type: 'string' },
    tz: { type: 'string' },
    email: { type: 'string', multiple: true, list: true },
    budget: { type: 'string' },
    'weekly-hours': { type: 'string' },
    'new-to-function-since': { type: 'string' },
    'work-days': { type: 'string' },
    'work-hours': { type: 'string' },
    encrypt: { type: 'boolean' },
    yes: { type: 'boolean', short: 'y' },
  },
  flags: { emails: 'email', budgetPct: 'budget' },
  async run(cx) {
    if (bool(cx, 'yes')) cx.interactive = false;
    const ask = cx.interactive;
    const name = await need(cx, 'name', 'Your name?');
    let role = str(cx, 'role');
    if (role === undefined) {
      if (!ask) role = await need(cx, 'role', 'Your role?');
      else
        role = (
          await cx.prompt.choose(
            'Your role?',
            ROLES.map((r) => ({ value: r, label: r })),
          )
        )[0]!;
    }
    const reports = await need(cx, 'reports', 'How many people report to you directly?');
    const tz = await need(cx, 'tz', 'Your time zone?', Intl.DateTimeFormat().resolvedOptions().timeZone);
    let emails = list(cx, 'email');
    if (emails.length === 0) {
      emails = (await need(cx, 'email', 'Your email address(es), comma-separated?'))
        .split(/[\s,]+/)
        .filter(Boolean);
    }
    let budget = str(cx, 'budget');
    if (budget === undefined && ask && ROLES.includes(role as Role) && /^\d+$/.test(reports)) {
      const def = defaultBudgetPct(role as Role, Number(reports));
      const answer = await cx.prompt.text(
        `IC budget, % of your working time (default for your role: ${def})`,
        {
          optional: true,
        },
      );
      if (answer !== '') budget = answer;
    }

    const encrypt = bool(cx, 'encrypt');
    let key: string | undefined;
    if (encrypt) {
      if (cx.config.databaseUrl) {
        throw new AppError(
          'invalid',
          '--encrypt: encryption at rest is for the embedded SQLite file; for PostgreSQL, encrypt the server’s storage.',
        );
      }
      if (existsSync(sqliteFile(cx.config.dataDir))) {
        throw new AppError(
          'conflict',
          `--encrypt: ${sqliteFile(cx.config.dataDir)} already exists; encrypt a new data folder and \`handson import\` an export into it.`,
        );
      }
      key = cx.config.key;
      if (key === undefined) {
        if (!ask)
          throw new AppError('usage', '--encrypt needs a passphrase: set HANDSON_KEY or run in a terminal');
        key = await cx.prompt.secret('Choose a passphrase: ');
        if (key.length < 8) throw new AppError('invalid', 'passphrase: expected at least 8 characters');
        if ((await cx.prompt.secret('Type it again: ')) !== key) {
          throw new AppError('invalid', 'passphrase: the two entries differ; nothing was created');
        }
      }
    }
    // Open (and create) the store now, so that --encrypt applies before anything is written.
    await cx.app({ encrypt, ...(key === undefined ? {} : { key }) });

    const workingHours = await parseWorkingHours(cx);
    const result = await cx.call(profileHandlers.init, {
      workingHours,
      name,
      role: role as Role,
      reports: num(reports)!,
      tz,
      emails,
      budgetPct: num(budget),
      weeklyHours: num(str(cx, 'weekly-hours')),
      newToFunctionSince: str(cx, 'new-to-function-since'),
    });
    if (cx.json) return cx.outJson(result);
    const p = result.profile;
    cx.out(
      `Profile saved for ${p.name} (${p.role}, ${p.reports} direct report${p.reports === 1 ? '' : 's'}, ${p.tz}).`,
    );
    for (const line of budgetLines(result, '; change it with --budget')) cx.out(line);
    cx.out(
      `Data: ${cx.config.databaseUrl ? 'PostgreSQL' : sqliteFile(cx.config.dataDir)}${encrypt ? ' (encrypted)' : ''}`,
    );
    cx.out(
      'Next: `handson check` before your next IC task, or `handson commitments add` for what you owe your team.',
    );
  },
});

/** `--work-days` and `--work-hours`, both optional; given alone, the other keeps its current value. */
async function parseWorkingHours(cx: CommandContext) {
  const days = str(cx, 'work-days');
  const hours = str(cx, 'work-hours');
  if (days === undefined && hours === undefined) return undefined;
  const current = (await cx.app()).store;
  const base = await workingHoursOf(current);
  let parsedDays = base.days;
  if (days !== undefined) {
    const d = parseWeekdays(days);
    if (!d)
      throw new AppError('invalid', '--work-days: expected days such as mon-fri or mon,tue,thu', {
        field: 'work-days',
      });
    parsedDays = d;
  }
  let start = base.start;
  let end = base.end;
  if (hours !== undefined) {
    const m = /^(\d{2}:\d{2})\s*-\s*(\d{2}:\d{2})$/.exec(hours.trim());
    if (!m)
      throw new AppError('invalid', '--work-hours: expected a range such as 09:00-18:00', {
        field: 'work-hours',
      });
    start = m[1]!;
    end = m[2]!;
  }
  return { days: parsedDays, start, end };
}
