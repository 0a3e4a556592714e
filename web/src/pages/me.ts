import { get, post, put, seg } from '../api.js';
import { gradeColors } from '../charts.js';
import { card, h, pageHead, pill, table, type Child } from '../dom.js';
import { contributionList, dataText, indexRecords, noticeView, ruleErrors } from '../explain.js';
import { date, dateTime, num, points, timeLeft, words, listName } from '../format.js';
import { currentLocale, englishOnly, t, tNodes, type Key } from '../i18n.js';
import type { Ctx, Page } from '../main.js';
import { condition } from '../scheme-text.js';
import type {
  AccessEntry,
  Appeal,
  Dispute,
  ListingWithNotice,
  Message,
  Notice,
  RecordView,
  SchemeJudgement,
  SecondInstance,
  SecondInstanceOffer,
  SharingInFile,
  SubjectP,
  SubjectSettings,
  VersionDetail,
  VersionSummary,
} from '../types.js';
import {
  button,
  effectName,
  errorBox,
  field,
  gradeBadge,
  onSubmit,
  stateName,
  stateTone,
  tabs,
  textarea,
} from '../ui.js';
import { reportedByText } from './reports.js';

const TAB_KEYS: readonly (readonly [string, Key])[] = [
  ['#/me', 'me.tab.scores'],
  ['#/me/records', 'me.tab.records'],
  ['#/me/notices', 'me.tab.notices'],
  ['#/me/cases', 'me.tab.cases'],
  ['#/me/inbox', 'me.tab.inbox'],
  ['#/me/access', 'me.tab.access'],
  ['#/me/sharing', 'me.tab.sharing'],
  ['#/me/consent', 'me.tab.consent'],
  ['#/me/passes', 'me.tab.passes'],
  ['#/me/exclusions', 'me.tab.exclusions'],
  ['#/me/reports', 'me.tab.reports'],
];
const tabItems = (): [string, string][] => TAB_KEYS.map(([href, key]) => [href, t(key)]);

const schemeDoc = (j: { authority: string; scheme: string; version: number }): Promise<VersionDetail | null> =>
  get<VersionDetail>(`/v1/schemes/${seg(j.authority)}/${seg(j.scheme)}/versions/${j.version}`).catch(() => null);

/** A scheme text in the page's language: the scheme's own translation at that path, else its English. */
const schemeText = (doc: VersionDetail | null | undefined, path: string, english: string): string =>
  doc?.content.translations?.[currentLocale()]?.[path] ?? english;

/** A scheme's title in the page's language; without its translation, its English, marked as such. */
function schemeTitle(doc: VersionDetail | null | undefined, english: string): Child {
  const text = schemeText(doc, 'title', english);
  return text === english && currentLocale() !== 'en' ? englishOnly(h('span', null, text)) : text;
}

/** Text in English that the page cannot translate (a condition of a scheme, a message the server wrote), marked as English. */
const english = (text: string): HTMLElement => englishOnly(h('span', null, text));

/** Where the subject stands among those the scheme scores: people, or organisations for an org subject. */
function rankText(j: SchemeJudgement, org: boolean): HTMLElement | null {
  const s = j.standing;
  if (!s || s.of === 0) return null;
  const pct = s.percentile.toFixed(1);
  return h(
    'div',
    { class: 'stack', style: 'min-width:220px;flex:1' },
    h(
      'div',
      null,
      tNodes(
        'me.rank',
        { pct, of: num(s.of), org: org ? 'org' : 'person', rank: num(s.rank) },
        { b: (chunks) => h('strong', null, chunks) },
      ),
    ),
    h(
      'div',
      { class: 'meter', role: 'img', 'aria-label': t('me.rank.meter', { pct }) },
      h('span', { style: `width:${Math.max(1, Math.min(100, s.percentile)).toFixed(1)}%` }),
    ),
  );
}

/** A rule's points in words: "+5 points", "−10 × severity points". */
function rulePoints(p: number | string): string {
  const text =
    typeof p === 'number'
      ? points(p)
      : p
          .replace(/\brecord\.data\.([A-Za-z_]\w*)/g, '$1')
          .replace(/\s*\*\s*/g, ' × ')
          .replace(/^-/, '−');
  return t('ui.points', { points: text });
}

