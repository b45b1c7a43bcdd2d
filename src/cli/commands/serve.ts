import { AppError } from '../../errors.js';
import { createApp } from '../../server/app.js';
import { DEFAULT_PORT, HOSTNAME, listen } from '../../server/listen.js';
import { serverSecret } from '../../server/secret.js';
import { localHosts, privateHostName } from '../../server/security.js';
import { bool, str } from '../args.js';
import { defineCommand } from '../command.js';
import { untilStopped } from '../stopped.js';
import { webRoot } from '../web-root.js';

function port(text: string | undefined): number {
  if (text === undefined) return DEFAULT_PORT;
  const n = Number(text);
  // 0 asks the system for any free port; the address printed then names the one it gave.
  if (!/^\d+$/.test(text.trim()) || !Number.isInteger(n) || n > 65535) {
    throw new AppError(
      'usage',
      `--port: expected a port number from 1 to 65535, e.g. ${DEFAULT_PORT}, or 0 for any free port`,
      { field: 'port' },
    );
  }
  return n;
}

export default defineCommand({
  meta: {
    name: 'serve',
    summary: 'Start the local web app and API on this computer.',
    usage: ['serve [--port N] [--private-host]'],
    help: `Listens on ${HOSTNAME} only (port ${DEFAULT_PORT} unless --port; a free one if that is taken, or
with --port 0) and
prints an address with a key: opening it signs that browser in. Scripts send the key as
Authorization: Bearer KEY. The key is kept in the data folder (server-secret, readable by you only).
The API is described at /api/openapi.json. Stop with Ctrl+C.

Browsers keep cookies per name, not per port, so the sign-in made at 127.0.0.1 also reaches
any other program your browser opens on 127.0.0.1. --private-host prints this install's own
name instead (hands-on-….localhost, which Chrome, Edge and Firefox find on this computer by
themselves), and the sign-in then goes to Hands-on only. Scripts keep using 127.0.0.1.`,
  },
  options: { port: { type: 'string' }, 'private-host': { type: 'boolean' } },
  async run(cx) {
    const wanted = port(str(cx, 'port'));
    const secret = serverSecret(cx.config.dataDir);
    // Only the store and the clock are taken: requests run side by side, so the terminal's
    // progress bars (which the CLI context carries) would interleave in the log.
    const { store, now } = await cx.app();
    const server = await listen(wanted, (p) =>
      createApp({ store, now, secret, allowedHosts: localHosts(p, secret), webRoot: webRoot() }),
    );
    const host = bool(cx, 'private-host') ? privateHostName(secret) : HOSTNAME;
    const url = `http://${host}:${server.port}/?key=${secret}`;
    if (server.movedFrom !== undefined) {
      cx.io.stderr.write(
        `Port ${server.movedFrom} is taken, so Hands-on uses port ${server.port} instead.\n`,
      );
    }
    if (cx.json) {
      cx.outJson({ url, port: server.port });
    } else {
      cx.out('Hands-on is running on this computer only. Open this address to sign this browser in:');
      cx.out();
      cx.out(`  ${url}`);
      cx.out();
      cx.out('Keep the address to yourself: it holds the key to your data. Stop with Ctrl+C.');
    }
    const signal = await untilStopped();
    cx.io.stderr.write(`Stopping (${signal}): finishing requests under way…\n`);
    await server.close();
    // The store is closed by main.ts once this returns.
  },
});
