import type { Overrun } from '../timer/timer.js';

/**
 * The words for a running timer, the same on the command line and in the web app. Pure: the timer's
 * facts in, sentences out.
 */

/**
 * `45 min`, `1 h`, `1 h 20 min`: a duration to the minute, as a timer shows it. `space` joins a number
 * to its unit (the web app uses a no-break space, so `1 h` never breaks across two lines).
 */
export function elapsedText(minutes: number, space = ' '): string {
  const whole = Math.max(0, Math.round(minutes));
  const h = Math.floor(whole / 60);
  const m = whole % 60;
  if (h === 0) return `${m}${space}min`;
  return m === 0 ? `${h}${space}h` : `${h}${space}h ${m}${space}min`;
}

/** `Running: "Fix the flaky deploy" since 14:05 (1 h 20 min).`; the day too once it is not today. */
export function runningLine(t: {
  title: string;
  date: string;
  startTime: string;
  minutes: number;
  overrun?: Overrun | undefined;
}): string {
  const since = t.overrun?.past === 'midnight' ? `${t.date} ${t.startTime}` : t.startTime;
  return `Running: "${t.title}" since ${since} (${elapsedText(t.minutes)}).`;
}

/** Why `stop` will not count a timer that ran on unattended, and how to say when the work ended. */
export function overrunSentence(title: string, o: Overrun, now: { date: string; time: string }): string {
  const ran =
    o.past === 'midnight'
      ? `started on ${o.date} at ${o.startTime} and ran past midnight`
      : `started at ${o.startTime} and ran past the end of your working hours (${o.workEnd})`;
  const workEnd =
    o.past === 'midnight' && o.workEnd !== undefined ? ` (your working hours ended at ${o.workEnd})` : '';
  const nowText = o.past === 'midnight' ? `${now.date} ${now.time}` : now.time;
  return (
    // Said the same on every surface: the CLI puts its flag in front (`--until: …`), the web app
    // asks with a time field and a "Count all of it" button.
    `The timer for "${title}" ${ran}; it is now ${nowText}. Nothing was logged: give the time you ` +
    `stopped that day as HH:MM${workEnd}, or now to count all of it.`
  );
}
