import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { AppError, isAppError } from '../../errors.js';
import { positional, str } from '../args.js';
import { type CommandContext, defineCommand } from '../command.js';
import { CLEAR_LINE } from '../progress.js';
import {
  deleteRemote,
  postToServer,
  type Remote,
  readRemote,
  remotePath,
  saveRemote,
  serverOrigin,
} from '../remote.js';

/** The server's answers, checked: they come from the network. */
const Started = z.object({
  deviceCode: z.string().min(1),
  userCode: z.string().min(1).max(20),
  verificationUri: z.url(),
  expiresIn: z.number().positive(),
  interval: z.number().positive(),
});
const Collected = z.discriminatedUnion('status', [
  z.object({ status: z.literal('pending') }),
  z.object({
    status: z.literal('approved'),
    token: z.string().min(20),
    id: z.string().min(1),
    account: z.string(),
  }),
]);

function notAServer(origin: string): AppError {
  return new AppError(
    'server-unreachable',
    `${origin} answered, but not as a Hands-on organisation's server that links laptops; check the address.`,
  );
}

/** Minutes and seconds left, for the waiting line. */
function left(ms: number): string {
  const s = Math.max(0, Math.ceil(ms / 1000));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

/** Asks the server for a code, shows it, and waits for the person to approve it in the browser. */
async function linkDevice(cx: CommandContext, origin: string, name: string) {
  const started = Started.safeParse(await postToServer(origin, '/api/device/start', { name }));
  if (!started.success) throw notAServer(origin);
  const { deviceCode, userCode, verificationUri, expiresIn, interval } = started.data;
  const page = new URL(verificationUri);
  page.searchParams.set('code', userCode);
  // Under --json stdout holds only the result, but the person still needs the code.
  const say = cx.json ? (s: string) => cx.err(s) : (s?: string) => cx.out(s);
  say(`To let this computer push to ${origin}, open this address where you are signed in:`);
  say(`  ${page.toString()}`);
  say(`and approve the code ${userCode}. It lasts ${Math.round(expiresIn / 60)} minutes.`);

  const waiting = !cx.json && cx.io.stderr.isTTY === true;
  const deadline = Date.now() + expiresIn * 1000;
  try {
    for (;;) {
      if (waiting)
        cx.io.stderr.write(`${CLEAR_LINE}Waiting for approval… ${left(deadline - Date.now())} left`);
      await sleep(interval * 1000);
      if (Date.now() >= deadline) {
        throw new AppError(
          'invalid',
          `The code ${userCode} expired before it was approved; run \`handson remote add ${origin}\` again.`,
        );
      }
      const answer = Collected.safeParse(await postToServer(origin, '/api/device/token', { deviceCode }));
      if (!answer.success) throw notAServer(origin);
      if (answer.data.status === 'approved') return answer.data;
    }
  } finally {
    if (waiting) cx.io.stderr.write(CLEAR_LINE);
  }
}

const add = defineCommand({
  meta: {
    name: 'add',
    summary: "Link this computer to your organisation's server, so that `handson share` can push to it.",
    usage: ['remote add URL [--name NAME] [--json]'],
    help: `Prints a code and an address: open the address in a browser where you are signed in to the
server and approve the code. The server then gives this computer a token that can push items you
share, and nothing else: it cannot read your journal on the server or anyone's shares. The token is
kept in ${'`remote.json`'} in your data folder, readable only by you; revoke it in the web app under
Settings → Computers that can push, or with \`handson remote remove\`.
--name is how Settings lists this computer (default: "handson on" and its host name).
URL must be https://, except for a server on this computer (localhost, 127.0.0.1).`,
  },
  options: { name: { type: 'string' } },
  takesPositionals: true,
  async run(cx) {
    const origin = serverOrigin(
      positional(cx, 'URL (your organisation’s server, e.g. https://handson.example.org)'),
    );
    const dataDir = cx.config.dataDir;
    const previous = readRemote(dataDir);
    if (previous !== undefined && previous.url !== origin) {
      throw new AppError(
        'conflict',
        `This computer already pushes to ${previous.url}; run \`handson remote remove\` first to push to ${origin} instead.`,
      );
    }
    const name = (str(cx, 'name') ?? `handson on ${hostname()}`).trim();
    if (name === '' || name.length > 100) {
      throw new AppError('usage', '--name: expected a name of 1 to 100 characters for this computer', {
        field: 'name',
      });
    }
    const approved = await linkDevice(cx, origin, name);
    const remote: Remote = {
      url: origin,
      name,
      token: approved.token,
      tokenId: approved.id,
      account: approved.account,
      addedAt: new Date().toISOString(),
    };
    saveRemote(dataDir, remote);
    // Linking again replaces the token; the one it replaces should not stay valid unseen.
    if (previous !== undefined && previous.tokenId !== remote.tokenId) {
      await postToServer(origin, '/api/push/forget', {}, previous.token).catch(() => undefined);
    }
    if (cx.json) return cx.outJson(publicView(remote));
    cx.out(`Linked: this computer pushes to ${origin} as ${remote.account || 'you'}.`);
    cx.out('Share an item with your coach: `handson share review 2026-W48 --with EMAIL`.');
  },
});

/** What may be shown of the remote: everything but the token. */
function publicView(r: Remote) {
  return { url: r.url, account: r.account, name: r.name, tokenId: r.tokenId, addedAt: r.addedAt };
}

const list = defineCommand({
  meta: {
    name: 'list',
    summary: "Show the organisation's server this computer pushes to, and as whom.",
    usage: ['remote list [--json]', 'remote [--json]'],
  },
  async run(cx) {
    const remote = readRemote(cx.config.dataDir);
    if (cx.json) return cx.outJson(remote === undefined ? null : publicView(remote));
    if (remote === undefined) {
      cx.out('This computer pushes to no organisation’s server. Link one with `handson remote add URL`.');
      return;
    }
    cx.out(`Server    ${remote.url}`);
    cx.out(`Account   ${remote.account}`);
    cx.out(`Computer  ${remote.name} (linked ${remote.addedAt.slice(0, 10)})`);
    cx.out(`Token     in ${remotePath(cx.config.dataDir)}, readable only by you`);
  },
});

const remove = defineCommand({
  meta: {
    name: 'remove',
    summary: 'Stop pushing from this computer: revoke its token on the server and forget the server.',
    usage: ['remote remove [--json]'],
    help: `Revokes this computer's token on the server, then deletes remote.json. When the server cannot be
reached, the file is deleted all the same and you are told to revoke the token in the web app.`,
  },
  async run(cx) {
    const dataDir = cx.config.dataDir;
    const remote = readRemote(dataDir);
    if (remote === undefined) {
      if (cx.json) return cx.outJson({ removed: false });
      cx.out('This computer pushes to no organisation’s server: nothing to remove.');
      return;
    }
    let revoked: 'revoked' | 'was-revoked' | 'not-reached' = 'revoked';
    let why = '';
    try {
      await postToServer(remote.url, '/api/push/forget', {}, remote.token);
    } catch (e) {
      if (!isAppError(e)) throw e;
      revoked = e.code === 'unauthorized' ? 'was-revoked' : 'not-reached';
      why = e.message;
    }
    deleteRemote(dataDir);
    if (cx.json) return cx.outJson({ removed: true, url: remote.url, token: revoked });
    if (revoked === 'not-reached') {
      cx.err(why);
      cx.err(
        `Its token may still be valid: revoke "${remote.name}" in the web app, under Settings → Computers that can push.`,
      );
    }
    cx.out(
      `This computer no longer pushes to ${remote.url}${revoked === 'not-reached' ? '' : ' (its token is revoked)'}.`,
    );
  },
});

export default defineCommand({
  meta: {
    name: 'remote',
    summary: "The organisation's server this computer pushes shared items to: add, list, remove.",
    usage: [...list.meta.usage, ...add.meta.usage, ...remove.meta.usage],
    help: 'Alone, `handson remote` shows the server and account (never the token).',
  },
  subcommands: { add: async () => add, list: async () => list, remove: async () => remove },
  run: list.run!,
});
