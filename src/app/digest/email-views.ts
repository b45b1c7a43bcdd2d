/**
 * What the organisation's server answers about a person's email (server/team/mail.ts), as the web
 * app reads it: one definition for both sides.
 */
export interface MailPreferences {
  /** The weekly digest of one's own week, Monday 08:00 in one's time zone. Off until turned on. */
  weekly: boolean;
  /** For a coach: what coachees shared that week, and new comments. Off until turned on. */
  coach: boolean;
  /** Titles and the flags' sentences in the weekly digest (the journal's `digest` setting). */
  includeText: boolean;
  /** Whether this server sends email at all (HANDSON_SMTP_URL is set). */
  sending: boolean;
}
