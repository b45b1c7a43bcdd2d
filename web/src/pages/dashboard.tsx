import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { chartWidth } from '../../../src/domain/chart-size.js';
import { flagTitle } from '../../../src/domain/present/flags.js';
import { call } from '../api/client.js';
import type { Output, ReportData } from '../api/types.js';
import { CHARTS, type ChartSpec, chartUrl } from '../lib/charts.js';
import { addDays, dateInZone, daysBetween, weekOf } from '../lib/dates.js';
import { hours, hoursChange, plural, shortDate, weekRange } from '../lib/format.js';
import { useAppState } from '../state.js';
import { LoadError, PageHead, Skeleton } from '../ui/common.js';
import { useApi } from '../ui/hooks.js';
import { ShareWithCoach } from '../ui/share.js';
import { WeekPlanPanel } from '../ui/week-plan.js';
import { DismissedNote, FlagActions, FlagCard, FlagsEmpty, type FlagView } from './flags.js';

type Week = ReportData['weeks'][number];
type Summary = Output<'week', 'summary'>;
type Flags = Output<'insight', 'flags'>;

/** For how many days after setting up the dashboard shows where to start. */
const NEW_DAYS = 14;

/** How many weeks the trends cover, this one included. */
const TREND_WEEKS = 8;

/** How many flags still to look at the dashboard shows before the rest go behind "more". */
const TOP_FLAGS = 3;

const pct = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 100) : 0);

/** Hours, a dash while the numbers are on their way, or "no calendar" where nothing is known. */
const h = (minutes: number | null | undefined) =>
  minutes === undefined ? '–' : minutes === null ? 'no calendar' : hours(minutes);
const change = (now: number | null | undefined, before: number | null | undefined) =>
  now === undefined || before === undefined
    ? '–'
    : now === null || before === null
      ? 'not known (no calendar)'
      : hoursChange(now - before);

/**
 * IC done against the budget, with what the calendar still plans beside it (never added to done).
 * Drawn the same way while loading, with dashes for numbers, so nothing moves when they arrive.
 */
function BudgetCard({ summary }: { summary: Summary | undefined }) {
  const { profile } = useAppState();
  const ic = summary?.time.ic;
  const done = ic?.done;
  const planned = ic?.planned ?? null;
  const budget = summary?.ic.budgetMinutes ?? profile.budgetHours * 60;
  const share = done === undefined ? 0 : pct(done, budget);
  const plannedShare = planned === null ? 0 : Math.min(100 - Math.min(100, share), pct(planned, budget));
  const over = done !== undefined && done > budget;
  let status = 'Adding up your week…';
  let source = 'Counting your journal, calendar and commits.';
  if (ic !== undefined && done !== undefined) {
    const ahead =
      planned === null ? '' : planned > 0 ? ` ${hours(planned)} more is planned in your calendar.` : '';
    status = over
      ? `That is ${hours(done - budget)} more than your budget (${share}%).${ahead}`
      : done === 0
        ? `No IC time done so far this week.${ahead}`
        : `${share}% of your budget; ${hours(budget - done)} left this week.${ahead}`;
    source =
      done === 0
        ? planned === null
          ? 'Nothing in your journal or commits yet, and no calendar for this week.'
          : 'Nothing in your journal, calendar or commits yet.'
        : ic.inferred > 0
          ? `You logged ${hours(ic.logged)}; ${hours(ic.inferred)} more is inferred from calendar blocks that have passed and from your commits.`
          : 'All of it is from your journal.';
  }
  return (
    <div aria-busy={summary ? undefined : 'true'}>
      <p class="big-number">
        <span class="value">{h(done)}</span> <span class="of">done of {hours(budget)}</span>
      </p>
      <div
        class="bar"
        role="img"
        aria-label={
          done === undefined
            ? 'IC time this week: still counting'
            : `IC time this week: ${hours(done)} done of a ${hours(budget)} budget, ${share}%` +
              (planned ? `, ${hours(planned)} planned` : '')
        }
      >
        <div class={`bar-fill${over ? ' over' : ''}`} style={{ width: `${Math.min(100, share)}%` }} />
        {plannedShare > 0 && <div class="bar-planned" style={{ width: `${plannedShare}%` }} />}
      </div>
      <p class="budget-status">{status}</p>
      <p class="small muted">
        Your budget is {profile.budgetPct}% of a {profile.profile.weeklyHours}&nbsp;h week
        {profile.profile.budgetPct === undefined ? ', the usual share for your role' : ''}.{' '}
        {profile.weeklyHoursNote ? `${profile.weeklyHoursNote}. ` : ''}
        <a href="#/settings">Change it</a>
      </p>
      <p class="small muted budget-source">{source}</p>
    </div>
  );
}

