import { createInterface, type Interface } from 'node:readline/promises';
import type { Io } from './io.js';
import { screen, screenStream } from './terminal.js';

/**
 * The person left a prompt with Ctrl+C or Ctrl+D (or the terminal went away). That is neither a
 * mistake nor a bug, so main.ts ends quietly with the code a shell gives an interrupted program.
 */
export class PromptCancelled extends Error {
  constructor() {
    super('cancelled at a prompt');
    this.name = 'PromptCancelled';
  }
}

/** Questions for a person at a terminal. Commands ask only for what their flags did not give. */
export interface Prompter {
  text(question: string, options?: { default?: string; optional?: boolean }): Promise<string>;
  confirm(question: string, defaultYes?: boolean): Promise<boolean>;
  /** Pick one (or several, comma-separated numbers) from a numbered list. */
  choose(
    question: string,
    choices: { value: string; label: string }[],
    multiple?: boolean,
  ): Promise<string[]>;
  /** Typed without echo. */
  secret(question: string): Promise<string>;
  close(): void;
}

export function terminalPrompter(io: Io): Prompter {
  let rl: Interface | undefined;
  // readline writes its own line editing to io.stdout; questions and choices may quote stored
  // titles, so what we write goes through the terminal filter.
  const stdout = screenStream(io.stdout);
  const line = () => {
    rl ??= createInterface({ input: io.stdin, output: io.stdout as NodeJS.WritableStream, terminal: true });
    return rl;
  };
  // Leaving a prompt ends the line it was on, so the shell's prompt starts on a fresh one.
  const cancelled = () => {
    stdout.write('\n');
    return new PromptCancelled();
  };
  const ask = async (q: string) => {
    const rl = line();
    // readline rejects a pending question on Ctrl+C and Ctrl+D, but leaves it pending forever when
    // the input ends; aborting on close turns both into the same AbortError.
    const stop = new AbortController();
    const onClose = () => stop.abort();
    rl.once('close', onClose);
    try {
      return (await rl.question(screen(q), { signal: stop.signal })).trim();
    } catch (e) {
      if ((e as Error | undefined)?.name === 'AbortError') throw cancelled();
      throw e;
    } finally {
      rl.off('close', onClose);
    }
  };

  return {
    async text(question, options = {}) {
      for (;;) {
        const hint = options.default ? ` [${options.default}]` : '';
        const answer = (await ask(`${question}${hint}: `)) || options.default || '';
        if (answer || options.optional) return answer;
        stdout.write('  (an answer is needed)\n');
      }
    },
    async confirm(question, defaultYes = false) {
      for (;;) {
        const answer = (await ask(`${question} ${defaultYes ? '[Y/n]' : '[y/N]'}: `)).toLowerCase();
        if (answer === '') return defaultYes;
        if (['y', 'yes'].includes(answer)) return true;
        if (['n', 'no'].includes(answer)) return false;
        stdout.write('  (answer y or n)\n');
      }
    },
    async choose(question, choices, multiple = false) {
      if (question) stdout.write(`${question}\n`);
      choices.forEach((c, i) => {
        stdout.write(`  ${String(i + 1).padStart(2)}. ${c.label}\n`);
      });
      for (;;) {
        const answer = await ask(multiple ? 'Numbers, separated by commas: ' : 'Number: ');
        const picks = answer
          .split(/[\s,]+/)
          .filter(Boolean)
          .map(Number);
        const valid =
          picks.length > 0 && picks.every((n) => Number.isInteger(n) && n >= 1 && n <= choices.length);
        if (valid && (multiple || picks.length === 1))
          return [...new Set(picks)].map((n) => choices[n - 1]!.value);
        stdout.write(
          `  (pick ${multiple ? 'one or more numbers' : 'one number'} from 1 to ${choices.length})\n`,
        );
      }
    },
    async secret(question) {
      rl?.close();
      rl = undefined;
      return readSecret(io, question, cancelled);
    },
    close() {
      rl?.close();
      rl = undefined;
    },
  };
}

/** Reads a line with echo off (raw mode), so a passphrase never shows on screen or in scrollback. */
function readSecret(io: Io, question: string, cancelled: () => PromptCancelled): Promise<string> {
  const stdin = io.stdin;
  const stdout = screenStream(io.stdout);
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = () => {
      stdin.removeListener('data', onData);
      stdin.removeListener('end', onEnd);
      stdin.setRawMode?.(false);
      stdin.pause();
    };
    const done = () => {
      finish();
      stdout.write('\n');
      resolve(value);
    };
    const cancel = () => {
      finish();
      reject(cancelled());
    };
    const onData = (chunk: Buffer | string) => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n') return done();
        // Ctrl+D ends what was typed, as on a shell's line; on an empty line it leaves, like Ctrl+C.
        if (ch === '\u0004') return value === '' ? cancel() : done();
        if (ch === '\u0003') return cancel();
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    const onEnd = () => cancel();
    // Echo goes off before the question shows, so nothing typed at once appears on screen.
    stdin.setRawMode?.(true);
    stdout.write(question);
    stdin.resume();
    stdin.on('data', onData);
    stdin.once('end', onEnd);
  });
}
