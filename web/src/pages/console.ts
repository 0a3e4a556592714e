import { get, seg } from '../api.js';
import { barChart, gradeColors, inSchemeOrder, stackedColumns } from '../charts.js';
import { card, h, loading, pageHead, pill, table } from '../dom.js';
import { date, num, words, listName } from '../format.js';
import { t } from '../i18n.js';
import type { Ctx, Page } from '../main.js';
import { listTypeTone } from '../scheme-text.js';
import type { History, ListSize, Staff, Statistics, VersionDetail, VersionSummary } from '../types.js';
import { errorBox, stateTone } from '../ui.js';

const SUBJECT = /^(person|org):\S{1,200}$/;

/** Fills `slot` when `work` resolves; shows the error there if it fails. */
function later(slot: HTMLElement, work: () => Promise<Node>): HTMLElement {
  work().then(
    (node) => slot.replaceChildren(node),
    (err: unknown) => slot.replaceChildren(errorBox(err, 'This part could not be loaded')),
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
    { role: 'search', 'aria-label': 'Find a subject' },
    h('label', { for: 'subject-search', class: 'label' }, 'Find a subject by id'),
    h('div', { class: 'search', style: 'margin-top:6px' }, box, h('button', { type: 'submit', class: 'btn' }, 'Open')),
    err,
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    let id = box.value.trim();
    if (/^\d[\w-]*$/.test(id)) id = `person:${id}`;
    if (!SUBJECT.test(id)) {
      box.setAttribute('aria-invalid', 'true');
      err.textContent = 'A subject id is person:… or org:… (for example person:110101199003071234).';
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
  const now = h('div', null, loading('Counting'));
  const trend = h('div', null, loading('Evaluating past dates'));
  const note = h('p', { class: 'small muted' });
  const canRead = me.roles.some((r) => r === 'admin' || r === 'reviewer' || r === 'auditor');
  const history: Promise<History> | null = canRead
    ? get<History>(`/v1/schemes/${seg(v.authority)}/${seg(v.scheme)}/history?months=12&points=7`)
    : null;
  if (sc) {
    const colors = gradeColors(order);
    now.replaceChildren(
      barChart(
        `${v.scheme} now: ${num(sc.judged)} subjects by grade`,
        inSchemeOrder(sc.grades, order).map((g) => ({
          label: g.grade ?? 'none',
          value: g.count,
          color: colors[g.grade ?? '(none)'],
        })),
        { height: 190 },
      ),
      h('p', { class: 'small muted' }, `${num(sc.judged)} subjects scored now.`),
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
            `${v.scheme} now, by grade`,
            cats.map((g) => ({ label: g === '(none)' ? 'none' : g, value: last.grades[g] ?? 0, color: colors[g] })),
            { height: 190, share: true },
          ),
          h('p', { class: 'small muted' }, `Shares of a sample of ${num(hist.sampled)} subjects.`),
        );
      }
      note.textContent =
        hist.sampled < hist.population
          ? `Version ${hist.version}'s rules applied to the records as they stood on each date, for a sample of ${num(hist.sampled)} of ${num(hist.population)} subjects.`
          : `Version ${hist.version}'s rules applied to the records as they stood on each date, for all ${num(hist.population)} subjects.`;
      return stackedColumns(
        `${v.scheme}: share of subjects by grade over the last 12 months`,
        hist.points.map((p) => ({
          label: new Date(p.at).toLocaleDateString(undefined, { month: 'short', year: '2-digit', timeZone: 'UTC' }),
          values: p.grades,
        })),
        cats,
        colors,
      );
    });
  } else {
    trend.replaceChildren(
      h('p', { class: 'muted small' }, 'Scores and their history are read by admins, reviewers and auditors.'),
    );
    if (!sc) now.replaceChildren(h('p', { class: 'muted small' }, 'No public statistics for this scheme.'));
  }
  return card(
    h(
      'span',
      null,
      v.title ?? words(v.scheme),
      ' ',
      h('small', null, `${v.scheme} · version ${v.version}${v.public ? '' : ' · private'}`),
    ),
    h(
      'div',
      { class: 'grid' },
      h('div', null, h('h3', null, 'Population by grade now'), now),
      h('div', null, h('h3', null, 'Change over the last year'), trend, note),
    ),
    h(
      'div',
      { class: 'actions' },
      h(
        'a',
        { class: 'btn secondary', href: `#/console/schemes/${seg(v.authority)}/${seg(v.scheme)}` },
        'Rules, versions and proportionality',
      ),
      me.roles.includes('admin')
        ? h(
            'a',
            {
              class: 'btn secondary',
              href: `#/console/publish?from=${seg(`${v.authority}/${v.scheme}/${v.version}`)}`,
            },
            'Publish a new version',
          )
        : null,
    ),
  );
}

