import { IntlMessageFormat } from 'intl-messageformat';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../errors.js';
import { CATALOGUES, chooseLocale, en, negotiate, t, zhCN } from './index.js';

/*
 * The message catalogues: the server's (src/core/i18n) and the pages' (web/src/i18n). Each
 * language has every English key, every message parses as ICU MessageFormat, and the
 * translation uses exactly the English message's placeholders (a missing {listing} would
 * drop a fact; an extra one would print nothing).
 */

type AstNode = { type: number; value?: string; options?: Record<string, { value: AstNode[] }>; children?: AstNode[] };

/** The argument names a message uses, found through plural and select branches. */
function placeholders(message: string, locale: string): string[] {
  const found = new Set<string>();
  const walk = (nodes: readonly AstNode[]): void => {
    for (const n of nodes) {
      // 0 literal, 7 pound (#): no argument of their own.
      if (n.type !== 0 && n.type !== 7 && typeof n.value === 'string') found.add(n.value);
      for (const o of Object.values(n.options ?? {})) walk(o.value);
      if (n.children) walk(n.children);
    }
  };
  walk(new IntlMessageFormat(message, locale).getAst());
  return [...found].sort();
}

function checkPair(english: Readonly<Record<string, string>>, other: Readonly<Record<string, string>>): string[] {
  const problems: string[] = [];
  for (const key of Object.keys(english)) {
    const translated = other[key];
    if (translated === undefined) {
      problems.push(`${key}: missing`);
      continue;
    }
    try {
      const a = placeholders(english[key]!, 'en');
      const b = placeholders(translated, 'zh-CN');
      if (a.join() !== b.join()) problems.push(`${key}: placeholders ${a.join()} in English, ${b.join()} translated`);
    } catch (e) {
      problems.push(`${key}: ${(e as Error).message}`);
    }
  }
  for (const key of Object.keys(other)) if (!(key in english)) problems.push(`${key}: not in English`);
  return problems;
}

describe('message catalogues', () => {
  it('the server catalogue: zh-CN has every key, every message parses, placeholders match', () => {
    expect(checkPair(en, zhCN)).toEqual([]);
    // One description per stable error code, in both.
    for (const code of Object.keys(ERROR_CODES)) {
      expect(en).toHaveProperty(`error.${code}`);
      expect(zhCN).toHaveProperty(`error.${code}`);
    }
    expect(Object.keys(CATALOGUES)).toEqual(['en', 'zh-CN']);
  });

  it('the pages’ catalogue: zh-CN has every key, every message parses, placeholders match', async () => {
    const dir = new URL('../../../web/src/i18n/', import.meta.url);
    const web = (await import(new URL('en.ts', dir).href)) as { en: Record<string, string> };
    const webZh = (await import(new URL('zh-CN.ts', dir).href)) as { zhCN: Record<string, string> };
    expect(Object.keys(web.en).length).toBeGreaterThan(100);
    expect(checkPair(web.en, webZh.zhCN)).toEqual([]);
    // The staff pages' and the subject's pages' messages, loaded with those pages: the same rule, and no key in two parts.
    const staff = (await import(new URL('staff-en.ts', dir).href)) as { staffEn: Record<string, string> };
    const staffZh = (await import(new URL('staff-zh-CN.ts', dir).href)) as { staffZhCN: Record<string, string> };
    expect(Object.keys(staff.staffEn).length).toBeGreaterThan(100);
    expect(checkPair(staff.staffEn, staffZh.staffZhCN)).toEqual([]);
    const subject = (await import(new URL('subject-en.ts', dir).href)) as { subjectEn: Record<string, string> };
    const subjectZh = (await import(new URL('subject-zh-CN.ts', dir).href)) as { subjectZhCN: Record<string, string> };
    expect(Object.keys(subject.subjectEn).length).toBeGreaterThan(100);
    expect(checkPair(subject.subjectEn, subjectZh.subjectZhCN)).toEqual([]);
    const keys = [...Object.keys(web.en), ...Object.keys(staff.staffEn), ...Object.keys(subject.subjectEn)];
    expect(keys.length).toBe(new Set(keys).size);
  });

  it('a broken translation is caught: a dropped placeholder and a missing key', () => {
    const english = { a: 'Listing {listing} ends {at}', b: 'plain' };
    expect(checkPair(english, { a: '名单条目 {listing} 结束', b: '普通' })).toEqual([
      'a: placeholders at,listing in English, listing translated',
    ]);
    expect(checkPair(english, { a: '{listing} {at}' })).toEqual(['b: missing']);
  });

  it('formats with plural and select in each language', () => {
    expect(t('en', 'notice.holdsThrough', { count: 1 })).toBe('The condition holds through this record:');
    expect(t('en', 'notice.holdsThrough', { count: 2 })).toBe('The condition holds through these records:');
    expect(t('zh-CN', 'notice.head', { listing: 7, subject: 'person:1' })).toBe('通知 7，致 person:1');
    expect(t('zh-CN', 'error.LISTING_NOT_FOUND')).toBe('没有该编号的名单条目');
  });

  it('chooses the language: a stated preference, then Accept-Language (q-values), then English', () => {
    expect(negotiate('zh-CN,zh;q=0.9,en;q=0.8')).toBe('zh-CN');
    expect(negotiate('en-GB,zh;q=0.5')).toBe('en');
    expect(negotiate('fr, zh-Hans;q=0.4')).toBe('zh-CN');
    expect(negotiate('zh-TW')).toBeNull();
    expect(negotiate('de;q=1, en;q=0')).toBeNull();
    expect(chooseLocale(['zh-CN'], 'en')).toBe('zh-CN');
    expect(chooseLocale([null, undefined], 'zh')).toBe('zh-CN');
    expect(chooseLocale([], 'fr')).toBe('en');
  });
});
