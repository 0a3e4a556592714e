/**
 * A few lines instead of a framework: `h` builds elements from data, always as text
 * nodes and attributes, never as HTML strings, so nothing from the API can inject markup.
 */

import { t } from './i18n.js';

export type Child = Node | string | number | null | undefined | false | readonly Child[];

type Handler = (event: Event) => void;
export type Attrs = Readonly<Record<string, string | number | boolean | Handler | null | undefined>>;

function append(parent: Node, child: Child): void {
  if (child === null || child === undefined || child === false) return;
  if (Array.isArray(child)) {
    for (const c of child as readonly Child[]) append(parent, c);
    return;
  }
  parent.appendChild(child instanceof Node ? child : document.createTextNode(String(child as string | number)));
}

function setAttrs(el: Element, attrs: Attrs): void {
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (typeof value === 'function') el.addEventListener(name.slice(2).toLowerCase(), value);
    else el.setAttribute(name === 'className' ? 'class' : name, value === true ? '' : String(value));
  }
}

/** An HTML element: `h('a', { href: '#/me' }, 'My file')`. Attributes named `onX` are listeners. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs | null = null,
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (attrs) setAttrs(el, attrs);
  append(el, children);
  return el;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** An SVG element, for the charts. */
export function s(
  tag: string,
  attrs: Readonly<Record<string, string | number | null | undefined>> = {},
  ...children: Child[]
): SVGElement {
  const el = document.createElementNS(SVG_NS, tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== null && v !== undefined) el.setAttribute(k, String(v));
  append(el, children);
  return el;
}

/** Replaces the children of `el`. */
export function mount(el: Element, ...children: Child[]): void {
  el.replaceChildren();
  append(el, children);
}

/** A definition list from label/value pairs; empty values are left out. */
export function facts(pairs: readonly (readonly [string, Child])[]): HTMLDListElement {
  return h(
    'dl',
    { class: 'facts' },
    pairs
      .filter(([, v]) => v !== null && v !== undefined && v !== '')
      .map(([k, v]) => h('div', null, h('dt', null, k), h('dd', null, v))),
  );
}

/** A table with a header row; `numeric` columns are right-aligned. */
export function table(
  head: readonly string[],
  rows: readonly (readonly Child[])[],
  options: { numeric?: readonly number[]; caption?: string; empty?: string } = {},
): HTMLElement {
  if (rows.length === 0) return h('p', { class: 'empty' }, options.empty ?? t('table.empty'));
  const num = new Set(options.numeric ?? []);
  return h(
    'div',
    { class: 'table-wrap' },
    h(
      'table',
      { class: 'stack-sm' },
      options.caption ? h('caption', null, options.caption) : null,
      h(
        'thead',
        null,
        h(
          'tr',
          null,
          head.map((c, i) => h('th', { scope: 'col', class: num.has(i) ? 'num' : null }, c)),
        ),
      ),
      h(
        'tbody',
        null,
        rows.map((r) =>
          h(
            'tr',
            null,
            r.map((c, i) => h('td', { class: num.has(i) ? 'num' : null, 'data-label': head[i] ?? '' }, c)),
          ),
        ),
      ),
    ),
  );
}

/** A small coloured tag. */
export function pill(text: string, tone: 'neutral' | 'good' | 'warn' | 'bad' | 'info' = 'neutral'): HTMLElement {
  return h('span', { class: `pill ${tone}` }, text);
}

/** A card section with a heading. */
export function card(title: Child, ...children: Child[]): HTMLElement {
  return h('section', { class: 'card' }, title ? h('h2', null, title) : null, ...children);
}

/** Page heading with an optional lead paragraph. */
export function pageHead(title: string, lead?: Child, ...actions: Child[]): HTMLElement {
  return h(
    'header',
    { class: 'page-head' },
    h('div', null, h('h1', { tabindex: -1 }, title), lead ? h('p', { class: 'lead' }, lead) : null),
    actions.length ? h('div', { class: 'actions' }, ...actions) : null,
  );
}

/** Busy placeholder while a page loads. */
export function loading(what = t('loading')): HTMLElement {
  return h('p', { class: 'loading', role: 'status' }, `${what}…`);
}
