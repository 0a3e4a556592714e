import { get, seg } from '../api.js';
import { barChart, gradeColors, inSchemeOrder, stackedColumns } from '../charts.js';
import { card, h, loading, pageHead, pill, table } from '../dom.js';
import { date, duration, num, words } from '../format.js';
import { currentLocale, t } from '../i18n.js';
import type { Ctx, Page } from '../main.js';
import { listTypeTone } from '../scheme-text.js';
import type { History, ListSize, SchemeDoc, Staff, Statistics, VersionDetail, VersionSummary } from '../types.js';
import { listTitle, listTypeWord, roleWord, schemeText, stateWord } from '../staff-text.js';
import { errorBox, stateTone } from '../ui.js';

const SUBJECT = /^(person|org):\S{1,200}$/;

/** Fills `slot` when `work` resolves; shows the error there if it fails. */
function later(slot: HTMLElement, work: () => Promise<Node>): HTMLElement {
  work().then(
    (node) => slot.replaceChildren(node),
    (err: unknown) => slot.replaceChildren(errorBox(err, t('console.partFailed'))),
  );
  return slot;
}

export function subjectSearch(): HTMLElement {
  const box = h('input', {
    type: 'search',
    name: 'subject',
    id: 'subject-search',
    placeholder: 'person:110101199003071234',
    autocomplete: 'off',
    spellcheck: 'false',
    'aria-describedby': 'subject-search-err',
  });
  const err = h('div', { class: 'field-error', id: 'subject-search-err', 'aria-live': 'polite' });
  const form = h(
    'form',
    { role: 'search', 'aria-label': t('console.search.label') },
    h('label', { for: 'subject-search', class: 'label' }, t('console.search.byId')),
    h(
      'div',
      { class: 'search', style: 'margin-top:6px' },
      box,
      h('button', { type: 'submit', class: 'btn' }, t('console.search.open')),
    ),
    err,
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    let id = box.value.trim();
    if (/^\d[\w-]*$/.test(id)) id = `person:${id}`;
    if (!SUBJECT.test(id)) {
      box.setAttribute('aria-invalid', 'true');
      err.textContent = t('console.search.invalid');
      box.focus();
      return;
    }
    location.hash = `#/console/subjects/${seg(id)}`;
  });
  return form;
}

function schemeCard(me: Staff, v: VersionSummary, stats: Statistics | null, detail: VersionDetail | null): HTMLElement {
  const sc = stats?.authorities.find((a) => a.authority === v.authority)?.schemes.find((s) => s.scheme === v.scheme);
  const order = detail ? detail.content.grades.map((g) => g.id) : (sc?.grades.map((g) => g.grade ?? '') ?? []);
  const now = h('div', null, loading(t('console.counting')));
  const trend = h('div', null, loading(t('console.evaluatingPast')));
  const note = h('p', { class: 'small muted' });
  const canRead = me.roles.some((r) => r === 'admin' || r === 'reviewer' || r === 'auditor');
  const history: Promise<History> | null = canRead
    ? get<History>(`/v1/schemes/${seg(v.authority)}/${seg(v.scheme)}/history?months=12&points=7`)
    : null;
  if (sc) {
    const colors = gradeColors(order);
    now.replaceChildren(
      barChart(
        t('console.chart.now', { scheme: v.scheme, judged: num(sc.judged) }),
        inSchemeOrder(sc.grades, order).map((g) => ({
          label: g.grade ?? t('grade.noneWord'),
          value: g.count,
          color: colors[g.grade ?? '(none)'],
        })),
        { height: 190 },
      ),
      h('p', { class: 'small muted' }, t('console.scoredNow', { judged: sc.judged })),
    );
  }
  if (history) {
    later(trend, async () => {
      const hist = await history;
      const colors = gradeColors(hist.grades);
      const cats = [...hist.grades, ...(hist.points.some((p) => (p.grades['(none)'] ?? 0) > 0) ? ['(none)'] : [])];
      const last = hist.points[hist.points.length - 1];
      if (!sc && last) {
        now.replaceChildren(
          barChart(
            t('console.chart.nowShares', { scheme: v.scheme }),
            cats.map((g) => ({
              label: g === '(none)' ? t('grade.noneWord') : g,
              value: last.grades[g] ?? 0,
              color: colors[g],
            })),
            { height: 190, share: true },
          ),
          h('p', { class: 'small muted' }, t('console.sampleShares', { sampled: hist.sampled })),
        );
      }
      note.textContent =
        hist.sampled < hist.population
          ? t('console.history.sample', { version: hist.version, sampled: hist.sampled, population: hist.population })
          : t('console.history.all', { version: hist.version, population: hist.population });
      return stackedColumns(
        t('console.chart.trend', { scheme: v.scheme }),
        hist.points.map((p) => ({
          label: new Date(p.at).toLocaleDateString(currentLocale(), {
            month: 'short',
            year: '2-digit',
            timeZone: 'UTC',
          }),
          values: p.grades,
        })),
        cats,
        colors,
      );
    });
  } else {
    trend.replaceChildren(h('p', { class: 'muted small' }, t('console.history.who')));
    if (!sc) now.replaceChildren(h('p', { class: 'muted small' }, t('console.noStats')));
  }
  return card(
    h(
      'span',
      null,
      schemeText(detail?.content, 'title', v.title ?? words(v.scheme)),
      ' ',
      h(
        'small',
        null,
        t('console.schemeLine', { scheme: v.scheme, version: v.version, public: v.public ? 'yes' : 'no' }),
      ),
    ),
    h(
      'div',
      { class: 'grid' },
      h('div', null, h('h3', null, t('console.byGradeNow')), now),
      h('div', null, h('h3', null, t('console.lastYear')), trend, note),
    ),
    h(
      'div',
      { class: 'actions' },
      h(
        'a',
        { class: 'btn secondary', href: `#/console/schemes/${seg(v.authority)}/${seg(v.scheme)}` },
        t('console.schemeLink'),
      ),
      me.roles.includes('admin')
        ? h(
            'a',
            {
              class: 'btn secondary',
              href: `#/console/publish?from=${seg(`${v.authority}/${v.scheme}/${v.version}`)}`,
            },
            t('console.publishNew'),
          )
        : null,
    ),
  );
}

