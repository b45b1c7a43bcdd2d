/**
 * The CalDAV client: find an account's calendars, and bring a local copy of one up to date.
 * Fetched objects are iCalendar text for the ICS reader (../ics); storing them is the caller's job.
 */

export type { CalDavAccount, ConnectOptions } from './connection.js';
export { listRemoteCalendars, type RemoteCalendar } from './discover.js';
export {
  type FetchedObject,
  type SyncOptions,
  type SyncRequest,
  type SyncResult,
  syncCalendar,
} from './sync.js';
