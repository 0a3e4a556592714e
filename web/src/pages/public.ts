import { get, qs, seg } from '../api.js';
import { barChart, gradeColors, inSchemeOrder, statBars } from '../charts.js';
import { card, h, pageHead, pill, table } from '../dom.js';
import { date, num, pct, span, words, listName } from '../format.js';
import { currentLocale, t } from '../i18n.js';
import type { Page } from '../main.js';
import { listTypeTone } from '../scheme-text.js';
import type {
  AuditCheckpoint,
  AuthorityStats,
  ListEntries,
  PublicAuthority,
  PublishedList,
  SchemeDoc,
  SharingGrant,
  VersionDetail,
  VersionSummary,
} from '../types.js';
import { errorBox } from '../ui.js';

const ENTRIES_PAGE = 20;

/** A scheme's title in the page's language: its own translation where it gave one. */
function titleOf(v: VersionSummary, doc: SchemeDoc | undefined): string {
  return doc?.translations?.[currentLocale()]?.title ?? v.title ?? words(v.scheme);
}

/** A list's title in the page's language, from its scheme's translations where it gave one. */
function listTitleOf(doc: SchemeDoc | undefined, id: string, english: string): string {
  const i = doc?.lists.findIndex((l) => l.id === id) ?? -1;
  return (i >= 0 ? doc?.translations?.[currentLocale()]?.[`lists[${i}].title`] : undefined) ?? english;
}

const listTypeKey = (type: string): 'listType.blacklist' | 'listType.redlist' | 'listType.watchlist' =>
  type === 'redlist' ? 'listType.redlist' : type === 'watchlist' ? 'listType.watchlist' : 'listType.blacklist';

/** The exact lookup (SPEC §8): whether one id the visitor already knows is on the list now. */
function lookupForm(l: PublishedList): HTMLElement {
  const input = h('input', {
    type: 'text',
    id: `lookup-${l.authority}-${l.scheme}-${l.list}`.replace(/[^A-Za-z0-9_-]/g, '_'),
    placeholder: t('public.lookup.placeholder'),
    autocomplete: 'off',
  });
  const answer = h('p', { class: 'small', role: 'status' });
  const form = h(
    'form',
    { class: 'lookup' },
    h('label', { for: input.id }, t('public.lookup.label')),
    ' ',
    input,
    ' ',
    h('button', { type: 'submit', class: 'btn secondary' }, t('public.lookup.submit')),
    answer,
  );
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    void (async () => {
      try {
        const r = await get<{ listed: boolean; since: string | null; subject: string }>(
          `/v1/public/lists/${seg(l.authority)}/${seg(l.list)}/entries/${seg(input.value.trim())}`,
        );
        answer.replaceChildren(
          r.listed && r.since
            ? t('public.lookup.listed', { subject: r.subject, since: date(r.since) })
            : t('public.lookup.notListed', { subject: r.subject }),
        );
      } catch (err) {
        answer.replaceChildren(errorBox(err, t('public.lookup.failed')));
      }
    })();
  });
  return form;
}

/** The list's entries, a page at a time, loaded when the list is opened. */
function entriesOf(l: PublishedList): HTMLElement {
  const body = h('div', null, h('p', { class: 'loading' }, t('public.entries.loading')));
  const details = h('details', null, h('summary', null, t('public.entries.show')), body);
  let loaded = false;
  const load = async (after: string | null, rows: { subject: string; since: string }[]): Promise<void> => {
    try {
      const page = await get<ListEntries>(
        `/v1/public/lists/${seg(l.authority)}/${seg(l.scheme)}/${seg(l.list)}/entries${qs({ limit: ENTRIES_PAGE, after })}`,
      );
      rows.push(...page.entries);
      const more = page.next
        ? h(
            'button',
            { type: 'button', class: 'btn secondary', onclick: () => void load(page.next, rows) },
            t('public.entries.more'),
          )
        : null;
      body.replaceChildren(
        page.list.full ? '' : h('p', { class: 'small muted' }, t('public.entries.masked')),
        table(
          [t('public.entries.subject'), t('public.entries.since')],
          rows.map((e) => [h('code', null, e.subject), date(e.since)]),
          { empty: t('public.entries.none') },
        ),
        more ?? '',
        lookupForm(l),
      );
    } catch (err) {
      body.replaceChildren(errorBox(err, t('public.entries.failed')));
    }
  };
  details.addEventListener('toggle', () => {
    if (details.open && !loaded) {
      loaded = true;
      void load(null, []);
    }
  });
  return details;
}

