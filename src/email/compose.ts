import MailComposer from 'nodemailer/lib/mail-composer';
import { AppError } from '../errors.js';
import type { RenderedEmail } from './render.js';

/** A mailbox: a display name and an address. */
export interface Mailbox {
  name: string;
  address: string;
}

export interface EmailMessage {
  from: Mailbox;
  to: Mailbox;
  subject: string;
  body: RenderedEmail;
  /** The message's Date header (the app's clock, so a fixed clock gives a fixed date). */
  date: Date;
  /**
   * Where one click stops this kind of email (RFC 8058): an https address that takes a POST
   * without a session. Absent for an email a person sends to themselves (see decision 0026).
   */
  unsubscribeUrl?: string;
}

/**
 * The complete RFC 5322 message: multipart/alternative with the text part first (the one a client
 * shows last-resort) and the HTML part second. The same bytes are written by `--out` and sent by
 * SMTP, so a preview is exactly what arrives.
 */
export async function composeEmail(message: EmailMessage): Promise<Buffer> {
  const headers: Record<string, string> = {};
  if (message.unsubscribeUrl !== undefined) {
    if (!message.unsubscribeUrl.startsWith('https://')) {
      // RFC 8058 §3.1: the one-click address must be https; a mail provider will not POST elsewhere.
      throw new AppError(
        'invalid',
        `unsubscribeUrl: expected an https:// address (got "${message.unsubscribeUrl}")`,
      );
    }
    // Written here, not through nodemailer's `list` option: only its Mailer reads that, not MailComposer.
    headers['List-Unsubscribe'] = `<${message.unsubscribeUrl}>`;
    headers['List-Unsubscribe-Post'] = 'List-Unsubscribe=One-Click';
  }
  const composer = new MailComposer({
    from: message.from,
    to: message.to,
    subject: message.subject,
    date: message.date,
    text: message.body.text,
    html: message.body.html,
    headers,
    // The address is the sender's own: Hands-on adds no tracking and no X-Mailer banner.
    xMailer: false,
  });
  return composer.compile().build();
}
