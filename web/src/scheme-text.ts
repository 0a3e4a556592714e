/**
 * Schemes in words: the common shapes of CEL conditions and points read as sentences,
 * so a subject (or a journalist) can follow a rule without knowing CEL. Anything the
 * patterns do not cover is shown as the expression itself; the exact text is always
 * one click away.
 */
import { h, pill } from './dom.js';
import { duration, points as fmtPoints, words } from './format.js';
import type { Sanction, SchemeDoc } from './types.js';
import { t } from './i18n.js';
import { listTitle, listTypeWord, sanctionPath, schemeText } from './staff-text.js';

/** "record.kind == \"x\" && record.data.offence == \"theft\"" → "kind is “x” and offence is “theft”". */
export function condition(expr: string): string {
  // `$` in a translation would be read as a group reference by replace: the texts come through functions.
  const field = (name: string): string => t(`scheme.cond.field.${name as 'kind'}`);
  return expr
    .replace(
      /subject\.records\.exists\(\s*(\w+)\s*,\s*\1\.kind\s*==\s*"([^"]*)"\s*\)/g,
      (_, _v: string, kind: string) => t('scheme.cond.hasRecord', { kind }),
    )
    .replace(/\b(record|subject)\.data\.([A-Za-z_][\w]*)/g, '$2')
    .replace(/\brecord\.kind\b/g, () => field('kind'))
    .replace(/\bsubject\.(grade|score|type|id)\b/g, (_, f: string) => field(f))
    .replace(/\s*==\s*"([^"]*)"/g, (_, v: string) => t('scheme.cond.is', { v }))
    .replace(/\s*!=\s*"([^"]*)"/g, (_, v: string) => t('scheme.cond.isNot', { v }))
    .replace(/\s+in\s+\[([^\]]*)\]/g, (_, list: string) =>
      t('scheme.cond.oneOf', { list: list.replace(/"([^"]*)"/g, '“$1”').replace(/\s*,\s*/g, t('scheme.sep')) }),
    )
    .replace(/\s*&&\s*/g, () => t('scheme.cond.and'))
    .replace(/\s*\|\|\s*/g, () => t('scheme.cond.or'))
    .replace(/\s*<=\s*/g, ' ≤ ')
    .replace(/\s*>=\s*/g, ' ≥ ')
    .replace(/\s*==\s*/g, ' = ')
    .replace(/\s*!=\s*/g, ' ≠ ')
    .replace(/\s*<\s*/g, ' < ')
    .replace(/\s*>\s*/g, ' > ');
}

/** "-10 * record.data.severity" → "−10 × severity"; 5 → "+5". */
export function pointsText(p: number | string): string {
  if (typeof p === 'number') return t('scheme.points', { points: fmtPoints(p) });
  const text = p
    .replace(/\brecord\.data\.([A-Za-z_]\w*)/g, '$1')
    .replace(/\s*\*\s*/g, ' × ')
    .replace(/^-/, '−');
  return t('scheme.points', { points: text });
}

export function sanctionText(s: Sanction): string {
  const limit = s.limit
    ? Object.entries(s.limit)
        .map(([k, v]) => `${v} ${k}`)
        .join(', ')
    : '';
  switch (s.effect) {
    case 'deny':
      return t('sanction.deny', { action: words(s.action) });
    case 'limit':
      return t('sanction.limit', { action: words(s.action), limit });
    case 'waive':
      return t('sanction.waive', { action: words(s.action) });
    case 'priority':
      return t('sanction.priority', { action: words(s.action) });
    default:
      return `${words(s.action)}: ${s.effect}${limit}`;
  }
}

export function listTypeTone(type: string): 'bad' | 'good' | 'info' {
  return type === 'blacklist' ? 'bad' : type === 'redlist' ? 'good' : 'info';
}

function gradeRange(g: SchemeDoc['grades'][number]): string {
  const parts: string[] = [];
  if (g.min !== undefined && g.max !== undefined) parts.push(t('scheme.grade.between', { min: g.min, max: g.max }));
  else if (g.min !== undefined) parts.push(t('scheme.grade.min', { min: g.min }));
  else if (g.max !== undefined) parts.push(t('scheme.grade.max', { max: g.max }));
  if (g.when) parts.push(condition(g.when));
  return parts.length ? parts.join(t('scheme.cond.and')) : t('scheme.grade.rest');
}

