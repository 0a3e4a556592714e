/**
 * The app shell: who is signed in, the top navigation, and hash routes that load each
 * page's module on first use (so the first load carries only the shell and one page).
 */
import { ApiError, get, whenSignedOut } from './api.js';
import { h, mount } from './dom.js';
import type { Principal } from './types.js';
import { errorBox } from './ui.js';

export interface Ctx {
  readonly me: Principal;
  readonly params: readonly string[];
  readonly query: URLSearchParams;
  readonly path: string;
  /** Re-reads who is signed in, then shows `goTo` (a path such as `/me`) or the current route again. */
  reload(goTo?: string): Promise<void>;
}

export interface Page {
  /** The document title. */
  readonly title: string;
  readonly render: (ctx: Ctx) => Promise<Node> | Node;
}

type Loader = () => Promise<{ page: Page | ((ctx: Ctx) => Page) }>;

const routes: readonly (readonly [RegExp, Loader])[] = [
  [/^\/sign-in$/, () => import('./pages/sign-in.js')],
  [/^\/enrol$/, () => import('./pages/enrol.js')],
  [/^\/public$/, () => import('./pages/public.js')],
  [/^\/public\/([^/]+)\/([^/]+)(?:\/(\d+))?$/, () => import('./pages/scheme.js')],
  [/^\/console$/, () => import('./pages/console.js')],
  [/^\/console\/subjects\/([^/]+)$/, () => import('./pages/subject.js')],
  [/^\/console\/schemes\/([^/]+)\/([^/]+)(?:\/(\d+))?$/, () => import('./pages/scheme.js')],
  [/^\/console\/publish$/, () => import('./pages/publish.js')],
  [/^\/console\/simulate$/, () => import('./pages/simulate.js')],
  [/^\/console\/decisions$/, () => import('./pages/list-by-decision.js')],
  [/^\/review$/, () => import('./pages/review.js')],
  [/^\/review\/(appeal|dispute)\/(\d+)$/, () => import('./pages/case.js')],
  [/^\/me(?:\/([a-z-]+))?$/, () => import('./pages/me.js')],
  [/^\/notices\/(\d+)$/, () => import('./pages/notice-link.js')],
  [/^\/pass\/([A-Za-z0-9_-]{1,100})$/, () => import('./pages/passes.js')],
];

let me: Principal = { type: 'anonymous' };
const main = document.getElementById('main')!;
const header = document.querySelector('.top-inner')!;

export function currentPrincipal(): Principal {
  return me;
}

function home(p: Principal): string {
  switch (p.type) {
    case 'staff':
      return p.roles.includes('reviewer') && !p.roles.includes('admin') ? '/review' : '/console';
    case 'subject':
      return '/me';
    case 'party':
    case 'registrar':
    case 'operator':
    case 'anonymous':
      return '/public';
  }
}

async function loadMe(): Promise<void> {
  try {
    me = await get<Principal>('/v1/me');
  } catch {
    me = { type: 'anonymous' };
  }
}

function navLinks(p: Principal): [string, string][] {
  const links: [string, string][] = [];
  if (p.type === 'staff') {
    links.push(['/console', 'Console']);
    if (p.roles.includes('admin')) links.push(['/console/decisions', 'List by decision']);
    if (p.roles.includes('reviewer')) links.push(['/review', 'Review queue']);
  }
  if (p.type === 'subject') links.push(['/me', 'My file']);
  links.push(['/public', 'Transparency']);
  return links;
}

function renderNav(path: string): void {
  const links = navLinks(me);
  const who =
    me.type === 'staff'
      ? `${me.account ?? 'API key'} · ${me.authority} (${me.roles.join(', ')})`
      : me.type === 'subject'
        ? `${me.account} · ${me.subject}`
        : me.type === 'registrar'
          ? `${me.account} · identity desk (registrar)`
          : null;
  const nav = h(
    'nav',
    { class: 'nav', id: 'nav', 'aria-label': 'Main' },
    links.map(([href, text]) =>
      h('a', { href: `#${href}`, 'aria-current': path === href || path.startsWith(`${href}/`) ? 'page' : null }, text),
    ),
    h('span', { class: 'spacer' }),
    who ? h('span', { class: 'who', title: who }, who) : null,
    me.type === 'anonymous'
      ? h('a', { href: '#/sign-in', 'aria-current': path === '/sign-in' ? 'page' : null }, 'Sign in')
      : h('button', { type: 'button', class: 'link', onclick: () => void signOut() }, 'Sign out'),
  );
  const toggle = h(
    'button',
    { type: 'button', class: 'nav-toggle', 'aria-expanded': 'false', 'aria-controls': 'nav' },
    'Menu',
  );
  toggle.addEventListener('click', () => {
    const open = nav.classList.toggle('open');
    toggle.setAttribute('aria-expanded', String(open));
  });
  // Escape closes the open menu and returns focus to its button.
  header.addEventListener('keydown', (e) => {
    if ((e as KeyboardEvent).key !== 'Escape' || !nav.classList.contains('open')) return;
    nav.classList.remove('open');
    toggle.setAttribute('aria-expanded', 'false');
    toggle.focus();
  });
  const brand = header.querySelector('.brand')!;
  header.replaceChildren(brand, toggle, nav);
}

