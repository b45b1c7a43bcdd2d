import { useEffect, useRef, useState } from 'preact/hooks';
import { USUAL_CLASS } from '../../../src/domain/evidence/classify-rules.js';
import { call } from '../api/client.js';
import type { Output } from '../api/types.js';
import {
  CATEGORIES,
  categoryOf,
  clock,
  type DayLayout,
  hourRange,
  layoutWeek,
  lengthMinutes,
  localParts,
  position,
  statusText,
  struck,
} from '../lib/calendar.js';
import { addDays, isAcceptedDate, weekOf } from '../lib/dates.js';
import { duration, hours, shortDate, weekRange } from '../lib/format.js';
import { href } from '../lib/router.js';
import { useAppState, useRoute } from '../state.js';
import { announce } from '../ui/announce.js';
import { LoadError, Notice, PageHead, Skeleton } from '../ui/common.js';
import { Form, RadioGroup, SelectField, Submit } from '../ui/form.js';
import { useAction, useApi } from '../ui/hooks.js';
import { RulesEditor } from '../ui/rules-editor.js';

type CalEvent = Output<'events', 'list'>[number];
type Rules = Output<'rules', 'show'>;
type Summary = Output<'week', 'summary'>;

const CLASS_WORDS = { ic: 'IC time', leadership: 'leadership time', other: 'other time' } as const;

function classWords(category: string): string {
  return CLASS_WORDS[USUAL_CLASS[category as keyof typeof USUAL_CLASS] ?? 'other'];
}

/** An occurrence is one event: its uid and its start. */
const keyOf = (e: { uid: string; start: string }) => `${e.uid}|${Date.parse(e.start)}`;

function useWeekParam(): string | undefined {
  const week = useRoute().params.get('week') ?? undefined;
  return week && isAcceptedDate(week) ? week : undefined;
}

/** `13:00–15:00` in the leader's zone, or `all day`. */
function timeText(e: CalEvent, tz: string): string {
  if (e.allDay) return 'all day';
  return `${clock(localParts(e.start, tz).minutes)}–${clock(localParts(e.end, tz).minutes)}`;
}

/** The same figures as the dashboard's, from the same week summary. */
function WeekTotals({ summary }: { summary: Summary | undefined }) {
  const t = summary?.time;
  const h = (m: number | null | undefined) => (m === undefined ? '–' : m === null ? 'no calendar' : hours(m));
  const stats: [string, string][] = [
    ['IC done', h(t?.ic.done)],
    ['IC planned', h(t?.ic.planned)],
    ['Leadership', h(t?.leadership)],
  ];
  return (
    <section class="card" aria-labelledby="cal-totals-h">
      <h2 id="cal-totals-h">Time this week</h2>
      <dl class="stats" aria-busy={summary ? undefined : 'true'}>
        {stats.map(([k, v]) => (
          <div key={k}>
            <dt>{k}</dt>
            <dd>{v}</dd>
          </div>
        ))}
      </dl>
      <p class="small muted">
        Counted from your calendar with the rules below, your journal and your commits. Change how an event
        counts and these numbers follow.
      </p>
    </section>
  );
}

function Legend() {
  return (
    <ul class="cal-legend" aria-label="Categories">
      {CATEGORIES.map((c) => (
        <li key={c.id}>
          <span class={`swatch ${c.cls}`} aria-hidden="true" />
          {c.label} <span class="muted">({classWords(c.id)})</span>
        </li>
      ))}
    </ul>
  );
}

function EventButton({
  e,
  tz,
  style,
  onOpen,
  open,
}: {
  e: CalEvent;
  tz: string;
  style?: Record<string, string>;
  onOpen(e: CalEvent, from: HTMLElement): void;
  open: boolean;
}) {
  const cat = categoryOf(e.category);
  const status = statusText(e);
  return (
    <button
      type="button"
      class={`cal-event ${cat.cls}${struck(e) ? ' is-struck' : ''}${status ? ' is-not-counted' : ''}`}
      style={style}
      aria-expanded={open ? 'true' : 'false'}
      aria-controls="cal-panel"
      onClick={(ev) => onOpen(e, ev.currentTarget)}
    >
      <span class="cal-time">{timeText(e, tz)}</span> <span class="cal-title">{e.title || '(no title)'}</span>{' '}
      <span class="cal-cat">{cat.label}</span>
      {status && <span class="cal-status"> · {status}</span>}
    </button>
  );
}

