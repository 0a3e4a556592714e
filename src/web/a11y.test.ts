import { createRequire } from 'node:module';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, hasChromium, LAPTOP, launchChromium, openRoute, PHONE, until } from '../test-support/browser.js';
import { startWebCity, WEB_PASSWORD, type WebCity } from '../test-support/web-city.js';

/*
 * Accessibility of the web UI in a real Chromium (WCAG 2.2 AA): axe-core on every page at
 * laptop and phone sizes, the skip link, focus indicators' contrast, errors that a screen
 * reader hears, the tabs pattern of My file, names of repeated controls, target sizes, and a
 * phone walk through the appeal and review flows where nothing is cut off.
 */

if (!hasChromium)
  console.warn(`web a11y skipped: ${CHROMIUM} is missing (install Debian's chromium: apt-get install -y chromium)`);

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const WCAG22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

let city: WebCity;
let browser: Browser;

/** A browser context; CSP bypassed only so that axe-core can be injected into the page. */
function context(viewport = LAPTOP): Promise<BrowserContext> {
  return browser.newContext({ viewport, deviceScaleFactor: 1, reducedMotion: 'reduce', bypassCSP: true });
}

const open = (page: Page, hash: string): Promise<void> => openRoute(page, city.url, hash);

async function settled(page: Page): Promise<void> {
  await until(page, "[...document.querySelectorAll('.loading')].every((e) => !e.checkVisibility())");
}

/** The sign-in page's words in each language the pages speak. */
const WORDS = {
  en: { account: 'Account', password: 'Password', signIn: 'Sign in', signOut: 'Sign out' },
  'zh-CN': { account: '账户', password: '密码', signIn: '登录', signOut: '退出登录' },
} as const;

async function signIn(page: Page, account: string, lang: keyof typeof WORDS = 'en'): Promise<void> {
  const w = WORDS[lang];
  await open(page, '/sign-in');
  await page.getByLabel(w.account, { exact: true }).fill(account);
  await page.getByLabel(w.password, { exact: true }).fill(WEB_PASSWORD);
  await page.getByRole('button', { name: w.signIn, exact: true }).click();
  await until(page, "!location.hash.startsWith('#/sign-in')");
  await page.waitForSelector(`button:has-text("${w.signOut}")`, { state: 'attached' });
}

interface AxeViolation {
  id: string;
  help: string;
  nodes: { target: string[]; failureSummary: string }[];
}

/** axe-core's WCAG 2.2 AA violations on the page as it is now, one line each. */
async function axe(page: Page): Promise<string[]> {
  await settled(page);
  if (!(await page.evaluate<boolean>('typeof window.axe === "object"'))) await page.addScriptTag({ path: AXE });
  const violations = await page.evaluate<AxeViolation[]>(
    `axe.run(document, { runOnly: { type: 'tag', values: ${JSON.stringify(WCAG22_AA)} }, resultTypes: ['violations'] }).then((r) => r.violations)`,
  );
  return violations.flatMap((v) =>
    v.nodes
      .slice(0, 5)
      .map((n) => `${v.id} (${v.help}): ${n.target.join(' ')} — ${n.failureSummary.split('\n')[1] ?? ''}`),
  );
}

/** The focused element's outline: its contrast against the background it is drawn on, and its width. */
const FOCUS_CONTRAST = `(() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const parse = (c) => { const m = c.match(/[\\d.]+/g).map(Number); return { r: m[0], g: m[1], b: m[2], a: m.length > 3 ? m[3] : 1 }; };
  const background = (start) => {
    for (let e = start; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c.a > 0) return c;
    }
    return { r: 255, g: 255, b: 255, a: 1 };
  };
  const s = getComputedStyle(el);
  const width = s.outlineStyle === 'none' ? 0 : parseFloat(s.outlineWidth);
  const bg = background(Number.parseFloat(s.outlineOffset) >= 0 ? el.parentElement : el);
  const o = parse(s.outlineColor);
  const mix = (k) => o[k] * o.a + bg[k] * (1 - o.a);
  const lum = (c) => ['r', 'g', 'b'].map((k) => c[k] / 255).map((v) => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4)).reduce((a, v, i) => a + v * [0.2126, 0.7152, 0.0722][i], 0);
  const l1 = lum({ r: mix('r'), g: mix('g'), b: mix('b') });
  const l2 = lum(bg);
  const what = el.tagName.toLowerCase() + (el.name ? '[name=' + el.name + ']' : '') + ' "' + (el.textContent || '').trim().slice(0, 30) + '"';
  return { what, width, contrast: (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05) };
})()`;