function listsCard(lists: readonly ListSize[], docs: ReadonlyMap<string, SchemeDoc>): HTMLElement {
  const title = (l: ListSize): string => listTitle(docs.get(l.scheme), l.list, l.title);
  const recent = lists
    .flatMap((l) => l.recent.map((r) => ({ l, r })))
    .sort((a, b) => Date.parse(b.r.noticedAt) - Date.parse(a.r.noticedAt))
    .slice(0, 12);
  const open = (l: ListSize): number => l.counts.noticed + l.counts.suspended + l.counts.active;
  return card(
    t('console.lists'),
    table(
      [
        t('console.lists.list'),
        t('console.lists.scheme'),
        t('console.lists.type'),
        t('console.lists.inForce'),
        t('console.lists.inWindow'),
        t('console.lists.suspended'),
        t('console.lists.ended'),
      ],
      lists.map((l) => [
        h('strong', null, title(l)),
        l.scheme,
        pill(listTypeWord(l.type), listTypeTone(l.type)),
        num(l.counts.active),
        num(l.counts.noticed),
        num(l.counts.suspended),
        num(l.counts.ended),
      ]),
      { numeric: [3, 4, 5, 6], empty: t('console.lists.none') },
    ),
    h('p', { class: 'small muted' }, t('console.lists.open', { n: lists.reduce((a, l) => a + open(l), 0) })),
    h('h3', null, t('console.newest')),
    table(
      [
        t('console.newest.noticed'),
        t('console.newest.subject'),
        t('console.lists.list'),
        t('console.newest.state'),
        t('console.newest.effect'),
      ],
      recent.map(({ l, r }) => [
        date(r.noticedAt),
        h('a', { href: `#/console/subjects/${seg(r.subject)}` }, r.subject),
        title(l),
        pill(stateWord(r.state), stateTone(r.state, r.listType)),
        date(r.effectAt),
      ]),
      { empty: t('console.newest.none') },
    ),
  );
}

