import { post } from '../api.js';
import { h } from '../dom.js';
import type { Ctx, Page } from '../main.js';
import type { Principal } from '../types.js';
import { button, field, input, onSubmit } from '../ui.js';

/** Sign in with an account and password; the session is an HttpOnly cookie the API sets. */
export const page: Page = {
  title: 'Sign in',
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
        field('Account', account),
        field('Password', password),
        button('Sign in', { class: 'btn', style: 'width:100%' }),
      ),
      async () => {
        await post<{ principal?: Principal }>('/v1/sessions', {
          account: account.value.trim(),
          password: password.value,
        });
        await ctx.reload(next && next.startsWith('/') && next !== '/sign-in' ? next : '/');
      },
      { account: 'Enter your account name.', password: 'Enter your password.' },
    );
    return h(
      'div',
      { class: 'sign-in' },
      h(
        'section',
        { class: 'card' },
        h('h1', { id: 'sign-in-title', tabindex: -1 }, 'Sign in to Standing'),
        h(
          'p',
          { class: 'muted' },
          'Staff of an authority, and subjects reading their own file. Subjects get an account with a one-time code from an authority that holds records about them.',
        ),
        form,
      ),
      h(
        'p',
        { class: 'footer-note' },
        'Got a code from an authority? ',
        h('a', { href: '#/enrol' }, 'Create your account'),
        '.',
      ),
      h(
        'p',
        { class: 'footer-note', style: 'margin-top:8px' },
        'Anyone can read the ',
        h('a', { href: '#/public' }, 'published schemes and statistics'),
        ' without signing in.',
      ),
    );
  },
};
