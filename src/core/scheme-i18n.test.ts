import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { REGISTRY } from '../test-support/spec-example.js';
import { evaluate } from './evaluate.js';
import { schemeText } from './i18n/scheme-text.js';
import { buildNotice, renderNotice } from './notice.js';
import { canonicalJson } from './record.js';
import { parseScheme } from './scheme-parse.js';

/*
 * Scheme texts a subject reads (title, basis, list titles, sanction justifications and bases)
 * may carry translations: `{ en: …, zh-CN: … }`. English is required, unknown language tags are
 * refused with a stable code naming the field, and notices carry the translations they use.
 */

const parse = (text: string) => parseScheme(text, { registry: REGISTRY });

const SCHEME = `scheme: travel
authority: city
context: civic
title:
  en: Travel conduct
  zh-CN: 出行行为
basis: { en: Regulation 9, zh-CN: 《第九号条例》 }
score: { base: 100 }
rules:
  - { id: fare, when: 'record.kind == "transit.fare_evasion"', points: -50 }
lists:
  - id: no-fly
    title: { en: No flying, zh-CN: 禁止乘机 }
    type: blacklist
    when: subject.score < 60
    sanctions:
      - action: flight.board
        effect: deny
        justification: { en: Travel conduct bears on travel, zh-CN: 出行行为与出行相关 }
        basis: Regulation 9 art. 2
`;

describe('translated scheme texts', () => {
  it('parses a text map: the English stays in the field, the rest goes to translations by field path', () => {
    const r = parse(SCHEME);
    if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
    expect(r.doc.title).toBe('Travel conduct');
    expect(r.doc.basis).toBe('Regulation 9');
    expect(r.doc.lists[0]?.title).toBe('No flying');
    expect(r.doc.lists[0]?.sanctions[0]?.justification).toBe('Travel conduct bears on travel');
    expect(r.doc.translations).toEqual({
      'zh-CN': {
        title: '出行行为',
        basis: '《第九号条例》',
        'lists[0].title': '禁止乘机',
        'lists[0].sanctions[0].justification': '出行行为与出行相关',
      },
    });
    expect(schemeText(r.doc, 'zh-CN', 'lists[0].title', r.doc.lists[0]?.title)).toBe('禁止乘机');
    expect(schemeText(r.doc, 'zh-CN', 'lists[0].sanctions[0].basis', 'Regulation 9 art. 2')).toBe(
      'Regulation 9 art. 2',
    );
    expect(schemeText(r.doc, 'en', 'title', r.doc.title)).toBe('Travel conduct');
  });

  it('a scheme without translations has none (its content, and so its digest, is as before)', () => {
    const r = parse(
      SCHEME.replace(/\{ en: ([^,]+), zh-CN: [^}]+\}/g, '$1').replace(
        /title:\n {2}en: (.*)\n {2}zh-CN: .*\n/,
        'title: $1\n',
      ),
    );
    if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
    expect(r.doc.title).toBe('Travel conduct');
    expect(r.doc).not.toHaveProperty('translations');
  });

  it('refuses an unknown language tag with SCHEME_LANGUAGE_UNKNOWN naming the field, and a map without en', () => {
    const r = parse(
      SCHEME.replace('title: { en: No flying, zh-CN: 禁止乘机 }', 'title: { en: No flying, fr: Interdit de vol }'),
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => [e.code, e.at.field])).toEqual([['SCHEME_LANGUAGE_UNKNOWN', 'lists[0].title.fr']]);
    expect(r.errors[0]?.at.line).toBe(13);

    const noEnglish = parse(
      SCHEME.replace('basis: { en: Regulation 9, zh-CN: 《第九号条例》 }', 'basis: { zh-CN: 《第九号条例》 }'),
    );
    expect(noEnglish.ok).toBe(false);
    if (noEnglish.ok) return;
    expect(noEnglish.errors.map((e) => [e.code, e.at.field])).toEqual([['SCHEME_FIELD_MISSING', 'basis.en']]);

    const empty = parse(SCHEME.replace('zh-CN: 出行行为', 'zh-CN: ""'));
    expect(empty.ok).toBe(false);
    if (empty.ok) return;
    expect(empty.errors.map((e) => [e.code, e.at.field])).toEqual([['SCHEME_FIELD_INVALID', 'title.zh-CN']]);
  });

  it('a notice carries its list’s translations and renders in Chinese with them', () => {
    const r = parse(SCHEME);
    if (!r.ok) throw new Error('rejected');
    const list = r.compiled.lists[0]!;
    const at = Date.parse('2026-06-01T00:00:00Z');
    const evaluation = evaluate(
      r.compiled,
      {
        subject: 'person:li',
        consents: [],
        records: [
          {
            authority: 'city',
            key: 'F-1',
            subject: 'person:li',
            kind: 'transit.fare_evasion',
            occurredAt: at - 86_400_000,
            data: '{}',
          } as never,
        ],
      },
      at,
    );
    const notice = buildNotice({
      listing: 7,
      scheme: r.compiled,
      list,
      evaluation,
      noticedAt: at,
      effectAt: at + 12 * 86_400_000,
    });
    expect(notice.translations).toEqual({
      'zh-CN': { listTitle: '禁止乘机', basis: '《第九号条例》', sanctions: [{ justification: '出行行为与出行相关' }] },
    });
    // Built with its members in canonical order at every depth, so deliver serialises it without a copy.
    expect(JSON.stringify(notice)).toBe(canonicalJson(notice));
    const zh = renderNotice(notice, 'zh-CN');
    expect(zh).toContain('通知 7，致 person:li');
    expect(zh).toContain('“禁止乘机”');
    expect(zh).toContain('依据（法律）：《第九号条例》');
    expect(zh).toContain('出行行为与出行相关 [Regulation 9 art. 2]');
    expect(zh).toContain('如何申诉：请在 2026-06-13T00:00:00.000Z 之前提交');
    // English is the text it always was.
    const english = renderNotice(notice);
    expect(english).toContain('"No flying"');
    expect(english).not.toMatch(/[\u4e00-\u9fff]/);
  });

  it('the demo city’s schemes carry Chinese for every title, basis and justification', () => {
    for (const name of ['city-citizen', 'court-debtors', 'tax-credit', 'acme-rentals']) {
      const r = parse(readFileSync(new URL(`../../examples/${name}.yaml`, import.meta.url), 'utf8'));
      if (!r.ok) throw new Error(`${name}: ${r.errors.map((e) => e.message).join('\n')}`);
      const zh = r.doc.translations?.['zh-CN'] ?? {};
      const texts: string[] = [];
      if (r.doc.title) texts.push('title');
      if (r.doc.basis) texts.push('basis');
      r.doc.lists.forEach((l, i) => {
        if (l.title) texts.push(`lists[${i}].title`);
        l.sanctions.forEach((s, j) => {
          if (s.justification) texts.push(`lists[${i}].sanctions[${j}].justification`);
          if (s.basis) texts.push(`lists[${i}].sanctions[${j}].basis`);
        });
      });
      expect(texts.length).toBeGreaterThan(1);
      for (const path of texts) expect(zh[path], `${name} ${path}`).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});
