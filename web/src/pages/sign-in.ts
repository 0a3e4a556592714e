import { post } from '../api.js';
import { h } from '../dom.js';
import type { Ctx, Page } from '../main.js';
import { t } from '../i18n.js';
import type { Principal } from '../types.js';
import { button, field, input, onSubmit } from '../ui.js';

/** Sign in with an account and password; the session is an HttpOnly cookie the API sets. */
export const page: Page = {
  title: () => t('signIn.title'),
  render(ctx: Ctx) {
    const next = ctx.query.get('next');
    const account = input('account', {
      autocomplete: 'username',
      required: true,
      autocapitalize: 'none',
      spellcheck: 'false',
    });
    const password = input('password', { type: 'password', autocomplete: 'current-password', required: true });
    const form = onSubmit(
      h(
        'form',
        { novalidate: true, 'aria-labelledby': 'sign-in-title' },
        field(t('signIn.account'), account),
        field(t('signIn.password'), password),
        button(t('signIn.submit'), { class: 'btn', style: 'width:100%' }),
      ),
      async () => {
        await post<{ principal?: Principal }>('/v1/sessions', {
          account: account.value.trim(),
          password: password.value,
        });
        await ctx.reload(next && next.startsWith('/') && next !== '/sign-in' ? next : '/');
      },
      { account: t('signIn.account.missing'), password: t('signIn.password.missing') },
    );
    return h(
      'div',
      { class: 'sign-in' },
      h(
        'section',
        { class: 'card' },
        h('h1', { id: 'sign-in-title', tabindex: -1 }, t('signIn.heading')),
        h('p', { class: 'muted' }, t('signIn.lead')),
        form,
      ),
      h('p', { class: 'footer-note' }, t('signIn.gotCode'), ' ', h('a', { href: '#/enrol' }, t('signIn.enrol'))),
      h(
        'p',
        { class: 'footer-note', style: 'margin-top:8px' },
        t('signIn.public.before'),
        h('a', { href: '#/public' }, t('signIn.public.link')),
        t('signIn.public.after'),
      ),
    );
  },
};
