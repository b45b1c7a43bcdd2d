import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { handler } from '../app/handler.js';
import { AppError } from '../errors.js';
import { engines, useStore } from '../store/test-support/engines.js';
import { INTERNAL_MESSAGE } from './respond.js';
import { ics, PLANNING_EVENT, PROFILE, SECRET, testApi } from './test-support/api.js';

type Answer = { data?: unknown; error?: { code: string; message: string; field?: string } };

const ONE_ON_ONE = [
  'BEGIN:VEVENT',
  'UID:weekly-1on1@example.com',
  'DTSTART;TZID=Europe/Berlin:20261102T100000',
  'DTEND;TZID=Europe/Berlin:20261102T103000',
  'RRULE:FREQ=WEEKLY;COUNT=8',
  'SUMMARY:Priya / Dana',
  'ORGANIZER:mailto:dana@example.com',
  'ATTENDEE;PARTSTAT=ACCEPTED:mailto:dana@example.com',
  'ATTENDEE;PARTSTAT=ACCEPTED:mailto:priya@example.com',
  'END:VEVENT',
].join('\r\n');

describe.each(engines)('the API on %s', (engine) => {
  const h = useStore(engine);

  it('answers a use case with its data, as the CLI would compute it', async () => {
    const api = testApi(h().store);
    const res = await api.call('profile', 'init', PROFILE);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const { data } = (await res.json()) as { data: { profile: { name: string }; budgetPct: number } };
    expect(data.profile.name).toBe('Dana Ortiz');
    const week = await api.data<{ week: { start: string }; today: string }>('week', 'summary');
    // The server's clock (25 Nov 2026, a Wednesday) decides "this week".
    expect(week).toMatchObject({ today: '2026-11-25', week: { start: '2026-11-23' } });
  });

  it('answers a kept read with the same JSON until the journal changes, then with the new answer', async () => {
    const api = testApi(h().store);
    await api.data('profile', 'init', PROFILE);
    const read = async () => {
      const res = await api.call('week', 'summary');
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      return res.text();
    };
    const first = await read();
    expect((JSON.parse(first) as { data: { time: { ic: { logged: number } } } }).data.time.ic.logged).toBe(0);
    expect(await read()).toBe(first);
    await api.data('journal', 'log', { title: 'Fix flaky deploy', minutes: 90, reasons: ['ground-truth'] });
    const after = await read();
    expect((JSON.parse(after) as { data: { time: { ic: { logged: number } } } }).data.time.ic.logged).toBe(
      90,
    );
    // On GET too, from the same kept answer.
    const got = await api.request('/api/week/summary');
    expect(await got.text()).toBe(after);
  });

  it('refuses bad input with 400 naming the field, exactly as the handler’s schema says', async () => {
    const api = testApi(h().store);
    await api.data('profile', 'init', PROFILE);
    const cases: [string, string, unknown, string, RegExp][] = [
      ['journal', 'log', { title: 'x', minutes: 'lots', reasons: ['empathy'] }, 'minutes', /^minutes: /],
      ['journal', 'log', { title: 'x', reasons: ['empathy'] }, 'minutes', /minutes, or a start and an end/],
      ['check', 'run', { title: 'x', hours: 2, reasons: ['vanity'] }, 'reasons', /unknown reason "vanity"/],
      ['week', 'summary', { date: '2026-02-30' }, 'date', /^date: expected a date as YYYY-MM-DD/],
      [
        'profile',
        'init',
        { ...PROFILE, emails: ['not-an-email'] },
        'emails.0',
        /^emails\.0: expected an email/,
      ],
    ];
    for (const [feature, name, body, field, message] of cases) {
      const res = await api.call(feature, name, body);
      const json = (await res.json()) as Answer;
      expect({ status: res.status, code: json.error?.code, field: json.error?.field }).toEqual({
        status: 400,
        code: 'invalid',
        field,
      });
      expect(json.error!.message).toMatch(message);
    }
  });

  it('says what is wrong with a body that is not JSON, or of the wrong kind', async () => {
    const api = testApi(h().store);
    const post = (path: string, body: string, type?: string) =>
      api.request(path, { method: 'POST', body, ...(type ? { headers: { 'content-type': type } } : {}) });
    const cases: [Promise<Response>, number, string, RegExp][] = [
      [post('/api/week/summary', '{"date": ', 'application/json'), 400, 'invalid', /not valid JSON/],
      [
        post('/api/week/summary', 'date=2026-11-25', 'application/x-www-form-urlencoded'),
        415,
        'unsupported-media-type',
        /application\/json/,
      ],
      [
        post('/api/week/summary', '{"date":"2026-11-25"}', 'text/plain'),
        415,
        'unsupported-media-type',
        /not text\/plain/,
      ],
      [
        post('/api/imports/ics', '{"files": []}', 'application/json'),
        415,
        'unsupported-media-type',
        /multipart\/form-data .*"files"/,
      ],
      [post('/api/reasons/list', '[1, 2]', 'application/json'), 400, 'invalid', /expected object/],
    ];
    for (const [pending, status, code, message] of cases) {
      const res = await pending;
      const json = (await res.json()) as Answer;
      expect({ status: res.status, code: json.error?.code }).toEqual({ status, code });
      expect(json.error!.message).toMatch(message);
    }
    // No body at all is an empty input.
    const empty = await api.request('/api/reasons/list', { method: 'POST' });
    expect(empty.status).toBe(200);
  });

  it('answers an unknown route 404 and a known one with the wrong method 405, in the error shape', async () => {
    const api = testApi(h().store);
    const cases: [string, string, number, string, string | null][] = [
      ['POST', '/api/week/nope', 404, 'not-found', null],
      ['POST', '/api/nope/summary', 404, 'not-found', null],
      ['GET', '/nope', 404, 'not-found', null],
      ['GET', '/api/journal/log', 405, 'method-not-allowed', 'POST'],
      ['DELETE', '/api/week/summary', 405, 'method-not-allowed', 'GET, HEAD, POST'],
    ];
    for (const [method, path, status, code, allow] of cases) {
      const res = await api.request(path, { method });
      const json = (await res.json()) as Answer;
      expect({ status: res.status, code: json.error?.code, allow: res.headers.get('allow') }).toEqual({
        status,
        code,
        allow,
      });
    }
  });

  it('refuses a body over the size limit with 413', async () => {
    const api = testApi(h().store, { maxBodyBytes: 1024 });
    const big = JSON.stringify({ text: 'x'.repeat(2000) });
    const res = await api.request('/api/rules/save', {
      method: 'POST',
      body: big,
      headers: { 'content-type': 'application/json', 'content-length': String(big.length) },
    });
    expect(res.status).toBe(413);
    expect(((await res.json()) as Answer).error!.code).toBe('too-large');
    // Without a length up front (a streamed upload), the limit still holds.
    const form = new FormData();
    form.append('files', new File(['x'.repeat(4000)], 'big.ics'));
    const streamed = await api.call('imports', 'ics', form);
    expect(streamed.status).toBe(413);
    // A backup too big for the web app points at the terminal, which takes bigger files.
    const backup = JSON.stringify({ document: { format: 'x', notes: 'x'.repeat(2000) } });
    const refused = await api.request('/api/backup/import', {
      method: 'POST',
      body: backup,
      headers: { 'content-type': 'application/json', 'content-length': String(backup.length) },
    });
    expect(refused.status).toBe(413);
    expect(((await refused.json()) as Answer).error!.message).toContain('handson import FILE');
  });

  it('imports calendars from a multipart upload, one calendar per file, and lists their events', async () => {
    const api = testApi(h().store);
    await api.data('profile', 'init', PROFILE);
    const form = new FormData();
    form.append('files', new File([ics([ONE_ON_ONE])], 'Team 1-1s.ics', { type: 'text/calendar' }));
    form.append('files', new File([ics([PLANNING_EVENT])], 'Work.ics', { type: 'text/calendar' }));
    form.append('from', '2026-11-01');
    form.append('to', '2026-12-31');
    const reports = await api.data<{ target: string; added: number; error?: string }[]>(
      'imports',
      'ics',
      form,
    );
    expect(reports.map((r) => [r.target, r.added, r.error])).toEqual([
      ['Team 1-1s', 8, undefined],
      ['Work', 1, undefined],
    ]);

    const res = await api.request('/api/events/list?from=2026-11-23&to=2026-11-29');
    const events = ((await res.json()) as { data: { title: string; calendar: string; category: string }[] })
      .data;
    expect(events.map((e) => [e.title, e.calendar, e.category])).toEqual([
      ['Priya / Dana', 'Team 1-1s', 'one-on-one'],
      ['Quarterly planning', 'Work', expect.any(String)],
    ]);

    // The same upload again changes nothing; a text field where a file belongs is refused.
    const again = new FormData();
    again.append('files', new File([ics([PLANNING_EVENT])], 'Work.ics'));
    expect((await api.data<{ unchanged: number }[]>('imports', 'ics', again))[0]!.unchanged).toBe(1);
    const text = new FormData();
    text.append('files', 'BEGIN:VCALENDAR');
    const refused = await api.call('imports', 'ics', text);
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as Answer).error).toMatchObject({ field: 'files' });
    const none = await api.call('imports', 'ics', new FormData());
    expect(((await none.json()) as Answer).error!.message).toBe('files: expected at least one .ics file');
  });

  it('reads GET input from the query string: numbers, booleans and repeated lists', async () => {
    const api = testApi(h().store);
    await api.data('profile', 'init', PROFILE);
    for (const title of ['a', 'b', 'c'])
      await api.data('check', 'run', { title, hours: 1, reasons: ['empathy'] });
    const list = await api.request('/api/check/list?limit=2');
    expect(((await list.json()) as { data: unknown[] }).data).toHaveLength(2);

    const bad = (await (await api.request('/api/check/list?limit=many')).json()) as Answer;
    expect(bad.error).toMatchObject({ code: 'invalid', field: 'limit' });
    const twice = (await (
      await api.request('/api/week/summary?date=2026-11-25&date=2026-11-26')
    ).json()) as Answer;
    expect(twice.error).toMatchObject({
      code: 'invalid',
      field: 'date',
      message: 'date: expected one value, got 2',
    });

    const test = await api.request(
      '/api/rules/test?title=Sync&attendees=sam%40example.com&attendees=lee%40example.com&recurring=true',
    );
    expect(test.status).toBe(200);
    const wrong = (await (await api.request('/api/rules/test?title=Sync&recurring=maybe')).json()) as Answer;
    expect(wrong.error).toMatchObject({ code: 'invalid', field: 'recurring' });
  });

  it('serves a calendar invitation as a file to save, and refuses in the one error shape', async () => {
    const api = testApi(h().store);
    await api.data('profile', 'init', PROFILE);
    const { id } = await api.data<{ id: string }>('commitments', 'add', {
      kind: 'tough-conversation',
      title: 'Talk to "Sam" about on-call',
    });
    // Nothing booked yet: a refusal, in JSON like any other, not an empty file.
    const early = await api.request(`/api/commitments/invitation.ics?id=${id}`);
    expect(early.status).toBe(409);
    expect(((await early.json()) as Answer).error).toMatchObject({ code: 'conflict', field: 'id' });

    await api.data('commitments', 'schedule', { id, at: '2026-11-26T14:30', minutes: 45 });
    const res = await api.request(`/api/commitments/invitation.ics?id=${id}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/calendar; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(
      'attachment; filename="talk-to-sam-about-on-call.ics"',
    );
    const text = await res.text();
    // 14:30 in Berlin is 13:30 UTC.
    expect(text).toContain('DTSTART:20261126T133000Z');
    expect(text).toContain(`UID:${id}@commitments.handson`);
    // The same invitation the JSON answer carries.
    const json = await api.data<{ ics: string }>('commitments', 'invitation', { id });
    expect(text).toBe(json.ics);
    // Only GET: a link is all that fetches it.
    expect((await api.request(`/api/commitments/invitation.ics?id=${id}`, { method: 'POST' })).status).toBe(
      404,
    );
  });

  it('logs one line per request — method, path, status, time — and never the query string', async () => {
    const api = testApi(h().store);
    await api.request(`/api/week/summary?key=${SECRET}&date=2026-11-25`);
    await api.request('/api/reasons/list?secret=hush');
    await api.call('week', 'summary');
    expect(api.log).toHaveLength(3);
    expect(api.log[0]).toMatch(/^GET \/api\/week\/summary 303 \d+ms$/);
    expect(api.log[1]).toMatch(/^GET \/api\/reasons\/list 200 \d+ms$/);
    expect(api.log[2]).toMatch(/^POST \/api\/week\/summary 409 \d+ms$/);
    expect(api.log.join('\n')).not.toMatch(new RegExp(`${SECRET}|hush`));
  });

  it('answers with a stored reason the catalogue leaves out, and logs a warning naming it', async () => {
    const api = testApi(h().store);
    await h().store.upsertReason({
      id: 'has space',
      kind: 'good',
      title: 'From an old backup',
      summary: '',
      questions: [],
      signals: [],
      builtin: false,
    });
    const list = await api.data<{ id: string }[]>('reasons', 'list');
    expect(list.map((r) => r.id)).not.toContain('has space');
    expect(api.log).toEqual([
      expect.stringMatching(/^warning: Your reason "has space" is left out of the catalogue \(id: /),
      expect.stringMatching(/^POST \/api\/reasons\/list 200 \d+ms$/),
    ]);
  });

  it('answers a bug with 500 and a plain sentence; the stack goes to the log only', async () => {
    const features = {
      broken: {
        crash: handler({
          access: 'owner',
          touches: [],
          summary: 'Fails like a bug does.',
          input: z.object({}),
          async run(): Promise<never> {
            throw new TypeError("Cannot read properties of undefined (reading 'minutes')");
          },
        }),
        refuse: handler({
          access: 'owner',
          touches: [],
          summary: 'Fails like a user mistake does.',
          input: z.object({}),
          async run(): Promise<never> {
            throw new AppError('conflict', 'Action "a1" is already done.');
          },
        }),
      },
    };
    const api = testApi(h().store, { features });
    const res = await api.call('broken', 'crash');
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ error: { code: 'internal', message: INTERNAL_MESSAGE } });
    expect(text).not.toMatch(/TypeError|minutes|\bat /);
    expect(api.log.join('\n')).toMatch(/TypeError: Cannot read properties[\s\S]*\n\s+at /);

    const user = await api.call('broken', 'refuse');
    expect(user.status).toBe(409);
    expect(await user.json()).toEqual({
      error: { code: 'conflict', message: 'Action "a1" is already done.' },
    });
  });

  it('serves a temporary page at / that links the API description', async () => {
    const api = testApi(h().store);
    const res = await api.request('/');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await res.text()).toContain('href="/api/openapi.json"');
  });
});
