import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FEATURES, type Features } from '../app/index.js';
import { TestRepo } from '../importers/git/test-support/repo.js';
import { engines, useStore } from '../store/test-support/engines.js';
import { routesOf } from './routes.js';
import { ics, PLANNING_EVENT, PROFILE, type TestApi, testApi } from './test-support/api.js';

/**
 * Every route of every feature, called over HTTP as the web app will: a minimal valid input per
 * handler and what it must answer once the leader has a profile. The map is typed against
 * FEATURES, so a new handler without an entry here does not compile.
 */

interface Fixture {
  /** The body (JSON, or FormData for uploads), or how to make it from a store with a profile. */
  body: unknown | ((api: TestApi) => Promise<unknown>);
  /** A domain error this input must give; 200 when absent. */
  error?: { status: number; code: string };
}

type Fixtures = { [F in keyof Features]: { [H in keyof Features[F]]: Fixture } };

const FIXTURES_DIR = join(import.meta.dirname, '../importers/trackers/fixtures');

function upload(fields: Record<string, string | string[]>, files: { name: string; text: string | Buffer }[]) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) for (const x of [v].flat()) form.append(k, x);
  for (const f of files) form.append('files', new File([f.text], f.name));
  return form;
}

const repos: TestRepo[] = [];
afterAll(() => {
  for (const r of repos) r.remove();
});

const logSession = (api: TestApi, gaps: string[] = []) =>
  api.data<{ session: { id: string }; actions: { id: string }[] }>('journal', 'log', {
    title: 'Fix the flaky checkout test',
    minutes: 90,
    reasons: ['ground-truth'],
    gaps,
  });

const runCheck = (api: TestApi) =>
  api.data<{ id: string }>('check', 'run', {
    title: 'Fix the flaky checkout test',
    hours: 3,
    reasons: ['ground-truth'],
  });

const addReflection = (api: TestApi) =>
  api.data<{ id: string }>('reflections', 'add', { text: 'I took the task because it felt safe.' });

const addCommitment = (api: TestApi) =>
  api.data<{ id: string }>('commitments', 'add', {
    kind: 'one-on-one',
    title: '1:1 with Sam',
    person: 'Sam',
    due: '2026-11-26',
  });

