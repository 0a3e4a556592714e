import { get, post, seg } from '../api.js';
import { barChart, gradeColors, lineChart, seriesColor } from '../charts.js';
import { card, h, pageHead, table } from '../dom.js';
import { date, dateTime, num } from '../format.js';
import { t } from '../i18n.js';
import type { Ctx, Page } from '../main.js';
import { effectWord, listTypeWord } from '../staff-text.js';
import { errorBox } from '../ui.js';
import type { ReportEntry, SchemeDoc, VersionDetail } from '../types.js';
import { reportTable } from './scheme.js';

interface SubjectSet {
  readonly count: number;
  readonly subjects: readonly string[];
}
interface ListOutcome {
  readonly list: string;
  readonly type: string;
  readonly removed: boolean;
  readonly changed: boolean;
  readonly entering: SubjectSet;
  readonly leaving: SubjectSet;
  readonly staying: SubjectSet;
  readonly notices: SubjectSet;
  readonly ended: SubjectSet;
  readonly carriedOn: SubjectSet;
  readonly exempt: SubjectSet;
}
interface Simulation {
  readonly scheme: string;
  readonly authority: string;
  readonly draftVersion: number;
  readonly against: { scheme: string; version: number } | null;
  readonly at: string;
  readonly subjects: { read: number; judgedBefore: number; judgedAfter: number };
  readonly grades: {
    order: readonly string[];
    before: Record<string, number>;
    after: Record<string, number>;
    transitions: readonly { from: string; to: string; count: number }[];
  };
  readonly lists: readonly ListOutcome[];
  readonly sanctions: readonly { action: string; effect: string; subjects: number }[];
  readonly ruleErrors: readonly { rule: string; site: string; count: number; example: string }[];
  readonly proportionality: readonly ReportEntry[];
}
interface Backtest {
  readonly scheme: string;
  readonly steps: readonly {
    at: string;
    lists: readonly { list: string; before: number; after: number; entering: number; leaving: number }[];
  }[];
}
interface Job {
  readonly id: string;
  readonly state: 'running' | 'done' | 'failed';
  readonly progress: { done: number; total: number };
  readonly result?: Simulation | Backtest;
  readonly error?: { code: string; message: string };
}

const NOT_JUDGED = '-';
const gradeLabel = (g: string): string => (g === NOT_JUDGED ? t('simulate.notJudged') : g);

function gradeView(s: Simulation): HTMLElement {
  const order = s.grades.order.filter((g) => (s.grades.before[g] ?? 0) + (s.grades.after[g] ?? 0) > 0);
  const colors = gradeColors(order.filter((g) => g !== NOT_JUDGED));
  const bars = (m: Record<string, number>) =>
    order.map((g) => ({ label: gradeLabel(g), value: m[g] ?? 0, color: colors[g] ?? colors['(none)'] }));
  const count = (from: string, to: string): number =>
    s.grades.transitions.find((t) => t.from === from && t.to === to)?.count ?? 0;
  return card(
    t('scheme.grades'),
    h(
      'div',
      { class: 'grid-2' },
      barChart(
        s.against
          ? t('simulate.before.against', { scheme: s.against.scheme, version: s.against.version })
          : t('simulate.before'),
        bars(s.grades.before),
        { share: true },
      ),
      barChart(t('simulate.after', { scheme: s.scheme, version: s.draftVersion }), bars(s.grades.after), {
        share: true,
      }),
    ),
    table(
      [t('simulate.beforeAfter'), ...order.map(gradeLabel)],
      order.map((b) => [gradeLabel(b), ...order.map((a) => (count(b, a) === 0 ? '' : num(count(b, a))))]),
      { numeric: order.map((_, i) => i + 1), caption: t('simulate.transitions') },
    ),
  );
}

function listsView(s: Simulation): HTMLElement {
  return card(
    t('console.lists'),
    h('p', { class: 'small muted' }, t('simulate.lists.lead')),
    table(
      [
        t('console.lists.list'),
        t('simulate.entering'),
        t('simulate.leaving'),
        t('simulate.staying'),
        t('simulate.notices'),
        t('simulate.ended'),
        t('simulate.carriedOn'),
        t('simulate.exempt'),
      ],
      s.lists.map((l) => [
        t('simulate.list', {
          list: l.list,
          type: listTypeWord(l.type),
          change: l.removed ? 'removed' : l.changed ? 'changed' : 'same',
        }),
        num(l.entering.count),
        num(l.leaving.count),
        num(l.staying.count),
        num(l.notices.count),
        num(l.ended.count),
        num(l.carriedOn.count),
        num(l.exempt.count),
      ]),
      { numeric: [1, 2, 3, 4, 5, 6, 7], empty: t('simulate.lists.none') },
    ),
    s.sanctions.length === 0
      ? h('p', { class: 'small' }, t('simulate.sanctions.none'))
      : table(
          [t('simulate.action'), t('simulate.effect'), t('simulate.newlySanctioned')],
          s.sanctions.map((x) => [h('code', null, x.action), effectWord(x.effect), num(x.subjects)]),
          { numeric: [2] },
        ),
  );
}

