/**
 * An authority's scheme versions under test and awaiting approval (SPEC §12): per shadow
 * version the divergence from the live one so far, with Promote; per pending version what
 * the publish gate saw and the simulation of publishing it now, with Approve for a second admin.
 */
import { get, post, seg } from '../api.js';
import { barChart, gradeColors } from '../charts.js';
import { facts, h, pageHead, pill, table } from '../dom.js';
import { dateTime, num } from '../format.js';
import { t } from '../i18n.js';
import type { Ctx, Page } from '../main.js';
import { errorBox } from '../ui.js';

interface Gate {
  readonly opened: number;
  readonly ended: number;
  readonly judged: number;
  readonly threshold: number;
  readonly held: boolean;
  readonly lists: readonly { list: string; opened: number; ended: number }[];
}
interface Candidate {
  readonly authority: string;
  readonly scheme: string;
  readonly version: number;
  readonly status: 'shadow' | 'pending';
  readonly publishedAt: string;
  readonly publishedBy: string | null;
  readonly requestedBy: string | null;
  readonly gate: Gate | null;
  readonly source: string;
  readonly canApprove: boolean;
}
interface Explanation {
  readonly judged: boolean;
  readonly score: number | null;
  readonly grade: string | null;
  readonly lists: readonly string[];
  readonly contributions: readonly { rule: string; record: string; points: number }[];
}
interface Comparison {
  readonly liveVersion: number | null;
  readonly shadowVersion: number;
  readonly at: string;
  readonly compared: number;
  readonly differing: number;
  readonly gradeChanges: number;
  readonly lists: readonly { list: string; entering: number; leaving: number }[];
  readonly subjects: readonly { subject: string; live: Explanation | null; shadow: Explanation | null }[];
}
interface SubjectSet {
  readonly count: number;
}
interface Simulation {
  readonly subjects: { read: number; judgedBefore: number; judgedAfter: number };
  readonly grades: {
    order: readonly string[];
    before: Record<string, number>;
    after: Record<string, number>;
    transitions: readonly { from: string; to: string; count: number }[];
  };
  readonly lists: readonly {
    list: string;
    entering: SubjectSet;
    leaving: SubjectSet;
    staying: SubjectSet;
    notices: SubjectSet;
    ended: SubjectSet;
  }[];
}
interface Job {
  readonly id: string;
  readonly state: 'running' | 'done' | 'failed';
  readonly progress: { done: number; total: number };
  readonly result?: Simulation;
  readonly error?: { code: string; message: string };
}

/** Subjects shown with both explanations per shadow version (the rest are counted). */
const SHOWN = 20;
const NOT_JUDGED = '-';
const gradeLabel = (g: string): string => (g === NOT_JUDGED ? t('candidates.notJudged') : g);
const idOf = (c: Candidate): string => `${c.scheme}-${c.version}`;
const path = (c: Candidate): string => `/v1/schemes/${seg(c.authority)}/${seg(c.scheme)}/versions/${c.version}`;

/** One side of a divergence: grade, score and lists, then the points that made the score. */
function explained(e: Explanation | null): HTMLElement {
  if (e === null || !e.judged) return h('span', { class: 'muted' }, t('candidates.notJudged'));
  return h(
    'div',
    null,
    h(
      'div',
      null,
      h('strong', null, e.grade ?? '—'),
      ' ',
      t('candidates.score', { score: e.score === null ? '—' : num(e.score) }),
    ),
    h(
      'div',
      { class: 'small' },
      e.lists.length === 0 ? t('candidates.noLists') : t('candidates.onLists', { lists: e.lists.join(', ') }),
    ),
    e.contributions.length === 0
      ? null
      : h(
          'details',
          { class: 'small' },
          h('summary', null, t('candidates.points', { count: e.contributions.length })),
          h(
            'ul',
            { class: 'muted' },
            e.contributions.map((c) =>
              h('li', null, `${c.rule}: ${c.points > 0 ? '+' : ''}${num(c.points)} `, h('code', null, c.record)),
            ),
          ),
        ),
  );
}

function sectionOf(id: string, title: string, ...children: (Node | string | null)[]): HTMLElement {
  return h('section', { class: 'card', 'aria-labelledby': id }, h('h3', { id }, title), ...children);
}