/** The readable body of a scheme: score, grades, rules, lists. */
export function schemeBody(doc: SchemeDoc): HTMLElement {
  const range = [doc.score.min, doc.score.max].every((x) => x !== undefined)
    ? t('scheme.body.range', { min: doc.score.min ?? 0, max: doc.score.max ?? 0 })
    : '';
  return h(
    'div',
    { class: 'stack' },
    h(
      'p',
      null,
      t('scheme.body.start', {
        who: doc.subjects.includes('org') ? (doc.subjects.includes('person') ? 'both' : 'org') : 'person',
        base: doc.score.base,
        range,
      }),
      t('scheme.body.sources', { sources: doc.sources.join(t('scheme.sep')) }),
      doc.consent === 'required' ? t('scheme.body.consent') : '',
      doc.basis ? t('scheme.body.basis', { basis: schemeText(doc, 'basis', doc.basis) }) : '',
    ),
    h('h3', null, t('scheme.grades')),
    h('p', { class: 'small muted' }, t('scheme.grades.first')),
    h(
      'ul',
      { class: 'list-plain' },
      doc.grades.map((g) => h('li', null, h('strong', null, g.id), ' — ', gradeRange(g))),
    ),
    h('h3', null, t('scheme.rules')),
    h(
      'ul',
      { class: 'rules' },
      doc.rules.map((r) =>
        h(
          'li',
          null,
          h(
            'div',
            { class: 'rule-title' },
            h('strong', null, words(r.id)),
            pill(
              pointsText(r.points),
              typeof r.points === 'number' && r.points > 0
                ? 'good'
                : typeof r.points === 'number' && r.points < 0
                  ? 'bad'
                  : 'neutral',
            ),
          ),
          h('div', null, t('scheme.rule.when', { when: condition(r.when) })),
          h(
            'div',
            { class: 'small muted' },
            r.lapse ? t('scheme.rule.lapse', { span: duration(r.lapse) }) : t('scheme.rule.never'),
            r.cap
              ? t('scheme.rule.cap', {
                  points: r.cap.points,
                  per: r.cap.per ? duration(r.cap.per) : '',
                  total: r.cap.per ? 'no' : 'yes',
                })
              : '',
            r.keep === 'latest' ? t('scheme.rule.latest') : '',
          ),
          h('code', { class: 'expr', title: t('scheme.rule.asWritten') }, r.when),
        ),
      ),
    ),
    h('h3', null, t('console.lists')),
    doc.lists.length === 0
      ? h('p', { class: 'empty' }, t('scheme.lists.none'))
      : h(
          'ul',
          { class: 'rules' },
          doc.lists.map((l) =>
            h(
              'li',
              null,
              h(
                'div',
                { class: 'rule-title' },
                h('strong', null, listTitle(doc, l.id)),
                pill(listTypeWord(l.type), listTypeTone(l.type)),
                l.publish ? pill(t('scheme.list.published'), 'info') : null,
              ),
              h('div', null, t('scheme.list.when', { when: condition(l.when) })),
              l.type === 'redlist'
                ? h('div', { class: 'small muted' }, t('scheme.list.privilege'))
                : h('div', { class: 'small muted' }, t('scheme.list.effect', { span: duration(l.appeal) })),
              l.sanctions.length
                ? h(
                    'ul',
                    null,
                    l.sanctions.map((s) =>
                      h(
                        'li',
                        null,
                        sanctionText(s),
                        s.justification
                          ? h(
                              'div',
                              { class: 'small muted' },
                              t('scheme.list.why', {
                                why: schemeText(
                                  doc,
                                  sanctionPath(doc, l.id, s.action, 'justification'),
                                  s.justification,
                                ),
                                basis: schemeText(doc, sanctionPath(doc, l.id, s.action, 'basis'), s.basis ?? ''),
                                has: s.basis ? 'yes' : 'no',
                              }),
                            )
                          : null,
                      ),
                    ),
                  )
                : h('div', { class: 'small muted' }, t('notice.noSanctions')),
              h('code', { class: 'expr' }, l.when),
            ),
          ),
        ),
  );
}
