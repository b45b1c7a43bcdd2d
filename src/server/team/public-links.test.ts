import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PublicSnapshot } from '../../app/public-links/snapshot.js';
import { NO_CALENDAR, OWN_REASONS } from '../../domain/present/public-links.js';
import { kyselyForActor } from '../../store/row-security.js';
import { OG_HEIGHT, OG_WIDTH, ogTexts, ogTree, renderOgImage } from '../og-image.js';
import { type Member, teamInProcess } from './test-support.js';

const PG_URL = process.env['HANDSON_TEST_PG_URL'];
const PUBLIC = 'https://handson.example.org';

/** Written into the leader's journal and account; none of it may reach a public page or image. */
const MARKERS = [
  'SECRET-SESSION-TITLE',
  'SECRET-REFLECTION-TEXT',
  'SECRET-OWN-REASON',
  'SECRET-LEADER-NAME',
  'secret-leader@leak.example',
  'secret-journal@leak.example',
];

const fromHtml = (s: string) =>
  s
    .replaceAll('&lt;', '<')
    .replaceAll('&gt;', '>')
    .replaceAll('&quot;', '"')
    .replaceAll('&#39;', "'")
    .replaceAll('&amp;', '&');

/** Each `<section data-field>` of a public page: its heading and its lines, as a reader sees them. */
function fieldsOnPage(html: string): { id: string; label: string; lines: string[] }[] {
  return [...html.matchAll(/<section data-field="([^"]+)"><h2>(.*?)<\/h2>(.*?)<\/section>/g)].map((m) => ({
    id: m[1]!,
    label: fromHtml(m[2]!),
    lines: [...m[3]!.matchAll(/<(?:p class="value"|li)>(.*?)<\/(?:p|li)>/g)].map((l) => fromHtml(l[1]!)),
  }));
}

