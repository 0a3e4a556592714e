/**
 * The languages Standing speaks and how one is chosen: a stated preference (the subject's
 * setting, a `--lang` flag), else the best match of an `Accept-Language` header, else English.
 */

export const LOCALES = ['en', 'zh-CN'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'en';

/** Each language's own name, as the language switch shows it. */
export const LOCALE_NAMES: Readonly<Record<Locale, string>> = { en: 'English', 'zh-CN': '简体中文' };

export function isLocale(v: unknown): v is Locale {
  return typeof v === 'string' && (LOCALES as readonly string[]).includes(v);
}

/**
 * The supported locale a BCP 47 tag stands for, or null: `en`, `en-GB` → en; `zh`, `zh-CN`,
 * `zh-Hans`, `zh-SG`, `zh-Hans-CN` → zh-CN (Simplified); `zh-TW`, `zh-HK`, `zh-Hant` → null
 * (Traditional Chinese is not offered: better English than the wrong script).
 */
export function localeOfTag(tag: string): Locale | null {
  const parts = tag.trim().toLowerCase().replace(/_/g, '-').split('-');
  if (parts[0] === 'en') return 'en';
  if (parts[0] !== 'zh') return null;
  const rest = parts.slice(1);
  if (rest.includes('hant') || rest.includes('tw') || rest.includes('hk') || rest.includes('mo')) return null;
  return 'zh-CN';
}

/** The best supported locale of an Accept-Language header (q-values honoured), or null when none fits. */
export function negotiate(header: string | null | undefined): Locale | null {
  if (!header) return null;
  const ranked = header
    .split(',')
    .slice(0, 32)
    .map((part, i) => {
      const [tag = '', ...params] = part.split(';');
      const q = params.map((p) => /^\s*q\s*=\s*([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { tag: tag.trim(), q: q === undefined ? 1 : Number(q), i };
    })
    .filter((r) => r.tag !== '' && r.tag !== '*' && Number.isFinite(r.q) && r.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const r of ranked) {
    const l = localeOfTag(r.tag);
    if (l !== null) return l;
  }
  return null;
}

/** The locale to speak: the first stated preference that is supported, else the header's best, else English. */
export function chooseLocale(
  preferred: readonly (string | null | undefined)[],
  acceptLanguage?: string | null,
): Locale {
  for (const p of preferred) {
    if (!p) continue;
    const l = isLocale(p) ? p : localeOfTag(p);
    if (l !== null) return l;
  }
  return negotiate(acceptLanguage) ?? DEFAULT_LOCALE;
}
