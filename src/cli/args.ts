import { isoWeeksIn, weekStart } from '../domain/time.js';
import { AppError } from '../errors.js';
import type { CommandContext } from './command.js';

/**
 * Reading flag values. Numbers that do not parse are passed on as text so the handler's schema
 * reports them with its own "expected …" sentence; missing required flags are asked for on a
 * terminal and are a usage error elsewhere.
 */
export function str(cx: CommandContext, flag: string): string | undefined {
  const v = cx.values[flag];
  return typeof v === 'string' ? v : undefined;
}

export function list(cx: CommandContext, flag: string): string[] {
  const v = cx.values[flag];
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string');
}

export function bool(cx: CommandContext, flag: string): boolean {
  return cx.values[flag] === true;
}

export function num(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const t = value.trim();
  // Passing the text on makes the schema say what is expected (a NaN would read "received NaN").
  return /^-?(\d+(\.\d*)?|\.\d+)$/.test(t) ? Number(t) : (t as unknown as number);
}

export function missing(flag: string, what: string): AppError {
  return new AppError('usage', `missing --${flag} (${what})`, { field: flag });
}

/** The value of `--flag`, else asked for on a terminal, else a usage error. */
export async function need(
  cx: CommandContext,
  flag: string,
  question: string,
  def?: string,
): Promise<string> {
  const v = str(cx, flag);
  if (v !== undefined) return v;
  if (!cx.interactive) throw missing(flag, question.replace(/\?$/, '').toLowerCase());
  return cx.prompt.text(question, def === undefined ? {} : { default: def });
}

/** The one positional argument (an id), or a usage error. */
export function positional(cx: CommandContext, name: string): string {
  const v = cx.positionals[0];
  if (v === undefined) throw new AppError('usage', `missing ${name}`);
  if (cx.positionals.length > 1) throw cx.unexpected(1);
  return v;
}

/**
 * A week as people write it, `2026-W48`, turned into its Monday; anything else is passed on as a
 * date for the handler's schema to judge. `what` names the argument in the message.
 */
export function weekOrDate(text: string, what: string): string {
  const m = /^\s*(\d{4})-W/i.exec(text);
  if (m === null) return text;
  const monday = weekStart(text);
  if (monday === undefined) {
    const year = m[1]!;
    throw new AppError(
      'usage',
      `${what}: "${text.trim()}" is not a week; ${year} has weeks ${year}-W01 to ${year}-W${isoWeeksIn(Number(year))} (or give a date such as 2026-11-25)`,
      { field: what },
    );
  }
  return monday;
}