/** The public transparency register: schemes, published lists and statistics, for anyone. */
export const page: Page = {
  title: () => t('public.title'),
  async render() {
    const [authorities, stats, versions, lists, shares, checkpoints] = await Promise.all([
      get<{ authorities: PublicAuthority[] }>('/v1/public/authorities'),
      get<{ at: string; authorities: AuthorityStats[] }>('/v1/public/statistics'),
      get<{ versions: VersionSummary[] }>('/v1/schemes'),
      get<{ lists: PublishedList[] }>('/v1/public/lists'),
      get<{ shares: SharingGrant[] }>('/v1/public/shares'),
      get<{ checkpoints: AuditCheckpoint[] }>('/v1/audit/checkpoints').catch(() => ({ checkpoints: [] })),
    ]);
    const latest = new Map<string, VersionSummary & { count: number }>();
    for (const v of versions.versions) {
      const k = `${v.authority}/${v.scheme}`;
      const prev = latest.get(k);
      if (!prev || prev.version < v.version) latest.set(k, { ...v, count: (prev?.count ?? 0) + 1 });
      else latest.set(k, { ...prev, count: prev.count + 1 });
    }
    const totals = stats.authorities.reduce(
      (a, s) => ({
        judged: a.judged + s.schemes.reduce((x, y) => x + y.judged, 0),
        started: a.started + s.listings.started,
        ended: a.ended + s.listings.ended,
        filed: a.filed + s.appeals.filed,
        overturned: a.overturned + s.appeals.overturned,
        decided: a.decided + s.appeals.upheld + s.appeals.overturned,
      }),
      { judged: 0, started: 0, ended: 0, filed: 0, overturned: 0, decided: 0 },
    );
    const details = new Map<string, VersionDetail>();
    await Promise.all(
      [...latest.values()].map(async (v) => {
        const d = await get<VersionDetail>(
          `/v1/schemes/${seg(v.authority)}/${seg(v.scheme)}/versions/${v.version}`,
        ).catch(() => null);
        if (d) details.set(`${v.authority}/${v.scheme}`, d);
      }),
    );
    const names = new Map(authorities.authorities.map((a) => [a.name, a]));
    const names2 = [
      ...new Set([...authorities.authorities.map((a) => a.name), ...stats.authorities.map((s) => s.authority)]),
    ].sort();
    const sections = names2
      .map((name) => {
        const a = names.get(name);
        const st = stats.authorities.find((s) => s.authority === name);
        const schemes = [...latest.values()].filter((v) => v.authority === name);
        const myLists = lists.lists.filter((l) => l.authority === name);
        if (!st && schemes.length === 0 && myLists.length === 0) return null;
        return card(
          h(
            'span',
            null,
            a?.title ?? name,
            ' ',
            h('small', null, [a?.kind, a?.title ? name : null].filter(Boolean).join(' · ')),
          ),
          h(
            'p',
            { class: 'small muted' },
            a?.retention ? t('public.retention', { retention: a.retention }) : t('public.retention.none'),
          ),
          h(
            'p',
            { class: 'small muted', 'data-reports': a?.reports.open ? 'open' : 'closed' },
            a?.reports.open ? t('public.reportsOpen', { perDay: a.reports.perDay }) : t('public.reportsClosed'),
          ),
          schemes.length
            ? h(
                'div',
                { class: 'grid' },
                schemes.map((v) => {
                  const sc = st?.schemes.find((x) => x.scheme === v.scheme);
                  const doc = details.get(`${v.authority}/${v.scheme}`)?.content;
                  const order = doc ? doc.grades.map((g) => g.id) : (sc?.grades.map((g) => g.grade ?? '') ?? []);
                  const colors = gradeColors(order);
                  const grades = sc ? inSchemeOrder(sc.grades, order) : [];
                  return h(
                    'div',
                    { class: 'stack' },
                    h(
                      'h3',
                      null,
                      h('a', { href: `#/public/${seg(v.authority)}/${seg(v.scheme)}` }, titleOf(v, doc)),
                      ' ',
                      h('small', { class: 'muted' }, t('public.version', { version: String(v.version) })),
                    ),
                    sc
                      ? barChart(
                          t('public.chart', { title: titleOf(v, doc), judged: num(sc.judged) }),
                          grades.map((g) => ({
                            label: g.grade ?? t('grade.noneWord'),
                            value: g.count,
                            color: colors[g.grade ?? '(none)'],
                          })),
                          { share: true, height: 180 },
                        )
                      : h('p', { class: 'muted small' }, t('public.noStats')),
                    sc
                      ? h(
                          'p',
                          { class: 'small muted' },
                          t('public.judged', { judged: num(sc.judged), version: String(sc.version) }),
                        )
                      : null,
                    doc
                      ? h(
                          'p',
                          { class: 'small' },
                          t('public.scores', {
                            who: doc.subjects.length > 1 ? 'both' : doc.subjects[0] === 'org' ? 'org' : 'person',
                            context: doc.context,
                            rules: doc.rules.length,
                            lists: doc.lists.length,
                          }),
                          doc.lists.length
                            ? `${t('public.colon')}${doc.lists.map((l) => `${listTitleOf(doc, l.id, l.title ?? words(l.id))} (${t(listTypeKey(l.type))})`).join(t('public.listSep'))}${t('public.sentenceEnd')} `
                            : `${t('public.sentenceEnd')} `,
                          h(
                            'a',
                            { href: `#/public/${seg(v.authority)}/${seg(v.scheme)}` },
                            t('public.readRules'),
                            h(
                              'span',
                              { class: 'sr-only' },
                              t('public.readRules.of', { title: titleOf(v, doc), authority: v.authority }),
                            ),
                          ),
                        )
                      : null,
                  );
                }),
              )
            : null,
          st
            ? h(
                'div',
                { class: 'grid' },
                h(
                  'div',
                  null,
                  h('h3', null, t('public.dueProcess')),
                  statBars(`${name}: listings and appeals`, [
                    { label: t('public.stat.started'), value: st.listings.started, color: '#3b6ea8' },
                    { label: t('public.stat.ended'), value: st.listings.ended, color: '#3f8f6b' },
                    { label: t('public.stat.filed'), value: st.appeals.filed, color: '#6b4c9a' },
                    { label: t('state.upheld'), value: st.appeals.upheld, color: '#c4513b' },
                    { label: t('state.overturned'), value: st.appeals.overturned, color: '#1d6f5f' },
                    { label: t('state.pending'), value: st.appeals.pending, color: '#c7a33a' },
                  ]),
                  h(
                    'p',
                    { class: 'small muted' },
                    st.appeals.medianDecisionMs === null
                      ? t('public.noDecision')
                      : t('public.median', { span: span(st.appeals.medianDecisionMs) }),
                    st.appeals.upheld + st.appeals.overturned > 0
                      ? ` ${t('public.overturnedShare', { share: pct(st.appeals.overturned / (st.appeals.upheld + st.appeals.overturned), 0) })}`
                      : '',
                  ),
                ),
                myLists.length
                  ? h(
                      'div',
                      null,
                      h('h3', null, t('public.lists')),
                      h(
                        'ul',
                        { class: 'list-plain' },
                        myLists.map((l) =>
                          h(
                            'li',
                            null,
                            h(
                              'div',
                              { class: 'row' },
                              h(
                                'strong',
                                null,
                                listTitleOf(
                                  details.get(`${l.authority}/${l.scheme}`)?.content,
                                  l.list,
                                  listName(l.list, l.title),
                                ),
                              ),
                              pill(t(listTypeKey(l.type)), listTypeTone(l.type)),
                            ),
                            h(
                              'div',
                              { class: 'small muted' },
                              t('public.listScheme', { scheme: l.scheme, version: String(l.version) }),
                            ),
                            entriesOf(l),
                          ),
                        ),
                      ),
                    )
                  : null,
              )
            : null,
        );
      })
      .filter((x) => x !== null);

    return h(
      'div',
      null,
      pageHead(t('public.title'), t('public.lead')),
      h(
        'div',
        { class: 'kpis' },
        [
          [num(totals.judged), t('public.kpi.judged')],
          [num(totals.started), t('public.kpi.started')],
          [num(totals.ended), t('public.kpi.ended')],
          [num(totals.filed), t('public.kpi.filed')],
          [totals.decided ? pct(totals.overturned / totals.decided, 0) : '—', t('public.kpi.overturned')],
        ].map(([v, k]) => h('div', { class: 'kpi' }, h('div', { class: 'v' }, v), h('div', { class: 'k' }, k))),
      ),
      sections.length ? sections : h('p', { class: 'empty' }, t('public.nothing')),
      card(
        t('public.sharing'),
        h('p', { class: 'small muted' }, t('public.sharing.lead')),
        table(
          [
            t('public.sharing.from'),
            t('public.sharing.to'),
            t('public.sharing.purpose'),
            t('public.sharing.granted'),
            t('public.sharing.revoked'),
          ],
          shares.shares.map((g) => [
            h('strong', null, g.from),
            g.to,
            g.purpose,
            date(g.grantedAt),
            g.revokedAt === null ? '—' : date(g.revokedAt),
          ]),
          { empty: t('public.sharing.none') },
        ),
      ),
      auditCheckpoints(checkpoints.checkpoints),
      h(
        'p',
        { class: 'footer-note' },
        t('public.footer', { at: date(stats.at) }),
        ' ',
        h('a', { href: '/docs' }, '/docs'),
      ),
    );
  },
};

/** The signed checkpoints of the audit log: keep a copy, and later prove nothing was removed or rewritten (docs/audit.md). */
function auditCheckpoints(rows: readonly AuditCheckpoint[]): HTMLElement {
  return card(
    t('public.checkpoints'),
    h(
      'p',
      { class: 'small' },
      t('public.checkpoints.lead'),
      ' ',
      h('code', null, 'standing audit verify --checkpoint FILE --verifier KEY'),
      ' ',
      t('public.checkpoints.after'),
    ),
    rows.length
      ? table(
          [t('public.cp.chain'), t('public.cp.entries'), t('public.cp.head'), t('public.cp.signed')],
          rows.map((c) => [
            c.chain,
            num(c.size),
            h('code', { title: c.note }, `${c.head.slice(0, 16)}…`),
            date(c.signedAt),
          ]),
          { numeric: [1], caption: t('public.cp.caption') },
        )
      : h('p', { class: 'muted small' }, t('public.cp.none')),
  );
}
