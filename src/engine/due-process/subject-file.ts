import { evaluate, type Evaluation } from '../../core/evaluate.js';
import { formatInstant } from '../../core/instant.js';
import type { NoticeBody } from '../../core/notice.js';
import { listName } from '../../core/list-name.js';
import { checkSubject, compareCodePoints, subjectType } from '../../core/subject.js';
import type { AccessRow } from '../../store/access-port.js';
import type { AppealRow, DisputeRow, ListingRow, MessageRow } from '../../store/due-process-port.js';
import type { ReadTx, StoreTx } from '../../store/store.js';
import { authorize } from '../../core/policy.js';
import type { Principal } from '../../core/principal.js';
import { requireKnownSubject } from '../evaluation/queries.js';
import type { EngineDeps } from '../deps.js';
import { activeSchemes, compileStored, loadRegistry } from '../evaluation/schemes.js';
import { shadowsOfSubject } from '../evaluation/shadow.js';
import type { SchemeVersionRow } from '../../store/store.js';
import { receiveNotices } from './listings.js';
import { disputedRecords, disputeDeadlineOf, disputeMark, type DisputeMark } from '../evaluation/disputed.js';

/*
 * The subject's file (SPEC §7): everything held about one subject, as the documents the
 * subject reads and exports. Instants are RFC 3339 strings here because these views leave
 * the system as they are (HTTP bodies, the export file). Staff read the same views with the
 * attribution fields (`filedBy`, `decidedBy`) that subjects do not see.
 */

import { reportedBy } from '../reports/reports.js';
import { recordView, type RecordView } from '../ingest/record-view.js';

/** The marks of a subject's records under pending disputes, by "authority/key". */
async function disputeMarks(tx: ReadTx, subject: string, now: number): Promise<Map<string, DisputeMark>> {
  return new Map((await tx.pendingDisputesOf([subject])).map((d) => [`${d.authority}/${d.key}`, disputeMark(d, now)]));
}

/** The records among a notice's facts that are now under a pending dispute. */
function disputedFacts(notice: NoticeBody | null, marks: ReadonlyMap<string, DisputeMark>): DisputeMark[] {
  if (notice === null || marks.size === 0) return [];
  const named = new Set([
    ...notice.facts.liveRecords,
    ...notice.facts.contributions.map((c) => `${c.authority}/${c.key}`),
  ]);
  return [...marks.values()].filter((m) => named.has(m.record));
}

/** The explanation of SPEC §3 item 11: contributions, rule errors, the grade that matched, each list condition. */
export interface Explanation {
  readonly at: string;
  readonly candidates: number;
  readonly contributions: Evaluation['contributions'];
  readonly errors: Evaluation['errors'];
  readonly listConditions: Evaluation['listValues'];
  readonly liveRecords: Evaluation['live'];
  /** The subject's records under a pending dispute among this scheme's sources; overdue ones are not candidates. */
  readonly disputed: readonly DisputeMark[];
}

/** Where a score stands among the scheme's judged subjects (from the derived state): rank 1 is the highest score. */
export interface Standing {
  readonly rank: number;
  readonly of: number;
  /** Share of judged subjects scoring below, counting ties as half, in percent with one decimal. */
  readonly percentile: number;
}

/** One scheme that judges the subject, also when it is not public. */
export interface SchemeJudgement {
  readonly authority: string;
  readonly scheme: string;
  readonly version: number;
  readonly title: string | null;
  readonly public: boolean;
  readonly context: string;
  readonly basis: string | null;
  readonly consent: 'none' | 'required';
  /** Null when judged; `no-consent` when the scheme needs an opt-in the subject has not given. */
  readonly notJudged: 'no-consent' | null;
  readonly score: number | null;
  readonly grade: string | null;
  readonly lists: readonly string[];
  readonly explanation: Explanation;
  readonly standing: Standing | null;
  /** A shadow version of this scheme also judges the subject: shown only as "a version under test" (SPEC §12), never its result. */
  readonly versionUnderTest: boolean;
}

