/** Shared pieces of the pages: errors where they belong, forms, grade badges. */
import { ApiError } from './api.js';
import { h, type Child } from './dom.js';
import { t, type Key } from './i18n.js';

/** What went wrong, in words a person can act on; the stable code stays visible for support. */
export function errorBox(err: unknown, title = t('error.title')): HTMLElement {
  const e = err instanceof ApiError ? err : null;
  const message = e ? e.message : err instanceof Error ? err.message : String(err);
  const hint = e ? hintFor(e) : null;
  return h(
    'div',
    { class: e?.code === 'REVIEW_CONFLICT' ? 'alert warn' : 'alert bad', role: 'alert' },
    h('strong', null, e?.code === 'REVIEW_CONFLICT' ? t('error.fourEyes') : title),
    message,
    hint ? h('div', { class: 'small' }, hint) : null,
    e ? h('div', { class: 'small muted' }, t('error.code'), ' ', h('code', null, e.code)) : null,
  );
}

function hintFor(e: ApiError): string | null {
  switch (e.code) {
    case 'FORBIDDEN':
      return t('error.hint.forbidden');
    case 'REVIEW_CONFLICT':
      return t('error.hint.fourEyes');
    case 'UNAUTHENTICATED':
    case 'SESSION_EXPIRED':
      return t('error.hint.signIn');
    case 'NETWORK':
      return null;
    default:
      return e.status >= 500 ? t('error.hint.server') : null;
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

/** Words for a field's problem, by the field's name: what to do, in the page's own language. */
export type FieldMessages = Readonly<Record<string, string>>;

/** Flags a control as invalid and says why in its error slot (announced: the slot is aria-live, and the control's aria-describedby names it). */
function flag(form: HTMLElement, control: Element, text: string): void {
  control.setAttribute('aria-invalid', 'true');
  const slot = control.closest('[data-field]') ?? form;
  const e = slot.querySelector('.field-error');
  if (e) e.textContent = text;
}

/**
 * Checks the form's required controls before anything is sent (the browser's own bubbles are
 * off: a screen reader does not hear them). Flags every empty one, focuses the first; true if
 * all are filled.
 */
function requiredFilled(form: HTMLFormElement, messages: FieldMessages): boolean {
  let first: HTMLElement | null = null;
  for (const control of form.querySelectorAll<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>(
    'input[required], textarea[required], select[required]',
  )) {
    if (control.disabled) continue;
    const empty =
      control instanceof HTMLInputElement && control.type === 'radio'
        ? !form.querySelector(`input[type="radio"][name="${CSS.escape(control.name)}"]:checked`)
        : control instanceof HTMLInputElement && control.type === 'checkbox'
          ? !control.checked
          : control instanceof HTMLInputElement && control.type === 'password'
            ? control.value === ''
            : control.value.trim() === '';
    if (!empty) continue;
    flag(form, control, messages[control.name] ?? t('form.fill'));
    first ??= control;
  }
  first?.focus();
  return first === null;
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
export function showError(form: HTMLElement, err: unknown, messages: FieldMessages = {}): void {
  clearErrors(form);
  // Only a malformed input belongs next to a field; refusals (403, 409) are about the whole form.
  // The API's words (`body.account: must NOT have fewer than 1 characters`) give way to the page's own, per field.
  const problems = err instanceof ApiError && err.status === 400 ? err.problems : [];
  let first: HTMLElement | null = null;
  for (const p of problems) {
    const named = p.field ? p.field.split('.') : [];
    for (let i = named.length - 1; i >= 0; i--) {
      const name = named[i] ?? '';
      const slot = form.querySelector<HTMLElement>(`[data-field="${CSS.escape(name)}"]`);
      const control = slot?.querySelector<HTMLElement>('input, textarea, select');
      if (!slot || !control) continue;
      flag(form, control, messages[name] ?? p.message);
      first ??= control;
      break;
    }
  }
  if (first) {
    first.focus();
    return;
  }
  const box = errorBox(err);
  form.prepend(box);
  box.scrollIntoView({ block: 'nearest' });
}

/**
 * Runs a submit handler with the button disabled and errors shown in the form: empty required
 * fields are flagged before anything is sent, with `messages` (by field name) as their words,
 * which also replace the API's own words for a malformed field.
 */
export function onSubmit(
  form: HTMLFormElement,
  run: (data: FormData) => Promise<void>,
  messages: FieldMessages = {},
): HTMLFormElement {
  form.noValidate = true;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearErrors(form);
    if (!requiredFilled(form, messages)) return;
    const buttons = [...form.querySelectorAll<HTMLButtonElement>('button[type="submit"]')];
    for (const b of buttons) b.disabled = true;
    run(new FormData(form))
      .catch((err: unknown) => showError(form, err, messages))
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
    {
      class: 'grade',
      style: `background:${color ?? '#5b6b7f'}`,
      title: grade ? t('grade.named', { grade }) : t('grade.none'),
    },
    grade ?? '—',
  );
}

/**
 * Sections of a page in the tabs pattern: a tablist of links (each tab is its own address),
 * the chosen one aria-selected and the only one in the tab order (arrow keys, Home and End move
 * between tabs), and a tabpanel named by its tab whose heading names the section and takes focus
 * when the reader switches tabs.
 */
export function tabs(
  label: string,
  items: readonly (readonly [string, string])[],
  current: string,
  body: Node,
): HTMLElement {
  const id = (href: string): string => `tab-${href.replace(/[^A-Za-z0-9]+/g, '-').replace(/^-|-$/g, '')}`;
  const title = items.find(([href]) => href === current)?.[1] ?? label;
  const links = items.map(([href, text]) =>
    h(
      'a',
      {
        href,
        role: 'tab',
        id: id(href),
        'aria-selected': href === current ? 'true' : 'false',
        'aria-controls': href === current ? 'tabpanel' : null,
        tabindex: href === current ? 0 : -1,
      },
      text,
    ),
  );
  const list = h('div', { class: 'tabs', role: 'tablist', 'aria-label': label }, links);
  list.addEventListener('keydown', (e) => {
    const at = links.indexOf(document.activeElement as HTMLAnchorElement);
    if (at < 0) return;
    const to =
      e.key === 'ArrowRight' || e.key === 'ArrowDown'
        ? (at + 1) % links.length
        : e.key === 'ArrowLeft' || e.key === 'ArrowUp'
          ? (at - 1 + links.length) % links.length
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? links.length - 1
              : -1;
    if (to < 0) return;
    e.preventDefault();
    links[to]?.focus();
  });
  return h(
    'div',
    null,
    list,
    h(
      'div',
      { role: 'tabpanel', id: 'tabpanel', 'aria-labelledby': id(current) },
      h('h2', { class: 'panel-heading', tabindex: -1 }, title),
      body,
    ),
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

/** A listing's, appeal's or dispute's state in words of the page's language (an unknown state as it is). */
export function stateName(state: string): string {
  if (['noticed', 'active', 'suspended', 'ended', 'pending', 'upheld', 'overturned'].includes(state))
    return t(`state.${state}` as Key);
  if (state === 'retracted' || state === 'confirmed') return t(`me.state.${state}`);
  return state;
}

/** What a relying party was told (allow, deny, limit, waive, priority) in words of the page's language. */
export function effectName(effect: string): string {
  return ['allow', 'deny', 'limit', 'waive', 'priority'].includes(effect) ? t(`ui.effect.${effect}` as Key) : effect;
}
