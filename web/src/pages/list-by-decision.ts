import { post } from '../api.js';
import { card, facts, h, mount, pageHead } from '../dom.js';
import { dateTime } from '../format.js';
import { t } from '../i18n.js';
import type { Page } from '../main.js';
import { stateWord } from '../staff-text.js';
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
  title: () => t('nav.decisions'),
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
        { 'aria-label': t('decisions.form') },
        field(t('decisions.subject'), subject, t('public.lookup.placeholder')),
        field(t('decisions.scheme'), scheme, t('decisions.scheme.hint')),
        field(t('decisions.list'), list, t('decisions.list.hint')),
        field(t('decisions.reason'), reason, t('decisions.reason.hint')),
        field(t('decisions.basis'), basis, t('decisions.basis.hint')),
        field(t('decisions.evidence'), evidence, t('decisions.evidence.hint')),
        field(t('decisions.term'), term, t('decisions.term.hint')),
        field(t('decisions.key'), key, t('decisions.key.hint')),
        button(t('decisions.submit')),
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
            r.outcome === 'opened'
              ? t('decisions.opened', { listing: r.listing })
              : t('decisions.before', { key: r.key }),
            facts([
              [t('decisions.key.short'), r.key],
              [t('decisions.subject'), h('code', null, r.subject)],
              [t('decisions.state'), stateWord(r.state)],
              [t('decisions.effect'), dateTime(r.effectAt)],
              [t('decisions.termEnds'), dateTime(r.termEndsAt)],
            ]),
          ),
        );
      },
      {
        subject: t('decisions.subject.missing'),
        scheme: t('decisions.scheme.missing'),
        list: t('decisions.list.missing'),
        reason: t('decisions.reason.missing'),
        basis: t('decisions.basis.missing'),
        evidence: t('decisions.evidence.missing'),
        term: t('decisions.term.missing'),
      },
    );
    return h('div', null, pageHead(t('nav.decisions'), t('decisions.lead')), card(t('decisions.card'), form), result);
  },
};
