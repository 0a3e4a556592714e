/**
 * Reports from the public (SPEC §14): the subject portal's tab where a signed-in person reports
 * a subject's conduct to an authority that accepts reports and follows its own reports; and the
 * reviewers' triage page (#/review/reports), where each report is accepted (it becomes a record)
 * or rejected, with reasons, and each reporter's acceptance rate is shown.
 */
import { get, post, qs, seg } from '../api.js';
import { card, facts, h, pageHead, pill, table } from '../dom.js';
import { dateTime, words } from '../format.js';
import { t } from '../i18n.js';
import type { Ctx, Page } from '../main.js';
import type { paths } from '../api.gen.js';
import { button, field, input, onSubmit, textarea } from '../ui.js';

type MyReports = paths['/v1/me/reports']['get']['responses'][200]['content']['application/json'];
type Report = MyReports['reports'][number];
type Queue = paths['/v1/reports']['get']['responses'][200]['content']['application/json'];
type Queued = Queue['reports'][number];
type Authorities = paths['/v1/public/authorities']['get']['responses'][200]['content']['application/json'];

const text = (data: FormData, name: string): string => {
  const v = data.get(name);
  return typeof v === 'string' ? v.trim() : '';
};

function statePill(state: Report['state']): HTMLElement {
  const tone = state === 'accepted' ? 'good' : state === 'rejected' ? 'neutral' : 'info';
  return pill(t(`reports.state.${state}`), tone);
}

/** How a record from a report names its reporter, in the page's language. */
export function reportedByText(who: string): string {
  return who === 'a member of the public' ? t('reports.byPublic') : t('reports.byAuthority', { authority: who });
}

/** The subject portal's tab: a report form (authorities whose reports are open) and the reports you filed. */
export async function reportsTab(ctx: Ctx): Promise<Node> {
  const [{ reports }, { authorities }] = await Promise.all([
    get<MyReports>('/v1/me/reports'),
    get<Authorities>('/v1/public/authorities'),
  ]);
  const open = authorities.filter((a) => a.reports.open);
  const authority = h(
    'select',
    { name: 'authority', required: true },
    open.map((a) => h('option', { value: a.name }, a.title ?? a.name)),
  );
  const form = onSubmit(
    h(
      'form',
      { class: 'stack', 'data-report-form': '' },
      field(t('reports.field.authority'), authority, t('reports.hint.authority')),
      field(t('reports.field.subject'), input('subject', { required: true, placeholder: 'person:… or org:…' })),
      field(
        t('reports.field.kind'),
        input('kind', { required: true, placeholder: 'civic.littering' }),
        t('reports.hint.kind'),
      ),
      field(
        t('reports.field.occurredAt'),
        input('occurredAt', { required: true, type: 'datetime-local' }),
        t('reports.hint.occurredAt'),
      ),
      field(
        t('reports.field.description'),
        textarea('description', { rows: 4, maxlength: 2000 }),
        t('reports.hint.description'),
      ),
      field(
        t('reports.field.data'),
        textarea('data', { rows: 2, placeholder: '{"place": "Main St"}' }),
        t('reports.hint.data'),
      ),
      button(t('reports.submit')),
    ),
    async (data) => {
      const raw = text(data, 'data');
      let parsed: unknown = {};
      if (raw !== '') parsed = JSON.parse(raw) as unknown;
      const local = text(data, 'occurredAt');
      await post('/v1/reports', {
        authority: text(data, 'authority'),
        subject: text(data, 'subject'),
        kind: text(data, 'kind'),
        occurredAt: new Date(local).toISOString(),
        data: parsed,
        description: text(data, 'description'),
      });
      await ctx.reload();
    },
    { subject: t('reports.need.subject'), kind: t('reports.need.kind'), occurredAt: t('reports.need.occurredAt') },
  );
  return h(
    'div',
    null,
    card(
      t('reports.new'),
      h('p', null, t('reports.lead')),
      open.length === 0 ? h('p', { class: 'empty' }, t('reports.noneOpen')) : form,
    ),
    card(
      t('reports.mine'),
      table(
        [
          t('reports.col.filed'),
          t('reports.col.to'),
          t('reports.col.subject'),
          t('reports.col.what'),
          t('reports.col.state'),
        ],
        reports.map((r) => [
          dateTime(r.filedAt),
          r.authority,
          h('code', null, r.subject),
          words(r.kind),
          h('span', null, statePill(r.state), r.reasons ? h('div', { class: 'small muted' }, r.reasons) : null),
        ]),
        { empty: t('reports.mineEmpty') },
      ),
    ),
  );
}

function rate(q: Queued): string {
  return q.reporterAcceptanceRate === null
    ? t('reports.rate.none')
    : t('reports.rate', { percent: Math.round(100 * q.reporterAcceptanceRate), decided: q.reporterDecided });
}

function decisionForm(q: Queued, ctx: Ctx): HTMLElement {
  const reasons = textarea('reasons', { required: true, rows: 2, maxlength: 10000 });
  reasons.id = `reasons-${q.id}`;
  const form = h(
    'form',
    { class: 'stack', 'data-report': q.id },
    field(t('reports.field.reasons'), reasons),
    h(
      'div',
      { class: 'row' },
      button(t('reports.accept'), { name: 'outcome', value: 'accept' }),
      button(t('reports.reject'), { name: 'outcome', value: 'reject', class: 'btn secondary' }),
    ),
  );
  let outcome = 'reject';
  form.addEventListener('click', (e) => {
    const b = (e.target as HTMLElement).closest('button');
    if (b) outcome = b.value;
  });
  return onSubmit(
    form,
    async (data) => {
      await post(`/v1/reports/${seg(q.id)}/decision`, { outcome, reasons: text(data, 'reasons') });
      await ctx.reload();
    },
    { reasons: t('reports.need.reasons') },
  );
}

/** The reviewers' triage page. */
export function page(ctx: Ctx): Page {
  return {
    title: () => t('reports.queue.title'),
    async render() {
      if (ctx.me.type !== 'staff' || !ctx.me.roles.includes('reviewer'))
        return pageHead(t('reports.queue.title'), t('reports.queue.forReviewers'));
      const state = ctx.query.get('state') ?? 'open';
      const { reports } = await get<Queue>(`/v1/reports${qs({ state })}`);
      return h(
        'div',
        null,
        pageHead(t('reports.queue.title'), t('reports.queue.lead', { authority: ctx.me.authority })),
        h(
          'p',
          null,
          (['open', 'accepted', 'rejected', 'all'] as const).map((s) =>
            h(
              'a',
              { class: s === state ? 'btn' : 'btn secondary', href: `#/review/reports${qs({ state: s })}` },
              t(`reports.state.${s}`),
            ),
          ),
        ),
        reports.length === 0
          ? h('p', { class: 'empty' }, t('reports.queue.empty'))
          : reports.map((q) =>
              card(
                h('span', null, words(q.kind), ' · ', h('code', null, q.subject), ' ', statePill(q.state)),
                facts([
                  [t('reports.col.occurred'), dateTime(q.occurredAt)],
                  [t('reports.col.filed'), dateTime(q.filedAt)],
                  [t('reports.col.reporter'), q.reporterAuthority ?? t('reports.public')],
                  [t('reports.col.rate'), rate(q)],
                  [t('reports.col.description'), q.description],
                  [t('reports.col.data'), Object.keys(q.data).length ? JSON.stringify(q.data) : ''],
                  [t('reports.col.reasons'), q.reasons ?? ''],
                ]),
                q.state === 'open' ? decisionForm(q, ctx) : null,
              ),
            ),
      );
    },
  };
}
