import { backupHandlers, type ImportSummary } from '../../app/backup/backup.js';
import { gitHandlers } from '../../app/evidence/git.js';
import { importHandlers } from '../../app/evidence/imports.js';
import { AppError } from '../../errors.js';
import { guessImporter, type ImporterGuess } from '../../importers/guess.js';
import { icsImporter, TRACKER_IMPORTERS } from '../../importers/importer.js';
import { readBoundedFile } from '../../importers/read-file.js';
import { list, positional, str } from '../args.js';
import { type CommandContext, defineCommand } from '../command.js';
import { table } from '../format.js';
import { printImportReports } from './report-import.js';

const MB = 1024 * 1024;

/** How the kinds of a backup read in the summary after `import FILE`. */
const KIND_LABELS: Record<keyof ImportSummary['byKind'], string> = {
  profile: 'profile',
  reasons: 'reasons',
  checks: 'checks',
  sessions: 'IC sessions',
  commitments: 'commitments',
  actions: 'improvement actions',
  reflections: 'reflections',
  settings: 'settings',
  flagReviews: 'flag reviews',
  people: 'people',
  calendars: 'calendars',
  occurrences: 'calendar events',
  calendarObjects: 'CalDAV objects',
  commits: 'commits',
  gitRepos: 'git repositories',
  trackerItems: 'issues',
  importRuns: 'import log entries',
};

/** How `import FILE` names what a file looks like, when that is not a Hands-on export. */
const LOOKS_LIKE: Record<Exclude<ImporterGuess, 'csv'>, string> = {
  ics: 'a calendar',
  jira: 'a Jira export',
  linear: 'a Linear export',
  github: 'GitHub issues',
};

/** The file name as it can be pasted into a shell. */
function shellWord(file: string): string {
  return /^[\w./~@:+-]+$/.test(file) ? file : `'${file.replaceAll("'", "'\\''")}'`;
}

/** The command for evidence given as if it were an export, instead of an error about JSON. */
function suggestImporter(file: string, guess: ImporterGuess): AppError {
  const f = shellWord(file);
  return new AppError(
    'import-invalid',
    guess === 'csv'
      ? `${file} looks like a CSV file, not a Hands-on export: use \`handson import jira ${f}\` for a Jira export or \`handson import linear ${f}\` for a Linear one`
      : `${file} looks like ${LOOKS_LIKE[guess]}: use \`handson import ${guess} ${f}\``,
  );
}

export function readJsonFile(file: string): unknown {
  const bytes = readBoundedFile(file, 200 * MB, 'a Hands-on export');
  // The first characters are enough to tell a calendar or a tracker's export from a backup.
  const guess = guessImporter(file, Buffer.from(bytes.subarray(0, 64 * 1024)).toString('utf8'));
  if (guess) throw suggestImporter(file, guess);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new AppError(
      'import-invalid',
      `${file}: not UTF-8 text; expected a JSON file written by \`handson export\``,
    );
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new AppError('import-invalid', `${file}: not valid JSON (${(e as Error).message})`);
  }
}

function files(cx: CommandContext, maxBytes: number, what: string) {
  if (cx.positionals.length === 0) throw new AppError('usage', `missing FILE (${what})`);
  return cx.positionals.map((name) => ({ name, bytes: readBoundedFile(name, maxBytes, what) }));
}

