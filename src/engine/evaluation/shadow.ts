import { evaluate, type Evaluation } from '../../core/evaluate.js';
import { fail } from '../../core/errors.js';
import { schemeDocJson } from '../../core/scheme-parse.js';
import type { EvalRecord } from '../../core/record.js';
import type { CandidateRow, ShadowState } from '../../store/candidates-port.js';
import type { SchemeRef, StoreTx, SubjectState } from '../../store/store.js';
import type { EngineDeps } from '../deps.js';
import { appendAudit, ensureAuthorities } from '../audit/audit.js';
import { candidateDigest } from '../audit/row-digest.js';
import { currentSharing, sharedView, assertShared } from '../tenancy/sharing.js';
import { disputedRecords } from './disputed.js';
import { assertGranted, checkScheme, nextVersion, rejectProblems } from './publish.js';
import { compileStored, loadRegistry, type ActiveScheme } from './schemes.js';
import { explanation, type Explanation } from './simulate.js';
import { SUBJECT_BATCH } from './derive.js';

/** A shadow version as evaluation sees it: compiled, its sources cut to those that share with its authority. */
export type ShadowScheme = ActiveScheme;

/** Subjects named with their explanations in a comparison, at most. */
export const COMPARE_NAMED_MAX = 200;

/**
 * Shadow versions one authority may have at once: each is evaluated on every import and sweep,
 * for every authority's dirty subjects, so their number is bounded (docs/decisions.md).
 */
export const SHADOWS_PER_AUTHORITY_MAX = 3;

/** A candidate row written and its 'scheme-candidate' entry appended (SPEC §8: covered by audit verify). */
export async function auditCandidate(tx: StoreTx, row: CandidateRow, by: string | null, at: number): Promise<void> {
  await appendAudit(tx, {
    chain: row.authority,
    type: 'scheme-candidate',
    payload: { scheme: row.scheme, version: row.version, status: row.status, by, row: candidateDigest(row) },
    at,
  });
}

/** Every shadow version, compiled as evaluation sees it now. */
export async function shadowSchemes(tx: StoreTx): Promise<ShadowScheme[]> {
  const rows = (await tx.candidates()).filter((c) => c.status === 'shadow');
  if (rows.length === 0) return [];
  const registry = await loadRegistry(tx);
  const sharing = await currentSharing(tx);
  return rows.map((r) => ({
    ref: { authority: r.authority, scheme: r.scheme },
    compiled: sharedView(compileStored({ ...r, publishedBy: r.publishedBy }, registry), sharing),
  }));
}

const isJudged = (e: Evaluation): boolean => e.notJudged === null && e.candidates > 0;

/** One subject under one shadow version, from its records (null: no state, as for live states). */
function shadowStateOf(s: ShadowScheme, e: Evaluation, at: number): ShadowState | null {
  if (e.notJudged === 'subject-type' || e.candidates === 0) return null;
  const judged = isJudged(e);
  return {
    authority: s.ref.authority,
    scheme: s.ref.scheme,
    subject: e.subject,
    version: s.compiled.version,
    judged,
    score: e.score,
    grade: e.grade,
    lists: judged ? e.lists : [],
    nextChange: e.nextChange,
    evaluatedAt: at,
  };
}

const ofSources = (records: readonly EvalRecord[] | undefined, sources: readonly string[]): EvalRecord[] =>
  (records ?? []).filter((r) => sources.includes(r.authority));

/** Evaluates these subjects under a shadow version from their records (and consents, disputes). */
async function evaluateShadow(
  tx: StoreTx,
  s: ShadowScheme,
  subjects: readonly string[],
  now: number,
): Promise<Map<string, Evaluation>> {
  const sources = s.compiled.doc.sources;
  const records = await tx.recordsOfSubjects(subjects, sources);
  const consents = s.compiled.doc.consent === 'required' ? await tx.consentsOf(s.ref, subjects) : undefined;
  const disputed = await disputedRecords(tx, subjects);
  const out = new Map<string, Evaluation>();
  for (const subject of subjects) {
    out.set(
      subject,
      evaluate(
        s.compiled,
        {
          subject,
          records: ofSources(records.get(subject), sources),
          consents: consents?.get(subject) ?? [],
          disputed: disputed.get(subject),
        },
        now,
      ),
    );
  }
  return out;
}

/**
 * Re-evaluates these subjects under every shadow version and writes their shadow states,
 * apart from the live ones (SPEC §12): no listing, notice or check ever reads them.
 */
