/** Every point explained in words: which record, which rule, how many points, and any cap. */
import { h, pill, type Child } from './dom.js';
import { date, duration, points, words, listName } from './format.js';
import { currentLocale, t } from './i18n.js';
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
  return t('ui.explain.sentence', {
    date: date(r.occurredAt),
    authority: r.authority,
    kind: words(r.kind),
    hasData: d ? 'yes' : 'no',
    data: d,
  });
}

/** The contributions of an evaluation, biggest effect first, each as a sentence. */
export function contributionList(
  contributions: readonly Contribution[],
  records: RecordIndex,
  options: { ruleText?: ReadonlyMap<string, Child> } = {},
): HTMLElement {
  if (contributions.length === 0) return h('p', { class: 'empty' }, t('ui.explain.none'));
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
          { class: 'rule-sums', 'aria-label': t('ui.explain.byRule') },
          [...byRule.entries()]
            .sort((a, b) => a[1].sum - b[1].sum)
            .map(([rule, r]) =>
              h(
                'li',
                null,
                h('span', { class: `pts ${r.sum < 0 ? 'neg' : r.sum > 0 ? 'pos' : ''}` }, points(r.sum)),
                t('ui.explain.ruleSum', { rule: words(rule), n: r.n }),
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
            h('div', null, r ? recordSentence(r) : t('ui.explain.recordOf', { authority: c.authority, key: c.key })),
            h(
              'div',
              { class: 'meta' },
              t('ui.explain.rule', { rule: words(c.rule) }),
              rule ? [' — ', rule] : '',
              c.capped !== c.points
                ? t('ui.explain.capped', { before: points(c.points), after: points(c.capped) })
                : t('ui.explain.end'),
              t('ui.explain.record'),
              h('code', null, c.key),
              r?.retracted ? [' ', pill(t('ui.retracted'), 'good')] : '',
              r?.disputed ? [' ', pill(r.disputed.overdue ? t('ui.disputedOverdue') : t('ui.disputed'), 'info')] : '',
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
    h('h4', null, t('ui.explain.alsoSee')),
    h(
      'ul',
      { class: 'list-plain' },
      others.map((ref) => {
        const r = records.get(ref);
        return h(
          'li',
          null,
          r ? recordSentence(r) : t('ui.explain.recordOfShort', { authority: ref.slice(0, ref.indexOf('/')) }),
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
    h('strong', null, t('ui.explain.ruleErrors')),
    h(
      'ul',
      null,
      errors.map((e) =>
        h(
          'li',
          null,
          t('ui.explain.ruleError', {
            rule: words(e.rule),
            site: e.site,
            hasKey: e.key ? 'yes' : 'no',
            key: e.key ?? '',
            message: e.message,
          }),
        ),
      ),
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
        r ? recordSentence(r) : t('ui.explain.recordOfEnd', { authority: ref.slice(0, ref.indexOf('/')) }),
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
            ? pill(t('ui.explain.cond.error', { error: v.error }), 'warn')
            : v.value
              ? pill(v.records?.length ? t('ui.explain.cond.through') : t('ui.explain.cond.holds'), 'bad')
              : pill(t('ui.explain.cond.not'), 'good'),
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
  // The scheme's own translations of its texts, where it gave them; the rest stays in its English.
  const tr = n.translations?.[currentLocale()];
  const title = tr?.listTitle ?? listName(n.list.id, n.list.title);
  return h(
    'div',
    { class: 'stack' },
    h(
      'p',
      null,
      t('notice.placed', {
        authority: n.authority,
        who: options.you ? 'you' : 'other',
        subject: n.subject,
        type: t(
          `listType.${n.list.type === 'redlist' ? 'redlist' : n.list.type === 'watchlist' ? 'watchlist' : 'blacklist'}`,
        ),
        title,
        scheme: n.scheme,
        version: String(n.version),
        date: date(n.noticedAt),
      }),
      ' ',
      n.automatedDetection === undefined
        ? n.automated
          ? t('notice.automated')
          : ''
        : t('notice.detected', {
            detection: n.automatedDetection ? 'auto' : 'person',
            decision: n.automatedDecision ? 'auto' : 'person',
          }),
    ),
    h(
      'p',
      null,
      h('strong', null, t('notice.why')),
      ' ',
      t('notice.appliesWhen'),
      ' ',
      // In the page's words where scheme-text.ts knows the form; CEL otherwise.
      condition(n.list.condition),
      t('notice.sentenceEnd'),
      ' ',
      t('notice.scoreAtTime', { score: String(n.facts.score ?? '—'), grade: n.facts.grade ?? t('grade.noneWord') }),
    ),
    (() => {
      const through = n.facts.listConditions.find((c) => c.id === n.list.id)?.records ?? [];
      return through.length
        ? h(
            'div',
            null,
            h('strong', null, t('notice.holdsThrough', { count: through.length })),
            matchedRecords(through, records),
          )
        : null;
    })(),
    n.sanctions.length
      ? h(
          'div',
          null,
          h('strong', null, t('notice.means')),
          h(
            'ul',
            null,
            n.sanctions.map((s, i) => {
              const justification = tr?.sanctions?.[i]?.justification ?? s.justification;
              const basis = tr?.sanctions?.[i]?.basis ?? s.basis;
              return h(
                'li',
                null,
                sanctionText(s),
                justification
                  ? h('div', { class: 'small muted' }, `${justification}${basis ? ` (${basis})` : ''}`)
                  : null,
              );
            }),
          ),
        )
      : h('p', null, t('notice.noSanctions')),
    n.ground
      ? h(
          'p',
          { class: 'small' },
          h('strong', null, n.ground.kind === 'legal' ? t('notice.groundLegal') : t('notice.groundContractual')),
          ' ',
          n.ground.kind === 'legal'
            ? (tr?.basis ?? n.ground.text)
            : t('notice.contractualText', { scheme: n.scheme, version: String(n.version), authority: n.authority }),
        )
      : n.basis
        ? h('p', { class: 'small' }, h('strong', null, t('notice.basis')), ' ', tr?.basis ?? n.basis)
        : null,
    // The restriction and the ways of redress are written by the server in English; in another language they are said again from their facts.
    n.scope
      ? h(
          'p',
          { class: 'small' },
          h('strong', null, t('notice.restriction')),
          ' ',
          currentLocale() === 'en'
            ? n.scope
            : t('notice.scope', {
                count: n.sanctions.length,
                effectAt: date(n.effectAt),
                term: n.termEndsAt ? 'yes' : 'no',
                termEndsAt: date(n.termEndsAt),
              }),
        )
      : null,
    n.redress?.length
      ? h(
          'div',
          { class: 'small' },
          h('strong', null, t('notice.redress')),
          h(
            'ul',
            null,
            n.redress.map((r) =>
              h(
                'li',
                null,
                r.kind === 'appeal'
                  ? t('notice.redress.appeal', { date: date(r.until ?? n.effectAt) })
                  : r.kind === 'second-instance'
                    ? t('notice.redress.second', { within: r.within ? duration(r.within) : '' })
                    : t('notice.redress.dispute', { within: r.within ? duration(r.within) : '' }),
                ' ',
                currentLocale() === 'en'
                  ? r.how
                  : r.kind === 'appeal'
                    ? t('notice.how.appeal', { listing: String(n.listing) })
                    : r.kind === 'second-instance'
                      ? t('notice.how.second', { authority: n.authority })
                      : t('notice.how.dispute'),
              ),
            ),
          ),
        )
      : null,
    Date.parse(n.effectAt) > Date.now()
      ? h(
          'p',
          { class: 'small' },
          h('strong', null, t('notice.takesEffect')),
          ' ',
          t('notice.takesEffect.text', { date: date(n.effectAt) }),
        )
      : h(
          'p',
          { class: 'small' },
          h('strong', null, t('notice.effectDate')),
          ' ',
          t('notice.effectDate.text', { date: date(n.effectAt) }),
        ),
    options.facts === false
      ? null
      : h(
          'details',
          null,
          h(
            'summary',
            null,
            t('notice.facts', { count: n.facts.contributions.length }),
            // Several notices on one page: each summary is named by its listing for a screen reader.
            h(
              'span',
              { class: 'sr-only' },
              t('notice.facts.which', {
                listing: options.listing === undefined ? 'none' : String(options.listing),
                title,
                date: date(n.noticedAt),
              }),
            ),
          ),
          h(
            'div',
            null,
            contributionList(n.facts.contributions, records),
            otherLiveRecords(n.facts.liveRecords, n.facts.contributions, records),
            ruleErrors(n.facts.errors),
          ),
        ),
  );
}
