import { existsSync } from 'node:fs';
import { type AppContext, makeContext } from '../app/context.js';
import type { Config } from '../config.js';
import { openStore } from '../store/open.js';
import { isEncryptedFile, sqliteFile } from '../store/sqlite-file.js';
import type { Io } from './io.js';
import { terminalProgress } from './progress.js';
import type { Prompter } from './prompt.js';

/** Opens the configured store; on a terminal, asks for the passphrase of an encrypted one. */
export async function openApp(
  config: Config,
  io: Io,
  prompter: Prompter | undefined,
  init: { encrypt?: boolean; key?: string } = {},
): Promise<AppContext> {
  let key = init.key ?? config.key;
  const file = sqliteFile(config.dataDir);
  if (!config.databaseUrl && key === undefined && prompter && existsSync(file) && isEncryptedFile(file)) {
    key = await prompter.secret('Passphrase for your Hands-on data: ');
  }
  const store = await openStore({
    databaseUrl: config.databaseUrl,
    pgSchema: config.databaseSchema,
    dataDir: config.dataDir,
    key,
    createEncrypted: init.encrypt === true,
    // One line now and then while another process (an import, the server) holds the write lock,
    // so a command that waits is seen waiting, not hung.
    lockWait: {
      onWait: (waited) =>
        io.stderr.write(
          `handson: waiting for another Hands-on command to finish writing to the store (${Math.round(waited / 1000)} s)…\n`,
        ),
    },
  });
  const fixed = config.now === undefined ? undefined : new Date(config.now);
  // A command may read the same thing several times; each warning is printed once.
  const warned = new Set<string>();
  const warn = (message: string) => {
    if (warned.has(message)) return;
    warned.add(message);
    io.stderr.write(`handson: warning: ${message}\n`);
  };
  // Progress bars are for people at a terminal; pipes and --json get none.
  return makeContext(
    store,
    fixed ? () => fixed : undefined,
    prompter ? terminalProgress(io.stderr) : undefined,
    warn,
  );
}
