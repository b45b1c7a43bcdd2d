import type { ParseArgsConfig } from 'node:util';
import type { ZodType, z } from 'zod';
import type { AppContext } from '../app/context.js';
import type { Handler } from '../app/handler.js';
import type { Config } from '../config.js';
import type { AppError } from '../errors.js';
import type { Io } from './io.js';
import type { Prompter } from './prompt.js';

export type OptionConfig = NonNullable<ParseArgsConfig['options']>[string] & {
  /**
   * Several ids or addresses (`--reason`, `--email`): `--reason a --reason b`, `--reason a,b` and,
   * in a command without positionals, `--reason a b` all give both. Needs `multiple: true`.
   */
  list?: boolean;
};
export type OptionsConfig = Record<string, OptionConfig>;
export type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

/**
 * A command is a plain object, loaded only when it runs (see main.ts) so that `handson --help`
 * and `handson week` load just what they use. `run` returns; only main.ts decides the exit code.
 */
export interface Command {
  meta: {
    name: string;
    summary: string;
    /** Usage lines without the leading `handson `. */
    usage: string[];
    /** Extra help text: what the flags mean, where the defaults come from. */
    help?: string;
  };
  options?: OptionsConfig;
  /** The command takes words besides flags (an ID, files); any other command refuses a stray word. */
  takesPositionals?: boolean;
  /** Input fields whose flag is not simply the kebab-case of the field (`reasons` → `--reason`). */
  flags?: Record<string, string>;
  /** Sub-commands by name (`commitments add`); a command has either these or `run`. */
  subcommands?: Record<string, () => Promise<Command>>;
  run?(cx: CommandContext): Promise<void>;
}

export interface CommandContext {
  io: Io;
  config: Config;
  values: Values;
  positionals: string[];
  /** The usage error for a positional the command did not expect; it names the flag the word followed. */
  unexpected(index: number): AppError;
  /** `--json` was given: print data as JSON, nothing else on stdout. */
  json: boolean;
  /** Colour and prompts are for people at a terminal. */
  interactive: boolean;
  prompt: Prompter;
  /** Opens the store on first use (init may ask for a new encrypted one); main.ts closes it. */
  app(init?: { encrypt?: boolean; key?: string }): Promise<AppContext>;
  /** Validates `input` with the handler's schema and runs it. */
  call<S extends ZodType, O>(h: Handler<S, O>, input: z.input<S>): Promise<O>;
  /**
   * Human output, a line on stdout; `err` the same on stderr. Both show control characters in the
   * text instead of obeying them (src/cli/terminal.ts), so stored or imported text cannot drive the
   * terminal. `io.stdout`/`io.stderr` are raw: only for documents that keep their exact bytes.
   */
  out(text?: string): void;
  err(text: string): void;
  /** Exact data: not filtered (JSON escapes control characters itself). */
  outJson(data: unknown): void;
}

export function defineCommand(c: Command): Command {
  return c;
}

/** A command made of sub-commands (`commitments add`, `commitments list`, ...). */
export function defineGroup(name: string, summary: string, subcommands: Record<string, Command>): Command {
  return {
    meta: { name, summary, usage: Object.values(subcommands).flatMap((c) => c.meta.usage) },
    subcommands: Object.fromEntries(Object.entries(subcommands).map(([k, c]) => [k, async () => c])),
  };
}
