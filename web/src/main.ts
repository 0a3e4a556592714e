/**
 * The app shell: who is signed in, the top navigation, and hash routes that load each
 * page's module on first use (so the first load carries only the shell and one page).
 */
import { ApiError, get, put, whenSignedOut } from './api.js';
import { h, mount } from './dom.js';
import {
  currentLocale,
  initialLocale,
  isLocale,
  loadMessages,
  LOCALE_NAMES,
  LOCALES,
  setLocale,
  storedLocale,
  t,
  type Locale,
} from './i18n.js';
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
  /** The document title (a function when it is in the page's language). */
  readonly title: string | (() => string);
  /** Whether the page's own words are still English only (shown with lang="en" inside a page of another language). */
  readonly englishOnly?: boolean;
  readonly render: (ctx: Ctx) => Promise<Node> | Node;
}

type Loader = () => Promise<{ page: Page | ((ctx: Ctx) => Page) }>;

/** A staff page (or one that shows a scheme): its module and the staff pages' messages, loaded together. */
const staff =
  (load: Loader): Loader =>
  () =>
    Promise.all([load(), loadMessages('staff')]).then(([m]) => m);

/** A page of the subject's own (My file, passes, a notice's link): with the subject's messages. */
const subject =
  (load: Loader): Loader =>
  () =>
    Promise.all([load(), loadMessages('subject')]).then(([m]) => m);

const routes: readonly (readonly [RegExp, Loader])[] = [
  [/^\/sign-in$/, () => import('./pages/sign-in.js')],
  [/^\/enrol$/, () => import('./pages/enrol.js')],
  [/^\/public$/, () => import('./pages/public.js')],
  [/^\/public\/([^/]+)\/([^/]+)(?:\/(\d+))?$/, staff(() => import('./pages/scheme.js'))],
  [/^\/console$/, staff(() => import('./pages/console.js'))],
  [/^\/console\/subjects\/([^/]+)$/, staff(() => import('./pages/subject.js'))],
  [/^\/console\/schemes\/([^/]+)\/([^/]+)(?:\/(\d+))?$/, staff(() => import('./pages/scheme.js'))],
  [/^\/console\/publish$/, staff(() => import('./pages/publish.js'))],
  [/^\/console\/simulate$/, staff(() => import('./pages/simulate.js'))],
  [/^\/console\/candidates$/, staff(() => import('./pages/candidates.js'))],
  [/^\/console\/decisions$/, staff(() => import('./pages/list-by-decision.js'))],
  [/^\/console\/webhooks$/, staff(() => import('./pages/webhooks.js'))],
  [/^\/review$/, staff(() => import('./pages/review.js'))],
  [/^\/review\/reports$/, staff(() => import('./pages/reports.js'))],
  [/^\/review\/(appeal|dispute)\/(\d+)$/, staff(() => import('./pages/case.js'))],
  [/^\/me(?:\/([a-z-]+))?$/, subject(() => import('./pages/me.js'))],
  [/^\/notices\/(\d+)$/, subject(() => import('./pages/notice-link.js'))],
  [/^\/pass\/([A-Za-z0-9_-]{1,100})$/, subject(() => import('./pages/passes.js'))],
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
    links.push(['/console', t('nav.console')]);
    if (p.roles.includes('admin')) links.push(['/console/decisions', t('nav.decisions')]);
    if (p.roles.includes('reviewer')) links.push(['/review', t('nav.review')]);
  }
  if (p.type === 'subject') links.push(['/me', t('nav.me')]);
  links.push(['/public', t('nav.public')]);
  return links;
}

function renderNav(path: string): void {
  const links = navLinks(me);
  const who =
    me.type === 'staff'
      ? `${me.account ?? t('nav.apiKey')} · ${me.authority} (${me.roles.join(', ')})`
      : me.type === 'subject'
        ? `${me.account} · ${me.subject}`
        : me.type === 'registrar'
          ? `${me.account} · ${t('nav.registrar')}`
          : null;
  const nav = h(
    'nav',
    { class: 'nav', id: 'nav', 'aria-label': t('nav.label') },
    links.map(([href, text]) =>
      h('a', { href: `#${href}`, 'aria-current': path === href || path.startsWith(`${href}/`) ? 'page' : null }, text),
    ),
    h('span', { class: 'spacer' }),
    who ? h('span', { class: 'who', title: who }, who) : null,
    languageSwitch(),
    me.type === 'anonymous'
      ? h('a', { href: '#/sign-in', 'aria-current': path === '/sign-in' ? 'page' : null }, t('nav.signIn'))
      : h('button', { type: 'button', class: 'link', onclick: () => void signOut() }, t('nav.signOut')),
  );
  const toggle = h(
    'button',
    { type: 'button', class: 'nav-toggle', 'aria-expanded': 'false', 'aria-controls': 'nav' },
    t('nav.menu'),
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
  brand.setAttribute('aria-label', t('nav.home'));
  header.replaceChildren(brand, toggle, nav);
  const skip = document.querySelector('a.skip');
  if (skip) skip.textContent = t('nav.skip');
}

/**
 * The language switch: a labelled select, each language named in its own words (with its own
 * lang). A choice is kept on this browser and, for a signed-in subject, as the account's setting.
 */
function languageSwitch(): HTMLElement {
  const select = h(
    'select',
    { id: 'lang-switch', class: 'lang-switch', 'aria-label': t('nav.language') },
    LOCALES.map((l) => h('option', { value: l, lang: l, selected: l === currentLocale() }, LOCALE_NAMES[l])),
  );
  select.addEventListener('change', () => {
    const next = select.value;
    if (isLocale(next)) void chooseLocale(next);
  });
  return h('span', { class: 'lang' }, select);
}

async function chooseLocale(next: Locale): Promise<void> {
  await setLocale(next, true);
  if (me.type === 'subject') await put('/v1/me/language', { language: next }).catch(() => undefined);
  await route();
  document.getElementById('lang-switch')?.focus();
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

/** After sign-in: a subject's own setting decides the language; without one, the choice made on this browser becomes it. */
async function subjectLanguage(): Promise<void> {
  if (me.type !== 'subject') return;
  if (me.language && isLocale(me.language)) {
    if (me.language !== currentLocale()) await setLocale(me.language);
  } else if (storedLocale()) await put('/v1/me/language', { language: currentLocale() }).catch(() => undefined);
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
      h('h1', { tabindex: -1 }, t('notFound.title')),
      h('p', null, t('notFound.text'), ' ', h('a', { href: '#/' }, t('notFound.start'))),
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
      await subjectLanguage();
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
    document.title = `${typeof page.title === 'function' ? page.title() : page.title} · Standing`;
    // A page whose words are not translated yet says so to screen readers and to axe: its text is English.
    if (page.englishOnly && currentLocale() !== 'en' && node instanceof HTMLElement) node.setAttribute('lang', 'en');
    mount(main, node);
    shownPattern = routes.find(([re]) => re.test(path))?.[0] ?? null;
  } catch (err) {
    if (gen !== generation) return;
    if (err instanceof ApiError && err.status === 401) {
      location.replace(`#/sign-in?next=${encodeURIComponent(path)}`);
      return;
    }
    document.title = `${t('problem.title')} · Standing`;
    mount(main, h('h1', { tabindex: -1 }, t('problem.heading')), errorBox(err, t('problem.notLoaded')));
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
  await setLocale(initialLocale(me.type === 'subject' ? (me.language ?? null) : null));
  await route();
}

void start();
