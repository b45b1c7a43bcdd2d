import { AppError } from '../../errors.js';
import { commitmentHealth, isOverdue } from '../commitments/commitments.js';
import { LEVEL_MEANING } from '../present/check.js';
import { findReason } from '../reasons/reasons.js';
import { dayDifference, isValidLocalDate } from '../time.js';
import type {
  CheckContext,
  CheckInput,
  CheckLine,
  CheckResult,
  Commitment,
  DelegationLevel,
  Reason,
  Verdict,
} from '../types.js';
import {
  CHECK_RULES,
  type CheckConfig,
  type Condition,
  DEFAULT_CHECK_CONFIG,
  DISQUALIFIERS,
  type Effect,
  type Facts,
  KIND_LABEL,
  type Operand,
  type Rule,
} from './check-rules.js';

/**
 * The interpreter for the rule table in check-rules.ts. It computes the facts once, tests every
 * rule, lets the highest-priority matching rule that decides anything set the verdict (ties go
 * to the earlier rule in the table) and explains itself with one line per matching rule.
 * Same input, same context, same table → same result.
 */

interface Decision {
  verdict: Verdict;
  to?: string;
  level?: DelegationLevel;
  hours?: number;
}

/** Everything a condition or a text can look at. */
interface Env {
  input: CheckInput;
  ctx: CheckContext;
  config: CheckConfig;
  facts: Facts;
  chosen: Reason[];
  answers: Record<string, string>;
}

export function runCheck(
  input: CheckInput,
  ctx: CheckContext,
  config: CheckConfig = DEFAULT_CHECK_CONFIG,
  rules: readonly Rule[] = CHECK_RULES,
): CheckResult {
  const env = environment(input, ctx, config);

  // A stable sort keeps table order among rules of equal priority.
  const ordered = [...rules].sort((a, b) => b.priority - a.priority);
  const decides = (rule: Rule) => !('note' in rule.effect);
  const matched = ordered.filter((rule) => !rule.fallback && matches(rule, env));
  const decider =
    matched.find(decides) ?? ordered.find((rule) => rule.fallback && decides(rule) && matches(rule, env));
  if (decider === undefined)
    throw new Error('The check rule table has no fallback rule that decides a verdict.');
  const explained = ordered.filter((rule) => rule === decider || matched.includes(rule));

  const decision = decide(decider.effect, env)!;
  // Only the fields that apply, so stored and printed results carry no empty keys.
  return { ...decision, lines: explain(explained, env) };
}

// ---------------------------------------------------------------- facts

export function facts(
  input: CheckInput,
  ctx: CheckContext,
  config: CheckConfig = DEFAULT_CHECK_CONFIG,
): Facts {
  const health = commitmentHealth(ctx.commitments, ctx.today, config);
  const personNamed = named(input.couldDo) !== undefined;
  const hoursAfter = round2(ctx.icHoursThisWeek + input.hours);
  return {
    hours: input.hours,
    criticalPathOrBlocks: input.criticalPath || input.blocksOthers,
    personNamed,
    growsSomeone: personNamed && input.grows,
    maturity: personNamed ? (input.maturity ?? 'unknown') : 'unknown',
    icHoursThisWeek: round2(ctx.icHoursThisWeek),
    icPlannedHoursThisWeek: round2(ctx.icPlannedHoursThisWeek ?? 0),
    budgetHours: round2(ctx.budgetHours),
    hoursAfter,
    hoursLeft: round2(Math.max(0, ctx.budgetHours - ctx.icHoursThisWeek)),
    sameTaskWeeks: ctx.sameTaskWeeks,
    newToFunction: ctx.newToFunction,
    overdueCount: health.overdue.length,
    postponedCount: health.postponed.length,
    toughPostponedOrOverdueCount: health.toughPostponedOrOverdue.length,
    commitmentsHealthy: health.healthy,
    // Unknown focus time must not trigger the rule: treat it as plenty.
    focusHoursAhead:
      ctx.focusHoursAhead === undefined ? Number.MAX_SAFE_INTEGER : round2(ctx.focusHoursAhead),
    daysUntilDue: input.due === undefined ? Number.MAX_SAFE_INTEGER : dayDifference(ctx.today, input.due),
    focusHoursBeforeDue:
      ctx.focusHoursBeforeDue === undefined ? Number.MAX_SAFE_INTEGER : round2(ctx.focusHoursBeforeDue),
    activeFlagCount: new Set(ctx.activeFlags ?? []).size,
  };
}

