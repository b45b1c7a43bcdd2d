import { z } from 'zod';
import { AppError } from '../../errors.js';
import { outsideRange, skippedOutsideRange } from '../out-of-range.js';
import { isoInstant } from './dates.js';
import {
  checkOptions,
  compact,
  oneLine,
  skippedNotYours,
  type TrackerImport,
  type TrackerItem,
  type TrackerOptions,
} from './item.js';

/**
 * GitHub issues and pull requests from the REST API, as saved from
 * `GET /repos/{owner}/{repo}/issues` (pull requests are issues with a `pull_request` key) or
 * `GET /search/issues`. Accepted layouts:
 *
 * - one array of issues, or one search result `{ total_count, items: [...] }`;
 * - what `gh api --paginate` writes: one such value per page, back to back (`[...][...]`,
 *   `{...}{...}`), with or without whitespace between;
 * - `gh api --paginate --slurp`: an array of pages;
 * - one issue object per line (`gh api ... --jq '.[]'`).
 *
 * People are logins (`user`, `assignee`, `assignees`). Issues have no priority field, so a label
 * such as `priority: high`, `priority/critical-urgent` or `P0` gives the priority. An issue seen
 * twice (pages overlap when issues change during the export) is kept once, in its latest state.
 */

const person = z.object({ login: z.string() });
const issueSchema = z.object({
  number: z.number().int().positive(),
  title: z.string(),
  state: z.string(),
  state_reason: z.string().nullish(),
  created_at: z.string(),
  updated_at: z.string().nullish(),
  closed_at: z.string().nullish(),
  labels: z.array(z.union([z.string(), z.object({ name: z.string() })])).nullish(),
  user: person.nullish(),
  assignee: person.nullish(),
  assignees: z.array(person).nullish(),
  html_url: z.string().nullish(),
  repository_url: z.string().nullish(),
  pull_request: z.object({ merged_at: z.string().nullish() }).nullish(),
});
type Issue = z.infer<typeof issueSchema>;

export function parseGitHubJson(text: string, file: string, options: TrackerOptions): TrackerImport {
  const { matcher, critical } = checkOptions(options);
  const raw = collectIssues(text, file);

  const byKey = new Map<string, { item: TrackerItem; updated: string; mine: boolean; label: string }>();
  raw.forEach((value, index) => {
    const label = describe(value, index);
    const parsed = issueSchema.safeParse(value);
    if (!parsed.success) {
      throw new AppError('import-invalid', `${file}: ${label}: ${zodProblem(parsed.error, value)}`);
    }
    const issue = parsed.data;
    const key = `${repository(issue, file, label)}#${issue.number}`;
    const { item, mine } = toItem(
      issue,
      key,
      file,
      label,
      matcher.is.bind(matcher),
      critical.test.bind(critical),
    );
    const updated = issue.updated_at ?? '';
    const before = byKey.get(key);
    if (before === undefined || updated >= before.updated) byKey.set(key, { item, updated, mine, label });
  });

  const all = [...byKey.values()];
  const wanted = all.filter((e) => !(options.onlyLeader ?? true) || e.mine);
  const items: TrackerItem[] = [];
  const outOfRange: string[] = [];
  for (const { item, label } of wanted) {
    const outside = outsideRange({ created_at: item.createdAt, closed_at: item.resolvedAt });
    if (outside === undefined) items.push(item);
    else outOfRange.push(`${file}: ${label}: ${outside}`);
  }
  const skipped = [...skippedNotYours(all.length, wanted.length), ...skippedOutsideRange(outOfRange)];
  const repeats = raw.length - all.length;
  // Pages overlap when issues change while they are being listed.
  if (repeats > 0) skipped.push({ why: 'listed twice: the later state was kept', count: repeats });
  return { source: 'github', file, total: all.length, items, skipped };
}

