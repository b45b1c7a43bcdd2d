import { digestHandlers } from '../../app/digest/digest.js';
import { composeEmail } from '../../email/compose.js';
import { digestEmail, digestTree } from '../../email/digest.js';
import { renderEmail } from '../../email/render.js';
import { parseSmtpUrl, sendEmail } from '../../email/smtp.js';
import { AppError } from '../../errors.js';
import { bool, str } from '../args.js';
import { defineCommand } from '../command.js';
import { writeWhole } from '../write-whole.js';

export default defineCommand({
  meta: {
    name: 'digest',
    summary: 'The weekly digest email: print it, write it to a file, or send it to yourself.',
    usage: ['digest [--week 2026-W48|DATE] [--out FILE.eml] [--send] [--json]'],
    help: `The digest is the weekly review of a week, cut to what may go by email: IC done and planned
against your budget, commitments due or put off, the flags to look at, and how to open the review.
Without --week it is the last whole week (Monday to Sunday) before today: on Monday morning, the
week that just ended. --week takes an ISO week (2026-W48) or any date in the week; the current
week shows the week so far.

By default the email gives numbers only: titles, the flags' own sentences (they quote titles) and
the review's questions stay out. \`handson profile --digest-text on\` puts them in.

--out FILE.eml writes the complete message (text and HTML parts), to open in a mail program.
--send sends it to the first email address of your profile through the server in HANDSON_SMTP_URL
(smtp://host:port, or smtps://user:password@host:port for TLS and a sign-in).
--json prints the digest's data.`,
  },
  options: {
    week: { type: 'string' },
    out: { type: 'string' },
    send: { type: 'boolean' },
  },
  async run(cx) {
    const send = bool(cx, 'send');
    const out = str(cx, 'out');
    // The server is checked before any work, so a mistyped setting is the only thing said.
    const smtp = send ? parseSmtpUrl(cx.io.env['HANDSON_SMTP_URL']) : undefined;
    const week = str(cx, 'week');
    const digest = await cx.call(digestHandlers.weekly, week === undefined ? {} : { week });
    if (cx.json && !send && out === undefined) return cx.outJson(digest);
    if (!send && out === undefined) {
      for (const line of renderEmail(digestTree(digest, {})).text.trimEnd().split('\n')) cx.out(line);
      return;
    }
    const address = digest.to.email;
    if (address === undefined) {
      throw new AppError(
        'invalid',
        'Your profile has no email address to send the digest to: add one with `handson init … --email you@example.com`.',
      );
    }
    const app = await cx.app();
    const message = digestEmail(digest, { name: digest.to.name, address }, app.now());
    const raw = await composeEmail(message);
    if (out !== undefined) writeWhole(out, raw, '--out');
    let sent: { server: string } | undefined;
    if (smtp !== undefined) {
      await sendEmail(smtp, { from: address, to: address }, raw);
      sent = { server: smtp.name };
    }
    if (cx.json)
      return cx.outJson({ week: digest.week.key, to: address, ...(out ? { file: out } : {}), ...sent });
    if (out !== undefined) cx.out(`Wrote the digest of ${digest.week.key} to ${out}.`);
    if (sent !== undefined)
      cx.out(`Sent the digest of ${digest.week.key} to ${address} through ${sent.server}.`);
  },
});
