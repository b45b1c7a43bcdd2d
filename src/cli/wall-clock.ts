import { profileHandlers } from '../app/profile/profile.js';
import { localDateTime } from '../domain/time.js';
import type { CommandContext } from './command.js';

export interface WallClock {
  tz: string;
  /** `YYYY-MM-DD HH:MM` */
  dateTime(instant: string): string;
  /** `HH:MM` */
  time(instant: string): string;
}

/**
 * Times on screen are the leader's wall clock in their profile's time zone: not UTC, and not the
 * zone of the machine the command runs on (a server in UTC, a laptop abroad). --json output keeps
 * ISO instants in UTC.
 */
export async function wallClock(cx: CommandContext): Promise<WallClock> {
  const { tz } = (await cx.call(profileHandlers.show, {})).profile;
  return {
    tz,
    dateTime: (instant) => localDateTime(instant, tz),
    time: (instant) => localDateTime(instant, tz).slice(11),
  };
}
