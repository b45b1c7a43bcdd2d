import { describe, expect, it } from 'vitest';
import {
  checkInput,
  EMPTY_CHECK,
  EMPTY_SESSION,
  profileInput,
  reasonInput,
  sessionDraft,
  sessionEditInput,
  sessionFromCheck,
  sessionInput,
} from './payloads.js';

describe('session form', () => {
  it('sends minutes, or a start and an end, never both', () => {
    const d = {
      ...EMPTY_SESSION,
      title: 'Fix CI',
      minutes: '90',
      start: '09:00',
      end: '10:00',
      reasons: ['empathy'],
    };
    expect(sessionInput(d)).toMatchObject({ minutes: 90, title: 'Fix CI', reasons: ['empathy'] });
    expect(sessionInput(d)).not.toHaveProperty('start');
    const clock = sessionInput({ ...d, timing: 'clock' });
    expect(clock).toMatchObject({ start: '09:00', end: '10:00' });
    expect(clock).not.toHaveProperty('minutes');
  });

  it('turns each line of gaps into one gap and leaves blanks out', () => {
    const input = sessionInput({
      ...EMPTY_SESSION,
      gaps: 'deploy docs are stale\n\n flaky test in CI ',
      energyBefore: '2',
      energyAfter: '',
      notes: '  ',
      date: '',
    });
    expect(input.gaps).toEqual(['deploy docs are stale', 'flaky test in CI']);
    expect(input.energyBefore).toBe(2);
    expect(input.energyAfter).toBeUndefined();
    expect(input.notes).toBeUndefined();
    expect(input.date).toBeUndefined();
  });

  it('passes text that is not a number on, for the server to name', () => {
    expect(sessionInput({ ...EMPTY_SESSION, minutes: 'an hour' }).minutes).toBe('an hour');
  });

  it('reads a logged session back with its clock times in the leader’s zone', () => {
    const session = {
      title: 'Pairing',
      date: '2026-11-25',
      minutes: 90,
      startedAt: '2026-11-25T13:00:00.000Z',
      reasons: ['empathy'],
      energyBefore: 2,
    };
    expect(sessionDraft(session, 'Europe/Berlin')).toMatchObject({
      timing: 'clock',
      start: '14:00',
      end: '15:30',
      minutes: '90',
      energyBefore: '2',
      energyAfter: '',
    });
    const late = { ...session, startedAt: '2026-11-25T22:30:00.000Z' };
    expect(sessionDraft(late, 'Europe/Berlin').timing).toBe('minutes');
  });

  it('sends visible only when ticked on a new session, always on an edit, and reads it back', () => {
    const d = { ...EMPTY_SESSION, title: 'Board demo', minutes: '90', reasons: ['empathy'] };
    expect(sessionInput(d)).not.toHaveProperty('visible');
    expect(sessionInput({ ...d, visible: true })).toMatchObject({ visible: true });
    expect(sessionEditInput('s1', d, { ...d, visible: true })).toMatchObject({ visible: false });
    const logged = { title: 'Board demo', date: '2026-11-25', minutes: 90, reasons: ['empathy'] };
    expect(sessionDraft(logged, 'UTC').visible).toBe(false);
    expect(sessionDraft({ ...logged, visible: true }, 'UTC').visible).toBe(true);
  });

  it('leaves the time out of an edit that did not touch it, and sends cleared notes', () => {
    const before = {
      ...EMPTY_SESSION,
      title: 'A',
      timing: 'clock' as const,
      start: '09:00',
      end: '10:00',
      notes: 'x',
    };
    const same = sessionEditInput('s1', { ...before, title: 'B', notes: '' }, before);
    expect(same).toMatchObject({ id: 's1', title: 'B', notes: '' });
    expect(same).not.toHaveProperty('start');
    expect(same).not.toHaveProperty('minutes');
    const moved = sessionEditInput('s1', { ...before, end: '11:00' }, before);
    expect(moved).toMatchObject({ start: '09:00', end: '11:00' });
  });
});

describe('check form', () => {
  const base = { ...EMPTY_CHECK, title: 'Migrate the build', hours: '6', reasons: ['unwind'] };

  it('only describes the other person when one is named', () => {
    const withoutName = checkInput({ ...base, grows: true, maturity: 'new' });
    expect(withoutName).toMatchObject({ grows: false, maturity: undefined, couldDo: undefined });
    const named = checkInput({ ...base, couldDo: ' Priya ', grows: true, maturity: 'some' });
    expect(named).toMatchObject({ couldDo: 'Priya', grows: true, maturity: 'some' });
  });

  it('records "would you do it if nobody knew" only when answered', () => {
    expect(checkInput(base).answers).toEqual({});
    expect(checkInput({ ...base, nobodyKnew: 'no' }).answers).toEqual({ 'nobody-knew': 'no' });
  });

  it.each([
    ['take', undefined, '360'],
    ['time-box', 2.5, '150'],
    ['pause-and-reflect', undefined, '360'],
  ])('a %s verdict prefills the session with %s hours as %s minutes', (verdict, hours, minutes) => {
    const draft = sessionFromCheck(base, { id: 'c1', verdict, hours });
    expect(draft).toMatchObject({ title: 'Migrate the build', reasons: ['unwind'], checkId: 'c1', minutes });
  });

  it('leaves the minutes for the leader when the estimate is more than a day', () => {
    expect(sessionFromCheck({ ...base, hours: '40' }, { id: 'c1', verdict: 'delegate' }).minutes).toBe('');
  });
});

describe('profile and reasons forms', () => {
  it('builds a profile with its working hours and a default budget when left empty', () => {
    const input = profileInput({
      name: 'Sam',
      role: 'engineering-manager',
      reports: '6',
      tz: ' Europe/Berlin ',
      emails: 'sam@example.com, sam@home.example',
      budgetPct: '',
      weeklyHours: '40',
      days: [5, 1, 2, 3, 4],
      start: '09:00',
      end: '17:30',
      newToFunctionSince: '',
    });
    expect(input).toEqual({
      name: 'Sam',
      role: 'engineering-manager',
      reports: 6,
      tz: 'Europe/Berlin',
      emails: ['sam@example.com', 'sam@home.example'],
      budgetPct: undefined,
      weeklyHours: 40,
      newToFunctionSince: undefined,
      workingHours: { days: [1, 2, 3, 4, 5], start: '09:00', end: '17:30' },
    });
  });

  it('adds a reason with one question per line', () => {
    expect(
      reasonInput({
        id: 'teach',
        kind: 'good',
        title: 'Teach by doing',
        summary: '',
        questions: 'Who learns from this?\n\nWill they do it next time?',
        signals: '',
      }),
    ).toEqual({
      id: 'teach',
      kind: 'good',
      title: 'Teach by doing',
      summary: undefined,
      questions: ['Who learns from this?', 'Will they do it next time?'],
      signals: [],
    });
  });
});
