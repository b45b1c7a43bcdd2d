import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface Received {
  envelope: { from: string; to: string[] };
  raw: Buffer;
  parsed: ParsedMail;
}

/** How the server answers a recipient instead of accepting it: an SMTP reply code and its text. */
export interface Refusal {
  code: number;
  text: string;
}

/**
 * A real SMTP server on a free port of 127.0.0.1, in the test process: what it receives is parsed
 * by mailparser, as a mail program would read it. `password` set: it asks for a sign-in and accepts
 * only user `ana` with that password. `refuse` answers a recipient (given how many times it was
 * offered, from 1) with a refusal instead, as greylisting (4xx) or an unknown mailbox (5xx) does.
 */
export async function startSmtpServer(
  options: { password?: string; refuse?: (to: string, attempt: number) => Refusal | undefined } = {},
) {
  const received: Received[] = [];
  const offered = new Map<string, number>();
  const server = new SMTPServer({
    // Plain SMTP on a loopback port: no certificate to make, and nodemailer does not try STARTTLS.
    disabledCommands: options.password === undefined ? ['STARTTLS', 'AUTH'] : ['STARTTLS'],
    allowInsecureAuth: true,
    authOptional: options.password === undefined,
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === 'ana' && auth.password === options.password) callback(null, { user: 'ana' });
      else callback(new Error('Invalid username or password'));
    },
    onRcptTo(address, _session, callback) {
      const attempt = (offered.get(address.address) ?? 0) + 1;
      offered.set(address.address, attempt);
      const refusal = options.refuse?.(address.address, attempt);
      if (refusal === undefined) return callback();
      callback(Object.assign(new Error(refusal.text), { responseCode: refusal.code }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        simpleParser(raw).then(
          (parsed) => {
            received.push({
              envelope: {
                from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
                to: session.envelope.rcptTo.map((r) => r.address),
              },
              raw,
              parsed,
            });
            callback();
          },
          (e: Error) => callback(e),
        );
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    port,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
