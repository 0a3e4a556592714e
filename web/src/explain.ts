/** Every point explained in words: which record, which rule, how many points, and any cap. */
import { h, pill } from './dom.js';
import { date, points, words, listName } from './format.js';
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
export function contributionList(
  contributions: readonly Contribution[],
  records: RecordIndex,
  options: { ruleText?: ReadonlyMap<string, string> } = {},
): HTMLElement {
  if (contributions.length === 0)
    return h('p', { class: 'empty' }, 'No record counts towards the score now: it is the starting score.');
  const sorted = [...contributions].sort(
    (a, b) => Math.abs(b.capped) - Math.abs(a.capped) || b.key.localeCompare(a.key),
  );
  const byRule = new Map<string, { n: number; sum: number }>();
  for (const c of contributions) {
    const r = byRule.get(c.rule) ?? { n: 0, sum: 0 };
    byRule.set(c.rule, { n: r.n + 1, sum: r.sum + c.capped });
  }
  const summary =
    byRule.size > 1 || contributions.length > 3
      ? h(
          'ul',
          { class: 'rule-sums', 'aria-label': 'Points by rule' },
          [...byRule.entries()]
            .sort((a, b) => a[1].sum - b[1].sum)
            .map(([rule, r]) =>
              h(
                'li',
                null,
                h('span', { class: `pts ${r.sum < 0 ? 'neg' : r.sum > 0 ? 'pos' : ''}` }, points(r.sum)),
                ` ${words(rule)} · ${r.n} record${r.n === 1 ? '' : 's'}`,
              ),
            ),
        )
      : null;
  return h(
    'div',
    null,
    summary,
    h(
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
              c.capped !== c.points
                ? `. ${points(c.points)} points before the cap; the rule’s cap allowed ${points(c.capped)}.`
                : '.',
              ` Record `,
              h('code', null, c.key),
              r?.retracted ? [' ', pill('retracted', 'good')] : '',
              r?.disputed
                ? [' ', pill(r.disputed.overdue ? 'disputed: past its deadline, not counted now' : 'disputed', 'info')]
                : '',
            ),
          ),
        );
      }),
    ),
  );
}

/** Live records that no rule scores but that list conditions can see (`subject.records`), such as another authority's judgment. */
export function otherLiveRecords(
  live: readonly string[],
  contributions: readonly Contribution[],
  records: RecordIndex,
): HTMLElement | null {
  const scored = new Set(contributions.map((c) => refOf(c.authority, c.key)));
  const others = live.filter((ref) => !scored.has(ref));
  if (others.length === 0) return null;
  return h(
    'div',
    null,
    h('h4', null, 'Records the list conditions also see (no points)'),
    h(
      'ul',
      { class: 'list-plain' },
      others.map((ref) => {
        const r = records.get(ref);
        return h(
          'li',
          null,
          r ? recordSentence(r) : `A record of ${ref.slice(0, ref.indexOf('/'))}`,
          ' ',
          h('code', null, ref),
        );
      }),
    ),
  );
}

export function ruleErrors(errors: readonly RuleError[]): HTMLElement | null {
  if (errors.length === 0) return null;
  return h(
    'div',
    { class: 'alert warn' },
    h('strong', null, 'Rule errors (counted as 0 points or as false)'),
    h(
      'ul',
      null,
      errors.map((e) => h('li', null, `${words(e.rule)} (${e.site}${e.key ? `, record ${e.key}` : ''}): ${e.message}`)),
    ),
  );
}

/** The records a condition holds through (its comprehensions over `subject.records`), each with its authority. */
export function matchedRecords(refs: readonly string[] | undefined, records: RecordIndex): HTMLElement | null {
  if (!refs || refs.length === 0) return null;
  return h(
    'ul',
    { class: 'small', 'data-condition-records': '' },
    refs.map((ref) => {
      const r = records.get(ref);
      return h(
        'li',
        null,
        r ? recordSentence(r) : `A record of ${ref.slice(0, ref.indexOf('/'))}.`,
        ' ',
        h('code', null, ref),
      );
    }),
  );
}

export function listConditions(
  values: readonly ListValue[],
  titles: ReadonlyMap<string, string> = new Map(),
  records: RecordIndex = new Map(),
): HTMLElement {
  return h(
    'ul',
    { class: 'list-plain' },
    values.map((v) =>
      h(
        'li',
        null,
        h(
          'div',
          { class: 'spread' },
          h('span', null, titles.get(v.id) ?? listName(v.id)),
          v.error
            ? pill(`error: ${v.error}`, 'warn')
            : v.value
              ? pill(v.records?.length ? 'condition holds through these records' : 'condition holds', 'bad')
              : pill('does not hold', 'good'),
        ),
        v.value ? matchedRecords(v.records, records) : null,
      ),
    ),
  );
}