/** Elements whose right edge passes the viewport (cut off), and the page's horizontal overflow. */
async function clipped(page: Page): Promise<string[]> {
  await settled(page);
  return page.evaluate<string[]>(`(() => {
    const out = [];
    const w = document.documentElement.clientWidth;
    if (document.documentElement.scrollWidth > window.innerWidth) out.push('page scrolls sideways: ' + document.documentElement.scrollWidth);
    for (const el of document.querySelectorAll('main *, header *')) {
      if (!el.checkVisibility() || el.closest('.editor, pre, .chart-box, .sr-only')) continue;
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.right > w + 0.5) out.push(el.tagName.toLowerCase() + '.' + el.className + ' "' + (el.textContent || '').trim().slice(0, 40) + '" right=' + Math.round(r.right));
    }
    return out;
  })()`);
}

/**
 * The main region's words as a reader meets them (hidden parts and screen-reader-only text
 * included, attribute names too: aria-label, title, placeholder), without what is code or data
 * as written: code, pre, the editors' text.
 */
const MAIN_TEXT = `(() => {
  const out = [];
  const skip = (el) => el.closest('code, pre, textarea, script, style');
  const walker = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) if (!skip(n.parentElement)) out.push(n.textContent);
  for (const el of document.querySelectorAll('main [aria-label], main [title], main [placeholder]'))
    if (!skip(el)) for (const a of ['aria-label', 'title', 'placeholder']) if (el.getAttribute(a)) out.push(el.getAttribute(a));
  return out.join('\\n');
})()`;

/** Runs of two or more Latin words left once the allowed data (ids, kinds, their words) is taken out: untranslated English. */
function englishRuns(text: string, allowed: readonly string[]): string[] {
  let rest = text;
  // Longest first, so that "traffic violation" goes before "traffic".
  for (const a of [...allowed].sort((x, y) => y.length - x.length)) rest = rest.split(a).join(' · ');
  return [...new Set(rest.match(/\b[A-Za-z][A-Za-z’']*(?:[ \t]+[A-Za-z][A-Za-z’']*)+\b/g) ?? [])];
}