function toItem(
  issue: Issue,
  key: string,
  file: string,
  label: string,
  isLeader: (login: string | undefined) => boolean,
  isCritical: (priority: string | undefined, labels: readonly string[]) => boolean,
): { item: TrackerItem; mine: boolean } {
  const when = (field: string, value: string | null | undefined) => {
    if (value === null || value === undefined || value === '') return undefined;
    const at = isoInstant(value);
    if (at === undefined) {
      throw new AppError(
        'import-invalid',
        `${file}: ${label}: ${field} "${oneLine(value)}" is not an ISO 8601 timestamp.`,
      );
    }
    return at;
  };
  const createdAt = when('created_at', issue.created_at)!;
  const labels = [
    ...new Set((issue.labels ?? []).map((l) => (typeof l === 'string' ? l : l.name).trim())),
  ].filter((l) => l !== '');
  const priority = priorityFromLabels(labels);
  const assignees = [
    ...new Set(
      [issue.assignee?.login, ...(issue.assignees ?? []).map((a) => a.login)].filter((a) => a !== undefined),
    ),
  ];
  const creator = issue.user?.login;
  // With several assignees the leader is named when they are one of them: "assigned to me" holds.
  const assignee = assignees.find((a) => isLeader(a)) ?? assignees[0];
  const isPull = issue.pull_request !== null && issue.pull_request !== undefined;
  return {
    item: compact({
      source: 'github',
      key,
      title: issue.title,
      status: status(issue),
      type: isPull ? 'pull request' : 'issue',
      createdAt,
      resolvedAt:
        when('closed_at', issue.closed_at) ?? when('pull_request.merged_at', issue.pull_request?.merged_at),
      priority,
      labels,
      assignee,
      creator,
      url: issue.html_url ?? undefined,
      criticalPath: isCritical(priority, labels),
    }),
    mine: assignees.some(isLeader) || isLeader(creator),
  };
}

function status(issue: Issue): string {
  if (issue.pull_request?.merged_at) return 'merged';
  if (issue.state === 'closed' && issue.state_reason && issue.state_reason !== 'completed') {
    return issue.state_reason.replace(/_/g, ' ');
  }
  return issue.state;
}

const PRIORITY_LABEL = /^(?:priority|prio|pri)\s*[:/_\- ]\s*(.+)$/i;
const NUMBERED_PRIORITY = /^p[0-4]$/i;

export function priorityFromLabels(labels: readonly string[]): string | undefined {
  for (const l of labels) {
    const m = PRIORITY_LABEL.exec(l);
    if (m) return m[1]!.trim();
    if (NUMBERED_PRIORITY.test(l)) return l.toUpperCase();
  }
  return undefined;
}

function repository(issue: Issue, file: string, label: string): string {
  const api = issue.repository_url ? /\/repos\/([^/]+\/[^/]+?)\/?$/.exec(issue.repository_url) : null;
  if (api) return api[1]!;
  const web = issue.html_url
    ? /^https?:\/\/[^/]+\/([^/]+\/[^/]+)\/(?:issues|pull)\/\d+/.exec(issue.html_url)
    : null;
  if (web) return web[1]!;
  throw new AppError(
    'import-invalid',
    `${file}: ${label}: has neither "repository_url" nor "html_url", so its repository is unknown.`,
  );
}

