import { z } from 'zod';
import type { Mailbox } from '../../email/compose.js';
import { parseSmtpUrl, type SmtpTarget } from '../../email/smtp.js';
import { AppError } from '../../errors.js';

/**
 * What an organisation's server needs from its environment, checked once at start: every problem
 * named at once, so whoever deploys it fixes the set-up in one go rather than one restart per line.
 */
export interface TeamConfig {
  databaseUrl: string;
  databaseSchema?: string | undefined;
  publicUrl: URL;
  /** HANDSON_TRUST_PROXY=1: the client's address is the last hop of X-Forwarded-For. */
  trustProxy: boolean;
  /**
   * HANDSON_SECRET_KEY: 32 bytes that seal second factors' secrets (decision 0023). Optional: without
   * it the server runs, but no one can set up a second factor nor can one be required.
   */
  secretKey?: Uint8Array | undefined;
  /**
   * HANDSON_SMTP_URL: where the server's email goes (decision 0028). Optional: without it the server
   * sends nothing, and says so when it starts.
   */
  smtp?: SmtpTarget | undefined;
  /** HANDSON_MAIL_FROM, or no-reply at the public address's host. */
  mailFrom: Mailbox;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

const Env = z.object({
  HANDSON_DATABASE_URL: z
    .string({
      message: 'required: the PostgreSQL URL of the server role, e.g. postgres://handson_app@db/handson',
    })
    .regex(
      /^postgres(ql)?:\/\//,
      'expected a postgres:// URL: the organisation server keeps its data in PostgreSQL',
    ),
  HANDSON_DATABASE_SCHEMA: z
    .string()
    .regex(/^[a-z_][a-z0-9_]{0,62}$/, 'expected a lowercase schema name of letters, digits and _')
    .optional(),
  HANDSON_TRUST_PROXY: z.enum(['0', '1'], { message: 'expected 1 (behind a proxy) or 0' }).optional(),
  HANDSON_SECRET_KEY: z
    .string()
    .regex(
      /^[A-Za-z0-9+/]{43}=$/,
      'expected 32 random bytes in base64, such as the output of `openssl rand -base64 32`',
    )
    .transform((text) => new Uint8Array(Buffer.from(text, 'base64')))
    .optional(),
  HANDSON_SMTP_URL: z
    .string()
    .transform((text, ctx) => {
      try {
        return parseSmtpUrl(text);
      } catch (e) {
        // parseSmtpUrl's sentence starts with the setting's name, which the summary adds again.
        ctx.addIssue({ code: 'custom', message: (e as Error).message.replace(/^HANDSON_SMTP_URL:? ?/, '') });
        return z.NEVER;
      }
    })
    .optional(),
  HANDSON_MAIL_FROM: z
    .email({ message: 'expected the address the server sends from, e.g. handson@example.org' })
    .max(320)
    .optional(),
  HANDSON_PUBLIC_URL: z
    .string({ message: 'required: the address people open, e.g. https://handson.example.org' })
    .transform((text, ctx) => {
      let url: URL;
      try {
        url = new URL(text);
      } catch {
        ctx.addIssue({ code: 'custom', message: 'expected an address such as https://handson.example.org' });
        return z.NEVER;
      }
      // Session cookies are Secure: over plain http they would never come back, except on this machine.
      if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.has(url.hostname))) {
        ctx.addIssue({
          code: 'custom',
          message: 'expected an https:// address (http:// only for localhost)',
        });
        return z.NEVER;
      }
      if (url.pathname !== '/' || url.search !== '' || url.hash !== '') {
        ctx.addIssue({ code: 'custom', message: 'expected the site address alone, without a path or query' });
        return z.NEVER;
      }
      return url;
    }),
});

export function teamConfig(env: NodeJS.ProcessEnv): TeamConfig {
  const parsed = Env.safeParse({
    HANDSON_DATABASE_URL: env['HANDSON_DATABASE_URL'] || undefined,
    HANDSON_DATABASE_SCHEMA: env['HANDSON_DATABASE_SCHEMA'] || undefined,
    HANDSON_PUBLIC_URL: env['HANDSON_PUBLIC_URL'] || undefined,
    HANDSON_TRUST_PROXY: env['HANDSON_TRUST_PROXY'] || undefined,
    HANDSON_SECRET_KEY: env['HANDSON_SECRET_KEY'] || undefined,
    HANDSON_SMTP_URL: env['HANDSON_SMTP_URL'] || undefined,
    HANDSON_MAIL_FROM: env['HANDSON_MAIL_FROM'] || undefined,
  });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => ({ field: String(i.path[0]), message: i.message }));
    throw new AppError(
      'invalid',
      `The server's environment is not complete — ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}.`,
      { field: problems[0]?.field, problems },
    );
  }
  return {
    databaseUrl: parsed.data.HANDSON_DATABASE_URL,
    databaseSchema: parsed.data.HANDSON_DATABASE_SCHEMA,
    publicUrl: parsed.data.HANDSON_PUBLIC_URL,
    trustProxy: parsed.data.HANDSON_TRUST_PROXY === '1',
    secretKey: parsed.data.HANDSON_SECRET_KEY,
    smtp: parsed.data.HANDSON_SMTP_URL,
    mailFrom: {
      name: 'Hands-on',
      address: parsed.data.HANDSON_MAIL_FROM ?? `no-reply@${parsed.data.HANDSON_PUBLIC_URL.hostname}`,
    },
  };
}