function environment(input: CheckInput, ctx: CheckContext, config: CheckConfig): Env {
  if (!(Number.isFinite(input.hours) && input.hours > 0)) {
    throw new AppError('invalid', `The estimate must be a number of hours above 0, not ${input.hours}.`, {
      field: 'hours',
    });
  }
  if (!isValidLocalDate(ctx.today)) {
    throw new AppError('invalid', `"${ctx.today}" is not a date; expected YYYY-MM-DD.`, { field: 'today' });
  }
  if (input.reasons.length === 0) {
    throw new AppError('invalid', 'Give at least one reason for wanting to do this task.', {
      field: 'reasons',
    });
  }
  const chosen: Reason[] = [];
  input.reasons.forEach((id, i) => {
    const reason = findReason(ctx.reasons, id);
    if (reason === undefined) {
      throw new AppError(
        'invalid',
        `"${id}" is not a known reason; see the reasons list for the ids you can use.`,
        {
          field: `reasons[${i}]`,
        },
      );
    }
    if (!chosen.includes(reason)) chosen.push(reason);
  });
  const answers: Record<string, string> = {};
  for (const [question, answer] of Object.entries(input.answers))
    answers[question] = answer.trim().toLowerCase();
  return { input, ctx, config, facts: facts(input, ctx, config), chosen, answers };
}

// ---------------------------------------------------------------- conditions

function matches(rule: Rule, env: Env): boolean {
  return test(rule.when, env) && (rule.each === undefined || eachReason(rule, env).length > 0);
}

function test(c: Condition, env: Env): boolean {
  if ('all' in c) return c.all.every((x) => test(x, env));
  if ('any' in c) return c.any.some((x) => test(x, env));
  if ('not' in c) return !test(c.not, env);
  if ('reasonChosen' in c) return env.chosen.some((r) => r.id === c.reasonChosen);
  if ('reasonKindChosen' in c) return env.chosen.some((r) => r.kind === c.reasonKindChosen);
  if ('reasonHolds' in c) return env.chosen.some((r) => r.id === c.reasonHolds && holds(r, env));
  if ('someReasonHolds' in c) return env.chosen.some((r) => holds(r, env)) === c.someReasonHolds;
  if ('answer' in c) return env.answers[c.answer] === c.eq.toLowerCase();
  const value = env.facts[c.fact];
  if ('eq' in c) return value === c.eq;
  if (typeof value !== 'number') throw new Error(`Fact ${c.fact} is not a number and cannot be compared.`);
  if ('gt' in c) return value > operand(c.gt, env);
  if ('gte' in c) return value >= operand(c.gte, env);
  if ('lt' in c) return value < operand(c.lt, env);
  return value <= operand(c.lte, env);
}

function operand(o: Operand, env: Env): number {
  if (typeof o === 'number') return o;
  return 'config' in o ? env.config[o.config] : env.facts[o.fact];
}

/** A chosen good reason holds unless its disqualifier applies; a watch-out reason never holds. */
function holds(reason: Reason, env: Env): boolean {
  if (reason.kind !== 'good') return false;
  const disqualifier = (DISQUALIFIERS as Record<string, Condition | undefined>)[reason.id];
  return disqualifier === undefined || !test(disqualifier, env);
}

function eachReason(rule: Rule, env: Env): Reason[] {
  const filter = rule.each;
  if (filter === undefined) return [];
  return env.chosen.filter(
    (r) =>
      r.kind === filter.kind &&
      (filter.builtin === undefined || r.builtin === filter.builtin) &&
      (filter.holds === undefined || holds(r, env) === filter.holds),
  );
}

// ---------------------------------------------------------------- effects

function decide(effect: Effect, env: Env): Decision | undefined {
  if ('verdict' in effect) return { verdict: effect.verdict };
  if ('handoff' in effect) return handoff(env);
  if ('budget' in effect) return budget(env);
  return undefined;
}

function handoff(env: Env): Decision {
  const to = named(env.input.couldDo);
  if (to === undefined) return { verdict: 'pair' };
  const maturity = env.input.maturity ?? env.config.assumedMaturity;
  const level = env.config.handoffByMaturity[maturity];
  return level === 'pair' ? { verdict: 'pair', to } : { verdict: 'delegate', to, level };
}

function budget(env: Env): Decision {
  if (env.facts.personNamed) return handoff(env);
  if (env.facts.hoursLeft >= env.config.minTimeboxHours)
    return { verdict: 'time-box', hours: env.facts.hoursLeft };
  return { verdict: 'delegate' };
}

// ---------------------------------------------------------------- explanation

function explain(matched: Rule[], env: Env): CheckLine[] {
  const values = placeholders(env);
  const asked = new Set<string>();
  const lines: CheckLine[] = [];
  const add = (rule: Rule, reason: Reason | undefined, extra: Record<string, string>) => {
    const line: CheckLine = { rule: rule.id, text: fill(rule, { ...values, ...extra }) };
    if (reason !== undefined) line.reason = reason.id;
    // A watch-out reason's questions are asked once, on the first line about it.
    if (reason?.kind === 'watch-out' && !asked.has(reason.id) && reason.questions.length > 0) {
      asked.add(reason.id);
      line.questions = reason.questions.map((q) => q.text);
    }
    lines.push(line);
  };
  for (const rule of matched) {
    if (rule.each === undefined) {
      add(rule, rule.reason === undefined ? undefined : findReason(env.ctx.reasons, rule.reason), {});
    } else {
      for (const reason of eachReason(rule, env)) add(rule, reason, { reasonTitle: reason.title });
    }
  }
  return lines;
}

