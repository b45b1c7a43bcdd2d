import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PassThrough } from 'node:stream';
import type { Io } from '../io.js';
import { runCommand } from '../main.js';
import type { Prompter } from '../prompt.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'handson-cli-'));
}

/**
 * Runs a command line in-process, as a script would (no terminal) unless `tty` is set.
 * `env` replaces the process environment, so the user's own HANDSON_* settings never leak in.
 */
export async function cli(
  args: string[],
  options: {
    env?: Record<string, string>;
    tty?: boolean;
    prompter?: Prompter;
    /** Told of stdout so far on every write: for a command that waits on something the test does. */
    onOutput?: (stdout: string) => void;
  } = {},
): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const stdin = Object.assign(new PassThrough(), { isTTY: options.tty === true });
  const io: Io = {
    stdout: {
      write: (s: string) => {
        stdout += s;
        options.onOutput?.(stdout);
      },
      isTTY: options.tty === true,
    },
    stderr: { write: (s: string) => (stderr += s), isTTY: options.tty === true },
    stdin,
    env: { HOME: tmpdir(), XDG_CONFIG_HOME: join(tmpdir(), 'handson-no-config'), ...options.env },
  };
  const code = await runCommand(args, io, options.prompter ? { prompter: options.prompter } : {});
  return { code, stdout, stderr };
}

/** Answers prompts from a script, in order; fails the test if the command asks something else. */
export function scriptedPrompter(answers: (string | boolean | string[])[]): Prompter & { asked: string[] } {
  const asked: string[] = [];
  const next = (q: string) => {
    asked.push(q);
    if (answers.length === 0) throw new Error(`unexpected question: ${q}`);
    return answers.shift()!;
  };
  return {
    asked,
    async text(q) {
      return String(next(q));
    },
    async confirm(q) {
      return next(q) === true;
    },
    async choose(q, choices) {
      const a = next(q);
      const picked = Array.isArray(a) ? a : [String(a)];
      for (const p of picked)
        if (!choices.some((c) => c.value === p)) throw new Error(`"${p}" is not a choice for: ${q}`);
      return picked;
    },
    async secret(q) {
      return String(next(q));
    },
    close() {},
  };
}

export const BIN = resolve(import.meta.dirname, '../../../bin/handson.js');

/** A child's environment: only PATH from ours, so the user's own HANDSON_* settings never leak in. */
function childEnv(env: Record<string, string>): Record<string, string> {
  return {
    PATH: process.env['PATH'] ?? '',
    HOME: tmpdir(),
    XDG_CONFIG_HOME: join(tmpdir(), 'handson-no-config'),
    ...env,
  };
}

/** Runs the built CLI as a whole process (what a user runs). Needs `npm run build` first. */
export function spawnCli(args: string[], env: Record<string, string> = {}, input?: string): CliResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    env: childEnv(env),
    encoding: 'utf8',
    input: input ?? '',
    timeout: 30_000,
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** util-linux `script` runs a program on a pseudo-terminal; without it the terminal tests cannot run. */
export const HAS_SCRIPT = spawnSync('script', ['--version'], { encoding: 'utf8' }).stdout?.includes(
  'util-linux',
);

const shellWord = (s: string) => `'${s.replaceAll("'", "'\\''")}'`;

/**
 * Runs the built CLI on a pseudo-terminal (through util-linux `script`), so it prompts as it does
 * for a person. `type` sends keys as the terminal would (Ctrl+C is "\u0003"), `interrupt` sends
 * SIGINT to the CLI process itself; `exited` gives the exit code and everything the screen showed.
 */
export function terminalCli(args: string[], env: Record<string, string> = {}) {
  // The shell execs the CLI, so the pid it prints first is the CLI's own.
  const command = `echo "pid $$"; exec ${[process.execPath, BIN, ...args].map(shellWord).join(' ')}`;
  const child = spawn('script', ['--quiet', '--flush', '--return', '--command', command, '/dev/null'], {
    env: childEnv({ SHELL: '/bin/sh', TERM: 'dumb', ...env }),
  });
  let screen = '';
  const waiting: { text: string; resolve(): void }[] = [];
  child.stdout.on('data', (b: Buffer) => {
    screen += b.toString();
    for (const w of waiting.splice(0)) {
      if (screen.includes(w.text)) w.resolve();
      else waiting.push(w);
    }
  });
  const exited = new Promise<{ code: number | null; screen: string }>((resolve) =>
    child.on('close', (code) => resolve({ code, screen })),
  );
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  void exited.then(() => clearTimeout(timer));
  return {
    /** Resolves once `text` is on the screen. */
    waitFor(text: string): Promise<void> {
      if (screen.includes(text)) return Promise.resolve();
      return new Promise((resolve, reject) => {
        waiting.push({ text, resolve });
        void exited.then(() => reject(new Error(`exited before showing "${text}"; screen: ${screen}`)));
      });
    },
    type(keys: string): void {
      child.stdin.write(keys);
    },
    interrupt(): void {
      const pid = /pid (\d+)/.exec(screen)?.[1];
      if (pid === undefined) throw new Error(`the CLI's pid is not on the screen yet: ${screen}`);
      process.kill(Number(pid), 'SIGINT');
    },
    exited,
  };
}

/** Ana's `init`: an engineering manager in Berlin (the time model's stories), with 7 reports unless told. */
export function initAna(reports = 7): string[] {
  return [
    'init',
    '--name',
    'Ana',
    '--role',
    'engineering-manager',
    '--reports',
    String(reports),
    '--tz',
    'Europe/Berlin',
    '--email',
    'ana@example.com',
    '--yes',
  ];
}

/**
 * `handson init` for the leader most tests use: Dana, an engineering manager with five reports in
 * UTC (or `tz`) and a 10 % IC budget. `extra` adds flags (e.g. working hours).
 */
export function initDana(extra: string[] = [], tz = 'UTC'): string[] {
  return [
    'init',
    '--name',
    'Dana',
    '--role',
    'engineering-manager',
    '--reports',
    '5',
    '--tz',
    tz,
    '--email',
    'dana@example.com',
    '--budget',
    '10',
    ...extra,
    '--yes',
  ];
}
