import { get } from '../api.js';
import { card, h, pageHead, pill, table } from '../dom.js';
import { date, span } from '../format.js';
import type { Ctx, Page } from '../main.js';
import type { QueuedAppeal, ReviewQueue } from '../types.js';

const DAY = 86_400_000;

function left(a: QueuedAppeal): HTMLElement {
  if (a.late) return pill('late appeal: sanctions apply', 'bad');
  if (a.timeLeftMs <= 0) return pill('overdue: sanctions suspended meanwhile', 'warn');
  return pill(`${span(a.timeLeftMs)} left`, a.timeLeftMs < 2 * DAY ? 'warn' : 'good');
}

/** The reviewer queue: open appeals by deadline with time left, then disputes in the order filed. */
export function page(ctx: Ctx): Page {
  return {
    title: 'Review queue',
    async render() {
      if (ctx.me.type !== 'staff' || !ctx.me.roles.includes('reviewer')) {
        return h(
          'div',
          null,
          pageHead('Review queue', 'The queue is for reviewers of an authority.'),
          ctx.me.type === 'anonymous' ? h('a', { class: 'btn', href: '#/sign-in?next=/review' }, 'Sign in') : null,
        );
      }
      const q = await get<ReviewQueue>('/v1/review/queue');
      const urgent = q.appeals.filter((a) => !a.late && a.timeLeftMs > 0 && a.timeLeftMs < 2 * DAY).length;
      return h(
        'div',
        null,
        pageHead(
          'Review queue',
          `${ctx.me.authority}: appeals ordered by deadline — the instant the sanctions would take effect — and record disputes in the order filed. A human decides every case, with written reasons.`,
        ),
        h(
          'div',
          { class: 'kpis' },
          h(
            'div',
            { class: 'kpi' },
            h('div', { class: 'v' }, String(q.appeals.length)),
            h('div', { class: 'k' }, 'open appeals'),
          ),
          h(
            'div',
            { class: 'kpi' },
            h('div', { class: 'v' }, String(urgent)),
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
          table(
            ['deadline', 'time left', 'case', 'subject', 'filed'],
            q.appeals.map((a) => [
              h('span', { class: 'deadline' }, date(a.deadline)),
              left(a),
              h('a', { href: `#/review/appeal/${a.id}` }, `Appeal #${a.id} · listing ${a.listing}`),
              h('code', null, a.subject),
              date(a.filedAt),
            ]),
            { empty: 'No open appeals. Well done.' },
          ),
        ),
        card(
          'Record disputes',
          table(
            ['filed', 'case', 'record', 'subject'],
            q.disputes.map((d) => [
              date(d.filedAt),
              h('a', { href: `#/review/dispute/${d.id}` }, `Dispute #${d.id}`),
              h('code', null, d.key),
              h('code', null, d.subject),
            ]),
            { empty: 'No open disputes.' },
          ),
        ),
      );
    },
  };
}