describe.skipIf(!hasChromium)('web UI accessibility (WCAG 2.2 AA) in Chromium', () => {
  beforeAll(async () => {
    city = await startWebCity({ persons: 2000 });
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await city?.close();
  });

  /** Every page at laptop and phone sizes, in one language (the browser's, as Accept-Language and navigator.languages). */
  async function axeEveryPage(lang: keyof typeof WORDS): Promise<string[]> {
    const found: string[] = [];
    const visit = async (viewport: typeof LAPTOP, account: string | null, hashes: readonly string[]): Promise<void> => {
      const ctx = await browser.newContext({
        viewport,
        deviceScaleFactor: 1,
        reducedMotion: 'reduce',
        bypassCSP: true,
        locale: lang,
      });
      const page = await ctx.newPage();
      if (account) await signIn(page, account, lang);
      for (const hash of hashes) {
        await open(page, hash);
        const htmlLang = await page.evaluate<string>('document.documentElement.lang');
        if (htmlLang !== lang) found.push(`${viewport.width}px ${hash}: <html lang="${htmlLang}">, not ${lang}`);
        for (const v of await axe(page)) found.push(`${lang} ${viewport.width}px ${hash}: ${v}`);
      }
      await ctx.close();
    };
    for (const viewport of [LAPTOP, PHONE]) {
      await visit(viewport, null, ['/public', '/public/city/city-citizen', '/sign-in', '/enrol', '/nowhere']);
      await visit(viewport, 'city-admin', [
        '/console',
        `/console/subjects/${encodeURIComponent(city.appellant.subject)}`,
        '/console/schemes/city/city-citizen',
        '/console/publish',
        '/console/webhooks',
        '/console/candidates',
      ]);
      await visit(
        viewport,
        city.appellant.account,
        ['', '/records', '/notices', '/cases', '/inbox', '/access', '/sharing', '/consent', '/reports'].map(
          (t) => `/me${t}`,
        ),
      );
      await visit(viewport, 'city-reviewer', ['/review', `/review/appeal/${city.conflict.appeal}`, '/review/reports']);
    }
    return found;
  }

  type Act = (page: Page) => Promise<void>;
  type StaffRoute = readonly [route: string, act: Act | null, english: readonly string[]];

  /** A record dispute for the queue and the case page: Li disputes one of the records that listed her. */
  let disputeId: number | null = null;
  async function aDispute(): Promise<number> {
    if (disputeId !== null) return disputeId;
    const ctx = await context();
    const page = await ctx.newPage();
    await signIn(page, city.reader.account);
    const d = await page.evaluate<{ id: number }>(
      `fetch('/v1/records/city/LI-1/disputes', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ statement: '那天我不在城里。' }) }).then((r) => r.json())`,
    );
    await ctx.close();
    disputeId = d.id;
    return d.id;
  }

  /** Every string the staff pages show as data: the city's schemes (ids, kinds, texts the scheme wrote), the records and statements of the cases. */
  async function staffData(): Promise<string[]> {
    const ctx = await context();
    const page = await ctx.newPage();
    await signIn(page, 'city-reviewer');
    const subjects = [city.appellant.subject, city.conflict.subject, city.reader.subject].map(encodeURIComponent);
    const leaves = await page.evaluate<string[]>(`(async () => {
      const get = (p) => fetch(p, { headers: { 'accept-language': 'zh-CN' } }).then((r) => (r.ok ? r.json() : null));
      const out = [];
      const walk = (v, key) => {
        if (typeof v === 'string') { if (key !== 'source') out.push(v); }
        else if (Array.isArray(v)) v.forEach((x) => walk(x));
        else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) { out.push(k); walk(x, k); }
      };
      const { versions } = await get('/v1/schemes');
      // The English of the texts a scheme translated is not data: the Chinese pages show the translation.
      const translated = new Set();
      for (const v of versions) {
        const d = await get('/v1/schemes/' + v.authority + '/' + v.scheme + '/versions/' + v.version);
        if (!d) continue;
        const { translations, ...content } = d.content;
        walk({ ...d, content });
        for (const path of Object.keys(translations?.['zh-CN'] ?? {}))
          translated.add(path.split(/[.[\\]]+/).filter(Boolean).reduce((o, k) => o?.[k], content));
      }
      for (const s of ${JSON.stringify(subjects)}) walk((await get('/v1/console/subjects/' + s))?.records);
      walk(await get('/v1/appeals/${city.conflict.appeal}'));
      return out.filter((x) => !translated.has(x));
    })()`);
    await ctx.close();
    // As the pages write ids: in words ("traffic violation"), and a list without a title as its id in words with a capital.
    const words = (s: string): string => s.replace(/[._-]+/g, ' ').trim();
    const capital = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
    return [...new Set(leaves.flatMap((s) => [s, words(s), capital(words(s))]))].filter((s) => /[A-Za-z]{2}/.test(s));
  }

  /** Each staff page, with what to do there to show its results, and words its English view still reads. */
  async function staffRoutes(): Promise<[string, StaffRoute[]][]> {
    const dispute = await aDispute();
    const result = async (page: Page, button: string, done: string): Promise<void> => {
      await page.locator(button).first().click();
      await until(page, `document.querySelector(${JSON.stringify(done)}) !== null`, 120_000);
    };
    return [
      [
        'city-admin',
        [
          ['/console', null, ['At a glance', 'Population by grade now', 'Newest listings', 'listings in force']],
          [
            `/console/subjects/${encodeURIComponent(city.appellant.subject)}`,
            async (page) => {
              for (const s of await page.locator('details.listing > summary').all()) await s.click();
              await until(page, "!document.querySelector('details.listing .loading')");
            },
            ['Every contribution', 'Score over the last two years', 'Listings', 'Noticed'],
          ],
          ['/console/schemes/city/city-citizen', null, ['How this scheme works', 'Proportionality report', 'Version']],
          [
            '/console/publish',
            (page) => result(page, '.actions button.secondary', '[role="status"].alert, #problems .alert'),
            ['Publish a scheme version', 'is valid', 'Proportionality report'],
          ],
          [
            '/console/simulate?from=city/city-citizen/1',
            (page) => result(page, '.actions button.btn', 'main .alert'),
            ['Nothing was written', 'Transitions: rows before, columns after', 'Proportionality report'],
          ],
          [
            '/console/decisions',
            (page) => result(page, 'form button[type="submit"]', '[aria-invalid="true"]'),
            ['List the subject', 'Give the subject id, person:… or org:….'],
          ],
        ],
      ],
      [
        'city-reviewer',
        [
          ['/review', null, ['due within two days', 'Record disputes', 'Second instances']],
          [`/review/appeal/${city.conflict.appeal}`, null, ['Four-eyes rule', 'Written reasons', 'List conditions']],
          [`/review/dispute/${dispute}`, null, ['The record', 'Retract', 'Submitted by']],
        ],
      ],
    ];
  }

  it('axe-core finds no WCAG 2.2 AA violation on any page, at laptop and phone sizes', async () => {
    const found = await axeEveryPage('en');
    if (found.length) console.log(found.join('\n'));
    expect(found).toEqual([]);
  }, 300_000);

  it('axe-core finds no WCAG 2.2 AA violation on any page in Simplified Chinese, <html lang="zh-CN"> on each', async () => {
    const found = await axeEveryPage('zh-CN');
    if (found.length) console.log(found.join('\n'));
    expect(found).toEqual([]);
  }, 300_000);

  it('in Simplified Chinese: sign in, read the notice with the scheme’s own Chinese, appeal; the switch goes back to English', async () => {
    const ctx = await browser.newContext({
      viewport: LAPTOP,
      deviceScaleFactor: 1,
      reducedMotion: 'reduce',
      locale: 'zh-CN',
    });
    const page = await ctx.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    const lang = (): Promise<string> => page.evaluate<string>('document.documentElement.lang');

    await open(page, '/sign-in');
    expect(await lang()).toBe('zh-CN');
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe('登录 Standing');
    // A wrong password: the API's message in Chinese, its code unchanged.
    await page.getByLabel('账户', { exact: true }).fill(city.reader.account);
    await page.getByLabel('密码', { exact: true }).fill('not the password');
    await page.getByRole('button', { name: '登录', exact: true }).click();
    await page.waitForSelector('[role="alert"] code');
    await expect(page.locator('[role="alert"]').innerText()).resolves.toContain('账户名或密码错误');
    await expect(page.locator('[role="alert"] code').innerText()).resolves.toBe('CREDENTIALS_INVALID');

    await signIn(page, city.reader.account, 'zh-CN');
    expect(await lang()).toBe('zh-CN');
    await page.getByRole('tab', { name: '通知' }).click();
    await until(page, "location.hash === '#/me/notices'");
    await page.waitForSelector('text=您的救济途径');
    const text = await page.locator('main').innerText();
    // The scheme's own Chinese: its basis (every city notice has one) and its list and sanction texts where it translated them.
    expect(text).toContain('《市政条例第 7 号（2026）》');
    expect(text).toMatch(/将您列入黑名单“/);
    // Dates in the page's language: 2026年12月17日, not Dec 17, 2026.
    expect(text).toMatch(/\d{4}年\d{1,2}月\d{1,2}日/);
    expect(text).not.toMatch(/\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d/);

    const form = page.locator(`form[aria-label="就名单条目 ${city.reader.listing} 提出申诉"]`);
    const details = page.locator('details.appeal', { has: form });
    if ((await details.getAttribute('open')) === null) await details.locator('summary').click();
    await form.getByRole('button', { name: '提出申诉' }).click();
    await expect(form.locator('.field-error').innerText()).resolves.toContain('请填写陈述');
    await form.getByLabel('您的陈述').fill('这辆车已于 2025 年售出，之后的违章与我无关。');
    await form.getByRole('button', { name: '提出申诉' }).click();
    await page.waitForSelector('text=已暂停：您已按时申诉');
    await expect(page.locator('main').innerText()).resolves.toContain('您的申诉');
    expect(await lang()).toBe('zh-CN');

    // The switch: English, kept as the subject's setting and on this browser.
    await page.locator('#lang-switch').selectOption('en');
    await page.waitForSelector('text=Your redress:');
    expect(await lang()).toBe('en');
    const english = await page.locator('main').innerText();
    expect(english).toMatch(/\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{1,2}, \d{4}/);
    expect(english).not.toMatch(/\d{4}年\d{1,2}月/);
    const me = await page.evaluate<{ language: string }>("fetch('/v1/me').then((r) => r.json())");
    expect(me.language).toBe('en');
    await page.reload();
    await page.waitForSelector('html[data-ready]');
    expect(await lang()).toBe('en');
    expect(errors).toEqual([]);
    await ctx.close();
  }, 120_000);

  it('the staff pages in Simplified Chinese leave no English in the main region; in English they read as before', async () => {
    // The ids the pages show as data (schemes, rules, lists, record kinds and their data, in words or as written) stay as they are.
    const allowed = await staffData();
    // Not vacuous: the English of a text the city's scheme translated is not allowed (its Chinese is what the pages show).
    expect(allowed).toContain('air travel ban');
    expect(allowed).not.toContain('Restricted from air travel');
    const found: string[] = [];
    for (const lang of ['zh-CN', 'en'] as const) {
      for (const [account, routes] of await staffRoutes()) {
        const ctx = await browser.newContext({
          viewport: LAPTOP,
          deviceScaleFactor: 1,
          reducedMotion: 'reduce',
          locale: lang,
        });
        const page = await ctx.newPage();
        page.on('pageerror', (e) => found.push(`${lang} ${account}: ${e.message}`));
        await signIn(page, account, lang);
        for (const [route, act, english] of routes) {
          await open(page, route);
          await settled(page);
          if (act) await act(page);
          await settled(page);
          expect(await page.evaluate<string>('document.documentElement.lang')).toBe(lang);
          const text = await page.evaluate<string>(MAIN_TEXT);
          if (lang === 'zh-CN') {
            for (const run of englishRuns(text, allowed)) found.push(`${route}: “${run}”`);
            // No part of the page marked as English any more (the whole page was, while it was untranslated).
            const marked = await page.evaluate<number>('document.querySelectorAll(\'main [lang="en"]\').length');
            if (marked) found.push(`${route}: ${marked} element(s) marked lang="en"`);
            if (!/[\u4e00-\u9fff]/.test(text)) found.push(`${route}: no Chinese at all`);
          } else {
            for (const words of english) if (!text.includes(words)) found.push(`en ${route}: “${words}” missing`);
            if (/[\u4e00-\u9fff]/.test(text.replace(/那天我不在城里。/g, '')))
              found.push(`en ${route}: Chinese in the English page`);
          }
        }
        await ctx.close();
      }
    }
    if (found.length) console.log(found.join('\n'));
    expect(found).toEqual([]);
  }, 300_000);

  it('the skip link moves focus to the main region and keeps the route', async () => {
    const ctx = await context();
    const page = await ctx.newPage();
    for (const route of ['/public', '/sign-in']) {
      await page.goto('about:blank');
      await open(page, route);
      await page.keyboard.press('Tab');
      await expect(page.evaluate<string>('document.activeElement.textContent')).resolves.toBe('Skip to content');
      await page.keyboard.press('Enter');
      await new Promise((go) => setTimeout(go, 200));
      await expect(page.evaluate<string>('location.hash')).resolves.toBe(`#${route}`);
      await expect(page.evaluate<string>('document.activeElement.id')).resolves.toBe('main');
      await expect(page.locator('main h1').innerText()).resolves.not.toBe('Page not found');
      // The next Tab continues inside the main region, past the navigation.
      await page.keyboard.press('Tab');
      await expect(
        page.evaluate<boolean>('document.getElementById("main").contains(document.activeElement)'),
      ).resolves.toBe(true);
    }
    await ctx.close();
  });

  it('shows every keyboard focus with an indicator of 3:1 or more against its background', async () => {
    const ctx = await context();
    const page = await ctx.newPage();
    const weak: string[] = [];
    let stops = 0;
    const walk = async (route: string): Promise<void> => {
      await open(page, route);
      await settled(page);
      for (let i = 0; i < 30; i++) {
        await page.keyboard.press('Tab');
        const r = await page.evaluate<{ what: string; contrast: number; width: number } | null>(FOCUS_CONTRAST);
        if (!r) continue;
        stops++;
        if (r.contrast < 3 || r.width < 2) weak.push(`${route} ${r.what}: ${r.contrast.toFixed(2)}:1, ${r.width}px`);
      }
    };
    await walk('/sign-in');
    await walk('/public');
    await signIn(page, city.appellant.account);
    await walk('/me/records');
    await walk('/me/notices');
    expect(stops).toBeGreaterThan(60);
    expect(weak).toEqual([]);
    await ctx.close();
  }, 120_000);

  it('says in plain words, per field and announced, what is missing when signing in', async () => {
    const ctx = await context();
    const page = await ctx.newPage();
    await open(page, '/sign-in');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const state = (
      name: string,
    ): Promise<{ invalid: string | null; text: string; live: string | null; described: boolean }> =>
      page.evaluate(`(() => {
        const c = document.querySelector('[name="${name}"]');
        const e = document.getElementById(c.id + '-err');
        return { invalid: c.getAttribute('aria-invalid'), text: e.textContent, live: e.getAttribute('aria-live'),
          described: (c.getAttribute('aria-describedby') || '').split(' ').includes(e.id) };
      })()`);
    await expect(state('account')).resolves.toEqual({
      invalid: 'true',
      text: 'Enter your account name.',
      live: 'polite',
      described: true,
    });
    await expect(state('password')).resolves.toEqual({
      invalid: 'true',
      text: 'Enter your password.',
      live: 'polite',
      described: true,
    });
    await expect(page.evaluate<string>('document.activeElement.name')).resolves.toBe('account');
    // Should the API itself refuse the field, its words give way to the page's.
    await page.evaluate("document.querySelectorAll('[required]').forEach((c) => c.removeAttribute('required'))");
    await page.getByRole('button', { name: 'Sign in' }).click();
    await until(page, "document.getElementById('f-account-err').textContent !== ''");
    await expect(page.locator('main').innerText()).resolves.not.toContain('must NOT');
    await expect(state('account')).resolves.toMatchObject({ invalid: 'true', text: 'Enter your account name.' });
    await ctx.close();
  });

  it('My file: tabs in the tabs pattern, focus on the chosen section, every tab on a phone screen', async () => {
    for (const viewport of [LAPTOP, PHONE]) {
      const ctx = await context(viewport);
      const page = await ctx.newPage();
      await signIn(page, city.appellant.account);
      await open(page, '/me');
      const tabs = page.getByRole('tablist', { name: 'Sections of my file' }).getByRole('tab');
      expect(await tabs.count()).toBe(11);
      await expect(page.getByRole('tab', { selected: true }).innerText()).resolves.toBe('My scores');
      await expect(page.getByRole('tabpanel', { name: 'My scores' }).count()).resolves.toBe(1);
      // Every tab is inside the screen, none hidden in a strip that scrolls out of sight.
      const outside = await page.evaluate<string[]>(
        "[...document.querySelectorAll('[role=tab]')].filter((t) => { const r = t.getBoundingClientRect(); return r.left < 0 || r.right > document.documentElement.clientWidth; }).map((t) => t.textContent)",
      );
      expect(outside).toEqual([]);
      // Arrow keys move between tabs; Enter opens one, and focus lands on the heading of its section.
      await page.getByRole('tab', { selected: true }).focus();
      await page.keyboard.press('ArrowRight');
      await expect(page.evaluate<string>('document.activeElement.textContent')).resolves.toBe('Records');
      await page.keyboard.press('Enter');
      await until(page, "document.activeElement?.classList.contains('panel-heading')");
      await expect(page.evaluate<string>('document.activeElement.textContent')).resolves.toBe('Records');
      await expect(page.getByRole('tab', { selected: true }).innerText()).resolves.toBe('Records');
      await expect(page.getByRole('tabpanel', { name: 'Records' }).count()).resolves.toBe(1);
      await page.getByRole('tab', { name: 'Who checked me' }).click();
      await until(page, "document.activeElement?.textContent === 'Who checked me'");
      await ctx.close();
    }
  }, 120_000);

  it('names repeated controls by what they are about', async () => {
    const ctx = await context();
    const page = await ctx.newPage();
    const repeated = async (selector: string, like: RegExp): Promise<string[]> => {
      const names = (await page.locator(selector).allTextContents()).filter((n) => like.test(n));
      return names.filter((n, i) => names.indexOf(n) !== i);
    };
    await open(page, '/public');
    expect(await page.locator('a', { hasText: 'Read the rules' }).count()).toBeGreaterThan(1);
    await expect(repeated('main a', /^Read the rules/)).resolves.toEqual([]);
    await signIn(page, city.appellant.account);
    await open(page, '/me/records');
    // The records come after the page's frame: wait for them before counting.
    await page.locator('summary', { hasText: 'Dispute' }).first().waitFor();
    expect(await page.locator('summary', { hasText: 'Dispute' }).count()).toBeGreaterThan(1);
    await expect(repeated('main summary', /^Dispute/)).resolves.toEqual([]);
    await open(page, '/me/notices');
    await expect(repeated('main summary', /^The facts/)).resolves.toEqual([]);
    await ctx.close();
  });

  it('gives every target in the pages at least 24 by 24 CSS pixels', async () => {
    const ctx = await context();
    const page = await ctx.newPage();
    const small: string[] = [];
    const measure = async (route: string): Promise<void> => {
      await open(page, route);
      await settled(page);
      const found = await page.evaluate<
        string[]
      >(`[...document.querySelectorAll('main a, main button, main summary, main select, .top a, .top button')]
        .filter((e) => e.checkVisibility() && !e.closest('.sr-only'))
        .map((e) => [e, e.getBoundingClientRect()])
        .filter(([, r]) => r.height < 24 || r.width < 24)
        .map(([e, r]) => e.tagName.toLowerCase() + ' "' + e.textContent.trim().slice(0, 30) + '" ' + Math.round(r.width) + 'x' + Math.round(r.height))`);
      small.push(...found.map((f) => `${route}: ${f}`));
    };
    await measure('/public');
    await measure('/sign-in');
    await signIn(page, 'city-reviewer');
    await measure('/review');
    expect(small).toEqual([]);
    await ctx.close();
  });

  it('counts overdue cases first in the review queue, over the whole queue', async () => {
    const ctx = await context();
    const page = await ctx.newPage();
    await signIn(page, 'city-reviewer');
    await open(page, '/review');
    const total = (q: string): Promise<number> =>
      page.evaluate<number>(`fetch('/v1/review/queue?${q}&limit=1').then((r) => r.json()).then((b) => b.total)`);
    const overdue = await total('dueWithinDays=0');
    expect(overdue).toBeGreaterThan(0);
    const kpis = await page.locator('.kpi .k').allInnerTexts();
    expect(kpis.indexOf('overdue')).toBeLessThan(kpis.indexOf('due within two days'));
    await expect(page.locator('[data-kpi="overdue"] .v').innerText()).resolves.toBe(String(overdue));
    await expect(page.locator('[data-kpi="due-soon"] .v').innerText()).resolves.toBe(
      String((await total('dueWithinDays=2')) - overdue),
    );
    await ctx.close();
  });

  it('on a phone: the appeal and the review flows fit the screen, their errors are heard, their actions are at hand', async () => {
    const ctx = await context(PHONE);
    const page = await ctx.newPage();
    const fits = async (what: string): Promise<void> => {
      expect({ what, clipped: await clipped(page) }).toEqual({ what, clipped: [] });
    };
    // The menu opens, and Escape closes it with focus back on its button.
    await open(page, '/public');
    await fits('public');
    await page.getByRole('button', { name: 'Menu' }).click();
    await expect(page.locator('#nav').isVisible()).resolves.toBe(true);
    await page.keyboard.press('Escape');
    await expect(page.locator('#nav').isVisible()).resolves.toBe(false);
    await expect(page.getByRole('button', { name: 'Menu' }).getAttribute('aria-expanded')).resolves.toBe('false');
    await expect(page.evaluate<string>('document.activeElement.textContent')).resolves.toBe('Menu');

    // The subject appeals: an empty statement is flagged in the page, not in a browser bubble.
    await signIn(page, city.appellant.account);
    await fits('my scores');
    for (const tab of ['/me/records', '/me/notices', '/me/cases', '/me/access', '/me/consent']) {
      await open(page, tab);
      await fits(tab);
    }
    await open(page, '/me/notices');
    const form = page.locator(`form[aria-label="Appeal listing ${city.appellant.listing}"]`);
    const details = page.locator('details.appeal', { has: form });
    if ((await details.getAttribute('open')) === null) await details.locator('summary').click();
    let posted = 0;
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith('/appeal')) posted++;
    });
    await form.getByRole('button', { name: 'File the appeal' }).click();
    const statement = form.getByLabel('Your statement');
    await expect(statement.getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(form.locator('.field-error').innerText()).resolves.toContain('Write your statement');
    await expect(page.evaluate<string>('document.activeElement.id')).resolves.toBe(`appeal-${city.appellant.listing}`);
    expect(posted).toBe(0);
    await statement.fill('The car was sold in 2025; the later violations are not mine.');
    await form.getByRole('button', { name: 'File the appeal' }).click();
    await page.waitForSelector('text=Suspended: you appealed in time');
    await fits('notices after the appeal');
    await page.getByRole('button', { name: 'Menu' }).click();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForSelector('a:has-text("Sign in")', { state: 'attached' });

    // The reviewer finds it in the queue: urgency readable, and the decision one tap from the top of the case.
    await signIn(page, 'city-reviewer');
    await open(page, '/review');
    await fits('review queue');
    await open(page, '/review?due=0');
    await fits('review queue, overdue');
    await open(page, '/review');
    await page.getByRole('link', { name: new RegExp(`· listing ${city.appellant.listing}$`) }).click();
    await page.waitForSelector('[data-four-eyes="clear"]');
    await fits('case');
    const jump = page.getByRole('button', { name: 'Go to the decision' });
    const box = await jump.boundingBox();
    expect(box && box.y + box.height).toBeLessThan(PHONE.height);
    await jump.click();
    await expect(page.evaluate<string>('document.activeElement.textContent')).resolves.toBe('Decide');
    const record = page.getByRole('button', { name: 'Record the decision' });
    await record.click();
    await expect(page.locator('#outcome-err').innerText()).resolves.toBe('Choose uphold or overturn.');
    await expect(page.getByLabel('Written reasons').getAttribute('aria-invalid')).resolves.toBe('true');
    await page.getByLabel(/^Overturn/).check();
    await page.getByLabel('Written reasons').fill('The vehicle was sold before the later violations.');
    await record.click();
    await page.waitForSelector('[data-listing-state="ended"]');
    await fits('decided case');
    await ctx.close();
  }, 180_000);

  it('draws the console’s subject page from one request for its data', async () => {
    const ctx = await context();
    const page = await ctx.newPage();
    await signIn(page, 'city-admin');
    await page.waitForSelector('text=Change over the last year');
    await settled(page);
    await page.waitForLoadState('networkidle');
    const asked: string[] = [];
    page.on('request', (r) => {
      const u = new URL(r.url());
      if (u.pathname.startsWith('/v1/') && u.pathname !== '/v1/me') asked.push(u.pathname);
    });
    await open(page, `/console/subjects/${encodeURIComponent(city.appellant.subject)}`);
    await settled(page);
    await page.waitForSelector('text=Every contribution');
    expect(await page.locator('.chart svg path').count()).toBeGreaterThan(0);
    expect(asked).toEqual([`/v1/console/subjects/${encodeURIComponent(city.appellant.subject)}`]);
    await ctx.close();
  });
  /**
   * English left in the main region of a page in Chinese: runs of two or more ASCII words, once
   * ids and codes are set aside. Not read: code, text marked lang="en" (a scheme's condition as
   * written), and words people wrote (statements, reasons, purposes). Set aside: every word of
   * the identifiers in the subject's own API answers (record kinds and data, scheme, list,
   * authority and party ids, actions), addresses (a pass's), and a few names (Standing, JSON, ISO, QR).
   */
  const ENGLISH_LEFT = `(async () => {
    const ids = new Set(['standing', 'json', 'iso', 'qr', 'id', 'scheme', 'person', 'org', 'party', 'account', 'name', 'v1', 'post',
      // the example codes of the passes form's placeholders
      'rental', 'deposit', 'city', 'citizen', 'airline']);
    const walk = (v) => {
      if (typeof v === 'string') {
        if (!/\\s/.test(v)) for (const w of v.toLowerCase().split(/[^a-z0-9]+/)) if (w) ids.add(w);
      } else if (Array.isArray(v)) v.forEach(walk);
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) { walk(k); walk(x); }
    };
    for (const path of ['/v1/me/records', '/v1/me/scores', '/v1/me/listings', '/v1/me/access-log', '/v1/me/passes', '/v1/me/exclusions', '/v1/me/sharing', '/v1/me/inbox'])
      walk(await fetch(path).then((r) => r.json()).catch(() => null));
    const skip = 'code, script, style, [lang="en"], .statement, q, [data-free-text]';
    const main = document.querySelector('main');
    const texts = [];
    const tw = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
    for (let n = tw.nextNode(); n; n = tw.nextNode()) if (!n.parentElement.closest(skip)) texts.push(n.textContent);
    for (const el of main.querySelectorAll('[aria-label], [title], [placeholder], [alt]'))
      if (!el.closest(skip)) for (const a of ['aria-label', 'title', 'placeholder', 'alt']) if (el.getAttribute(a)) texts.push(el.getAttribute(a));
    const left = [];
    for (const text of texts)
      for (const m of text.replace(/https?:\\/\\/\\S+/g, ' ').matchAll(/[A-Za-z][A-Za-z0-9'’]*(?:[\\s,.:;()“”-]+[A-Za-z][A-Za-z0-9'’]*)+/g)) {
        const words = m[0].toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
        if (words.some((w) => !ids.has(w))) left.push(m[0]);
      }
    return [...new Set(left)];
  })()`;

  it('in Simplified Chinese, every tab of My file, the passes and a pass’s verification page leave no English; in English they are unchanged', async () => {
    const tabs = [
      '',
      '/records',
      '/notices',
      '/cases',
      '/inbox',
      '/access',
      '/sharing',
      '/consent',
      '/passes',
      '/exclusions',
    ];
    const visit = async (lang: 'en' | 'zh-CN'): Promise<Record<string, string>> => {
      const ctx = await browser.newContext({
        viewport: LAPTOP,
        deviceScaleFactor: 1,
        reducedMotion: 'reduce',
        locale: lang,
      });
      const page = await ctx.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      await signIn(page, city.appellant.account, lang);
      // A pass to verify, and a record dispute, so that those pages have rows.
      const pass = await page.evaluate<{ token: string }>(
        "fetch('/v1/me/passes', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ purpose: 'flight.board', ttl: 'P7D' }) }).then((r) => r.json())",
      );
      expect(pass.token).toBeTruthy();
      const seen: Record<string, string> = {};
      const left: string[] = [];
      for (const route of [...tabs.map((t) => `/me${t}`), `/pass/${pass.token}`]) {
        await open(page, route);
        await settled(page);
        expect(await page.evaluate<string>('document.documentElement.lang')).toBe(lang);
        seen[route.replace(pass.token, 'TOKEN')] = await page.locator('main').innerText();
        if (lang === 'zh-CN')
          for (const run of await page.evaluate<string[]>(ENGLISH_LEFT)) left.push(`${route}: ${run}`);
      }
      // The records tab's dispute form and a created pass, as a subject sees them after acting.
      if (lang === 'zh-CN') {
        await open(page, '/me/records');
        await page.locator('details.inline summary').first().click();
        for (const run of await page.evaluate<string[]>(ENGLISH_LEFT)) left.push(`/me/records (dispute form): ${run}`);
        await open(page, '/me/passes');
        await settled(page);
        await page.getByLabel('用途', { exact: true }).fill('flight.board');
        await page.getByRole('button', { name: '创建通行证' }).click();
        await page.waitForSelector('[data-pass-url]');
        for (const run of await page.evaluate<string[]>(ENGLISH_LEFT)) left.push(`/me/passes (new pass): ${run}`);
      }
      expect(left).toEqual([]);
      expect(errors).toEqual([]);
      await ctx.close();
      return seen;
    };
    const zh = await visit('zh-CN');
    expect(zh['/me/records']).toContain('发生时间');
    expect(zh['/me/passes']).toContain('我的通行证');
    expect(zh['/pass/TOKEN']).toContain('验证通行证');
    const en = await visit('en');
    // The English words are the ones these pages always had.
    expect(en['/me']).toMatch(/Everyone starts at \d+\.|No scheme judges you/);
    expect(en['/me/records']).toMatch(/occurred\twhat\tdetails\tkey\tstatus/i);
    expect(en['/me/cases']).toContain('My appeals');
    expect(en['/me/inbox']).toMatch(/Notice from \w+/);
    expect(en['/me/access']).toContain('Every time a relying party');
    expect(en['/me/consent']).toContain('Download my file');
    expect(en['/me/passes']).toContain('Share one answer with a pass');
    expect(en['/me/exclusions']).toContain('Exclude myself');
    expect(en['/pass/TOKEN']).toContain('Verify a pass');
    expect(en['/pass/TOKEN']).toMatch(/flight board: (allow|deny|limit|waive|priority)/);
    for (const text of Object.values(en)) expect(text.replace('中文（简体）', '')).not.toMatch(/[\u4e00-\u9fff]/);
  }, 180_000);
});