export interface ListingView {
  readonly id: number;
  readonly subject: string;
  readonly authority: string;
  readonly scheme: string;
  /** The list's one display name (core listName): its title as noticed, else its id in words. */
  readonly listTitle: string;
  readonly version: number;
  readonly list: string;
  readonly listType: ListingRow['listType'];
  readonly state: ListingRow['state'];
  readonly noticedAt: string;
  readonly effectAt: string;
  readonly activeSince: string | null;
  readonly appealed: boolean;
  readonly endedAt: string | null;
  readonly endReason: ListingRow['endReason'];
  /** Whether an appeal filed now would suspend the sanctions (before the effect instant). */
  readonly appealWindowOpen: boolean;
  readonly receivedAt: string | null;
  /** effectAt is provisional (issue + P2D + appeal) until the notice is received (SPEC §6, Receipt). */
  readonly effectProvisional: boolean;
  readonly term: string | null;
  readonly termEndsAt: string | null;
}

const iso = (ms: number | null): string | null => (ms === null ? null : formatInstant(ms));

export function listingView(l: ListingRow, now: number, title?: string | null): ListingView {
  return {
    id: l.id,
    subject: l.subject,
    authority: l.authority,
    scheme: l.scheme,
    version: l.version,
    list: l.list,
    listTitle: listName({ id: l.list, title }),
    listType: l.listType,
    state: l.state,
    noticedAt: formatInstant(l.noticedAt),
    effectAt: formatInstant(l.effectAt),
    activeSince: iso(l.activeSince),
    appealed: l.appealed,
    endedAt: iso(l.endedAt),
    endReason: l.endReason,
    appealWindowOpen: !l.appealed && l.state === 'noticed' && now < l.effectAt,
    receivedAt: iso(l.receivedAt),
    effectProvisional: l.state === 'noticed' && l.receivedAt === null,
    term: l.term,
    termEndsAt: iso(l.termEndsAt),
  };
}

/** Who reads a case: staff see who filed and decided it; the subject is told "a human reviewer". */
export type Audience = 'staff' | 'subject';

export interface AppealView {
  readonly id: number;
  readonly listing: number;
  readonly subject: string;
  readonly authority: string;
  readonly statement: string;
  readonly filedAt: string;
  readonly late: boolean;
  readonly deadline: string;
  readonly state: AppealRow['state'];
  readonly decidedAt: string | null;
  readonly reasons: string | null;
  readonly retracted: readonly string[];
  readonly exempt: boolean;
  readonly filedBy?: string | null;
  readonly decidedBy?: string | null;
}

export function appealView(a: AppealRow, audience: Audience): AppealView {
  const view: AppealView = {
    id: a.id,
    listing: a.listingId,
    subject: a.subject,
    authority: a.authority,
    statement: a.statement,
    filedAt: formatInstant(a.filedAt),
    late: a.late,
    deadline: formatInstant(a.deadline),
    state: a.state,
    decidedAt: iso(a.decidedAt),
    reasons: a.reasons,
    retracted: a.retracted,
    exempt: a.exempt,
  };
  return audience === 'staff' ? { ...view, filedBy: a.filedBy, decidedBy: a.decidedBy } : view;
}

export interface DisputeView {
  readonly id: number;
  readonly authority: string;
  readonly key: string;
  readonly subject: string;
  readonly statement: string;
  readonly filedAt: string;
  readonly state: DisputeRow['state'];
  readonly decidedAt: string | null;
  readonly reasons: string | null;
  /** When the reporting authority must decide by (SPEC §6). */
  readonly deadline: string;
  /** Pending past its deadline: the record does not count until decided. */
  readonly overdue: boolean;
  readonly filedBy?: string | null;
  readonly decidedBy?: string | null;
}

export function disputeView(d: DisputeRow, audience: Audience): DisputeView {
  const view: DisputeView = {
    id: d.id,
    authority: d.authority,
    key: d.key,
    subject: d.subject,
    statement: d.statement,
    filedAt: formatInstant(d.filedAt),
    state: d.state,
    decidedAt: iso(d.decidedAt),
    reasons: d.reasons,
    deadline: formatInstant(disputeDeadlineOf(d)),
    overdue: d.state === 'pending' && d.overdueAt !== null,
  };
  return audience === 'staff' ? { ...view, filedBy: d.filedBy, decidedBy: d.decidedBy } : view;
}

export interface MessageView {
  readonly id: number;
  readonly kind: MessageRow['kind'];
  readonly listing: number | null;
  readonly authority: string;
  readonly at: string;
  readonly body: Readonly<Record<string, unknown>>;
}