function Split({
  label,
  a,
  b,
}: {
  label: string;
  a: { name: string; minutes: number | null | undefined; cls: string };
  b: { name: string; minutes: number | null | undefined; cls: string };
}) {
  const total = (a.minutes ?? 0) + (b.minutes ?? 0);
  return (
    <>
      <div
        class="split"
        role="img"
        aria-label={`${label}: ${a.name} ${h(a.minutes)}, ${b.name} ${h(b.minutes)}`}
      >
        {total > 0 && (
          <>
            <span class={a.cls} style={{ width: `${((a.minutes ?? 0) / total) * 100}%` }} />
            <span class={b.cls} style={{ width: `${((b.minutes ?? 0) / total) * 100}%` }} />
          </>
        )}
      </div>
      <ul class="legend" aria-hidden="true">
        <li>
          <span class={`swatch ${a.cls}`} />
          {a.name} {h(a.minutes)}
        </li>
        <li>
          <span class={`swatch ${b.cls}`} />
          {b.name} {h(b.minutes)}
        </li>
      </ul>
    </>
  );
}

/** This week from the week summary (the figures `handson week` prints), last week from the report. */
function TimeCard({ summary, previous }: { summary: Summary | undefined; previous: Week | undefined }) {
  const time = summary?.time;
  const days = time?.days ?? [];
  const covered = time?.coverage.calendarDays;
  return (
    <div aria-busy={summary ? undefined : 'true'}>
      <h3>IC and leadership</h3>
      <Split
        label="IC and leadership time done this week"
        a={{ name: 'IC', minutes: time?.ic.done, cls: 'ic' }}
        b={{ name: 'Leadership', minutes: time?.leadership, cls: 'lead' }}
      />
      <p class="small muted time-note">
        IC {change(time?.ic.done, previous?.time.ic.done)} on last week.
        {covered !== undefined && covered < days.length && (
          <>
            {' '}
            {covered === 0
              ? 'No calendar covers this week.'
              : `${covered} of ${days.length} days have a calendar.`}
          </>
        )}
      </p>
      <h3>Focus and fragmented time</h3>
      <Split
        label="Free time this week"
        a={{ name: 'Focus', minutes: time?.focus, cls: 'focus' }}
        b={{ name: 'Fragmented', minutes: time?.fragmented, cls: 'frag' }}
      />
      <p class="small muted time-note">
        Focus time is free working time in blocks of two hours or more, hours still ahead included. Focus{' '}
        {change(time?.focus, previous?.time.focus)} on last week.
      </p>
      {summary && <p class="small muted time-note">{summary.timeHelp}</p>}
    </div>
  );
}

