import { get, seg } from '../api.js';
import { card, facts, h, pageHead, pill, table } from '../dom.js';
import { date, duration, words } from '../format.js';
import { t } from '../i18n.js';
import type { Ctx, Page } from '../main.js';
import { schemeBody } from '../scheme-text.js';
import { effectWord, listTitle, sanctionPath, schemeText, subjectTypeWord } from '../staff-text.js';
import type { DataContextReport, ReportEntry, SchemeDoc, VersionDetail, VersionSummary } from '../types.js';

/** The proportionality report (SPEC §5): for each sanction, what can trigger it, whether it crosses contexts, how long it can last. */
export function reportTable(report: readonly ReportEntry[], doc: SchemeDoc | null = null): HTMLElement {
  // The scheme's own translations of its list titles, justifications and bases, where it gave them (not for a draft being checked).
  const text = (r: ReportEntry, field: 'justification' | 'basis', english: string): string =>
    schemeText(doc, sanctionPath(doc, r.list, r.action, field), english);
  return table(
    [
      t('scheme.report.list'),
      t('scheme.report.sanction'),
      t('scheme.report.domain'),
      t('scheme.report.cross'),
      t('scheme.report.triggers'),
      t('scheme.report.lasts'),
      t('scheme.report.justification'),
    ],
    report.map((r) => [
      listTitle(doc, r.list),
      h(
        'span',
        null,
        h('code', null, r.action),
        ' ',
        pill(effectWord(r.effect), r.privilege ? 'good' : 'bad'),
        r.limit
          ? ` ${Object.entries(r.limit)
              .map(([k, v]) => `${v} ${k}`)
              .join(t('scheme.sep'))}`
          : '',
      ),
      t('scheme.report.domainText', {
        domain: r.actionDomain ?? '',
        known: r.actionDomain ? 'yes' : 'no',
        context: r.schemeContext,
      }),
      r.crossContext ? pill(t('scheme.report.cross'), 'warn') : pill(t('scheme.report.same'), 'neutral'),
      r.triggers === 'any'
        ? h('em', null, t('scheme.report.anyRecord'))
        : h('span', { class: 'small' }, r.triggers.map(words).join(t('scheme.sep'))),
      r.longest === 'unbounded' ? pill(t('scheme.report.unbounded'), 'warn') : duration(r.longest),
      r.justification
        ? `${text(r, 'justification', r.justification)}${r.basis ? ` — ${text(r, 'basis', r.basis)}` : ''}`
        : h('span', { class: 'muted' }, r.privilege ? t('scheme.report.notNeededPrivilege') : t('grade.noneWord')),
    ]),
    { empty: t('scheme.report.none') },
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
      t('scheme.data.domains', { context: report.schemeContext }),
      report.domains.length === 0
        ? h('span', { class: 'muted' }, t('grade.noneWord'))
        : h(
            'span',
            null,
            ...report.domains.flatMap((d, i) => [
              i > 0 ? ' ' : '',
              pill(d === 'any' ? t('scheme.report.anyRecord') : d, d === report.schemeContext ? 'neutral' : 'warn'),
            ]),
          ),
    ),
    table(
      [
        t('scheme.data.reads'),
        t('scheme.data.kinds'),
        t('scheme.data.domainsCol'),
        t('scheme.report.cross'),
        t('scheme.report.justification'),
      ],
      report.uses.map((u) => [
        t('scheme.data.on', { on: u.on, id: u.id }),
        u.kinds === 'any'
          ? h('em', null, t('scheme.report.anyRecord'))
          : h(
              'span',
              { class: 'small' },
              u.kinds.map((k) => h('code', null, k)).flatMap((c, i) => (i > 0 ? [t('scheme.sep'), c] : [c])),
            ),
        u.domains.join(t('scheme.sep')),
        u.crossContext ? pill(t('scheme.report.cross'), 'warn') : pill(t('scheme.report.same'), 'neutral'),
        u.dataJustification
          ? `${u.dataJustification}${u.basis ? ` — ${u.basis}` : ''}`
          : h('span', { class: 'muted' }, u.crossContext ? t('grade.noneWord') : t('scheme.data.notNeeded')),
      ]),
      { empty: t('scheme.data.none') },
    ),
  );
}

/** One scheme, readable: its versions, its rules in words, its proportionality report and its source. Shared by the register and the console. */
export function page(ctx: Ctx): Page {
  const [authority = '', scheme = '', wanted = ''] = ctx.params;
  const inConsole = ctx.path.startsWith('/console/');
  const base = inConsole ? '#/console/schemes' : '#/public';
  return {
    title: () => t('scheme.title', { scheme, authority }),
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
          inConsole ? h('a', { href: '#/console' }, t('nav.console')) : h('a', { href: '#/public' }, t('public.title')),
          ' / ',
          authority,
        ),
        pageHead(
          schemeText(doc, 'title', v.title ?? words(v.scheme)),
          h(
            'span',
            null,
            t('scheme.head.authority', { authority }),
            h('code', null, v.scheme),
            t('scheme.head.version', {
              version: v.version,
              latest: v.version === latest.version ? 'yes' : 'no',
              at: date(v.publishedAt),
            }),
          ),
          staffHere && ctx.me.type === 'staff' && ctx.me.roles.includes('admin')
            ? h(
                'a',
                { class: 'btn', href: `#/console/publish?from=${seg(`${authority}/${scheme}/${v.version}`)}` },
                t('console.publishNew'),
              )
            : null,
          staffHere && ctx.me.type === 'staff' && ctx.me.roles.includes('admin')
            ? h('a', { class: 'btn secondary', href: '#/console/candidates' }, t('candidates.link'))
            : null,
        ),
        h(
          'div',
          { class: 'grid-2' },
          h('div', null, card(t('scheme.how'), schemeBody(doc))),
          h(
            'div',
            null,
            card(
              t('scheme.about'),
              facts([
                [t('scheme.about.authority'), authority],
                [t('scheme.about.context'), doc.context],
                [t('scheme.about.judges'), doc.subjects.map(subjectTypeWord).join(t('scheme.sep'))],
                [t('scheme.about.sources'), doc.sources.join(t('scheme.sep'))],
                [
                  t('scheme.about.consent'),
                  doc.consent === 'required' ? t('scheme.about.consentRequired') : t('scheme.about.consentNot'),
                ],
                [t('scheme.about.visibility'), v.public ? t('scheme.about.public') : t('scheme.about.private')],
                [t('scheme.about.basis'), schemeText(doc, 'basis', doc.basis) ?? null],
              ]),
            ),
            card(
              t('scheme.versions'),
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
                        ? h('strong', { 'aria-current': 'page' }, t('scheme.version', { version: x.version }))
                        : h(
                            'a',
                            { href: `${base}/${seg(authority)}/${seg(scheme)}/${x.version}` },
                            t('scheme.version', { version: x.version }),
                          ),
                      h('span', { class: 'small muted' }, date(x.publishedAt)),
                    ),
                  ),
              ),
            ),
            card(
              null,
              h('details', null, h('summary', null, t('scheme.source')), h('pre', { class: 'source' }, v.source)),
            ),
          ),
        ),
        card(t('scheme.report'), h('p', { class: 'small muted' }, t('scheme.report.lead')), reportTable(v.report, doc)),
        card(
          t('scheme.data'),
          h('p', { class: 'small muted' }, t('scheme.data.lead')),
          dataContextTable(v.dataContext),
        ),
      );
    },
  };
}
