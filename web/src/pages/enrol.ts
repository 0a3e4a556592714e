import { post } from '../api.js';
import { h } from '../dom.js';
import type { Ctx, Page } from '../main.js';
import { button, field, input, onSubmit } from '../ui.js';

/** A subject creates its account with the one-time code an authority gave it, then is signed in. */
export const page: Page = {
  title: 'Create your account',
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
        field(
          'Enrolment code',
          code,
          'The ten-character code from the authority’s letter. It works once, for seven days.',
        ),
        field('Account name', account, 'Lower-case letters, digits and . _ @ -'),
        field('Password', password, 'At least 10 characters.'),
        button('Create my account', { style: 'width:100%' }),
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
        h('h1', { id: 'enrol-title', tabindex: -1 }, 'Create your account'),
        h(
          'p',
          { class: 'muted' },
          'An authority that holds records about you can give you a one-time code. With it you can read everything held about you, appeal and dispute.',
        ),
        form,
      ),
      h('p', { class: 'footer-note' }, 'Already have an account? ', h('a', { href: '#/sign-in' }, 'Sign in'), '.'),
    );
  },
};
