import { ApiError, get, qs, seg } from '../api.js';
import { gradeColors, lineChart } from '../charts.js';
import { card, facts, h, loading, mount, pageHead, pill } from '../dom.js';
import { contributionList, indexRecords, listConditions, noticeView, ruleErrors } from '../explain.js';
import { dateTime, num, timeLeft, words, listName } from '../format.js';
import type { Ctx, Page } from '../main.js';
import { condition, pointsText } from '../scheme-text.js';
import type { Explanation, Listing, ListingWithNotice, RecordView, VersionDetail, VersionSummary } from '../types.js';
import { errorBox, gradeBadge, stateTone } from '../ui.js';
import { subjectSearch } from './console.js';

const MONTH = 30.44 * 86_400_000;

/** Runs `jobs` with at most `n` at a time (the browser queues beyond six per host anyway). */
export async function pool<T>(jobs: readonly (() => Promise<T>)[], n = 6): Promise<T[]> {
  const out: T[] = new Array<T>(jobs.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, jobs.length) }, async () => {
      while (next < jobs.length) {
        const i = next++;
        out[i] = await jobs[i]!();
      }
    }),
  );
  return out;
}

/** Records of the staff member's own authority that an explanation rests on (other authorities' records are theirs to show). */
export async function readRecords(
  authority: string,
  refs: readonly { authority: string; key: string }[],
): Promise<Map<string, RecordView>> {
  const mine = [
    ...new Map(refs.filter((r) => r.authority === authority).map((r) => [`${r.authority}/${r.key}`, r])).values(),
  ].slice(0, 60);
  const got = await pool(
    mine.map((r) => () => get<RecordView>(`/v1/records/${seg(r.authority)}/${seg(r.key)}`).catch(() => null)),
  );
  return indexRecords(got.filter((r): r is RecordView => r !== null));
}

function schemeSection(subject: string, v: VersionSummary): HTMLElement {
  const body = h('div', null, loading('Explaining'));
  const path = `/v1/schemes/${seg(v.authority)}/${seg(v.scheme)}/subjects/${seg(subject)}`;
  void (async () => {
    try {
      const [now, detail] = await Promise.all([
        get<Explanation>(path),
        get<VersionDetail>(`/v1/schemes/${seg(v.authority)}/${seg(v.scheme)}/versions/${v.version}`),
      ]);
      if (!now.judged) {
        body.replaceChildren(
          h(
            'p',
            { class: 'muted' },
            now.notJudged === 'no-consent'
              ? 'Not scored: this scheme needs the subject’s consent, which it has not given.'
              : 'This scheme does not judge this kind of subject.',
          ),
        );
        return;
      }
      const doc = detail.content;
      const colors = gradeColors(doc.grades.map((g) => g.id));
      const ruleText = new Map(doc.rules.map((r) => [r.id, `${pointsText(r.points)} when ${condition(r.when)}`]));
      const listTitles = new Map(doc.lists.map((l) => [l.id, listName(l.id, l.title)]));
      const t = Date.parse(now.at);
      const instants = Array.from({ length: 8 }, (_, i) => new Date(t - (8 - i) * 3 * MONTH).toISOString());
      const chartSlot = h('div', null, loading('Drawing the score history'));
      const records = await readRecords(v.authority, now.contributions);
      mount(
        body,
        h(
          'div',
          { class: 'score-head' },
          gradeBadge(now.grade, now.grade ? colors[now.grade] : undefined),
          h(
            'div',
            null,
            h('div', { class: 'score' }, num(now.score)),
            h('div', { class: 'small muted' }, `score now (base ${doc.score.base})`),
          ),
          h(
            'div',
            { class: 'small muted' },
            `${now.candidates} record${now.candidates === 1 ? '' : 's'} considered · version ${now.version}`,
          ),
        ),
        h('h3', null, 'Score over the last two years'),
        chartSlot,
        h('h3', null, 'Every contribution'),
        contributionList(now.contributions, records, { ruleText }),
        ruleErrors(now.errors),
        now.listConditions.length
          ? [h('h3', null, 'Lists'), listConditions(now.listConditions, listTitles, records)]
          : null,
      );
      const past = await pool(instants.map((at) => () => get<Explanation>(`${path}${qs({ at })}`).catch(() => null)));
      const pts = [...past, now]
        .filter((e): e is Explanation => e !== null && e.score !== null)
        .map((e) => ({ x: Date.parse(e.at), y: e.score! }));
      const bands = doc.grades.filter((g) => g.min !== undefined).map((g) => ({ from: g.min!, label: g.id }));
      chartSlot.replaceChildren(
        lineChart(
          `Score of ${subject} under ${v.scheme} over time`,
          [{ label: 'score', points: pts, color: '#1d4e89' }],
          { bands, step: false },
        ),
      );
    } catch (err) {
      body.replaceChildren(
        err instanceof ApiError && err.code === 'SCHEME_NOT_FOUND'
          ? h('p', { class: 'muted' }, 'Not available.')
          : errorBox(err, 'This scheme could not be evaluated'),
      );
    }
  })();
  return card(
    h('span', null, v.title ?? words(v.scheme), ' ', h('small', null, `${v.scheme} · version ${v.version}`)),
    body,
  );
}

