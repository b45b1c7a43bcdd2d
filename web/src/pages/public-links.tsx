import { useEffect, useState } from 'preact/hooks';
import {
  CANNOT_RECALL,
  LINK_ONCE,
  opensText,
  SUMMARY_FIELDS,
  SUMMARY_HINTS,
  SUMMARY_LABELS,
  type SummaryField,
} from '../../../src/domain/present/public-links.js';
import {
  type PublicItem,
  type PublicLinkView,
  type PublicSnapshot,
  type PublishedLink,
  publicLinks,
} from '../api/public-links.js';
import { addDays } from '../lib/dates.js';
import { dayMonth } from '../lib/format.js';
import { useAppState, useRoute } from '../state.js';
import { announce } from '../ui/announce.js';
import { ConfirmButton, LoadError, Notice, PageHead, Skeleton } from '../ui/common.js';
import { CheckboxGroup, Form, Submit, TextField } from '../ui/form.js';
import { useAction, useApi } from '../ui/hooks.js';

const FIELDS = {
  'item.from': 'From',
  'item.to': 'To',
  'item.fields': 'What to show',
  days: 'Works for (days)',
};

/** The card exactly as the public page will show it: the preview is the snapshot itself. */
function Card({ s }: { s: PublicSnapshot }) {
  return (
    <article class="card" aria-label="What the public page will show">
      <p class="meta">{s.kicker}</p>
      <h3>{s.title}</h3>
      {s.fields.map((f) => (
        <section key={f.id} data-field={f.id}>
          <h4 class="small">{f.label}</h4>
          {f.lines.length === 1 ? (
            <p>{f.lines[0]}</p>
          ) : (
            <ul>
              {f.lines.map((l) => (
                <li key={l}>{l}</li>
              ))}
            </ul>
          )}
        </section>
      ))}
    </article>
  );
}

/** The address, answered once: copy it, or hand it to a site by a plain link. */
function Published({ p }: { p: PublishedLink }) {
  const [copied, setCopied] = useState<'yes' | 'no' | undefined>(undefined);
  return (
    <section class="section card" aria-labelledby="published-h">
      <h2 id="published-h">Published</h2>
      <Notice tone="warn">{LINK_ONCE}</Notice>
      <TextField name="url" label="The link" value={p.url} onValue={() => {}} spellcheck={false} />
      <div class="actions">
        <button
          type="button"
          class="btn btn-primary"
          onClick={async () => {
            try {
              await navigator.clipboard.writeText(p.url);
              setCopied('yes');
              announce('Link copied.');
            } catch {
              setCopied('no');
            }
          }}
        >
          Copy link
        </button>
        {p.share.map((s) => (
          <a key={s.label} class="btn" href={s.href} target="_blank" rel="noopener noreferrer">
            {s.label}
          </a>
        ))}
      </div>
      {copied === 'no' && (
        <p class="small">This browser did not allow copying: select the link and copy it.</p>
      )}
      <p class="small muted">{CANNOT_RECALL}</p>
    </section>
  );
}

