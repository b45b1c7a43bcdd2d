import { DATE_RANGE_TEXT, isTimeInRange } from '../../domain/time.js';
import { AppError } from '../../errors.js';
import { momentText, outsideRange } from '../out-of-range.js';
import { DAY, dayOfWall, isoDate } from './civil.js';
import {
  type Damage,
  DamageError,
  damageSentence,
  excerpt,
  type IcsComponent,
  type IcsProperty,
  oneLineWhat,
  parseIcs,
  unescapeText,
} from './content-lines.js';
import { forEachCandidate } from './rrule.js';
import type {
  CalendarAttendee,
  CalendarOccurrence,
  CalendarReadResult,
  ReadCalendarOptions,
  SkippedEvent,
} from './types.js';
import {
  type Duration,
  parseDate,
  parseDateTime,
  parseDuration,
  parseRRule,
  type RRule,
  ValueError,
} from './values.js';
import { zoneFromVtimezone } from './vtimezone.js';
import { guessIanaZone, ianaZone, resolveWall, UTC_ZONE, type Zone } from './zones.js';

/**
 * ICS text → the occurrences of its events that overlap [from, to), expanded per RFC 5545.
 * Pure: no file system, no clock, no process time zone.
 *
 * Strict about meaning, forgiving about damage (docs/decisions/0013-forgiving-calendar-import.md):
 * an event with a broken line, a bad value or an unusable rule is left out and listed in `skipped`
 * with the line and why, and the rest of the file is read. The file is refused whole
 * (`import-invalid`, naming the first fault) only when it is not a calendar at all, or when it is
 * damaged and not one event in it could be read. Work is bounded: a rule too dense to expand, or
 * an event or file with too many occurrences, is left out with the reason rather than read.
 */
export function readCalendar(text: string, opts: ReadCalendarOptions): CalendarReadResult {
  const window = checkOptions(opts);
  const { roots, damage } = parseIcs(text);
  const reader = new Reader(window, damage);
  const calendars = roots.filter((r) => r.name === 'VCALENDAR');
  for (const root of roots) {
    if (root.name === 'VCALENDAR') reader.readCalendarComponent(root, calendars);
    else if (root.name === 'VEVENT') reader.leaveOutDamaged(root);
  }
  return reader.finish();
}

/** Occurrences one event may have in the window: an event every 30 minutes for the default 490 days. */
export const MAX_OCCURRENCES_PER_EVENT = 25_000;
/** Occurrences one file may have in the window: far above any person's calendar, far below running out of memory. */
export const MAX_OCCURRENCES_PER_IMPORT = 200_000;

const count = (n: number): string => n.toLocaleString('en-US');

// ------------------------------------------------------------------------------- options

interface Window {
  from: number;
  to: number;
  emails: Set<string>;
  floating: Zone;
}

function checkOptions(opts: ReadCalendarOptions): Window {
  const from = Date.parse(opts.from);
  const to = Date.parse(opts.to);
  if (Number.isNaN(from))
    throw new AppError('invalid', `"${opts.from}" is not a date-time.`, { field: 'from' });
  if (Number.isNaN(to)) throw new AppError('invalid', `"${opts.to}" is not a date-time.`, { field: 'to' });
  if (to <= from)
    throw new AppError('invalid', 'The end of the period must come after its start.', { field: 'to' });
  const floating = ianaZone(opts.floatingTz);
  if (!floating) {
    throw new AppError('invalid', `"${opts.floatingTz}" is not an IANA time zone (like Europe/Berlin).`, {
      field: 'floatingTz',
    });
  }
  return { from, to, emails: new Set(opts.emails.map(normaliseAddress)), floating };
}

function normaliseAddress(v: string): string {
  const t = v.trim().toLowerCase();
  return t.startsWith('mailto:') ? t.slice(7).trim() : t;
}

// ---------------------------------------------------------------------------- event data

/** A DATE or DATE-TIME value with the zone it is to be read in. */
type Time = { kind: 'date'; day: number } | { kind: 'time'; wall: number; zone: Zone };

interface RDate {
  start: Time;
  end?: Time | undefined;
  duration?: Duration | undefined;
}

interface EventData {
  uid: string;
  line: number;
  sequence: number;
  /** LAST-MODIFIED or DTSTAMP: breaks ties between copies with the same SEQUENCE. */
  stamp: string;
  start?: Time | undefined;
  end?: Time | undefined;
  duration?: Duration | undefined;
  recurrenceId?: Time | undefined;
  /** RECURRENCE-ID;RANGE=THISANDFUTURE (§3.2.13): the change applies to later instances too. */
  thisAndFuture?: boolean | undefined;
  rules: RRule[];
  rdates: RDate[];
  exdates: Time[];
  title?: string | undefined;
  location?: string | undefined;
  organizer?: string | undefined;
  attendees?: CalendarAttendee[] | undefined;
  status?: string | undefined;
  transparent?: boolean | undefined;
  calendarCancelled: boolean;
}

/** Thrown while reading one event to leave it out (with the reason) rather than fail the file. */
class SkipEvent extends Error {}

/** A bad value is damage: the event is left out, and it counts towards refusing a file with nothing readable. */
function valueError(p: IcsProperty, e: unknown): unknown {
  return e instanceof ValueError ? new DamageError({ line: p.line, what: `${p.name} ${e.message}` }) : e;
}