function backtestView(b: Backtest): HTMLElement {
  const lists = [...new Set(b.steps.flatMap((s) => s.lists.map((l) => l.list)))];
  // One line per list under the draft; the table beside it has the version before.
  const series = lists.map((id, i) => ({
    label: id,
    color: seriesColor(i),
    points: b.steps.map((s) => ({ x: Date.parse(s.at), y: s.lists.find((l) => l.list === id)?.after ?? 0 })),
  }));
  return card(
    t('simulate.backtest'),
    lineChart(t('simulate.backtest.chart'), series, { yMin: 0 }),
    table(
      [
        t('simulate.at'),
        ...lists.flatMap((list) => [
          t('simulate.col.before', { list }),
          t('simulate.col.draft', { list }),
          t('simulate.col.entering', { list }),
          t('simulate.col.leaving', { list }),
        ]),
      ],
      b.steps.map((s) => [
        date(s.at),
        ...lists.flatMap((id) => {
          const l = s.lists.find((x) => x.list === id);
          return [num(l?.before ?? 0), num(l?.after ?? 0), num(l?.entering ?? 0), num(l?.leaving ?? 0)];
        }),
      ]),
      { numeric: lists.flatMap((_, i) => [1, 2, 3, 4].map((k) => i * 4 + k)) },
    ),
  );
}

/** Simulate a draft scheme over the stored records, or backtest it, before publishing (SPEC §12). */
export function page(ctx: Ctx): Page {
  return {
    title: () => t('simulate.title'),
    async render() {
      const area = h('textarea', { id: 'source', name: 'source', spellcheck: 'false', rows: 18, wrap: 'off' });
      const from = ctx.query.get('from');
      // The version the draft starts from: its translations name the draft's lists in the page's language too.
      let origin: SchemeDoc | null = null;
      if (from) {
        const [a = '', s = '', v = ''] = from.split('/');
        const detail = await get<VersionDetail>(`/v1/schemes/${seg(a)}/${seg(s)}/versions/${seg(v)}`);
        area.value = detail.source.replace(/^version:\s*\d+\s*(#.*)?\n/m, '');
        origin = detail.content;
      }
      const field = (id: string, label: string, placeholder: string) => {
        const input = h('input', { id, name: id, placeholder, autocomplete: 'off' });
        return { input, el: h('div', null, h('label', { for: id, class: 'label' }, label), h('div', null, input)) };
      };
      const at = field('at', t('simulate.field.at'), '2026-01-01');
      const against = field('against', t('simulate.field.against'), 'my-scheme@1');
      const fromF = field('bt-from', t('simulate.field.from'), '2025-01-01');
      const toF = field('bt-to', t('simulate.field.to'), '2026-01-01');
      const step = field('bt-step', t('simulate.field.step'), 'P1M');
      const status = h('p', { role: 'status', 'aria-live': 'polite' });
      const result = h('div');
      const btn = h('button', { type: 'button', class: 'btn' }, t('simulate.run'));
      const opt = (i: HTMLInputElement): string | undefined => (i.value.trim() === '' ? undefined : i.value.trim());

      const show = (r: Simulation | Backtest): void => {
        if ('steps' in r) {
          result.replaceChildren(backtestView(r));
          return;
        }
        result.replaceChildren(
          h(
            'div',
            { class: 'alert good', role: 'status' },
            h('strong', null, t('simulate.nothingWritten')),
            t('simulate.summary', {
              read: r.subjects.read,
              at: dateTime(r.at),
              before: r.subjects.judgedBefore,
              after: r.subjects.judgedAfter,
            }),
          ),
          gradeView(r),
          listsView(r),
          r.ruleErrors.length === 0
            ? ''
            : card(
                t('simulate.ruleErrors'),
                table(
                  [
                    t('simulate.col.rule'),
                    t('simulate.col.site'),
                    t('simulate.col.subjects'),
                    t('simulate.col.example'),
                  ],
                  r.ruleErrors.map((e) => [e.rule, e.site, num(e.count), e.example]),
                  { numeric: [2] },
                ),
              ),
          card(t('scheme.report'), reportTable(r.proportionality, origin?.scheme === r.scheme ? origin : null)),
        );
      };

      btn.addEventListener('click', () => {
        btn.disabled = true;
        result.replaceChildren();
        const body = {
          source: area.value,
          ...(opt(at.input) ? { at: opt(at.input) } : {}),
          ...(opt(against.input) ? { against: opt(against.input) } : {}),
          ...(opt(fromF.input) ? { from: opt(fromF.input) } : {}),
          ...(opt(toF.input) ? { to: opt(toF.input) } : {}),
          ...(opt(step.input) ? { step: opt(step.input) } : {}),
        };
        const poll = async (): Promise<void> => {
          let job = await post<Job>('/v1/schemes/simulations', body);
          while (job.state === 'running') {
            status.textContent =
              job.progress.total > 0
                ? t('simulate.judging', { done: job.progress.done, total: job.progress.total })
                : t('simulate.counting');
            await new Promise((r) => setTimeout(r, 500));
            job = await get<Job>(`/v1/schemes/simulations/${seg(job.id)}`);
          }
          status.textContent = '';
          if (job.state === 'failed')
            result.replaceChildren(errorBox(new Error(job.error?.message ?? t('simulate.failed'))));
          else if (job.result) show(job.result);
        };
        poll()
          .catch((err: unknown) => {
            status.textContent = '';
            result.replaceChildren(errorBox(err, t('simulate.notStarted')));
          })
          .finally(() => {
            btn.disabled = false;
          });
      });

      return h(
        'div',
        null,
        h('div', { class: 'crumbs' }, h('a', { href: '#/console' }, t('nav.console')), ` / ${t('simulate.crumb')}`),
        pageHead(t('simulate.title'), t('simulate.lead')),
        card(
          null,
          h('label', { for: 'source', class: 'label' }, t('simulate.source')),
          area,
          h('div', { class: 'grid-2' }, at.el, against.el),
          h('div', { class: 'grid-2' }, fromF.el, toF.el, step.el),
          h('div', { class: 'actions', style: 'margin-top:14px' }, btn),
          status,
        ),
        result,
      );
    },
  };
}