function placeholders(env: Env): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of Object.entries(env.facts)) {
    values[name] = typeof value === 'number' ? hours(value) : String(value);
  }
  values['creepWeeks'] = String(env.config.creepWeeks);
  values['minTimeboxHours'] = hours(env.config.minTimeboxHours);
  const health = commitmentHealth(env.ctx.commitments, env.ctx.today, env.config);
  const unhealthy = [...new Set([...health.overdue, ...health.toughPostponedOrOverdue])];
  values['due'] = env.input.due ?? 'no date';
  values['person'] = named(env.input.couldDo) ?? 'someone';
  values['handoff'] = advice(handoff(env));
  values['budgetAdvice'] = advice(budget(env));
  values['tough'] = listOf(health.toughPostponedOrOverdue, env);
  values['overdue'] = listOf(health.overdue, env);
  values['unhealthy'] = listOf(unhealthy, env);
  const flags = [...new Set(env.ctx.activeFlags ?? [])].sort();
  values['flags'] =
    flags.length === 1 ? `the “${flags[0]}” flag` : `the flags ${flags.map((f) => `“${f}”`).join(', ')}`;
  return values;
}

function fill(rule: Rule, values: Record<string, string>): string {
  return rule.text.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`Rule ${rule.id} uses an unknown placeholder {${name}}.`);
    return value;
  });
}

function advice(d: Decision): string {
  switch (d.verdict) {
    case 'pair':
      return d.to === undefined
        ? 'pair with someone on the team rather than owning it alone'
        : `pair with ${d.to} on it rather than handing it over outright`;
    case 'delegate':
      return d.to === undefined || d.level === undefined
        ? 'your IC budget for this week is spent: hand it to someone on the team'
        : `delegate it to ${d.to} at the “${d.level}” level (${LEVEL_MEANING[d.level]})`;
    case 'time-box':
      return `time-box it to ${hours(d.hours ?? 0)} h, what is left of your budget this week`;
    default:
      return d.verdict === 'take' ? 'take it' : 'pause and reflect first';
  }
}

function listOf(commitments: Commitment[], env: Env): string {
  const items = commitments.map((c) => {
    const notes: string[] = [];
    if (isOverdue(c, env.ctx.today)) notes.push(`was due ${c.due}`);
    const n = c.postponements.length;
    if (n > 0) notes.push(`put off ${n === 1 ? 'once' : n === 2 ? 'twice' : `${n} times`}`);
    const label = `your ${KIND_LABEL[c.kind]} “${c.title}”`;
    return notes.length === 0 ? label : `${label} (${notes.join(', ')})`;
  });
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

function named(person: string | undefined): string | undefined {
  const trimmed = person?.trim();
  return trimmed === undefined || trimmed === '' ? undefined : trimmed;
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

function hours(n: number): string {
  return String(round2(n));
}

// ---------------------------------------------------------------- explaining the table

/** A condition in a line of plain notation, for `handson check --explain-rules`. */
export function describeCondition(c: Condition): string {
  const group = (parts: Condition[], op: string) =>
    parts.length === 0 ? 'always' : parts.map((p) => wrap(p)).join(` ${op} `);
  const wrap = (p: Condition) =>
    'all' in p || 'any' in p ? `(${describeCondition(p)})` : describeCondition(p);
  if ('all' in c) return group(c.all, 'and');
  if ('any' in c) return group(c.any, 'or');
  if ('not' in c) return `not ${wrap(c.not)}`;
  if ('reasonChosen' in c) return `reason ${c.reasonChosen} chosen`;
  if ('reasonKindChosen' in c) return `a ${c.reasonKindChosen} reason chosen`;
  if ('reasonHolds' in c) return `reason ${c.reasonHolds} chosen and holds`;
  if ('someReasonHolds' in c) return 'a chosen reason holds';
  if ('answer' in c) return `answer to ${c.answer} is ${c.eq}`;
  const show = (o: Operand) =>
    typeof o === 'number' ? String(o) : 'config' in o ? `config.${o.config}` : o.fact;
  if ('eq' in c) return `${c.fact} = ${String(c.eq)}`;
  if ('gt' in c) return `${c.fact} > ${show(c.gt)}`;
  if ('gte' in c) return `${c.fact} >= ${show(c.gte)}`;
  if ('lt' in c) return `${c.fact} < ${show(c.lt)}`;
  return `${c.fact} <= ${show(c.lte)}`;
}

export function describeEffect(effect: Effect): string {
  if ('verdict' in effect) return effect.verdict;
  if ('handoff' in effect) return 'hand off (pair or delegate)';
  if ('budget' in effect) return 'budget (hand off, time-box or delegate)';
  return 'note';
}
