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

/** "record.kind == \"x\" && record.data.offence == \"theft\"" → "kind is “x” and offence is “theft”". */
export function condition(expr: string): string {
  return expr
    .replace(
      /subject\.records\.exists\(\s*(\w+)\s*,\s*\1\.kind\s*==\s*"([^"]*)"\s*\)/g,
      'has a live record of kind “$2”',
    )
    .replace(/\b(record|subject)\.data\.([A-Za-z_][\w]*)/g, '$2')
    .replace(/\brecord\.kind\b/g, 'kind')
    .replace(/\bsubject\.(grade|score|type|id)\b/g, '$1')
    .replace(/\s*==\s*"([^"]*)"/g, ' is “$1”')
    .replace(/\s*!=\s*"([^"]*)"/g, ' is not “$1”')
    .replace(
      /\s+in\s+\[([^\]]*)\]/g,
      (_, list: string) => ` is one of ${list.replace(/"([^"]*)"/g, '“$1”').replace(/\s*,\s*/g, ', ')}`,
    )
    .replace(/\s*&&\s*/g, ' and ')
    .replace(/\s*\|\|\s*/g, ' or ')
    .replace(/\s*<=\s*/g, ' ≤ ')
    .replace(/\s*>=\s*/g, ' ≥ ')
    .replace(/\s*==\s*/g, ' = ')
    .replace(/\s*!=\s*/g, ' ≠ ')
    .replace(/\s*<\s*/g, ' < ')
    .replace(/\s*>\s*/g, ' > ');
}

/** "-10 * record.data.severity" → "−10 × severity"; 5 → "+5". */
export function pointsText(p: number | string): string {
  if (typeof p === 'number') return `${fmtPoints(p)} points`;
  const t = p
    .replace(/\brecord\.data\.([A-Za-z_]\w*)/g, '$1')
    .replace(/\s*\*\s*/g, ' × ')
    .replace(/^-/, '−');
  return `${t} points`;
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
  if (g.min !== undefined && g.max !== undefined) parts.push(`score ${g.min}–${g.max}`);
  else if (g.min !== undefined) parts.push(`score ≥ ${g.min}`);
  else if (g.max !== undefined) parts.push(`score ≤ ${g.max}`);
  if (g.when) parts.push(condition(g.when));
  return parts.length ? parts.join(' and ') : 'everyone else';
}

/** The readable body of a scheme: score, grades, rules, lists. */
export function schemeBody(doc: SchemeDoc): HTMLElement {
  const range = [doc.score.min, doc.score.max].every((x) => x !== undefined)
    ? `, kept between ${doc.score.min} and ${doc.score.max}`
    : '';
  return h(
    'div',
    { class: 'stack' },
    h(
      'p',
      null,
      `Every ${doc.subjects.join(' and ')} starts at ${doc.score.base} points${range}. `,
      `Rules read records from ${doc.sources.join(', ')}. `,
      doc.consent === 'required' ? 'Only subjects who opt in are scored. ' : '',
      doc.basis ? `Legal basis: ${doc.basis}.` : '',
    ),
    h('h3', null, 'Grades'),
    h('p', { class: 'small muted' }, 'The first grade whose conditions hold is the subject’s grade.'),
    h(
      'ul',
      { class: 'list-plain' },
      doc.grades.map((g) => h('li', null, h('strong', null, g.id), ' — ', gradeRange(g))),
    ),
    h('h3', null, 'Rules'),
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
          h('div', null, `When ${condition(r.when)}.`),
          h(
            'div',
            { class: 'small muted' },
            r.lapse ? `Counts for ${duration(r.lapse)} after the record. ` : 'Never lapses. ',
            r.cap ? `At most ${r.cap.points} points${r.cap.per ? ` per ${duration(r.cap.per)}` : ' in total'}. ` : '',
            r.keep === 'latest' ? 'Only the newest matching record counts.' : '',
          ),
          h('code', { class: 'expr', title: 'the rule as written' }, r.when),
        ),
      ),
    ),
    h('h3', null, 'Lists'),
    doc.lists.length === 0
      ? h('p', { class: 'empty' }, 'This scheme has no lists.')
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
                h('strong', null, l.title ?? words(l.id)),
                pill(l.type, listTypeTone(l.type)),
                l.publish ? pill('entries published', 'info') : null,
              ),
              h('div', null, `A subject is listed when ${condition(l.when)}.`),
              l.type === 'redlist'
                ? h('div', { class: 'small muted' }, 'A privilege: it applies at once.')
                : h(
                    'div',
                    { class: 'small muted' },
                    `Takes effect ${duration(l.appeal)} after the notice, unless appealed in that time.`,
                  ),
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
                              `Why: ${s.justification}${s.basis ? ` (${s.basis})` : ''}`,
                            )
                          : null,
                      ),
                    ),
                  )
                : h('div', { class: 'small muted' }, 'No sanctions: a watchlist.'),
              h('code', { class: 'expr' }, l.when),
            ),
          ),
        ),
  );
}