/** Drawn the same way while loading (with dashes), so the numbers arrive without moving anything. */
function FollowUps({ summary, flags }: { summary: Summary | undefined; flags: number | undefined }) {
  const c = summary?.commitments;
  const show = (n: number | undefined) => (n === undefined ? '–' : String(n));
  const energy = summary?.energyDelta;
  const stats: [string, string][] = [
    ['Open commitments', show(c?.open)],
    ['Overdue', show(c?.overdue.length)],
    ['Due this week', show(c?.dueThisWeek.length)],
    ['Open improvements', show(summary?.actions.open.length)],
    ['Flags to look at', show(flags)],
    [
      'Energy after IC',
      energy === undefined ? '–' : `${energy > 0 ? '+' : energy < 0 ? '−' : '±'}${Math.abs(energy)}`,
    ],
  ];
  return (
    <dl class="stats" aria-busy={summary ? undefined : 'true'}>
      {stats.map(([k, v]) => (
        <div key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

/** Drawn at once (its address needs only the range); the report's data only refines its description. */
function Chart({
  spec,
  data,
  from,
  to,
  drawn,
}: {
  spec: ChartSpec;
  data: ReportData | undefined;
  from: string;
  to: string;
  drawn: string;
}) {
  const [failed, setFailed] = useState(false);
  const frame = useRef<HTMLDivElement>(null);
  // The width the picture is drawn for: the frame's, measured before the first paint and again
  // when the screen turns, so the chart's 12 px labels are shown at 12 px (not 5 px on a phone).
  const [width, setWidth] = useState<number | undefined>(undefined);
  useLayoutEffect(() => {
    const el = frame.current;
    if (!el) return;
    const measure = () => setWidth(chartWidth(el.clientWidth));
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  const height = spec.height(data);
  const headingId = `chart-${spec.id}`;
  return (
    <figure class="chart" aria-labelledby={headingId}>
      <figcaption id={headingId}>{spec.title}</figcaption>
      <div class="chart-frame" ref={frame}>
        {width === undefined ? null : failed ? (
          <div class="chart-missing" style={{ aspectRatio: `${width} / ${height}` }}>
            This chart could not be drawn just now. The numbers are in the table below.
          </div>
        ) : (
          <img
            src={chartUrl(spec.id, from, to, width, drawn)}
            width={width}
            height={height}
            alt={data ? spec.describe(data) : spec.title}
            loading="lazy"
            decoding="async"
            onError={() => setFailed(true)}
          />
        )}
      </div>
    </figure>
  );
}

function WeeksTable({ data }: { data: ReportData }) {
  return (
    <div class="table-wrap">
      <table>
        <caption class="vh">Hours by week</caption>
        <thead>
          <tr>
            <th scope="col">Week of</th>
            <th scope="col" class="num">
              IC
            </th>
            <th scope="col" class="num">
              Leadership
            </th>
            <th scope="col" class="num">
              Focus
            </th>
            <th scope="col" class="num">
              Fragmented
            </th>
            <th scope="col" class="num">
              Budget used
            </th>
          </tr>
        </thead>
        <tbody>
          {data.weeks.map((w) => (
            <tr key={w.start}>
              <th scope="row">{shortDate(w.start)}</th>
              <td class="num">{hours(w.icMinutes)}</td>
              <td class="num">{h(w.leadershipMinutes)}</td>
              <td class="num">{h(w.focusMinutes)}</td>
              <td class="num">{h(w.fragmentedMinutes)}</td>
              <td class="num">{w.budgetUsedPct}%</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function GettingStarted() {
  return (
    <div class="card notice-info">
      <h2>A good place to start</h2>
      <ol>
        <li>
          Before you pick up a piece of IC work, <a href="#/check">check it</a>: why you want it, and what it
          costs.
        </li>
        <li>
          After you have done some, <a href="#/journal">log it in your journal</a> with how it felt.
        </li>
        <li>
          <a href="#/import">Bring in your calendar</a> so Hands-on can see your meetings and your free time.
        </li>
      </ol>
      <p class="small muted">Nothing is judged here. The numbers are for you alone.</p>
    </div>
  );
}

/**
 * The most important flags still to look at first (the list comes most important first); the
 * rest — more of them, and those already acknowledged — behind one "more" control.
 */
function FlagList({ view, onDone }: { view: Flags; onDone(): void }) {
  const open = view.flags.filter((f) => !f.acknowledged);
  const acknowledged = view.flags.filter((f) => f.acknowledged);
  const top = open.slice(0, TOP_FLAGS);
  const more = open.slice(TOP_FLAGS);
  const card = (f: FlagView) => (
    <FlagCard key={f.fingerprint} flag={f}>
      <FlagActions flag={f} onDone={onDone} />
      <ShareWithCoach item={{ kind: 'flag', id: f.fingerprint }} what={flagTitle(f.id)} />
    </FlagCard>
  );
  const hidden = [
    ...(more.length > 0 ? [`${plural(more.length, 'more flag')} to look at`] : []),
    ...(acknowledged.length > 0 ? [`${plural(acknowledged.length, 'flag')} you acknowledged`] : []),
  ];
  return (
    <>
      <p class="muted small">
        {view.toLookAt === 0
          ? 'Nothing new to look at.'
          : `${plural(view.toLookAt, 'pattern')} worth a moment of thought. Acknowledge one to keep it in view with a note, or dismiss it if it does not apply; it comes back only when the evidence changes.`}
      </p>
      {top.map(card)}
      {hidden.length > 0 && (
        <details>
          <summary>{hidden.join(' and ')}</summary>
          {[...more, ...acknowledged].map(card)}
        </details>
      )}
      {view.dismissed > 0 && <DismissedNote dismissed={view.dismissed} />}
    </>
  );
}

/** In-page links would change the hash, which holds the route: move focus instead. */
function toFlags() {
  const heading = document.getElementById('flags-h');
  heading?.scrollIntoView({ block: 'start' });
  heading?.focus();
}

export default function Dashboard() {
  const { today, profile } = useAppState();
  const week = weekOf(today);
  const from = addDays(week.start, -7 * (TREND_WEEKS - 1));
  const numbers = useApi(
    () => Promise.all([call('week', 'summary', {}), call('insight', 'report', { from, to: today })]),
    [today],
  );
  const flags = useApi(() => call('insight', 'flags', {}), [today]);
  // Each visit draws the charts afresh: the data may have changed since the last one.
  const [drawn] = useState(() => Date.now().toString(36));

  const [summary, report] = numbers.data ?? [];
  const lastWeek = report?.weeks.find((w) => w.start === addDays(week.start, -7));
  // Known before any data arrives, so the card never pushes the page down when it loads.
  const isNew = daysBetween(dateInZone(profile.profile.createdAt, profile.profile.tz), today) < NEW_DAYS;

  return (
    <>
      <PageHead title="Your week">
        <p>
          {weekRange(week.start, week.end)}. How your IC work sits beside your leadership work, as far as
          Hands-on can see.
        </p>
      </PageHead>

      {numbers.error && <LoadError error={numbers.error} retry={() => void numbers.reload()} />}
      {isNew && <GettingStarted />}

      <div class="grid">
        <section class="card" aria-labelledby="budget-h">
          <h2 id="budget-h">IC time against your budget</h2>
          <BudgetCard summary={summary} />
        </section>
        <section class="card" aria-labelledby="time-h">
          <h2 id="time-h">Where the time went</h2>
          <TimeCard summary={summary} previous={lastWeek} />
        </section>
      </div>
      <WeekPlanPanel summary={summary} />

      <section class="card" aria-labelledby="follow-h">
        <div class="section-head">
          <h2 id="follow-h">Commitments and follow-ups</h2>
          <a href="#/commitments">See your commitments</a>
        </div>
        <FollowUps summary={summary} flags={flags.data?.toLookAt} />
        <div class="actions">
          <button type="button" class="btn btn-small" onClick={toFlags}>
            Go to the flags
          </button>
          <a class="btn btn-small" href="#/review">
            Do your weekly review
          </a>
        </div>
      </section>

      <section class="section" aria-labelledby="trends-h">
        <h2 id="trends-h">The last {TREND_WEEKS} weeks</h2>
        {CHARTS.map((c) => (
          <Chart key={c.id} spec={c} data={report} from={from} to={today} drawn={drawn} />
        ))}
        <details>
          <summary>The numbers behind the charts</summary>
          {report ? <WeeksTable data={report} /> : <p class="loading-text">Adding up the weeks…</p>}
        </details>
      </section>

      <section class="section" aria-labelledby="flags-h">
        <h2 id="flags-h" tabIndex={-1}>
          Flags
        </h2>
        {flags.error && <LoadError error={flags.error} retry={() => void flags.reload()} />}
        {!flags.data && !flags.error && (
          <div class="card">
            <Skeleton heights={[22, 40, 60]} text="Looking for patterns…" />
          </div>
        )}
        {flags.data && flags.data.flags.length === 0 && <FlagsEmpty dismissed={flags.data.dismissed} />}
        {flags.data && flags.data.flags.length > 0 && (
          <FlagList view={flags.data} onDone={() => void flags.reload()} />
        )}
      </section>
    </>
  );
}
