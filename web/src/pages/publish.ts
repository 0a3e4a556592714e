import { ApiError, get, post, seg } from '../api.js';
import { card, h, pageHead } from '../dom.js';
import { t } from '../i18n.js';
import type { Ctx, Page } from '../main.js';
import type { CheckResult, Problem, Published, VersionDetail } from '../types.js';
import { errorBox } from '../ui.js';
import { dataContextTable, reportTable } from './scheme.js';

/**
 * A text area with a line-number gutter; the lines that problems point at are marked in
 * the gutter, and a problem's "line N" link moves the caret to that line.
 */
function editor(initial: string): {
  el: HTMLElement;
  area: HTMLTextAreaElement;
  mark: (lines: ReadonlySet<number>) => void;
  goTo: (line: number) => void;
} {
  const area = h('textarea', {
    id: 'source',
    name: 'source',
    spellcheck: 'false',
    autocapitalize: 'none',
    autocomplete: 'off',
    wrap: 'off',
    'aria-describedby': 'source-hint problems',
  });
  area.value = initial;
  const gutter = h('div', { class: 'gutter', 'aria-hidden': 'true' });
  let marked: ReadonlySet<number> = new Set();
  const draw = (): void => {
    const n = area.value.split('\n').length;
    if (gutter.childElementCount !== n || marked.size > 0) {
      gutter.replaceChildren(
        ...Array.from({ length: n }, (_, i) => h('span', { class: marked.has(i + 1) ? 'err' : null }, String(i + 1))),
      );
    }
    area.style.height = `${Math.max(420, n * 20 + 24)}px`;
  };
  area.addEventListener('input', () => {
    marked = new Set();
    draw();
  });
  area.addEventListener('keydown', (e) => {
    if (e.key !== 'Tab' || e.shiftKey || e.ctrlKey || e.metaKey || e.altKey) return;
    // Two spaces, as YAML wants; Escape then Tab leaves the field (keyboard users are not trapped).
    if (area.dataset.tabTrap === 'off') return;
    e.preventDefault();
    area.setRangeText('  ', area.selectionStart, area.selectionEnd, 'end');
    draw();
  });
  area.addEventListener('keyup', (e) => {
    if (e.key === 'Escape') area.dataset.tabTrap = 'off';
  });
  area.addEventListener('focus', () => {
    delete area.dataset.tabTrap;
  });
  draw();
  return {
    el: h('div', { class: 'editor' }, gutter, area),
    area,
    mark: (lines) => {
      marked = lines;
      draw();
    },
    goTo: (line) => {
      const lines = area.value.split('\n');
      const start = lines.slice(0, line - 1).reduce((a, l) => a + l.length + 1, 0);
      area.focus();
      area.setSelectionRange(start, start + (lines[line - 1]?.length ?? 0));
      gutter.children[line - 1]?.scrollIntoView({ block: 'center' });
    },
  };
}

const TEMPLATE = `scheme: my-scheme
public: true
title: A new scheme
subjects: [person]
context: civic
basis: The regulation that allows it
score: { base: 1000, min: 0, max: 1300 }
grades:
  - { id: A, min: 960 }
  - { id: B, min: 850 }
  - { id: C }
rules:
  - id: volunteering
    when: record.kind == "civic.volunteering"
    points: 2 * record.data.hours
    cap: { points: 50, per: P1Y }
    lapse: P2Y
lists: []
`;

