import { get, qs, seg } from '../api.js';
import { barChart, gradeColors, inSchemeOrder, statBars } from '../charts.js';
import { card, h, pageHead, pill, table } from '../dom.js';
import { date, num, pct, plural, span, words, listName } from '../format.js';
import type { Page } from '../main.js';
import { listTypeTone } from '../scheme-text.js';
import type {
  AuditCheckpoint,
  AuthorityStats,
  ListEntries,
  PublicAuthority,
  PublishedList,
  SharingGrant,
  VersionDetail,
  VersionSummary,
} from '../types.js';
import { errorBox } from '../ui.js';

const ENTRIES_PAGE = 20;

/** The exact lookup (SPEC §8): whether one id the visitor already knows is on the list now. */
function lookupForm(l: PublishedList): HTMLElement {
  const input = h('input', {
    type: 'text',
    id: `lookup-${l.authority}-${l.scheme}-${l.list}`.replace(/[^A-Za-z0-9_-]/g, '_'),
    placeholder: 'person:… or org:…',
    autocomplete: 'off',
  });
  const answer = h('p', { class: 'small', role: 'status' });
  const form = h(
    'form',
    { class: 'lookup' },
    h('label', { for: input.id }, 'Is this id on the list?'),
    ' ',
    input,
    ' ',
    h('button', { type: 'submit', class: 'btn secondary' }, 'Look up'),
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
          r.listed && r.since ? `${r.subject} is listed since ${date(r.since)}.` : `${r.subject} is not on this list.`,
        );
      } catch (err) {
        answer.replaceChildren(errorBox(err, 'The lookup failed'));
      }
    })();
  });
  return form;
}