export async function refreshShadows(
  tx: StoreTx,
  subjects: readonly string[],
  now: number,
  shadows?: readonly ShadowScheme[],
): Promise<void> {
  if (subjects.length === 0) return;
  for (const s of shadows ?? (await shadowSchemes(tx))) {
    const put: ShadowState[] = [];
    const drop: string[] = [];
    for (const [subject, e] of await evaluateShadow(tx, s, subjects, now)) {
      const st = shadowStateOf(s, e, now);
      if (st) put.push(st);
      else drop.push(subject);
    }
    await tx.deleteShadowStates(s.ref, s.compiled.version, drop);
    await tx.putShadowStates(put);
  }
}

/** Evaluates every subject with records of its sources under one shadow version (its first evaluation). */
async function evaluateShadowAll(deps: EngineDeps, s: ShadowScheme, now: number): Promise<number> {
  let after: string | null = null;
  let count = 0;
  for (;;) {
    const page: string[] = await deps.store.transaction(async (tx) => {
      const subjects = await tx.subjectsAfter(s.compiled.doc.sources, after, SUBJECT_BATCH);
      await refreshShadows(tx, subjects, now, [s]);
      return subjects;
    });
    if (page.length === 0) return count;
    count += page.length;
    after = page[page.length - 1]!;
  }
}

export interface CandidateOptions {
  readonly defaultAuthority?: string;
  /** The publishing account (null or absent: the operator). */
  readonly publishedBy?: string | null;
  readonly onlyAuthority?: string;
}

/** Stores a validated draft as a candidate version of the given status, audited; returns the row. */
export async function storeCandidate(
  tx: StoreTx,
  source: string,
  status: 'shadow' | 'pending',
  options: CandidateOptions & { gate?: string | null },
  now: number,
): Promise<CandidateRow> {
  const parsed = await checkScheme(tx, source, options.defaultAuthority);
  if (!parsed.ok) rejectProblems(parsed.errors);
  const doc = parsed.doc;
  if (options.onlyAuthority !== undefined && doc.authority !== options.onlyAuthority) {
    fail(
      'FORBIDDEN',
      `${options.publishedBy ?? 'this account'} is admin of ${options.onlyAuthority}, not of ${doc.authority}`,
      { field: 'authority', scheme: doc.scheme },
    );
  }
  await assertGranted(tx, doc);
  await assertShared(tx, doc);
  const ref = { authority: doc.authority, scheme: doc.scheme };
  const live = (await tx.schemeVersions(doc.scheme)).filter((v) => v.authority === doc.authority);
  const version = await nextVersion(tx, ref, live[live.length - 1]?.version ?? 0);
  if (doc.version !== undefined && doc.version !== version)
    fail('SCHEME_VERSION_CONFLICT', `${doc.scheme}: the next version is ${version}, not ${doc.version}`, {
      scheme: doc.scheme,
      field: 'version',
    });
  if (status === 'shadow') {
    const shadows = (await tx.candidates()).filter((c) => c.status === 'shadow' && c.authority === doc.authority);
    if (shadows.length >= SHADOWS_PER_AUTHORITY_MAX)
      fail(
        'SHADOW_LIMIT',
        `${doc.authority} already has ${shadows.length} shadow versions (${shadows.map((c) => `${c.scheme}@${c.version}`).join(', ')}), the most it may have at once: promote or withdraw one first`,
        { field: 'authority', scheme: doc.scheme },
      );
  }
  await ensureAuthorities(tx, [doc.authority, ...doc.sources], now);
  const row: CandidateRow = {
    ...ref,
    version,
    source,
    content: schemeDocJson(doc),
    status,
    publishedAt: now,
    publishedBy: options.publishedBy ?? null,
    requestedBy: null,
    gate: options.gate ?? null,
    decidedAt: null,
    decidedBy: null,
  };
  await tx.insertCandidate(row);
  await auditCandidate(tx, row, row.publishedBy, now);
  return row;
}

export interface ShadowResult {
  readonly ref: SchemeRef;
  readonly version: number;
  /** Subjects evaluated under the shadow version. */
  readonly subjects: number;
}

/**
 * `standing scheme publish FILE --shadow` (SPEC §12): stores a version evaluated beside the
 * live one on every import and sweep, its states kept apart; never noticed, enforced,
 * answered in a check or made public.
 */