async function scoresTab(org: boolean): Promise<Node> {
  const [{ schemes }, { records }] = await Promise.all([
    get<{ schemes: SchemeJudgement[] }>('/v1/me/scores'),
    get<{ records: RecordView[] }>('/v1/me/records'),
  ]);
  const index = indexRecords(records);
  const docs = await Promise.all(schemes.map(schemeDoc));
  if (schemes.length === 0) return h('p', { class: 'empty' }, t('me.scores.none'));
  return h(
    'div',
    null,
    schemes.map((j, i) => {
      const version = docs[i];
      const doc = version?.content;
      const colors = gradeColors(doc ? doc.grades.map((g) => g.id) : []);
      // The rule's points in the page's words; its condition as the scheme wrote it (in English).
      const ruleText = new Map<string, Child>(
        (doc?.rules ?? []).map((r) => [
          r.id,
          [t('me.ruleText', { points: rulePoints(r.points) }), english(condition(r.when))],
        ]),
      );
      const titles = new Map(
        (doc?.lists ?? []).map((l, k) => [l.id, schemeText(version, `lists[${k}].title`, listName(l.id, l.title))]),
      );
      const heading = h(
        'span',
        null,
        schemeTitle(version, j.title ?? words(j.scheme)),
        ' ',
        h(
          'small',
          null,
          t('me.scheme.meta', { authority: j.authority, version: String(j.version), private: j.public ? 'no' : 'yes' }),
        ),
      );
      if (j.notJudged === 'no-consent') {
        return card(heading, h('p', null, t('me.noConsent'), h('a', { href: '#/me/consent' }, t('me.manageConsent'))));
      }
      const total = j.explanation.contributions.reduce((a, c) => a + c.capped, 0);
      const bounded = doc !== undefined && (doc.score.min !== undefined || doc.score.max !== undefined);
      return card(
        heading,
        h(
          'div',
          { class: 'score-head' },
          gradeBadge(j.grade, j.grade ? colors[j.grade] : undefined),
          h(
            'div',
            null,
            h('div', { class: 'score' }, num(j.score)),
            h('div', { class: 'small muted' }, j.grade ? t('me.grade', { grade: j.grade }) : t('me.noGrade')),
          ),
          rankText(j, org),
        ),
        j.versionUnderTest ? h('p', { class: 'small muted' }, t('me.shadow')) : null,
        h(
          'p',
          null,
          doc ? t('me.base', { base: String(doc.score.base) }) : '',
          j.explanation.contributions.length
            ? t('me.changes', {
                count: j.explanation.contributions.length,
                total: points(total),
                range: bounded ? 'yes' : 'no',
                min: String(doc?.score.min ?? '—'),
                max: String(doc?.score.max ?? '—'),
              })
            : t('me.noChange'),
        ),
        contributionList(j.explanation.contributions, index, { ruleText }),
        ruleErrors(j.explanation.errors),
        j.lists.length
          ? h(
              'div',
              { class: 'alert warn' },
              h('strong', null, t('me.meetLists')),
              tNodes(
                'me.meetLists.text',
                { lists: j.lists.map((l) => titles.get(l) ?? listName(l)).join(t('ui.listSep')) },
                { a: (chunks) => h('a', { href: '#/me/notices' }, chunks) },
              ),
            )
          : h('p', { class: 'small muted' }, t('me.meetNone')),
        j.basis
          ? h(
              'p',
              { class: 'small muted' },
              t('me.basis', { basis: schemeText(version, 'basis', j.basis) }),
              j.public ? h('a', { href: `#/public/${seg(j.authority)}/${seg(j.scheme)}` }, t('me.howScheme')) : '',
            )
          : null,
      );
    }),
  );
}

function disputeForm(r: RecordView, done: () => void): HTMLElement {
  const statement = textarea('statement', { required: true, rows: 3, maxlength: 10000 });
  statement.id = `dispute-${r.authority}-${r.key}`.replace(/[^A-Za-z0-9_-]/g, '_');
  const form = onSubmit(
    h(
      'form',
      { 'aria-label': t('me.dispute.form', { key: r.key }) },
      field(t('me.dispute.why'), statement, t('me.dispute.hint', { authority: r.authority })),
      button(t('me.dispute.send')),
    ),
    async () => {
      await post<Dispute>(`/v1/records/${seg(r.authority)}/${seg(r.key)}/disputes`, { statement: statement.value });
      done();
    },
    { statement: t('me.dispute.missing') },
  );
  return h(
    'details',
    { class: 'inline' },
    h('summary', null, t('me.dispute.open'), h('span', { class: 'sr-only' }, t('me.dispute.which', { key: r.key }))),
    form,
  );
}