/** The list's entries, a page at a time, loaded when the list is opened. */
function entriesOf(l: PublishedList): HTMLElement {
  const body = h('div', null, h('p', { class: 'loading' }, 'Loading entries…'));
  const details = h('details', null, h('summary', null, 'Show who is on this list'), body);
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
            'Show more',
          )
        : null;
      body.replaceChildren(
        page.list.full
          ? ''
          : h(
              'p',
              { class: 'small muted' },
              'A person is shown masked: the first 6 and last 4 characters of the id, the rest hidden. Whoever knows an id can ask whether it is listed.',
            ),
        table(
          ['subject', 'listed since'],
          rows.map((e) => [h('code', null, e.subject), date(e.since)]),
          { empty: 'Nobody is on this list now.' },
        ),
        more ?? '',
        lookupForm(l),
      );
    } catch (err) {
      body.replaceChildren(errorBox(err, 'The entries could not be loaded'));
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
  title: 'Transparency register',
  englishOnly: true,
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
            a?.retention
              ? `Records are deleted ${a.retention} after they have lapsed under every scheme that reads them.`
              : 'Records are kept forever: no retention policy.',
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
                      h('a', { href: `#/public/${seg(v.authority)}/${seg(v.scheme)}` }, v.title ?? words(v.scheme)),
                      ' ',
                      h('small', { class: 'muted' }, `version ${v.version}`),
                    ),
                    sc
                      ? barChart(
                          `${v.title ?? v.scheme}: ${num(sc.judged)} subjects by grade`,
                          grades.map((g) => ({
                            label: g.grade ?? 'none',
                            value: g.count,
                            color: colors[g.grade ?? '(none)'],
                          })),
                          { share: true, height: 180 },
                        )
                      : h('p', { class: 'muted small' }, 'No statistics published for this scheme.'),
                    sc
                      ? h(
                          'p',
                          { class: 'small muted' },
                          `${num(sc.judged)} subjects scored under version ${sc.version}.`,
                        )
                      : null,
                    doc
                      ? h(
                          'p',
                          { class: 'small' },
                          `Scores ${doc.subjects.map((x) => (x === 'org' ? 'organizations' : 'persons')).join(' and ')} (context: ${doc.context}) with ${plural(doc.rules.length, 'rule')} and ${plural(doc.lists.length, 'list')}`,
                          doc.lists.length
                            ? `: ${doc.lists.map((l) => `${l.title ?? words(l.id)} (${l.type})`).join('; ')}. `
                            : '. ',
                          h(
                            'a',
                            { href: `#/public/${seg(v.authority)}/${seg(v.scheme)}` },
                            'Read the rules',
                            h('span', { class: 'sr-only' }, ` of ${v.title ?? words(v.scheme)} (${v.authority})`),
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
                  h('h3', null, 'Due process'),
                  statBars(`${name}: listings and appeals`, [
                    { label: 'Listings started', value: st.listings.started, color: '#3b6ea8' },
                    { label: 'Listings ended', value: st.listings.ended, color: '#3f8f6b' },
                    { label: 'Appeals filed', value: st.appeals.filed, color: '#6b4c9a' },
                    { label: 'Upheld', value: st.appeals.upheld, color: '#c4513b' },
                    { label: 'Overturned', value: st.appeals.overturned, color: '#1d6f5f' },
                    { label: 'Pending', value: st.appeals.pending, color: '#c7a33a' },
                  ]),
                  h(
                    'p',
                    { class: 'small muted' },
                    st.appeals.medianDecisionMs === null
                      ? 'No appeal decided yet.'
                      : `Median time from appeal to decision: ${span(st.appeals.medianDecisionMs)}.`,
                    st.appeals.upheld + st.appeals.overturned > 0
                      ? ` ${pct(st.appeals.overturned / (st.appeals.upheld + st.appeals.overturned), 0)} of decided appeals were overturned.`
                      : '',
                  ),
                ),
                myLists.length
                  ? h(
                      'div',
                      null,
                      h('h3', null, 'Published lists'),
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
                              h('strong', null, listName(l.list, l.title)),
                              pill(l.type, listTypeTone(l.type)),
                            ),
                            h('div', { class: 'small muted' }, `${l.scheme}, version ${l.version}`),
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
      pageHead(
        'Transparency register',
        'Every published scheme in plain words, the lists whose entries are public, and how due process is working — for anyone, without signing in.',
      ),
      h(
        'div',
        { class: 'kpis' },
        [
          [num(totals.judged), 'subjects scored'],
          [num(totals.started), 'listings started'],
          [num(totals.ended), 'listings ended'],
          [num(totals.filed), 'appeals filed'],
          [totals.decided ? pct(totals.overturned / totals.decided, 0) : '—', 'of decided appeals overturned'],
        ].map(([v, k]) => h('div', { class: 'kpi' }, h('div', { class: 'v' }, v), h('div', { class: 'k' }, k))),
      ),
      sections.length ? sections : h('p', { class: 'empty' }, 'No authority has published anything yet.'),
      card(
        'Data sharing between authorities',
        h(
          'p',
          { class: 'small muted' },
          'An authority’s schemes read another authority’s records only while the operator’s grant, with its purpose, holds.',
        ),
        table(
          ['records of', 'read by', 'purpose', 'granted', 'revoked'],
          shares.shares.map((g) => [
            h('strong', null, g.from),
            g.to,
            g.purpose,
            date(g.grantedAt),
            g.revokedAt === null ? '—' : date(g.revokedAt),
          ]),
          { empty: 'No authority reads another’s records.' },
        ),
      ),
      auditCheckpoints(checkpoints.checkpoints),
      h(
        'p',
        { class: 'footer-note' },
        `Figures as of ${date(stats.at)}. The API behind this page is documented at `,
        h('a', { href: '/docs' }, '/docs'),
        '.',
      ),
    );
  },
};

/** The signed checkpoints of the audit log: keep a copy, and later prove nothing was removed or rewritten (docs/audit.md). */
function auditCheckpoints(rows: readonly AuditCheckpoint[]): HTMLElement {
  return card(
    'Audit log checkpoints',
    h(
      'p',
      { class: 'small' },
      'Each chain of the audit log, signed by the operator as a C2SP checkpoint. Keep these notes: ',
      h('code', null, 'standing audit verify --checkpoint FILE --verifier KEY'),
      ' later fails, naming the chain, if any entry up to them was removed or rewritten.',
    ),
    rows.length
      ? table(
          ['chain', 'entries', 'head', 'signed'],
          rows.map((c) => [
            c.chain,
            num(c.size),
            h('code', { title: c.note }, `${c.head.slice(0, 16)}…`),
            date(c.signedAt),
          ]),
          { numeric: [1], caption: 'Latest checkpoint of each chain' },
        )
      : h('p', { class: 'muted small' }, 'No checkpoint has been signed yet.'),
  );
}