function WeekGrid({
  days,
  tz,
  onOpen,
  openKey,
}: {
  days: DayLayout<CalEvent>[];
  tz: string;
  onOpen(e: CalEvent, from: HTMLElement): void;
  openKey: string | undefined;
}) {
  const range = hourRange(days);
  const hoursShown = (range.to - range.from) / 60;
  const allDayRows = Math.max(0, ...days.map((d) => d.allDay.length));
  return (
    <div class="cal-week" style={{ '--cal-hours': String(hoursShown), '--cal-allday': String(allDayRows) }}>
      <div class="cal-axis" aria-hidden="true">
        {Array.from({ length: hoursShown }, (_, i) => (
          <span key={i} style={{ '--cal-top': `${(i / hoursShown) * 100}%` }}>
            {clock(range.from + i * 60)}
          </span>
        ))}
      </div>
      {days.map((d) => (
        <section key={d.date} class="cal-day" aria-label={shortDate(d.date)}>
          <h3>{shortDate(d.date)}</h3>
          {d.allDay.length === 0 && d.blocks.length === 0 && <p class="cal-empty muted small">Nothing.</p>}
          <div class="cal-allday">
            {d.allDay.map((e) => (
              <EventButton key={keyOf(e)} e={e} tz={tz} onOpen={onOpen} open={openKey === keyOf(e)} />
            ))}
          </div>
          <div class="cal-col">
            {d.blocks.map((b) => {
              const p = position(b, range);
              return (
                <EventButton
                  key={`${keyOf(b.event)}|${b.startMin}`}
                  e={b.event}
                  tz={tz}
                  onOpen={onOpen}
                  open={openKey === keyOf(b.event)}
                  style={{
                    '--cal-top': `${p.top}%`,
                    '--cal-height': `${p.height}%`,
                    '--cal-left': `${p.left}%`,
                    '--cal-width': `${p.width}%`,
                  }}
                />
              );
            })}
          </div>
        </section>
      ))}
    </div>
  );
}

