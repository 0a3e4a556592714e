/** Every point explained in words: which record, which rule, how many points, and any cap. */
import { h, pill } from './dom.js';
import { date, points, words } from './format.js';
import { condition, sanctionText } from './scheme-text.js';
import type { Contribution, ListValue, Notice, RecordView, RuleError } from './types.js';

export type RecordIndex = ReadonlyMap<string, RecordView>;

export const refOf = (authority: string, key: string): string => `${authority}/${key}`;

export function indexRecords(records: readonly RecordView[]): Map<string, RecordView> {
  return new Map(records.map((r) => [refOf(r.authority, r.key), r]));
}

/** The data of a record as "severity 3, hours 4". */
export function dataText(data: Readonly<Record<string, unknown>>): string {
  return Object.entries(data)
    .map(([k, v]) => `${words(k)} ${typeof v === 'string' ? words(v) : JSON.stringify(v)}`)
    .join(', ');
}

export function recordSentence(r: RecordView): string {
  const d = dataText(r.data);
  return `${date(r.occurredAt)}: ${r.authority} recorded ${words(r.kind)}${d ? ` (${d})` : ''}.`;
}

/** The contributions of an evaluation, biggest effect first, each as a sentence. */
export function contributionList(contributions: readonly Contribution[], records: RecordIndex, options: { ruleText?: ReadonlyMap<string, string> } = {}): HTMLElement {
  if (contributions.length === 0) return h('p', { class: 'empty' }, 'No record counts towards the score now: it is the starting score.');
  const sorted = [...contributions].sort((a, b) => Math.abs(b.capped) - Math.abs(a.capped));
  return h(
    'ul',
    { class: 'explain' },
    sorted.map((c) => {
      const r = records.get(refOf(c.authority, c.key));
      const rule = options.ruleText?.get(c.rule);
      return h(
        'li',
        null,
        h('span', { class: `pts ${c.capped < 0 ? 'neg' : c.capped > 0 ? 'pos' : ''}` }, points(c.capped)),
        h(
          'div',
          { class: 'what' },
          h('div', null, r ? recordSentence(r) : `A record of ${c.authority} (${c.key}).`),
          h(
            'div',
            { class: 'meta' },
            `Rule “${words(c.rule)}”`,
            rule ? ` — ${rule}` : '',
            c.capped !== c.points ? `. ${points(c.points)} points before the cap; the rule’s cap allowed ${points(c.capped)}.` : '.',
            ` Record `,
            h('code', null, c.key),
            r?.retracted ? [' ', pill('retracted', 'good')] : '',
          ),
        ),
      );
    }),
  );
}

export function ruleErrors(errors: readonly RuleError[]): HTMLElement | null {
  if (errors.length === 0) return null;
  return h(
    'div',
    { class: 'alert warn' },
    h('strong', null, 'Rule errors (counted as 0 points or as false)'),
    h('ul', null, errors.map((e) => h('li', null, `${words(e.rule)} (${e.site}${e.key ? `, record ${e.key}` : ''}): ${e.message}`))),
  );
}

export function listConditions(values: readonly ListValue[], titles: ReadonlyMap<string, string> = new Map()): HTMLElement {
  return h(
    'ul',
    { class: 'list-plain' },
    values.map((v) =>
      h('li', { class: 'spread' }, h('span', null, titles.get(v.id) ?? words(v.id)), v.error ? pill(`error: ${v.error}`, 'warn') : v.value ? pill('condition holds', 'bad') : pill('does not hold', 'good')),
    ),
  );
}

/** A notice: the statement of reasons of SPEC §6, in the order a person reads it. */
export function noticeView(n: Notice, records: RecordIndex): HTMLElement {
  return h(
    'div',
    { class: 'stack' },
    h(
      'p',
      null,
      `${n.authority} placed ${n.subject} on the ${n.list.type} “${n.list.title ?? words(n.list.id)}” under scheme ${n.scheme}, version ${n.version}, on ${date(n.noticedAt)}. `,
      n.automated ? 'This was decided automatically from the records below; a human reviewer decides any appeal.' : '',
    ),
    h('p', null, h('strong', null, 'Why: '), `the list applies when ${condition(n.list.condition)}. `, `Score at the time: ${n.facts.score ?? '—'}, grade ${n.facts.grade ?? 'none'}.`),
    n.sanctions.length
      ? h('div', null, h('strong', null, 'What it means:'), h('ul', null, n.sanctions.map((s) => h('li', null, sanctionText(s), s.justification ? h('div', { class: 'small muted' }, `${s.justification}${s.basis ? ` (${s.basis})` : ''}`) : null))))
      : h('p', null, 'No sanctions: a watchlist.'),
    n.basis ? h('p', { class: 'small' }, h('strong', null, 'Legal basis: '), n.basis) : null,
    h('p', { class: 'small' }, h('strong', null, 'Takes effect: '), `${date(n.effectAt)}, unless appealed before then.`),
    h('details', null, h('summary', null, `The facts: ${n.facts.contributions.length} contribution${n.facts.contributions.length === 1 ? '' : 's'}`), contributionList(n.facts.contributions, records), ruleErrors(n.facts.errors)),
  );
}
