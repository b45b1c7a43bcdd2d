import { EXPORT_FORMAT } from '../document.js';

const at = '2026-11-25T10:00:00.000Z';

/** A small valid backup: one record of each journal kind. */
export function backup() {
  return {
    format: EXPORT_FORMAT,
    version: 2,
    exportedAt: at,
    profile: {
      name: 'Dana',
      role: 'engineering-manager',
      reports: 5,
      tz: 'UTC',
      emails: ['dana@example.com'],
      weeklyHours: 40,
      createdAt: at,
      updatedAt: at,
    },
    reasons: [
      {
        id: 'hero-mode',
        kind: 'watch-out',
        title: 'Being the hero',
        summary: 'Saving the day yourself.',
        questions: [{ id: 'q1', text: 'Who would learn if you stepped back?' }],
        signals: ['You step in at the last minute.'],
        builtin: false,
      },
    ],
    checks: [
      {
        id: 'c1',
        at,
        date: '2026-11-25',
        input: { title: 'Fix the build', hours: 2, reasons: ['ground-truth'] },
        result: { verdict: 'take', lines: [{ rule: 'default', text: 'Take it.' }] },
      },
    ],
    sessions: [
      {
        id: 's1',
        date: '2026-11-25',
        minutes: 30,
        title: 'Spike',
        reasons: ['hero-mode'],
        gaps: ['No runbook'],
        createdAt: at,
        updatedAt: at,
      },
    ],
    commitments: [
      {
        id: 'm1',
        kind: 'decision',
        title: 'Vendor',
        status: 'open',
        createdAt: at,
        postponements: [{ id: 'p1', at, toDue: '2026-12-01', why: 'release week' }],
      },
    ],
    actions: [{ id: 'a1', text: 'No runbook', sessionId: 's1', status: 'open', createdAt: at }],
    reflections: [{ id: 'r1', date: '2026-11-25', at, text: 'Calm week', answers: [] }],
    flagReviews: [{ fingerprint: 'escape:2026-W48', flagId: 'escape', status: 'dismissed', at }],
  };
}
