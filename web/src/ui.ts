/** Shared pieces of the pages: errors where they belong, forms, grade badges. */
import { ApiError } from './api.js';
import { h, type Child } from './dom.js';

/** What went wrong, in words a person can act on; the stable code stays visible for support. */
export function errorBox(err: unknown, title = 'That did not work'): HTMLElement {
  const e = err instanceof ApiError ? err : null;
  const message = e ? e.message : err instanceof Error ? err.message : String(err);
  const hint = e ? hintFor(e) : null;
  return h(
    'div',
    { class: e?.code === 'REVIEW_CONFLICT' ? 'alert warn' : 'alert bad', role: 'alert' },
    h('strong', null, e?.code === 'REVIEW_CONFLICT' ? 'Four-eyes rule: you cannot decide this case' : title),
    message,
    hint ? h('div', { class: 'small' }, hint) : null,
    e ? h('div', { class: 'small muted' }, 'Code ', h('code', null, e.code)) : null,
  );
}

function hintFor(e: ApiError): string | null {
  switch (e.code) {
    case 'FORBIDDEN':
      return 'Your account does not hold the role this needs. Ask an administrator of your authority.';
    case 'REVIEW_CONFLICT':
      return 'A record in this case was submitted by your account. Another reviewer of your authority must decide it.';
    case 'UNAUTHENTICATED':
    case 'SESSION_EXPIRED':
      return 'Sign in again to continue.';
    case 'NETWORK':
      return null;
    default:
      return e.status >= 500 ? 'The server had a problem. Try again in a moment.' : null;
  }
}

/** A form field: label, control, hint and a slot for its error, wired with ids for screen readers. */
export function field(
  label: string,
  control: HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement,
  hint?: Child,
): HTMLElement {
  const id = control.id || `f-${control.name || Math.random().toString(36).slice(2)}`;
  control.id = id;
  const err = h('div', { class: 'field-error', id: `${id}-err`, 'aria-live': 'polite' });
  const hintEl = hint ? h('div', { class: 'hint', id: `${id}-hint` }, hint) : null;
  control.setAttribute('aria-describedby', [hintEl ? `${id}-hint` : '', `${id}-err`].filter(Boolean).join(' '));
  return h('div', { class: 'field', 'data-field': control.name }, h('label', { for: id }, label), control, hintEl, err);
}

/** Clears the field errors of a form. */
export function clearErrors(form: HTMLElement): void {
  for (const el of form.querySelectorAll('.field-error')) el.textContent = '';
  for (const el of form.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
  form.querySelector(':scope > .alert')?.remove();
}

/**
 * Shows an API error at the field it names (matching the control's name, or the last
 * segment of a dotted field such as `body.statement`); otherwise at the top of the form.
 */
export function showError(form: HTMLElement, err: unknown): void {
  clearErrors(form);
  // Only a malformed input belongs next to a field; refusals (403, 409) are about the whole form.
  const named = err instanceof ApiError && err.field && err.status === 400 ? err.field.split('.') : [];
  for (let i = named.length - 1; i >= 0; i--) {
    const slot = form.querySelector<HTMLElement>(`[data-field="${CSS.escape(named[i] ?? '')}"]`);
    if (!slot) continue;
    const control = slot.querySelector('input, textarea, select');
    control?.setAttribute('aria-invalid', 'true');
    const e = slot.querySelector('.field-error');
    if (e) e.textContent = err instanceof Error ? err.message : String(err);
    (control as HTMLElement | null)?.focus();
    return;
  }
  const box = errorBox(err);
  form.prepend(box);
  box.scrollIntoView({ block: 'nearest' });
}

/** Runs a submit handler with the button disabled and errors shown in the form. */
export function onSubmit(form: HTMLFormElement, run: (data: FormData) => Promise<void>): HTMLFormElement {
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const buttons = [...form.querySelectorAll<HTMLButtonElement>('button[type="submit"]')];
    for (const b of buttons) b.disabled = true;
    clearErrors(form);
    run(new FormData(form))
      .catch((err: unknown) => showError(form, err))
      .finally(() => {
        for (const b of buttons) b.disabled = false;
      });
  });
  return form;
}

export function input(name: string, attrs: Record<string, string | boolean> = {}): HTMLInputElement {
  return h('input', { type: 'text', name, ...attrs });
}

export function textarea(name: string, attrs: Record<string, string | boolean | number> = {}): HTMLTextAreaElement {
  return h('textarea', { name, ...attrs });
}

export function button(
  text: string,
  attrs: Record<string, string | boolean | ((e: Event) => void)> = {},
): HTMLButtonElement {
  return h('button', { type: 'submit', class: 'btn', ...attrs }, text);
}

/** A grade as a coloured badge. */
export function gradeBadge(grade: string | null, color: string | undefined): HTMLElement {
  return h(
    'span',
    { class: 'grade', style: `background:${color ?? '#5b6b7f'}`, title: grade ? `Grade ${grade}` : 'No grade' },
    grade ?? '—',
  );
}

/** Tabs as links with aria-current on the active one. */
export function tabs(items: readonly (readonly [string, string])[], current: string): HTMLElement {
  return h(
    'nav',
    { class: 'tabs', 'aria-label': 'Sections' },
    items.map(([href, text]) => h('a', { href, 'aria-current': href === current ? 'page' : null }, text)),
  );
}

/** Tone of a listing state for its pill. */
export function stateTone(state: string, listType?: string): 'neutral' | 'good' | 'warn' | 'bad' | 'info' {
  if (listType === 'redlist' && state === 'active') return 'good';
  switch (state) {
    case 'noticed':
    case 'pending':
      return 'warn';
    case 'suspended':
      return 'info';
    case 'active':
    case 'upheld':
    case 'confirmed':
      return 'bad';
    case 'ended':
    case 'overturned':
    case 'retracted':
      return 'good';
    default:
      return 'neutral';
  }
}
