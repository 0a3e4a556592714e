import { get, seg } from '../api.js';
import { gradeColors, lineChart } from '../charts.js';
import { card, facts, h, loading, mount, pageHead, pill } from '../dom.js';
import {
  contributionList,
  indexRecords,
  listConditions,
  noticeView,
  ruleErrors,
  type RecordIndex,
} from '../explain.js';
import { dateTime, num, timeLeft, words } from '../format.js';
import { t } from '../i18n.js';
import type { Ctx, Page } from '../main.js';
import { condition, pointsText } from '../scheme-text.js';
import type { ConsoleScheme, ConsoleSubject, Listing, ListingWithNotice, RecordView, SchemeDoc } from '../types.js';
import { endReasonWord, listTitle, schemeText, stateWord } from '../staff-text.js';
import { errorBox, gradeBadge, stateTone } from '../ui.js';
import { subjectSearch } from './console.js';

/** Runs `jobs` with at most `n` at a time (the browser queues beyond six per host anyway). */
export async function pool<T>(jobs: readonly (() => Promise<T>)[], n = 6): Promise<T[]> {
  const out: T[] = new Array<T>(jobs.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, jobs.length) }, async () => {
      while (next < jobs.length) {
        const i = next++;
        out[i] = await jobs[i]!();
      }
    }),
  );
  return out;
}

/** Records of the staff member's own authority that an explanation rests on (other authorities' records are theirs to show). */
export async function readRecords(
  authority: string,
  refs: readonly { authority: string; key: string }[],
): Promise<Map<string, RecordView>> {
  const mine = [
    ...new Map(refs.filter((r) => r.authority === authority).map((r) => [`${r.authority}/${r.key}`, r])).values(),
  ].slice(0, 60);
  const got = await pool(
    mine.map((r) => () => get<RecordView>(`/v1/records/${seg(r.authority)}/${seg(r.key)}`).catch(() => null)),
  );
  return indexRecords(got.filter((r): r is RecordView => r !== null));
}

function schemeSection(subject: string, v: ConsoleScheme, records: RecordIndex): HTMLElement {
  const now = v.explanation;
  const heading = h(
    'span',
    null,
    schemeText(v.content, 'title', v.title ?? words(v.scheme)),
    ' ',
    h('small', null, t('subject.schemeLine', { scheme: v.scheme, version: v.version })),
  );
  if (!now.judged) {
    return card(
      heading,
      h('p', { class: 'muted' }, now.notJudged === 'no-consent' ? t('subject.noConsent') : t('subject.notJudged')),
    );
  }
  const doc = v.content;
  const colors = gradeColors(doc.grades.map((g) => g.id));
  const ruleText = new Map(
    doc.rules.map((r) => [r.id, t('subject.ruleText', { points: pointsText(r.points), when: condition(r.when) })]),
  );
  const listTitles = new Map(doc.lists.map((l) => [l.id, listTitle(doc, l.id)]));
  const pts = v.history
    .filter((p): p is { at: string; score: number } => p.score !== null)
    .map((p) => ({ x: Date.parse(p.at), y: p.score }));
  const bands = doc.grades.filter((g) => g.min !== undefined).map((g) => ({ from: g.min!, label: g.id }));
  return card(
    heading,
    h(
      'div',
      { class: 'score-head' },
      gradeBadge(now.grade, now.grade ? colors[now.grade] : undefined),
      h(
        'div',
        null,
        h('div', { class: 'score' }, num(now.score)),
        h('div', { class: 'small muted' }, t('subject.scoreNow', { base: doc.score.base })),
      ),
      h('div', { class: 'small muted' }, t('subject.considered', { n: now.candidates, version: now.version })),
    ),
    h('h3', null, t('subject.twoYears')),
    h(
      'div',
      null,
      lineChart(
        t('subject.chart', { subject, scheme: v.scheme }),
        [{ label: t('subject.chart.series'), points: pts, color: '#1d4e89' }],
        {
          bands,
          step: false,
        },
      ),
    ),
    h('h3', null, t('subject.contributions')),
    contributionList(now.contributions, records, { ruleText }),
    ruleErrors(now.errors),
    now.listConditions.length
      ? [h('h3', null, t('console.lists')), listConditions(now.listConditions, listTitles, records)]
      : null,
  );
}

