import type { Progress } from '../app/context.js';
import { ownSequence } from './terminal.js';

/** Back to the line's first column (CSI G: `\r` would be shown, not obeyed, by the filter) and clear it. */
export const CLEAR_LINE = `${ownSequence('1G')}${ownSequence('2K')}`;

/**
 * A one-line progress bar on stderr for long work (imports): label, count, total when known, and
 * rate. Only on a terminal — piped output and --json stay clean — and redrawn at most 10 times a
 * second so it costs nothing measurable. `stream` shows control characters instead of obeying them
 * (src/cli/terminal.ts), so our own sequences are written as such.
 */
export function terminalProgress(stream: {
  write(s: string): unknown;
  isTTY?: boolean;
}): Progress | undefined {
  if (!stream.isTTY) return undefined;
  let started = 0;
  let lastDraw = 0;
  let label = '';
  let drawn = false;
  const draw = (done: number, total: number | undefined, force: boolean) => {
    const now = Date.now();
    if (!force && now - lastDraw < 100) return;
    lastDraw = now;
    const seconds = Math.max((now - started) / 1000, 0.001);
    const rate = Math.round(done / seconds);
    const width = 24;
    const bar =
      total && total > 0
        ? `${'█'.repeat(Math.round((Math.min(done, total) / total) * width)).padEnd(width, '░')} ${done}/${total}`
        : `${done}`;
    stream.write(`${CLEAR_LINE}${label}  ${bar}  ${rate}/s`);
    drawn = true;
  };
  return {
    start(what) {
      label = what;
      started = Date.now();
      lastDraw = 0;
      draw(0, undefined, true);
    },
    update(done, total) {
      draw(done, total, false);
    },
    end() {
      if (drawn) stream.write(CLEAR_LINE);
      drawn = false;
    },
  };
}
