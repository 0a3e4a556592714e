import { get, post, put, seg } from '../api.js';
import { gradeColors } from '../charts.js';
import { card, h, pageHead, pill, table } from '../dom.js';
import { contributionList, dataText, indexRecords, noticeView, ruleErrors } from '../explain.js';
import { date, dateTime, num, plural, points, timeLeft, words, listName } from '../format.js';
import { currentLocale, englishOnly, t, type Key } from '../i18n.js';
import type { Ctx, Page } from '../main.js';
import { condition, pointsText } from '../scheme-text.js';
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
import { button, errorBox, field, gradeBadge, onSubmit, stateTone, tabs, textarea } from '../ui.js';
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

/** Where the subject stands among those the scheme scores: people, or organisations for an org subject. */
function rankText(j: SchemeJudgement, org: boolean): HTMLElement | null {
  const s = j.standing;
  if (!s || s.of === 0) return null;
  return h(
    'div',
    { class: 'stack', style: 'min-width:220px;flex:1' },
    h(
      'div',
      null,
      h('strong', null, `Higher than ${s.percentile.toFixed(1)}%`),
      ` of the ${num(s.of)} ${org ? 'organisations' : 'people'} this scheme scores (rank ${num(s.rank)}).`,
    ),
    h(
      'div',
      { class: 'meter', role: 'img', 'aria-label': `percentile ${s.percentile.toFixed(1)}` },
      h('span', { style: `width:${Math.max(1, Math.min(100, s.percentile)).toFixed(1)}%` }),
    ),
  );
}