/**
 * A button that posts one action on a version, then reloads the page saying what was done
 * (`done` names it from the answer), or shows in `status` why it was not.
 */
function actionButton(
  c: Candidate,
  ctx: Ctx,
  status: HTMLElement,
  o: {
    readonly action: 'promote' | 'approve' | 'withdraw';
    readonly label: string;
    readonly failed: string;
    readonly describedBy: string;
    readonly secondary?: boolean;
    readonly done: (answer: { status?: string }) => 'promoted' | 'held' | 'approved' | 'withdrawn';
  },
): HTMLButtonElement {
  const button = h(
    'button',
    { type: 'button', class: o.secondary ? 'btn secondary' : 'btn', 'aria-describedby': o.describedBy },
    '',
  );
  button.textContent = o.label;
  button.addEventListener('click', () => {
    button.disabled = true;
    status.replaceChildren();
    post<{ status?: string }>(`${path(c)}/${o.action}`)
      .then((r) => ctx.reload(`/console/candidates?done=${o.done(r)}&v=${seg(`${c.scheme}@${c.version}`)}`))
      .catch((err: unknown) => {
        button.disabled = false;
        status.replaceChildren(errorBox(err, o.failed));
      });
  });
  return button;
}

/** Withdraw: the version is no longer evaluated and can never go live (its number is not reused). */
function withdrawAction(c: Candidate, ctx: Ctx, status: HTMLElement, id: string): HTMLElement[] {
  const button = actionButton(c, ctx, status, {
    action: 'withdraw',
    label: t('candidates.withdraw', { version: c.version }),
    failed: t('candidates.withdrawFailed'),
    describedBy: `${id}-withdraw-hint`,
    secondary: true,
    done: () => 'withdrawn',
  });
  return [button, h('p', { class: 'small muted', id: `${id}-withdraw-hint` }, t('candidates.withdrawHint'))];
}

function shadowView(c: Candidate, cmp: Comparison, ctx: Ctx): HTMLElement {
  const id = `shadow-${idOf(c)}`;
  const status = h('div', { role: 'status', 'aria-live': 'polite' });
  const promote = actionButton(c, ctx, status, {
    action: 'promote',
    label: t('candidates.promote', { version: c.version }),
    failed: t('candidates.promoteFailed'),
    describedBy: `${id}-promote-hint`,
    done: (r) => (r.status === 'live' ? 'promoted' : 'held'),
  });
  const shown = cmp.subjects.slice(0, SHOWN);
  return sectionOf(
    id,
    t('candidates.shadowHeading', { scheme: c.scheme, version: c.version }),
    h('p', null, pill(t('candidates.shadowPill'), 'info'), ' ', t('candidates.shadowLead')),
    facts([
      [t('candidates.live'), cmp.liveVersion === null ? t('candidates.none') : `@${cmp.liveVersion}`],
      [t('candidates.publishedBy'), c.publishedBy ?? t('candidates.operator')],
      [t('candidates.publishedAt'), dateTime(c.publishedAt)],
      [t('candidates.compared'), num(cmp.compared)],
      [t('candidates.differing'), num(cmp.differing)],
      [t('candidates.gradeChanges'), num(cmp.gradeChanges)],
    ]),
    h('h4', null, t('candidates.perList')),
    table(
      [t('candidates.col.list'), t('candidates.col.entering'), t('candidates.col.leaving')],
      cmp.lists.map((l) => [l.list, num(l.entering), num(l.leaving)]),
      { numeric: [1, 2], empty: t('candidates.noListChange') },
    ),
    h('h4', null, t('candidates.divergence')),
    cmp.differing === 0
      ? h('p', { class: 'empty' }, t('candidates.noDivergence'))
      : h(
          'div',
          null,
          cmp.differing > shown.length
            ? h('p', { class: 'small muted' }, t('candidates.firstOf', { shown: shown.length, total: cmp.differing }))
            : null,
          table(
            [
              t('candidates.col.subject'),
              t('candidates.col.live', { version: cmp.liveVersion ?? '—' }),
              t('candidates.col.shadow', { version: c.version }),
            ],
            shown.map((d) => [
              h('a', { href: `#/console/subjects/${seg(d.subject)}` }, d.subject),
              explained(d.live),
              explained(d.shadow),
            ]),
            { caption: t('candidates.divergenceCaption', { scheme: c.scheme }) },
          ),
        ),
    h(
      'div',
      { class: 'actions', style: 'margin-top:14px' },
      promote,
      h('p', { class: 'small muted', id: `${id}-promote-hint` }, t('candidates.promoteHint')),
      ...withdrawAction(c, ctx, status, id),
    ),
    status,
  );
}

