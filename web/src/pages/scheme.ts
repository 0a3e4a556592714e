import { get, seg } from '../api.js';
import { card, facts, h, pageHead, pill, table } from '../dom.js';
import { date, duration, words, listName } from '../format.js';
import { t } from '../i18n.js';
import type { Ctx, Page } from '../main.js';
import { schemeBody } from '../scheme-text.js';
import type { DataContextReport, ReportEntry, VersionDetail, VersionSummary } from '../types.js';

/** The proportionality report (SPEC §5): for each sanction, what can trigger it, whether it crosses contexts, how long it can last. */
export function reportTable(report: readonly ReportEntry[]): HTMLElement {
  return table(
    ['list', 'sanction', 'domain', 'cross-context', 'triggered by', 'can last', 'justification'],
    report.map((r) => [
      listName(r.list),
      h(
        'span',
        null,
        h('code', null, r.action),
        ' ',
        pill(r.effect, r.privilege ? 'good' : 'bad'),
        r.limit
          ? ` ${Object.entries(r.limit)
              .map(([k, v]) => `${v} ${k}`)
              .join(', ')}`
          : '',
      ),
      `${r.actionDomain ?? 'unknown'} (scheme: ${r.schemeContext})`,
      r.crossContext ? pill('cross-context', 'warn') : pill('same context', 'neutral'),
      r.triggers === 'any'
        ? h('em', null, 'any record')
        : h('span', { class: 'small' }, r.triggers.map(words).join(', ')),
      r.longest === 'unbounded' ? pill('unbounded', 'warn') : duration(r.longest),
      r.justification
        ? `${r.justification}${r.basis ? ` — ${r.basis}` : ''}`
        : h('span', { class: 'muted' }, r.privilege ? 'not needed (privilege)' : 'none'),
    ]),
    { empty: 'This scheme sanctions nothing.' },
  );
}

/**
 * Which domains feed a scheme (SPEC §5, data contexts): each rule, grade and list condition that
 * reads records, the kinds and domains it reads, and for cross-context use its justification.
 */
export function dataContextTable(report: DataContextReport): HTMLElement {
  return h(
    'div',
    null,
    h(
      'p',
      null,
      `Domains feeding this scheme (context ${report.schemeContext}): `,
      report.domains.length === 0
        ? h('span', { class: 'muted' }, 'none')
        : h(
            'span',
            null,
            ...report.domains.flatMap((d, i) => [
              i > 0 ? ' ' : '',
              pill(d === 'any' ? 'any record' : d, d === report.schemeContext ? 'neutral' : 'warn'),
            ]),
          ),
    ),
    table(
      ['reads', 'record kinds', 'domains', 'cross-context', 'justification'],
      report.uses.map((u) => [
        `${u.on} ${u.id}`,
        u.kinds === 'any'
          ? h('em', null, 'any record')
          : h(
              'span',
              { class: 'small' },
              u.kinds.map((k) => h('code', null, k)).flatMap((c, i) => (i > 0 ? [', ', c] : [c])),
            ),
        u.domains.join(', '),
        u.crossContext ? pill('cross-context', 'warn') : pill('same context', 'neutral'),
        u.dataJustification
          ? `${u.dataJustification}${u.basis ? ` — ${u.basis}` : ''}`
          : h('span', { class: 'muted' }, u.crossContext ? 'none' : 'not needed'),
      ]),
      { empty: 'This scheme reads no records.' },
    ),
  );
}

/** One scheme, readable: its versions, its rules in words, its proportionality report and its source. Shared by the register and the console. */
export function page(ctx: Ctx): Page {
  const [authority = '', scheme = '', wanted = ''] = ctx.params;
  const inConsole = ctx.path.startsWith('/console/');
  const base = inConsole ? '#/console/schemes' : '#/public';
  return {
    title: `${scheme} of ${authority}`,
    englishOnly: true,
    async render() {
      const { versions } = await get<{ versions: VersionSummary[] }>(`/v1/schemes/${seg(authority)}/${seg(scheme)}`);
      const latest = versions[versions.length - 1]!;
      const version = wanted ? Number(wanted) : latest.version;
      const v = await get<VersionDetail>(`/v1/schemes/${seg(authority)}/${seg(scheme)}/versions/${version}`);
      const doc = v.content;
      const staffHere = ctx.me.type === 'staff' && ctx.me.authority === authority;
      return h(
        'div',
        null,
        h(
          'div',
          { class: 'crumbs' },
          inConsole ? h('a', { href: '#/console' }, 'Console') : h('a', { href: '#/public' }, 'Transparency register'),
          ' / ',
          authority,
        ),
        pageHead(
          v.title ?? words(v.scheme),
          h(
            'span',
            null,
            `${authority} · scheme `,
            h('code', null, v.scheme),
            ` · version ${v.version}${v.version === latest.version ? ' (latest)' : ''} · published ${date(v.publishedAt)}`,
          ),
          staffHere && ctx.me.type === 'staff' && ctx.me.roles.includes('admin')
            ? h(
                'a',
                { class: 'btn', href: `#/console/publish?from=${seg(`${authority}/${scheme}/${v.version}`)}` },
                'Publish a new version',
              )
            : null,
          staffHere && ctx.me.type === 'staff' && ctx.me.roles.includes('admin')
            ? h('a', { class: 'btn secondary', href: '#/console/candidates' }, t('candidates.link'))
            : null,
        ),
        h(
          'div',
          { class: 'grid-2' },
          h('div', null, card('How this scheme works', schemeBody(doc))),
          h(
            'div',
            null,
            card(
              'About',
              facts([
                ['Authority', authority],
                ['Context', doc.context],
                ['Judges', doc.subjects.join(', ')],
                ['Reads records of', doc.sources.join(', ')],
                ['Consent', doc.consent === 'required' ? 'required (opt-in)' : 'not required'],
                ['Visibility', v.public ? 'public' : 'private: its authority and the subjects it judges'],
                ['Basis', doc.basis ?? null],
              ]),
            ),
            card(
              'Versions',
              h(
                'ul',
                { class: 'list-plain' },
                [...versions]
                  .reverse()
                  .map((x) =>
                    h(
                      'li',
                      { class: 'spread' },
                      x.version === v.version
                        ? h('strong', { 'aria-current': 'page' }, `Version ${x.version}`)
                        : h(
                            'a',
                            { href: `${base}/${seg(authority)}/${seg(scheme)}/${x.version}` },
                            `Version ${x.version}`,
                          ),
                      h('span', { class: 'small muted' }, date(x.publishedAt)),
                    ),
                  ),
              ),
            ),
            card(
              null,
              h(
                'details',
                null,
                h('summary', null, 'The scheme as published (YAML)'),
                h('pre', { class: 'source' }, v.source),
              ),
            ),
          ),
        ),
        card(
          'Proportionality report',
          h(
            'p',
            { class: 'small muted' },
            'For each sanction: the record kinds that can trigger it, whether it reaches outside the scheme’s own context (and then the justification and legal basis it must carry), and how long it can last.',
          ),
          reportTable(v.report),
        ),
        card(
          'Data contexts',
          h(
            'p',
            { class: 'small muted' },
            'Which domains’ records this scheme reads, rule by rule. Reading records of another domain than the scheme’s context (or of any kind) is cross-context data use and must carry a justification and a legal basis (EU AI Act art. 5(1)(c)(i)).',
          ),
          dataContextTable(v.dataContext),
        ),
      );
    },
  };
}
