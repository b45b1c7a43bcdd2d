// Deterministic generator of a realistic calendar for the ICS benchmark: 5,000 events over five years
// (2023–2027) in three time zones (two IANA ids and one Outlook-style Windows id, each with a
// VTIMEZONE), 20% of them recurring, with EXDATEs, RECURRENCE-ID overrides, attendees, all-day
// events and long folded descriptions. The same seed always gives the same bytes.
//
//   node bench/gen-calendar.mjs [events] [seed] > cal.ics

import { pathToFileURL } from 'node:url';

/** mulberry32: tiny, fast and good enough to shuffle calendar data reproducibly. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const VTIMEZONES = {
  'Europe/Berlin': [
    'BEGIN:VTIMEZONE',
    'TZID:Europe/Berlin',
    'BEGIN:DAYLIGHT',
    'TZOFFSETFROM:+0100',
    'TZOFFSETTO:+0200',
    'TZNAME:CEST',
    'DTSTART:19700329T020000',
    'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
    'END:DAYLIGHT',
    'BEGIN:STANDARD',
    'TZOFFSETFROM:+0200',
    'TZOFFSETTO:+0100',
    'TZNAME:CET',
    'DTSTART:19701025T030000',
    'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
    'END:STANDARD',
    'END:VTIMEZONE',
  ],
  'America/New_York': [
    'BEGIN:VTIMEZONE',
    'TZID:America/New_York',
    'BEGIN:DAYLIGHT',
    'TZOFFSETFROM:-0500',
    'TZOFFSETTO:-0400',
    'TZNAME:EDT',
    'DTSTART:20070311T020000',
    'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU',
    'END:DAYLIGHT',
    'BEGIN:STANDARD',
    'TZOFFSETFROM:-0400',
    'TZOFFSETTO:-0500',
    'TZNAME:EST',
    'DTSTART:20071104T020000',
    'RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU',
    'END:STANDARD',
    'END:VTIMEZONE',
  ],
  // Outlook writes Windows zone names and a VTIMEZONE starting in 1601.
  'Pacific Standard Time': [
    'BEGIN:VTIMEZONE',
    'TZID:Pacific Standard Time',
    'BEGIN:STANDARD',
    'DTSTART:16011104T020000',
    'RRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11',
    'TZOFFSETFROM:-0700',
    'TZOFFSETTO:-0800',
    'END:STANDARD',
    'BEGIN:DAYLIGHT',
    'DTSTART:16010311T020000',
    'RRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3',
    'TZOFFSETFROM:-0800',
    'TZOFFSETTO:-0700',
    'END:DAYLIGHT',
    'END:VTIMEZONE',
  ],
};
const IANA_OF = {
  'Europe/Berlin': 'Europe/Berlin',
  'America/New_York': 'America/New_York',
  'Pacific Standard Time': 'America/Los_Angeles',
};
const ZONES = Object.keys(VTIMEZONES);
const DAYS = ['SU', 'MO', 'TU', 'WE', 'TH', 'FR', 'SA'];
const WORDS = (
  'sync review plan hiring budget roadmap incident retro design architecture demo customer ' +
  'onboarding interview strategy offsite pairing debugging release security migration'
).split(' ');
const ME = 'lead@example.com';

const pad = (n, w = 2) => String(n).padStart(w, '0');
/** Wall-clock fields kept as a UTC Date so arithmetic never touches the process time zone. */
const wall = (y, mo, d, h = 0, mi = 0) => new Date(Date.UTC(y, mo - 1, d, h, mi));
const fmtDate = (w) => `${w.getUTCFullYear()}${pad(w.getUTCMonth() + 1)}${pad(w.getUTCDate())}`;
const fmtWall = (w) => `${fmtDate(w)}T${pad(w.getUTCHours())}${pad(w.getUTCMinutes())}00`;
const addMinutes = (w, m) => new Date(w.getTime() + m * 60_000);
const addDays = (w, d) => new Date(w.getTime() + d * 86_400_000);