/** The operator console: populations by grade and their trend, lists, subject search, schemes. */
export function page(ctx: Ctx): Page {
  return {
    title: () => t('nav.console'),
    async render() {
      if (ctx.me.type !== 'staff') {
        return h(
          'div',
          null,
          pageHead(t('nav.console'), t('console.staffOnly')),
          h('p', null, h('a', { class: 'btn', href: '#/sign-in?next=/console' }, t('console.signInStaff'))),
        );
      }
      const me = ctx.me;
      const [versions, stats] = await Promise.all([
        get<{ versions: VersionSummary[] }>('/v1/schemes'),
        get<Statistics>('/v1/public/statistics').catch(() => null),
      ]);
      const latest = new Map<string, VersionSummary>();
      for (const v of versions.versions) if (v.authority === me.authority) latest.set(v.scheme, v);
      const schemes = [...latest.values()];
      const judged = stats?.authorities
        .find((a) => a.authority === me.authority)
        ?.schemes.reduce((a, s) => a + s.judged, 0);
      const details = await Promise.all(
        schemes.map((v) =>
          get<VersionDetail>(`/v1/schemes/${seg(v.authority)}/${seg(v.scheme)}/versions/${v.version}`).catch(
            () => null,
          ),
        ),
      );
      const mine = stats?.authorities.find((a) => a.authority === me.authority);
      const inForce = h('div', { class: 'v' }, '…');
      const listsSlot = later(
        h('div', null, card(t('console.lists'), loading(t('console.countingListings')))),
        async () => {
          const { lists } = await get<{ lists: ListSize[] }>('/v1/lists');
          inForce.textContent = num(lists.reduce((a, l) => a + l.counts.active, 0));
          return listsCard(lists, new Map(details.flatMap((d) => (d ? [[d.scheme, d.content] as const] : []))));
        },
      );
      return h(
        'div',
        null,
        pageHead(
          t('console.heading', { authority: me.authority }),
          t('console.signedIn', {
            account: me.account ?? '',
            key: me.account === null ? 'yes' : 'no',
            n: me.roles.length,
            roles: me.roles.map(roleWord).join(t('console.roleSep')),
          }),
          me.roles.includes('reviewer') ? h('a', { class: 'btn secondary', href: '#/review' }, t('nav.review')) : null,
          me.roles.includes('admin') ? h('a', { class: 'btn', href: '#/console/publish' }, t('console.publish')) : null,
          me.roles.includes('admin')
            ? h('a', { class: 'btn secondary', href: '#/console/simulate' }, t('console.simulate'))
            : null,
          me.roles.includes('admin')
            ? h('a', { class: 'btn secondary', href: '#/console/webhooks' }, t('webhooks.link'))
            : null,
          me.roles.includes('admin')
            ? h('a', { class: 'btn secondary', href: '#/console/candidates' }, t('candidates.link'))
            : null,
        ),
        h(
          'div',
          { class: 'grid' },
          card(
            t('console.subjects'),
            subjectSearch(),
            h('p', { class: 'small muted', style: 'margin-top:10px' }, t('console.subjects.lead')),
          ),
          card(
            t('console.glance'),
            h(
              'div',
              { class: 'kpis', style: 'margin:0' },
              h(
                'div',
                { class: 'kpi' },
                h('div', { class: 'v' }, num(schemes.length)),
                h('div', { class: 'k' }, t('console.kpi.schemes')),
              ),
              h(
                'div',
                { class: 'kpi' },
                h('div', { class: 'v' }, judged === undefined ? '—' : num(judged)),
                h('div', { class: 'k' }, t('console.kpi.judged')),
              ),
              h('div', { class: 'kpi' }, inForce, h('div', { class: 'k' }, t('console.kpi.inForce'))),
              h(
                'div',
                { class: 'kpi' },
                h('div', { class: 'v' }, mine ? num(mine.appeals.pending) : '—'),
                h('div', { class: 'k' }, t('console.kpi.appeals')),
              ),
              h(
                'div',
                { class: 'kpi' },
                h('div', { class: 'v' }, mine ? num(mine.disputes.overdue) : '—'),
                h(
                  'div',
                  { class: 'k' },
                  mine
                    ? t('console.kpi.disputes', {
                        deadline: duration(mine.disputes.deadline),
                        pending: mine.disputes.pending,
                      })
                    : t('console.kpi.disputesNone'),
                ),
              ),
            ),
          ),
        ),
        schemes.length
          ? schemes.map((v, i) => schemeCard(me, v, stats, details[i] ?? null))
          : card(t('console.schemes'), h('p', { class: 'empty' }, t('console.schemes.none'))),
        listsSlot,
      );
    },
  };
}
