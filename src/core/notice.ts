import type { Evaluation } from './evaluate.js';
import { t } from './i18n/index.js';
import type { Locale } from './i18n/locale.js';
import { formatInstant, parseInstant } from './instant.js';
import { listName } from './list-name.js';
import { canonicalJson } from './record.js';
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
  /** Kept for notices issued before detection and decision were said separately: both were automated. */
  readonly automated: true;
  /** Whether the facts were detected by automated means (a scheme's evaluation: yes). DSA art. 17(3)(c). */
  readonly automatedDetection?: boolean;
  /** Whether the decision to list was taken by automated means (a scored listing: yes; appeals are decided by people). */
  readonly automatedDecision?: boolean;
  /** The ground the restriction rests on (DSA art. 17(3)(d)/(e)): the scheme's legal basis, else the published scheme as the terms. */
  readonly ground?: NoticeGround;
  /** The restriction and its scope and duration in words (DSA art. 17(3)(a)): each sanction, from when, until when. */
  readonly scope?: string;
  /** Every form of redress open to the subject, with its deadline (DSA art. 17(3)(f)). */
  readonly redress?: readonly Redress[];
  readonly facts: NoticeFacts;
  readonly noticedAt: string;
  readonly effectAt: string;
  /** Whether effectAt is still provisional: fixed when the subject receives the notice (SPEC §6, Receipt). */
  readonly effectProvisional: boolean;
  /** The maximum term's end: the listing ends then even if the subject still qualifies (null: a redlist, none). */
  readonly termEndsAt: string | null;
  readonly appeal: { readonly until: string; readonly how: string };
  /** A listing by decision (SPEC §6): who decided, on what reason, basis and evidence; absent for a scored listing. */
  readonly decision?: ManualDecision;
  /** The scheme's translations of the texts above (list title, basis, each sanction's justification and basis), by locale; absent when it has none. */
  readonly translations?: Readonly<Record<string, NoticeTexts>>;
}

/** The individual decision a manual listing rests on (SPEC §6, Listings by decision). */
export interface ManualDecision {
  /** The authority's own key for the decision (a case or order number): re-submitting it changes nothing. */
  readonly key: string;
  /** The account (or "key:ID") that opened the listing; it may not review it. */
  readonly by: string;
  readonly reason: string;
  readonly basis: string;
  readonly evidence: string | null;
  /** The term the decision set (ISO 8601), at most the list's maximum term. */
  readonly term: string;
}

/** A notice's scheme texts in one language (what the scheme translated; the rest stays in English). */
export interface NoticeTexts {
  readonly listTitle?: string;
  readonly basis?: string;
  readonly sanctions?: readonly { readonly justification?: string; readonly basis?: string }[];
}

/** noticeTranslations by scheme document and list: the same for every notice of a list, so put together once. */
const TRANSLATIONS = new WeakMap<
  CompiledScheme['doc'],
  Map<number, Readonly<Record<string, NoticeTexts>> | undefined>
>();

/** The translations of a list's texts, by locale, from its scheme (SchemeDoc.translations). */
export function noticeTranslations(
  doc: CompiledScheme['doc'],
  listIndex: number,
): Readonly<Record<string, NoticeTexts>> | undefined {
  if (!doc.translations || listIndex < 0) return undefined;
  let byList = TRANSLATIONS.get(doc);
  if (byList === undefined)
    TRANSLATIONS.set(doc, (byList = new Map<number, Readonly<Record<string, NoticeTexts>> | undefined>()));
  if (byList.has(listIndex)) return byList.get(listIndex);
  const texts = translationsOf(doc, listIndex);
  // Members in code-unit order, as the notice's canonical JSON writes them (see buildNotice).
  const out = texts === undefined ? undefined : (JSON.parse(canonicalJson(texts)) as Record<string, NoticeTexts>);
  byList.set(listIndex, out);
  return out;
}