const FIXTURES: Fixtures = {
  profile: {
    init: { body: { ...PROFILE, reports: 7, budgetPct: 15 } },
    show: { body: {} },
  },
  reasons: {
    list: { body: {} },
    show: { body: { id: 'empathy' } },
    add: { body: { id: 'pairing-practice', kind: 'good', title: 'Practise pairing with a new hire' } },
    remove: { body: { id: 'escape' }, error: { status: 409, code: 'conflict' } },
  },
  check: {
    run: { body: { title: 'Fix the flaky checkout test', hours: 3, reasons: ['ground-truth'] } },
    list: { body: {} },
    edit: {
      body: async (api: TestApi) => ({ id: (await runCheck(api)).id, title: 'Fix the checkout test' }),
    },
    delete: { body: async (api: TestApi) => ({ id: (await runCheck(api)).id }) },
    followThrough: { body: {} },
  },
  journal: {
    log: { body: { title: 'Review the deploy script', start: '09:00', end: '10:30', reasons: ['empathy'] } },
    edit: { body: async (api: TestApi) => ({ id: (await logSession(api)).session.id, minutes: 60 }) },
    delete: { body: async (api: TestApi) => ({ id: (await logSession(api)).session.id }) },
    list: { body: { from: '2026-11-01', to: '2026-11-30' } },
  },
  timer: {
    start: { body: { title: 'Fix the flaky deploy', reasons: ['ground-truth'] } },
    status: {
      body: async (api: TestApi) => {
        await api.data('timer', 'start', { title: 'Fix the flaky deploy', reasons: ['ground-truth'] });
        return {};
      },
    },
    // The test server's clock stands still, so a timer started here never runs a whole minute.
    stop: { body: {}, error: { status: 404, code: 'not-found' } },
    discard: {
      body: async (api: TestApi) => {
        // One timer at a time: the `status` fixture may have started it already.
        if ((await api.data('timer', 'status')) === null) {
          await api.data('timer', 'start', { title: 'Started by mistake', reasons: ['unwind'] });
        }
        return {};
      },
    },
  },
  commitments: {
    add: { body: { kind: 'decision', title: 'Pick the on-call rota' } },
    list: { body: { status: 'open' } },
    done: { body: async (api: TestApi) => ({ id: (await addCommitment(api)).id }) },
    cancel: { body: async (api: TestApi) => ({ id: (await addCommitment(api)).id }) },
    postpone: {
      body: async (api: TestApi) => ({ id: (await addCommitment(api)).id, to: '2026-12-03', why: 'offsite' }),
    },
    edit: {
      body: async (api: TestApi) => ({ id: (await addCommitment(api)).id, title: '1:1 with Sam Lee' }),
    },
    schedule: {
      body: async (api: TestApi) => ({
        id: (await addCommitment(api)).id,
        at: '2026-11-26T10:00',
        minutes: 30,
      }),
    },
    invitation: {
      body: async (api: TestApi) => {
        const { id } = await addCommitment(api);
        await api.data('commitments', 'schedule', { id, at: '2026-11-26T10:00', minutes: 30 });
        return { id };
      },
    },
  },
  people: {
    list: { body: {} },
    candidates: { body: {} },
    add: { body: { people: [{ name: 'Priya Sharma', email: 'priya@example.com' }] } },
    edit: {
      body: async (api: TestApi) => {
        const [p] = await api.data<{ id: string }[]>('people', 'add', { people: [{ name: 'Jonas' }] });
        return { id: p!.id, oneOnOneEvery: 14 };
      },
    },
    remove: {
      body: async (api: TestApi) => {
        const [p] = await api.data<{ id: string }[]>('people', 'add', { people: [{ name: 'Sam' }] });
        return { id: p!.id };
      },
    },
  },
  actions: {
    list: { body: {} },
    done: { body: async (api: TestApi) => ({ id: (await logSession(api, ['No runbook'])).actions[0]!.id }) },
  },
  reflections: {
    add: { body: { text: 'I took the task because it felt safe.' } },
    list: { body: {} },
    edit: { body: async (api: TestApi) => ({ id: (await addReflection(api)).id, text: 'It felt safe.' }) },
    delete: { body: async (api: TestApi) => ({ id: (await addReflection(api)).id }) },
  },
  week: {
    summary: { body: { date: '2026-11-25' } },
  },
  backup: {
    export: { body: {} },
    import: { body: async (api: TestApi) => ({ document: await api.data('backup', 'export') }) },
  },
  imports: {
    ics: { body: upload({ calendar: 'Work' }, [{ name: 'work.ics', text: ics([PLANNING_EVENT]) }]) },
    tracker: {
      body: upload({ source: 'github', me: ['dana-o'] }, [
        { name: 'github-issues.json', text: readFileSync(join(FIXTURES_DIR, 'github-issues.json')) },
      ]),
    },
    runs: { body: { limit: 5 } },
  },
  git: {
    import: {
      body: async () => {
        const repo = new TestRepo();
        repos.push(repo);
        repo.commit({
          message: 'Guard against negative quantities',
          author: { name: 'Dana Ortiz', email: 'dana@example.com' },
          at: '2026-11-24T10:00:00+01:00',
          files: { 'cart.ts': 'export const min = 0;\n' },
        });
        return { paths: [repo.dir] };
      },
    },
    sessions: { body: {} },
    days: { body: {} },
  },
  calendars: {
    // Nothing listens on port 9 of this machine: the route answers the connection failure.
    add: {
      body: { url: 'http://127.0.0.1:9/dav/', user: 'dana', password: 'pw' },
      error: { status: 400, code: 'invalid' },
    },
    list: { body: {} },
    sync: { body: { password: 'pw' }, error: { status: 404, code: 'not-found' } },
  },
  events: {
    list: { body: { from: '2026-11-23', to: '2026-11-29' } },
  },
  rules: {
    show: { body: {} },
    save: {
      body: async (api: TestApi) => ({ text: (await api.data<{ text: string }>('rules', 'show')).text }),
    },
    test: { body: { title: '1:1 Sam / Dana', attendees: ['sam@example.com'], recurring: true } },
    reclassify: {
      body: { uid: 'no-such@t', start: '2026-11-24T09:00:00.000Z', category: 'focus', scope: 'this-event' },
      error: { status: 404, code: 'not-found' },
    },
  },
  insight: {
    flags: { body: {} },
    reviewFlag: {
      body: { fingerprint: 'no-such-flag', status: 'dismissed' },
      error: { status: 404, code: 'not-found' },
    },
    weeklyReview: { body: { week: '2026-11-23' } },
    saveReview: { body: { week: '2026-11-23', text: 'A calmer week.' } },
    rebuild: { body: {} },
    report: { body: { from: '2026-11-01', to: '2026-11-25' } },
  },
};

