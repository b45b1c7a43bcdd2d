import type { Context, Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import { z } from 'zod';
import type { AppContext } from '../../app/context.js';
import { itemOf, ShareItemSchema, type Snapshot, snapshotOf } from '../../app/sharing/snapshot.js';
import { AppError } from '../../errors.js';
import { body } from './body.js';
import type { Account } from './directory.js';
import type { EventHub } from './events.js';
import type { RouteSpecs } from './route-spec.js';
import { type AccessEntry, canonical, type TeamSharing, type Via } from './sharing.js';

type Env = { Variables: { account: Account; token: string } };

/** A comment line this often keeps proxies from closing a quiet stream, and checks the session. */
export const HEARTBEAT_MS = 20_000;

const Id = z.object({ id: z.string().trim().min(1, 'expected an id').max(100) });
const InviteCoach = z.object({
  email: z.email({ message: 'expected the email address of someone in your organisation' }).max(320),
});
const AddShare = z.object({
  coachingId: z.string().trim().min(1, 'expected the id of a coaching (see GET /api/coaching)').max(100),
  item: ShareItemSchema,
  expiresAt: z.iso
    .datetime({ offset: true, message: 'expected a time such as 2026-12-31T18:00:00Z' })
    .optional(),
});
const Comment = z.object({
  id: z.string().trim().min(1, 'expected the shared item’s id').max(100),
  body: z.string().trim().min(1, 'expected a comment').max(5000, 'expected at most 5,000 characters'),
});

/**
 * Who may call the coaching and sharing routes: any signed-in person, on their own relationships
 * and items only — each use case checks the caller is the item's leader or its coach, and
 * row-level security checks it again (sharing.ts).
 */
export const SHARING_ROUTES = {
  'POST /api/coaching/invite': {
    policy: 'leader-or-coach',
    summary: 'Ask someone of your organisation to coach you; they see nothing until you share an item.',
    input: InviteCoach,
  },
  'GET /api/coaching': { policy: 'leader-or-coach', summary: 'Your coaching relationships, both ways.' },
  'POST /api/coaching/accept': {
    policy: 'leader-or-coach',
    summary: 'Accept an invitation to coach someone.',
    input: Id,
  },
  'POST /api/coaching/end': {
    policy: 'leader-or-coach',
    summary: 'End a coaching (either side may); every item shared in it stops being visible.',
    input: Id,
  },
  'POST /api/shares/add': {
    policy: 'leader-or-coach',
    summary: 'Share one item of your journal, as a frozen snapshot, with your coach.',
    input: AddShare,
  },
  'GET /api/shares/mine': {
    policy: 'leader-or-coach',
    summary: 'What you shared, with whether each item changed since.',
  },
  'POST /api/shares/update': {
    policy: 'leader-or-coach',
    summary: 'Share the item as it is now: a new version of the snapshot.',
    input: Id,
  },
  'POST /api/shares/revoke': {
    policy: 'leader-or-coach',
    summary: 'Stop sharing an item; the next request on any instance no longer shows it.',
    input: Id,
  },
  'GET /api/shares/with-me': { policy: 'leader-or-coach', summary: 'Items shared with you as a coach.' },
  'GET /api/shares/item/:id': {
    policy: 'leader-or-coach',
    summary: 'One shared item with its comments; reading it as the coach is logged.',
  },
  'POST /api/shares/comment': {
    policy: 'leader-or-coach',
    summary: 'Comment on an item shared between you and your coach.',
    input: Comment,
  },
  'GET /api/shares/access-log': {
    policy: 'leader-or-coach',
    summary: 'Every share, update, revoke, view and comment on your items.',
  },
  'GET /api/shares/access-log.csv': {
    policy: 'leader-or-coach',
    summary: 'The access log as a CSV file.',
    produces: 'text/csv',
  },
  // The caller's own news: ids of what changed for them, nothing else.
  'GET /api/events': {
    policy: 'signed-in',
    summary: 'Live updates as server-sent events (ids only), with Last-Event-ID replay.',
    produces: 'text/event-stream',
  },
} satisfies RouteSpecs;

/** The web app says it is the web app; anything else on the API is a script. */
const viaOf = (c: Context): Via => (c.req.header('x-handson-via') === 'web' ? 'web' : 'api');

const CSV_HEAD = 'at,action,item,kind,share id,who,version,through';
const csvCell = (s: string | number) => {
  const t = String(s);
  // A cell a spreadsheet would run as a formula starts with one of these: quoted and prefixed.
  const safe = /^[=+\-@\t\r]/.test(t) ? `'${t}` : t;
  return /[",\n\r']/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
};
export function accessLogCsv(entries: readonly AccessEntry[]): string {
  const lines = entries.map((e) =>
    [e.at, e.action, e.title, e.kind, e.shareId, e.actor.name, e.version, e.via].map(csvCell).join(','),
  );
  return `${[CSV_HEAD, ...lines].join('\r\n')}\r\n`;
}

/**
 * Coaching and sharing, item by item (issue 11). The snapshot of an item is made from the
 * leader's own journal (`journalOf`), through the same use cases every surface calls.
 */
export function mountSharingRoutes(
  app: Hono<Env>,
  deps: {
    sharing: TeamSharing;
    journalOf: (account: Account) => AppContext;
    /** Live updates; without it (a test of routes only) /api/events is not offered. */
    events?:
      | { hub: EventHub; stillSignedIn(token: string): Promise<boolean>; heartbeatMs?: number }
      | undefined;
    log: (line: string) => void;
  },
): void {
  const { sharing, journalOf, log } = deps;
  const as = (c: Context<Env>) => sharing.as(c.get('account'));

  async function snapshotFor(c: Context<Env>, coachId: string, item: z.output<typeof ShareItemSchema>) {
    const sharedChecks = await as(c).sharedChecks(coachId);
    return snapshotOf(journalOf(c.get('account')), item, sharedChecks);
  }

  app.post('/api/coaching/invite', async (c) => {
    const input = await body(c, InviteCoach);
    const coaching = await as(c).inviteCoach(input.email);
    log(`coaching ${coaching.id} asked for by ${c.get('account').id}`);
    return c.json({ data: coaching });
  });
  app.get('/api/coaching', async (c) => c.json({ data: await as(c).coaching() }));
  app.post('/api/coaching/accept', async (c) => {
    const { id } = await body(c, Id);
    return c.json({ data: await as(c).accept(id) });
  });
  app.post('/api/coaching/end', async (c) => {
    const { id } = await body(c, Id);
    const ended = await as(c).end(id, viaOf(c));
    log(`coaching ${id} ended by ${c.get('account').id}; ${ended.revoked} shares revoked`);
    return c.json({ data: ended });
  });

  app.post('/api/shares/add', async (c) => {
    const input = await body(c, AddShare);
    const me = as(c);
    const coaching = await me.activeCoaching(input.coachingId);
    const snapshot: Snapshot = await snapshotFor(c, coaching.coach_id, input.item);
    const share = await me.share(
      coaching,
      snapshot,
      input.expiresAt === undefined ? null : new Date(input.expiresAt),
      viaOf(c),
    );
    log(`share ${share.id} made by ${c.get('account').id}`);
    return c.json({ data: share });
  });

  /**
   * My shares, each compared with the item as it is in my journal today: `current` says whether
   * it changed since I shared it (then I am asked whether to share the update) or is gone.
   */
  app.get('/api/shares/mine', async (c) => {
    const me = as(c);
    const shares = await me.mine();
    const compared = [];
    for (const s of shares) {
      if (!s.live) {
        compared.push({ ...s, current: 'not-shared' as const });
        continue;
      }
      const stored = await me.myShare(s.id);
      let current: 'same' | 'changed' | 'gone';
      try {
        const now = await snapshotFor(c, s.coach.id, itemOf(s.kind, s.key));
        current = canonical(now.content) === canonical(stored.snapshot) ? 'same' : 'changed';
      } catch (e) {
        if (!(e instanceof AppError) || e.code !== 'not-found') throw e;
        current = 'gone';
      }
      compared.push({ ...s, current });
    }
    return c.json({ data: compared });
  });
  app.post('/api/shares/update', async (c) => {
    const { id } = await body(c, Id);
    const me = as(c);
    const stored = await me.myShare(id);
    const snapshot = await snapshotFor(c, stored.coach_id, itemOf(stored.kind, stored.item_key));
    return c.json({ data: await me.update(id, snapshot, viaOf(c)) });
  });
  app.post('/api/shares/revoke', async (c) => {
    const { id } = await body(c, Id);
    const share = await as(c).revoke(id, viaOf(c));
    log(`share ${id} revoked by ${c.get('account').id}`);
    return c.json({ data: share });
  });

  app.get('/api/shares/with-me', async (c) => c.json({ data: await as(c).withMe() }));
  app.get('/api/shares/item/:id', async (c) => {
    const id = c.req.param('id');
    if (id.length > 100) throw new AppError('not-found', 'There is no such shared item.', { field: 'id' });
    return c.json({ data: await as(c).read(id, viaOf(c)) });
  });
  app.post('/api/shares/comment', async (c) => {
    const input = await body(c, Comment);
    return c.json({ data: await as(c).comment(input.id, input.body) });
  });

  app.get('/api/shares/access-log', async (c) => c.json({ data: await as(c).accessLog() }));
  app.get('/api/shares/access-log.csv', async (c) => {
    const csv = accessLogCsv(await as(c).accessLog());
    return c.body(csv, 200, {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': 'attachment; filename="hands-on-access-log.csv"',
    });
  });

  /**
   * Server-sent events: the caller's news as it is committed on any instance, replayed from
   * `Last-Event-ID` after a cut. Each event carries ids only; the page fetches what it shows
   * through the routes above, which check access again.
   */
  app.get('/api/events', async (c) => {
    const live = deps.events;
    if (live === undefined) throw new AppError('not-found', 'Live updates are not offered here.');
    const me = as(c);
    const accountId = c.get('account').id;
    const token = c.get('token');
    const asked = c.req.header('last-event-id') ?? '';
    let last = /^\d{1,18}$/.test(asked) ? asked : await me.latestEvent();
    return streamSSE(c, async (stream) => {
      let queue = Promise.resolve();
      const flush = async () => {
        for (const e of await me.events(last)) {
          await stream.writeSSE({
            event: e.kind,
            id: e.id,
            data: JSON.stringify({ shareId: e.shareId, coachingId: e.coachingId, at: e.at }),
          });
          last = e.id;
        }
      };
      // One read at a time, in order: two wakes in a row must not send an event twice.
      const wake = () => {
        queue = queue.then(flush).catch((e: Error) => log(`live updates: ${e.message}`));
      };
      let ended!: () => void;
      const done = new Promise<void>((resolve) => {
        ended = resolve;
      });
      const unsubscribe = live.hub.subscribe(accountId, wake, ended);
      stream.onAbort(ended);
      const heartbeat = setInterval(() => {
        queue = queue
          .then(async () => {
            if (!(await live.stillSignedIn(token))) return ended();
            await stream.write(': heartbeat\n\n');
          })
          .catch(() => ended());
      }, live.heartbeatMs ?? HEARTBEAT_MS);
      await stream.writeSSE({ event: 'ready', data: '{}', retry: 3000 });
      wake();
      await done;
      clearInterval(heartbeat);
      unsubscribe();
    });
  });
}
