import { get, post, seg } from '../api.js';
import { card, facts, h, mount, pageHead, pill } from '../dom.js';
import {
  contributionList,
  dataText,
  listConditions,
  noticeView,
  otherLiveRecords,
  recordSentence,
  refOf,
  ruleErrors,
} from '../explain.js';
import { date, dateTime, timeLeft } from '../format.js';
import { currentLocale, t } from '../i18n.js';
import type { Ctx, Page } from '../main.js';
import type { Appeal, Dispute, ListingWithNotice, RecordView, Staff } from '../types.js';
import { endReasonWord, stateWord } from '../staff-text.js';
import { button, errorBox, field, onSubmit, stateTone, textarea } from '../ui.js';
import { readRecords } from './subject.js';

/** The listing's list title in the page's language, from its notice's translations where the scheme gave one. */
function titleOf(l: ListingWithNotice): string {
  return l.notice?.translations?.[currentLocale()]?.listTitle ?? l.listTitle;
}

function evidenceLink(r: RecordView): Node | null {
  if (!r.evidence) return null;
  return /^https?:\/\//.test(r.evidence)
    ? h('a', { href: r.evidence, rel: 'noopener noreferrer', target: '_blank' }, r.evidence)
    : document.createTextNode(r.evidence);
}

/**
 * On a phone the decision comes after the whole case: a button at the top takes the reader
 * (and the focus) to it. A button, not a `#fragment` link, which the hash router would read as a route.
 */
function toTheDecision(side: HTMLElement): HTMLElement {
  return h(
    'button',
    {
      type: 'button',
      class: 'btn secondary skip-to-action',
      onclick: () => {
        // The last card of the side column: the decision form, or the decision once made.
        const target = [...side.querySelectorAll<HTMLElement>('.card > h2')].pop() ?? side;
        target.tabIndex = -1;
        target.scrollIntoView({ block: 'start' });
        target.focus({ preventScroll: true });
      },
    },
    t('case.toDecision'),
  );
}

/** The four-eyes rule, computed from who submitted each record of the case, before the reviewer writes anything. */
function fourEyes(me: Staff, records: readonly RecordView[], checked: boolean): HTMLElement {
  const mine = records.filter((r) => me.account !== null && r.submittedBy === me.account);
  if (mine.length > 0) {
    return h(
      'div',
      { class: 'alert warn', role: 'alert', 'data-four-eyes': 'conflict' },
      h('strong', null, t('case.fourEyes.conflict')),
      t('case.fourEyes.mine', { account: me.account ?? '', n: mine.length }),
      mine.map((r, i) => [i ? t('case.sep') : '', h('code', null, r.key)]),
      t('case.fourEyes.refuse'),
    );
  }
  return h(
    'div',
    { class: 'alert info', 'data-four-eyes': 'clear' },
    h('strong', null, t('case.fourEyes')),
    checked ? t('case.fourEyes.clear', { n: records.length, authority: me.authority }) : t('case.fourEyes.unchecked'),
  );
}

function outcomeBox(
  state: string,
  reasons: string | null,
  decidedAt: string | null,
  decidedBy: string | null | undefined,
  extra: Node | null = null,
): HTMLElement {
  return card(
    t('case.decision'),
    h(
      'p',
      null,
      pill(stateWord(state), stateTone(state)),
      ' ',
      decidedAt || decidedBy
        ? t('case.decidedOn', {
            at: decidedAt ? dateTime(decidedAt) : '',
            by: decidedBy ?? '',
            when: decidedAt ? 'yes' : 'no',
            who: decidedBy ? 'yes' : 'no',
          })
        : '',
    ),
    reasons ? h('p', { class: 'statement' }, reasons) : null,
    extra,
    h('p', null, h('a', { href: '#/review' }, t('case.back'))),
  );
}