/** Why a damaged event is left out, naming the line at fault. */
function damagedWhy(d: Damage): string {
  const what = oneLineWhat(d.what);
  return d.line === undefined
    ? `The event is left out: ${what.charAt(0).toLowerCase()}${what.slice(1)}.`
    : `The event is left out because of line ${d.line}: ${what}.`;
}

/** Thrown while expanding one event when the occurrence limits are reached. */
class TooMany extends ValueError {}

/** Per-VCALENDAR resolution of TZIDs (a TZID is scoped to its calendar object, §3.2.19). */
class ZoneResolver {
  private readonly cache = new Map<string, Zone>();
  constructor(
    private readonly local: Map<string, IcsComponent>,
    private readonly anywhere: () => Map<string, IcsComponent>,
  ) {}

  get(tzid: string): Zone {
    let z = this.cache.get(tzid);
    if (z) return z;
    // An IANA name is trusted over the file's own definition (often cut to a few years);
    // anything else — Outlook's "W. Europe Standard Time", custom ids — uses the VTIMEZONE.
    z = ianaZone(tzid);
    if (!z) {
      const vtz = this.local.get(tzid) ?? this.anywhere().get(tzid);
      if (vtz?.damage) {
        throw new SkipEvent(
          `its time zone ${excerpt(tzid)} is defined by a damaged VTIMEZONE (${damageSentence(vtz.damage).slice(0, -1)})`,
        );
      }
      try {
        z = (vtz && zoneFromVtimezone(vtz, tzid)) ?? guessIanaZone(tzid);
      } catch (e) {
        if (!(e instanceof DamageError)) throw e;
        throw new SkipEvent(`its time zone ${excerpt(tzid)} cannot be read: ${e.message.slice(0, -1)}`);
      }
    }
    if (!z) {
      throw new SkipEvent(
        `its time zone ${excerpt(tzid)} is neither an IANA time zone nor defined by a VTIMEZONE in the file`,
      );
    }
    this.cache.set(tzid, z);
    return z;
  }
}

/** An event left out because it starts outside DATE_RANGE, found before expanding it. */
class OutsideRange extends ValueError {
  constructor(readonly outside: string) {
    super(`its ${outside} is outside the dates Hands-on keeps, ${DATE_RANGE_TEXT}`);
  }
}

/** Longest instance read (5 years): anything longer is a broken end, not an event. */
const MAX_SPAN_DAYS = 5 * 366;

class Reader {
  private readonly out: CalendarOccurrence[] = [];
  private readonly skipped: SkippedEvent[] = [];
  /** Events already reported as dated outside DATE_RANGE: a long series would repeat it per instance. */
  private readonly outOfRange = new Set<EventData>();
  /** Masters and overrides by UID, across all calendars in the file. */
  private readonly byUid = new Map<string, { masters: EventData[]; overrides: EventData[] }>();
  private allTimezones: Map<string, IcsComponent> | undefined;
  /** Events read without damage (in or out of the window): none, with damage, refuses the file. */
  private readable = 0;
  /** Occurrences of the event being expanded. */
  private eventOccurrences = 0;
  private readonly notes: string[] = [];

  constructor(
    private readonly w: Window,
    /** Every fault in the file, from the grammar (parseIcs) and from values. */
    private readonly damage: Damage[],
  ) {}

  /** Damage already told to the user as the reason an event is left out. */
  private readonly told = new Set<Damage>();

  /** Lists an event that the content-line layer found damaged. */
  leaveOutDamaged(c: IcsComponent): void {
    if (c.damage) this.told.add(c.damage);
    const uid = c.props.find((p) => p.name === 'UID')?.value.trim();
    this.skipped.push({
      ...(uid ? { uid } : {}),
      line: c.line,
      why: damagedWhy(c.damage ?? { line: c.line, what: 'the event is damaged' }),
    });
  }

  readCalendarComponent(cal: IcsComponent, all: IcsComponent[]): void {
    const local = new Map<string, IcsComponent>();
    for (const c of cal.children) if (c.name === 'VTIMEZONE') addTimezone(local, c);
    const zones = new ZoneResolver(local, () => {
      if (!this.allTimezones) {
        this.allTimezones = new Map();
        for (const other of all)
          for (const c of other.children) if (c.name === 'VTIMEZONE') addTimezone(this.allTimezones, c);
      }
      return this.allTimezones;
    });
    const method = cal.props
      .find((p) => p.name === 'METHOD')
      ?.value.trim()
      .toUpperCase();
    const floating = this.floatingTimesOf(cal);
    for (const c of cal.children) {
      if (c.name !== 'VEVENT') continue;
      if (c.damage) {
        this.leaveOutDamaged(c);
        continue;
      }
      let ev: EventData;
      try {
        ev = this.readEvent(c, zones, method === 'CANCEL', floating);
      } catch (e) {
        if (!(e instanceof SkipEvent || e instanceof DamageError)) throw e;
        const uid = c.props.find((p) => p.name === 'UID')?.value.trim();
        if (e instanceof DamageError) {
          this.damage.push(e.damage);
          this.told.add(e.damage);
        }
        this.skipped.push({
          ...(uid ? { uid } : {}),
          line: c.line,
          why: e instanceof DamageError ? damagedWhy(e.damage) : `The event is left out: ${e.message}.`,
        });
        continue;
      }
      this.readable++;
      let group = this.byUid.get(ev.uid);
      if (!group) {
        group = { masters: [], overrides: [] };
        this.byUid.set(ev.uid, group);
      }
      (ev.recurrenceId ? group.overrides : group.masters).push(ev);
    }
  }

