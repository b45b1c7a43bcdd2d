import { describe, expect, it } from 'vitest';
import { renderJson } from './json.js';
import { sampleReport } from './test-support/sample.js';

describe('JSON report', () => {
  it('is the report data itself under a format and version header, pretty-printed', () => {
    const data = sampleReport();
    const text = renderJson(data);
    expect(JSON.parse(text)).toEqual({ format: 'handson-report', version: 1, report: data });
    expect(text.startsWith('{\n  "format": "handson-report",\n  "version": 1,\n  "report": {\n')).toBe(true);
    expect(text.endsWith('}\n')).toBe(true);
  });

  it('keeps user text exactly as written', () => {
    const data = sampleReport();
    data.leader.name = '<script>alert("1")</script> — Zoë';
    expect(JSON.parse(renderJson(data)).report.leader.name).toBe('<script>alert("1")</script> — Zoë');
  });
});