/** The statement-of-reasons fields of newer notices (SPEC §6), absent from older ones. */
interface NoticeReasons {
  automatedDetection?: boolean;
  automatedDecision?: boolean;
  ground?: { kind: 'legal' | 'contractual'; text: string };
  scope?: string;
  redress?: {
    kind: 'appeal' | 'second-instance' | 'record-dispute';
    until: string | null;
    within: string | null;
    from: string | null;
    how: string;
  }[];
}

/** A notice: the statement of reasons of SPEC §6, in the order a person reads it. */
export function noticeView(
  notice: Notice,
  records: RecordIndex,
  options: { facts?: boolean; you?: boolean; listing?: number } = {},
): HTMLElement {
  const n = notice as Notice & NoticeReasons;
  return h(
    'div',
    { class: 'stack' },
    h(
      'p',
      null,
      `${n.authority} placed ${options.you ? 'you' : n.subject} on the ${n.list.type} “${listName(n.list.id, n.list.title)}” under scheme ${n.scheme}, version ${n.version}, on ${date(n.noticedAt)}. `,
      n.automatedDetection === undefined
        ? n.automated
          ? 'This was decided automatically from the records below; a human reviewer decides any appeal.'
          : ''
        : `Detected ${n.automatedDetection ? 'automatically, by the scheme’s evaluation of records' : 'by a person'}; decided ${n.automatedDecision ? 'automatically' : 'by a person'}; a human reviewer decides any appeal.`,
    ),
    h(
      'p',
      null,
      h('strong', null, 'Why: '),
      `the list applies when ${condition(n.list.condition)}. `,
      `Score at the time: ${n.facts.score ?? '—'}, grade ${n.facts.grade ?? 'none'}.`,
    ),
    (() => {
      const through = n.facts.listConditions.find((c) => c.id === n.list.id)?.records ?? [];
      return through.length
        ? h(
            'div',
            null,
            h('strong', null, `The condition holds through ${through.length === 1 ? 'this record' : 'these records'}:`),
            matchedRecords(through, records),
          )
        : null;
    })(),
    n.sanctions.length
      ? h(
          'div',
          null,
          h('strong', null, 'What it means:'),
          h(
            'ul',
            null,
            n.sanctions.map((s) =>
              h(
                'li',
                null,
                sanctionText(s),
                s.justification
                  ? h('div', { class: 'small muted' }, `${s.justification}${s.basis ? ` (${s.basis})` : ''}`)
                  : null,
              ),
            ),
          ),
        )
      : h('p', null, 'No sanctions: a watchlist.'),
    n.ground
      ? h(
          'p',
          { class: 'small' },
          h('strong', null, n.ground.kind === 'legal' ? 'Legal ground: ' : 'Contractual ground: '),
          n.ground.text,
        )
      : n.basis
        ? h('p', { class: 'small' }, h('strong', null, 'Legal basis: '), n.basis)
        : null,
    n.scope ? h('p', { class: 'small' }, h('strong', null, 'Restriction: '), n.scope) : null,
    n.redress?.length
      ? h(
          'div',
          { class: 'small' },
          h('strong', null, 'Your redress:'),
          h(
            'ul',
            null,
            n.redress.map((r) =>
              h(
                'li',
                null,
                r.kind === 'appeal'
                  ? `Appeal before ${date(r.until ?? n.effectAt)}. `
                  : r.kind === 'second-instance'
                    ? `Second instance within ${r.within} of ${r.from}. `
                    : `Record disputes (decided within ${r.within} of ${r.from}). `,
                r.how,
              ),
            ),
          ),
        )
      : null,
    Date.parse(n.effectAt) > Date.now()
      ? h(
          'p',
          { class: 'small' },
          h('strong', null, 'Takes effect: '),
          `${date(n.effectAt)}, unless appealed before then.`,
        )
      : h(
          'p',
          { class: 'small' },
          h('strong', null, 'Effect date: '),
          `${date(n.effectAt)} (the appeal window has closed).`,
        ),
    options.facts === false
      ? null
      : h(
          'details',
          null,
          h(
            'summary',
            null,
            `The facts: ${n.facts.contributions.length} contribution${n.facts.contributions.length === 1 ? '' : 's'}`,
            // Several notices on one page: each summary is named by its listing for a screen reader.
            h(
              'span',
              { class: 'sr-only' },
              ` to the ${options.listing === undefined ? '' : `listing #${options.listing} on `}${listName(n.list.id, n.list.title)}, ${date(n.noticedAt)}`,
            ),
          ),
          contributionList(n.facts.contributions, records),
          otherLiveRecords(n.facts.liveRecords, n.facts.contributions, records),
          ruleErrors(n.facts.errors),
        ),
  );
}
