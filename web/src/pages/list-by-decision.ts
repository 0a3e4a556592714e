import { post } from '../api.js';
import { card, facts, h, mount, pageHead } from '../dom.js';
import type { Page } from '../main.js';
import { button, field, input, onSubmit, textarea } from '../ui.js';

interface DecisionOutcome {
  readonly outcome: 'opened' | 'unchanged';
  readonly listing: number;
  readonly key: string;
  readonly subject: string;
  readonly list: string;
  readonly state: string;
  readonly effectAt: string;
  readonly termEndsAt: string | null;
}

/**
 * An admin lists a subject by individual decision on a manual list (SPEC §6): the same
 * notice, window, appeal and term as a scored listing follow. POST /v1/listings/decisions.
 */
export const page: Page = {
  title: 'List by decision',
  render() {
    const subject = input('subject', { required: true, autocapitalize: 'none', spellcheck: 'false' });
    const scheme = input('scheme', { required: true, autocapitalize: 'none', spellcheck: 'false' });
    const list = input('list', { required: true, autocapitalize: 'none', spellcheck: 'false' });
    const reason = textarea('reason', { required: true, rows: 3 });
    const basis = input('basis', { required: true });
    const evidence = input('evidence', { type: 'url' });
    const term = input('term', { autocapitalize: 'characters', spellcheck: 'false' });
    const key = input('key', { autocapitalize: 'none', spellcheck: 'false' });
    const result = h('div', { role: 'status', 'aria-live': 'polite' });
    const optional = (v: string) => (v.trim() === '' ? undefined : v.trim());
    const form = onSubmit(
      h(
        'form',
        { 'aria-label': 'List a subject by decision' },
        field('Subject', subject, 'person:… or org:…'),
        field('Scheme', scheme, 'The id of one of your schemes (ID or ID@VERSION).'),
        field('List', list, 'A list of that scheme marked manual: true.'),
        field('Reason', reason, 'The decision in words: the subject receives it as the statement of reasons.'),
        field('Legal basis', basis, 'The provision the decision rests on.'),
        field('Evidence (optional)', evidence, 'An http(s) link to the order or file.'),
        field('Term (optional)', term, 'ISO 8601, e.g. P90D; at most the list’s maximum term, which is the default.'),
        field('Decision key (optional)', key, 'Your case or order number: the same key again changes nothing.'),
        button('List the subject'),
      ),
      async () => {
        const r = await post<DecisionOutcome>('/v1/listings/decisions', {
          subject: subject.value.trim(),
          scheme: scheme.value.trim(),
          list: list.value.trim(),
          reason: reason.value.trim(),
          basis: basis.value.trim(),
          evidence: optional(evidence.value),
          term: optional(term.value),
          key: optional(key.value),
        });
        mount(
          result,
          card(
            r.outcome === 'opened' ? `Listing #${r.listing} opened` : `Decision ${r.key} was recorded before`,
            facts([
              ['Decision key', r.key],
              ['Subject', h('code', null, r.subject)],
              ['State', r.state],
              ['Takes effect', r.effectAt],
              ['Term ends', r.termEndsAt ?? '—'],
            ]),
          ),
        );
      },
      {
        subject: 'Give the subject id, person:… or org:….',
        scheme: 'Name the scheme that holds the list.',
        list: 'Name a manual list of that scheme.',
        reason: 'Write the reason: the subject receives it with the notice.',
        basis: 'Name the legal basis of the decision.',
        evidence: 'Give an http(s) link, or leave it empty.',
        term: 'Give an ISO 8601 duration such as P90D, or leave it empty.',
      },
    );
    return h(
      'div',
      null,
      pageHead(
        'List by decision',
        'A court order or an agency decision lists one subject on a manual list. The subject gets a notice with your reason, basis and evidence, and may appeal within the window, as for any listing.',
      ),
      card('The decision', form),
      result,
    );
  },
};
