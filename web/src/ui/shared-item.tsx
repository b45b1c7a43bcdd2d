import type { FollowThrough } from '../../../src/domain/check/follow-through.js';
import type { ReportData } from '../../../src/domain/insight/report-types.js';
import { adviceWords, FOLLOW_THROUGH_TITLE } from '../../../src/domain/present/follow-through.js';
import { hoursText, icSentence } from '../../../src/domain/present/time.js';
import type { SharedItem } from '../api/sharing.js';
import type { CheckResult, Flag } from '../api/types.js';
import { fullDate, shortDate, weekRange } from '../lib/format.js';
import { verdictHeadline } from '../lib/verdict.js';
import { FlagCard, type FlagView } from '../pages/flags.js';

/**
 * A shared item as its coach reads it: the frozen copy the leader shared, drawn by kind. The copy
 * is JSON the server made from the leader's journal (app/sharing/snapshot.ts); titles of checks
 * not shared with this coach arrive as "(private item)" and are shown as they came.
 */

type Answer = { prompt: string; answer: string };
type SharedFollowThrough = Omit<FollowThrough, 'sessionIds'>;
type SharedFlag = Flag & { acknowledged?: { at: string } };

interface ReviewContent {
  week: { start: string; end: string; budgetMinutes: number };
  time: ReportData['time'];
  flags: SharedFlag[];
  answers: Answer[];
  followThrough: SharedFollowThrough[];
}
interface CheckContent {
  date: string;
  input: { title: string };
  result: CheckResult;
  followThrough: SharedFollowThrough[];
}
interface ReflectionContent {
  date: string;
  text: string;
  answers: Answer[];
}
type ReportContent = ReportData & { followThrough: SharedFollowThrough[] };

function Stats({ rows }: { rows: [string, string][] }) {
  return (
    <dl class="stats">
      {rows.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

function Answers({ answers }: { answers: Answer[] }) {
  if (answers.length === 0) return null;
  return (
    <dl class="answers">
      {answers.map((a, i) => (
        <div key={`${i}-${a.prompt}`}>
          <dt class="muted">{a.prompt}</dt>
          <dd>{a.answer}</dd>
        </div>
      ))}
    </dl>
  );
}

function Flags({ flags }: { flags: SharedFlag[] }) {
  if (flags.length === 0) return <p class="empty">No flags.</p>;
  return (
    <>
      {flags.map((f) => (
        <FlagCard key={f.fingerprint} flag={f as unknown as FlagView} />
      ))}
    </>
  );
}

function FollowThroughList({ rows }: { rows: SharedFollowThrough[] }) {
  if (rows.length === 0) return <p class="empty">No checks in this period.</p>;
  return (
    <ul class="list-plain card">
      {rows.map((f, i) => (
        <li key={`${f.checkId}-${i}`} class="item">
          <div class="item-head">
            <h4 class="item-title">{f.title}</h4>
            <span class="meta">{shortDate(f.date)}</span>
          </div>
          <p class="meta">The check advised: {adviceWords(f)}</p>
          <p class="follow-outcome">What happened: {f.text}</p>
        </li>
      ))}
    </ul>
  );
}

function Review({ c }: { c: ReviewContent }) {
  const t = c.time;
  return (
    <>
      <h3>The week in numbers</h3>
      <p class="muted small">Week of {weekRange(c.week.start, c.week.end)}</p>
      <Stats
        rows={[
          ['IC done', hoursText(t.ic.done)],
          ['IC planned', hoursText(t.ic.planned)],
          ['IC budget', hoursText(c.week.budgetMinutes)],
          ['Leadership time', hoursText(t.leadership)],
          ['Focus time', hoursText(t.focus)],
          ['Fragmented time', hoursText(t.fragmented)],
        ]}
      />
      <p class="small">{icSentence(t.ic, c.week.budgetMinutes)}</p>
      <h3>Flags</h3>
      <Flags flags={c.flags} />
      <h3>Answers</h3>
      {c.answers.length === 0 ? <p class="empty">No answers that week.</p> : <Answers answers={c.answers} />}
      <h3>{FOLLOW_THROUGH_TITLE}</h3>
      <FollowThroughList rows={c.followThrough} />
    </>
  );
}

function Check({ c }: { c: CheckContent }) {
  return (
    <>
      <p class="meta">Checked on {fullDate(c.date)}</p>
      <p>
        <strong>{c.input.title}</strong>
      </p>
      <p>{verdictHeadline(c.result)}</p>
      <h3>{FOLLOW_THROUGH_TITLE}</h3>
      <FollowThroughList rows={c.followThrough} />
    </>
  );
}

function Reflection({ c }: { c: ReflectionContent }) {
  return (
    <>
      <p class="meta">Written on {fullDate(c.date)}</p>
      {c.text && <p class="prose">{c.text}</p>}
      <Answers answers={c.answers} />
    </>
  );
}

function Report({ c }: { c: ReportContent }) {
  return (
    <>
      <p class="meta">
        {fullDate(c.range.from)} to {fullDate(c.range.to)}
      </p>
      <Stats
        rows={c.metrics.map((m) => [
          m.label,
          m.unit === 'minutes'
            ? hoursText(m.value)
            : m.unit === 'percent'
              ? `${m.value ?? '–'}%`
              : String(m.value ?? '–'),
        ])}
      />
      <h3>Flags</h3>
      <Flags flags={c.flags} />
      <h3>{FOLLOW_THROUGH_TITLE}</h3>
      <FollowThroughList rows={c.followThrough} />
    </>
  );
}

export function SharedContent({ item }: { item: SharedItem }) {
  switch (item.kind) {
    case 'review':
      return <Review c={item.content as ReviewContent} />;
    case 'flag':
      return <Flags flags={[item.content as SharedFlag]} />;
    case 'check':
      return <Check c={item.content as CheckContent} />;
    case 'reflection':
      return <Reflection c={item.content as ReflectionContent} />;
    case 'report':
      return <Report c={item.content as ReportContent} />;
  }
}
