import { z } from 'zod';
import { DEFAULT_WORKING_HOURS, type WorkingHours } from '../../domain/insight/insight-types.js';
import type { Store } from '../../store/store.js';

/** Working hours are a setting of their own (not a profile column): focus time is measured inside them. */
export const WORKING_HOURS_SETTING = 'working-hours';

const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a time of day as HH:MM, e.g. 09:00');

export const workingHoursSchema = z
  .object({
    days: z
      .array(z.number().int().min(1).max(7), { message: 'expected weekdays, 1 = Monday … 7 = Sunday' })
      .min(1, 'expected at least one working day')
      .max(7),
    start: clock,
    end: clock,
  })
  .refine((w) => w.start < w.end, {
    message: 'expected the working day to end after it starts',
    path: ['end'],
  });

export async function workingHours(store: Store): Promise<WorkingHours> {
  return (
    ((await store.getSetting(WORKING_HOURS_SETTING)) as WorkingHours | undefined) ?? DEFAULT_WORKING_HOURS
  );
}

const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** `mon-fri`, `mon,tue,thu` or `1-5` → ISO weekday numbers; undefined when not understood. */
export function parseWeekdays(text: string): number[] | undefined {
  const day = (t: string) => {
    const i = WEEKDAYS.indexOf(t.trim().slice(0, 3).toLowerCase());
    if (i >= 0) return i + 1;
    const n = Number(t.trim());
    return Number.isInteger(n) && n >= 1 && n <= 7 ? n : undefined;
  };
  const out = new Set<number>();
  for (const part of text.split(',')) {
    const [a, b] = part.split('-');
    const from = a === undefined ? undefined : day(a);
    const to = b === undefined ? from : day(b);
    if (from === undefined || to === undefined || to < from) return undefined;
    for (let d = from; d <= to; d++) out.add(d);
  }
  return [...out].sort();
}

export function describeWorkingHours(w: WorkingHours): string {
  const names = w.days.map((d) => WEEKDAYS[d - 1]);
  const contiguous = w.days.every((d, i) => i === 0 || d === w.days[i - 1]! + 1);
  const days = contiguous && w.days.length > 2 ? `${names[0]}–${names[names.length - 1]}` : names.join(', ');
  return `${days} ${w.start}–${w.end}`;
}
