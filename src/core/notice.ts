import type { Evaluation } from './evaluate.js';
import { formatInstant } from './instant.js';
import { listName } from './list-name.js';
import type { CompiledList, CompiledScheme, SanctionDef } from './scheme-types.js';

/** The facts of a decision: the full explanation of the evaluation at notice time (SPEC §6). */
export interface NoticeFacts {
  readonly score: number | null;
  readonly grade: string | null;
  readonly contributions: Evaluation['contributions'];
  readonly errors: Evaluation['errors'];
  readonly listConditions: Evaluation['listValues'];
  /** Live records the conditions could see, as "authority/key". */
  readonly liveRecords: readonly string[];
}

/** A statement of reasons: everything SPEC §6 requires a notice to say. */
export interface NoticeBody {
  readonly listing: number;
  readonly subject: string;
  readonly authority: string;
  readonly scheme: string;
  readonly version: number;
  readonly list: {
    readonly id: string;
    readonly title: string | null;
    readonly type: string;
    readonly condition: string;
  };
  readonly sanctions: readonly SanctionDef[];
  readonly basis: string | null;
  readonly automated: true;
  readonly facts: NoticeFacts;
  readonly noticedAt: string;
  readonly effectAt: string;
  /** Whether effectAt is still provisional: fixed when the subject receives the notice (SPEC §6, Receipt). */
  readonly effectProvisional: boolean;
  /** The maximum term's end: the listing ends then even if the subject still qualifies (null: a redlist, none). */
  readonly termEndsAt: string | null;
  readonly appeal: { readonly until: string; readonly how: string };
}

/** How a subject appeals a listing; the CLI form, which the HTTP service mirrors. */
export function appealHow(listing: number, effectAt: number): string {
  return `File an appeal with a statement before ${formatInstant(effectAt)} to suspend the sanctions until a human reviewer decides: in the subject portal, with POST /v1/listings/${listing}/appeal, or with standing appeal ${listing} --statement "…" --as <your account>. A later appeal is still reviewed, but the sanctions apply meanwhile.`;
}

export function buildNotice(input: {
  listing: number;
  scheme: CompiledScheme;
  list: CompiledList;
  evaluation: Evaluation;
  noticedAt: number;
  effectAt: number;
  termEndsAt?: number | null;
}): NoticeBody {
  const { scheme, list, evaluation: e } = input;
  return {
    listing: input.listing,
    subject: e.subject,
    authority: scheme.doc.authority,
    scheme: scheme.doc.scheme,
    version: scheme.version,
    list: { id: list.def.id, title: list.def.title ?? null, type: list.def.type, condition: list.def.when },
    sanctions: list.def.sanctions,
    basis: scheme.doc.basis ?? null,
    automated: true,
    facts: {
      score: e.score,
      grade: e.grade,
      contributions: e.contributions,
      errors: e.errors,
      listConditions: e.listValues,
      liveRecords: e.live,
    },
    noticedAt: formatInstant(input.noticedAt),
    effectAt: formatInstant(input.effectAt),
    effectProvisional: list.def.type !== 'redlist',
    termEndsAt: input.termEndsAt == null ? null : formatInstant(input.termEndsAt),
    appeal: { until: formatInstant(input.effectAt), how: appealHow(input.listing, input.effectAt) },
  };
}

/** The records a notice rests on, as (authority, key): what the four-eyes rule and exemptions look at. */
export function noticeRecords(facts: NoticeFacts): { authority: string; key: string }[] {
  const seen = new Map<string, { authority: string; key: string }>();
  for (const c of facts.contributions) seen.set(`${c.authority}/${c.key}`, { authority: c.authority, key: c.key });
  for (const ref of facts.liveRecords) {
    const i = ref.indexOf('/');
    seen.set(ref, { authority: ref.slice(0, i), key: ref.slice(i + 1) });
  }
  return [...seen.values()];
}

function sanctionText(s: SanctionDef): string {
  const limit = s.limit
    ? ` (${Object.entries(s.limit)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')})`
    : '';
  const why = s.justification ? ` — ${s.justification}${s.basis ? ` [${s.basis}]` : ''}` : '';
  return `${s.effect} ${s.action}${limit}${why}`;
}

/** The records the list's condition matched directly (e.g. `subject.records.exists(…)`), with their authority. */
export function conditionRecords(n: Pick<NoticeBody, 'list' | 'facts'>): readonly string[] {
  return n.facts.listConditions.find((c) => c.id === n.list.id)?.records ?? [];
}

function conditionLines(n: NoticeBody): string[] {
  const records = conditionRecords(n);
  if (records.length === 0) return [];
  return [
    `The condition holds through ${records.length === 1 ? 'this record' : 'these records'}:`,
    ...records.map((ref) => `  - ${ref} (reported by ${ref.slice(0, ref.indexOf('/'))})`),
  ];
}

/** A notice as plain text for terminals and e-mail. */
export function renderNotice(n: NoticeBody): string {
  const lines = [
    `NOTICE ${n.listing} to ${n.subject}`,
    `${n.authority} places you on the ${n.list.type} "${listName(n.list)}" (${n.list.id}) of scheme ${n.scheme}, version ${n.version}.`,
    `Decided automatically from the records below; a human reviewer decides any appeal.`,
    `Basis: ${n.basis ?? 'none stated by the scheme'}`,
    `Condition: ${n.list.condition}`,
    n.sanctions.length === 0
      ? 'Sanctions: none (a watchlist).'
      : `Sanctions:\n${n.sanctions.map((s) => `  - ${sanctionText(s)}`).join('\n')}`,
    ...conditionLines(n),
    `Score ${n.facts.score ?? '—'}, grade ${n.facts.grade ?? 'none'}. Facts:`,
    ...n.facts.contributions.map(
      (c) =>
        `  - ${c.authority}/${c.key}: rule ${c.rule}, ${c.points} points${c.capped !== c.points ? ` (${c.capped} after the cap)` : ''}`,
    ),
    ...(n.facts.errors.length
      ? [
          'Rule errors (counted as 0 or false):',
          ...n.facts.errors.map((r) => `  - ${r.rule} (${r.site}${r.key ? `, ${r.key}` : ''}): ${r.message}`),
        ]
      : []),
    `Noticed ${n.noticedAt}; takes effect ${n.effectAt}${n.effectProvisional ? ' (provisional: the window runs from when you read this notice, at the latest 2 days after it was issued)' : ''}.`,
    ...(n.termEndsAt
      ? [`The listing ends at the latest ${n.termEndsAt} (its maximum term), even if you still qualify.`]
      : []),
    `How to appeal: ${n.appeal.how}`,
  ];
  return `${lines.join('\n')}\n`;
}