  /**
   * The zone for this calendar's floating DATE-TIMEs: the one it declares with X-WR-TIMEZONE (Google
   * and Apple write it, and mean "these times are in this zone"), else the profile's. All-day
   * dates stay on the profile's days. A note says when the declared zone is used.
   */
  private floatingTimesOf(cal: IcsComponent): { zone: Zone; used: boolean } {
    const declared = cal.props.find((p) => p.name === 'X-WR-TIMEZONE');
    if (!declared) return { zone: this.w.floating, used: false };
    const name = declared.value.trim();
    const zone = ianaZone(name);
    if (!zone) {
      this.notes.push(
        `The calendar at line ${cal.line} declares X-WR-TIMEZONE:${name}, which is not an IANA time zone; times without a zone were read in ${this.w.floating.id}, the profile's zone.`,
      );
      return { zone: this.w.floating, used: false };
    }
    if (zone.id === this.w.floating.id) return { zone, used: false };
    const floating = { zone, used: false };
    this.pendingNotes.push(() => {
      if (floating.used)
        this.notes.push(
          `Times without a zone in the calendar at line ${cal.line} were read in ${zone.id}, the zone it declares (X-WR-TIMEZONE), not in the profile's ${this.w.floating.id}.`,
        );
    });
    return floating;
  }

  private readonly pendingNotes: (() => void)[] = [];

  private readEvent(
    c: IcsComponent,
    zones: ZoneResolver,
    calendarCancelled: boolean,
    floating: { zone: Zone; used: boolean },
  ): EventData {
    const ev: EventData = {
      uid: '',
      line: c.line,
      sequence: 0,
      stamp: '',
      rules: [],
      rdates: [],
      exdates: [],
      calendarCancelled,
    };
    let dtstamp = '';
    let lastModified = '';
    const time = (p: IcsProperty, v: string = p.value.trim()): Time => {
      try {
        const type = p.params['VALUE']?.toUpperCase();
        if (type === 'DATE' || (type === undefined && v.length === 8))
          return { kind: 'date', day: parseDate(v) };
        const dt = parseDateTime(v);
        if (dt.utc) return { kind: 'time', wall: dt.wall, zone: UTC_ZONE };
        const tzid = p.params['TZID'];
        if (tzid) return { kind: 'time', wall: dt.wall, zone: zones.get(tzid) };
        if (floating.zone !== this.w.floating) floating.used = true;
        return { kind: 'time', wall: dt.wall, zone: floating.zone };
      } catch (e) {
        throw valueError(p, e);
      }
    };
    for (const p of c.props) {
      switch (p.name) {
        case 'UID':
          ev.uid = p.value.trim();
          break;
        case 'DTSTART':
          ev.start = time(p);
          break;
        case 'DTEND':
          ev.end = time(p);
          break;
        case 'DURATION':
          try {
            ev.duration = parseDuration(p.value);
          } catch (e) {
            throw valueError(p, e);
          }
          break;
        case 'RECURRENCE-ID':
          ev.recurrenceId = time(p);
          if (p.params['RANGE']?.toUpperCase() === 'THISANDFUTURE') ev.thisAndFuture = true;
          break;
        case 'RRULE':
          try {
            ev.rules.push(parseRRule(p.value));
          } catch (e) {
            throw valueError(p, e);
          }
          break;
        case 'RDATE':
          for (const v of p.value.split(',')) if (v.trim() !== '') ev.rdates.push(rdate(p, v.trim(), time));
          break;
        case 'EXDATE':
          for (const v of p.value.split(',')) if (v.trim() !== '') ev.exdates.push(time(p, v.trim()));
          break;
        case 'SUMMARY':
          ev.title = unescapeText(p.value);
          break;
        case 'LOCATION':
          ev.location = unescapeText(p.value);
          break;
        case 'ORGANIZER':
          ev.organizer = address(p);
          break;
        case 'ATTENDEE': {
          const email = address(p);
          if (email === '') break;
          const a: CalendarAttendee = {
            email,
            partstat: (p.params['PARTSTAT'] ?? 'NEEDS-ACTION').toUpperCase(),
          };
          const cn = p.params['CN'];
          if (cn) a.name = cn;
          if (ev.attendees) ev.attendees.push(a);
          else ev.attendees = [a];
          break;
        }
        case 'STATUS':
          ev.status = p.value.trim().toUpperCase();
          break;
        case 'TRANSP':
          ev.transparent = p.value.trim().toUpperCase() === 'TRANSPARENT';
          break;
        case 'SEQUENCE':
          ev.sequence = Number.parseInt(p.value, 10) || 0;
          break;
        case 'DTSTAMP':
          dtstamp = p.value.trim();
          break;
        case 'LAST-MODIFIED':
          lastModified = p.value.trim();
          break;
      }
    }
    ev.stamp = lastModified || dtstamp;
    if (!ev.start && !ev.recurrenceId)
      throw new SkipEvent('it has no DTSTART, so it cannot be placed in time');
    if (ev.uid === '') {
      // RFC 5545 requires a UID; a stable stand-in keeps re-imports of the same file idempotent.
      const raw = c.props.find((p) => p.name === 'DTSTART')?.value ?? '';
      ev.uid = `no-uid-${hash(`${raw}\u0000${ev.title ?? ''}`)}`;
    }
    return ev;
  }