/** The simulation of publishing a pending version now: grades before and after, transitions, lists. */
function simulationView(s: Simulation): HTMLElement {
  const order = s.grades.order.filter((g) => (s.grades.before[g] ?? 0) + (s.grades.after[g] ?? 0) > 0);
  const colors = gradeColors(order.filter((g) => g !== NOT_JUDGED));
  const bars = (m: Record<string, number>) =>
    order.map((g) => ({ label: gradeLabel(g), value: m[g] ?? 0, color: colors[g] ?? colors['(none)'] }));
  const count = (from: string, to: string): number =>
    s.grades.transitions.find((x) => x.from === from && x.to === to)?.count ?? 0;
  return h(
    'div',
    null,
    h(
      'p',
      null,
      t('candidates.simulated', {
        read: num(s.subjects.read),
        before: num(s.subjects.judgedBefore),
        after: num(s.subjects.judgedAfter),
      }),
    ),
    h(
      'div',
      { class: 'grid-2' },
      barChart(t('candidates.gradesBefore'), bars(s.grades.before), { share: true }),
      barChart(t('candidates.gradesAfter'), bars(s.grades.after), { share: true }),
    ),
    table(
      [t('candidates.col.transition'), ...order.map(gradeLabel)],
      order.map((b) => [gradeLabel(b), ...order.map((a) => (count(b, a) === 0 ? '' : num(count(b, a))))]),
      { numeric: order.map((_, i) => i + 1), caption: t('candidates.transitionsCaption') },
    ),
    table(
      [
        t('candidates.col.list'),
        t('candidates.col.entering'),
        t('candidates.col.leaving'),
        t('candidates.col.staying'),
        t('candidates.col.notices'),
        t('candidates.col.ended'),
      ],
      s.lists.map((l) => [
        l.list,
        num(l.entering.count),
        num(l.leaving.count),
        num(l.staying.count),
        num(l.notices.count),
        num(l.ended.count),
      ]),
      { numeric: [1, 2, 3, 4, 5], caption: t('candidates.listsCaption') },
    ),
  );
}

/** Runs the simulation of a pending version's source against the live version, into `slot`. */
function simulate(c: Candidate, slot: HTMLElement): void {
  const progress = h('p', { class: 'loading', role: 'status' }, t('candidates.simulating'));
  slot.replaceChildren(progress);
  const run = async (): Promise<void> => {
    let job = await post<Job>('/v1/schemes/simulations', { source: c.source });
    while (job.state === 'running') {
      if (job.progress.total > 0)
        progress.textContent = t('candidates.simProgress', {
          done: num(job.progress.done),
          total: num(job.progress.total),
        });
      await new Promise((go) => setTimeout(go, 400));
      job = await get<Job>(`/v1/schemes/simulations/${seg(job.id)}`);
    }
    if (job.state === 'failed' || !job.result) throw new Error(job.error?.message ?? t('candidates.simFailed'));
    slot.replaceChildren(simulationView(job.result));
  };
  run().catch((err: unknown) => slot.replaceChildren(errorBox(err, t('candidates.simFailed'))));
}