export function messageView(m: MessageRow): MessageView {
  return {
    id: m.id,
    kind: m.kind,
    listing: m.listingId,
    authority: m.authority,
    at: formatInstant(m.at),
    body: m.body,
  };
}

export interface AccessView {
  readonly party: string;
  readonly action: string;
  readonly effect: AccessRow['effect'];
  readonly at: string;
  /** The decision id the answer carried (null: logged before decision ids existed, or refused). */
  readonly decision: string | null;
}

export function accessView(a: AccessRow): AccessView {
  return { party: a.party, action: a.action, effect: a.effect, at: formatInstant(a.at), decision: a.decision };
}

/** A listing with the statement of reasons it was noticed with (redlist listings have none) and its appeal. */
export interface ListingWithNotice extends ListingView {
  readonly notice: NoticeBody | null;
  readonly appeal: AppealView | null;
  /** Records among the notice's facts now under a pending dispute (SPEC §6: marked `disputed`). */
  readonly disputed: readonly DisputeMark[];
}

/** The notice of each listing of a subject. */
async function noticesByListing(tx: StoreTx, subject: string): Promise<Map<number, NoticeBody>> {
  return new Map((await tx.noticesOfSubject(subject)).map((n) => [n.listingId, n.body]));
}

/** One listing with its notice and appeal, for staff of its authority or its subject. */
export async function listingWithNotice(
  tx: ReadTx,
  l: ListingRow,
  now: number,
  audience: Audience,
): Promise<ListingWithNotice> {
  const notice = (await tx.noticeOf(l.id))?.body ?? null;
  const appeal = (await tx.appealsOf({ subject: l.subject })).find((a) => a.listingId === l.id);
  return {
    ...listingView(l, now, notice?.list.title),
    notice,
    appeal: appeal ? appealView(appeal, audience) : null,
    disputed: disputedFacts(notice, await disputeMarks(tx, l.subject, now)),
  };
}

function standingOf(r: { judged: number; below: number; equal: number }): Standing | null {
  if (r.judged === 0) return null;
  return {
    rank: r.judged - r.below - r.equal + 1,
    of: r.judged,
    percentile: Math.round(((r.below + r.equal / 2) / r.judged) * 1000) / 10,
  };
}

/**
 * Every scheme that judges the subject at `now` under its latest version, also those not
 * public: schemes of its type with at least one candidate record, evaluated now with the
 * full explanation. A consent scheme the subject has not opted in to is included (without a
 * score) when it holds records about the subject, so the subject can see what opting in means.
 */
async function judgements(tx: StoreTx, subject: string, now: number): Promise<SchemeJudgement[]> {
  const type = subjectType(subject);
  const out: SchemeJudgement[] = [];
  const pending = await tx.pendingDisputesOf([subject]);
  const underTest = new Set((await shadowsOfSubject(tx, subject)).map((r) => `${r.authority}\u0000${r.scheme}`));
  for (const { ref, compiled } of await activeSchemes(tx)) {
    if (type === undefined || !compiled.doc.subjects.includes(type)) continue;
    const records = (await tx.recordsOfSubjects([subject], compiled.doc.sources)).get(subject) ?? [];
    const consents =
      compiled.doc.consent === 'required' ? ((await tx.consentsOf(ref, [subject])).get(subject) ?? []) : [];
    const disputed = (await disputedRecords(tx, [subject])).get(subject);
    const e = evaluate(compiled, { subject, records, consents, disputed }, now);
    if (e.candidates === 0) continue;
    const doc = compiled.doc;
    out.push({
      authority: ref.authority,
      scheme: ref.scheme,
      version: compiled.version,
      title: doc.title ?? null,
      public: doc.public,
      context: doc.context,
      basis: doc.basis ?? null,
      consent: doc.consent,
      notJudged: e.notJudged === 'no-consent' ? 'no-consent' : null,
      score: e.score,
      grade: e.grade,
      lists: e.lists,
      explanation: {
        at: formatInstant(e.at),
        candidates: e.candidates,
        contributions: e.contributions,
        errors: e.errors,
        listConditions: e.listValues,
        liveRecords: e.live,
        disputed: pending.filter((d) => compiled.doc.sources.includes(d.authority)).map((d) => disputeMark(d, now)),
      },
      standing: e.score === null ? null : standingOf(await tx.scoreRank(ref, e.score)),
      versionUnderTest: underTest.has(`${ref.authority}\u0000${ref.scheme}`),
    });
  }
  return out.sort((a, b) => compareCodePoints(a.authority, b.authority) || compareCodePoints(a.scheme, b.scheme));
}