function listingRow(l: Listing): HTMLElement {
  const body = h('div', null, loading('Loading the notice'));
  const left = l.state === 'noticed' ? timeLeft(l.effectAt) : null;
  const d = h(
    'details',
    { class: 'listing' },
    h(
      'summary',
      null,
      h(
        'span',
        { class: 'row', style: 'display:inline-flex' },
        `#${l.id} ${l.listTitle} (${l.scheme})`,
        pill(l.state, stateTone(l.state, l.listType)),
        l.appealed ? pill('appealed', 'info') : null,
        left ? pill(left.text, left.tone) : null,
      ),
    ),
    body,
  );
  let loaded = false;
  d.addEventListener('toggle', () => {
    if (!d.open || loaded) return;
    loaded = true;
    get<ListingWithNotice>(`/v1/listings/${l.id}`)
      .then(async (full) => {
        const records = full.notice
          ? await readRecords(full.authority, full.notice.facts.contributions)
          : new Map<string, RecordView>();
        mount(
          body,
          facts([
            ['Noticed', dateTime(full.noticedAt)],
            ['Takes effect', dateTime(full.effectAt)],
            ['Active since', full.activeSince ? dateTime(full.activeSince) : null],
            ['Ended', full.endedAt ? `${dateTime(full.endedAt)} (${words(full.endReason ?? '')})` : null],
          ]),
          full.notice
            ? noticeView(full.notice, records, { listing: full.id })
            : h('p', { class: 'muted' }, 'A redlist listing: no notice, it applied at once.'),
          full.appeal
            ? h(
                'div',
                null,
                h('h3', null, 'Appeal'),
                h('p', { class: 'statement' }, full.appeal.statement),
                h(
                  'p',
                  null,
                  pill(full.appeal.state, stateTone(full.appeal.state)),
                  ' ',
                  full.appeal.reasons ?? '',
                  full.appeal.state === 'pending'
                    ? h('a', { href: `#/review/appeal/${full.appeal.id}` }, ' Open the case')
                    : '',
                ),
              )
            : null,
        );
      })
      .catch((err: unknown) => body.replaceChildren(errorBox(err)));
  });
  return d;
}

/** A subject as its authority's staff see it: scores over time, every contribution, listings and notices. */
export function page(ctx: Ctx): Page {
  const subject = ctx.params[0] ?? '';
  return {
    title: subject,
    async render() {
      if (ctx.me.type !== 'staff') return h('div', null, pageHead('Subject', 'Staff only.'));
      const me = ctx.me;
      const [versions, listings] = await Promise.all([
        get<{ versions: VersionSummary[] }>('/v1/schemes'),
        get<{ listings: Listing[] }>(`/v1/listings${qs({ subject, limit: 200 })}`).catch((err: unknown) =>
          err instanceof Error ? err : new Error(String(err)),
        ),
      ]);
      const latest = new Map<string, VersionSummary>();
      for (const v of versions.versions) if (v.authority === me.authority) latest.set(v.scheme, v);
      const judges = [...latest.values()];
      return h(
        'div',
        null,
        h('div', { class: 'crumbs' }, h('a', { href: '#/console' }, 'Console'), ' / subjects'),
        pageHead(
          subject,
          `As ${me.authority} sees this subject: its scores, what made them, and its listings with ${me.authority}.`,
        ),
        h(
          'div',
          { class: 'grid-2' },
          h(
            'div',
            null,
            judges.map((v) => schemeSection(subject, v)),
          ),
          h(
            'div',
            null,
            card(
              'Listings',
              listings instanceof Error
                ? errorBox(listings)
                : listings.listings.length === 0
                  ? h('p', { class: 'empty' }, `${me.authority} has never listed this subject.`)
                  : h('div', { class: 'stack' }, [...listings.listings].reverse().map(listingRow)),
            ),
            card('Another subject', subjectSearch()),
          ),
        ),
      );
    },
  };
}