async function signOut(): Promise<void> {
  try {
    await fetch('/v1/sessions/current', { method: 'DELETE', credentials: 'same-origin' });
  } finally {
    me = { type: 'anonymous' };
    if (location.hash === '#/public') await route();
    else location.hash = '#/public';
  }
}

let generation = 0;
/** The route pattern of the page shown last: moving between tabs of one page keeps the reader in the page. */
let shownPattern: RegExp | null = null;

async function route(): Promise<void> {
  const gen = ++generation;
  const raw = location.hash.replace(/^#/, '') || '/';
  const [pathPart, queryPart] = raw.split('?', 2);
  const path = pathPart === '' || pathPart === undefined ? '/' : pathPart;
  if (path === '/') {
    location.replace(`#${home(me)}`);
    return;
  }
  renderNav(path);
  const match = routes.map(([re, load]) => [re.exec(path), load] as const).find(([m]) => m !== null);
  if (!match) {
    shownPattern = null;
    mount(
      main,
      h('h1', { tabindex: -1 }, 'Page not found'),
      h('p', null, 'There is no page at this address. ', h('a', { href: '#/' }, 'Go to the start page'), '.'),
    );
    return;
  }
  const [m, load] = match;
  const samePage = shownPattern === routes.find(([re]) => re.test(path))?.[0];
  const ctx: Ctx = {
    me,
    params: (m ?? []).slice(1).map((p) => (p === undefined ? '' : decodeURIComponent(p))),
    query: new URLSearchParams(queryPart ?? ''),
    path,
    reload: async (goTo?: string) => {
      await loadMe();
      const target = goTo === '/' ? home(me) : goTo;
      if (target !== undefined && `#${target}` !== location.hash) location.hash = `#${target}`;
      else await route();
    },
  };
  main.setAttribute('aria-busy', 'true');
  try {
    const mod = await load();
    const page = typeof mod.page === 'function' ? mod.page(ctx) : mod.page;
    const node = await page.render(ctx);
    if (gen !== generation) return;
    document.title = `${page.title} · Standing`;
    mount(main, node);
    shownPattern = routes.find(([re]) => re.test(path))?.[0] ?? null;
  } catch (err) {
    if (gen !== generation) return;
    if (err instanceof ApiError && err.status === 401) {
      location.replace(`#/sign-in?next=${encodeURIComponent(path)}`);
      return;
    }
    document.title = 'Problem · Standing';
    mount(main, h('h1', { tabindex: -1 }, 'This page could not be shown'), errorBox(err, 'The page did not load'));
  } finally {
    main.removeAttribute('aria-busy');
  }
  // After a navigation, focus moves to the new page's heading (screen readers announce it); on the first load it stays at the top, where the skip link is.
  // Within a page of tabs, focus goes to the heading of the chosen tab's panel instead, and the page does not jump.
  const panelHeading = samePage ? main.querySelector<HTMLElement>('[role="tabpanel"] .panel-heading') : null;
  if (panelHeading) panelHeading.focus({ preventScroll: true });
  else {
    if (document.documentElement.dataset.ready) (main.querySelector('h1') ?? main).focus({ preventScroll: true });
    window.scrollTo(0, 0);
  }
  if (!document.documentElement.dataset.ready) {
    document.documentElement.dataset.ready = 'true';
    performance.mark('standing-ready');
  }
}

whenSignedOut(() => {
  if (me.type !== 'anonymous') {
    me = { type: 'anonymous' };
    renderNav('');
  }
});

window.addEventListener('hashchange', () => void route());

// The skip link moves focus to the main region; its href is not a route, so the address stays as it is.
document.querySelector('a.skip')?.addEventListener('click', (e) => {
  e.preventDefault();
  main.focus();
  main.scrollIntoView();
});

async function start(): Promise<void> {
  // Fetch the page's module while asking who is signed in: the two round trips overlap.
  const path = (location.hash.replace(/^#/, '') || '/').split('?')[0] ?? '/';
  routes
    .find(([re]) => re.test(path))?.[1]()
    .catch(() => undefined);
  await loadMe();
  await route();
}

void start();
