import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { AppError } from '../../errors.js';
import { sendError } from '../respond.js';
import { body } from './body.js';
import type { Account } from './directory.js';
import { DEVICE_CODE_MS, POLL_SECONDS, type TeamPush } from './push.js';
import type { RouteSpecs } from './route-spec.js';
import type { TeamSharing } from './sharing.js';

type Env = { Variables: { account: Account; token: string } };

/**
 * Routes a laptop calls without a browser: they carry no cookie (so cross-site forgery has nothing
 * to ride on) and send no Origin; the Origin check leaves exactly these paths alone.
 */
export const DEVICE_PATHS = ['/api/device/start', '/api/device/token', '/api/push/share', '/api/push/forget'];

const Start = z.object({ name: z.string().trim().min(1, 'expected a name for this computer').max(100) });
const Collect = z.object({ deviceCode: z.string().min(1).max(200) });
const Approve = z.object({
  userCode: z.string().trim().min(8, 'expected the code your terminal shows').max(20),
});
const Revoke = z.object({ id: z.string().trim().min(1).max(100) });
/** A shared item made on the laptop by the same code the server uses (app/sharing/snapshot.ts). */
const Pushed = z.object({
  with: z.email({ message: 'expected your coach’s email address' }).max(320),
  item: z.object({
    kind: z.enum(['review', 'flag', 'check', 'reflection', 'report']),
    key: z.string().min(1).max(200),
    title: z.string().min(1).max(300),
    content: z.unknown().refine((v) => v !== undefined, 'expected the item’s content'),
  }),
  expiresAt: z.iso
    .datetime({ offset: true, message: 'expected a time such as 2026-12-31T18:00:00Z' })
    .optional(),
});
export const PUSH_ROUTES = {
  'POST /api/device/start': {
    policy: 'anyone',
    summary: 'A laptop asks to be allowed to push: answers a code for its owner to approve in the web app.',
    input: Start,
  },
  'POST /api/device/token': {
    policy: 'anyone',
    summary: 'The laptop collects its push token once its code was approved.',
    input: Collect,
  },
  'POST /api/push/share': {
    policy: 'push-token',
    summary: 'Share (or update) one item made on the laptop; the owner is the token’s account.',
    input: Pushed,
  },
  'POST /api/push/forget': { policy: 'push-token', summary: 'Revoke the calling push token.' },
  'POST /api/device/approve': {
    policy: 'signed-in',
    summary: 'Approve the code a laptop shows, giving it a push token.',
    input: Approve,
  },
  'GET /api/push/tokens': { policy: 'signed-in', summary: 'Your laptops that can push.' },
  'POST /api/push/tokens/revoke': {
    policy: 'signed-in',
    summary: 'Revoke one of your push tokens.',
    input: Revoke,
  },
} satisfies RouteSpecs;

/** A pushed item is a week's review or a report, not an archive. */
const MAX_CONTENT = 512 * 1024;

function bearer(c: Context): string | undefined {
  const m = /^Bearer ([A-Za-z0-9_-]{20,200})$/.exec(c.req.header('authorization') ?? '');
  return m?.[1];
}

/** The routes a laptop calls before any session: getting a code, collecting the token, pushing. */
export function mountDeviceRoutes(
  app: Hono<Env>,
  deps: { push: TeamPush; sharing: TeamSharing; publicUrl: URL; log: (line: string) => void },
): void {
  const { push, sharing, publicUrl, log } = deps;

  app.post('/api/device/start', async (c) => {
    const { name } = await body(c, Start);
    const started = await push.start(name);
    const page = new URL('/device', publicUrl);
    return c.json({
      data: {
        deviceCode: started.deviceCode,
        userCode: started.userCode,
        verificationUri: page.toString(),
        expiresIn: DEVICE_CODE_MS / 1000,
        interval: POLL_SECONDS,
      },
    });
  });
  app.post('/api/device/token', async (c) => {
    const { deviceCode } = await body(c, Collect);
    const answer = await push.collect(deviceCode);
    if (answer.status === 'approved') log(`push token ${answer.id} issued`);
    return c.json({ data: answer });
  });

  const pusher = async (c: Context<Env>) => {
    const token = bearer(c);
    const account = token === undefined ? undefined : await push.pusher(token);
    if (account === undefined) {
      throw new AppError(
        'unauthorized',
        'This computer’s push token is not valid any more (revoked, or the account was disabled); run `handson remote add` again.',
      );
    }
    return account;
  };
  app.post('/api/push/share', async (c) => {
    const account = await pusher(c);
    const input = await body(c, Pushed);
    if (JSON.stringify(input.item.content).length > MAX_CONTENT) {
      return sendError(
        c,
        413,
        'invalid',
        `item.content: expected at most ${MAX_CONTENT / 1024} KiB of JSON.`,
      );
    }
    // The owner is the token's account: nothing in the request can name another.
    const result = await sharing
      .as(account)
      .push(input.with, input.item, input.expiresAt === undefined ? null : new Date(input.expiresAt), 'api');
    log(`share ${result.share.id} ${result.outcome} by push token ${account.tokenId}`);
    return c.json({ data: result });
  });
  app.post('/api/push/forget', async (c) => {
    const account = await pusher(c);
    await push.revoke(account.id, account.tokenId);
    return c.json({ data: { revoked: account.tokenId } });
  });
}

/** What a signed-in person does with laptops: approve one's code, list and revoke their tokens. */
export function mountPushTokenRoutes(app: Hono<Env>, push: TeamPush, log: (line: string) => void): void {
  app.post('/api/device/approve', async (c) => {
    const { userCode } = await body(c, Approve);
    const approved = await push.approve(c.get('account'), userCode);
    log(`device code approved by ${c.get('account').id}`);
    return c.json({ data: approved });
  });
  app.get('/api/push/tokens', async (c) => c.json({ data: await push.tokens(c.get('account')) }));
  app.post('/api/push/tokens/revoke', async (c) => {
    const { id } = await body(c, Revoke);
    await push.revoke(c.get('account').id, id);
    return c.json({ data: { revoked: id } });
  });
}
