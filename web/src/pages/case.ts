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
import type { Ctx, Page } from '../main.js';
import type { Appeal, Dispute, ListingWithNotice, RecordView, Staff } from '../types.js';
import { button, errorBox, field, onSubmit, stateTone, textarea } from '../ui.js';
import { readRecords } from './subject.js';

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
    'Go to the decision',
  );
}

/** The four-eyes rule, computed from who submitted each record of the case, before the reviewer writes anything. */
function fourEyes(me: Staff, records: readonly RecordView[], checked: boolean): HTMLElement {
  const mine = records.filter((r) => me.account !== null && r.submittedBy === me.account);
  if (mine.length > 0) {
    return h(
      'div',
      { class: 'alert warn', role: 'alert', 'data-four-eyes': 'conflict' },
      h('strong', null, 'Four-eyes rule: another reviewer must decide this case'),
      `Your account (${me.account}) submitted ${mine.length === 1 ? 'a record' : `${mine.length} records`} this case rests on: `,
      mine.map((r, i) => [i ? ', ' : '', h('code', null, r.key)]),
      '. Standing will refuse your decision.',
    );
  }
  return h(
    'div',
    { class: 'alert info', 'data-four-eyes': 'clear' },
    h('strong', null, 'Four-eyes rule'),
    checked
      ? `None of the ${records.length} record${records.length === 1 ? '' : 's'} of ${me.authority} in this case was submitted by your account, so you may decide it.`
      : 'Nobody may decide a case resting on a record they submitted; Standing checks this when you decide.',
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
    'Decision',
    h(
      'p',
      null,
      pill(state, stateTone(state)),
      ' ',
      decidedAt ? `on ${dateTime(decidedAt)}` : '',
      decidedBy ? ` by ${decidedBy}` : '',
    ),
    reasons ? h('p', { class: 'statement' }, reasons) : null,
    extra,
    h('p', null, h('a', { href: '#/review' }, 'Back to the queue')),
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
    h('legend', null, 'When overturning (optional)'),
    own.length
      ? h(
          'div',
          null,
          h(
            'p',
            { class: 'small muted' },
            `Retract records of ${me.authority} that were wrong; they stop counting everywhere and stay in the history.`,
          ),
          h(
            'div',
            // Scrolls when the records are many: focusable so that a keyboard can scroll it too.
            { class: 'pick-list', role: 'group', 'aria-label': 'Records to retract', tabindex: 0 },
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
      : h('p', { class: 'small muted' }, `No record of ${me.authority} to retract in this case.`),
    h(
      'label',
      { class: 'checkbox', for: 'o-exempt' },
      exempt,
      h('span', null, 'Exempt the subject from this list until a newer record qualifies it again'),
    ),
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
      { 'aria-label': 'Decide the appeal' },
      h(
        'fieldset',
        { 'data-field': 'outcome', 'aria-describedby': 'outcome-err' },
        h('legend', null, 'Outcome'),
        h(
          'label',
          { class: 'radio', for: 'o-uphold' },
          uphold,
          h(
            'span',
            null,
            h('strong', null, 'Uphold'),
            ' — the listing stands and takes effect (not before its effect date)',
          ),
        ),
        h(
          'label',
          { class: 'radio', for: 'o-overturn' },
          overturn,
          h('span', null, h('strong', null, 'Overturn'), ' — the listing ends now'),
        ),
        outcomeErr,
      ),
      overturnOnly,
      field(
        'Written reasons',
        reasons,
        'The subject receives these words. Say what you checked and why you decided so.',
      ),
      button('Record the decision'),
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
      outcome: 'Choose uphold or overturn.',
      reasons: 'Write your reasons: the subject receives them with the decision.',
    },
  );
  return card('Decide', form);
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
        'The case',
        facts([
          ['Subject', h('code', null, appeal.subject)],
          ['Listing', `#${listing.id} · ${listing.listTitle} (${listing.scheme} v${listing.version})`],
          [
            'Listing state',
            h(
              'span',
              { 'data-listing-state': listing.state },
              pill(listing.state, stateTone(listing.state)),
              listing.endReason ? ` (${listing.endReason})` : '',
            ),
          ],
          ['Appeal filed', dateTime(appeal.filedAt)],
          [
            'Deadline',
            appeal.state === 'pending'
              ? h(
                  'span',
                  null,
                  dateTime(appeal.deadline),
                  ' ',
                  pill(appeal.late ? 'late: sanctions apply meanwhile' : tl.text, appeal.late ? 'bad' : tl.tone),
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
                  appeal.retracted.length ? `Retracted: ${appeal.retracted.join(', ')}. ` : '',
                  appeal.exempt ? 'The subject is exempt from this list.' : '',
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
    h('div', { class: 'crumbs' }, h('a', { href: '#/review' }, 'Review queue'), ` / appeal #${a.id}`),
    pageHead(`Appeal #${a.id}`, `${a.subject} appeals listing #${l.id} on ${l.listTitle}.`),
    toTheDecision(side),
    h(
      'div',
      { class: 'grid-2' },
      h(
        'div',
        null,
        card(
          'The subject’s statement',
          h('p', { class: 'statement' }, a.statement),
          h('p', { class: 'small muted' }, `Filed ${dateTime(a.filedAt)}${a.filedBy ? ` by ${a.filedBy}` : ''}.`),
        ),
        l.notice
          ? card('The notice', noticeView(l.notice, index, { facts: false }))
          : card('The notice', h('p', { class: 'muted' }, 'This listing has no notice.')),
        l.notice
          ? card(
              'The facts',
              h(
                'p',
                { class: 'small muted' },
                `Score ${l.notice.facts.score ?? '—'}, grade ${l.notice.facts.grade ?? 'none'} at notice time.`,
              ),
              contributionList(l.notice.facts.contributions, index),
              otherLiveRecords(l.notice.facts.liveRecords, l.notice.facts.contributions, index),
              ruleErrors(l.notice.facts.errors),
              h('h3', null, 'List conditions'),
              listConditions(l.notice.facts.listConditions, new Map(), index),
              records.size
                ? h(
                    'details',
                    null,
                    h('summary', null, `Records of ${me.authority} in this case, with evidence`),
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
                            r.retracted ? pill('retracted', 'good') : null,
                          ),
                          h('div', null, recordSentence(r)),
                          h(
                            'div',
                            { class: 'small muted' },
                            `Submitted by ${r.submittedBy ?? 'the operator'} · received ${date(r.receivedAt)}`,
                            r.evidence ? [' · evidence: ', evidenceLink(r)] : '',
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
        { 'aria-label': 'Decide the dispute' },
        h(
          'fieldset',
          { 'data-field': 'outcome', 'aria-describedby': 'd-outcome-err' },
          h('legend', null, 'Outcome'),
          h(
            'label',
            { class: 'radio', for: 'd-retract' },
            retract,
            h('span', null, h('strong', null, 'Retract'), ' — the record was wrong; it stops counting'),
          ),
          h(
            'label',
            { class: 'radio', for: 'd-confirm' },
            confirm,
            h('span', null, h('strong', null, 'Confirm'), ' — the record stands'),
          ),
          err,
        ),
        field('Written reasons', reasons, 'The subject receives these words.'),
        button('Record the decision'),
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
        outcome: 'Choose retract or confirm.',
        reasons: 'Write your reasons: the subject receives them with the decision.',
      },
    );
    side.replaceChildren(fourEyes(me, [r], true), card('Decide', form));
  };
  render(d);
  return h(
    'div',
    null,
    h('div', { class: 'crumbs' }, h('a', { href: '#/review' }, 'Review queue'), ` / dispute #${d.id}`),
    pageHead(`Dispute #${d.id}`, `${d.subject} disputes record ${d.key} of ${d.authority}.`),
    toTheDecision(side),
    h(
      'div',
      { class: 'grid-2' },
      h(
        'div',
        null,
        card(
          'The subject’s statement',
          h('p', { class: 'statement' }, d.statement),
          h('p', { class: 'small muted' }, `Filed ${dateTime(d.filedAt)}.`),
        ),
        card(
          'The record',
          h('p', null, recordSentence(r)),
          facts([
            ['Key', h('code', null, r.key)],
            ['Kind', h('code', null, r.kind)],
            ['Occurred', dateTime(r.occurredAt)],
            ['Data', dataText(r.data) || '—'],
            ['Evidence', evidenceLink(r)],
            ['Submitted by', r.submittedBy ?? 'the operator'],
            ['Received', dateTime(r.receivedAt)],
            ['Retracted', r.retracted ? `${date(r.retracted.at)}: ${r.retracted.reason ?? ''}` : null],
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
    title: `${kind === 'appeal' ? 'Appeal' : 'Dispute'} #${idText}`,
    englishOnly: true,
    async render() {
      if (ctx.me.type !== 'staff')
        return h(
          'div',
          null,
          pageHead('Case', 'Reviewers only.'),
          errorBox(new Error('Sign in as a reviewer of the authority.')),
        );
      return kind === 'appeal' ? appealCase(ctx.me, Number(idText)) : disputeCase(ctx.me, Number(idText));
    },
  };
}