function translationsOf(doc: CompiledScheme['doc'], listIndex: number): Record<string, NoticeTexts> | undefined {
  if (!doc.translations) return undefined;
  const out: Record<string, NoticeTexts> = {};
  const list = doc.lists[listIndex];
  for (const [locale, texts] of Object.entries(doc.translations)) {
    const at = `lists[${listIndex}]`;
    const sanctions = (list?.sanctions ?? []).map((_, i) => ({
      ...(texts[`${at}.sanctions[${i}].justification`] !== undefined
        ? { justification: texts[`${at}.sanctions[${i}].justification`] }
        : {}),
      ...(texts[`${at}.sanctions[${i}].basis`] !== undefined ? { basis: texts[`${at}.sanctions[${i}].basis`] } : {}),
    }));
    const t: NoticeTexts = {
      ...(texts[`${at}.title`] !== undefined ? { listTitle: texts[`${at}.title`] } : {}),
      ...(texts.basis !== undefined ? { basis: texts.basis } : {}),
      ...(sanctions.some((x) => Object.keys(x).length > 0) ? { sanctions } : {}),
    };
    if (Object.keys(t).length > 0) out[locale] = t;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

export interface NoticeGround {
  /** legal: the scheme names a basis in law; contractual: it names none, and the published scheme is the rule applied. */
  readonly kind: 'legal' | 'contractual';
  readonly text: string;
}

/** One form of redress: until an instant (appeal), or within a duration of an event (second instance, disputes). */
export interface Redress {
  readonly kind: 'appeal' | 'second-instance' | 'record-dispute';
  /** RFC 3339: the deadline, when it is an instant known at notice. */
  readonly until: string | null;
  /** ISO 8601 duration counted from `from`, when the deadline depends on a later event. */
  readonly within: string | null;
  readonly from: string | null;
  readonly how: string;
}

/** The default window for a second instance after an upheld appeal (SPEC §6), counted from the first decision. */
export const DEFAULT_SECOND_INSTANCE = 'P10D';
/** The default time an authority has to decide a record dispute (SPEC §6). */
export const DEFAULT_DISPUTE_DEADLINE = 'P30D';

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
  /** The window for a second instance (the list's `secondInstance`), default DEFAULT_SECOND_INSTANCE. */
  secondInstance?: string;
  /** For a manual list: the decision; detection and decision are then a person's, and its basis is the ground. */
  decision?: ManualDecision;
}): NoticeBody {
  const { scheme, list, evaluation: e, decision } = input;
  const basis = decision?.basis ?? scheme.doc.basis ?? null;
  const termEndsAt = input.termEndsAt == null ? null : formatInstant(input.termEndsAt);
  const translations = noticeTranslations(
    scheme.doc,
    scheme.doc.lists.findIndex((l) => l.id === list.def.id),
  );
  const effectAt = formatInstant(input.effectAt);
  // Members in code-unit order at every depth, as canonical JSON writes them: the body is stored and
  // hashed in that form (deliver), and a value already in order is written without a copy.
  return {
    appeal: { how: appealHow(input.listing, input.effectAt), until: effectAt },
    authority: scheme.doc.authority,
    automated: true,
    automatedDecision: decision === undefined,
    automatedDetection: decision === undefined,
    basis,
    ...(decision === undefined ? {} : { decision }),
    effectAt,
    effectProvisional: list.def.type !== 'redlist',
    facts: {
      contributions: e.contributions,
      errors: e.errors,
      grade: e.grade,
      listConditions: e.listValues,
      liveRecords: e.live,
      score: e.score,
    },
    ground:
      basis !== null
        ? { kind: 'legal', text: basis }
        : {
            kind: 'contractual',
            text: `the published scheme ${scheme.doc.scheme}, version ${scheme.version}, of ${scheme.doc.authority}`,
          },
    list: {
      condition:
        list.def.when ?? `decision ${decision?.key ?? '(none)'} of ${scheme.doc.authority}: ${decision?.reason ?? ''}`,
      id: list.def.id,
      title: list.def.title ?? null,
      type: list.def.type,
    },
    listing: input.listing,
    noticedAt: formatInstant(input.noticedAt),
    redress: redressOf(
      input.listing,
      input.effectAt,
      input.secondInstance ?? DEFAULT_SECOND_INSTANCE,
      scheme.doc.authority,
    ),
    sanctions: sanctionsInOrder(list.def.sanctions),
    scheme: scheme.doc.scheme,
    scope: scopeText(list.def.type, list.def.sanctions, effectAt, termEndsAt, decision !== undefined),
    subject: e.subject,
    termEndsAt,
    ...(translations ? { translations } : {}),
    version: scheme.version,
  };
}

const IN_ORDER = new WeakMap<readonly SanctionDef[], readonly SanctionDef[]>();

/** A list's sanctions as its notices hold them: the same values, members in code-unit order (once per list). */
function sanctionsInOrder(sanctions: readonly SanctionDef[]): readonly SanctionDef[] {
  let out = IN_ORDER.get(sanctions);
  if (out === undefined) IN_ORDER.set(sanctions, (out = JSON.parse(canonicalJson(sanctions)) as SanctionDef[]));
  return out;
}