function Compose({
  reason,
  onPublished,
}: {
  reason: string | undefined;
  onPublished(p: PublishedLink): void;
}) {
  const { today } = useAppState();
  const [from, setFrom] = useState(() => addDays(today, -90));
  const [to, setTo] = useState(today);
  const [fields, setFields] = useState<string[]>(['ic-budget', 'reasons-mix']);
  const [days, setDays] = useState('30');
  const [shown, setShown] = useState<{ item: PublicItem; fingerprint: string; s: PublicSnapshot }>();
  // A change after the preview hides it: only what was previewed may be published.
  const changed =
    <T,>(set: (v: T) => void) =>
    (v: T) => {
      setShown(undefined);
      set(v);
    };
  const item = (): PublicItem =>
    reason !== undefined
      ? { kind: 'reason', id: reason }
      : { kind: 'report', from, to, fields: fields as SummaryField[] };
  const preview = useAction(() => publicLinks.preview(item()));
  const publish = useAction((p: { item: PublicItem; fingerprint: string }) =>
    publicLinks.publish(p.item, p.fingerprint, Number(days)),
  );
  // A reason card needs no choices: its preview is shown as soon as the page opens.
  useEffect(() => {
    if (reason === undefined) return;
    void preview
      .run()
      .then((p) => p && setShown({ item: item(), fingerprint: p.fingerprint, s: p.snapshot }));
  }, [reason]);

  return (
    <Form
      id="compose"
      label={reason ? 'Publish a reason card' : 'Compose a report summary'}
      fields={FIELDS}
      error={publish.error ?? preview.error}
      busy={preview.busy || publish.busy}
      onSubmit={async () => {
        if (shown === undefined) {
          const p = await preview.run();
          if (p) setShown({ item: item(), fingerprint: p.fingerprint, s: p.snapshot });
          return;
        }
        const done = await publish.run(shown);
        if (!done) return;
        announce('Published. Copy the link now: it is shown only once.');
        setShown(undefined);
        onPublished(done);
      }}
    >
      {reason === undefined && (
        <>
          <TextField
            name="item.from"
            label="From"
            type="date"
            size="medium"
            value={from}
            onValue={changed(setFrom)}
          />
          <TextField
            name="item.to"
            label="To"
            type="date"
            size="medium"
            value={to}
            onValue={changed(setTo)}
          />
          <CheckboxGroup
            name="item.fields"
            legend="What to show"
            hint="Numbers only: no titles, no reflections, no names."
            options={SUMMARY_FIELDS.map((f) => ({
              value: f,
              label: SUMMARY_LABELS[f],
              hint: SUMMARY_HINTS[f],
            }))}
            values={fields}
            onValues={changed(setFields)}
          />
        </>
      )}
      <TextField
        name="days"
        label="Works for (days)"
        size="medium"
        inputMode="numeric"
        hint="From 1 to 365. After that the page answers that the link no longer works."
        value={days}
        onValue={setDays}
      />
      {shown && (
        <>
          <h3>Exactly what anyone with the link will see</h3>
          <Card s={shown.s} />
        </>
      )}
      <p class="small muted">{CANNOT_RECALL}</p>
      <div class="actions">
        {shown === undefined ? (
          <Submit busy={preview.busy} busyText="Preparing the preview…">
            Preview
          </Submit>
        ) : (
          <Submit busy={publish.busy} busyText="Publishing…">
            Publish
          </Submit>
        )}
      </div>
    </Form>
  );
}

function LinkRow({ l, onChanged }: { l: PublicLinkView; onChanged(): void }) {
  const { profile } = useAppState();
  const day = (instant: string) => dayMonth(instant, profile.profile.tz);
  const revoke = useAction(() => publicLinks.revoke(l.id));
  const state = l.revokedAt
    ? `Revoked on ${day(l.revokedAt)}`
    : l.live
      ? `Works until ${day(l.expiresAt)}`
      : `Expired on ${day(l.expiresAt)}`;
  return (
    <li class="item">
      <div class="item-head">
        <p class="item-title">{l.title}</p>
        <span class="meta">{l.kind === 'reason' ? 'Reason card' : 'Report summary'}</span>
      </div>
      <p class="meta">
        Published on {day(l.createdAt)}, {opensText(l.opens)}. {state}.
      </p>
      {l.live && (
        <div class="actions">
          <ConfirmButton
            label="Revoke"
            hiddenLabel={l.title}
            question={`Revoke this link? ${CANNOT_RECALL}`}
            confirmLabel="Revoke"
            keepLabel="Keep it"
            busy={revoke.busy}
            onConfirm={async () => {
              if (await revoke.run()) {
                announce(`The link to ${l.title} no longer works.`);
                onChanged();
              }
            }}
          />
        </div>
      )}
      {revoke.error && <LoadError error={revoke.error} title="The link could not be revoked." />}
    </li>
  );
}

export default function PublicLinksPage() {
  const reason = useRoute().params.get('reason') ?? undefined;
  const [version, setVersion] = useState(0);
  const [published, setPublished] = useState<PublishedLink>();
  const list = useApi(() => publicLinks.list(), [version]);
  return (
    <>
      <PageHead title="Public links">
        <p>
          Show something outside your organisation: a reason card, or a summary of your numbers over a range.
          You choose what it shows and see it before publishing; anyone with the link sees that, and nothing
          else of your journal.
        </p>
      </PageHead>
      {published && <Published p={published} />}
      <section class="section" aria-labelledby="compose-h">
        <h2 id="compose-h">{reason ? 'Publish a reason card' : 'Compose a report summary'}</h2>
        <Compose
          key={reason ?? 'report'}
          reason={reason}
          onPublished={(p) => {
            setPublished(p);
            setVersion((v) => v + 1);
          }}
        />
      </section>
      <section class="section" aria-labelledby="links-h">
        <h2 id="links-h">Your public links</h2>
        {list.error && <LoadError error={list.error} retry={() => void list.reload()} />}
        {list.loading && <Skeleton heights={[60, 60]} text="Finding your public links…" />}
        {list.data && list.data.length === 0 && <p class="empty">None yet.</p>}
        {list.data && list.data.length > 0 && (
          <ul class="list-plain card" aria-label="Your public links">
            {list.data.map((l) => (
              <LinkRow key={l.id} l={l} onChanged={() => setVersion((v) => v + 1)} />
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