function describe(value: unknown, index: number): string {
  const n =
    value !== null && typeof value === 'object' ? (value as Record<string, unknown>)['number'] : undefined;
  return `item ${index + 1}${typeof n === 'number' ? ` (#${n})` : ''}`;
}

function zodProblem(error: z.ZodError, value: unknown): string {
  const issue = error.issues[0];
  if (issue === undefined || issue.path.length === 0)
    return 'is not a GitHub issue (an object with a number and a title).';
  const path = issue.path.map(String).join('.');
  let actual: unknown = value;
  for (const p of issue.path)
    actual =
      actual !== null && typeof actual === 'object' ? (actual as Record<PropertyKey, unknown>)[p] : undefined;
  if (actual === undefined) return `"${path}" is missing.`;
  if (issue.code === 'invalid_type') {
    const found = actual === null ? 'null' : Array.isArray(actual) ? 'a list' : typeof actual;
    return `"${path}" should be ${article(issue.expected)}, not ${found}.`;
  }
  return `"${path}" is not valid (${issue.message}).`;
}

function article(expected: string): string {
  return expected === 'array' ? 'a list' : /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

/** Every issue-like value in the file, whatever the page layout. */
function collectIssues(text: string, file: string): unknown[] {
  const out: unknown[] = [];
  for (const { value, line } of jsonValues(text, file)) {
    if (Array.isArray(value)) {
      // Item by item: `push(...page)` passes a page as arguments and overflows the stack on a
      // page of ~100,000 issues.
      for (const v of value) {
        if (Array.isArray(v)) for (const item of v) out.push(item);
        else out.push(v);
      }
    } else if (
      value !== null &&
      typeof value === 'object' &&
      Array.isArray((value as { items?: unknown }).items)
    ) {
      for (const item of (value as { items: unknown[] }).items) out.push(item);
    } else if (value !== null && typeof value === 'object' && 'number' in value) {
      out.push(value);
    } else {
      throw new AppError(
        'import-invalid',
        `${file} line ${line}: expected a list of issues or search results from the GitHub API, found ${kind(value)}.`,
      );
    }
  }
  if (out.length === 0 && text.trim() === '') throw new AppError('import-invalid', `${file} is empty.`);
  return out;
}

function kind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') {
    const message = (value as { message?: unknown }).message;
    // What the API answers instead of data, e.g. `{"message":"Bad credentials", ...}`.
    return typeof message === 'string'
      ? `an error from the API ("${oneLine(message)}")`
      : 'an object that is not an issue';
  }
  return typeof value;
}

/**
 * Splits text holding JSON values back to back (`[..][..]`, `{..}\n{..}`) and parses each.
 * Only brackets and strings are tracked here; JSON.parse judges each value, and its errors are
 * turned into a line and column of the whole file.
 */
function* jsonValues(text: string, file: string): Generator<{ value: unknown; line: number }> {
  let i = 0;
  let line = 1;
  const n = text.length;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 0x0a) {
      line++;
      i++;
      continue;
    }
    if (c === 0x20 || c === 0x09 || c === 0x0d || c === 0x2c || c === 0xfeff) {
      // A comma between pages appears when pages are glued together by hand; a BOM when the
      // text did not come through readExportText.
      i++;
      continue;
    }
    if (c !== 0x5b && c !== 0x7b) {
      throw new AppError(
        'import-invalid',
        `${file} line ${line}: expected JSON from the GitHub API (a list or an object), found ${JSON.stringify(text.slice(i, i + 20))}.`,
      );
    }
    const start = i;
    const startLine = line;
    let depth = 0;
    let inString = false;
    for (; i < n; i++) {
      const ch = text.charCodeAt(i);
      if (inString) {
        if (ch === 0x5c) i++;
        else if (ch === 0x22) inString = false;
        else if (ch === 0x0a) line++;
        continue;
      }
      if (ch === 0x22) inString = true;
      else if (ch === 0x5b || ch === 0x7b) depth++;
      else if (ch === 0x5d || ch === 0x7d) {
        depth--;
        if (depth === 0) {
          i++;
          break;
        }
      } else if (ch === 0x0a) line++;
    }
    const slice = text.slice(start, i);
    if (depth !== 0) {
      throw new AppError(
        'import-invalid',
        `${file} line ${startLine}: the JSON that starts here is cut off before it ends; save the export again.`,
      );
    }
    let value: unknown;
    try {
      value = JSON.parse(slice);
    } catch (e) {
      const pos = /position (\d+)/.exec(String((e as Error).message));
      const at = pos ? start + Number(pos[1]) : start;
      const before = text.slice(0, at);
      const errLine = before.split('\n').length;
      const column = at - before.lastIndexOf('\n');
      throw new AppError(
        'import-invalid',
        `${file} line ${errLine} column ${column}: this is not valid JSON.`,
        {
          cause: e,
        },
      );
    }
    yield { value, line: startLine };
  }
}