/** A record's kind, and who reported it when it came from a report from the public (SPEC §14). */
const reportedByCell = (r: RecordView & { reportedBy?: string }, kind: string): Node | string =>
  r.reportedBy ? h('span', null, kind, h('div', { class: 'small muted' }, reportedByText(r.reportedBy))) : kind;

async function recordsTab(ctx: Ctx): Promise<Node> {
  const [{ records }, { disputes }] = await Promise.all([
    get<{ records: RecordView[] }>('/v1/me/records'),
    get<{ disputes: Dispute[] }>('/v1/me/disputes'),
  ]);
  const open = new Set(disputes.filter((d) => d.state === 'pending').map((d) => `${d.authority}/${d.key}`));
  const byAuthority = new Map<string, RecordView[]>();
  for (const r of records) byAuthority.set(r.authority, [...(byAuthority.get(r.authority) ?? []), r]);
  if (records.length === 0) return h('p', { class: 'empty' }, t('me.records.none'));
  return h(
    'div',
    null,
    [...byAuthority.entries()].map(([authority, rs]) =>
      card(
        h('span', null, authority, ' ', h('small', null, t('me.records.count', { count: rs.length }))),
        table(
          [
            t('me.records.occurred'),
            t('me.records.what'),
            t('me.records.details'),
            t('me.records.key'),
            t('me.records.status'),
          ],
          [...rs]
            .sort((a, b) => Date.parse(b.occurredAt) - Date.parse(a.occurredAt))
            .map((r) => [
              date(r.occurredAt),
              reportedByCell(r, words(r.kind)),
              dataText(r.data) || '—',
              h('code', null, r.key),
              r.retracted
                ? h(
                    'span',
                    null,
                    pill(t('ui.retracted'), 'good'),
                    r.retracted.reason
                      ? h('div', { class: 'small muted', 'data-free-text': '' }, r.retracted.reason)
                      : null,
                  )
                : r.disputed
                  ? h(
                      'span',
                      null,
                      pill(t('ui.disputed'), 'info'),
                      h(
                        'div',
                        { class: 'small muted' },
                        r.disputed.overdue
                          ? t('me.records.overdue', { date: date(r.disputed.deadline) })
                          : t('me.records.mustDecide', { authority: r.authority, date: date(r.disputed.deadline) }),
                      ),
                    )
                  : open.has(`${r.authority}/${r.key}`)
                    ? pill(t('me.records.disputePending'), 'info')
                    : disputeForm(r, () => void ctx.reload()),
            ]),
        ),
      ),
    ),
  );
}

function appealForm(l: ListingWithNotice, ctx: Ctx): HTMLElement {
  const statement = textarea('statement', { required: true, rows: 4, maxlength: 10000 });
  statement.id = `appeal-${l.id}`;
  const late = !l.appealWindowOpen;
  return onSubmit(
    h(
      'form',
      { 'aria-label': t('appeal.form', { id: String(l.id) }) },
      late ? h('div', { class: 'alert warn' }, h('strong', null, t('appeal.late.title')), t('appeal.late.text')) : null,
      field(t('appeal.statement'), statement, t('appeal.statement.hint')),
      button(late ? t('appeal.fileLate') : t('appeal.file')),
    ),
    async () => {
      await post<Appeal>(`/v1/listings/${l.id}/appeal`, { statement: statement.value });
      await ctx.reload();
    },
    { statement: t('appeal.statement.missing') },
  );
}