  finish(): CalendarReadResult {
    if (this.readable === 0 && this.damage.length > 0) {
      // Nothing could be read and something is broken: an empty import would hide that the
      // file is unusable, so it is refused naming the first fault.
      const first = [...this.damage].sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity))[0]!;
      const more = this.damage.length - 1;
      throw new AppError(
        'import-invalid',
        `${damageSentence(first)}${more > 0 ? ` No event in the file could be read (${more} more ${more === 1 ? 'fault' : 'faults'}).` : ''}`,
      );
    }
    for (const [uid, group] of this.byUid) this.expandGroup(uid, group.masters, group.overrides);
    // Damage outside any event (a broken calendar property, a damaged VTIMEZONE or alarm, a
    // missing END:VCALENDAR) costs no event by itself, but the user should know it was there.
    for (const d of this.damage)
      if (!this.told.has(d)) this.notes.push(`${damageSentence(d)} The rest of the file was read.`);
    for (const note of this.pendingNotes) note();
    this.out.sort((a, b) =>
      a.start < b.start
        ? -1
        : a.start > b.start
          ? 1
          : a.uid < b.uid
            ? -1
            : a.uid > b.uid
              ? 1
              : (a.recurrenceId ?? '') < (b.recurrenceId ?? '')
                ? -1
                : 1,
    );
    return { events: this.out, skipped: this.skipped, notes: this.notes };
  }

  /** Of several copies of one event (or instance), the latest counts (RFC 5546 §2.1.5). */
  private latest(copies: EventData[]): EventData {
    let best = copies[0]!;
    for (const c of copies.slice(1)) {
      if (c.sequence > best.sequence || (c.sequence === best.sequence && c.stamp >= best.stamp)) best = c;
    }
    for (const c of copies) {
      if (c !== best) {
        this.skipped.push({
          uid: c.uid,
          line: c.line,
          why: `An older copy of the event (line ${best.line} has the newer one) is left out.`,
        });
      }
    }
    return best;
  }

  private expandGroup(uid: string, masters: EventData[], overrides: EventData[]): void {
    const master = masters.length > 0 ? this.latest(masters) : undefined;
    let series: Series | undefined;
    this.eventOccurrences = 0;
    if (master?.start) {
      // What the series added is taken back when it turns out too big to keep.
      const kept = this.out.length;
      const said = this.skipped.length;
      try {
        series = this.seriesOf(master, master.start);
        if (overrides.length > 0) this.applyRanges(series, overrides);
        this.emitSeries(series, overrides.length > 0 ? this.overrideKeys(series, overrides) : new Set());
      } catch (e) {
        if (!(e instanceof ValueError)) throw e;
        this.out.length = kept;
        this.skipped.length = said;
        this.skipped.push({
          uid,
          line: master.line,
          why: `The event is left out: ${e.message}.`,
          ...(e instanceof OutsideRange ? { outside: e.outside } : {}),
        });
        return;
      }
    }
    if (overrides.length === 0) return;

    // One override per instance: the latest copy.
    const byKey = new Map<number, EventData[]>();
    // A zone defined by a VTIMEZONE expands its own rules lazily, so placing an override can
    // also hit the step limit: then that change alone is left out.
    const leaveOut = (o: EventData, e: unknown): void => {
      if (!(e instanceof ValueError)) throw e;
      this.skipped.push({ uid, line: o.line, why: `A change to one instance is left out: ${e.message}.` });
    };
    for (const o of overrides) {
      let k: number;
      try {
        k = series ? this.keyIn(series, o.recurrenceId!) : this.instantOf(o.recurrenceId!);
      } catch (e) {
        leaveOut(o, e);
        continue;
      }
      const list = byKey.get(k);
      if (list) list.push(o);
      else byKey.set(k, [o]);
    }
    for (const [key, list] of byKey) {
      const o = list.length === 1 ? list[0]! : this.latest(list);
      try {
        this.addOverride(uid, o, key, master, series);
      } catch (e) {
        leaveOut(o, e);
      }
    }
  }

  private addOverride(
    uid: string,
    o: EventData,
    key: number,
    master: EventData | undefined,
    series: Series | undefined,
  ): void {
    const ridUtc = series ? this.keyInstant(series, key) : this.instantOf(o.recurrenceId!);
    const occ = this.overrideOccurrence(o, master, ridUtc);
    if (!occ) return; // not in the window: nothing to check or to say
    if (series && !this.isInstance(series, key)) {
      this.skipped.push({
        uid,
        line: o.line,
        why: 'A change to one instance is left out: the series has no such instance (it is excluded or past the end of the rule).',
      });
      return;
    }
    if (this.out.length >= MAX_OCCURRENCES_PER_IMPORT) {
      this.skipped.push({
        uid,
        line: o.line,
        why: `A change to one instance is left out: ${this.fileFull()}.`,
      });
      return;
    }
    this.out.push(occ);
  }

  /** Everything needed to walk a master's recurrence set. */
  private seriesOf(m: EventData, start: Time): Series {
    const dateSeries = start.kind === 'date';
    const zone = start.kind === 'time' ? start.zone : this.w.floating;
    const startWall = start.kind === 'date' ? start.day * DAY : start.wall;
    const excludedKeys = new Set<number>();
    const excludedDays = new Set<number>();
    for (const x of m.exdates) {
      if (x.kind === 'date' && !dateSeries) excludedDays.add(x.day);
      else excludedKeys.add(dateSeries ? this.dayOf(x) : this.instantOf(x));
    }
    return {
      m,
      dateSeries,
      zone,
      startWall,
      span: this.spanOf(m, start),
      recurring: m.rules.length > 0 || m.rdates.length > 0,
      excludedKeys,
      excludedDays,
      seen: new Set(),
      ranges: [],
    };
  }

  /** An instance's identity: its start instant, or its day for an all-day series. */
  private keyIn(s: Series, t: Time): number {
    if (s.dateSeries) return this.dayOf(t);
    // A DATE addressing a timed series names the instance on that day (at DTSTART's time).
    if (t.kind === 'date')
      return resolveWall(s.zone, t.day * DAY + (s.startWall - dayOfWall(s.startWall) * DAY)).utc;
    return this.instantOf(t);
  }

  /** The instant an instance key stands for (the RECURRENCE-ID reported). */
  private keyInstant(s: Series, key: number): number {
    return s.dateSeries ? resolveWall(this.w.floating, key * DAY).utc : key;
  }

  /**
   * RANGE=THISANDFUTURE (§3.2.13): an override's move of the start and its length apply to its
   * instance and every later one, and its other properties to them too. Of several such overrides
   * the latest before an instance counts. One that names no instance of the series changes nothing
   * (it is reported as such with the other overrides).
   */
  private applyRanges(s: Series, overrides: EventData[]): void {
    const list = overrides.filter((o) => o.thisAndFuture);
    if (list.length === 0) return;
    const byKey = new Map<number, EventData>();
    for (const o of list) {
      const k = this.keyIn(s, o.recurrenceId!);
      const had = byKey.get(k);
      if (!had || o.sequence > had.sequence || (o.sequence === had.sequence && o.stamp >= had.stamp))
        byKey.set(k, o);
    }
    for (const [key, o] of byKey) {
      if (!this.isInstance(s, key)) continue;
      const shift = o.start ? this.wallInSeries(s, o.start) - this.wallInSeries(s, o.recurrenceId!) : 0;
      const span = o.start ? this.spanOf(o, o.start) : s.span;
      s.ranges.push({
        key,
        shift,
        span,
        ownEnd: o.end !== undefined || o.duration !== undefined,
        props: inherit(o, s.m),
      });
    }
    s.ranges.sort((a, b) => a.key - b.key);
  }

  /** A value as a wall time on the series' clock (a date: its day, at DTSTART's time in a timed series). */
  private wallInSeries(s: Series, t: Time): number {
    if (s.dateSeries) return this.dayOf(t) * DAY;
    if (t.kind === 'date') return t.day * DAY + (s.startWall - dayOfWall(s.startWall) * DAY);
    return t.zone === s.zone ? t.wall : this.wallIn(s.zone, this.instantOf(t));
  }

  private overrideKeys(s: Series, overrides: EventData[]): Set<number> {
    return new Set(overrides.map((o) => this.keyIn(s, o.recurrenceId!)));
  }

  private excluded(s: Series, key: number, wall: number): boolean {
    return s.excludedKeys.has(key) || (s.excludedDays.size > 0 && s.excludedDays.has(dayOfWall(wall)));
  }

  /** Emits the master's own instances in the window, leaving out excluded and overridden ones. */
  private emitSeries(s: Series, overridden: Set<number>): void {
    const w = this.w;
    if (!s.recurring) {
      const utc = resolveWall(s.dateSeries ? w.floating : s.zone, s.startWall).utc;
      // Some servers send a change to a single event as an override of its only instance.
      if (overridden.has(s.dateSeries ? s.startWall / DAY : utc)) return;
      this.emit(s.m, s.startWall, utc, s.zone, s.span, undefined, false);
      return;
    }
    // Instances a THISANDFUTURE override moves may come from outside the window, and last longer.
    let back = 0;
    let ahead = 0;
    let longest = s.span.days * DAY + s.span.ms;
    for (const r of s.ranges) {
      back = Math.max(back, r.shift);
      ahead = Math.max(ahead, -r.shift);
      longest = Math.max(longest, r.span.days * DAY + r.span.ms);
    }
    const slack = longest + back + 2 * DAY;
    this.walk(s, w.to + ahead, w.from - slack, (wall, utc, explicitEnd) => {
      const key = s.dateSeries ? wall / DAY : utc;
      if (s.seen.has(key)) return;
      s.seen.add(key);
      if (this.excluded(s, key, wall) || overridden.has(key)) return;
      const rid = s.dateSeries ? resolveWall(w.floating, wall).utc : utc;
      let range: Range | undefined;
      for (let i = s.ranges.length - 1; i >= 0 && !range; i--)
        if (s.ranges[i]!.key < key) range = s.ranges[i];
      if (!range) {
        this.emit(s.m, wall, utc, s.zone, s.span, rid, true, explicitEnd);
        return;
      }
      const moved = wall + range.shift;
      const at = range.shift === 0 ? utc : resolveWall(s.dateSeries ? w.floating : s.zone, moved).utc;
      const end = explicitEnd === undefined || range.ownEnd ? undefined : explicitEnd + (at - utc);
      this.emit(range.props, moved, at, s.zone, range.span, rid, true, end);
    });
  }

  /**
   * Whether a RECURRENCE-ID names an instance of the series. Instances walked for the window are
   * remembered; one outside it (an instance moved into the window) costs a walk up to it.
   */
  private isInstance(s: Series, key: number): boolean {
    const first = s.dateSeries ? s.startWall / DAY : resolveWall(s.zone, s.startWall).utc;
    if (!s.recurring) return key === first;
    if (this.excluded(s, key, s.dateSeries ? key * DAY : this.wallIn(s.zone, key))) return false;
    if (s.seen.has(key)) return true;
    let found = false;
    try {
      this.walk(s, this.keyInstant(s, key) + 1, undefined, (w, utc) => {
        if ((s.dateSeries ? w / DAY : utc) === key) found = true;
      });
    } catch (e) {
      // A rule too dense to walk that far cannot vouch for the instance.
      if (!(e instanceof ValueError)) throw e;
    }
    return found;
  }

  /**
   * Lists the recurrence set (§3.8.5): DTSTART, then each RRULE's instances, then RDATEs, up to
   * (not including) the instant `to`. EXDATE, overrides and duplicates are the visitor's business.
   * `skipBefore` (a wall time) lets uncounted rules jump over periods long before the window.
   */
  private walk(
    s: Series,
    to: number,
    skipBefore: number | undefined,
    visit: (wall: number, utc: number, explicitEnd?: number) => void,
  ): void {
    const w = this.w;
    const { dateSeries, zone, startWall } = s;
    // DTSTART is always the first instance and counts as one (§3.8.5.3, COUNT in §3.3.10); when
    // it falls into a DST gap it is read like any DATE-TIME (§3.3.5), i.e. moved, not dropped.
    const first = resolveWall(dateSeries ? w.floating : zone, startWall).utc;
    if (first < to) visit(startWall, first);

    // Wall times past this cannot start before `to` in any zone (offsets stay within ±14 h).
    const limitWall = to + 2 * DAY;
    for (const rule of s.m.rules) {
      if (rule.count === 1) continue;
      let count = 1;
      const until = rule.until;
      forEachCandidate(
        rule,
        {
          start: startWall,
          limit: limitWall,
          dateOnly: dateSeries,
          skipBefore: rule.count === undefined ? skipBefore : undefined,
        },
        (wall) => {
          if (wall <= startWall) return true;
          let utc: number;
          if (dateSeries) {
            utc = resolveWall(w.floating, wall).utc;
          } else {
            const r = resolveWall(zone, wall);
            // A generated local time that does not exist is no instance and is not counted
            // (§3.3.10). (§3.8.5.3 suggests moving it instead; we follow §3.3.10.)
            if (r.gap) return true;
            utc = r.utc;
          }
          if (until) {
            const past =
              until.kind === 'utc'
                ? utc > until.ms
                : until.kind === 'wall'
                  ? wall > until.wall
                  : dateSeries
                    ? wall > until.day * DAY
                    : wall >= (until.day + 1) * DAY;
            if (past) return false;
          }
          if (rule.count !== undefined && ++count > rule.count) return false;
          if (utc >= to) return false;
          visit(wall, utc);
          return true;
        },
      );
    }

    for (const r of s.m.rdates) {
      const rs = r.start;
      let wall: number;
      let utc: number;
      if (dateSeries) {
        wall = this.dayOf(rs) * DAY;
        utc = resolveWall(w.floating, wall).utc;
      } else if (rs.kind === 'date') {
        // A date in a timed series: that day at DTSTART's time of day.
        wall = rs.day * DAY + (startWall - dayOfWall(startWall) * DAY);
        utc = resolveWall(zone, wall).utc;
      } else {
        utc = this.instantOf(rs);
        wall = rs.zone === zone ? rs.wall : this.wallIn(zone, utc);
      }
      if (utc >= to) continue;
      let explicitEnd: number | undefined;
      if (r.end) explicitEnd = this.instantOf(r.end);
      else if (r.duration) explicitEnd = utc + r.duration.days * DAY + r.duration.ms;
      visit(wall, utc, explicitEnd);
    }
  }

  /** The occurrence an override describes, or undefined when it lies outside the window. */
  private overrideOccurrence(
    o: EventData,
    master: EventData | undefined,
    ridUtc: number,
  ): CalendarOccurrence | undefined {
    const w = this.w;
    const rid = o.recurrenceId!;
    // An override without DTSTART keeps the instance's time and the master's length.
    const start = o.start ?? rid;
    const props = master ? inherit(o, master) : o;
    const span = o.start || !master?.start ? this.spanOf(o, start) : this.spanOf(master, master.start);
    const zone = start.kind === 'time' ? start.zone : w.floating;
    const wall = start.kind === 'date' ? start.day * DAY : start.wall;
    const utc = resolveWall(zone, wall).utc;
    return this.occurrence(props, wall, utc, zone, span, ridUtc, true);
  }

  /**
   * The length of each instance, refused past MAX_SPAN_DAYS: no meeting, leave or offsite lasts
   * years, and such a span (a DTEND of another value type than DTSTART, a mistyped DURATION) made
   * every instance since year 1 overlap the window — over 20 s of expansion for one event.
   */
  private spanOf(ev: EventData, start: Time): Span {
    const span = this.rawSpanOf(ev, start);
    // A timed span keeps nominal days (DURATION's D and W) apart from its exact time.
    const days = span.allDay ? span.days : span.days + span.ms / DAY;
    if (days > MAX_SPAN_DAYS) {
      // A start or end outside the accepted dates is the plainer reason, and is named as such.
      const at = this.instantOf(start);
      const outside = this.outside(at, at + days * DAY, undefined, undefined);
      if (outside !== undefined) throw new OutsideRange(outside);
      throw new ValueError(
        `each instance would last ${Math.round(days / 365.25)} years, more than the ${MAX_SPAN_DAYS / 366} an event may (check its DTEND or DURATION)`,
      );
    }
    return span;
  }

  /** The length of each instance: exact from DTEND, nominal from DURATION (§3.8.5.3). */
  private rawSpanOf(ev: EventData, start: Time): Span {
    if (start.kind === 'date') {
      let days = 1;
      if (ev.end) days = this.dayOf(ev.end) - start.day;
      else if (ev.duration) days = ev.duration.days + Math.ceil(ev.duration.ms / DAY);
      return { allDay: true, days: days > 0 ? days : 1, ms: 0 };
    }
    if (ev.end) {
      const end =
        ev.end.kind === 'date' ? { kind: 'time' as const, wall: ev.end.day * DAY, zone: start.zone } : ev.end;
      return { allDay: false, days: 0, ms: Math.max(0, this.instantOf(end) - this.instantOf(start)) };
    }
    if (ev.duration) return { allDay: false, days: ev.duration.days, ms: ev.duration.ms };
    return { allDay: false, days: 0, ms: 0 };
  }

  private emit(
    ev: EventData,
    wall: number,
    utc: number,
    zone: Zone,
    span: Span,
    recurrenceId: number | undefined,
    recurring: boolean,
    explicitEnd?: number,
  ): void {
    const o = this.occurrence(ev, wall, utc, zone, span, recurrenceId, recurring, explicitEnd);
    if (!o) return;
    if (++this.eventOccurrences > MAX_OCCURRENCES_PER_EVENT) {
      throw new TooMany(
        `it would have more than ${count(MAX_OCCURRENCES_PER_EVENT)} occurrences between ${new Date(this.w.from).toISOString().slice(0, 10)} and ${new Date(this.w.to).toISOString().slice(0, 10)}, more than a calendar of meetings can hold`,
      );
    }
    if (this.out.length >= MAX_OCCURRENCES_PER_IMPORT) throw new TooMany(this.fileFull());
    this.out.push(o);
  }

  /** The reason for what is left out once the file has used its occurrences. */
  private fileFull(): string {
    return `the file already has ${count(MAX_OCCURRENCES_PER_IMPORT)} occurrences in the period, the most one import reads`;
  }

  /** The occurrence starting at `utc`, or undefined when it does not overlap the window. */
  private occurrence(
    ev: EventData,
    wall: number,
    utc: number,
    zone: Zone,
    span: Span,
    recurrenceId: number | undefined,
    recurring: boolean,
    explicitEnd?: number,
  ): CalendarOccurrence | undefined {
    const w = this.w;
    let end: number;
    let startDay = 0;
    if (span.allDay) {
      startDay = dayOfWall(wall);
      end = resolveFar(w.floating, (startDay + span.days) * DAY);
    } else if (explicitEnd !== undefined) end = explicitEnd;
    else if (span.days !== 0) end = resolveFar(zone, wall + span.days * DAY) + span.ms;
    else end = utc + span.ms;
    if (end < utc) end = utc;
    // Overlap with [from, to); an instant event counts when it lies inside.
    if (utc >= w.to || end < w.from || (end === w.from && end !== utc) || (end === utc && utc < w.from))
      return undefined;
    const outside = this.outside(utc, end, recurrenceId, span.allDay ? [wall, span.days] : undefined);
    if (outside !== undefined) {
      if (!this.outOfRange.has(ev)) {
        this.outOfRange.add(ev);
        this.skipped.push({
          uid: ev.uid,
          line: ev.line,
          why: `The event is left out: its ${outside} is outside the dates Hands-on keeps, ${DATE_RANGE_TEXT}.`,
          outside,
        });
      }
      return undefined;
    }

    const attendees = ev.attendees ?? [];
    let declined = false;
    for (const a of attendees) if (a.partstat === 'DECLINED' && w.emails.has(a.email)) declined = true;
    const o: CalendarOccurrence = {
      uid: ev.uid,
      start: new Date(utc).toISOString(),
      end: new Date(end).toISOString(),
      allDay: span.allDay,
      title: ev.title ?? '',
      attendees,
      declined,
      cancelled: ev.status === 'CANCELLED' || ev.calendarCancelled,
      recurring,
      transparent: ev.transparent === true,
    };
    if (recurrenceId !== undefined)
      o.recurrenceId = recurrenceId === utc ? o.start : new Date(recurrenceId).toISOString();
    if (span.allDay) {
      o.startDate = isoDate(startDay);
      o.endDate = isoDate(startDay + span.days);
    }
    if (ev.location) o.location = ev.location;
    if (ev.organizer) o.organizer = ev.organizer;
    return o;
  }

  /**
   * What of an occurrence lies outside DATE_RANGE (`end 9999-12-31T23:00:00.000Z`), or undefined.
   * Checked on the numbers first: a moment past year 275760 cannot even be written.
   */
  private outside(
    utc: number,
    end: number,
    recurrenceId: number | undefined,
    allDay: [wall: number, days: number] | undefined,
  ): string | undefined {
    // The common case costs no text: every instant inside, no dates to check.
    if (
      !allDay &&
      isTimeInRange(utc) &&
      isTimeInRange(end) &&
      (recurrenceId === undefined || isTimeInRange(recurrenceId))
    )
      return undefined;
    const day = dayOfWall(allDay?.[0] ?? 0);
    return outsideRange({
      start: momentText(utc),
      end: momentText(end),
      'RECURRENCE-ID': recurrenceId === undefined ? undefined : momentText(recurrenceId),
      'start date': allDay ? isoDate(day) : undefined,
      'end date': allDay ? isoDate(day + allDay[1]) : undefined,
    });
  }

  private instantOf(t: Time): number {
    return t.kind === 'date'
      ? resolveWall(this.w.floating, t.day * DAY).utc
      : resolveWall(t.zone, t.wall).utc;
  }

  /** The calendar day of a value: its own date, or the date on its own wall clock. */
  private dayOf(t: Time): number {
    if (t.kind === 'date') return t.day;
    if (t.zone === UTC_ZONE) return dayOfWall(this.wallIn(this.w.floating, t.wall));
    return dayOfWall(t.wall);
  }

  private wallIn(zone: Zone, utc: number): number {
    return utc + zone.offsetAt(utc);
  }
}