const routes = routesOf(FEATURES);
const table = routes.map((r) => {
  const fixture = (FIXTURES as unknown as Record<string, Record<string, Fixture>>)[r.feature]?.[r.name];
  return { route: `${r.feature}.${r.name}`, path: r.path, feature: r.feature, name: r.name, fixture };
});

describe('the route table', () => {
  it('has one POST route per handler of every feature, and a fixture for each', () => {
    const handlers = Object.entries(FEATURES).flatMap(([f, hs]) =>
      Object.keys(hs).map((h) => `/api/${f}/${h}`),
    );
    expect(routes.map((r) => r.path)).toEqual(handlers);
    expect(table.filter((t) => t.fixture === undefined).map((t) => t.route)).toEqual([]);
  });

  it('answers on GET exactly the handlers that declare they only read, never an upload', () => {
    expect(routes.filter((r) => r.get).map((r) => `${r.feature}.${r.name}`)).toEqual([
      'profile.show',
      'reasons.list',
      'reasons.show',
      'check.list',
      'check.followThrough',
      'journal.list',
      'timer.status',
      'commitments.list',
      'commitments.invitation',
      'people.list',
      'people.candidates',
      'actions.list',
      'reflections.list',
      'week.summary',
      'backup.export',
      'imports.runs',
      'git.sessions',
      'git.days',
      'calendars.list',
      'events.list',
      'rules.show',
      'rules.test',
      'insight.flags',
      'insight.weeklyReview',
      'insight.report',
    ]);
    expect(routes.filter((r) => r.get !== (r.handler.readOnly === true))).toEqual([]);
    expect(routes.filter((r) => r.handler.readOnly && r.fileFields.length > 0)).toEqual([]);
  });

  it('finds the uploads by their schema: the ICS and tracker imports take files', () => {
    expect(routes.filter((r) => r.fileFields.length > 0).map((r) => [r.path, r.fileFields])).toEqual([
      ['/api/imports/ics', ['files']],
      ['/api/imports/tracker', ['files']],
    ]);
  });
});