/** After an upheld appeal: ask for a second instance while its window is open (SPEC §6), or see the one asked. */
function secondInstanceBlock(o: SecondInstanceOffer | undefined, ctx: Ctx): HTMLElement | null {
  if (!o) return null;
  if (o.asked)
    return h(
      'div',
      { 'data-second-instance': String(o.asked.id) },
      h('h3', null, t('me.second.yours')),
      h('p', { class: 'statement' }, o.asked.statement),
      outcome(o.asked.state, o.asked.reasons, o.asked.decidedAt),
    );
  if (!o.available) return null;
  const statement = textarea('statement', { required: true, rows: 4, maxlength: 10000 });
  statement.id = `second-instance-${o.appeal}`;
  const who = o.body ? t('me.second.body', { body: o.body }) : t('me.second.fresh');
  return h(
    'details',
    { class: 'appeal' },
    h('summary', null, t('me.second.ask', { at: dateTime(o.deadline) })),
    onSubmit(
      h(
        'form',
        { 'aria-label': t('me.second.form', { id: String(o.appeal) }) },
        h('p', null, `${who} ${o.suspends ? t('me.second.suspends') : t('me.second.stays')}`),
        field(t('appeal.statement'), statement, t('me.second.hint')),
        button(t('me.second.submit')),
      ),
      async () => {
        await post<SecondInstance>(`/v1/me/appeals/${o.appeal}/second-instance`, { statement: statement.value });
        await ctx.reload();
      },
      { statement: t('me.second.missing') },
    ),
  );
}

async function noticesTab(ctx: Ctx): Promise<Node> {
  const [{ listings }, { records }, offers] = await Promise.all([
    get<{ listings: ListingWithNotice[] }>('/v1/me/listings'),
    get<{ records: RecordView[] }>('/v1/me/records'),
    get<SecondInstanceOffer[]>('/v1/me/second-instances'),
  ]);
  const offerOf = new Map(offers.map((o) => [o.appeal, o]));
  const index = indexRecords(records);
  if (listings.length === 0) return h('p', { class: 'empty' }, t('notices.none'));
  const order = (l: ListingWithNotice): number => (l.state === 'ended' ? 1 : 0);
  const sorted = [...listings].sort((a, b) => order(a) - order(b) || Date.parse(b.noticedAt) - Date.parse(a.noticedAt));
  return h(
    'div',
    null,
    sorted.map((l) => {
      const tl = l.state === 'noticed' ? timeLeft(l.effectAt) : null;
      const status =
        l.state === 'noticed'
          ? t('notices.status.noticed', { at: dateTime(l.effectAt) })
          : l.state === 'suspended'
            ? t('notices.status.suspended')
            : l.state === 'active'
              ? t('notices.status.active', { at: dateTime(l.activeSince) })
              : t('notices.status.ended', { at: dateTime(l.endedAt), reason: words(l.endReason ?? '') });
      const listTitle = l.notice?.translations?.[currentLocale()]?.listTitle ?? l.listTitle;
      return card(
        h(
          'span',
          { class: 'row' },
          listTitle,
          pill(stateName(l.state), stateTone(l.state, l.listType)),
          tl ? pill(tl.passed ? t('notices.windowClosed') : t('notices.toAppeal', { left: tl.text }), tl.tone) : null,
        ),
        h('p', null, h('strong', null, status)),
        l.termEndsAt && l.state !== 'ended'
          ? h('p', null, t('notices.term', { at: dateTime(l.termEndsAt), term: l.term ?? '' }))
          : null,
        l.notice
          ? noticeView(l.notice, index, { you: true, listing: l.id })
          : h('p', null, t('notices.privilege', { authority: l.authority })),
        l.appeal
          ? h(
              'div',
              null,
              h('h3', null, t('appeal.yours')),
              h('p', { class: 'statement' }, l.appeal.statement),
              h(
                'p',
                null,
                pill(stateName(l.appeal.state), stateTone(l.appeal.state)),
                ' ',
                l.appeal.state === 'pending'
                  ? t('appeal.pending')
                  : [
                      // The reviewer's own words, in the language they were written in, after the page's.
                      t('appeal.decided', { at: dateTime(l.appeal.decidedAt), reasons: '' }),
                      h('span', { 'data-free-text': '' }, l.appeal.reasons ?? ''),
                    ],
              ),
              secondInstanceBlock(offerOf.get(l.appeal.id), ctx),
            )
          : l.state !== 'ended' && l.listType !== 'redlist'
            ? h(
                'details',
                {
                  class: 'appeal',
                  open: l.appealWindowOpen && sorted.filter((x) => x.appealWindowOpen && !x.appeal).length === 1,
                },
                h(
                  'summary',
                  null,
                  l.appealWindowOpen ? t('appeal.open') : t('appeal.fileLate'),
                  h('span', { class: 'sr-only' }, t('appeal.which', { id: String(l.id), title: listTitle })),
                ),
                appealForm(l, ctx),
              )
            : null,
      );
    }),
  );
}