function EventPanel({
  e,
  rules,
  tz,
  onClose,
  onSaved,
}: {
  e: CalEvent;
  rules: Rules | undefined;
  tz: string;
  onClose(): void;
  onSaved(text: string): void;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  const [category, setCategory] = useState(e.category === 'focus' ? 'team-meeting' : 'focus');
  const [scope, setScope] = useState<'this-event' | 'like-this'>('this-event');
  const save = useAction(() =>
    call('rules', 'reclassify', {
      uid: e.uid,
      start: e.start,
      category: category as CalEvent['category'],
      scope,
    }),
  );
  const key = keyOf(e);
  useEffect(() => {
    heading.current?.focus();
  }, [key]);

  const index = rules?.rules.findIndex((r) => r.id === e.rule) ?? -1;
  const rule = index >= 0 ? rules!.rules[index] : undefined;
  const cat = categoryOf(e.category);
  const status = statusText(e);
  const title = e.title.trim() || '(no title)';
  const day = localParts(e.start, tz).date;

  return (
    <section id="cal-panel" class="card cal-panel" aria-labelledby="cal-panel-h">
      <div class="section-head">
        <h2 id="cal-panel-h" ref={heading} tabIndex={-1}>
          {title}
        </h2>
        <button type="button" class="btn btn-small" onClick={onClose}>
          Close
        </button>
      </div>
      <p>
        {shortDate(day)}, {timeText(e, tz)}
        {!e.allDay && ` (${duration(lengthMinutes(e))})`}.
      </p>
      <p>
        Counts as <strong>{cat.label}</strong>, {CLASS_WORDS[e.timeClass]}
        {status ? <> — but it is {status}, so it takes none of your time.</> : '.'}
      </p>
      <p class="cal-rule">
        {rule ? (
          <>
            Decided by rule {index + 1} of {rules!.rules.length}, “{rule.id}” (
            {rule.origin === 'yours' ? 'one of yours' : 'built in'}): {rule.sentence}.
          </>
        ) : rules ? (
          <>No rule matched; events no rule describes count as other time.</>
        ) : (
          <>Looking up the rule…</>
        )}
      </p>

      <Form
        id="reclassify"
        fields={{ category: 'Count it as', scope: 'Which events', uid: 'Event' }}
        error={save.error}
        busy={save.busy}
        label="Count this event differently"
        onSubmit={async () => {
          const r = await save.run();
          if (!r) return;
          onSaved(
            scope === 'this-event'
              ? `Saved. This event now counts as ${categoryOf(category).label}, by your rule “${r.rule.id}”.`
              : `Saved. Every event with “${title}” in its title now counts as ${categoryOf(category).label}, by your rule “${r.rule.id}”.`,
          );
        }}
      >
        <h3>Count it differently</h3>
        <SelectField
          name="category"
          label="Count it as"
          value={category}
          onValue={setCategory}
          options={CATEGORIES.map((c) => ({ value: c.id, label: `${c.label} (${classWords(c.id)})` }))}
        />
        <RadioGroup
          name="scope"
          legend="Which events"
          value={scope}
          onValue={(v) => setScope(v as typeof scope)}
          options={[
            { value: 'this-event', label: 'This event only' },
            { value: 'like-this', label: `Every event with “${title}” in its title` },
          ]}
        />
        <p class="hint">This adds a rule at the top of yours; you can change or delete it below.</p>
        <div class="actions">
          <Submit busy={save.busy}>Save</Submit>
        </div>
      </Form>
    </section>
  );
}

export default function CalendarPage() {
  const { today, profile } = useAppState();
  const tz = profile.profile.tz;
  const thisWeek = weekOf(today).start;
  const param = useWeekParam();
  const start = weekOf(param ?? today).start;
  const end = addDays(start, 6);
  const [version, setVersion] = useState(0);
  const week = useApi(
    () =>
      Promise.all([
        call('events', 'list', { from: start, to: end }),
        call('rules', 'show', {}),
        call('week', 'summary', { date: start }),
      ]),
    [start, version],
  );
  const [open, setOpen] = useState<{ key: string; from: HTMLElement | null } | undefined>(undefined);
  const [saved, setSaved] = useState<string | undefined>(undefined);
  useEffect(() => {
    setOpen(undefined);
    setSaved(undefined);
  }, [start]);

  const [events, rules, summary] = week.data ?? [];
  const shownSummary = summary?.week.start === start ? summary : undefined;
  const shownEvents = shownSummary ? events : undefined;
  const days = shownEvents ? layoutWeek(shownEvents, start, tz) : undefined;
  const selected = open && shownEvents?.find((e) => keyOf(e) === open.key);

  const close = () => {
    const from = open?.from;
    setOpen(undefined);
    if (from?.isConnected) from.focus();
  };

  return (
    <>
      <PageHead title="Calendar">
        <p>
          Your calendar week as Hands-on counts it. Open an event to see which rule decided how it counts, and
          change it if the rule got it wrong.
        </p>
      </PageHead>

      <nav class="row" aria-label="Choose a week">
        <a class="btn btn-small" href={href('/calendar', { week: addDays(start, -7) })}>
          ← Previous week
        </a>
        <strong aria-live="polite">Week of {weekRange(start, end)}</strong>
        <a class="btn btn-small" href={href('/calendar', { week: addDays(start, 7) })}>
          Next week →
        </a>
        {start !== thisWeek && <a href={href('/calendar')}>This week</a>}
      </nav>

      {week.error && <LoadError error={week.error} retry={() => void week.reload()} />}
      {saved && <Notice>{saved}</Notice>}

      <WeekTotals summary={shownSummary} />

      <section class="section" aria-labelledby="cal-week-h">
        <h2 id="cal-week-h">Events</h2>
        <Legend />
        {!days && !week.error && <Skeleton heights={[320]} text="Opening your calendar…" />}
        {shownEvents?.length === 0 && (
          <p class="empty">
            No calendar events this week. <a href="#/import">Bring in your calendar</a> to see them here.
          </p>
        )}
        {days && shownEvents && shownEvents.length > 0 && (
          <WeekGrid
            days={days}
            tz={tz}
            openKey={open?.key}
            onOpen={(e, from) => {
              setSaved(undefined);
              setOpen({ key: keyOf(e), from });
            }}
          />
        )}
      </section>

      {selected && (
        <EventPanel
          key={open?.key}
          e={selected}
          rules={rules}
          tz={tz}
          onClose={close}
          onSaved={(text) => {
            setSaved(text);
            announce(`${text} The week’s numbers are updated.`);
            setVersion((v) => v + 1);
          }}
        />
      )}

      <section class="card" aria-labelledby="cal-rules-h">
        <h2 id="cal-rules-h">Your rules</h2>
        <p class="muted">
          Tried from the top; the first rule that fits an event decides how it counts. Yours come before the
          built-in ones.
        </p>
        <RulesEditor version={version} onSaved={() => setVersion((v) => v + 1)} />
      </section>
    </>
  );
}
