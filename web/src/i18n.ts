/**
 * The pages' language: English or Simplified Chinese, chosen by the subject's setting, else
 * the reader's last choice on this browser, else the browser's languages (Accept-Language),
 * else English. Messages are ICU MessageFormat (intl-messageformat), compiled once and cached;
 * the Chinese catalogue is loaded only when it is chosen. `<html lang>` follows the choice.
 */
import { type Key, en } from './i18n/en.js';
import { IntlMessageFormat, type PrimitiveType } from './vendor/intl-messageformat.js';

export type Locale = 'en' | 'zh-CN';
export type { Key };
export const LOCALES: readonly Locale[] = ['en', 'zh-CN'];
/** Each language in its own words, for the switch. */
export const LOCALE_NAMES: Readonly<Record<Locale, string>> = { en: 'English', 'zh-CN': '简体中文' };

const STORAGE = 'standing-lang';
let locale: Locale = 'en';
let messages: Readonly<Record<Key, string>> = en;
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

export type Values = Readonly<Record<string, PrimitiveType>>;

/** One message in the current language. */
export function t(key: Key, values?: Values): string {
  let f = cache.get(key);
  if (f === undefined) {
    f = new IntlMessageFormat(messages[key] ?? en[key], locale);
    cache.set(key, f);
  }
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
  let f = cache.get(key);
  if (f === undefined) {
    f = new IntlMessageFormat(messages[key] ?? en[key], locale);
    cache.set(key, f);
  }
  const out = f.format<string | Node>({ ...values, ...tags });
  return Array.isArray(out) ? out : [out];
}