function outcome(state: string, reasons: string | null, decidedAt: string | null): HTMLElement {
  return h(
    'div',
    null,
    pill(stateName(state), stateTone(state)),
    ' ',
    state === 'pending'
      ? t('me.outcome.waiting')
      : h('span', null, t('me.outcome.decided', { date: date(decidedAt) }), reasons ? h('q', null, reasons) : ''),
  );
}

async function casesTab(): Promise<Node> {
  const [{ appeals }, { disputes }] = await Promise.all([
    get<{ appeals: Appeal[] }>('/v1/me/appeals'),
    get<{ disputes: Dispute[] }>('/v1/me/disputes'),
  ]);
  const statement = (text: string): HTMLElement => h('span', { 'data-free-text': '' }, text);
  return h(
    'div',
    null,
    card(
      t('me.cases.appeals'),
      table(
        [
          t('me.cases.filed'),
          t('me.cases.listing'),
          t('me.cases.authority'),
          t('me.cases.statement'),
          t('me.cases.outcome'),
        ],
        [...appeals]
          .reverse()
          .map((a) => [
            date(a.filedAt),
            `#${a.listing}`,
            a.authority,
            statement(a.statement),
            h(
              'div',
              null,
              outcome(a.state, a.reasons, a.decidedAt),
              a.retracted.length
                ? h(
                    'div',
                    { class: 'small muted' },
                    t('me.cases.retracted', { keys: a.retracted.join(t('ui.listSep')) }),
                  )
                : null,
              a.exempt ? h('div', { class: 'small muted' }, t('me.cases.exempt')) : null,
            ),
          ]),
        { empty: t('me.cases.noAppeals') },
      ),
    ),
    card(
      t('me.cases.disputes'),
      table(
        [
          t('me.cases.filed'),
          t('me.cases.record'),
          t('me.cases.authority'),
          t('me.cases.statement'),
          t('me.cases.outcome'),
        ],
        [...disputes]
          .reverse()
          .map((d) => [
            date(d.filedAt),
            h('code', null, d.key),
            d.authority,
            statement(d.statement),
            d.state === 'pending'
              ? h(
                  'span',
                  null,
                  outcome(d.state, d.reasons, d.decidedAt),
                  h(
                    'div',
                    { class: 'small muted' },
                    d.overdue
                      ? t('me.cases.pastDeadline', { date: date(d.deadline) })
                      : t('me.cases.decideBy', { date: date(d.deadline) }),
                  ),
                )
              : outcome(d.state, d.reasons, d.decidedAt),
          ]),
        { empty: t('me.cases.noDisputes') },
      ),
    ),
  );
}

const MESSAGE_TITLES: Readonly<Record<string, Key>> = {
  notice: 'me.inbox.kind.notice',
  'listing-active': 'me.inbox.kind.listingActive',
  'listing-ended': 'me.inbox.kind.listingEnded',
  'appeal-received': 'me.inbox.kind.appealReceived',
  'appeal-decided': 'me.inbox.kind.appealDecided',
  'dispute-received': 'me.inbox.kind.disputeReceived',
  'dispute-decided': 'me.inbox.kind.disputeDecided',
  'dispute-overdue': 'me.inbox.kind.disputeOverdue',
  'second-instance-received': 'me.inbox.kind.secondReceived',
  'second-instance-decided': 'me.inbox.kind.secondDecided',
  'effect-fixed': 'me.inbox.kind.effectFixed',
  'sanction-lifted': 'me.inbox.kind.sanctionLifted',
  enrolment: 'me.inbox.kind.enrolment',
};

function noticeSummary(n: Readonly<Partial<Notice>>): string | null {
  if (!n.list) return null;
  const type = n.list.type === 'redlist' ? 'redlist' : n.list.type === 'watchlist' ? 'watchlist' : 'blacklist';
  return t('me.inbox.notice', {
    type: t(`listType.${type}`),
    title: n.translations?.[currentLocale()]?.listTitle ?? listName(n.list.id, n.list.title),
    scheme: n.scheme ?? t('me.inbox.aScheme'),
    version: String(n.version ?? '?'),
    effect: n.effectAt && n.list.type !== 'redlist' ? 'yes' : 'no',
    at: dateTime(n.effectAt),
  });
}

