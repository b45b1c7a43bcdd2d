import type { AppContext } from '../app/context.js';
import { invoke } from '../app/handler.js';
import type { Config } from '../config.js';
import { largest } from '../domain/numbers.js';
import { terminalLine } from '../domain/present/terminal-text.js';
import { AppError, isAppError } from '../errors.js';
import type { Command, CommandContext } from './command.js';
import { parseCommandLine, splitLeadingGlobals, UsageError } from './command-line.js';
import { COMMANDS, loadCommand } from './commands/index.js';
import { paint } from './format.js';
import { type Io, processIo } from './io.js';
import { PromptCancelled, type Prompter, terminalPrompter } from './prompt.js';
import { screen, screenStream } from './terminal.js';

/** `interrupted` is what a shell reports for a program ended by Ctrl+C (128 + SIGINT). */
export const EXIT = { ok: 0, userError: 1, usage: 2, bug: 70, interrupted: 130 } as const;

const VERSION = '0.1.0';

function kebab(field: string): string {
  return field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

function usageText(c: Command, path: string[]): string {
  const lines = [`${c.meta.summary}`, '', 'Usage:'];
  for (const u of c.meta.usage) lines.push(`  handson ${u}`);
  if (c.subcommands) {
    lines.push('', 'Commands:');
    lines.push(
      `  Run \`handson ${path.join(' ')} COMMAND --help\` for one of: ${Object.keys(c.subcommands).join(', ')}`,
    );
  }
  if (c.meta.help) lines.push('', c.meta.help.trim());
  lines.push('', 'Every command takes --data DIR (or HANDSON_DATA) and --help; data commands take --json.');
  return `${lines.join('\n')}\n`;
}

function mainHelp(): string {
  const width = largest(COMMANDS.map((c) => c.name.length));
  return [
    'Hands-on — check an IC task before you take it, keep a journal of IC work and leadership',
    'commitments, and see what your hands-on work costs or gives your leadership.',
    '',
    'Usage: handson COMMAND [options]     (alone on a terminal: a small menu)',
    '',
    'Commands:',
    ...COMMANDS.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Options for every command, before or after its name:',
    '  --data DIR   where your data lives (default: $XDG_DATA_HOME/handson or ~/.local/share/handson;',
    '               env HANDSON_DATA). HANDSON_DATABASE_URL=postgres://… uses PostgreSQL instead.',
    '  --json       print data as JSON (commands that print data)',
    '  --help, -h   help for a command: handson check --help',
    '',
    'Exit codes: 0 done, 1 a problem with what you asked (message says which), 2 wrong command line,',
    '130 interrupted (Ctrl+C or Ctrl+D at a question).',
    '',
  ].join('\n');
}

/**
 * Runs one command line and returns its exit code. Never exits the process: tests call it
 * in-process; `runMain` is the only place that exits.
 */
export async function runCommand(
  argv: string[],
  io: Io,
  options: { prompter?: Prompter } = {},
): Promise<number> {
  const color = io.stdout.isTTY === true && !io.env['NO_COLOR'];
  // Human text only; --json output and documents go to io.stdout raw.
  const out = (s: string) => io.stdout.write(screen(s));
  const err = (s: string) => io.stderr.write(screen(s));
  let app: AppContext | undefined;
  let prompter: Prompter | undefined;
  try {
    if (argv[0] === '--version' || argv[0] === '-V') {
      out(`${VERSION}\n`);
      return EXIT.ok;
    }
    const { globals, words } = splitLeadingGlobals(argv);
    const wantsHelp = globals.includes('--help') || globals.includes('-h');
    let name = words[0];
    if (name === undefined) {
      // Nothing but global flags: a person at a terminal gets the menu, anyone else the overview.
      if (!wantsHelp && !globals.includes('--json') && io.stdin.isTTY && io.stdout.isTTY) name = 'menu';
      else {
        out(mainHelp());
        return EXIT.ok;
      }
    }
    if (name === 'help') {
      out(mainHelp());
      return EXIT.ok;
    }
    if (name.startsWith('-')) {
      throw new UsageError(`unknown option '${name}'; run \`handson --help\` for the options`);
    }

    // Walk down sub-commands: `commitments postpone ID` → the postpone command with ["ID"].
    const path = [name];
    const first = await loadCommand(name);
    if (!first) throw new UsageError(`unknown command "${name}"; run \`handson --help\` for the list`);
    let command: Command = first;
    let rest = words.slice(1);
    // A command may have both sub-commands and its own run (`import FILE` vs `import ics FILE`):
    // then a sub-command is taken only when the next word names one.
    while (
      command.subcommands &&
      !(command.run && !(rest[0] !== undefined && Object.hasOwn(command.subcommands, rest[0])))
    ) {
      const next = rest[0];
      if (next === undefined || next.startsWith('-')) {
        if (wantsHelp || rest.includes('--help') || rest.includes('-h')) {
          out(usageText(command, path));
          return EXIT.ok;
        }
        throw new UsageError(
          `expected a sub-command: ${Object.keys(command.subcommands).join(', ')}`,
          command,
        );
      }
      // Own keys only: a word like `constructor` is not a sub-command because every object has it.
      const load = Object.hasOwn(command.subcommands, next) ? command.subcommands[next] : undefined;
      if (!load) {
        throw new UsageError(
          `unknown sub-command "${next}"; expected one of: ${Object.keys(command.subcommands).join(', ')}`,
          command,
        );
      }
      command = await load();
      path.push(next);
      rest = rest.slice(1);
    }
    const current = command;

    const parsed = parseCommandLine(current, rest, globals);
    const values = parsed.values as CommandContext['values'];
    if (values['help']) {
      out(usageText(current, path));
      return EXIT.ok;
    }

    const { loadConfig } = await import('../config.js');
    const config: Config = loadConfig(io.env, { data: values['data'] as string | undefined });
    const interactive = io.stdin.isTTY === true && io.stdout.isTTY === true && !values['json'];
    prompter = options.prompter ?? terminalPrompter(io);
    const cx: CommandContext = {
      io,
      config,
      values,
      positionals: parsed.positionals,
      unexpected: parsed.unexpected,
      json: values['json'] === true,
      interactive,
      prompt: prompter,
      async app(init) {
        if (!app) {
          const { openApp } = await import('./open.js');
          // Its warnings quote stored text and its progress line names what is read.
          const human = { ...io, stderr: screenStream(io.stderr) };
          app = await openApp(config, human, interactive ? prompter : undefined, init);
        }
        return app;
      },
      async call(h, input) {
        const ctx = await cx.app();
        try {
          return await invoke(h, ctx, input);
        } catch (e) {
          // Name the flag, not the internal field: `--hours: expected …`.
          if (!isAppError(e) || e.field === undefined) throw e;
          const shape = (h.input as { shape?: Record<string, unknown> }).shape;
          const flagOf = (field: string) => {
            const top = field.split('.')[0]!;
            return shape && top in shape ? `--${current.flags?.[top] ?? kebab(top)}` : field;
          };
          const problems = e.problems.length > 0 ? e.problems : [{ field: e.field, message: '' }];
          if (!problems.some((p) => flagOf(p.field) !== p.field)) throw e;
          const message =
            e.problems.length > 0
              ? e.problems.map((p) => (p.field ? `${flagOf(p.field)}: ${p.message}` : p.message)).join('; ')
              : e.message.startsWith(`${e.field}:`)
                ? `${flagOf(e.field)}:${e.message.slice(e.field.length + 1)}`
                : `${flagOf(e.field)}: ${e.message}`;
          throw new AppError(e.code, message, { cause: e });
        }
      },
      out(text = '') {
        out(`${text}\n`);
      },
      err(text) {
        err(`${text}\n`);
      },
      outJson(data) {
        io.stdout.write(`${JSON.stringify(data, null, 2)}\n`);
      },
    };
    if (!current.run) throw new UsageError('nothing to run', current);
    await current.run(cx);
    return EXIT.ok;
  } catch (e) {
    // The person chose to leave: nothing to explain.
    if (e instanceof PromptCancelled) return EXIT.interrupted;
    if (e instanceof UsageError) {
      // One line whatever the message quotes: a typed argument may hold a line break.
      err(`handson: ${terminalLine(e.message)}\n`);
      if (e.command) err(`Usage:\n${e.command.meta.usage.map((u) => `  handson ${u}`).join('\n')}\n`);
      return EXIT.usage;
    }
    if (isAppError(e)) {
      err(`${paint(color, 'red', 'handson:')} ${terminalLine(e.message)}\n`);
      return e.code === 'usage' ? EXIT.usage : EXIT.userError;
    }
    err(`handson: an unexpected error — this is a bug, please report it with the lines below.\n`);
    err(`${(e as Error)?.stack ?? String(e)}\n`);
    return EXIT.bug;
  } finally {
    prompter?.close();
    await app?.store.close();
  }
}

export async function runMain(argv: string[]): Promise<void> {
  const code = await runCommand(argv, processIo());
  // Let buffered output reach a pipe before exiting.
  process.stdout.write('', () => process.exit(code));
}