const dtfs = new Map();
/** UTC instant of a wall time in an IANA zone (good enough away from DST gaps, which we avoid). */
function toUtc(w, iana) {
  let dtf = dtfs.get(iana);
  if (!dtf) {
    dtf = new Intl.DateTimeFormat('en-US', {
      timeZone: iana,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
    });
    dtfs.set(iana, dtf);
  }
  let guess = w.getTime();
  for (let i = 0; i < 2; i++) {
    const p = Object.fromEntries(dtf.formatToParts(new Date(guess)).map((x) => [x.type, x.value]));
    const asUtc = Date.UTC(+p.year, +p.month - 1, +p.day, +p.hour % 24, +p.minute);
    guess += w.getTime() - asUtc;
  }
  return new Date(guess);
}
const fmtUtc = (d) => `${fmtWall(d)}Z`.replace(/00Z$/, `${pad(d.getUTCSeconds())}Z`);

/** Folds at 75 octets as RFC 5545 §3.1 asks (ASCII content here, so characters = octets). */
function fold(line) {
  if (line.length <= 75) return line;
  const parts = [line.slice(0, 75)];
  for (let i = 75; i < line.length; i += 74) parts.push(` ${line.slice(i, i + 74)}`);
  return parts.join('\r\n');
}

export function generateCalendar({ events = 5000, seed = 20250101 } = {}) {
  const rnd = prng(seed);
  const int = (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1));
  const pick = (xs) => xs[Math.floor(rnd() * xs.length)];
  const out = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Hands-on//bench generator//EN',
    'CALSCALE:GREGORIAN',
  ];
  for (const z of ZONES) out.push(...VTIMEZONES[z]);

  for (let i = 0; i < events; i++) {
    const uid = `ev-${seed}-${i}@bench.handson`;
    const zone = pick(ZONES);
    const recurring = rnd() < 0.2;
    const allDay = !recurring && rnd() < 0.1;
    // Recurring series mostly start before the benchmarked year so they reach into it.
    const year = recurring ? int(2023, 2025) : int(2023, 2027);
    const start = wall(year, int(1, 12), int(1, 28), int(7, 18), pick([0, 15, 30, 45]));
    const minutes = pick([15, 30, 30, 45, 60, 60, 90, 120]);
    const title = `${pick(WORDS)} ${pick(WORDS)} #${i}`;
    const dtstart = allDay
      ? `DTSTART;VALUE=DATE:${fmtDate(start)}`
      : `DTSTART;TZID=${zone}:${fmtWall(start)}`;
    const dtend = allDay
      ? `DTEND;VALUE=DATE:${fmtDate(addDays(start, int(1, 3)))}`
      : `DTEND;TZID=${zone}:${fmtWall(addMinutes(start, minutes))}`;

    const common = [
      `SUMMARY:${title}\\, with notes\\; see agenda`,
      `DESCRIPTION:${Array.from({ length: int(1, 6) }, () => `${pick(WORDS)} ${pick(WORDS)} ${pick(WORDS)}`).join('\\n')} - agenda and links for the meeting are in the shared document`,
      `LOCATION:Room ${int(1, 40)}\\, building ${pick(['A', 'B', 'C'])}`,
      `ORGANIZER;CN=Organizer ${i % 17}:mailto:org${i % 17}@example.com`,
    ];
    const attendees = [];
    for (let a = int(0, 5); a > 0; a--) {
      attendees.push(
        `ATTENDEE;CUTYPE=INDIVIDUAL;ROLE=REQ-PARTICIPANT;PARTSTAT=${pick(['ACCEPTED', 'TENTATIVE', 'NEEDS-ACTION', 'DECLINED'])};CN=Person ${a}:mailto:p${int(1, 300)}@example.com`,
      );
    }
    if (rnd() < 0.6) {
      attendees.push(
        `ATTENDEE;PARTSTAT=${rnd() < 0.1 ? 'DECLINED' : 'ACCEPTED'};CN=Lead:mailto:${rnd() < 0.5 ? ME : ME.toUpperCase()}`,
      );
    }

    const ev = [
      'BEGIN:VEVENT',
      `UID:${uid}`,
      'DTSTAMP:20250101T000000Z',
      dtstart,
      dtend,
      ...common,
      ...attendees,
    ];
    if (rnd() < 0.05) ev.push('STATUS:CANCELLED');
    if (rnd() < 0.1) ev.push('TRANSP:TRANSPARENT');
    ev.push('X-MICROSOFT-CDO-BUSYSTATUS:BUSY');

    const overrides = [];
    if (recurring) {
      const wd = start.getUTCDay();
      const kind = int(0, 6);
      let step = 7; // days between two instances we can safely name in EXDATE/RECURRENCE-ID
      let rule;
      if (kind === 0) rule = `FREQ=WEEKLY;BYDAY=${DAYS[wd]}`;
      else if (kind === 1)
        rule = `FREQ=WEEKLY;BYDAY=${[...new Set([DAYS[wd], pick(DAYS.slice(1, 6))])].join(',')}`;
      else if (kind === 2) {
        rule = `FREQ=WEEKLY;INTERVAL=2;BYDAY=${DAYS[wd]}`;
        step = 14;
      } else if (kind === 3) {
        rule = 'FREQ=DAILY';
        step = 1;
      } else if (kind === 4) {
        rule = `FREQ=MONTHLY;BYMONTHDAY=${start.getUTCDate()}`;
        step = 0;
      } else if (kind === 5) {
        // Name the weekday's position DTSTART really has, so DTSTART is an instance of its rule.
        const d = start.getUTCDate();
        const last =
          d + 7 > new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 0)).getUTCDate();
        rule = `FREQ=MONTHLY;BYDAY=${last && rnd() < 0.5 ? -1 : Math.ceil(d / 7)}${DAYS[wd]}`;
        step = 0;
      } else {
        rule = 'FREQ=YEARLY';
        step = 0;
      }
      const end = int(0, 2);
      if (end === 0) rule += `;COUNT=${int(5, 120)}`;
      else if (end === 1) rule += `;UNTIL=${fmtUtc(toUtc(addDays(start, int(60, 900)), IANA_OF[zone]))}`;
      ev.push(`RRULE:${rule}`);

      if (step > 0 && rnd() < 0.4) {
        for (let x = int(1, 3); x > 0; x--) {
          const k = int(1, 40) * step;
          const when = addDays(start, k);
          ev.push(
            rnd() < 0.3
              ? `EXDATE:${fmtUtc(toUtc(when, IANA_OF[zone]))}`
              : `EXDATE;TZID=${zone}:${fmtWall(when)}`,
          );
        }
      }
      if (step > 0 && rnd() < 0.3) {
        const taken = new Set();
        for (let x = int(1, 2); x > 0; x--) {
          const k = 41 + int(0, 30);
          if (taken.has(k)) continue;
          taken.add(k);
          const orig = addDays(start, k * step);
          const moved = addMinutes(orig, pick([60, -60, 1440, 120]));
          const rid =
            rnd() < 0.3
              ? `RECURRENCE-ID:${fmtUtc(toUtc(orig, IANA_OF[zone]))}`
              : `RECURRENCE-ID;TZID=${zone}:${fmtWall(orig)}`;
          overrides.push([
            'BEGIN:VEVENT',
            `UID:${uid}`,
            'DTSTAMP:20250101T000000Z',
            rid,
            `DTSTART;TZID=${zone}:${fmtWall(moved)}`,
            `DTEND;TZID=${zone}:${fmtWall(addMinutes(moved, minutes))}`,
            `SUMMARY:${title} (moved)`,
            ...(rnd() < 0.2 ? ['STATUS:CANCELLED'] : []),
            ...attendees,
            'END:VEVENT',
          ]);
        }
      }
    }
    ev.push('END:VEVENT');
    out.push(...ev);
    for (const o of overrides) out.push(...o);
  }
  out.push('END:VCALENDAR');
  return `${out.map(fold).join('\r\n')}\r\n`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const events = Number(process.argv[2] ?? 5000);
  const seed = Number(process.argv[3] ?? 20250101);
  process.stdout.write(generateCalendar({ events, seed }));
}
