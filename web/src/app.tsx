import type { ComponentChildren, ComponentType } from 'preact';
import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { type ApiError, call, callAuth } from './api/client.js';
import { sentence } from './lib/errors.js';
import { type Location, parseHash } from './lib/router.js';
import Dashboard from './pages/dashboard.js';
import { Accept, invitationToken, linkToken, Recover, SignIn } from './pages/sign-in.js';
import { AppContext, type AppState, loadReasons, type ProfileView, RouteContext } from './state.js';
import { onAnnounce } from './ui/announce.js';
import { PageHead, requestHeadingFocus, Skeleton } from './ui/common.js';
import { asApiError } from './ui/hooks.js';
import { TimerBar } from './ui/timer-bar.js';

type PageModule<P = object> = { default: ComponentType<P> };

interface PageDef {
  path: string;
  nav: string;
  /** The dashboard is in the first download; every other page is fetched when first opened. */
  load?: () => Promise<PageModule>;
  /** Only on an organisation's server, where there are other people to coach and be coached by. */
  team?: true;
  /** Reached from a link only, not from the menu. */
  linkOnly?: true;
}

const loadDevice = () => import('./pages/device.js');

export const PAGES: readonly PageDef[] = [
  { path: '/', nav: 'Dashboard' },
  { path: '/check', nav: 'Check a task', load: () => import('./pages/check.js') },
  { path: '/journal', nav: 'Journal', load: () => import('./pages/journal.js') },
  { path: '/calendar', nav: 'Calendar', load: () => import('./pages/calendar.js') },
  { path: '/commitments', nav: 'Commitments', load: () => import('./pages/commitments.js') },
  { path: '/people', nav: 'People', load: () => import('./pages/people.js') },
  { path: '/review', nav: 'Weekly review', load: () => import('./pages/review.js') },
  { path: '/reasons', nav: 'Reasons', load: () => import('./pages/reasons.js') },
  { path: '/import', nav: 'Import', load: () => import('./pages/import.js') },
  { path: '/coaching', nav: 'Coaching', load: () => import('./pages/coaching.js'), team: true },
  { path: '/shared', nav: 'Shared with me', load: () => import('./pages/shared.js'), team: true },
  {
    path: '/proposals',
    nav: 'Reasons in discussion',
    load: () => import('./pages/proposals.js'),
    team: true,
  },
  {
    path: '/organisation',
    nav: 'Organisation',
    load: () => import('./pages/organisation.js'),
    team: true,
  },
  { path: '/public-links', nav: 'Public links', load: () => import('./pages/public-links.js'), team: true },
  { path: '/settings', nav: 'Settings', load: () => import('./pages/settings.js') },
  { path: '/device', nav: 'Approve a computer', load: loadDevice, team: true, linkOnly: true },
];

/** The pages of this server: the coaching pages only where people sign in. */
const pagesFor = (team: boolean) => PAGES.filter((p) => team || !p.team);

const loadWelcome = () => import('./pages/welcome.js');
const loadEnrol = () => import('./pages/second-factor.js');

