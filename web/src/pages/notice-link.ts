/**
 * A notice opened from the link of its e-mail (docs/email.md): `#/notices/{id}?t=TOKEN`. The
 * token, posted to the API, shows this one notice and records its receipt; appealing needs sign-in.
 */
import { post, seg } from '../api.js';
import { card, h, pageHead, pill } from '../dom.js';
import { indexRecords, noticeView } from '../explain.js';
import { dateTime } from '../format.js';
import type { Ctx, Page } from '../main.js';
import type { OpenedNotice } from '../types.js';
import { errorBox, stateTone } from '../ui.js';

export function page(ctx: Ctx): Page {
  return {
    title: 'Your notice',
    async render() {
      const id = ctx.params[0] ?? '';
      const token = ctx.query.get('t') ?? '';
      let opened: OpenedNotice;
      try {
        opened = await post<OpenedNotice>(`/v1/notice-links/${seg(id)}`, { token });
      } catch (err) {
        return h(
          'div',
          null,
          pageHead('Your notice'),
          errorBox(err, 'This link does not open a notice'),
          h('p', null, 'Sign in to read all your notices in your file.'),
          h('a', { class: 'btn', href: '#/sign-in?next=/me/notices' }, 'Sign in'),
        );
      }
      const l = opened.listing;
      return h(
        'div',
        null,
        pageHead('Your notice', h('span', null, l.listTitle, ' ', pill(l.state, stateTone(l.state, l.listType)))),
        card(
          'Received',
          h(
            'p',
            null,
            h(
              'strong',
              null,
              l.state === 'noticed'
                ? `You received this notice on ${dateTime(l.receivedAt)}. It takes effect on ${dateTime(l.effectAt)} unless you appeal before then.`
                : `You received this notice on ${dateTime(l.receivedAt)}.`,
            ),
          ),
          h('p', null, 'To appeal, dispute a record or see your whole file, sign in.'),
          h('a', { class: 'btn', href: '#/sign-in?next=/me/notices' }, 'Sign in to appeal'),
        ),
        noticeView(opened.notice, indexRecords([]), { you: true, listing: l.id }),
      );
    },
  };
}