/**
 * What a message says, in the page's language. The server writes its text in English; in
 * another language it is said again from the message's facts (its kind and fields), and a
 * message of a kind the page does not know keeps its English, marked as such.
 */
function messageText(m: Message): Child {
  const b = m.body;
  const text = typeof b.text === 'string' ? b.text : null;
  if (m.kind === 'notice') return noticeSummary(b);
  if (currentLocale() === 'en') return text;
  const str = (k: string): string => (typeof b[k] === 'string' ? b[k] : '');
  const list = (k: string): string[] => (Array.isArray(b[k]) ? (b[k] as unknown[]).map(String) : []);
  const keyOf = (ref: string): string => ref.slice(ref.indexOf('/') + 1);
  switch (m.kind) {
    case 'appeal-received':
      return t('me.inbox.appealReceived', { late: b.late === true ? 'yes' : 'no' });
    case 'appeal-decided':
      return t('me.inbox.appealDecided', { outcome: str('outcome') });
    case 'dispute-received':
      return t('me.inbox.disputeReceived', {
        key: keyOf(str('record')),
        authority: m.authority,
        deadline: dateTime(str('deadline')),
      });
    case 'dispute-decided':
      return t('me.inbox.disputeDecided', { key: keyOf(str('record')), outcome: str('outcome') });
    case 'dispute-overdue':
      return t('me.inbox.disputeOverdue', {
        key: keyOf(str('record')),
        authority: m.authority,
        deadline: dateTime(str('deadline')),
      });
    case 'listing-active':
      return b.selfExclusion === true
        ? t('me.inbox.selfExcluded', { list: words(str('list')), until: dateTime(str('termEndsAt')) })
        : t('me.inbox.listingActive');
    case 'listing-ended':
      return t('me.inbox.listingEnded', { reason: str('reason').replace(/-(\w)/g, (_, c: string) => c.toUpperCase()) });
    case 'effect-fixed':
      return t('me.inbox.effectFixed', {
        receivedAt: dateTime(str('receivedAt')),
        effectAt: dateTime(str('effectAt')),
      });
    case 'sanction-lifted': {
      const told = list('told');
      return t('me.inbox.sanctionLifted', { told: told.length ? told.join(t('ui.listSep')) : 'none' });
    }
    case 'second-instance-received':
      return t('me.inbox.secondReceived', {
        reviewers: str('reviewers') || m.authority,
        suspended: b.state === 'suspended' ? 'yes' : 'no',
      });
    case 'second-instance-decided':
      return t('me.inbox.secondDecided', { outcome: str('outcome') });
    case 'enrolment': {
      if (b.event === 'code-issued')
        return t('me.inbox.codeIssued', { registrar: str('issuedBy'), until: dateTime(str('expiresAt')) });
      const others = list('otherAccounts');
      return t('me.inbox.enrolled', {
        account: str('account'),
        registrar: str('issuedBy'),
        others: others.length ? others.join(t('ui.listSep')) : 'none',
      });
    }
    default:
      return text === null ? null : english(text);
  }
}

async function inboxTab(): Promise<Node> {
  const { messages } = await get<{ messages: Message[] }>('/v1/me/inbox');
  if (messages.length === 0) return h('p', { class: 'empty' }, t('me.inbox.empty'));
  return card(
    null,
    h(
      'ul',
      { class: 'list-plain' },
      [...messages].reverse().map((m) => {
        const text = messageText(m);
        const reasons = typeof m.body.reasons === 'string' ? m.body.reasons : null;
        const titleKey = MESSAGE_TITLES[m.kind];
        return h(
          'li',
          null,
          h(
            'div',
            { class: 'spread' },
            h(
              'strong',
              null,
              t('me.inbox.from', { title: titleKey ? t(titleKey) : words(m.kind), authority: m.authority }),
            ),
            h('span', { class: 'small muted' }, dateTime(m.at)),
          ),
          text ? h('p', { style: 'white-space:pre-wrap;margin:4px 0 0' }, text) : null,
          reasons ? h('p', { class: 'statement', style: 'margin:6px 0' }, reasons) : null,
          m.listing !== null
            ? h(
                'div',
                { class: 'small' },
                h('a', { href: '#/me/notices' }, t('me.inbox.listing', { id: String(m.listing) })),
              )
            : null,
        );
      }),
    ),
  );
}