/** Farther from 1970 than this, a time cannot be a Date, nor have a time zone offset. */
const FAR = 8.64e15 - 2 * DAY;

/**
 * A wall time as an instant, also when it lies beyond what a Date can hold (a DURATION of
 * P99999999W): then it stays a number past that limit, which the date range check reports.
 */
function resolveFar(zone: Zone, wall: number): number {
  if (wall > FAR) return Number.POSITIVE_INFINITY;
  if (wall < -FAR) return Number.NEGATIVE_INFINITY;
  return resolveWall(zone, wall).utc;
}

interface Span {
  allDay: boolean;
  /** Nominal days (all-day length, or a DURATION's days). */
  days: number;
  /** Exact milliseconds. */
  ms: number;
}

interface Series {
  m: EventData;
  dateSeries: boolean;
  /** The zone of DTSTART (the floating zone for all-day series). */
  zone: Zone;
  startWall: number;
  span: Span;
  recurring: boolean;
  /** Instance keys (instant, or day for all-day series) removed by EXDATE. */
  excludedKeys: Set<number>;
  /** Days removed by a VALUE=DATE EXDATE on a timed series: every instance on that day. */
  excludedDays: Set<number>;
  /** Keys of instances walked so far. */
  seen: Set<number>;
  /** THISANDFUTURE overrides, by ascending key: each reshapes the instances after it. */
  ranges: Range[];
}