function appealForm(me: Staff, a: Appeal, own: readonly RecordView[], onDone: (a: Appeal) => void): HTMLElement {
  const reasons = textarea('reasons', { required: true, rows: 5, maxlength: 10000 });
  const uphold = h('input', { type: 'radio', name: 'outcome', value: 'uphold', id: 'o-uphold', required: true });
  const overturn = h('input', { type: 'radio', name: 'outcome', value: 'overturn', id: 'o-overturn' });
  const retractBoxes = own.map((r) =>
    h('input', { type: 'checkbox', name: 'retract', value: r.key, id: `r-${r.key}` }),
  );
  const exempt = h('input', { type: 'checkbox', name: 'exempt', id: 'o-exempt' });
  for (const box of [...retractBoxes, exempt]) box.disabled = true;
  const overturnOnly = h(
    'fieldset',
    null,
    h('legend', null, t('case.whenOverturning')),
    own.length
      ? h(
          'div',
          null,
          h('p', { class: 'small muted' }, t('case.retract.lead', { authority: me.authority })),
          h(
            'div',
            // Scrolls when the records are many: focusable so that a keyboard can scroll it too.
            { class: 'pick-list', role: 'group', 'aria-label': t('case.retract.label'), tabindex: 0 },
            own.map((r, i) =>
              h(
                'label',
                { class: 'checkbox', for: `r-${r.key}` },
                retractBoxes[i],
                h('span', null, h('code', null, r.key), ' — ', recordSentence(r)),
              ),
            ),
          ),
        )
      : h('p', { class: 'small muted' }, t('case.retract.none', { authority: me.authority })),
    h('label', { class: 'checkbox', for: 'o-exempt' }, exempt, h('span', null, t('case.exempt'))),
  );
  const sync = (): void => {
    // The choices are disabled one by one, not through the fieldset: the list of records stays scrollable by keyboard.
    for (const box of [...retractBoxes, exempt]) box.disabled = !overturn.checked;
  };
  uphold.addEventListener('change', sync);
  overturn.addEventListener('change', sync);
  const outcomeErr = h('div', { class: 'field-error', id: 'outcome-err', 'aria-live': 'polite' });
  const form = onSubmit(
    h(
      'form',
      { 'aria-label': t('case.appeal.form') },
      h(
        'fieldset',
        { 'data-field': 'outcome', 'aria-describedby': 'outcome-err' },
        h('legend', null, t('case.outcome')),
        h(
          'label',
          { class: 'radio', for: 'o-uphold' },
          uphold,
          h('span', null, h('strong', null, t('case.uphold')), t('case.uphold.text')),
        ),
        h(
          'label',
          { class: 'radio', for: 'o-overturn' },
          overturn,
          h('span', null, h('strong', null, t('case.overturn')), t('case.overturn.text')),
        ),
        outcomeErr,
      ),
      overturnOnly,
      field(t('case.reasons'), reasons, t('case.reasons.hint')),
      button(t('case.record')),
    ),
    async () => {
      const body = overturn.checked
        ? {
            outcome: 'overturn',
            reasons: reasons.value,
            retract: retractBoxes.filter((b) => b.checked).map((b) => b.value),
            exempt: exempt.checked,
          }
        : { outcome: 'uphold', reasons: reasons.value };
      onDone(await post<Appeal>(`/v1/appeals/${a.id}/decision`, body));
    },
    {
      outcome: t('case.outcome.missing'),
      reasons: t('case.reasons.missing'),
    },
  );
  return card(t('case.decide'), form);
}

