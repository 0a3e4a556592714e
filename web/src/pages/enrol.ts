import { post } from '../api.js';
import { h } from '../dom.js';
import { t } from '../i18n.js';
import type { Ctx, Page } from '../main.js';
import { button, field, input, onSubmit } from '../ui.js';

/** A subject creates its account with the one-time code an authority gave it, then is signed in. */
export const page: Page = {
  title: () => t('enrol.title'),
  render(ctx: Ctx) {
    const code = input('code', {
      autocomplete: 'one-time-code',
      required: true,
      autocapitalize: 'characters',
      spellcheck: 'false',
    });
    const account = input('account', {
      autocomplete: 'username',
      required: true,
      autocapitalize: 'none',
      spellcheck: 'false',
    });
    const password = input('password', {
      type: 'password',
      autocomplete: 'new-password',
      required: true,
      minlength: '10',
    });
    const form = onSubmit(
      h(
        'form',
        { novalidate: true, 'aria-labelledby': 'enrol-title' },
        field(t('enrol.code'), code, t('enrol.code.hint')),
        field(t('enrol.account'), account, t('enrol.account.hint')),
        field(t('signIn.password'), password, t('enrol.password.hint')),
        button(t('enrol.submit'), { style: 'width:100%' }),
      ),
      async () => {
        await post('/v1/enrolments', {
          code: code.value.trim(),
          account: account.value.trim(),
          password: password.value,
        });
        await post('/v1/sessions', { account: account.value.trim(), password: password.value });
        await ctx.reload('/me');
      },
    );
    return h(
      'div',
      { class: 'sign-in' },
      h(
        'section',
        { class: 'card' },
        h('h1', { id: 'enrol-title', tabindex: -1 }, t('enrol.title')),
        h('p', { class: 'muted' }, t('enrol.lead')),
        form,
      ),
      h('p', { class: 'footer-note' }, t('enrol.haveAccount'), ' ', h('a', { href: '#/sign-in' }, t('nav.signIn'))),
    );
  },
};