function pendingView(c: Candidate, ctx: Ctx): HTMLElement {
  const id = `pending-${idOf(c)}`;
  const status = h('div', { role: 'status', 'aria-live': 'polite' });
  const approve = actionButton(c, ctx, status, {
    action: 'approve',
    label: t('candidates.approve', { version: c.version }),
    failed: t('candidates.approveFailed'),
    describedBy: `${id}-approve-why`,
    done: () => 'approved',
  });
  approve.disabled = !c.canApprove;
  const why = h(
    'p',
    { class: 'small muted', id: `${id}-approve-why` },
    c.canApprove ? t('candidates.approveHint') : t('candidates.approveRefused', { authority: c.authority }),
  );
  const g = c.gate;
  const sim = h('div');
  simulate(c, sim);
  return sectionOf(
    id,
    t('candidates.pendingHeading', { scheme: c.scheme, version: c.version }),
    h('p', null, pill(t('candidates.pendingPill'), 'warn'), ' ', t('candidates.pendingLead')),
    facts([
      [t('candidates.publishedBy'), c.publishedBy ?? t('candidates.operator')],
      [t('candidates.requestedBy'), c.requestedBy],
      [t('candidates.publishedAt'), dateTime(c.publishedAt)],
    ]),
    h('h4', null, t('candidates.gateHeading')),
    g === null
      ? h('p', { class: 'empty' }, t('candidates.noGate'))
      : h(
          'div',
          null,
          h(
            'p',
            null,
            t('candidates.gateSaw', {
              opened: num(g.opened),
              ended: num(g.ended),
              threshold: num(Math.round(g.threshold * 100) / 100),
              judged: num(g.judged),
            }),
          ),
          table(
            [t('candidates.col.list'), t('candidates.col.opened'), t('candidates.col.ended')],
            g.lists.map((l) => [l.list, num(l.opened), num(l.ended)]),
            { numeric: [1, 2], caption: t('candidates.gateCaption') },
          ),
        ),
    h('h4', null, t('candidates.simHeading')),
    sim,
    h('div', { class: 'actions', style: 'margin-top:14px' }, approve, why, ...withdrawAction(c, ctx, status, id)),
    status,
  );
}

const DONE: Readonly<
  Record<
    string,
    'candidates.done.promoted' | 'candidates.done.held' | 'candidates.done.approved' | 'candidates.done.withdrawn'
  >
> = {
  promoted: 'candidates.done.promoted',
  held: 'candidates.done.held',
  approved: 'candidates.done.approved',
  withdrawn: 'candidates.done.withdrawn',
};

/** Shadow and pending versions of the signed-in admin's authority (SPEC §12). */
export function page(ctx: Ctx): Page {
  return {
    title: () => t('candidates.title'),
    async render() {
      const crumbs = h(
        'div',
        { class: 'crumbs' },
        h('a', { href: '#/console' }, t('nav.console')),
        ' / ',
        t('candidates.crumb'),
      );
      if (ctx.me.type !== 'staff' || !ctx.me.roles.includes('admin'))
        return h('div', null, crumbs, pageHead(t('candidates.title'), t('candidates.adminsOnly')));
      const { versions } = await get<{ versions: Candidate[] }>('/v1/schemes/candidates');
      const shadows = versions.filter((v) => v.status === 'shadow');
      const pending = versions.filter((v) => v.status === 'pending');
      // Each shadow version against the live one (an authority has at most three).
      const compared = await Promise.all(
        shadows.map(async (c) => ({
          c,
          cmp: await get<Comparison>(`/v1/schemes/${seg(c.authority)}/${seg(c.scheme)}/compare?version=${c.version}`),
        })),
      );
      const done = ctx.query.get('done');
      // The message names the version only when the address names one (it is not the page's to trust otherwise).
      const ref = ctx.query.get('v') ?? '';
      const doneKey = done === null || !/^[a-z0-9][a-z0-9_-]{0,62}@\d{1,9}$/.test(ref) ? undefined : DONE[done];
      return h(
        'div',
        null,
        crumbs,
        pageHead(t('candidates.title'), t('candidates.lead', { authority: ctx.me.authority })),
        doneKey ? h('div', { class: 'alert good', role: 'status' }, t(doneKey, { version: ref })) : null,
        h('h2', null, t('candidates.shadows', { count: shadows.length })),
        compared.length === 0
          ? h('p', { class: 'empty' }, t('candidates.noShadows'))
          : compared.map(({ c, cmp }) => shadowView(c, cmp, ctx)),
        h('h2', null, t('candidates.pending', { count: pending.length })),
        pending.length === 0
          ? h('p', { class: 'empty' }, t('candidates.noPending'))
          : pending.map((c) => pendingView(c, ctx)),
      );
    },
  };
}