function useLocation(): Location {
  const [loc, setLoc] = useState(() => parseHash(location.hash));
  const path = useRef(loc.path);
  useEffect(() => {
    const onChange = () => {
      const next = parseHash(location.hash);
      // A new page takes focus to its heading; a new week on the same page leaves focus where it is.
      if (next.path !== path.current) requestHeadingFocus();
      path.current = next.path;
      setLoc(next);
    };
    window.addEventListener('hashchange', onChange);
    // The address may have changed between the first render and now.
    if (parseHash(location.hash).path !== path.current) onChange();
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return loc;
}

/** Loads a page's code once; the page shows a skeleton in the meantime. */
function useModule<P>(
  load: (() => Promise<PageModule<P>>) | undefined,
): ComponentType<P> | undefined | 'failed' {
  const [mod, setMod] = useState<{ load?: () => Promise<PageModule<P>>; c?: ComponentType<P> | 'failed' }>(
    {},
  );
  useEffect(() => {
    if (!load) return;
    let live = true;
    setMod((m) => (m.load === load ? m : { load }));
    load().then(
      (m) => live && setMod({ load, c: m.default }),
      () => live && setMod({ load, c: 'failed' }),
    );
    return () => {
      live = false;
    };
  }, [load]);
  return mod.load === load ? mod.c : undefined;
}

function PageLoading() {
  return <Skeleton heights={[36, 160, 160]} text="Opening the page…" />;
}

function PageFailed() {
  return (
    <div class="form-error" role="alert">
      <p>
        <strong>This page could not be opened.</strong> Hands-on may have been updated or stopped; reload the
        page to try again.
      </p>
    </div>
  );
}

function NotFound() {
  return (
    <>
      <PageHead title="Page not found" />
      <p>
        There is no page at this address. <a href="#/">Go to the dashboard</a>.
      </p>
    </>
  );
}

function Announcer() {
  const [text, setText] = useState('');
  useEffect(
    () =>
      onAnnounce((t) => {
        // Cleared first, so the same words twice are read twice.
        setText('');
        requestAnimationFrame(() => setText(t));
      }),
    [],
  );
  return (
    <div class="vh" role="status" aria-live="polite">
      {text}
    </div>
  );
}

function Nav({
  path,
  showLinks,
  timer,
  team,
}: {
  path: string;
  showLinks: boolean;
  timer: boolean;
  team: boolean;
}) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => setOpen(false), [path]);
  return (
    <header class="topbar">
      <div class="topbar-inner">
        <button type="button" class="skip btn btn-small" onClick={skipToMain}>
          Skip to the page
        </button>
        <a class="brand" href="#/">
          <span class="brand-mark" aria-hidden="true">
            H
          </span>
          Hands-on
        </a>
        {/* Before the first setup the links lead nowhere: hidden, but their room kept, so the
            page does not jump when they appear. */}
        <div class="nav-wrap" data-hidden={showLinks ? undefined : 'true'}>
          <button
            ref={button}
            type="button"
            class="btn btn-small menu-button"
            aria-expanded={open ? 'true' : 'false'}
            aria-controls="nav"
            onClick={() => setOpen(!open)}
          >
            Menu
          </button>
          <nav
            id="nav"
            class="nav"
            aria-label="Main"
            data-open={open ? 'true' : 'false'}
            onKeyDown={(e) => {
              if (e.key === 'Escape' && open) {
                setOpen(false);
                button.current?.focus();
              }
            }}
          >
            <ul>
              {pagesFor(team)
                .filter((p) => !p.linkOnly)
                .map((p) => (
                  <li key={p.path}>
                    <a href={`#${p.path}`} aria-current={p.path === path ? 'page' : undefined}>
                      {p.nav}
                    </a>
                  </li>
                ))}
            </ul>
          </nav>
        </div>
        {timer && <TimerBar />}
      </div>
    </header>
  );
}

/** A button, not a `#main` link: the hash holds the route. */
function skipToMain() {
  document.getElementById('main')?.focus();
}

function Routed({ loc, team }: { loc: Location; team: boolean }) {
  const page = pagesFor(team).find((p) => p.path === loc.path);
  const Lazy = useModule(page?.load);
  if (!page) return <NotFound />;
  if (!page.load) return <Dashboard />;
  if (Lazy === 'failed') return <PageFailed />;
  if (!Lazy) return <PageLoading />;
  return <Lazy />;
}

type Boot =
  | { kind: 'loading' }
  | { kind: 'ready'; profile: ProfileView; today: string; team: boolean }
  | { kind: 'no-profile'; team: boolean }
  | { kind: 'enrol' }
  | { kind: 'locked' }
  | { kind: 'sign-in' }
  | { kind: 'accept'; token: string }
  | { kind: 'recover'; token: string }
  | { kind: 'failed'; error: ApiError };

/** On an organisation's server (which answers `/api/auth/mode`), people sign in; locally, the key's link does. */
async function signInKind(): Promise<Boot> {
  const token = invitationToken();
  try {
    const { mode } = await callAuth<{ mode: string }>('mode');
    if (mode !== 'team') return { kind: 'locked' };
  } catch {
    return { kind: 'locked' };
  }
  const recovery = linkToken('/recover');
  if (recovery !== undefined) return { kind: 'recover', token: recovery };
  return token === undefined ? { kind: 'sign-in' } : { kind: 'accept', token };
}