function listsCard(lists: readonly ListSize[]): HTMLElement {
  const recent = lists
    .flatMap((l) => l.recent.map((r) => ({ l, r })))
    .sort((a, b) => Date.parse(b.r.noticedAt) - Date.parse(a.r.noticedAt))
    .slice(0, 12);
  const open = (l: ListSize): number => l.counts.noticed + l.counts.suspended + l.counts.active;
  return card(
    'Lists',
    table(
      ['list', 'scheme', 'type', 'in force', 'in appeal window', 'suspended by appeal', 'ended'],
      lists.map((l) => [
        h('strong', null, listName(l.list, l.title)),
        l.scheme,
        pill(l.type, listTypeTone(l.type)),
        num(l.counts.active),
        num(l.counts.noticed),
        num(l.counts.suspended),
        num(l.counts.ended),
      ]),
      { numeric: [3, 4, 5, 6], empty: 'Your authority’s schemes have no lists.' },
    ),
    h('p', { class: 'small muted' }, `${num(lists.reduce((a, l) => a + open(l), 0))} listings open in all.`),
    h('h3', null, 'Newest listings'),
    table(
      ['noticed', 'subject', 'list', 'state', 'takes effect'],
      recent.map(({ l, r }) => [
        date(r.noticedAt),
        h('a', { href: `#/console/subjects/${seg(r.subject)}` }, r.subject),
        listName(l.list, l.title),
        pill(r.state, stateTone(r.state, r.listType)),
        date(r.effectAt),
      ]),
      { empty: 'No listings yet.' },
    ),
  );
}

/** The operator console: populations by grade and their trend, lists, subject search, schemes. */
export function page(ctx: Ctx): Page {
  return {
    title: 'Console',
    englishOnly: true,
    async render() {
      if (ctx.me.type !== 'staff') {
        return h(
          'div',
          null,
          pageHead('Console', 'The console is for the staff of an authority.'),
          h('p', null, h('a', { class: 'btn', href: '#/sign-in?next=/console' }, 'Sign in as staff')),
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
      const listsSlot = later(h('div', null, card('Lists', loading('Counting listings'))), async () => {
        const { lists } = await get<{ lists: ListSize[] }>('/v1/lists');
        inForce.textContent = num(lists.reduce((a, l) => a + l.counts.active, 0));
        return listsCard(lists);
      });
      return h(
        'div',
        null,
        pageHead(
          `Console · ${me.authority}`,
          `Signed in as ${me.account ?? 'an API key'} with the role${me.roles.length > 1 ? 's' : ''} ${me.roles.join(', ')}.`,
          me.roles.includes('reviewer') ? h('a', { class: 'btn secondary', href: '#/review' }, 'Review queue') : null,
          me.roles.includes('admin') ? h('a', { class: 'btn', href: '#/console/publish' }, 'Publish a scheme') : null,
          me.roles.includes('admin')
            ? h('a', { class: 'btn secondary', href: '#/console/simulate' }, 'Simulate a draft')
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
            'Subjects',
            subjectSearch(),
            h(
              'p',
              { class: 'small muted', style: 'margin-top:10px' },
              'The subject page shows the score history, every contribution explained, listings and notices.',
            ),
          ),
          card(
            'At a glance',
            h(
              'div',
              { class: 'kpis', style: 'margin:0' },
              h(
                'div',
                { class: 'kpi' },
                h('div', { class: 'v' }, num(schemes.length)),
                h('div', { class: 'k' }, 'schemes published'),
              ),
              h(
                'div',
                { class: 'kpi' },
                h('div', { class: 'v' }, judged === undefined ? '—' : num(judged)),
                h('div', { class: 'k' }, 'subjects scored (public schemes)'),
              ),
              h('div', { class: 'kpi' }, inForce, h('div', { class: 'k' }, 'listings in force')),
              h(
                'div',
                { class: 'kpi' },
                h('div', { class: 'v' }, mine ? num(mine.appeals.pending) : '—'),
                h('div', { class: 'k' }, 'appeals awaiting a reviewer'),
              ),
              h(
                'div',
                { class: 'kpi' },
                h('div', { class: 'v' }, mine ? num(mine.disputes.overdue) : '—'),
                h(
                  'div',
                  { class: 'k' },
                  mine
                    ? `disputes past their ${mine.disputes.deadline} deadline (of ${num(mine.disputes.pending)} open)`
                    : 'disputes past their deadline',
                ),
              ),
            ),
          ),
        ),
        schemes.length
          ? schemes.map((v, i) => schemeCard(me, v, stats, details[i] ?? null))
          : card('Schemes', h('p', { class: 'empty' }, 'Your authority has published no scheme yet.')),
        listsSlot,
      );
    },
  };
}
