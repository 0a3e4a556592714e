/**
 * The pages' language: English or Simplified Chinese, chosen by the subject's setting, else
 * the reader's last choice on this browser, else the browser's languages (Accept-Language),
 * else English. Messages are ICU MessageFormat (intl-messageformat), compiled once and cached;
 * the Chinese catalogue is loaded only when it is chosen. `<html lang>` follows the choice.
 */
import { type Key as CoreKey, en } from './i18n/en.js';
import type { StaffKey } from './i18n/staff-en.js';
import type { SubjectKey } from './i18n/subject-en.js';
import { IntlMessageFormat, type PrimitiveType } from './vendor/intl-messageformat.js';

export type Locale = 'en' | 'zh-CN';
/**
 * Every message's key: the pages everyone opens (en.ts), and two parts loaded with the pages
 * that need them: the staff pages' (staff-en.ts) and the subject's own pages' (subject-en.ts).
 */
export type Key = CoreKey | StaffKey | SubjectKey;
/** The parts of the catalogue that load with their pages. */
export type Area = 'staff' | 'subject';
type Messages = Readonly<Partial<Record<Key, string>>>;
export const LOCALES: readonly Locale[] = ['en', 'zh-CN'];
/** Each language in its own words, for the switch. */
export const LOCALE_NAMES: Readonly<Record<Locale, string>> = { en: 'English', 'zh-CN': '简体中文' };

const STORAGE = 'standing-lang';
let locale: Locale = 'en';
let messages: Readonly<Partial<Record<Key, string>>> = en;
// The areas loaded so far: their messages in English (the fallback) and in the current language.
const areaEnglish = new Map<Area, Messages>();
let areaMessages: Messages = {};
const cache = new Map<Key, IntlMessageFormat>();

export function isLocale(v: unknown): v is Locale {
  return v === 'en' || v === 'zh-CN';
}

/** A BCP 47 tag's supported locale: en-* → en; zh, zh-CN, zh-Hans, zh-SG → zh-CN; Traditional Chinese → none. */
export function localeOfTag(tag: string): Locale | null {
  const parts = tag.toLowerCase().split('-');
  if (parts[0] === 'en') return 'en';
  if (parts[0] !== 'zh' || parts.some((p) => ['hant', 'tw', 'hk', 'mo'].includes(p))) return null;
  return 'zh-CN';
}

export function currentLocale(): Locale {
  return locale;
}

/** The reader's last choice on this browser, if any. */
export function storedLocale(): Locale | null {
  try {
    const v = localStorage.getItem(STORAGE);
    return isLocale(v) ? v : null;
  } catch {
    return null;
  }
}

/** The locale to start in: the subject's setting, the stored choice, then the browser's languages, then English. */
export function initialLocale(setting: string | null | undefined): Locale {
  if (isLocale(setting)) return setting;
  const stored = storedLocale();
  if (stored) return stored;
  for (const tag of navigator.languages ?? [navigator.language]) {
    const l = localeOfTag(tag);
    if (l) return l;
  }
  return 'en';
}

/** Switches the language of the pages (loading its catalogue) and remembers it on this browser. */
export async function setLocale(next: Locale, remember = false): Promise<void> {
  messages = next === 'en' ? en : (await import('./i18n/zh-CN.js')).zhCN;
  areaMessages = await inLocale([...areaEnglish.keys()], next);
  locale = next;
  cache.clear();
  document.documentElement.lang = next;
  if (remember)
    try {
      localStorage.setItem(STORAGE, next);
    } catch {
      // Private browsing may refuse storage; the choice then lasts for this page.
    }
}

async function catalogue(area: Area, l: Locale): Promise<Messages> {
  if (area === 'staff')
    return l === 'en'
      ? (await import('./i18n/staff-en.js')).staffEn
      : (await import('./i18n/staff-zh-CN.js')).staffZhCN;
  return l === 'en'
    ? (await import('./i18n/subject-en.js')).subjectEn
    : (await import('./i18n/subject-zh-CN.js')).subjectZhCN;
}

async function inLocale(areas: readonly Area[], l: Locale): Promise<Messages> {
  return Object.assign({}, ...(await Promise.all(areas.map((a) => catalogue(a, l))))) as Messages;
}

/**
 * Loads an area's messages in the current language: the router calls it before one of its pages
 * draws (staff: console, review, cases, schemes, publishing, simulation, webhooks; subject: My
 * file, passes, a notice's link). The public pages and sign-in never load either.
 */
export async function loadMessages(area: Area): Promise<void> {
  if (!areaEnglish.has(area)) areaEnglish.set(area, await catalogue(area, 'en'));
  const l = locale;
  const m = await inLocale([...areaEnglish.keys()], l);
  if (l === locale) areaMessages = m;
  cache.clear();
}

function englishOfAreas(key: Key): string | undefined {
  for (const m of areaEnglish.values()) if (m[key] !== undefined) return m[key];
  return undefined;
}

/** A key's compiled message in the current language, else in English. */
function formatOf(key: Key): IntlMessageFormat {
  let f = cache.get(key);
  if (f === undefined) {
    const text = messages[key] ?? areaMessages[key] ?? (en as Messages)[key] ?? englishOfAreas(key);
    // A key of an area not loaded yet (a mistake in the page) shows the key, never a crash.
    f = new IntlMessageFormat(text ?? key, locale);
    cache.set(key, f);
  }
  return f;
}

export type Values = Readonly<Record<string, PrimitiveType>>;

/** One message in the current language. */
export function t(key: Key, values?: Values): string {
  const f = formatOf(key);
  return String(f.format(values));
}

/** Marks a part of a page whose words are not translated yet as English (screen readers then read it as English). */
export function englishOnly<T extends Node | null>(node: T): T {
  if (locale !== 'en' && node instanceof HTMLElement) node.lang = 'en';
  return node;
}

/**
 * One message in the current language whose tags (`<b>…</b>`) become elements: `tags` maps
 * each tag name to a function building its element from the tag's content. Text stays text.
 */
export function tNodes(
  key: Key,
  values: Values,
  tags: Readonly<Record<string, (chunks: (string | Node)[]) => Node>>,
): (string | Node)[] {
  const f = formatOf(key);
  const out = f.format<string | Node>({ ...values, ...tags });
  return Array.isArray(out) ? out : [out];
}