describe.each(engines)('every route on %s', (engine) => {
  const h = useStore(engine);

  it.each(table.map((t) => [t.path, t] as const))('POST %s', async (_path, { feature, name, fixture }) => {
    const api = testApi(h().store);
    await api.data('profile', 'init', PROFILE);
    const body = typeof fixture!.body === 'function' ? await fixture!.body(api) : fixture!.body;
    const res = await api.call(feature, name, body);
    const json = (await res.json()) as { data?: unknown; error?: { code: string; message: string } };
    if (fixture!.error) {
      expect({ status: res.status, code: json.error?.code }).toEqual(fixture!.error);
      expect(json.error!.message.length).toBeGreaterThan(10);
    } else {
      expect(json.error).toBeUndefined();
      expect(res.status).toBe(200);
      expect(json).toHaveProperty('data');
    }
  });

  it('before init, answers every route with data or an error in the one shape — never a bug', async () => {
    const api = testApi(h().store);
    const answers: Record<string, string> = {};
    for (const r of routes) {
      const res = await api.call(r.feature, r.name, r.fileFields.length > 0 ? new FormData() : {});
      const json = (await res.json()) as { data?: unknown; error?: { code: string; message: string } };
      expect(res.status, `${r.path}: ${JSON.stringify(json)}`).toBeLessThan(500);
      if (res.status === 200) expect(json).toHaveProperty('data');
      else expect(Object.keys(json.error ?? {}).sort()).toEqual(expect.arrayContaining(['code', 'message']));
      answers[`${r.feature}.${r.name}`] = res.status === 200 ? 'ok' : json.error!.code;
    }
    expect(api.log.filter((l) => !/^POST \/api\/\S+ \d{3} \d+ms$/.test(l))).toEqual([]);
    // The use cases that need a profile say so in the words the CLI uses.
    expect(answers['week.summary']).toBe('no-profile');
    expect(answers['check.run']).toBe('invalid');
    expect(answers['journal.list']).toBe('ok');
  });

  it('answers read-only use cases on GET too, without changing anything', async () => {
    const api = testApi(h().store);
    await api.data('profile', 'init', PROFILE);
    await logSession(api, ['No runbook']);
    // A commitment with a time booked, so that its invitation has something to answer with.
    const { id: booked } = await addCommitment(api);
    await api.data('commitments', 'schedule', { id: booked, at: '2026-11-26T10:00', minutes: 30 });
    const before = await api.data<Record<string, unknown>>('backup', 'export');
    for (const r of routes.filter((x) => x.get)) {
      const query =
        r.feature === 'commitments' && r.name === 'invitation'
          ? `?id=${booked}`
          : r.name === 'show' && r.feature === 'reasons'
            ? '?id=empathy'
            : r.feature === 'insight' && r.name === 'report'
              ? '?from=2026-11-01&to=2026-11-25'
              : r.feature === 'rules' && r.name === 'test'
                ? '?title=Standup&recurring=true'
                : '';
      const res = await api.request(`${r.path}${query}`);
      expect(res.status, `GET ${r.path}: ${await res.clone().text()}`).toBe(200);
    }
    const after = await api.data<Record<string, unknown>>('backup', 'export');
    expect({ ...after, exportedAt: '' }).toEqual({ ...before, exportedAt: '' });
  });
});

describe.each(engines)('a caller who is not the journal’s owner, on %s', (engine) => {
  const h = useStore(engine);

  // The local server always acts as the store's owner; a server that signs people in (issue 11)
  // sets `actor` per request. Every route, with the input that works for the owner, must then
  // refuse with 403 before anything runs — the same for the charts, which go through invoke too.
  it('gets 403 from every route and every chart, with the owner’s journal unchanged', async () => {
    const owner = testApi(h().store);
    await owner.data('profile', 'init', PROFILE);
    await logSession(owner, ['No runbook']);
    // The inputs first (some are made by the owner's own calls), then the journal as it stands.
    const calls: { feature: string; name: string; body: unknown }[] = [];
    for (const { feature, name, fixture } of table) {
      const body = typeof fixture!.body === 'function' ? await fixture!.body(owner) : fixture!.body;
      calls.push({ feature, name, body });
    }
    const before = await owner.data<Record<string, unknown>>('backup', 'export');

    const stranger = testApi(h().store, { actor: { id: 'someone-else' } });
    const answers: string[] = [];
    for (const { feature, name, body } of calls) {
      const res = await stranger.call(feature, name, body);
      const json = (await res.json()) as { error?: { code: string; message: string } };
      answers.push(`${feature}.${name} ${res.status} ${json.error?.code}`);
    }
    expect(answers.filter((a) => !a.endsWith(' 403 forbidden'))).toEqual([]);
    expect(answers).toHaveLength(table.length);
    const chart = await stranger.request('/api/charts/reasons.svg?from=2026-11-01&to=2026-11-25');
    expect(chart.status).toBe(403);

    const after = await owner.data<Record<string, unknown>>('backup', 'export');
    expect({ ...after, exportedAt: '' }).toEqual({ ...before, exportedAt: '' });
  });
});