export async function publishShadow(
  deps: EngineDeps,
  source: string,
  options: CandidateOptions = {},
): Promise<ShadowResult> {
  const now = deps.clock.now();
  const row = await deps.store.transaction(async (tx) => {
    await tx.lockSweep('exclusive');
    return storeCandidate(tx, source, 'shadow', options, now);
  });
  const scheme = await deps.store.transaction(async (tx) =>
    (await shadowSchemes(tx)).find(
      (s) => s.ref.authority === row.authority && s.ref.scheme === row.scheme && s.compiled.version === row.version,
    ),
  );
  const subjects = scheme ? await evaluateShadowAll(deps, scheme, now) : 0;
  return { ref: { authority: row.authority, scheme: row.scheme }, version: row.version, subjects };
}

/** Finds one candidate by `ID@VERSION` (and authority), or fails SCHEME_NOT_FOUND. */
export async function findCandidate(tx: StoreTx, spec: string, authority?: string): Promise<CandidateRow> {
  const m = /^([^@]+)@(\d+)$/.exec(spec);
  if (!m) fail('ARGUMENT_INVALID', `"${spec}" is not ID@VERSION`, { field: 'scheme' });
  const rows = (await tx.candidates(m[1])).filter(
    (c) => c.version === Number(m[2]) && (authority === undefined || c.authority === authority),
  );
  if (rows.length === 0)
    fail('SCHEME_NOT_FOUND', `no shadow or pending version ${spec}`, { field: 'scheme', scheme: m[1]! });
  if (rows.length > 1)
    fail('SCHEME_AMBIGUOUS', `${spec} is a candidate of several authorities; pick one with --authority`, {
      field: 'scheme',
      scheme: m[1]!,
    });
  return rows[0]!;
}

export interface Divergence {
  readonly subject: string;
  readonly live: Explanation | null;
  readonly shadow: Explanation | null;
}

export interface Comparison {
  readonly authority: string;
  readonly scheme: string;
  readonly liveVersion: number | null;
  readonly shadowVersion: number;
  readonly at: number;
  /** Subjects with a state under either version. */
  readonly compared: number;
  /** Subjects whose grade (or judged) differs, or whose lists differ. */
  readonly differing: number;
  readonly gradeChanges: number;
  readonly lists: readonly { list: string; entering: number; leaving: number }[];
  /** The first COMPARE_NAMED_MAX differing subjects, with both explanations. */
  readonly subjects: readonly Divergence[];
}

const gradeOf = (s: SubjectState | undefined): string => (s === undefined || !s.judged ? '-' : (s.grade ?? '-'));
const listsOf = (s: SubjectState | undefined): readonly string[] => (s === undefined || !s.judged ? [] : s.lists);

/**
 * `standing scheme compare ID` (SPEC §12): live against shadow, from their kept states: the
 * subjects whose grade or lists differ, with both explanations. Shadow states that time alone
 * changed since (their next change has come) are brought up to date first.
 */
