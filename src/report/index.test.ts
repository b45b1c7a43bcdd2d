import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.js';
import { renderReport } from './index.js';
import { sampleReport } from './test-support/sample.js';

describe('renderReport', () => {
  it.each([
    ['term', /^Hands-on report · Alex Morgan\n/],
    ['md', /^# Hands-on report: Alex Morgan\n/],
    ['html', /^<!doctype html>\n<html lang="en">/],
    ['json', /^\{\n {2}"format": "handson-report"/],
  ])('renders %s', async (format, start) => {
    expect(await renderReport(sampleReport(), format)).toMatch(start);
  });

  it('refuses an unknown format, naming the ones it knows', async () => {
    const result = renderReport(sampleReport(), 'pdf');
    await expect(result).rejects.toBeInstanceOf(AppError);
    await expect(result).rejects.toThrow(
      'Unknown report format "pdf": expected one of term, md, html, json.',
    );
  });

  it('passes the terminal options on', async () => {
    const text = await renderReport(sampleReport(), 'term', { width: 60, env: {} });
    expect(Math.max(...text.split('\n').map((l) => [...l].length))).toBeLessThanOrEqual(60);
  });
});
