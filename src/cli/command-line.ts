import { parseArgs } from 'node:util';
import { AppError } from '../errors.js';
import type { Command, OptionConfig, OptionsConfig, Values } from './command.js';

/** A mistake on the command line: printed with the usage, exit code 2. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly command?: Command,
  ) {
    super(message);
  }
}

/** Flags every command takes, before its name (`handson --data DIR week`) or after it. */
export const GLOBAL_OPTIONS: OptionsConfig = {
  data: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
};

function optionOf(arg: string, options: OptionsConfig): [string, OptionConfig] | undefined {
  if (arg.startsWith('--')) {
    const name = arg.slice(2).split('=')[0]!;
    const config = options[name];
    return config ? [name, config] : undefined;
  }
  if (/^-[^-]$/.test(arg)) return Object.entries(options).find(([, c]) => c.short === arg[1]);
  return undefined;
}

/** The global flags in front of the command name, and the words from the command name on. */
export function splitLeadingGlobals(argv: readonly string[]): { globals: string[]; words: string[] } {
  let i = 0;
  for (;;) {
    const arg = argv[i];
    const found = arg === undefined ? undefined : optionOf(arg, GLOBAL_OPTIONS);
    if (!found) break;
    i += found[1].type === 'string' && !arg!.includes('=') ? 2 : 1;
  }
  return { globals: argv.slice(0, i), words: argv.slice(i) };
}

const NEGATIVE_NUMBER = /^-(\d|\.\d)/;

/**
 * `--minutes -5` as `--minutes=-5`: node's parser takes a value that starts with a dash for a
 * forgotten value, while here it is a number for the handler's schema to judge (and explain).
 */
function joinNegativeNumbers(args: readonly string[], options: OptionsConfig): string[] {
  const out: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') return [...out, ...args.slice(i)];
    const found = optionOf(arg, options);
    const next = args[i + 1];
    if (found && found[1].type === 'string' && !arg.includes('=') && next && NEGATIVE_NUMBER.test(next)) {
      out.push(`--${found[0]}=${next}`);
      i++;
    } else out.push(arg);
  }
  return out;
}

function parseErrorMessage(e: unknown): string {
  const error = e as NodeJS.ErrnoException;
  // `--title --hours 2` (a forgotten value) and `--title` at the end.
  const noValue = /^Option '(-[^' ]+)(?: <value>)?' argument (is ambiguous|missing)/.exec(error.message);
  if (noValue) {
    const flag = noValue[1];
    return `missing value for ${flag} (a value that starts with "-" is written ${flag}=VALUE)`;
  }
  // node's messages are good but long; keep the first sentence.
  return error.message.split(/\.(\s|$)/)[0]!.replace(/^Unknown option/, 'unknown option');
}

function tokenize(args: string[], options: OptionsConfig, command: Command) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true, tokens: true });
  } catch (e) {
    throw new UsageError(parseErrorMessage(e), command);
  }
}

/** The flag whose value came just before a word: where a stray word most likely belongs. */
interface After {
  flag: string;
  value?: string;
  boolean?: boolean;
  list?: boolean;
}

export interface CommandLine {
  values: Values;
  positionals: string[];
  /** The one-line usage error for the positional at `index`, which the command did not expect. */
  unexpected(index: number): AppError;
}

/**
 * The flags and positionals of one command's arguments. Nothing typed is dropped: a list flag
 * (`list: true`) takes `--reason a,b` and, in a command without positionals, `--reason a b`; any
 * other word a command without positionals is given is refused, naming the flag it followed.
 */
export function parseCommandLine(
  command: Command,
  args: readonly string[],
  /** Global flags typed before the command name: no word follows them. */
  globals: readonly string[] = [],
): CommandLine {
  const options: OptionsConfig = { ...GLOBAL_OPTIONS, ...command.options };
  const lead = joinNegativeNumbers(globals, options);
  const parsed = tokenize([...lead, ...joinNegativeNumbers(args, options)], options, command);
  const values = parsed.values as Values;
  const lists = new Set(Object.keys(options).filter((name) => options[name]!.list));
  const addToList = (name: string, value: string) => {
    const more = value
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean);
    values[name] = [...((values[name] as string[] | undefined) ?? []), ...more];
  };
  for (const name of lists) {
    const given = values[name];
    delete values[name];
    for (const v of Array.isArray(given) ? given : []) if (typeof v === 'string') addToList(name, v);
  }

  const positionals: string[] = [];
  const afters: (After | undefined)[] = [];
  let after: After | undefined;
  let listName: string | undefined;
  let nextIndex = -1;
  for (const t of parsed.tokens) {
    if (t.kind === 'option-terminator') after = undefined;
    else if (t.kind === 'option' && t.index < lead.length) after = undefined;
    else if (t.kind === 'option') {
      const flag = `--${t.name}`;
      listName = lists.has(t.name) ? t.name : undefined;
      if (t.value === undefined) [after, nextIndex] = [{ flag, boolean: true }, t.index + 1];
      else if (!t.inlineValue) [after, nextIndex] = [{ flag, value: t.value, list: !!listName }, t.index + 2];
      else after = undefined;
    } else {
      const follows = after !== undefined && t.index === nextIndex ? after : undefined;
      if (follows) nextIndex = t.index + 1;
      if (follows?.list && !command.takesPositionals) addToList(listName!, t.value);
      else {
        positionals.push(t.value);
        afters.push(follows);
      }
    }
  }

  const unexpected = (index: number): AppError => {
    const word = positionals[index]!;
    const a = afters[index];
    if (!a) return new AppError('usage', `unexpected argument "${word}"`);
    if (a.boolean) return new AppError('usage', `unexpected "${word}" after ${a.flag}, which takes no value`);
    if (a.list) {
      return new AppError(
        'usage',
        `unexpected "${word}" after ${a.flag} ${a.value}: give ${a.flag} once for each value (${a.flag} ${a.value} ${a.flag} ${word}) or separate the values with commas (${a.flag} ${a.value},${word})`,
      );
    }
    // Every word that followed the same flag: the value the person most likely meant.
    const words = positionals.filter((_, i) => afters[i] === a);
    return new AppError(
      'usage',
      `unexpected "${word}" after ${a.flag} ${a.value}: put quotes around a value with spaces (${a.flag} "${[a.value, ...words].join(' ')}")`,
    );
  };
  if (!command.takesPositionals && positionals.length > 0) throw unexpected(0);
  return { values, positionals, unexpected };
}