/**
 * A data-sharing grant that feeds (or, revoked, fed) a scheme judging the subject (SPEC §4):
 * the records of `from` about the subject that a scheme of `to` reads, and why it may.
 */
export interface SharingView {
  readonly from: string;
  readonly to: string;
  readonly scheme: string;
  readonly purpose: string;
  readonly grantedAt: string;
  /** Null while the grant holds; once revoked, the scheme no longer reads these records. */
  readonly revokedAt: string | null;
  /** The records of `from` about the subject (retracted ones included). */
  readonly records: number;
}

/** Every grant under which a scheme of one authority reads (or read) another's records about the subject. */
async function sharing(tx: StoreTx, subject: string): Promise<SharingView[]> {
  const shares = await tx.listShares();
  if (shares.length === 0) return [];
  const held = new Map<string, number>();
  for (const r of await tx.recordsOfSubject(subject)) held.set(r.authority, (held.get(r.authority) ?? 0) + 1);
  const latest = new Map<string, SchemeVersionRow>();
  for (const v of await tx.schemeVersions()) latest.set(`${v.authority}\u0000${v.scheme}`, v);
  const registry = await loadRegistry(tx);
  const type = subjectType(subject);
  const out: SharingView[] = [];
  for (const sh of shares) {
    const records = held.get(sh.from);
    if (records === undefined) continue;
    for (const v of latest.values()) {
      if (v.authority !== sh.to) continue;
      // The sources as published, not as read now: a revoked grant is shown with what it fed.
      const doc = compileStored(v, registry).doc;
      if (!doc.sources.includes(sh.from) || type === undefined || !doc.subjects.includes(type)) continue;
      out.push({
        from: sh.from,
        to: sh.to,
        scheme: v.scheme,
        purpose: sh.purpose,
        grantedAt: formatInstant(sh.grantedAt),
        revokedAt: iso(sh.revokedAt),
        records,
      });
    }
  }
  return out;
}

/** The parts of the file, each readable on its own (the portal's pages) or all together. */
export interface SubjectFile {
  readonly subject: string;
  readonly at: string;
  readonly records: readonly RecordView[];
  readonly schemes: readonly SchemeJudgement[];
  readonly listings: readonly ListingWithNotice[];
  readonly appeals: readonly AppealView[];
  readonly disputes: readonly DisputeView[];
  readonly inbox: readonly MessageView[];
  readonly accessLog: readonly AccessView[];
  readonly sharing: readonly SharingView[];
}

export type FilePart = Exclude<keyof SubjectFile, 'subject' | 'at'>;

async function part(tx: StoreTx, subject: string, now: number, which: FilePart): Promise<SubjectFile[FilePart]> {
  switch (which) {
    case 'records': {
      const marks = await disputeMarks(tx, subject, now);
      const reporters = await reportedBy(tx, subject);
      return (await tx.recordsOfSubject(subject)).map((r) =>
        recordView(r, marks.get(`${r.authority}/${r.key}`) ?? null, reporters.get(`${r.authority}/${r.key}`)),
      );
    }
    case 'schemes':
      return judgements(tx, subject, now);
    case 'listings': {
      const notices = await noticesByListing(tx, subject);
      const appeals = new Map((await tx.appealsOf({ subject })).map((a) => [a.listingId, a]));
      const marks = await disputeMarks(tx, subject, now);
      return (await tx.listingsOfSubject(subject)).map((l) => {
        const a = appeals.get(l.id);
        const notice = notices.get(l.id) ?? null;
        return {
          ...listingView(l, now, notice?.list.title),
          notice,
          appeal: a ? appealView(a, 'subject') : null,
          disputed: disputedFacts(notice, marks),
        };
      });
    }
    case 'appeals':
      return (await tx.appealsOf({ subject })).map((a) => appealView(a, 'subject'));
    case 'disputes':
      return (await tx.disputesOf({ subject })).map((d) => disputeView(d, 'subject'));
    case 'inbox':
      return (await tx.messagesOf(subject)).map(messageView);
    case 'accessLog':
      return (await tx.accessLogOf(subject)).map(accessView);
    case 'sharing':
      return sharing(tx, subject);
  }
}

