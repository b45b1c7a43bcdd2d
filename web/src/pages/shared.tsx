import { useEffect, useState } from 'preact/hooks';
import { NO_LONGER_SHARED, shareKindLine } from '../../../src/domain/present/sharing.js';
import { type CommentView, type SharedItem, sharing } from '../api/sharing.js';
import { dateTime, dayMonth } from '../lib/format.js';
import { href } from '../lib/router.js';
import { useAppState, useRoute } from '../state.js';
import { announce } from '../ui/announce.js';
import { LoadError, Notice, PageHead, Skeleton } from '../ui/common.js';
import { Form, Submit, TextArea } from '../ui/form.js';
import { useAction, useApi } from '../ui/hooks.js';
import { type LiveNews, useLive } from '../ui/live.js';
import { SharedContent } from '../ui/shared-item.js';

/**
 * What others shared with me, as their coach: the list, and one item opened with its comment
 * thread. The leader opens their own items here too (from the Coaching page), to read the thread.
 * An item revoked while it is open is taken off the page at once when the server can say so
 * live, else the next time the page reads it.
 */

function Comments({
  item,
  comments,
  onAdded,
}: {
  item: SharedItem;
  comments: CommentView[];
  onAdded(c: CommentView): void;
}) {
  const { profile } = useAppState();
  const [body, setBody] = useState('');
  const send = useAction(() => sharing.comment(item.id, body));
  return (
    <section class="section" aria-labelledby="comments-h">
      <h2 id="comments-h">Comments</h2>
      {comments.length === 0 ? (
        <p class="empty">
          No comments yet. Only {item.leader.name} and {item.coach.name} read the comments on this item.
        </p>
      ) : (
        <ul class="list-plain card" aria-label="Comments">
          {comments.map((c) => (
            <li key={c.id} class="item">
              <div class="item-head">
                <p class="item-title">{c.author.name}</p>
                <span class="meta">{dateTime(c.at, profile.profile.tz)}</span>
              </div>
              <p class="prose">{c.body}</p>
            </li>
          ))}
        </ul>
      )}
      <Form
        id="comment"
        label="Add a comment"
        fields={{ body: 'Your comment', id: 'Item' }}
        error={send.error}
        busy={send.busy}
        onSubmit={async () => {
          const added = await send.run();
          if (!added) return;
          setBody('');
          announce('Comment added.');
          onAdded(added);
        }}
      >
        <TextArea name="body" label="Your comment" value={body} onValue={setBody} />
        <div class="actions">
          <Submit busy={send.busy} busyText="Sending…">
            Comment
          </Submit>
        </div>
      </Form>
    </section>
  );
}

type Open =
  | { state: 'loading' }
  | { state: 'shown'; item: SharedItem }
  | { state: 'gone' }
  | { state: 'failed'; error: NonNullable<ReturnType<typeof useAction>['error']> };

function OpenItem({ id, news }: { id: string; news: LiveNews | undefined }) {
  const { profile } = useAppState();
  const [open, setOpen] = useState<Open>({ state: 'loading' });
  const read = useAction(() => sharing.item(id));
  const load = async () => {
    const item = await read.run();
    if (item) setOpen({ state: 'shown', item });
  };
  useEffect(() => {
    setOpen({ state: 'loading' });
    void load();
  }, [id]);
  useEffect(() => {
    if (!read.error) return;
    setOpen(read.error.code === 'not-found' ? { state: 'gone' } : { state: 'failed', error: read.error });
  }, [read.error]);
  // The news that concerns this item: revoked, a new version, a comment; or "read again".
  useEffect(() => {
    if (!news || open.state === 'gone') return;
    if (news.kind === 'share-revoked' && news.shareId === id) {
      setOpen({ state: 'gone' });
      announce(NO_LONGER_SHARED);
    } else if (news.kind === 'refresh' || news.kind === 'coaching-changed' || news.shareId === id) {
      void load();
    }
  }, [news]);

  if (open.state === 'gone') {
    return (
      <div class="card" role="status">
        <p>
          <strong>{NO_LONGER_SHARED}</strong>
        </p>
      </div>
    );
  }
  if (open.state === 'failed') return <LoadError error={open.error} retry={() => void load()} />;
  if (open.state === 'loading') return <Skeleton heights={[40, 200]} text="Opening the shared item…" />;
  const { item } = open;
  return (
    <article aria-labelledby="item-h">
      <div class="item-head">
        <h2 id="item-h">{item.title}</h2>
        <span class="meta">{shareKindLine(item)}</span>
      </div>
      <p class="meta">
        Shared by {item.leader.name} with {item.coach.name} on {dayMonth(item.sharedAt, profile.profile.tz)}
        {item.version > 1 ? `, updated on ${dayMonth(item.updatedAt, profile.profile.tz)}` : ''}
        {item.expiresAt ? `, until ${dayMonth(item.expiresAt, profile.profile.tz)}` : ''}.
      </p>
      <div class="card shared-item">
        <SharedContent item={item} />
      </div>
      <Comments
        item={item}
        comments={item.comments}
        onAdded={(c) =>
          setOpen((o) =>
            o.state === 'shown'
              ? { state: 'shown', item: { ...o.item, comments: [...o.item.comments, c] } }
              : o,
          )
        }
      />
    </article>
  );
}

export default function SharedPage() {
  const { team, profile } = useAppState();
  const id = useRoute().params.get('id') ?? undefined;
  const list = useApi(() => sharing.withMe(), []);
  const [news, setNews] = useState<LiveNews | undefined>(undefined);
  useLive(team, (n) => {
    setNews(n);
    if (n.kind !== 'comment-added') void list.reload();
  });

  return (
    <>
      <PageHead title="Shared with me">
        <p>
          What the people you coach chose to show you: a copy of each item as it was when they shared it. They
          can read each time you open one.
        </p>
      </PageHead>

      {id && (
        <section class="section" aria-label="The item you opened">
          <p>
            <a href={href('/shared')}>← Everything shared with you</a>
          </p>
          <OpenItem key={id} id={id} news={news} />
        </section>
      )}

      <section class="section" aria-labelledby="with-me-h">
        <h2 id="with-me-h">Items shared with you</h2>
        {list.error && <LoadError error={list.error} retry={() => void list.reload()} />}
        {list.loading && <Skeleton heights={[60, 60]} text="Finding what was shared with you…" />}
        {list.data && list.data.length === 0 && (
          <Notice tone="info">
            Nothing is shared with you right now. When someone you coach shares an item, it appears here.
          </Notice>
        )}
        {list.data && list.data.length > 0 && (
          <ul class="list-plain card" aria-label="Items shared with you">
            {list.data.map((s) => (
              <li key={s.id} class="item">
                <div class="item-head">
                  <a
                    class="item-title"
                    href={href('/shared', { id: s.id })}
                    aria-current={s.id === id ? 'page' : undefined}
                  >
                    {s.title}
                  </a>
                  <span class="meta">{shareKindLine(s)}</span>
                </div>
                <p class="meta">
                  From {s.leader.name}, shared on {dayMonth(s.sharedAt, profile.profile.tz)}
                  {s.version > 1 ? `, updated on ${dayMonth(s.updatedAt, profile.profile.tz)}` : ''}
                  {s.expiresAt ? `, until ${dayMonth(s.expiresAt, profile.profile.tz)}` : ''}
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