async function boot(): Promise<Boot> {
  // An invitation link opened in a browser that is signed in as someone else still joins.
  if (invitationToken() !== undefined || linkToken('/recover') !== undefined) {
    const kind = await signInKind();
    if (kind.kind === 'accept' || kind.kind === 'recover') return kind;
  }
  try {
    // One after the other: before the first setup only the first is refused, not both.
    const profile = await call('profile', 'show', {});
    // The reasons too: the check and the journal show them in their first paint.
    // And which server this is: coaching and sharing exist only where people sign in.
    const [week, , server] = await Promise.all([
      call('week', 'summary', {}),
      loadReasons(),
      callAuth<{ mode: string }>('mode'),
    ]);
    return { kind: 'ready', profile, today: week.today, team: server.mode === 'team' };
  } catch (e) {
    const error = asApiError(e);
    if (error.code === 'no-profile') {
      // Someone who keeps their journal on a laptop may approve it before starting one here.
      const server = await callAuth<{ mode: string }>('mode').catch(() => ({ mode: 'local' }));
      return { kind: 'no-profile', team: server.mode === 'team' };
    }
    // The organisation requires a second factor and this account has none yet: nothing else opens.
    if (error.code === 'second-factor-required') return { kind: 'enrol' };
    if (error.code === 'unauthorized') return signInKind();
    return { kind: 'failed', error };
  }
}

function Welcome({ onDone }: { onDone(): Promise<void> }) {
  const Page = useModule(loadWelcome);
  if (Page === 'failed') return <PageFailed />;
  if (!Page) return <PageLoading />;
  return <Page onDone={onDone} />;
}

function DeviceWithoutJournal() {
  const Page = useModule(loadDevice);
  if (Page === 'failed') return <PageFailed />;
  if (!Page) return <PageLoading />;
  return <Page />;
}

function Enrol({ onDone }: { onDone(): Promise<void> }) {
  const Page = useModule(loadEnrol);
  if (Page === 'failed') return <PageFailed />;
  if (!Page) return <PageLoading />;
  return <Page onDone={onDone} />;
}

function Locked() {
  return (
    <>
      <PageHead title="Open Hands-on from its own link" />
      <p>
        This browser is not signed in to Hands-on yet. Open the link Hands-on gave you when it started (it
        ends in <code>?key=…</code>); that signs this browser in, and the page opens by itself.
      </p>
      <p class="muted">
        Only this computer can reach Hands-on, and only with that link: your notes stay private.
      </p>
    </>
  );
}

export function App() {
  const loc = useLocation();
  const [state, setState] = useState<Boot>({ kind: 'loading' });

  const refresh = useCallback(async () => {
    setState(await boot());
  }, []);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const team = state.kind === 'ready' && state.team;
  // Every other page's code, fetched while the leader reads the first one.
  useEffect(() => {
    if (state.kind !== 'ready') return;
    const idle = window.requestIdleCallback ?? ((f: () => void) => setTimeout(f, 1500));
    idle(() => {
      for (const p of pagesFor(team)) void p.load?.().catch(() => undefined);
    });
  }, [state.kind, team]);

  const app = useMemo<AppState | undefined>(
    () =>
      state.kind === 'ready'
        ? { profile: state.profile, today: state.today, team: state.team, refresh }
        : undefined,
    [state, refresh],
  );

  let body: ComponentChildren;
  switch (state.kind) {
    case 'loading':
      body = <Skeleton heights={[36, 120, 220]} text="Opening Hands-on…" />;
      break;
    case 'locked':
      body = <Locked />;
      break;
    case 'sign-in':
      body = <SignIn onDone={refresh} />;
      break;
    case 'accept':
      body = <Accept token={state.token} onDone={refresh} />;
      break;
    case 'recover':
      body = <Recover token={state.token} onDone={refresh} />;
      break;
    case 'no-profile':
      body = state.team && loc.path === '/device' ? <DeviceWithoutJournal /> : <Welcome onDone={refresh} />;
      break;
    case 'enrol':
      body = <Enrol onDone={refresh} />;
      break;
    case 'failed':
      body = (
        <>
          <PageHead title="Hands-on could not start" />
          <div class="form-error" role="alert">
            <p>{sentence(state.error.message)}</p>
            <button type="button" class="btn btn-small" onClick={() => void refresh()}>
              Try again
            </button>
          </div>
        </>
      );
      break;
    case 'ready':
      body = <Routed loc={loc} team={state.team} />;
      break;
  }

  return (
    <>
      <Nav
        path={loc.path}
        showLinks={state.kind === 'ready' || state.kind === 'loading'}
        timer={state.kind === 'ready'}
        team={team}
      />
      <AppContext.Provider value={app}>
        <RouteContext.Provider value={loc}>
          <main id="main" tabIndex={-1}>
            {body}
          </main>
        </RouteContext.Provider>
      </AppContext.Provider>
      <Announcer />
    </>
  );
}