/** One part of the subject's file, read in one transaction. */
export async function subjectFilePart<K extends FilePart>(
  deps: EngineDeps,
  subjectId: string,
  which: K,
  /** The subject itself reads it: reading its listings or inbox is receipt of their notices (SPEC §6). */
  bySubject = false,
): Promise<SubjectFile[K]> {
  const subject = checkSubject(subjectId);
  const now = deps.clock.now();
  return deps.store.transaction(async (tx) => {
    if (bySubject && (which === 'listings' || which === 'inbox'))
      await receiveNotices(tx, await activeSchemes(tx), subject, now);
    return (await part(tx, subject, now, which)) as SubjectFile[K];
  });
}

const PARTS: readonly FilePart[] = [
  'records',
  'schemes',
  'listings',
  'appeals',
  'disputes',
  'inbox',
  'accessLog',
  'sharing',
];

/** The whole file (SPEC §7), read in one transaction so its parts agree with each other. */
export async function subjectFile(deps: EngineDeps, subjectId: string, bySubject = false): Promise<SubjectFile> {
  const subject = checkSubject(subjectId);
  const now = deps.clock.now();
  return deps.store.transaction(async (tx) => {
    if (bySubject) await receiveNotices(tx, await activeSchemes(tx), subject, now);
    const parts: Partial<Record<FilePart, unknown>> = {};
    for (const p of PARTS) parts[p] = await part(tx, subject, now, p);
    return { subject, at: formatInstant(now), ...(parts as Pick<SubjectFile, FilePart>) };
  });
}

/** The subject read its file: receipt of its notices (SPEC §6), for a reader that reads the file elsewhere (a long-read thread). */
export async function receiveSubjectNotices(deps: EngineDeps, subjectId: string): Promise<void> {
  const subject = checkSubject(subjectId);
  const now = deps.clock.now();
  await deps.store.transaction(async (tx) => receiveNotices(tx, await activeSchemes(tx), subject, now));
}

/** The export format's name and version: a consumer can tell what it reads. */
export const EXPORT_FORMAT = 'standing.subject-file/1';

/** The complete machine-readable export: the whole file, labelled with its format. */
export async function exportSubjectFile(
  deps: EngineDeps,
  subjectId: string,
): Promise<SubjectFile & { readonly format: typeof EXPORT_FORMAT }> {
  return { format: EXPORT_FORMAT, ...(await subjectFile(deps, subjectId)) };
}

/**
 * Whether a subject may see (and consent to) a scheme: every public scheme, and a
 * non-public one only while it holds records about the subject (it judges it). Others
 * are answered as if they did not exist.
 */
export async function schemeVisibleTo(
  deps: EngineDeps,
  subjectId: string,
  ref: { readonly authority: string; readonly scheme: string },
): Promise<boolean> {
  const subject = checkSubject(subjectId);
  return deps.store.transaction(async (tx) => {
    const s = (await activeSchemes(tx)).find((x) => x.ref.authority === ref.authority && x.ref.scheme === ref.scheme);
    if (!s) return false;
    if (s.compiled.doc.public) return true;
    return ((await tx.recordsOfSubjects([subject], s.compiled.doc.sources)).get(subject) ?? []).length > 0;
  });
}

/**
 * `standing notices SUBJECT`: the subject's listings and every inbox message, with the instant
 * read at and, for the subject itself, its language setting. The subject reading them is
 * receipt of its notices (SPEC §6); staff asking about an unknown id are told so.
 */
export async function subjectNotices(
  deps: EngineDeps,
  as: Principal,
  subject: string,
): Promise<{ listings: ListingRow[]; messages: MessageRow[]; now: number; setting: string | null }> {
  const me = authorize(as, 'subject.file', { subject });
  const view = async (tx: ReadTx) => ({
    listings: await tx.listingsOfSubject(subject),
    messages: await tx.messagesOf(subject),
    now: deps.clock.now(),
    setting: me.type === 'subject' ? await tx.accountLanguage(me.account) : null,
  });
  if (me.type === 'subject')
    return deps.store.transaction(async (tx) => {
      await receiveNotices(tx, await activeSchemes(tx), subject, deps.clock.now());
      return view(tx);
    });
  return deps.store.read(async (tx) => {
    await requireKnownSubject(tx, subject);
    return view(tx);
  });
}
