import { defaultBudgetPct, workingWeekHours } from '../../../src/domain/profile/budget.js';
import { call } from '../api/client.js';
import type { Role } from '../api/types.js';
import { type ProfileDraft, profileInput } from '../lib/payloads.js';
import type { ProfileView } from '../state.js';
import { announce } from '../ui/announce.js';
import { CheckboxGroup, Form, SelectField, Submit, TextField } from '../ui/form.js';
import { useAction, useDraft } from '../ui/hooks.js';

export const ROLE_LABEL: Record<Role, string> = {
  'engineering-manager': 'Engineering manager',
  'product-manager': 'Product manager',
  'tech-lead': 'Tech lead',
  director: 'Director',
  founder: 'Founder',
  other: 'Something else',
};

const WEEKDAYS = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];

const FIELDS = {
  name: 'Your name',
  role: 'Your role',
  reports: 'People who report to you directly',
  tz: 'Time zone',
  emails: 'Your email addresses',
  budgetPct: 'IC budget, in percent of your week',
  weeklyHours: 'Working hours in a week',
  'workingHours.days': 'Working days',
  'workingHours.start': 'Working day starts',
  'workingHours.end': 'Working day ends',
  workingHours: 'Working hours',
  newToFunctionSince: 'New to the function you lead since',
};

function browserZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

function zones(): string[] {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return [];
  }
}

export function draftOf(view: ProfileView | undefined): ProfileDraft {
  if (!view) {
    return {
      name: '',
      role: 'engineering-manager',
      reports: '',
      tz: browserZone(),
      emails: '',
      budgetPct: '',
      weeklyHours: '',
      days: [1, 2, 3, 4, 5],
      start: '09:00',
      end: '18:00',
      newToFunctionSince: '',
    };
  }
  const p = view.profile;
  return {
    name: p.name,
    role: p.role,
    reports: String(p.reports),
    tz: p.tz,
    emails: p.emails.join(', '),
    budgetPct: p.budgetPct === undefined ? '' : String(p.budgetPct),
    // Shown only when the leader set their own; empty, they follow the working hours.
    weeklyHours: view.weeklyHoursNote === undefined ? '' : String(p.weeklyHours),
    days: [...view.workingHours.days],
    start: view.workingHours.start,
    end: view.workingHours.end,
    newToFunctionSince: p.newToFunctionSince ?? '',
  };
}

function defaultHint(role: Role, reports: string): string {
  const n = Number(reports);
  if (reports.trim() === '' || !Number.isInteger(n) || n < 0) {
    return 'Leave it empty to use the usual share for your role and team size.';
  }
  const who = ROLE_LABEL[role].toLowerCase();
  const article = role === 'other' ? 'someone in your role' : `${/^[aeiou]/.test(who) ? 'an' : 'a'} ${who}`;
  return `Leave it empty to use ${defaultBudgetPct(role, n)}%, the usual share for ${article} with ${n} direct ${n === 1 ? 'report' : 'reports'}.`;
}

function weeklyHoursHint(d: ProfileDraft): string {
  const clock = /^([01]\d|2[0-3]):[0-5]\d$/;
  const valid = d.days.length > 0 && clock.test(d.start) && clock.test(d.end) && d.start < d.end;
  const week = valid ? `the ${workingWeekHours(d)}\u00a0h` : 'the hours';
  return `Leave it empty to use ${week} your working days and hours below make.`;
}

export function ProfileForm({
  id,
  view,
  submitLabel,
  onSaved,
}: {
  id: string;
  view: ProfileView | undefined;
  submitLabel: string;
  onSaved(): void | Promise<void>;
}) {
  const [draft, set] = useDraft<ProfileDraft>(() => draftOf(view));
  const save = useAction(() => call('profile', 'init', profileInput(draft)));
  const listId = `${id}-zones`;
  return (
    <Form
      id={id}
      fields={FIELDS}
      error={save.error}
      busy={save.busy}
      onSubmit={async () => {
        if (!(await save.run())) return;
        announce('Your profile is saved.');
        await onSaved();
      }}
    >
      <TextField
        name="name"
        label={FIELDS.name}
        autoComplete="name"
        value={draft.name}
        onValue={set('name')}
      />
      <div class="field-pair">
        <SelectField
          name="role"
          label={FIELDS.role}
          options={Object.entries(ROLE_LABEL).map(([value, label]) => ({ value, label }))}
          value={draft.role}
          onValue={(v) => set('role')(v as Role)}
        />
        <TextField
          name="reports"
          label={FIELDS.reports}
          inputMode="numeric"
          value={draft.reports}
          onValue={set('reports')}
        />
      </div>
      <TextField
        name="emails"
        label={FIELDS.emails}
        type="email"
        autoComplete="email"
        hint="Separate several with commas. They tell Hands-on which meetings, commits and issues are yours."
        value={draft.emails}
        onValue={set('emails')}
      />
      <TextField
        name="tz"
        label={FIELDS.tz}
        size="medium"
        list={listId}
        hint="Where your working day happens, e.g. Europe/Berlin."
        value={draft.tz}
        onValue={set('tz')}
      />
      <datalist id={listId}>
        {zones().map((z) => (
          <option key={z} value={z} />
        ))}
      </datalist>
      <div class="field-pair">
        <TextField
          name="weeklyHours"
          label={FIELDS.weeklyHours}
          optional
          hint={weeklyHoursHint(draft)}
          inputMode="decimal"
          value={draft.weeklyHours}
          onValue={set('weeklyHours')}
        />
        <TextField
          name="budgetPct"
          label={FIELDS.budgetPct}
          optional
          inputMode="decimal"
          value={draft.budgetPct}
          onValue={set('budgetPct')}
        />
      </div>
      <p class="hint">{defaultHint(draft.role, draft.reports)}</p>
      <CheckboxGroup
        name="workingHours.days"
        legend={FIELDS['workingHours.days']}
        inline
        options={WEEKDAYS.map((d, i) => ({ value: String(i + 1), label: d }))}
        values={draft.days.map(String)}
        onValues={(v) => set('days')(v.map(Number))}
      />
      <div class="field-pair">
        <TextField
          name="workingHours.start"
          type="time"
          label={FIELDS['workingHours.start']}
          value={draft.start}
          onValue={set('start')}
        />
        <TextField
          name="workingHours.end"
          type="time"
          label={FIELDS['workingHours.end']}
          value={draft.end}
          onValue={set('end')}
        />
      </div>
      <TextField
        name="newToFunctionSince"
        type="date"
        size="medium"
        label={FIELDS.newToFunctionSince}
        optional
        hint="If you came from another function (say, design or sales) to lead this one. Learning by doing counts as a good reason for about a year."
        value={draft.newToFunctionSince}
        onValue={set('newToFunctionSince')}
      />
      <div class="actions">
        <Submit busy={save.busy}>{submitLabel}</Submit>
      </div>
    </Form>
  );
}