/** The restriction, its scope and duration, in one sentence (DSA art. 17(3)(a)). */
export function scopeText(
  type: string,
  sanctions: readonly SanctionDef[],
  effectAt: string,
  termEndsAt: string | null,
  /** A listing by decision ends only at its term or on overturn, never because a condition stops holding. */
  byDecision = false,
): string {
  const what =
    sanctions.length === 0
      ? `No action is restricted (a ${type}): relying parties are told of nothing`
      : `${sanctions.map(sanctionText).join('; ')}, when a relying party checks ${sanctions.length === 1 ? 'that action' : 'those actions'}`;
  return `${what}; from ${effectAt} (unless appealed before then)${termEndsAt ? (byDecision ? ` until ${termEndsAt} (the term the decision set), unless overturned` : ` until ${termEndsAt} at the latest (the maximum term), or earlier when the condition stops holding`) : ''}.`;
}

/** Every form of redress with its deadline (SPEC §6, Notice). */
export function redressOf(listing: number, effectAt: number, secondInstance: string, authority: string): Redress[] {
  return [
    // Members in code-unit order (see buildNotice).
    { from: null, how: appealHow(listing, effectAt), kind: 'appeal', until: formatInstant(effectAt), within: null },
    {
      from: 'the decision upholding your appeal',
      how: `If a reviewer upholds your appeal, you may ask within ${secondInstance} of that decision for a second review, by the appeal body the operator named for ${authority}, else by a reviewer who took no part in the first decision: in the subject portal, with POST /v1/me/appeals/{appeal}/second-instance, or with standing second-instance APPEAL --statement "…" --as <your account>.`,
      kind: 'second-instance',
      until: null,
      within: secondInstance,
    },
    {
      from: 'your dispute (the time the reporting authority has to decide it, unless it set another)',
      how: 'Dispute any record among the facts with the authority that reported it, at any time: in the subject portal, with POST /v1/records/{authority}/{key}/disputes, or with standing dispute KEY --authority AUTHORITY --statement "…" --as <your account>. Past its deadline an undecided record stops counting.',
      kind: 'record-dispute',
      until: null,
      within: DEFAULT_DISPUTE_DEADLINE,
    },
  ];
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

/** A notice as plain text for terminals and e-mail, in English or (from the catalogue and the scheme's translations) another language. */
export function renderNotice(n: NoticeBody, locale: Locale = 'en'): string {
  return locale === 'en' ? renderEnglish(n) : renderIn(n, locale);
}

/** The notice in a language other than English: the catalogue's sentences, the scheme's translated texts where it gave them. */
function renderIn(n: NoticeBody, locale: Locale): string {
  const tr = n.translations?.[locale];
  const records = conditionRecords(n);
  const sanction = (s: SanctionDef, i: number): string => {
    const limit = s.limit
      ? ` (${Object.entries(s.limit)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')})`
      : '';
    const justification = tr?.sanctions?.[i]?.justification ?? s.justification;
    const basis = tr?.sanctions?.[i]?.basis ?? s.basis;
    return `${t(locale, 'notice.sanctionLine', { effect: s.effect, action: s.action })}${limit}${justification ? ` — ${justification}${basis ? ` [${basis}]` : ''}` : ''}`;
  };
  const lines = [
    t(locale, 'notice.head', { listing: String(n.listing), subject: n.subject }),
    t(locale, 'notice.places', {
      authority: n.authority,
      type: n.list.type,
      list: tr?.listTitle ?? listName(n.list),
      id: n.list.id,
      scheme: n.scheme,
      version: String(n.version),
    }),
    n.automatedDetection === undefined
      ? t(locale, 'notice.decidedLegacy')
      : t(locale, 'notice.decided', {
          detection: n.automatedDetection ? 'auto' : 'person',
          decision: n.automatedDecision ? 'auto' : 'person',
        }),
    n.ground
      ? t(locale, 'notice.ground', {
          kind: n.ground.kind,
          text:
            n.ground.kind === 'legal'
              ? (tr?.basis ?? n.ground.text)
              : t(locale, 'notice.groundContractual', {
                  scheme: n.scheme,
                  version: String(n.version),
                  authority: n.authority,
                }),
        })
      : t(locale, 'notice.basis', { basis: tr?.basis ?? n.basis ?? t(locale, 'notice.basisNone') }),
    ...(n.scope
      ? [
          t(locale, 'notice.restriction', {
            scope: t(locale, 'notice.scope', {
              what:
                n.sanctions.length === 0
                  ? t(locale, 'notice.noRestriction', { type: n.list.type })
                  : n.sanctions.map(sanction).join('; '),
              count: n.sanctions.length,
              effectAt: n.effectAt,
              term: n.termEndsAt ? 'yes' : 'no',
              termEndsAt: n.termEndsAt ?? '',
            }),
          }),
        ]
      : []),
    t(locale, 'notice.condition', { condition: n.list.condition }),
    n.sanctions.length === 0
      ? t(locale, 'notice.sanctionsNone')
      : `${t(locale, 'notice.sanctions')}\n${n.sanctions.map((s, i) => `  - ${sanction(s, i)}`).join('\n')}`,
    ...(records.length
      ? [
          t(locale, 'notice.holdsThrough', { count: records.length }),
          ...records.map(
            (ref) =>
              `  - ${t(locale, 'notice.reportedBy', { record: ref, authority: ref.slice(0, ref.indexOf('/')) })}`,
          ),
        ]
      : []),
    t(locale, 'notice.score', {
      score: String(n.facts.score ?? '—'),
      grade: n.facts.grade ?? t(locale, 'notice.gradeNone'),
    }),
    ...n.facts.contributions.map(
      (c) =>
        `  - ${t(locale, 'notice.fact', {
          record: `${c.authority}/${c.key}`,
          rule: c.rule,
          points: String(c.points),
          capped: c.capped !== c.points ? 'yes' : 'no',
          counted: String(c.capped),
        })}`,
    ),
    ...(n.facts.errors.length
      ? [
          t(locale, 'notice.ruleErrors'),
          ...n.facts.errors.map((r) => `  - ${r.rule} (${r.site}${r.key ? `, ${r.key}` : ''}): ${r.message}`),
        ]
      : []),
    t(locale, 'notice.dates', {
      noticedAt: n.noticedAt,
      effectAt: n.effectAt,
      provisional: n.effectProvisional ? 'yes' : 'no',
    }),
    ...(n.termEndsAt ? [t(locale, 'notice.term', { termEndsAt: n.termEndsAt })] : []),
    t(locale, 'notice.appeal', {
      how: t(locale, 'notice.appealHow', { until: n.appeal.until, listing: String(n.listing) }),
    }),
    ...(n.redress ?? [])
      .filter((r) => r.kind !== 'appeal')
      .map((r) =>
        r.kind === 'second-instance'
          ? t(locale, 'notice.secondInstance', { within: r.within ?? '', authority: n.authority })
          : t(locale, 'notice.recordDisputes', { within: r.within ?? '' }),
      ),
  ];
  return `${lines.join('\n')}\n`;
}

function renderEnglish(n: NoticeBody): string {
  const lines = [
    `NOTICE ${n.listing} to ${n.subject}`,
    `${n.authority} places you on the ${n.list.type} "${listName(n.list)}" (${n.list.id}) of scheme ${n.scheme}, version ${n.version}.`,
    n.automatedDetection === undefined
      ? `Decided automatically from the records below; a human reviewer decides any appeal.`
      : `Detected ${n.automatedDetection ? 'by automated means (the scheme’s evaluation of records)' : 'by a person'}; decided ${n.automatedDecision ? 'by automated means' : 'by a person'}; a human reviewer decides any appeal.`,
    n.ground ? `Ground (${n.ground.kind}): ${n.ground.text}` : `Basis: ${n.basis ?? 'none stated by the scheme'}`,
    ...(n.scope ? [`Restriction: ${n.scope}`] : []),
    ...(n.decision
      ? [
          `Decision ${n.decision.key} by ${n.decision.by}: ${n.decision.reason}`,
          `Basis: ${n.decision.basis}`,
          `Evidence: ${n.decision.evidence ?? 'none given'}`,
        ]
      : [`Condition: ${n.list.condition}`]),
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
    ...(n.redress ?? [])
      .filter((r) => r.kind !== 'appeal')
      .map(
        (r) =>
          `${r.kind === 'second-instance' ? 'Second instance' : 'Record disputes'} (within ${r.within} of ${r.from}): ${r.how}`,
      ),
  ];
  return `${lines.join('\n')}\n`;
}

/** What a notice's typed columns hold (notices-port.ts), as its statement says it. */
export interface NoticeIndex {
  readonly listingId: number;
  readonly subject: string;
  readonly authority: string;
  readonly scheme: string;
  readonly version: number;
  readonly list: string;
  readonly noticedAt: number;
  readonly effectAt: number;
  readonly effectProvisional: boolean;
  readonly termEndsAt: number | null;
  readonly appealUntil: number;
}

/** The typed columns of a notice, from its statement (notices issued before a field existed read it as false or null). */
export function noticeIndex(body: NoticeBody): NoticeIndex {
  return {
    listingId: body.listing,
    subject: body.subject,
    authority: body.authority,
    scheme: body.scheme,
    version: body.version,
    list: body.list.id,
    noticedAt: parseInstant(body.noticedAt, 'noticedAt'),
    effectAt: parseInstant(body.effectAt, 'effectAt'),
    effectProvisional: body.effectProvisional ?? false,
    termEndsAt: body.termEndsAt == null ? null : parseInstant(body.termEndsAt, 'termEndsAt'),
    appealUntil: parseInstant(body.appeal.until, 'appeal.until'),
  };
}