async function appealCase(me: Staff, id: number): Promise<HTMLElement> {
  const a = await get<Appeal>(`/v1/appeals/${id}`);
  const l = await get<ListingWithNotice>(`/v1/listings/${a.listing}`);
  const refs = l.notice
    ? [
        ...l.notice.facts.contributions.map((c) => ({ authority: c.authority, key: c.key })),
        ...l.notice.facts.liveRecords.map((s) => ({
          authority: s.slice(0, s.indexOf('/')),
          key: s.slice(s.indexOf('/') + 1),
        })),
      ]
    : [];
  const records = await readRecords(me.authority, refs);
  const own = [...records.values()]
    .filter((r) => r.authority === me.authority && r.retracted === null)
    .sort((a, b) => Date.parse(b.occurredAt) - Date.parse(a.occurredAt));
  const tl = timeLeft(a.deadline);
  const side = h('div', null);
  const render = (appeal: Appeal, listing: ListingWithNotice = l): void => {
    mount(
      side,
      card(
        t('case.theCase'),
        facts([
          [t('case.subject'), h('code', null, appeal.subject)],
          [
            t('case.listing'),
            t('case.listing.text', {
              id: listing.id,
              title: titleOf(listing),
              scheme: listing.scheme,
              version: listing.version,
            }),
          ],
          [
            t('case.listingState'),
            h(
              'span',
              { 'data-listing-state': listing.state },
              pill(stateWord(listing.state), stateTone(listing.state)),
              listing.endReason ? t('case.endReason', { reason: endReasonWord(listing.endReason) }) : '',
            ),
          ],
          [t('case.appealFiled'), dateTime(appeal.filedAt)],
          [
            t('case.deadline'),
            appeal.state === 'pending'
              ? h(
                  'span',
                  null,
                  dateTime(appeal.deadline),
                  ' ',
                  pill(appeal.late ? t('case.late') : tl.text, appeal.late ? 'bad' : tl.tone),
                )
              : dateTime(appeal.deadline),
          ],
        ]),
      ),
      appeal.state === 'pending' ? fourEyes(me, [...records.values()], records.size > 0) : null,
      appeal.state === 'pending'
        ? appealForm(me, appeal, own, (decided) => {
            // The decision moved the listing (ended, or active): show it as it is now, not as it was.
            void get<ListingWithNotice>(`/v1/listings/${decided.listing}`)
              .then((fresh) => render(decided, fresh))
              .catch(() => render(decided));
          })
        : outcomeBox(
            appeal.state,
            appeal.reasons,
            appeal.decidedAt,
            appeal.decidedBy,
            appeal.retracted.length || appeal.exempt
              ? h(
                  'p',
                  { class: 'small' },
                  appeal.retracted.length ? t('case.retracted', { keys: appeal.retracted.join(t('case.sep')) }) : '',
                  appeal.exempt ? t('case.exempted') : '',
                )
              : null,
          ),
    );
  };
  render(a);
  const index = records;
  return h(
    'div',
    null,
    h(
      'div',
      { class: 'crumbs' },
      h('a', { href: '#/review' }, t('nav.review')),
      ` / ${t('case.appeal.crumb', { id: a.id })}`,
    ),
    pageHead(
      t('case.appeal.title', { id: a.id }),
      t('case.appeal.lead', { subject: a.subject, listing: l.id, title: titleOf(l) }),
    ),
    toTheDecision(side),
    h(
      'div',
      { class: 'grid-2' },
      h(
        'div',
        null,
        card(
          t('case.statement'),
          h('p', { class: 'statement' }, a.statement),
          h(
            'p',
            { class: 'small muted' },
            t('case.filed', { at: dateTime(a.filedAt), by: a.filedBy ?? '', who: a.filedBy ? 'yes' : 'no' }),
          ),
        ),
        l.notice
          ? card(t('case.notice'), noticeView(l.notice, index, { facts: false }))
          : card(t('case.notice'), h('p', { class: 'muted' }, t('case.noNotice'))),
        l.notice
          ? card(
              t('case.facts'),
              h(
                'p',
                { class: 'small muted' },
                t('case.facts.score', {
                  score: l.notice.facts.score ?? '—',
                  grade: l.notice.facts.grade ?? t('grade.noneWord'),
                }),
              ),
              contributionList(l.notice.facts.contributions, index),
              otherLiveRecords(l.notice.facts.liveRecords, l.notice.facts.contributions, index),
              ruleErrors(l.notice.facts.errors),
              h('h3', null, t('case.listConditions')),
              listConditions(l.notice.facts.listConditions, new Map(), index),
              records.size
                ? h(
                    'details',
                    null,
                    h('summary', null, t('case.records', { authority: me.authority })),
                    h(
                      'ul',
                      { class: 'list-plain' },
                      [...records.values()].map((r) =>
                        h(
                          'li',
                          null,
                          h(
                            'div',
                            null,
                            h('code', null, refOf(r.authority, r.key)),
                            ' ',
                            r.retracted ? pill(t('case.state.retracted'), 'good') : null,
                          ),
                          h('div', null, recordSentence(r)),
                          h(
                            'div',
                            { class: 'small muted' },
                            t('case.record.meta', {
                              by: r.submittedBy ?? '',
                              operator: r.submittedBy ? 'no' : 'yes',
                              at: date(r.receivedAt),
                            }),
                            r.evidence ? [t('case.record.evidence'), evidenceLink(r)] : '',
                          ),
                        ),
                      ),
                    ),
                  )
                : null,
            )
          : null,
      ),
      side,
    ),
  );
}

