import type { FollowThrough, LinkSuggestion } from '../../../src/domain/check/follow-through.js';
import {
  adviceWords,
  FOLLOW_THROUGH_TITLE,
  suggestionText,
} from '../../../src/domain/present/follow-through.js';
import { quote } from '../../../src/domain/quote.js';
import { call } from '../api/client.js';
import { shortDate } from '../lib/format.js';
import { announce } from './announce.js';
import { LoadError } from './common.js';
import { useAction } from './hooks.js';

/**
 * The review's "Follow-through on checks": each check of the week, what it advised and what the
 * sessions linked to it show since; and the unlinked sessions whose titles match a check, each
 * with Link to confirm it. The words are the domain's (present/follow-through.ts), as in
 * `handson review` and the reports.
 */

const HEADING_ID = 'follow-through-h';

function CheckItem({ f }: { f: FollowThrough }) {
  return (
    <li class="item">
      <div class="item-head">
        <h3 class="item-title">{f.title}</h3>
        <span class="meta">{shortDate(f.date)}</span>
      </div>
      <p class="meta">The check advised: {adviceWords(f)}</p>
      <p class="follow-outcome">
        What happened: {f.text}
        {f.adviceIgnored && <span class="tag tag-watch">advice passed over</span>}
      </p>
    </li>
  );
}

function SuggestionItem({ s, onLinked }: { s: LinkSuggestion; onLinked(): void }) {
  const link = useAction(() =>
    call('journal', 'edit', {
      id: s.sessionId,
      checkId: s.checkId,
      // A session changed since the review was read is refused, not linked unseen.
      ...(s.version !== undefined ? { version: s.version } : {}),
    }),
  );
  return (
    <li class="item">
      <div class="item-head">
        <p class="item-title">{suggestionText(s)}</p>
        <button
          type="button"
          class="btn btn-small"
          aria-disabled={link.busy ? 'true' : undefined}
          aria-label={`Link ${quote(s.sessionTitle)} to the check ${quote(s.checkTitle)}`}
          onClick={async () => {
            if (link.busy) return;
            if (await link.run()) {
              announce(`Linked ${quote(s.sessionTitle)} to your check ${quote(s.checkTitle)}.`);
              // The button goes with the suggestion: continue from the section's heading.
              document.getElementById(HEADING_ID)?.focus();
              onLinked();
            }
          }}
        >
          Link
        </button>
      </div>
      {link.error && <LoadError error={link.error} title="The session could not be linked." />}
    </li>
  );
}

export function FollowThroughSection({
  review,
  onChanged,
}: {
  review: { followThrough: readonly FollowThrough[]; suggestions: readonly LinkSuggestion[] };
  /** A session was linked: the review is read again. */
  onChanged(): void;
}) {
  const { followThrough, suggestions } = review;
  return (
    <section class="section follow-through" aria-labelledby={HEADING_ID}>
      <h2 id={HEADING_ID} tabIndex={-1}>
        {FOLLOW_THROUGH_TITLE}
      </h2>
      {followThrough.length === 0 ? (
        <p class="empty">
          No checks in this week. When you check a task, what came of it shows in that week’s review.
        </p>
      ) : (
        <>
          <p class="muted small">
            What each check advised, and what the sessions linked to it show since. Work logged under another
            title counts only once you link it.
          </p>
          <ul class="list-plain card">
            {followThrough.map((f) => (
              <CheckItem key={f.checkId} f={f} />
            ))}
          </ul>
        </>
      )}
      {suggestions.length > 0 && (
        <div class="follow-suggestions">
          <h3>Sessions that look like a check’s work</h3>
          <p class="muted small">Link one if it is the work the check was about; it then counts above.</p>
          <ul class="list-plain card">
            {suggestions.map((s) => (
              <SuggestionItem key={s.sessionId} s={s} onLinked={onChanged} />
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