function listingRow(l: Listing, docs: ReadonlyMap<string, SchemeDoc>): HTMLElement {
  const body = h('div', null, loading(t('subject.loadingNotice')));
  const left = l.state === 'noticed' ? timeLeft(l.effectAt) : null;
  const d = h(
    'details',
    { class: 'listing' },
    h(
      'summary',
      null,
      h(
        'span',
        { class: 'row', style: 'display:inline-flex' },
        t('subject.listing', { id: l.id, title: listTitle(docs.get(l.scheme), l.list, l.listTitle), scheme: l.scheme }),
        pill(stateWord(l.state), stateTone(l.state, l.listType)),
        l.appealed ? pill(t('subject.appealed'), 'info') : null,
        left ? pill(left.text, left.tone) : null,
      ),
    ),
    body,
  );
  let loaded = false;
  d.addEventListener('toggle', () => {
    if (!d.open || loaded) return;
    loaded = true;
    get<ListingWithNotice>(`/v1/listings/${l.id}`)
      .then(async (full) => {
        const records = full.notice
          ? await readRecords(full.authority, full.notice.facts.contributions)
          : new Map<string, RecordView>();
        mount(
          body,
          facts([
            [t('subject.noticed'), dateTime(full.noticedAt)],
            [t('decisions.effect'), dateTime(full.effectAt)],
            [t('subject.activeSince'), full.activeSince ? dateTime(full.activeSince) : null],
            [
              t('subject.ended'),
              full.endedAt
                ? `${dateTime(full.endedAt)}${t('case.endReason', { reason: endReasonWord(full.endReason ?? '') })}`
                : null,
            ],
          ]),
          full.notice
            ? noticeView(full.notice, records, { listing: full.id })
            : h('p', { class: 'muted' }, t('subject.redlist')),
          full.appeal
            ? h(
                'div',
                null,
                h('h3', null, t('subject.appeal')),
                h('p', { class: 'statement' }, full.appeal.statement),
                h(
                  'p',
                  null,
                  pill(stateWord(full.appeal.state), stateTone(full.appeal.state)),
                  ' ',
                  full.appeal.reasons ?? '',
                  full.appeal.state === 'pending'
                    ? h('a', { href: `#/review/appeal/${full.appeal.id}` }, ` ${t('subject.openCase')}`)
                    : '',
                ),
              )
            : null,
        );
      })
      .catch((err: unknown) => body.replaceChildren(errorBox(err)));
  });
  return d;
}

/** A subject as its authority's staff see it: scores over time, every contribution, listings and notices. */
export function page(ctx: Ctx): Page {
  const subject = ctx.params[0] ?? '';
  return {
    title: subject,
    async render() {
      if (ctx.me.type !== 'staff') return h('div', null, pageHead(t('subject.title'), t('subject.staffOnly')));
      const me = ctx.me;
      // One request for the whole page: explanations, score histories, the records they rest on, listings.
      const view = await get<ConsoleSubject>(`/v1/console/subjects/${seg(subject)}`);
      const records = indexRecords(view.records);
      const docs = new Map(view.schemes.map((v) => [v.scheme, v.content] as const));
      return h(
        'div',
        null,
        h('div', { class: 'crumbs' }, h('a', { href: '#/console' }, t('nav.console')), ` / ${t('subject.crumb')}`),
        pageHead(subject, t('subject.lead', { authority: me.authority })),
        h(
          'div',
          { class: 'grid-2' },
          h(
            'div',
            null,
            view.schemes.map((v) => schemeSection(subject, v, records)),
          ),
          h(
            'div',
            null,
            card(
              t('subject.listings'),
              view.listings.length === 0
                ? h('p', { class: 'empty' }, t('subject.neverListed', { authority: me.authority }))
                : h(
                    'div',
                    { class: 'stack' },
                    [...view.listings].reverse().map((l) => listingRow(l, docs)),
                  ),
            ),
            card(t('subject.another'), subjectSearch()),
          ),
        ),
      );
    },
  };
}
