import { get, post, qs } from '../api.js';
import { card, h, pageHead, pill, table } from '../dom.js';
import { date, span } from '../format.js';
import type { Ctx, Page } from '../main.js';
import type { QueuedAppeal, ReviewQueue, SecondInstance } from '../types.js';
import { button, field, onSubmit, textarea } from '../ui.js';
import { t } from '../i18n.js';

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
function filters(q: ReviewQueue, c: Chosen): HTMLElement {
  const form = h(
    'form',
    { class: 'row', 'data-queue-filters': '' },
    select(
      'state',
      'State',
      [
        ['pending', 'pending'],
        ['upheld', 'upheld'],
        ['overturned', 'overturned'],
      ],
      c.state,
    ),
    select('list', 'List', [['', 'every list'], ...q.lists.map((l) => [l.id, l.title] as const)], c.list),
    select(
      'due',
      'Due',
      [
        ['', 'any time'],
        ['0', 'overdue'],
        ['1', 'within a day'],
        ['7', 'within a week'],
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
    q.offset > 0 ? h('a', { class: 'btn', href: href(c, Math.max(0, q.offset - q.limit)) }, 'Previous') : null,
    ` ${q.offset + 1}–${last} of ${q.total} `,
    last < q.total ? h('a', { class: 'btn', href: href(c, q.offset + q.limit) }, 'Next') : null,
  );
}

function left(a: QueuedAppeal): HTMLElement {
  if (a.late) return pill('late appeal: sanctions apply', 'bad');
  if (a.timeLeftMs <= 0) return pill('overdue: sanctions suspended meanwhile', 'warn');
  return pill(`${span(a.timeLeftMs)} left`, a.timeLeftMs < 2 * DAY ? 'warn' : 'good');
}

/** A second instance's decision, in place: outcome, written reasons (SPEC §6). */
function secondInstanceForm(s: SecondInstance, ctx: Ctx): HTMLElement {
  const reasons = textarea('reasons', { required: true, rows: 3, maxlength: 10000 });
  reasons.id = `second-${s.id}-reasons`;
  const outcome = h(
    'select',
    { name: 'outcome', id: `second-${s.id}-outcome` },
    h('option', { value: 'uphold' }, 'Uphold: the listing continues'),
    h('option', { value: 'overturn' }, 'Overturn: end the listing and tell the relying parties'),
  );
  return onSubmit(
    h(
      'form',
      { 'aria-label': `Decide second instance ${s.id}`, 'data-second-instance': String(s.id) },
      field('Outcome', outcome),
      field('Reasons', reasons, 'The subject receives them.'),
      button('Decide'),
    ),
    async () => {
      await post<SecondInstance>(`/v1/second-instances/${s.id}/decision`, {
        outcome: outcome.value,
        reasons: reasons.value,
      });
      await ctx.reload();
    },
    { reasons: 'Write your reasons before you decide.' },
  );
}

/** The second-instance queue: cases your authority decides, as appeal body or (none named) as a reviewer who was not in the first decision. */
function secondInstances(rows: readonly SecondInstance[], ctx: Ctx): HTMLElement {
  return card(
    'Second instances',
    table(
      ['deadline', 'case', 'subject', 'from', 'the subject says', 'decide'],
      rows.map((s) => [
        h('span', { class: 'deadline' }, date(s.deadline)),
        h(
          'span',
          null,
          `Second instance #${s.id} · appeal ${s.appeal} · listing ${s.listing} `,
          s.suspends ? pill('suspended meanwhile', 'warn') : pill('sanctions apply meanwhile', 'bad'),
        ),
        h('code', null, s.subject),
        s.reviewers === s.authority ? s.authority : `${s.authority} (you are its appeal body)`,
        h('q', null, s.statement),
        secondInstanceForm(s, ctx),
      ]),
      { empty: 'No second instance waits for your authority.' },
    ),
  );
}

/** The reviewer queue: open appeals by deadline with time left, then disputes in the order filed. */
export function page(ctx: Ctx): Page {
  return {
    title: 'Review queue',
    englishOnly: true,
    async render() {
      if (ctx.me.type !== 'staff' || !ctx.me.roles.includes('reviewer')) {
        return h(
          'div',
          null,
          pageHead('Review queue', 'The queue is for reviewers of an authority.'),
          ctx.me.type === 'anonymous' ? h('a', { class: 'btn', href: '#/sign-in?next=/review' }, 'Sign in') : null,
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
      const [q, overdue, withinTwo, seconds] = await Promise.all([
        get<ReviewQueue>(`/v1/review/queue${qs({ state, list, dueWithinDays: due, offset, limit: PAGE })}`),
        count(0),
        count(2),
        get<SecondInstance[]>('/v1/review/second-instances'),
      ]);
      const urgent = overdue !== null && withinTwo !== null ? withinTwo - overdue : null;
      return h(
        'div',
        null,
        pageHead(
          'Review queue',
          `${ctx.me.authority}: appeals ordered by deadline — the instant the sanctions would take effect — and record disputes in the order filed. A human decides every case, with written reasons.`,
          h('a', { class: 'btn secondary', href: '#/review/reports' }, t('review.reportsLink')),
        ),
        h(
          'div',
          { class: 'kpis' },
          h(
            'div',
            { class: 'kpi' },
            h('div', { class: 'v' }, String(q.total)),
            h('div', { class: 'k' }, `${state} appeals${list || due ? ' (filtered)' : ''}`),
          ),
          h(
            'div',
            { class: 'kpi', 'data-kpi': 'overdue' },
            h('div', { class: 'v' }, overdue === null ? '—' : String(overdue)),
            h('div', { class: 'k' }, 'overdue'),
          ),
          h(
            'div',
            { class: 'kpi', 'data-kpi': 'due-soon' },
            h('div', { class: 'v' }, urgent === null ? '—' : String(urgent)),
            h('div', { class: 'k' }, 'due within two days'),
          ),
          h(
            'div',
            { class: 'kpi' },
            h('div', { class: 'v' }, String(q.disputes.length)),
            h('div', { class: 'k' }, 'open disputes'),
          ),
        ),
        card(
          'Appeals',
          filters(q, { state, list, due }),
          table(
            ['deadline', 'time left', 'case', 'list', 'subject', 'filed'],
            q.appeals.map((a) => [
              h('span', { class: 'deadline' }, date(a.deadline)),
              a.state === 'pending' ? left(a) : pill(a.state, a.state === 'overturned' ? 'good' : 'neutral'),
              h('a', { href: `#/review/appeal/${a.id}` }, `Appeal #${a.id} · listing ${a.listing}`),
              a.listTitle,
              h('code', null, a.subject),
              date(a.filedAt),
            ]),
            { empty: state === 'pending' && !list && !due ? 'No open appeals. Well done.' : 'No appeal matches.' },
          ),
          pager(q, { state, list, due }),
        ),
        secondInstances(seconds, ctx),
        card(
          'Record disputes',
          table(
            ['filed', 'case', 'record', 'subject', 'decide by'],
            q.disputes.map((d) => [
              date(d.filedAt),
              h('a', { href: `#/review/dispute/${d.id}` }, `Dispute #${d.id}`),
              h('span', null, h('code', null, d.key), ' ', pill('disputed', 'info')),
              h('code', null, d.subject),
              d.overdue
                ? h('span', null, date(d.deadline), ' ', pill('overdue: not counted', 'bad'))
                : date(d.deadline),
            ]),
            { empty: 'No open disputes.' },
          ),
        ),
      );
    },
  };
}