const ics = defineCommand({
  takesPositionals: true,
  meta: {
    name: 'ics',
    summary: 'Import calendars from .ics files.',
    usage: ['import ics FILE... [--calendar NAME] [--from DATE --to DATE] [--json]'],
    help: `Each file becomes a calendar named after it, or all go into --calendar NAME. Occurrences are
expanded from 400 days back to 90 days ahead unless --from/--to say otherwise. Importing a calendar
again replaces its events in that window: nothing is duplicated and nothing stale is kept.`,
  },
  options: { calendar: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' } },
  async run(cx) {
    const reports = await cx.call(importHandlers.ics, {
      files: files(cx, icsImporter.maxBytes, 'an .ics calendar file'),
      calendar: str(cx, 'calendar'),
      from: str(cx, 'from'),
      to: str(cx, 'to'),
    });
    printImportReports(cx, reports);
  },
});

const git = defineCommand({
  takesPositionals: true,
  meta: {
    name: 'git',
    summary: 'Import your commits from git repositories.',
    usage: ['import git PATH... [--since DATE] [--author EMAIL]... [--name NAME] [--json]'],
    help: `Your commits are those by the emails in your profile and any --author. A second import of a
repository reads only the commits that are new since the first.`,
  },
  options: {
    since: { type: 'string' },
    author: { type: 'string', multiple: true, list: true },
    name: { type: 'string' },
  },
  flags: { authors: 'author', paths: 'PATH' },
  async run(cx) {
    if (cx.positionals.length === 0) throw new AppError('usage', 'missing PATH (a git repository)');
    const reports = await cx.call(gitHandlers.import, {
      paths: cx.positionals,
      since: str(cx, 'since'),
      authors: list(cx, 'author'),
      name: str(cx, 'name'),
    });
    printImportReports(cx, reports);
  },
});

function tracker(source: 'jira' | 'github' | 'linear', what: string) {
  return defineCommand({
    takesPositionals: true,
    meta: {
      name: source,
      summary: `Import your issues from ${what}.`,
      usage: [`import ${source} FILE... [--me NAME]... [--json]`],
      help: `Keeps the items assigned to or created by you: matched by your profile's emails and name, and
by any --me NAME (another display name, or your GitHub login). Importing the same file again changes nothing.`,
    },
    options: { me: { type: 'string', multiple: true } },
    async run(cx) {
      const reports = await cx.call(importHandlers.tracker, {
        source,
        files: files(cx, TRACKER_IMPORTERS[source].maxBytes, what),
        me: list(cx, 'me'),
      });
      printImportReports(cx, reports);
    },
  });
}

const subcommands = {
  ics,
  git,
  jira: tracker('jira', 'a Jira CSV export (Filters → Export → CSV)'),
  github: tracker('github', 'a GitHub issues JSON file (e.g. `gh api --paginate repos/OWNER/REPO/issues`)'),
  linear: tracker('linear', 'a Linear CSV export'),
};

export default defineCommand({
  takesPositionals: true,
  meta: {
    name: 'import',
    summary: 'Import evidence (calendars, git, issue trackers) or a Hands-on export.',
    usage: ['import FILE [--json]', ...Object.values(subcommands).flatMap((c) => c.meta.usage)],
    help: `\`import FILE\` reads a Hands-on export back in, journal and evidence. Records are matched by id:
importing the same file twice changes nothing, nothing is removed, and a file that fails validation
imports nothing; a calendar or an issue-tracker file given here is pointed to its importer. Each
evidence file is imported in one transaction: a file that fails imports nothing, and the message
names the file and the line.`,
  },
  subcommands: Object.fromEntries(Object.entries(subcommands).map(([k, c]) => [k, async () => c])),
  async run(cx) {
    const file = positional(
      cx,
      'FILE (a JSON document written by `handson export`), or one of: ics, git, jira, github, linear',
    );
    const document = readJsonFile(file);
    let summary: ImportSummary;
    try {
      summary = await cx.call(backupHandlers.import, { document });
    } catch (e) {
      if (e instanceof AppError && e.code === 'invalid') {
        throw new AppError('import-invalid', `${file}: ${e.message.replace(/^--document:\s*/, '')}`, {
          cause: e,
        });
      }
      throw e;
    }
    if (cx.json) return cx.outJson(summary);
    cx.out(
      `Imported ${file}: ${summary.added} added, ${summary.updated} updated, ${summary.unchanged} unchanged.`,
    );
    const rows = Object.entries(summary.byKind)
      .filter(([, n]) => n.added + n.updated + n.unchanged > 0)
      .map(([kind, n]) => [
        `  ${KIND_LABELS[kind as keyof typeof summary.byKind]}`,
        `${n.added} added`,
        `${n.updated} updated`,
        `${n.unchanged} unchanged`,
      ]);
    if (rows.length > 0) cx.out(table(rows));
  },
});