async function scoresTab(org: boolean): Promise<Node> {
  const [{ schemes }, { records }] = await Promise.all([
    get<{ schemes: SchemeJudgement[] }>('/v1/me/scores'),
    get<{ records: RecordView[] }>('/v1/me/records'),
  ]);
  const index = indexRecords(records);
  const docs = await Promise.all(schemes.map(schemeDoc));
  if (schemes.length === 0)
    return h(
      'p',
      { class: 'empty' },
      'No scheme judges you: no authority holds records that a published scheme reads.',
    );
  return h(
    'div',
    null,
    schemes.map((j, i) => {
      const doc = docs[i]?.content;
      const colors = gradeColors(doc ? doc.grades.map((g) => g.id) : []);
      const ruleText = new Map(
        (doc?.rules ?? []).map((r) => [r.id, `${pointsText(r.points)} when ${condition(r.when)}`]),
      );
      const titles = new Map((doc?.lists ?? []).map((l) => [l.id, listName(l.id, l.title)]));
      const heading = h(
        'span',
        null,
        j.title ?? words(j.scheme),
        ' ',
        h('small', null, `${j.authority} · version ${j.version}${j.public ? '' : ' · private scheme'}`),
      );
      if (j.notJudged === 'no-consent') {
        return card(
          heading,
          h(
            'p',
            null,
            'This scheme scores only people who opt in, and you have not. Your records are kept, but you have no score, grade or lists here. ',
            h('a', { href: '#/me/consent' }, 'Manage consent'),
          ),
        );
      }
      const total = j.explanation.contributions.reduce((a, c) => a + c.capped, 0);
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
            h('div', { class: 'small muted' }, j.grade ? `grade ${j.grade}` : 'no grade'),
          ),
          rankText(j, org),
        ),
        j.versionUnderTest
          ? h(
              'p',
              { class: 'small muted' },
              'A shadow version under test also reads your records. It is never used to decide anything about you.',
            )
          : null,
        h(
          'p',
          null,
          doc ? `Everyone starts at ${doc.score.base}. ` : '',
          j.explanation.contributions.length
            ? `${plural(j.explanation.contributions.length, 'record')} ${j.explanation.contributions.length === 1 ? 'changes' : 'change'} your score by ${points(total)} in all${doc && (doc.score.min !== undefined || doc.score.max !== undefined) ? `, within the range ${doc.score.min ?? '—'}–${doc.score.max ?? '—'}` : ''}. Each one:`
            : 'No record changes your score now.',
        ),
        contributionList(j.explanation.contributions, index, { ruleText }),
        ruleErrors(j.explanation.errors),
        j.lists.length
          ? h(
              'div',
              { class: 'alert warn' },
              h('strong', null, 'You meet the conditions of these lists'),
              j.lists.map((l) => titles.get(l) ?? listName(l)).join(', '),
              '. See ',
              h('a', { href: '#/me/notices' }, 'your notices'),
              ' for what they mean and how to appeal.',
            )
          : h('p', { class: 'small muted' }, 'You meet the conditions of none of this scheme’s lists.'),
        j.basis
          ? h(
              'p',
              { class: 'small muted' },
              `Legal basis: ${j.basis}. `,
              j.public
                ? h('a', { href: `#/public/${seg(j.authority)}/${seg(j.scheme)}` }, 'How this scheme works')
                : '',
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
      { 'aria-label': `Dispute record ${r.key}` },
      field(
        'Why is this record wrong?',
        statement,
        `A reviewer of ${r.authority} retracts or confirms it, with reasons.`,
      ),
      button('Send the dispute'),
    ),
    async () => {
      await post<Dispute>(`/v1/records/${seg(r.authority)}/${seg(r.key)}/disputes`, { statement: statement.value });
      done();
    },
    { statement: 'Say why this record is wrong: the reviewer needs your reasons.' },
  );
  return h(
    'details',
    { class: 'inline' },
    h('summary', null, 'Dispute', h('span', { class: 'sr-only' }, ` record ${r.key}`)),
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
  if (records.length === 0) return h('p', { class: 'empty' }, 'No authority holds a record about you.');
  return h(
    'div',
    null,
    [...byAuthority.entries()].map(([authority, rs]) =>
      card(
        h('span', null, authority, ' ', h('small', null, plural(rs.length, 'record'))),
        table(
          ['occurred', 'what', 'details', 'key', 'status'],
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
                    pill('retracted', 'good'),
                    r.retracted.reason ? h('div', { class: 'small muted' }, r.retracted.reason) : null,
                  )
                : r.disputed
                  ? h(
                      'span',
                      null,
                      pill('disputed', 'info'),
                      h(
                        'div',
                        { class: 'small muted' },
                        r.disputed.overdue
                          ? `Not decided by ${date(r.disputed.deadline)}: it does not count until decided.`
                          : `${r.authority} must decide by ${date(r.disputed.deadline)}.`,
                      ),
                    )
                  : open.has(`${r.authority}/${r.key}`)
                    ? pill('dispute pending', 'info')
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
      h('h3', null, 'Your second instance'),
      h('p', { class: 'statement' }, o.asked.statement),
      outcome(o.asked.state, o.asked.reasons, o.asked.decidedAt),
    );
  if (!o.available) return null;
  const statement = textarea('statement', { required: true, rows: 4, maxlength: 10000 });
  statement.id = `second-instance-${o.appeal}`;
  const who = o.body
    ? `A reviewer of ${o.body}, the appeal body, decides.`
    : 'A reviewer who took no part in the first decision decides.';
  return h(
    'details',
    { class: 'appeal' },
    h('summary', null, `Ask for a second instance (until ${dateTime(o.deadline)})`),
    onSubmit(
      h(
        'form',
        { 'aria-label': `Second instance of appeal ${o.appeal}` },
        h(
          'p',
          null,
          `${who} ${o.suspends ? 'The sanctions are suspended until then.' : 'The listing stays in force meanwhile.'}`,
        ),
        field('Your statement', statement, 'Say why the decision upholding your appeal is wrong.'),
        button('Ask for a second instance'),
      ),
      async () => {
        await post<SecondInstance>(`/v1/me/appeals/${o.appeal}/second-instance`, { statement: statement.value });
        await ctx.reload();
      },
      { statement: 'Write your statement before you ask for a second instance.' },
    ),
  );
}

/** A listing's or appeal's state in words of the page's language. */
function stateName(state: string): string {
  const key = `state.${state}` as Key;
  return ['noticed', 'active', 'suspended', 'ended', 'pending', 'upheld', 'overturned'].includes(state)
    ? t(key)
    : state;
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
                  : t('appeal.decided', { at: dateTime(l.appeal.decidedAt), reasons: l.appeal.reasons ?? '' }),
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
    pill(state, stateTone(state)),
    ' ',
    state === 'pending'
      ? 'Waiting for a human reviewer.'
      : h('span', null, `Decided ${date(decidedAt)}. `, reasons ? h('q', null, reasons) : ''),
  );
}

async function casesTab(): Promise<Node> {
  const [{ appeals }, { disputes }] = await Promise.all([
    get<{ appeals: Appeal[] }>('/v1/me/appeals'),
    get<{ disputes: Dispute[] }>('/v1/me/disputes'),
  ]);
  return h(
    'div',
    null,
    card(
      'My appeals',
      table(
        ['filed', 'listing', 'authority', 'my statement', 'outcome'],
        [...appeals]
          .reverse()
          .map((a) => [
            date(a.filedAt),
            `#${a.listing}`,
            a.authority,
            a.statement,
            h(
              'div',
              null,
              outcome(a.state, a.reasons, a.decidedAt),
              a.retracted.length
                ? h('div', { class: 'small muted' }, `Records retracted: ${a.retracted.join(', ')}`)
                : null,
              a.exempt ? h('div', { class: 'small muted' }, 'You are exempt from this list.') : null,
            ),
          ]),
        { empty: 'You have not appealed any listing.' },
      ),
    ),
    card(
      'My record disputes',
      table(
        ['filed', 'record', 'authority', 'my statement', 'outcome'],
        [...disputes]
          .reverse()
          .map((d) => [
            date(d.filedAt),
            h('code', null, d.key),
            d.authority,
            d.statement,
            d.state === 'pending'
              ? h(
                  'span',
                  null,
                  outcome(d.state, d.reasons, d.decidedAt),
                  h(
                    'div',
                    { class: 'small muted' },
                    d.overdue
                      ? `Past its deadline (${date(d.deadline)}): the record does not count until decided.`
                      : `To be decided by ${date(d.deadline)}.`,
                  ),
                )
              : outcome(d.state, d.reasons, d.decidedAt),
          ]),
        { empty: 'You have not disputed any record.' },
      ),
    ),
  );
}

const MESSAGE_TITLES: Readonly<Record<string, string>> = {
  notice: 'Notice',
  'listing-active': 'Listing in force',
  'listing-ended': 'Listing ended',
  'appeal-received': 'Appeal received',
  'appeal-decided': 'Appeal decided',
  'dispute-received': 'Dispute received',
  'dispute-decided': 'Dispute decided',
  'dispute-overdue': 'Dispute past its deadline',
  'second-instance-received': 'Second instance received',
  'second-instance-decided': 'Second instance decided',
  'effect-fixed': 'Notice received: effect instant fixed',
  'sanction-lifted': 'Sanctions lifted: who was told',
};

function noticeSummary(n: Readonly<Partial<Notice>>): string | null {
  if (!n.list) return null;
  const effect = n.effectAt ? ` It takes effect on ${dateTime(n.effectAt)} unless you appeal before then.` : '';
  return `You were placed on the ${n.list.type} “${listName(n.list.id, n.list.title)}” under ${n.scheme ?? 'a scheme'}, version ${n.version ?? '?'}.${n.list.type === 'redlist' ? '' : effect} The notice explains why.`;
}

async function inboxTab(): Promise<Node> {
  const { messages } = await get<{ messages: Message[] }>('/v1/me/inbox');
  if (messages.length === 0) return h('p', { class: 'empty' }, 'Your inbox is empty.');
  return card(
    null,
    h(
      'ul',
      { class: 'list-plain' },
      [...messages].reverse().map((m) => {
        const text = typeof m.body.text === 'string' ? m.body.text : m.kind === 'notice' ? noticeSummary(m.body) : null;
        const reasons = typeof m.body.reasons === 'string' ? m.body.reasons : null;
        return h(
          'li',
          null,
          h(
            'div',
            { class: 'spread' },
            h('strong', null, `${MESSAGE_TITLES[m.kind] ?? words(m.kind)} from ${m.authority}`),
            h('span', { class: 'small muted' }, dateTime(m.at)),
          ),
          text ? h('p', { style: 'white-space:pre-wrap;margin:4px 0 0' }, text) : null,
          reasons ? h('p', { class: 'statement', style: 'margin:6px 0' }, reasons) : null,
          m.listing !== null
            ? h('div', { class: 'small' }, h('a', { href: '#/me/notices' }, `Listing #${m.listing}`))
            : null,
        );
      }),
    ),
  );
}

async function accessTab(): Promise<Node> {
  const { entries } = await get<{ entries: AccessEntry[] }>('/v1/me/access-log');
  return card(
    'Who checked me',
    h(
      'p',
      { class: 'muted' },
      'Every time a relying party — an airline, a railway, an internet provider, a university, a shop — asked Standing about you, and what it was told. They see only this answer, never your scores or records.',
    ),
    table(
      ['when', 'who', 'asked about', 'was told'],
      [...entries]
        .reverse()
        .map((e) => [
          dateTime(e.at),
          h('strong', null, e.party),
          words(e.action),
          pill(
            e.effect,
            e.effect === 'allow' ? 'good' : e.effect === 'waive' || e.effect === 'priority' ? 'info' : 'bad',
          ),
        ]),
      { empty: 'Nobody has checked you yet.' },
    ),
  );
}

async function sharingTab(): Promise<Node> {
  const { grants } = await get<{ grants: SharingInFile[] }>('/v1/me/sharing');
  return card(
    'Whose records about me other authorities read',
    h(
      'p',
      { class: 'muted' },
      'An authority reads another authority’s records only under a data-sharing grant from the operator, for a stated purpose. These are the grants under which records about you fed a scheme that judges you; once a grant is revoked, those records no longer count there.',
    ),
    table(
      ['records of', 'read by', 'scheme', 'purpose', 'granted', 'revoked', 'records'],
      grants.map((g) => [
        h('strong', null, g.from),
        g.to,
        words(g.scheme),
        g.purpose,
        date(g.grantedAt),
        g.revokedAt === null ? pill('in force', 'info') : pill(`revoked ${date(g.revokedAt)}`, 'good'),
        num(g.records),
      ]),
      { empty: 'No authority reads another’s records about you.' },
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
  const consentSchemes: {
    authority: string;
    scheme: string;
    title: string | null;
    context: string;
    optedIn: boolean | null;
  }[] = [
    ...schemes
      .filter((s) => s.consent === 'required')
      .map((s) => ({
        authority: s.authority,
        scheme: s.scheme,
        title: s.title,
        context: s.context,
        optedIn: s.notJudged === null,
      })),
    ...others.map((d) => ({
      authority: d.authority,
      scheme: d.scheme,
      title: d.title,
      context: d.content.context,
      optedIn: null,
    })),
  ];
  return h(
    'div',
    null,
    card(
      'Consent',
      h(
        'p',
        { class: 'muted' },
        'Some schemes score you only if you agree. Withdrawing ends their listings of you at once; your records stay with the authority that holds them.',
      ),
      consentSchemes.length === 0
        ? h('p', { class: 'empty' }, 'No published scheme asks for your consent.')
        : h(
            'ul',
            { class: 'list-plain' },
            consentSchemes.map((s) => {
              const optedIn = s.optedIn;
              const form = onSubmit(
                h(
                  'form',
                  { class: 'row' },
                  button(optedIn ? 'Withdraw consent' : 'Give consent', { class: optedIn ? 'btn secondary' : 'btn' }),
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
                  h('strong', null, s.title ?? words(s.scheme)),
                  h('div', { class: 'small muted' }, `${s.authority} · ${s.context}`),
                  h(
                    'div',
                    null,
                    optedIn
                      ? pill('you consented', 'good')
                      : pill(optedIn === null ? 'holds no record about you' : 'no consent', 'neutral'),
                  ),
                ),
                form,
              );
            }),
          ),
    ),
    await settingsCard(),
    card(
      'Export my file',
      h(
        'p',
        null,
        'Everything Standing holds about you — records, scores with explanations, notices, appeals, disputes, inbox and access log — as one JSON file.',
      ),
      h(
        'a',
        {
          class: 'btn',
          href: '/v1/me/export',
          download: `standing-${me.subject.replace(/[^A-Za-z0-9._-]/g, '_')}.json`,
        },
        'Download my file',
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
    h('option', { value: 'en', selected: now.language === 'en' }, 'English'),
    h('option', { value: 'zh-CN', selected: now.language === 'zh-CN' }, '中文（简体）'),
  );
  const saved = h('p', { class: 'small muted', 'aria-live': 'polite' });
  const form = onSubmit(
    h(
      'form',
      null,
      field('E-mail address for notices', email, 'Leave empty to get notices only here, in your inbox.'),
      field('Language of the e-mail', language),
      button('Save'),
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
      saved.textContent = r.email ? `Saved: notices go to ${r.email}.` : 'Saved: notices are not e-mailed.';
    },
    { email: 'Enter one address such as name@example.org, or leave it empty.' },
  );
  return card(
    'Notices by e-mail',
    h(
      'p',
      { class: 'muted' },
      'Each new notice is also e-mailed to you with a link to it. Opening that link counts as receiving the notice: your appeal window runs from then. Only you and the operator see this address.',
    ),
    form,
  );
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
            body = englishOnly(await scoresTab(me.subject.startsWith('org:')));
            break;
          case 'records':
            body = englishOnly(await recordsTab(ctx));
            break;
          case 'notices':
            body = await noticesTab(ctx);
            break;
          case 'cases':
            body = englishOnly(await casesTab());
            break;
          case 'inbox':
            body = englishOnly(await inboxTab());
            break;
          case 'access':
            body = englishOnly(await accessTab());
            break;
          case 'sharing':
            body = englishOnly(await sharingTab());
            break;
          case 'consent':
            body = englishOnly(await consentTab(ctx, me));
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