async function accessTab(): Promise<Node> {
  const { entries } = await get<{ entries: AccessEntry[] }>('/v1/me/access-log');
  return card(
    t('me.tab.access'),
    h('p', { class: 'muted' }, t('me.access.lead')),
    table(
      [t('me.access.when'), t('me.access.who'), t('me.access.asked'), t('me.access.told')],
      [...entries]
        .reverse()
        .map((e) => [
          dateTime(e.at),
          h('strong', null, e.party),
          words(e.action),
          pill(
            effectName(e.effect),
            e.effect === 'allow' ? 'good' : e.effect === 'waive' || e.effect === 'priority' ? 'info' : 'bad',
          ),
        ]),
      { empty: t('me.access.none') },
    ),
  );
}

async function sharingTab(): Promise<Node> {
  const { grants } = await get<{ grants: SharingInFile[] }>('/v1/me/sharing');
  return card(
    t('me.sharing.title'),
    h('p', { class: 'muted' }, t('me.sharing.lead')),
    table(
      [
        t('public.sharing.from'),
        t('public.sharing.to'),
        t('me.sharing.scheme'),
        t('public.sharing.purpose'),
        t('public.sharing.granted'),
        t('public.sharing.revoked'),
        t('me.sharing.records'),
      ],
      grants.map((g) => [
        h('strong', null, g.from),
        g.to,
        words(g.scheme),
        h('span', { 'data-free-text': '' }, g.purpose),
        date(g.grantedAt),
        g.revokedAt === null
          ? pill(t('me.sharing.inForce'), 'info')
          : pill(t('me.sharing.revokedOn', { date: date(g.revokedAt) }), 'good'),
        num(g.records),
      ]),
      { empty: t('me.sharing.none') },
    ),
  );
}

async function consentTab(ctx: Ctx, me: SubjectP): Promise<Node> {
  const [{ schemes }, { versions }] = await Promise.all([
    get<{ schemes: SchemeJudgement[] }>('/v1/me/scores'),
    get<{ versions: VersionSummary[] }>('/v1/schemes'),
  ]);
  const latest = new Map<string, VersionSummary>();
  for (const v of versions) latest.set(`${v.authority}/${v.scheme}`, v);
  const judged = new Set(schemes.map((s) => `${s.authority}/${s.scheme}`));
  // Public consent schemes that hold no record about the subject yet can be opted into as well.
  const others = (
    await Promise.all([...latest.values()].filter((v) => !judged.has(`${v.authority}/${v.scheme}`)).map(schemeDoc))
  ).filter((d): d is VersionDetail => d !== null && d.content.consent === 'required');
  const consented = await Promise.all(
    schemes.filter((s) => s.consent === 'required').map(async (s) => ({ s, doc: await schemeDoc(s) })),
  );
  const consentSchemes: {
    authority: string;
    scheme: string;
    title: Child;
    context: string;
    optedIn: boolean | null;
  }[] = [
    ...consented.map(({ s, doc }) => ({
      authority: s.authority,
      scheme: s.scheme,
      title: schemeTitle(doc, s.title ?? words(s.scheme)),
      context: s.context,
      optedIn: s.notJudged === null,
    })),
    ...others.map((d) => ({
      authority: d.authority,
      scheme: d.scheme,
      title: schemeTitle(d, d.title ?? words(d.scheme)),
      context: d.content.context,
      optedIn: null,
    })),
  ];
  return h(
    'div',
    null,
    card(
      t('me.consent.title'),
      h('p', { class: 'muted' }, t('me.consent.lead')),
      consentSchemes.length === 0
        ? h('p', { class: 'empty' }, t('me.consent.none'))
        : h(
            'ul',
            { class: 'list-plain' },
            consentSchemes.map((s) => {
              const optedIn = s.optedIn;
              const form = onSubmit(
                h(
                  'form',
                  { class: 'row' },
                  button(optedIn ? t('me.consent.withdraw') : t('me.consent.give'), {
                    class: optedIn ? 'btn secondary' : 'btn',
                  }),
                ),
                async () => {
                  await post('/v1/me/consents', { authority: s.authority, scheme: s.scheme, optIn: !optedIn });
                  await ctx.reload();
                },
              );
              return h(
                'li',
                { class: 'spread' },
                h(
                  'div',
                  null,
                  h('strong', null, s.title),
                  h('div', { class: 'small muted' }, `${s.authority} · ${s.context}`),
                  h(
                    'div',
                    null,
                    optedIn
                      ? pill(t('me.consent.given'), 'good')
                      : pill(optedIn === null ? t('me.consent.noRecord') : t('me.consent.notGiven'), 'neutral'),
                  ),
                ),
                form,
              );
            }),
          ),
    ),
    await settingsCard(),
    card(
      t('me.export.title'),
      h('p', null, t('me.export.lead')),
      h(
        'a',
        {
          class: 'btn',
          href: '/v1/me/export',
          download: `standing-${me.subject.replace(/[^A-Za-z0-9._-]/g, '_')}.json`,
        },
        t('me.export.download'),
      ),
    ),
  );
}