/** What a RANGE=THISANDFUTURE override does to each later instance of its series. */
interface Range {
  key: number;
  /** Wall-clock move of the start: the override's DTSTART minus its RECURRENCE-ID. */
  shift: number;
  span: Span;
  /** The override's own DTEND or DURATION replaces an RDATE period's end. */
  ownEnd: boolean;
  props: EventData;
}

/** An override is a full event per RFC 5545, but some producers leave out what did not change. */
function inherit(o: EventData, m: EventData): EventData {
  return {
    ...o,
    title: o.title ?? m.title,
    location: o.location ?? m.location,
    organizer: o.organizer ?? m.organizer,
    attendees: o.attendees ?? m.attendees,
    status: o.status ?? m.status,
    transparent: o.transparent ?? m.transparent,
  };
}

function addTimezone(map: Map<string, IcsComponent>, vtz: IcsComponent): void {
  const id = vtz.props.find((p) => p.name === 'TZID')?.value.trim();
  if (id && !map.has(id)) map.set(id, vtz);
}

function address(p: IcsProperty): string {
  const v = normaliseAddress(p.value);
  // RFC 7986 EMAIL= carries the address when the value is not a mailto: URI.
  if (!v.includes('@') && p.params['EMAIL']) return normaliseAddress(p.params['EMAIL']);
  return v;
}

function rdate(p: IcsProperty, v: string, time: (p: IcsProperty, v: string) => Time): RDate {
  if (p.params['VALUE']?.toUpperCase() !== 'PERIOD' && !v.includes('/')) return { start: time(p, v) };
  const [a = '', b = ''] = v.split('/');
  const start = time(p, a);
  if (/^[+-]?P/i.test(b)) {
    try {
      return { start, duration: parseDuration(b) };
    } catch (e) {
      throw valueError(p, e);
    }
  }
  return { start, end: time(p, b) };
}

/** FNV-1a, for stand-in UIDs. */
function hash(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}
