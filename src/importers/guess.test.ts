import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { guessImporter } from './guess.js';
import { ics } from './ics/test-support/calendar.js';

const fixture = (name: string) =>
  readFileSync(join(import.meta.dirname, 'trackers', 'fixtures', name), 'utf8').slice(0, 4096);

describe('guessImporter', () => {
  it.each([
    ['work.ics', ics(), 'ics'],
    ['calendar.txt', `\uFEFF${ics()}`, 'ics'],
    ['work.ics', 'not a calendar at all', 'ics'],
    ['issues.csv', fixture('jira-cloud.csv'), 'jira'],
    ['export.txt', fixture('jira-datacenter.csv'), 'jira'],
    ['linear.csv', fixture('linear.csv'), 'linear'],
    ['issues.json', fixture('github-issues.json'), 'github'],
    ['search.json', fixture('github-search.json'), 'github'],
    ['people.csv', 'name,email\nSam,sam@example.com\n', 'csv'],
    ['backup.json', '{"format": "handson-export", "version": 2, "number": 1, "html_url": "x"}', undefined],
    ['other.json', '{"hello": 1}', undefined],
    ['notes.txt', 'Dear diary', undefined],
  ])('%s (%#) is for %s', (name, head, expected) => {
    expect(guessImporter(name, head)).toBe(expected);
  });
});