/** Where notices are e-mailed, and in which language (docs/email.md). */
async function settingsCard(): Promise<HTMLElement> {
  const now = await get<SubjectSettings>('/v1/me/settings');
  const email = h('input', { type: 'email', name: 'email', value: now.email ?? '', autocomplete: 'email' });
  const language = h(
    'select',
    { name: 'language' },
    h('option', { value: 'en', lang: 'en', selected: now.language === 'en' }, 'English'),
    h('option', { value: 'zh-CN', lang: 'zh-CN', selected: now.language === 'zh-CN' }, '中文（简体）'),
  );
  const saved = h('p', { class: 'small muted', 'aria-live': 'polite' });
  const form = onSubmit(
    h(
      'form',
      null,
      field(t('me.settings.email'), email, t('me.settings.email.hint')),
      field(t('me.settings.language'), language),
      button(t('me.settings.save')),
      saved,
    ),
    async (data) => {
      const text = (name: string): string => {
        const v = data.get(name);
        return typeof v === 'string' ? v : '';
      };
      const address = text('email').trim();
      const r = await put<SubjectSettings>('/v1/me/settings', {
        email: address === '' ? null : address,
        language: text('language'),
      });
      saved.textContent = r.email ? t('me.settings.saved', { email: r.email }) : t('me.settings.savedNone');
    },
    { email: t('me.settings.email.invalid') },
  );
  return card(t('me.settings.title'), h('p', { class: 'muted' }, t('me.settings.lead')), form);
}

/** The subject portal: my file, tab by tab. */
export function page(ctx: Ctx): Page {
  const tab = ctx.params[0] || '';
  const current = tab ? `#/me/${tab}` : '#/me';
  const title = (): string => tabItems().find(([href]) => href === current)?.[1] ?? t('me.title');
  return {
    title,
    async render() {
      if (ctx.me.type !== 'subject') {
        return h(
          'div',
          null,
          pageHead(t('me.title'), t('me.signInLead')),
          h('a', { class: 'btn', href: '#/sign-in?next=/me' }, t('nav.signIn')),
        );
      }
      const me = ctx.me;
      let body: Node;
      try {
        switch (tab) {
          case '':
            body = await scoresTab(me.subject.startsWith('org:'));
            break;
          case 'records':
            body = await recordsTab(ctx);
            break;
          case 'notices':
            body = await noticesTab(ctx);
            break;
          case 'cases':
            body = await casesTab();
            break;
          case 'inbox':
            body = await inboxTab();
            break;
          case 'access':
            body = await accessTab();
            break;
          case 'sharing':
            body = await sharingTab();
            break;
          case 'consent':
            body = await consentTab(ctx, me);
            break;
          case 'passes':
            body = await (await import('./passes.js')).passesTab(ctx);
            break;
          case 'exclusions':
            body = await (await import('./passes.js')).exclusionsTab(ctx);
            break;
          case 'reports':
            body = await (await import('./reports.js')).reportsTab(ctx);
            break;
          default:
            body = h('p', null, t('me.noSection'));
        }
      } catch (err) {
        body = errorBox(err, t('me.loadFailed'));
      }
      return h(
        'div',
        null,
        pageHead(
          t('me.title'),
          h('span', null, t('me.signedInAs'), ' ', h('strong', null, me.account), ' · ', h('code', null, me.subject)),
        ),
        tabs(t('me.sections'), tabItems(), current, body),
      );
    },
  };
}
