import { createInterface, type Interface } from 'node:readline/promises';
import type { Io } from './io.js';

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
  const line = () => {
    rl ??= createInterface({ input: io.stdin, output: io.stdout as NodeJS.WritableStream, terminal: true });
    return rl;
  };
  const ask = async (q: string) => (await line().question(q)).trim();

  return {
    async text(question, options = {}) {
      for (;;) {
        const hint = options.default ? ` [${options.default}]` : '';
        const answer = (await ask(`${question}${hint}: `)) || options.default || '';
        if (answer || options.optional) return answer;
        io.stdout.write('  (an answer is needed)\n');
      }
    },
    async confirm(question, defaultYes = false) {
      for (;;) {
        const answer = (await ask(`${question} ${defaultYes ? '[Y/n]' : '[y/N]'}: `)).toLowerCase();
        if (answer === '') return defaultYes;
        if (['y', 'yes'].includes(answer)) return true;
        if (['n', 'no'].includes(answer)) return false;
        io.stdout.write('  (answer y or n)\n');
      }
    },
    async choose(question, choices, multiple = false) {
      if (question) io.stdout.write(`${question}\n`);
      choices.forEach((c, i) => {
        io.stdout.write(`  ${String(i + 1).padStart(2)}. ${c.label}\n`);
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
        io.stdout.write(
          `  (pick ${multiple ? 'one or more numbers' : 'one number'} from 1 to ${choices.length})\n`,
        );
      }
    },
    async secret(question) {
      rl?.close();
      rl = undefined;
      return readSecret(io, question);
    },
    close() {
      rl?.close();
      rl = undefined;
    },
  };
}

/** Reads a line with echo off (raw mode), so a passphrase never shows on screen or in scrollback. */
function readSecret(io: Io, question: string): Promise<string> {
  const stdin = io.stdin;
  io.stdout.write(question);
  return new Promise((resolve, reject) => {
    let value = '';
    const done = (err?: Error) => {
      stdin.removeListener('data', onData);
      stdin.setRawMode?.(false);
      stdin.pause();
      io.stdout.write('\n');
      if (err) reject(err);
      else resolve(value);
    };
    const onData = (chunk: Buffer | string) => {
      for (const ch of chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return done();
        if (ch === '\u0003') return done(new Error('cancelled'));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    stdin.setRawMode?.(true);
    stdin.resume();
    stdin.on('data', onData);
  });
}