/** Check and publish a scheme version, with each problem shown at its line. */
export function page(ctx: Ctx): Page {
  return {
    title: () => t('publish.title'),
    async render() {
      const from = ctx.query.get('from');
      let initial = TEMPLATE;
      let origin: string | null = null;
      if (from) {
        const [a = '', s = '', v = ''] = from.split('/');
        const detail = await get<VersionDetail>(`/v1/schemes/${seg(a)}/${seg(s)}/versions/${seg(v)}`);
        // Without `version`, publishing takes the next number.
        initial = detail.source.replace(/^version:\s*\d+\s*(#.*)?\n/m, '');
        origin = t('publish.origin', { scheme: detail.scheme, version: detail.version });
      }
      const ed = editor(initial);
      const problems = h('div', { id: 'problems', 'aria-live': 'polite' });
      const result = h('div', { 'aria-live': 'polite' });
      const canPublish = ctx.me.type === 'staff' && ctx.me.roles.includes('admin');

      const showProblems = (list: readonly Problem[]): void => {
        ed.mark(new Set(list.map((p) => p.line).filter((l): l is number => l !== undefined)));
        problems.replaceChildren(
          h(
            'div',
            { class: 'alert bad', role: 'alert' },
            h('strong', null, t('publish.problems', { n: list.length })),
            t('publish.problems.lead'),
          ),
          h(
            'ul',
            { class: 'problems' },
            list.map((p) =>
              h(
                'li',
                null,
                p.line !== undefined
                  ? [
                      h(
                        'button',
                        { type: 'button', onclick: () => ed.goTo(p.line!) },
                        t('publish.line', { line: p.line, column: p.column ?? 0 }),
                      ),
                      t('public.colon'),
                    ]
                  : null,
                p.rule && !p.message.includes(p.rule) ? t('publish.rule', { rule: p.rule }) : '',
                p.message,
                ' ',
                h('code', null, p.code),
              ),
            ),
          ),
        );
        const first = list.find((p) => p.line !== undefined);
        if (first?.line) ed.goTo(first.line);
      };

      const check = async (): Promise<boolean> => {
        result.replaceChildren();
        problems.replaceChildren();
        ed.mark(new Set());
        const r = await post<CheckResult>('/v1/schemes/check', { source: ed.area.value });
        if (!r.valid) {
          showProblems(r.errors ?? []);
          return false;
        }
        result.replaceChildren(
          h(
            'div',
            { class: 'alert good', role: 'status' },
            h('strong', null, t('publish.valid', { scheme: r.scheme, authority: r.authority })),
            t('publish.valid.lead'),
          ),
          card(t('scheme.report'), reportTable(r.report ?? [])),
          ...(r.dataContext ? [card(t('scheme.data'), dataContextTable(r.dataContext))] : []),
        );
        return true;
      };

      const publish = async (): Promise<void> => {
        try {
          const r = await post<Published>('/v1/schemes', { source: ed.area.value });
          // Keeps the proportionality report of a check made just before.
          const report = result.querySelector('section.card');
          result.replaceChildren(
            h(
              'div',
              { class: 'alert good', role: 'status' },
              h(
                'strong',
                null,
                r.created
                  ? t('publish.published', { scheme: r.scheme, version: r.version })
                  : t('publish.already', { scheme: r.scheme, version: r.version }),
              ),
              r.created ? t('publish.reevaluated', { n: r.subjects }) : '',
              h(
                'a',
                { href: `#/console/schemes/${seg(r.authority)}/${seg(r.scheme)}/${r.version}` },
                t('publish.open'),
              ),
            ),
            report ?? '',
          );
        } catch (err) {
          if (err instanceof ApiError && err.status === 400) showProblems(err.problems);
          else problems.replaceChildren(errorBox(err, t('publish.failed')));
        }
      };

      const busy = (btn: HTMLButtonElement, work: () => Promise<unknown>) => () => {
        btn.disabled = true;
        work()
          .catch((err: unknown) => problems.replaceChildren(errorBox(err)))
          .finally(() => {
            btn.disabled = false;
          });
      };
      const checkBtn = h('button', { type: 'button', class: 'btn secondary' }, t('publish.check'));
      const publishBtn = h('button', { type: 'button', class: 'btn', disabled: !canPublish }, t('publish.submit'));
      checkBtn.addEventListener('click', busy(checkBtn, check));
      publishBtn.addEventListener('click', busy(publishBtn, publish));

      return h(
        'div',
        null,
        h('div', { class: 'crumbs' }, h('a', { href: '#/console' }, t('nav.console')), ` / ${t('publish.crumb')}`),
        pageHead(t('publish.title'), origin ? t('publish.lead.from', { origin }) : t('publish.lead')),
        card(
          null,
          h('label', { for: 'source', class: 'label' }, t('publish.source')),
          h('p', { class: 'small muted', id: 'source-hint' }, t('publish.tabHint')),
          problems,
          ed.el,
          h('div', { class: 'actions', style: 'margin-top:14px' }, checkBtn, publishBtn),
          canPublish ? null : h('p', { class: 'small muted' }, t('publish.adminsOnly')),
        ),
        result,
      );
    },
  };
}
