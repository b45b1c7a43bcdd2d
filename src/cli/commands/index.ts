import type { Command } from '../command.js';

/**
 * The command list, with summaries here so `handson --help` loads no command module.
 * Each command module is imported only when it runs.
 */
export const COMMANDS: { name: string; summary: string; load: () => Promise<{ default: Command }> }[] = [
  {
    name: 'init',
    summary: 'set up your profile (role, reports, time zone, emails, IC budget)',
    load: () => import('./init.js'),
  },
  { name: 'check', summary: 'check an IC task before you take it', load: () => import('./check.js') },
  { name: 'log', summary: 'log a session of IC work', load: () => import('./log.js') },
  { name: 'start', summary: 'start a timer on IC work as you begin it', load: () => import('./start.js') },
  { name: 'status', summary: 'show the running timer', load: () => import('./status.js') },
  { name: 'stop', summary: 'stop the timer and log the session', load: () => import('./stop.js') },
  {
    name: 'sessions',
    summary: 'list logged IC sessions, or change one',
    load: () => import('./sessions.js'),
  },
  {
    name: 'commitments',
    summary: 'leadership commitments: add, list, done, postpone, cancel',
    load: () => import('./commitments.js'),
  },
  {
    name: 'people',
    summary: 'the people you hold 1:1s with: list, add, edit, remove, import',
    load: () => import('./people.js'),
  },
  {
    name: 'actions',
    summary: 'improvement actions from gaps found: list, done',
    load: () => import('./actions.js'),
  },
  {
    name: 'reasons',
    summary: 'the reasons catalogue: list, show, add, remove',
    load: () => import('./reasons.js'),
  },
  { name: 'reflect', summary: 'write a reflection', load: () => import('./reflect.js') },
  { name: 'week', summary: 'this week at a glance', load: () => import('./week.js') },
  {
    name: 'review',
    summary: 'the weekly review: numbers, flags with evidence, questions',
    load: () => import('./review.js'),
  },
  {
    name: 'digest',
    summary: 'the weekly digest email: print it, write it to a .eml file, or send it to yourself',
    load: () => import('./digest.js'),
  },
  {
    name: 'flags',
    summary: 'flags about your IC work, with evidence: list, ack, dismiss',
    load: () => import('./flags.js'),
  },
  {
    name: 'report',
    summary: 'a report over any range (terminal, Markdown, HTML, JSON)',
    load: () => import('./report.js'),
  },
  {
    name: 'rebuild',
    summary: 'recompute the daily time model from all evidence',
    load: () => import('./rebuild.js'),
  },
  {
    name: 'export',
    summary: 'write everything to one JSON file (or stdout)',
    load: () => import('./export.js'),
  },
  {
    name: 'import',
    summary: 'import calendars (ics), git, jira, github, linear — or a Hands-on export',
    load: () => import('./import.js'),
  },
  { name: 'imports', summary: 'the latest imports and what each did', load: () => import('./imports.js') },
  {
    name: 'calendars',
    summary: 'your calendars: add a CalDAV account, list them',
    load: () => import('./calendars.js'),
  },
  { name: 'sync', summary: 'fetch what changed in your CalDAV calendars', load: () => import('./sync.js') },
  {
    name: 'events',
    summary: 'calendar events in a date range, classified',
    load: () => import('./events.js'),
  },
  { name: 'commits', summary: 'your commits per day and repository', load: () => import('./commits.js') },
  {
    name: 'rules',
    summary: 'how calendar time is classified: show, edit, test',
    load: () => import('./rules.js'),
  },
  { name: 'profile', summary: 'show your profile and IC budget', load: () => import('./profile.js') },
  {
    name: 'share',
    summary: "share one item with your coach on your organisation's server",
    load: () => import('./share.js'),
  },
  {
    name: 'remote',
    summary: "link this computer to your organisation's server: add, list, remove",
    load: () => import('./remote.js'),
  },
  { name: 'serve', summary: 'start the local web app and API', load: () => import('./serve.js') },
  {
    name: 'server',
    summary: "run an organisation's server; migrate its database; bootstrap its first admin",
    load: () => import('./server.js'),
  },
];

const HIDDEN: Record<string, () => Promise<{ default: Command }>> = {
  menu: () => import('./menu.js'),
};

export async function loadCommand(name: string): Promise<Command | undefined> {
  // Own keys only: `handson __proto__` or `handson constructor` would otherwise find Object's.
  const load =
    COMMANDS.find((c) => c.name === name)?.load ?? (Object.hasOwn(HIDDEN, name) ? HIDDEN[name] : undefined);
  return load ? (await load()).default : undefined;
}
