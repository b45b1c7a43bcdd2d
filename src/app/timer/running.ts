import { z } from 'zod';
import { IcSessionSchema } from '../../domain/records.js';
import { instant } from '../schemas.js';

/**
 * The running timer is a setting of the store (one row per owner), so it survives a restart and
 * is the same timer from the CLI and the web app. It stays out of backups (backup.ts keeps its own
 * list of settings): it is the state of one afternoon, not something the leader entered, and a
 * timer restored days later would only be refused for running past midnight. Its own module so
 * day-tracking.ts can name it without importing the handlers.
 */
export const RUNNING_TIMER_SETTING = 'running-timer';

const session = IcSessionSchema.shape;

/** What a running timer keeps: the session's own fields, and when it started. */
export const StoredTimer = z.object({
  title: session.title,
  reasons: session.reasons,
  checkId: session.checkId,
  /** How the leader felt when they started: asked at the start, when it is true, not guessed at the stop. */
  energyBefore: session.energyBefore,
  startedAt: instant,
});

export type StoredTimer = z.output<typeof StoredTimer>;
