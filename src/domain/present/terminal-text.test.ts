import { describe, expect, it } from 'vitest';
import { terminalLine, terminalText, terminalTextWithOwnSequences } from './terminal-text.js';

describe('text for a terminal', () => {
  it.each([
    ['retitle and clear', 'Deploy\u001b]0;PWNED\u0007\u001b[2J', 'Deploy␛]0;PWNED␇␛[2J'],
    ['carriage return overwriting the line', 'fine\rFAKE', 'fine␍FAKE'],
    ['NUL, backspace, DEL', 'a\u0000b\bc\u007f', 'a␀b␈c␡'],
    ['C1 CSI and NEL', 'x\u009b2Jy\u0085z', 'x\\u009b2Jy\\u0085z'],
    ['bidi override and isolate', 'abc\u202edcba\u2066x\u2069', 'abc\\u202edcba\\u2066x\\u2069'],
    ['line feeds and tabs stay', 'one\ttwo\nthree', 'one\ttwo\nthree'],
    ['ordinary text, accents and emoji stay', 'Q&A — café 🚀 ␛', 'Q&A — café 🚀 ␛'],
  ])('%s', (_, text, shown) => {
    expect(terminalText(text)).toBe(shown);
  });

  it('keeps a line on one line', () => {
    expect(terminalLine('Deploy\u001b[2J\r\n\tnext')).toBe('Deploy␛[2J next');
  });

  it('keeps the sequences written behind the mark, and only those', () => {
    const mark = '\u{F0000}secret';
    const ours = `${mark}1mBold${mark}0m`;
    const theirs = '\u001b[31mred\u001b[0m';
    expect(terminalTextWithOwnSequences(`${ours} ${theirs}`, mark)).toBe(
      '\u001b[1mBold\u001b[0m ␛[31mred␛[0m',
    );
    // A mark followed by anything but a CSI body is not a sequence.
    expect(terminalTextWithOwnSequences(`${mark}\u0007`, mark)).toBe('␇');
  });
});
