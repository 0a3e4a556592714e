/**
 * A notice opened from the link of its e-mail (docs/email.md): `#/notices/{id}?t=TOKEN`. The
 * token, posted to the API, shows this one notice and records its receipt; appealing needs sign-in.
 */
import { post, seg } from '../api.js';
import { card, h, pageHead, pill } from '../dom.js';
import { indexRecords, noticeView } from '../explain.js';
import { dateTime } from '../format.js';
import { currentLocale, t } from '../i18n.js';
import type { Ctx, Page } from '../main.js';
import type { OpenedNotice } from '../types.js';
import { errorBox, stateName, stateTone } from '../ui.js';

export function page(ctx: Ctx): Page {
  return {
    title: () => t('noticeLink.title'),
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
          pageHead(t('noticeLink.title')),
          errorBox(err, t('noticeLink.failed')),
          h('p', null, t('noticeLink.signInLead')),
          h('a', { class: 'btn', href: '#/sign-in?next=/me/notices' }, t('nav.signIn')),
        );
      }
      const l = opened.listing;
      const title = opened.notice.translations?.[currentLocale()]?.listTitle ?? l.listTitle;
      return h(
        'div',
        null,
        pageHead(
          t('noticeLink.title'),
          h('span', null, title, ' ', pill(stateName(l.state), stateTone(l.state, l.listType))),
        ),
        card(
          t('noticeLink.received'),
          h(
            'p',
            null,
            h(
              'strong',
              null,
              t('noticeLink.receivedOn', {
                at: dateTime(l.receivedAt),
                effect: l.state === 'noticed' ? 'yes' : 'no',
                effectAt: dateTime(l.effectAt),
              }),
            ),
          ),
          h('p', null, t('noticeLink.toAppeal')),
          h('a', { class: 'btn', href: '#/sign-in?next=/me/notices' }, t('noticeLink.signIn')),
        ),
        noticeView(opened.notice, indexRecords([]), { you: true, listing: l.id }),
      );
    },
  };
}
