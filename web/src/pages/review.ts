import { get, post, qs } from '../api.js';
import { card, h, pageHead, pill, table } from '../dom.js';
import { date, num, span } from '../format.js';
import { t } from '../i18n.js';
import type { Ctx, Page } from '../main.js';
import type { QueuedAppeal, ReviewQueue, SecondInstance } from '../types.js';
import { listTitlesOf, stateWord } from '../staff-text.js';
import { button, field, onSubmit, textarea } from '../ui.js';

const DAY = 86_400_000;
const PAGE = 25;

interface Chosen {
  readonly state: string;
  readonly list: string;
  readonly due: string;
}

const href = (c: Chosen, offset = 0): string =>
  `#/review${qs({ state: c.state === 'pending' ? '' : c.state, list: c.list, due: c.due, offset: offset || '' })}`;

function select(name: string, label: string, options: readonly (readonly [string, string])[], value: string) {
  const el = h(
    'select',
    { name, 'aria-label': label },
    options.map(([v, text]) => h('option', v === value ? { value: v, selected: true } : { value: v }, text)),
  );
  return h('label', { class: 'small' }, `${label} `, el);
}

/** State, list and due-date filters: each change reloads the queue from its first page. */
function filters(q: ReviewQueue, c: Chosen, titles: ReadonlyMap<string, string>): HTMLElement {
  const form = h(
    'form',
    { class: 'row', 'data-queue-filters': '' },
    select(
      'state',
      t('review.filter.state'),
      [
        ['pending', stateWord('pending')],
        ['upheld', stateWord('upheld')],
        ['overturned', stateWord('overturned')],
      ],
      c.state,
    ),
    select(
      'list',
      t('review.filter.list'),
      [['', t('review.filter.everyList')], ...q.lists.map((l) => [l.id, titles.get(l.id) ?? l.title] as const)],
      c.list,
    ),
    select(
      'due',
      t('review.filter.due'),
      [
        ['', t('review.filter.anyTime')],
        ['0', t('review.filter.overdue')],
        ['1', t('review.filter.day')],
        ['7', t('review.filter.week')],
      ],
      c.due,
    ),
  );
  form.addEventListener('change', () => {
    const value = (name: string): string => {
      const v = new FormData(form).get(name);
      return typeof v === 'string' ? v : '';
    };
    location.hash = href({ state: value('state') || 'pending', list: value('list'), due: value('due') }).slice(1);
  });
  return form;
}

function pager(q: ReviewQueue, c: Chosen): HTMLElement | null {
  if (q.total <= q.limit) return null;
  const last = Math.min(q.offset + q.appeals.length, q.total);
  return h(
    'p',
    { class: 'row', 'data-pager': '' },
    q.offset > 0
      ? h('a', { class: 'btn', href: href(c, Math.max(0, q.offset - q.limit)) }, t('review.previous'))
      : null,
    ` ${t('review.range', { first: q.offset + 1, last, total: q.total })} `,
    last < q.total ? h('a', { class: 'btn', href: href(c, q.offset + q.limit) }, t('review.next')) : null,
  );
}

function left(a: QueuedAppeal): HTMLElement {
  if (a.late) return pill(t('review.late'), 'bad');
  if (a.timeLeftMs <= 0) return pill(t('review.overdueSuspended'), 'warn');
  return pill(t('time.left', { span: span(a.timeLeftMs) }), a.timeLeftMs < 2 * DAY ? 'warn' : 'good');
}

/** A second instance's decision, in place: outcome, written reasons (SPEC §6). */
function secondInstanceForm(s: SecondInstance, ctx: Ctx): HTMLElement {
  const reasons = textarea('reasons', { required: true, rows: 3, maxlength: 10000 });
  reasons.id = `second-${s.id}-reasons`;
  const outcome = h(
    'select',
    { name: 'outcome', id: `second-${s.id}-outcome` },
    h('option', { value: 'uphold' }, t('review.second.uphold')),
    h('option', { value: 'overturn' }, t('review.second.overturn')),
  );
  return onSubmit(
    h(
      'form',
      { 'aria-label': t('review.second.form', { id: s.id }), 'data-second-instance': String(s.id) },
      field(t('review.outcome'), outcome),
      field(t('review.reasons'), reasons, t('review.reasons.hint')),
      button(t('review.decide')),
    ),
    async () => {
      await post<SecondInstance>(`/v1/second-instances/${s.id}/decision`, {
        outcome: outcome.value,
        reasons: reasons.value,
      });
      await ctx.reload();
    },
    { reasons: t('review.reasons.missing') },
  );
}

/** The second-instance queue: cases your authority decides, as appeal body or (none named) as a reviewer who was not in the first decision. */
function secondInstances(rows: readonly SecondInstance[], ctx: Ctx): HTMLElement {
  return card(
    t('review.second'),
    table(
      [
        t('review.col.deadline'),
        t('review.col.case'),
        t('review.col.subject'),
        t('review.col.from'),
        t('review.col.says'),
        t('review.col.decide'),
      ],
      rows.map((s) => [
        h('span', { class: 'deadline' }, date(s.deadline)),
        h(
          'span',
          null,
          `${t('review.second.case', { id: s.id, appeal: s.appeal, listing: s.listing })} `,
          s.suspends ? pill(t('review.second.suspends'), 'warn') : pill(t('review.second.applies'), 'bad'),
        ),
        h('code', null, s.subject),
        s.reviewers === s.authority ? s.authority : t('review.second.body', { authority: s.authority }),
        h('q', null, s.statement),
        secondInstanceForm(s, ctx),
      ]),
      { empty: t('review.second.none') },
    ),
  );
}

