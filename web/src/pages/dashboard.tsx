import { useState } from 'preact/hooks';
import { call } from '../api/client.js';
import type { Output, ReportData } from '../api/types.js';
import { CHART_WIDTH, CHARTS, type ChartSpec, chartUrl } from '../lib/charts.js';
import { addDays, dateInZone, daysBetween, weekOf } from '../lib/dates.js';
import { hours, hoursChange, plural, shortDate, weekRange } from '../lib/format.js';
import { useAppState } from '../state.js';
import { LoadError, PageHead, Skeleton } from '../ui/common.js';
import { useApi } from '../ui/hooks.js';
import { DismissedNote, FlagActions, FlagCard, FlagsEmpty } from './flags.js';

type Week = ReportData['weeks'][number];
type Summary = Output<'week', 'summary'>;

/** For how many days after setting up the dashboard shows where to start. */
const NEW_DAYS = 14;

/** How many weeks the trends cover, this one included. */
const TREND_WEEKS = 8;

const pct = (part: number, whole: number) => (whole > 0 ? Math.round((part / whole) * 100) : 0);

/** Hours, or a dash while the numbers are on their way. */
const h = (minutes: number | undefined) => (minutes === undefined ? '–' : hours(minutes));
const change = (now: number | undefined, before: number | undefined) =>
  now === undefined || before === undefined ? '–' : hoursChange(now - before);

/**
 * The cards below are drawn the same way while loading, with dashes for numbers, so nothing
 * moves when the numbers arrive.
 */
function BudgetCard({ week, summary }: { week: Week | undefined; summary: Summary | undefined }) {
  const { profile } = useAppState();
  const used = week?.icMinutes;
  const budget = week?.budgetMinutes ?? profile.budgetHours * 60;
  const share = used === undefined ? 0 : pct(used, budget);
  const over = used !== undefined && used > budget;
  const logged = summary?.ic.minutes;
  let status = 'Adding up your week…';
  let source = 'Counting your journal, calendar and commits.';
  if (used !== undefined && logged !== undefined) {
    status = over
      ? `That is ${hours(used - budget)} more than your budget (${share}%).`
      : used === 0
        ? 'No IC time so far this week.'
        : `${share}% of your budget; ${hours(budget - used)} left this week.`;
    source =
      used === 0
        ? 'Nothing in your journal, calendar or commits yet.'
        : used > logged
          ? `You logged ${hours(logged)}; the rest is estimated from your calendar and commits.`
          : 'All of it is from your journal.';
  }
  return (
    <div aria-busy={week ? undefined : 'true'}>
      <p class="big-number">
        <span class="value">{h(used)}</span> <span class="of">of {hours(budget)}</span>
      </p>
      <div
        class="bar"
        role="img"
        aria-label={
          used === undefined
            ? 'IC time this week: still counting'
            : `IC time this week: ${hours(used)} of a ${hours(budget)} budget, ${share}%`
        }
      >
        <div class={`bar-fill${over ? ' over' : ''}`} style={{ width: `${Math.min(100, share)}%` }} />
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
  a: { name: string; minutes: number | undefined; cls: string };
  b: { name: string; minutes: number | undefined; cls: string };
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

function TimeCard({ week, previous }: { week: Week | undefined; previous: Week | undefined }) {
  const l = week?.leadership;
  return (
    <div aria-busy={week ? undefined : 'true'}>
      <h3>IC and leadership</h3>
      <Split
        label="IC and leadership time this week"
        a={{ name: 'IC', minutes: week?.icMinutes, cls: 'ic' }}
        b={{ name: 'Leadership', minutes: week?.leadershipMinutes, cls: 'lead' }}
      />
      <p class="small muted time-note">
        Leadership: 1:1s {h(l?.['one-on-one'])}, team meetings {h(l?.['team-meeting'])}, interviews{' '}
        {h(l?.interview)}, external {h(l?.external)}. IC {change(week?.icMinutes, previous?.icMinutes)} on
        last week.
      </p>
      <h3>Focus and fragmented time</h3>
      <Split
        label="Free time this week"
        a={{ name: 'Focus', minutes: week?.focusMinutes, cls: 'focus' }}
        b={{ name: 'Fragmented', minutes: week?.fragmentedMinutes, cls: 'frag' }}
      />
      <p class="small muted time-note">
        Focus time is free time in blocks of two hours or more, long enough for deep work. Focus{' '}
        {change(week?.focusMinutes, previous?.focusMinutes)} on last week.
      </p>
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
  const height = spec.height(data);
  const headingId = `chart-${spec.id}`;
  return (
    <figure class="chart" aria-labelledby={headingId}>
      <figcaption id={headingId}>{spec.title}</figcaption>
      <div class="chart-frame">
        {failed ? (
          <div class="chart-missing" style={{ aspectRatio: `${CHART_WIDTH} / ${height}` }}>
            This chart could not be drawn just now. The numbers are in the table below.
          </div>
        ) : (
          <img
            src={chartUrl(spec.id, from, to, drawn)}
            width={CHART_WIDTH}
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
              <td class="num">{hours(w.leadershipMinutes)}</td>
              <td class="num">{hours(w.focusMinutes)}</td>
              <td class="num">{hours(w.fragmentedMinutes)}</td>
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
  const thisWeek = report?.weeks.find((w) => w.start === week.start);
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
          <BudgetCard week={thisWeek} summary={summary} />
        </section>
        <section class="card" aria-labelledby="time-h">
          <h2 id="time-h">Where the time went</h2>
          <TimeCard week={thisWeek} previous={lastWeek} />
        </section>
      </div>

      <section class="card" aria-labelledby="follow-h">
        <div class="section-head">
          <h2 id="follow-h">Commitments and follow-ups</h2>
          <a href="#/commitments">See your commitments</a>
        </div>
        <FollowUps summary={summary} flags={flags.data?.flags.length} />
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
          <>
            <p class="muted small">
              {plural(flags.data.flags.length, 'pattern')} worth a moment of thought. Acknowledge one to keep
              it in view with a note, or dismiss it if it does not apply; it comes back only when the evidence
              changes.
            </p>
            {flags.data.flags.map((f) => (
              <FlagCard key={f.fingerprint} flag={f}>
                <FlagActions flag={f} onDone={() => void flags.reload()} />
              </FlagCard>
            ))}
            {flags.data.dismissed > 0 && <DismissedNote dismissed={flags.data.dismissed} />}
          </>
        )}
      </section>
    </>
  );
}