export async function compareShadow(
  deps: EngineDeps,
  spec: string,
  options: { authority?: string; onlyAuthority?: string } = {},
): Promise<Comparison> {
  const now = deps.clock.now();
  const m = /^([^@]+)(?:@(\d+))?$/.exec(spec);
  if (!m) fail('ARGUMENT_INVALID', `"${spec}" is not ID or ID@VERSION`, { field: 'scheme' });
  const row = await deps.store.transaction(async (tx) => {
    const shadows = (await tx.candidates(m[1])).filter(
      (c) =>
        c.status === 'shadow' &&
        (options.authority === undefined || c.authority === options.authority) &&
        (m[2] === undefined || c.version === Number(m[2])),
    );
    if (shadows.length === 0)
      fail('SCHEME_NOT_FOUND', `no shadow version of "${spec}"`, { field: 'scheme', scheme: m[1]! });
    return shadows[shadows.length - 1]!;
  });
  if (options.onlyAuthority !== undefined && row.authority !== options.onlyAuthority)
    fail('FORBIDDEN', `this needs the admin role of ${row.authority}`, { field: 'as' });
  const ref = { authority: row.authority, scheme: row.scheme };
  return deps.store.transaction(async (tx) => {
    const shadow = (await shadowSchemes(tx)).find(
      (s) => s.ref.authority === ref.authority && s.ref.scheme === ref.scheme && s.compiled.version === row.version,
    )!;
    const liveRows = (await tx.schemeVersions(ref.scheme)).filter((v) => v.authority === ref.authority);
    const liveRow = liveRows[liveRows.length - 1];
    const live = liveRow
      ? sharedView(compileStored(liveRow, await loadRegistry(tx)), await currentSharing(tx))
      : undefined;
    const differing: string[] = [];
    let compared = 0;
    let gradeChanges = 0;
    const lists = new Map<string, { entering: number; leaving: number }>();
    const bump = (list: string, k: 'entering' | 'leaving') => {
      const e = lists.get(list) ?? { entering: 0, leaving: 0 };
      e[k]++;
      lists.set(list, e);
    };
    let afterLive: string | null = null;
    let afterShadow: string | null = null;
    let liveDone = liveRow === undefined;
    let shadowDone = false;
    let livePage: SubjectState[] = [];
    let shadowPage: SubjectState[] = [];
    // A merge of both states in subject order, a page at a time.
    for (;;) {
      if (livePage.length === 0 && !liveDone) {
        livePage = await tx.statesAfter(ref, afterLive, SUBJECT_BATCH);
        if (livePage.length === 0) liveDone = true;
        else afterLive = livePage[livePage.length - 1]!.subject;
      }
      if (shadowPage.length === 0 && !shadowDone) {
        shadowPage = await tx.shadowStatesAfter(ref, row.version, afterShadow, SUBJECT_BATCH);
        if (shadowPage.length === 0) shadowDone = true;
        else {
          afterShadow = shadowPage[shadowPage.length - 1]!.subject;
          // Time alone moved some: re-evaluate those at now before comparing.
          const stale = shadowPage.filter((s) => s.nextChange !== null && s.nextChange <= now).map((s) => s.subject);
          if (stale.length > 0) {
            const fresh = await evaluateShadow(tx, shadow, stale, now);
            shadowPage = shadowPage.flatMap((s) => {
              const e = fresh.get(s.subject);
              if (!e) return [s];
              const st = shadowStateOf(shadow, e, now);
              return st ? [st] : [];
            });
          }
        }
      }
      if (livePage.length === 0 && shadowPage.length === 0) break;
      const l = livePage[0];
      const sh = shadowPage[0];
      let subject: string;
      let a: SubjectState | undefined;
      let b: SubjectState | undefined;
      if (l && (!sh || l.subject < sh.subject)) {
        subject = l.subject;
        a = livePage.shift();
      } else if (sh && (!l || sh.subject < l.subject)) {
        subject = sh.subject;
        b = shadowPage.shift();
      } else {
        subject = l!.subject;
        a = livePage.shift();
        b = shadowPage.shift();
      }
      compared++;
      const ga = gradeOf(a);
      const gb = gradeOf(b);
      const la = listsOf(a);
      const lb = listsOf(b);
      const entering = lb.filter((x) => !la.includes(x));
      const leaving = la.filter((x) => !lb.includes(x));
      if (ga !== gb) gradeChanges++;
      entering.forEach((x) => bump(x, 'entering'));
      leaving.forEach((x) => bump(x, 'leaving'));
      if (ga !== gb || entering.length > 0 || leaving.length > 0) differing.push(subject);
    }
    const named = differing.slice(0, COMPARE_NAMED_MAX);
    const shadowEvals = await evaluateShadow(tx, shadow, named, now);
    const liveEvals = live
      ? await evaluateShadow(tx, { ref, compiled: live }, named, now)
      : new Map<string, Evaluation>();
    return {
      ...ref,
      liveVersion: liveRow?.version ?? null,
      shadowVersion: row.version,
      at: now,
      compared,
      differing: differing.length,
      gradeChanges,
      lists: [...lists.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([list, c]) => ({ list, ...c })),
      subjects: named.map((subject) => ({
        subject,
        live: explanation(liveEvals.get(subject) ?? null),
        shadow: explanation(shadowEvals.get(subject) ?? null),
      })),
    };
  });
}

/** The shadow versions that judge a subject (its file shows each only as "a version under test"). */
export async function shadowsOfSubject(tx: StoreTx, subject: string): Promise<SchemeRef[]> {
  const shadows = new Set(
    (await tx.candidates())
      .filter((c) => c.status === 'shadow')
      .map((c) => `${c.authority}\u0000${c.scheme}\u0000${c.version}`),
  );
  const out = new Map<string, SchemeRef>();
  for (const st of await tx.shadowStatesOfSubject(subject))
    if (shadows.has(`${st.authority}\u0000${st.scheme}\u0000${st.version}`))
      out.set(`${st.authority}\u0000${st.scheme}`, { authority: st.authority, scheme: st.scheme });
  return [...out.values()];
}