/** The reviewer queue: open appeals by deadline with time left, then disputes in the order filed. */
export function page(ctx: Ctx): Page {
  return {
    title: () => t('nav.review'),
    async render() {
      if (ctx.me.type !== 'staff' || !ctx.me.roles.includes('reviewer')) {
        return h(
          'div',
          null,
          pageHead(t('nav.review'), t('review.reviewersOnly')),
          ctx.me.type === 'anonymous'
            ? h('a', { class: 'btn', href: '#/sign-in?next=/review' }, t('nav.signIn'))
            : null,
        );
      }
      const state = ctx.query.get('state') ?? 'pending';
      const list = ctx.query.get('list') ?? '';
      const due = ctx.query.get('due') ?? '';
      const offset = Math.max(0, Number(ctx.query.get('offset') ?? 0) || 0);
      // The urgency counts cover the whole queue (not this page): overdue first, then due within two days.
      const count = (days: number): Promise<number | null> =>
        state === 'pending'
          ? get<ReviewQueue>(`/v1/review/queue${qs({ list, dueWithinDays: days, limit: 1 })}`).then(
              (r) => r.total,
              () => null,
            )
          : Promise.resolve(null);
      const [q, overdue, withinTwo, seconds, titles] = await Promise.all([
        get<ReviewQueue>(`/v1/review/queue${qs({ state, list, dueWithinDays: due, offset, limit: PAGE })}`),
        count(0),
        count(2),
        get<SecondInstance[]>('/v1/review/second-instances'),
        listTitlesOf(ctx.me.authority).catch(() => new Map<string, string>()),
      ]);
      const urgent = overdue !== null && withinTwo !== null ? withinTwo - overdue : null;
      return h(
        'div',
        null,
        pageHead(
          t('nav.review'),
          t('review.lead', { authority: ctx.me.authority }),
          h('a', { class: 'btn secondary', href: '#/review/reports' }, t('review.reportsLink')),
        ),
        h(
          'div',
          { class: 'kpis' },
          h(
            'div',
            { class: 'kpi' },
            h('div', { class: 'v' }, num(q.total)),
            h('div', { class: 'k' }, t('review.kpi.appeals', { state, filtered: list || due ? 'yes' : 'no' })),
          ),
          h(
            'div',
            { class: 'kpi', 'data-kpi': 'overdue' },
            h('div', { class: 'v' }, overdue === null ? '—' : num(overdue)),
            h('div', { class: 'k' }, t('review.kpi.overdue')),
          ),
          h(
            'div',
            { class: 'kpi', 'data-kpi': 'due-soon' },
            h('div', { class: 'v' }, urgent === null ? '—' : num(urgent)),
            h('div', { class: 'k' }, t('review.kpi.soon')),
          ),
          h(
            'div',
            { class: 'kpi' },
            h('div', { class: 'v' }, num(q.disputes.length)),
            h('div', { class: 'k' }, t('review.kpi.disputes')),
          ),
        ),
        card(
          t('review.appeals'),
          filters(q, { state, list, due }, titles),
          table(
            [
              t('review.col.deadline'),
              t('review.col.left'),
              t('review.col.case'),
              t('review.col.list'),
              t('review.col.subject'),
              t('review.col.filed'),
            ],
            q.appeals.map((a) => [
              h('span', { class: 'deadline' }, date(a.deadline)),
              a.state === 'pending' ? left(a) : pill(stateWord(a.state), a.state === 'overturned' ? 'good' : 'neutral'),
              h('a', { href: `#/review/appeal/${a.id}` }, t('review.appealCase', { id: a.id, listing: a.listing })),
              titles.get(a.list) ?? a.listTitle,
              h('code', null, a.subject),
              date(a.filedAt),
            ]),
            { empty: state === 'pending' && !list && !due ? t('review.appeals.none') : t('review.appeals.noMatch') },
          ),
          pager(q, { state, list, due }),
        ),
        secondInstances(seconds, ctx),
        card(
          t('review.disputes'),
          table(
            [
              t('review.col.filed'),
              t('review.col.case'),
              t('review.col.record'),
              t('review.col.subject'),
              t('review.col.decideBy'),
            ],
            q.disputes.map((d) => [
              date(d.filedAt),
              h('a', { href: `#/review/dispute/${d.id}` }, t('review.disputeCase', { id: d.id })),
              h('span', null, h('code', null, d.key), ' ', pill(t('review.disputed'), 'info')),
              h('code', null, d.subject),
              d.overdue
                ? h('span', null, date(d.deadline), ' ', pill(t('review.dispute.overdue'), 'bad'))
                : date(d.deadline),
            ]),
            { empty: t('review.disputes.none') },
          ),
        ),
      );
    },
  };
}