async function disputeCase(me: Staff, id: number): Promise<HTMLElement> {
  const d = await get<Dispute>(`/v1/disputes/${id}`);
  const r = await get<RecordView>(`/v1/records/${seg(d.authority)}/${seg(d.key)}`);
  const side = h('div', null);
  const render = (dispute: Dispute): void => {
    if (dispute.state !== 'pending') {
      side.replaceChildren(outcomeBox(dispute.state, dispute.reasons, dispute.decidedAt, dispute.decidedBy));
      return;
    }
    const reasons = textarea('reasons', { required: true, rows: 5 });
    const retract = h('input', { type: 'radio', name: 'outcome', value: 'retract', id: 'd-retract', required: true });
    const confirm = h('input', { type: 'radio', name: 'outcome', value: 'confirm', id: 'd-confirm' });
    const err = h('div', { class: 'field-error', id: 'd-outcome-err', 'aria-live': 'polite' });
    const form = onSubmit(
      h(
        'form',
        { 'aria-label': t('case.dispute.form') },
        h(
          'fieldset',
          { 'data-field': 'outcome', 'aria-describedby': 'd-outcome-err' },
          h('legend', null, t('case.outcome')),
          h(
            'label',
            { class: 'radio', for: 'd-retract' },
            retract,
            h('span', null, h('strong', null, t('case.retract')), t('case.retract.text')),
          ),
          h(
            'label',
            { class: 'radio', for: 'd-confirm' },
            confirm,
            h('span', null, h('strong', null, t('case.confirm')), t('case.confirm.text')),
          ),
          err,
        ),
        field(t('case.reasons'), reasons, t('case.reasons.hintShort')),
        button(t('case.record')),
      ),
      async () => {
        render(
          await post<Dispute>(`/v1/disputes/${dispute.id}/decision`, {
            outcome: retract.checked ? 'retract' : 'confirm',
            reasons: reasons.value,
          }),
        );
      },
      {
        outcome: t('case.dispute.outcome.missing'),
        reasons: t('case.reasons.missing'),
      },
    );
    side.replaceChildren(fourEyes(me, [r], true), card(t('case.decide'), form));
  };
  render(d);
  return h(
    'div',
    null,
    h(
      'div',
      { class: 'crumbs' },
      h('a', { href: '#/review' }, t('nav.review')),
      ` / ${t('case.dispute.crumb', { id: d.id })}`,
    ),
    pageHead(
      t('review.disputeCase', { id: d.id }),
      t('case.dispute.lead', { subject: d.subject, key: d.key, authority: d.authority }),
    ),
    toTheDecision(side),
    h(
      'div',
      { class: 'grid-2' },
      h(
        'div',
        null,
        card(
          t('case.statement'),
          h('p', { class: 'statement' }, d.statement),
          h('p', { class: 'small muted' }, t('case.filed', { at: dateTime(d.filedAt), by: '', who: 'no' })),
        ),
        card(
          t('case.record.title'),
          h('p', null, recordSentence(r)),
          facts([
            [t('case.record.key'), h('code', null, r.key)],
            [t('case.record.kind'), h('code', null, r.kind)],
            [t('case.record.occurred'), dateTime(r.occurredAt)],
            [t('case.record.data'), dataText(r.data) || '—'],
            [t('case.record.evidenceLabel'), evidenceLink(r)],
            [t('case.record.by'), r.submittedBy ?? t('case.operator')],
            [t('case.record.received'), dateTime(r.receivedAt)],
            [
              t('case.record.retracted'),
              r.retracted ? `${date(r.retracted.at)}${t('public.colon')}${r.retracted.reason ?? ''}` : null,
            ],
          ]),
        ),
      ),
      side,
    ),
  );
}

/** A case: the notice, the facts, the statement, the four-eyes check and the decision. */
export function page(ctx: Ctx): Page {
  const [kind = 'appeal', idText = '0'] = ctx.params;
  return {
    title: () => (kind === 'appeal' ? t('case.appeal.title', { id: idText }) : t('review.disputeCase', { id: idText })),
    async render() {
      if (ctx.me.type !== 'staff')
        return h(
          'div',
          null,
          pageHead(t('case.title'), t('case.reviewersOnly')),
          errorBox(new Error(t('case.signIn'))),
        );
      return kind === 'appeal' ? appealCase(ctx.me, Number(idText)) : disputeCase(ctx.me, Number(idText));
    },
  };
}
