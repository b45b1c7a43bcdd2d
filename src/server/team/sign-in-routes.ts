import type { Context, Hono, MiddlewareHandler } from 'hono';
import { z } from 'zod';
import { body } from './body.js';
import type { Account, TeamDirectory } from './directory.js';
import type { SignInLimits } from './limits.js';
import { ReauthInput, RegisterInput, RemoveInput, relyingParty, SignInInput } from './passkeys.js';
import type { RouteSpecs } from './route-spec.js';
import { pendingCookie, underLimits } from './second-factor.js';

type Env = { Variables: { account: Account; token: string } };

/** What app.ts lends these routes: who the client is, and how a sign-in ends in a session cookie. */
export interface SignInSurface {
  client(c: Context): string;
  /** Sets the session's cookie and answers with the account as its owner may see it. */
  signedIn(c: Context, account: Account, session: { token: string; expiresAt: Date }): Response;
  now(): Date;
}

const RecoverInput = z.object({
  token: z.string().min(1, 'expected the token from the recovery link').max(200),
  password: z.string(),
});
const IssueInput = z.object({
  email: z.email({ message: 'expected an email address such as ana@example.com' }).max(320),
});

/** Passkeys and recovery links (route-spec.ts). */
export const SIGN_IN_ROUTES = {
  // Sign-in with a passkey: no address asked, so open to anyone, and limited like passwords.
  'POST /api/auth/passkeys/sign-in/options': {
    policy: 'anyone',
    summary: 'A challenge for signing in with a passkey.',
  },
  'POST /api/auth/passkeys/sign-in': {
    policy: 'anyone',
    summary: 'Sign in with a passkey (it counts as both factors).',
    input: SignInInput,
  },
  // The signed-in person's own passkeys (Settings).
  'GET /api/auth/passkeys': { policy: 'signed-in', summary: 'Your passkeys.' },
  'POST /api/auth/passkeys/options': {
    policy: 'signed-in',
    summary: 'A challenge for adding a passkey to your account, once your password is given again.',
    input: ReauthInput,
  },
  'POST /api/auth/passkeys/add': {
    policy: 'signed-in',
    summary: 'Add a passkey, from the authenticator’s answer to the challenge.',
    input: RegisterInput,
  },
  'POST /api/auth/passkeys/remove': {
    policy: 'signed-in',
    summary:
      'Remove one of your passkeys (not the last factor an organisation requires), with your password.',
    input: RemoveInput,
  },
  // A link that replaces a lost password: admins issue it, its holder uses it.
  'POST /api/auth/recover': {
    policy: 'anyone',
    summary: 'Set a new password with a recovery link; every session of the account ends.',
    input: RecoverInput,
  },
  'POST /api/org/recover': {
    policy: 'admin',
    summary: 'Issue a single-use recovery link (10 minutes) for a member who lost their password.',
    input: IssueInput,
  },
} satisfies RouteSpecs;

/** Before any session: signing in with a passkey, and using a recovery link. */
export function mountSignInRoutes(
  app: Hono<Env>,
  deps: {
    directory: TeamDirectory;
    limits: SignInLimits;
    publicUrl: URL;
    surface: SignInSurface;
    password: z.ZodType<string>;
    log: (line: string) => void;
  },
): void {
  const { directory, limits, surface, log } = deps;
  const rp = relyingParty(deps.publicUrl);
  app.post('/api/auth/passkeys/sign-in/options', async (c) =>
    c.json({ data: await directory.passkeys.signInOptions(rp) }),
  );
  app.post('/api/auth/passkeys/sign-in', async (c) => {
    const input = await body(c, SignInInput);
    // Counted against the account's address when the passkey is known, so passwords and passkeys
    // share one budget; an unknown passkey is counted under its own id (and the client's total).
    const holder = await directory.passkeys.holder(input.response.id);
    const key = holder?.email ?? `passkey:${input.response.id}`;
    const { account, session } = await underLimits(limits, key, surface.client(c), () =>
      directory.passkeys.signIn(rp, input.response),
    );
    return surface.signedIn(c, account, session);
  });
  const recover = RecoverInput.extend({ password: deps.password });
  app.post('/api/auth/recover', async (c) => {
    const input = await body(c, recover);
    const done = await directory.recover(input.token, input.password);
    log(`password of ${done.account.id} replaced from a recovery link; its sessions ended`);
    if ('session' in done) return surface.signedIn(c, done.account, done.session);
    // The link stood in for the password only: the second factor is still to come.
    if (done.secondFactor === 'totp') {
      c.header('Set-Cookie', pendingCookie(done.pending.token, done.pending.expiresAt, surface.now()));
    }
    return c.json({ data: { secondFactor: done.secondFactor } });
  });
}

/** Behind the session: a person's own passkeys, and an admin's recovery links. */
export function mountAccountRoutes(
  app: Hono<Env>,
  deps: {
    directory: TeamDirectory;
    publicUrl: URL;
    admin: MiddlewareHandler<Env>;
    limits: SignInLimits;
    client(c: Context): string;
    log: (line: string) => void;
  },
): void {
  const { directory, log } = deps;
  /** The password again, under the sign-in limits: a guess here counts as a failed sign-in. */
  const reauthenticated = (c: Context<Env>, password: string) => {
    const account = c.get('account');
    return underLimits(deps.limits, account.email, deps.client(c), () =>
      directory.confirmPassword(account, password),
    );
  };
  const rp = relyingParty(deps.publicUrl);
  app.get('/api/auth/passkeys', async (c) =>
    c.json({ data: await directory.passkeys.list(c.get('account')) }),
  );
  app.post('/api/auth/passkeys/options', async (c) => {
    const input = await body(c, ReauthInput);
    await reauthenticated(c, input.password);
    return c.json({ data: await directory.passkeys.registrationOptions(rp, c.get('account')) });
  });
  app.post('/api/auth/passkeys/add', async (c) => {
    const input = await body(c, RegisterInput);
    const added = await directory.passkeys.register(rp, c.get('account'), input.name, input.response);
    log(`passkey added by ${c.get('account').id}`);
    return c.json({ data: added });
  });
  app.post('/api/auth/passkeys/remove', async (c) => {
    const input = await body(c, RemoveInput);
    await reauthenticated(c, input.password);
    await directory.passkeys.remove(c.get('account'), input.id);
    log(`passkey removed by ${c.get('account').id}`);
    return c.json({ data: { removed: input.id } });
  });
  app.post('/api/org/recover', deps.admin, async (c) => {
    const input = await body(c, IssueInput);
    const link = await directory.issueRecovery(c.get('account'), input.email);
    log(`recovery link made by ${c.get('account').id}`);
    const url = new URL('/recover', deps.publicUrl);
    // In the fragment, as invitations: browsers send it neither to the server nor in Referer.
    url.hash = `token=${link.token}`;
    return c.json({ data: { link: url.toString(), expiresAt: link.expiresAt.toISOString() } });
  });
}