/** Width and height from a PNG's IHDR, after checking its signature. */
function pngSize(png: Uint8Array): { width: number; height: number } {
  expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  expect(new TextDecoder().decode(png.subarray(12, 16))).toBe('IHDR');
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

describe.runIf(PG_URL)('public links: a card anyone with the link may read, and nothing else', () => {
  let at = new Date('2026-12-10T09:00:00Z');
  const clock = () => at;
  let team: Awaited<ReturnType<typeof teamInProcess>>;
  let leader: Member;
  let other: Member;
  /** Every answer the leader's calls got: none may carry a marker that is not theirs to see there. */
  const publicAnswers: string[] = [];

  const get = async (path: string) => {
    const res = await team.app.request(`${PUBLIC}${path}`);
    const bytes = new Uint8Array(await res.arrayBuffer());
    const text = new TextDecoder().decode(bytes);
    // An image's metadata chunks are Latin-1 text: read that way too, a marker in them would show.
    publicAnswers.push(
      text,
      new TextDecoder('latin1').decode(bytes),
      JSON.stringify(Object.fromEntries(res.headers)),
    );
    return { res, bytes, text };
  };
  const ok = async (as: Member, path: string, json: unknown) => {
    const a = await team.post(as, path, json);
    expect(a.status, `${path}: ${a.text}`).toBe(200);
    return a;
  };
  const preview = async (item: unknown) =>
    (await ok(leader, '/api/public-links/preview', { item })).data as {
      snapshot: PublicSnapshot;
      fingerprint: string;
    };
  async function publish(item: unknown, days?: number) {
    const { fingerprint } = await preview(item);
    const published = await ok(leader, '/api/public-links/publish', {
      item,
      fingerprint,
      ...(days === undefined ? {} : { days }),
    });
    const url = published.data.url as string;
    return { ...published.data, url, token: url.split('/p/')[1]! } as {
      link: { id: string; expiresAt: string };
      url: string;
      token: string;
      snapshot: PublicSnapshot;
      share: { label: string; href: string }[];
    };
  }

  beforeAll(async () => {
    team = await teamInProcess(PUBLIC, clock);
    // Bootstrapped on the test's clock, so the first admin's link is fresh at the time it is used.
    const admin = await team.join(
      'Admin',
      (await team.directory.bootstrap('Org', 'admin@org.example')).token,
    );
    leader = await team.invite(admin, 'secret-leader@leak.example', 'SECRET-LEADER-NAME');
    other = await team.invite(admin, 'other@org.example', 'Other Person');
    await ok(leader, '/api/profile/init', {
      name: 'SECRET-LEADER-NAME',
      role: 'engineering-manager',
      reports: 7,
      tz: 'UTC',
      emails: ['secret-journal@leak.example'],
    });
    await ok(leader, '/api/reasons/add', {
      id: 'my-own',
      kind: 'watch-out',
      title: 'SECRET-OWN-REASON',
    });
    await ok(leader, '/api/reflections/add', { text: 'SECRET-REFLECTION-TEXT', date: '2026-12-02' });
    const log = (date: string, minutes: number, reasons: string[]) =>
      ok(leader, '/api/journal/log', { title: 'SECRET-SESSION-TITLE', minutes, reasons, date });
    await log('2026-12-01', 120, ['ground-truth']);
    await log('2026-12-02', 60, ['unwind']);
    await log('2026-12-03', 60, ['my-own']);
    await log('2026-12-08', 120, ['ground-truth']);
  }, 120_000);
  afterAll(async () => {
    await team?.close();
  });

  it('previews a report summary from the report itself: the chosen fields, the report’s numbers, no names', async () => {
    const item = {
      kind: 'report',
      from: '2026-12-01',
      to: '2026-12-09',
      fields: ['reasons-mix', 'ic-budget'],
    };
    const { snapshot } = await preview(item);
    // In the allow-list's order, whatever order they were asked in.
    expect(snapshot.fields.map((f) => f.id)).toEqual(['ic-budget', 'reasons-mix']);
    const report = (await ok(leader, '/api/insight/report', { from: '2026-12-01', to: '2026-12-09' })).data;
    const budgetUsed = report.metrics.find((m: { id: string }) => m.id === 'budget-used').value;
    expect(snapshot.fields[0]!.value).toEqual({ usedPct: budgetUsed, budgetPct: report.leader.budgetPct });
    expect(snapshot.fields[0]!.lines[0]).toContain(`${budgetUsed}% of the IC budget`);
    // 240 + 60 + 60 minutes: ground truth 67%, unwind and the leader's own reason 17% each, unnamed.
    expect(snapshot.fields[1]!.value).toEqual([
      { title: 'See the ground truth', pct: 67 },
      { title: OWN_REASONS, pct: 17 },
      { title: 'Unwind with focused work', pct: 17 },
    ]);
    expect(JSON.stringify(snapshot)).not.toMatch(new RegExp(MARKERS.join('|')));
  });

  it('keeps unknown unknown: without a calendar, leadership time is not zero', async () => {
    const { snapshot } = await preview({
      kind: 'report',
      from: '2026-11-30',
      to: '2026-12-06',
      fields: ['leadership-time', 'weeks'],
    });
    expect(snapshot.fields[0]).toMatchObject({ id: 'leadership-time', value: null, lines: [NO_CALENDAR] });
    expect(snapshot.fields[1]).toMatchObject({ id: 'weeks', value: 1, lines: ['1 week'] });
  });

  it('refuses what is not on the allow-list, by name', async () => {
    const refused = async (item: unknown, field: RegExp) => {
      const a = await team.post(leader, '/api/public-links/preview', { item });
      expect(a.status, a.text).toBe(400);
      expect(a.text).toMatch(field);
    };
    await refused({ kind: 'report', from: '2026-12-01', to: '2026-12-07', fields: ['titles'] }, /fields/);
    await refused({ kind: 'report', from: '2026-12-01', to: '2026-12-07', fields: [] }, /at least one field/);
    await refused(
      { kind: 'report', from: '2026-12-01', to: '2026-12-07', fields: ['weeks'], reflections: true },
      /reflections/,
    );
    await refused({ kind: 'reflection', id: 'x' }, /reason or report/);
    await refused(
      { kind: 'report', from: '2025-01-01', to: '2026-12-07', fields: ['weeks'] },
      /at most 400 days/,
    );
  });

  it('publishes only what was previewed', async () => {
    const item = { kind: 'report', from: '2026-12-01', to: '2026-12-09', fields: ['ic-time'] };
    const stale = await team.post(leader, '/api/public-links/publish', {
      item,
      fingerprint: 'not-the-preview',
    });
    expect(stale.status).toBe(409);
    expect(stale.data).toBeUndefined();
    expect(stale.text).toContain('preview');
    const tooLong = await team.post(leader, '/api/public-links/publish', {
      item,
      fingerprint: (await preview(item)).fingerprint,
      days: 366,
    });
    expect(tooLong.status).toBe(400);
  });

  it('shows the chosen fields and nothing else, on the page and in the image', async () => {
    const item = {
      kind: 'report',
      from: '2026-12-01',
      to: '2026-12-09',
      fields: ['ic-budget', 'reasons-mix'],
    };
    const published = await publish(item);
    expect(published.url).toMatch(new RegExp(`^${PUBLIC}/p/[A-Za-z0-9_-]{43}$`));
    // 32 random bytes: 256 bits.
    expect(Buffer.from(published.token, 'base64url')).toHaveLength(32);
    expect(new Date(published.link.expiresAt).getTime() - at.getTime()).toBe(30 * 86_400_000);

    const page = await get(`/p/${published.token}`);
    expect(page.res.status).toBe(200);
    expect(page.res.headers.get('x-robots-tag')).toContain('noindex');
    expect(page.res.headers.get('referrer-policy')).toBe('no-referrer');
    const csp = page.res.headers.get('content-security-policy')!;
    expect(csp).toContain("default-src 'none'");
    expect(csp).not.toMatch(/unsafe|script-src/);
    // The one stylesheet is the one the policy allows, as the browser will hash it.
    const style = /<style>(.*?)<\/style>/s.exec(page.text)![1]!;
    expect(csp).toContain(`'sha256-${createHash('sha256').update(style).digest('base64')}'`);
    expect(page.text).toMatch(/<meta name="robots" content="noindex, nofollow"\/?>/);
    expect(page.text).not.toMatch(
      /<script|<link |<img|https?:\/\/(?!handson\.example\.org|www\.linkedin|x\.com)/,
    );
    expect(page.text).toContain(`<meta property="og:image" content="${published.url}/og.png"/>`);
    expect(page.text).toContain(`<meta property="og:title" content="${published.snapshot.title}"/>`);

    // Field by field: the page says each chosen field as the snapshot has it, and no other.
    const shown = fieldsOnPage(page.text);
    expect(shown).toEqual(
      published.snapshot.fields.map((f) => ({ id: f.id, label: f.label, lines: f.lines })),
    );
    expect(shown.map((f) => f.id)).toEqual(['ic-budget', 'reasons-mix']);

    // The image: a 1200×630 PNG drawn from the same snapshot, its words a subset of the page's.
    const image = await get(`/p/${published.token}/og.png`);
    expect(image.res.status).toBe(200);
    expect(image.res.headers.get('content-type')).toBe('image/png');
    expect(image.res.headers.get('x-robots-tag')).toContain('noindex');
    expect(pngSize(image.bytes)).toEqual({ width: OG_WIDTH, height: OG_HEIGHT });
    const words = ogTexts(ogTree(published.snapshot));
    const s = published.snapshot;
    const allowed = new Set([
      s.kicker,
      s.title,
      'Hands-on',
      ...s.fields.flatMap((f) => [f.label, ...f.lines]),
    ]);
    for (const w of words) expect(allowed, w).toContain(w);
    for (const f of s.fields) {
      expect(words).toContain(f.label);
      expect(words).toContain(f.lines[0]);
    }

    for (const text of publicAnswers) {
      for (const m of MARKERS) expect(text).not.toContain(m);
      expect(text).not.toMatch(/[\w.-]+@[\w-]+\.example/);
    }
  });

  it('renders the image in under 500 ms', async () => {
    const { snapshot } = await preview({
      kind: 'report',
      from: '2026-12-01',
      to: '2026-12-09',
      fields: ['ic-budget', 'ic-time', 'reasons-mix', 'weeks'],
    });
    await renderOgImage(snapshot); // loads satori, resvg and the fonts once
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const started = performance.now();
      const png = await renderOgImage(snapshot);
      times.push(performance.now() - started);
      expect(pngSize(png)).toEqual({ width: 1200, height: 630 });
    }
    const median = times.sort((a, b) => a - b)[2]!;
    console.log(
      `Open Graph image, warm render: median ${median.toFixed(1)} ms of ${times.map((t) => t.toFixed(1)).join(', ')}`,
    );
    expect(median).toBeLessThan(500);
  });

  it('counts opens of the page, not of its image, and shows them to the author only', async () => {
    const { token, link } = await publish({ kind: 'reason', id: 'escape' });
    for (let i = 0; i < 3; i++) expect((await get(`/p/${token}`)).res.status).toBe(200);
    expect((await get(`/p/${token}/og.png`)).res.status).toBe(200);
    const mine = (await team.request(team.app, 'GET', '/api/public-links', leader)).data as {
      id: string;
      opens: number;
    }[];
    expect(mine.find((l) => l.id === link.id)?.opens).toBe(3);
    const theirs = await team.request(team.app, 'GET', '/api/public-links', other);
    expect(theirs.data).toEqual([]);
    expect((await team.post(other, '/api/public-links/revoke', { id: link.id })).status).toBe(404);
    expect((await get(`/p/${token}`)).res.status).toBe(200);
  });

  it('publishes a reason card as the catalogue has it', async () => {
    const { token, snapshot } = await publish({ kind: 'reason', id: 'escape' });
    const reason = (await ok(leader, '/api/reasons/show', { id: 'escape' })).data;
    expect(snapshot.title).toBe(reason.title);
    const page = await get(`/p/${token}`);
    expect(fieldsOnPage(page.text)).toEqual([
      { id: 'summary', label: 'What it is', lines: [reason.summary] },
      { id: 'signals', label: 'Signs it may be at play', lines: reason.signals },
      {
        id: 'questions',
        label: 'Questions to ask yourself',
        lines: reason.questions.map((q: { text: string }) => q.text),
      },
    ]);
    expect(
      (await team.post(leader, '/api/public-links/preview', { item: { kind: 'reason', id: 'nope' } })).status,
    ).toBe(404);
  });

  it('shows a hostile reason of the leader’s own as text', async () => {
    const hostile = '<script>alert(1)</script><img src=x onerror=alert(2)>"\'&';
    await ok(leader, '/api/reasons/add', {
      id: 'hostile',
      kind: 'good',
      title: `Hostile ${hostile}`.slice(0, 80),
      summary: hostile,
      questions: [hostile],
    });
    const { token } = await publish({ kind: 'reason', id: 'hostile' });
    const page = await get(`/p/${token}`);
    // Escaped: the markup is text, and no element of it is in the page.
    expect(page.text).not.toMatch(/<script|<img/);
    expect(fieldsOnPage(page.text)[0]!.lines).toEqual([hostile]);
    expect((await get(`/p/${token}/og.png`)).res.status).toBe(200);
  });

  it('answers 410 once revoked, and forgets what it showed', async () => {
    const { token, link } = await publish({ kind: 'reason', id: 'unwind' });
    expect((await get(`/p/${token}`)).res.status).toBe(200);
    const revoked = await ok(leader, '/api/public-links/revoke', { id: link.id });
    expect(revoked.data).toMatchObject({ live: false, revokedAt: at.toISOString() });
    const gone = await get(`/p/${token}`);
    expect(gone.res.status).toBe(410);
    expect(gone.res.headers.get('x-robots-tag')).toContain('noindex');
    expect(gone.text).not.toContain('Unwind');
    expect((await get(`/p/${token}/og.png`)).res.status).toBe(410);
    const rows = await kyselyForActor(team.engine.pool!, leader.accountId)
      .selectFrom('team_public_links' as never)
      .selectAll()
      .where('id' as never, '=', link.id as never)
      .execute();
    expect((rows[0] as { snapshot: unknown }).snapshot).toBeNull();
  });

  it('answers 404 for an address that was never a link', async () => {
    for (const path of ['/p/not-a-token', `/p/${'A'.repeat(43)}`, `/p/${'A'.repeat(43)}/og.png`]) {
      expect((await get(path)).res.status).toBe(404);
    }
  });

  it('stores the token as its SHA-256 only, and shows a link’s row to no one but its author and its token', async () => {
    const { token, link } = await publish({ kind: 'reason', id: 'ground-truth' });
    const pool = team.engine.pool!;
    const { rows } = await pool.query('select * from team_public_links');
    // The server's role with no one named: row-level security shows nothing.
    expect(rows).toEqual([]);
    const mine = await kyselyForActor(pool, leader.accountId)
      .selectFrom('team_public_links' as never)
      .selectAll()
      .execute();
    expect(mine.length).toBeGreaterThan(3);
    const dump = JSON.stringify(mine);
    expect(dump).not.toContain(token);
    expect(dump).not.toContain(Buffer.from(token, 'base64url').toString('hex'));
    const row = mine.find((r) => (r as { id: string }).id === link.id) as { token_hash: string };
    expect(row.token_hash).toBe(createHash('sha256').update(token).digest('hex'));
    const others = await kyselyForActor(pool, other.accountId)
      .selectFrom('team_public_links' as never)
      .selectAll()
      .execute();
    expect(others).toEqual([]);
  });
  // Last: the clock moves past a day, which ends the test's sessions too.
  it('answers 410 once expired', async () => {
    const { token } = await publish({ kind: 'reason', id: 'empathy' }, 1);
    expect((await get(`/p/${token}`)).res.status).toBe(200);
    at = new Date(at.getTime() + 86_400_000 + 1000);
    expect((await get(`/p/${token}`)).res.status).toBe(410);
    expect((await get(`/p/${token}/og.png`)).res.status).toBe(410);
  });
});
