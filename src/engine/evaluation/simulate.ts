import { evaluate, type ConsentEvent, type Evaluation, type RuleError } from '../../core/evaluate.js';
import { evaluatePacked, factsLayout, type PackedFacts } from '../../core/evaluate-matched.js';
import { planReuse, repack, wantsRecords } from '../../core/reuse-matches.js';
import { fail } from '../../core/errors.js';
import { addDuration, parseDuration, type Duration } from '../../core/duration.js';
import { formatInstant } from '../../core/instant.js';
import { proportionalityReport, type ProportionalityEntry } from '../../core/proportionality.js';
import type { EvalRecord } from '../../core/record.js';
import type { CompiledScheme, ListType } from '../../core/scheme-types.js';
import type { ListingRow } from '../../store/due-process-port.js';
import type { MatchSet } from '../../store/matches-port.js';
import type { ReadTx, SchemeRef } from '../../store/store.js';
import type { EngineDeps } from '../deps.js';
import { operatorMaxTerm, stillExempt } from '../due-process/listings.js';
import { assertShared, currentSharing, sharedView } from '../tenancy/sharing.js';
import { compareCodePoints } from '../../core/subject.js';
import { assertGranted, checkScheme, listChanged, nextVersion, rejectProblems } from './publish.js';
import { compileStored, resolveScheme } from './schemes.js';
import { disputedRecords } from './disputed.js';

/** Subjects are read and judged this many at a time. */
const PAGE = 1000;
/** How long judging runs before it lets the event loop answer others (as derive.ts does). */
const YIELD_AFTER_MS = 5;
/** At most this many subject ids are named per list and category; the counts are always whole. */
export const SIMULATION_NAMED_MAX = 1000;
/** Sample subjects per grade transition, with their explanations under both versions. */
const SAMPLES_PER_TRANSITION = 3;
/** A backtest takes at most this many steps. */
export const BACKTEST_MAX_STEPS = 120;

export interface SimulateOptions {
  /** The instant to judge at (default now): records that occurred after it do not count. */
  readonly at?: number;
  /** `ID@VERSION` of the same authority to compare with instead of the latest version. */
  readonly against?: string;
  readonly defaultAuthority?: string;
  /** Refuse a draft of any other authority (an admin simulates for its own). */
  readonly onlyAuthority?: string;
  readonly actor?: string;
  /** Called after each page: subjects done of total. */
  readonly onProgress?: (done: number, total: number) => void;
  /** Looked at after each page: once aborted, the simulation stops with the signal's reason (a time limit). */
  readonly signal?: AbortSignal;
  /** Filled in with where the facts came from (for the bench and tests). */
  readonly sources?: FactSources;
}

/** Subjects judged, summed over a backtest's steps, by where their facts came from. */
export interface FactSources {
  /** The version compared with, from its kept matches. */
  keptBefore: number;
  /** The draft, from those kept matches (its changed rules matched afresh). */
  keptAfter: number;
  /** Of those, subjects whose records of the changed rules' kinds were read. */
  freshRead: number;
  /** The draft, from every record of the subject. */
  recordsAfter: number;
}

/** A set of subjects: how many, and the first SIMULATION_NAMED_MAX of them in code-point order. */
export interface SubjectSet {
  readonly count: number;
  readonly subjects: readonly string[];
}

export interface ListOutcome {
  readonly list: string;
  readonly type: ListType;
  /** In the version compared with, and not in the draft (its listings all end). */
  readonly removed: boolean;
  /** The draft changes the list's condition, type or sanctions from the latest version: its listings end (SPEC §6). */
  readonly changed: boolean;
  /** Qualification: under the draft and not before, before and not under the draft, under both. */
  readonly entering: SubjectSet;
  readonly leaving: SubjectSet;
  readonly staying: SubjectSet;
  /** What publishing the draft would do to listings: new notices, listings ended, listings that carry on. */
  readonly notices: SubjectSet;
  readonly ended: SubjectSet;
  readonly carriedOn: SubjectSet;
  /** Qualify under the draft, no notice: exempt from the facts (SPEC §6). */
  readonly exempt: SubjectSet;
}

export interface Explanation {
  readonly judged: boolean;
  readonly score: number | null;
  readonly grade: string | null;
  readonly lists: readonly string[];
  readonly contributions: readonly { rule: string; record: string; points: number }[];
  readonly errors: readonly RuleError[];
}

export interface Simulation {
  readonly authority: string;
  readonly scheme: string;
  /** The version number publishing would give the draft. */
  readonly draftVersion: number;
  /** The version compared with, or null when the draft would be the first. */
  readonly against: { readonly scheme: string; readonly version: number } | null;
  readonly at: string;
  readonly subjects: { readonly read: number; readonly judgedBefore: number; readonly judgedAfter: number };
  /** Grade (or "-" when not judged) → subjects, before and after. */
  readonly grades: {
    /** Every grade, best first: the draft's order, then grades only the version before has, then "-". */
    readonly order: readonly string[];
    readonly before: Readonly<Record<string, number>>;
    readonly after: Readonly<Record<string, number>>;
    readonly transitions: readonly { from: string; to: string; count: number }[];
  };
  readonly lists: readonly ListOutcome[];
  /** Subjects a sanction of the scheme would newly apply to, per action and effect (once the listing takes effect). */
  readonly sanctions: readonly { action: string; effect: string; subjects: number }[];
  /** The draft's rule errors over the subjects judged, per rule and site. */
  readonly ruleErrors: readonly { rule: string; site: string; count: number; example: string }[];
  readonly proportionality: readonly ProportionalityEntry[];
  readonly samples: readonly {
    from: string;
    to: string;
    subjects: readonly { subject: string; before: Explanation | null; after: Explanation | null }[];
  }[];
}

const NOT_JUDGED = '-';

class Named {
  count = 0;
  readonly subjects: string[] = [];
  add(s: string): void {
    this.count++;
    if (this.subjects.length < SIMULATION_NAMED_MAX) this.subjects.push(s);
  }
  toJSON(): SubjectSet {
    return { count: this.count, subjects: [...this.subjects] };
  }
}

interface Prepared {
  readonly ref: SchemeRef;
  readonly draft: CompiledScheme;
  readonly before: CompiledScheme | null;
  /** The latest stored version: what publishing replaces, whose listings it ends or carries on. */
  readonly latest: CompiledScheme | null;
  readonly proportionality: readonly ProportionalityEntry[];
}

async function prepare(tx: ReadTx, source: string, options: SimulateOptions): Promise<Prepared> {
  const parsed = await checkScheme(tx, source, options.defaultAuthority);
  if (!parsed.ok) rejectProblems(parsed.errors);
  const doc = parsed.doc;
  if (options.onlyAuthority !== undefined && doc.authority !== options.onlyAuthority) {
    fail(
      'FORBIDDEN',
      `${options.actor ?? 'this account'} is admin of ${options.onlyAuthority}, not of ${doc.authority}`,
      { field: 'authority', scheme: doc.scheme },
    );
  }
  // What publishing would refuse, simulating refuses too: ungranted actions, sources not shared.
  await assertGranted(tx, doc);
  await assertShared(tx, doc);
  const ref = { authority: doc.authority, scheme: doc.scheme };
  const versions = (await tx.schemeVersions(doc.scheme)).filter((v) => v.authority === doc.authority);
  const latestRow = versions[versions.length - 1];
  const sharing = await currentSharing(tx);
  const latest = latestRow ? sharedView(compileStored(latestRow, parsed.registry), sharing) : null;
  let before = latest;
  if (options.against !== undefined) {
    const m = /^[^@]+@\d+$/.exec(options.against);
    if (!m) fail('ARGUMENT_INVALID', `--against: "${options.against}" is not ID@VERSION`, { field: 'against' });
    before = (await resolveScheme(tx, options.against, doc.authority)).compiled;
  }
  const draftVersion = doc.version ?? (await nextVersion(tx, ref, latestRow?.version ?? 0));
  const draft = sharedView({ ...parsed.compiled, version: draftVersion }, sharing);
  const proportionality = proportionalityReport(parsed.compiled, parsed.registry, await operatorMaxTerm(tx));
  return { ref, draft, before, latest, proportionality };
}

/** The records of these sources that occurred by `at`: what is known now about events up to then. */
const ofSources = (records: readonly EvalRecord[], sources: readonly string[], at: number): EvalRecord[] =>
  records.filter((r) => sources.includes(r.authority) && r.occurredAt <= at);

/** What a simulation needs of a subject's evaluation: an Evaluation, or a Verdict from kept matches. */
type Judged = Pick<Evaluation, 'notJudged' | 'candidates' | 'grade' | 'lists'>;

const isJudged = <E extends Judged>(e: E | null): e is E => e !== null && e.notJudged === null && e.candidates > 0;

/** The full evaluation of one subject from its records (null when it has none by `at`), with those records. */
async function explain(
  tx: ReadTx,
  scheme: CompiledScheme,
  subject: string,
  consents: ConsentEvent[],
  at: number,
): Promise<{ evaluation: Evaluation | null; own: EvalRecord[] }> {
  const sources = scheme.doc.sources;
  const own = ofSources((await tx.recordsOfSubjects([subject], sources)).get(subject) ?? [], sources, at);
  if (own.length === 0) return { evaluation: null, own };
  const disputed = (await disputedRecords(tx, [subject])).get(subject);
  return { evaluation: evaluate(scheme, { subject, records: own, consents, disputed }, at), own };
}

/** The complete kept matches of this version, in the layout this Standing packs, if any. */
async function keptSetOf(tx: ReadTx, scheme: CompiledScheme): Promise<MatchSet | undefined> {
  return (await tx.matchSets()).find(
    (m) =>
      m.authority === scheme.doc.authority &&
      m.scheme === scheme.doc.scheme &&
      m.version === scheme.version &&
      m.layout === factsLayout(scheme) &&
      m.complete,
  );
}

export function explanation(e: Evaluation | null): Explanation | null {
  if (e === null) return null;
  return {
    judged: isJudged(e),
    score: e.score,
    grade: e.grade,
    lists: isJudged(e) ? e.lists : [],
    contributions: e.contributions.map((c) => ({ rule: c.rule, record: `${c.authority}/${c.key}`, points: c.points })),
    errors: e.errors,
  };
}

/**
 * Judges every subject the stored records allow under the draft and under the version it
 * would replace, in one read transaction that writes nothing, and predicts what publishing
 * the draft would do (SPEC §12): the same rules as publishScheme and applyListings.
 */
export async function simulateScheme(
  deps: EngineDeps,
  source: string,
  options: SimulateOptions = {},
): Promise<Simulation> {
  const at = options.at ?? deps.clock.now();
  // One snapshot that holds no write lock: imports, sweeps and the access log go on meanwhile.
  return deps.store.snapshot(async (tx) => {
    const p = await prepare(tx, source, options);
    return judgeAll(tx, p, at, options.onProgress, true, options.sources, options.signal);
  });
}

async function judgeAll(
  tx: ReadTx,
  p: Prepared,
  at: number,
  onProgress: ((done: number, total: number) => void) | undefined,
  withListings: boolean,
  counts: FactSources = { keptBefore: 0, keptAfter: 0, freshRead: 0, recordsAfter: 0 },
  signal?: AbortSignal,
): Promise<Simulation> {
  const { ref, draft, before, latest } = p;
  const draftSources = draft.doc.sources;
  const beforeSources = before?.doc.sources ?? [];
  const sources = [...new Set([...draftSources, ...beforeSources])];
  const beforeRef = before ? { authority: before.doc.authority, scheme: before.doc.scheme } : null;

  // Counted first, so progress has a total (only when asked: the count is a walk of every record).
  let total = 0;
  if (onProgress)
    for (let after: string | null = null; ; ) {
      const page = await tx.subjectsAfter(sources, after, PAGE * 10);
      if (page.length === 0) break;
      total += page.length;
      after = page[page.length - 1]!;
    }

  const listIds = [...new Set([...(before?.lists ?? []).map((l) => l.def.id), ...draft.lists.map((l) => l.def.id)])];
  const outcome = new Map(
    listIds.map((id) => [
      id,
      {
        entering: new Named(),
        leaving: new Named(),
        staying: new Named(),
        notices: new Named(),
        ended: new Named(),
        carriedOn: new Named(),
        exempt: new Named(),
      },
    ]),
  );
  const gradesBefore = new Map<string, number>();
  const gradesAfter = new Map<string, number>();
  const transitions = new Map<string, number>();
  const sampleCount = new Map<string, number>();
  const errors = new Map<string, { rule: string; site: string; count: number; example: string }>();
  const sanctionKey = (a: string, e: string): string => `${a}\u0000${e}`;
  const newlySanctioned = new Map<string, number>();
  const bump = (m: Map<string, number>, k: string): void => {
    m.set(k, (m.get(k) ?? 0) + 1);
  };
  const draftList = new Map(draft.lists.map((l) => [l.def.id, l]));
  const latestList = new Map((latest?.lists ?? []).map((l) => [l.def.id, l]));
  const changed = new Set((latest?.lists ?? []).filter((l) => listChanged(l, draft)).map((l) => l.def.id));
  // Open listings are read without the locks publishing takes (a read-only snapshot cannot lock).
  const openAll = withListings && latest ? await openListingsOf(tx, ref) : new Map<string, Map<string, ListingRow>>();
  let judgedBefore = 0;
  let judgedAfter = 0;
  let done = 0;

  // The version compared with is judged from its kept matches where they are complete and current
  // (not for subjects whose records changed since, or under a pending dispute: from their records,
  // as publishing does); the draft from the same kept matches where its rules match as that
  // version's do, its other rules matched afresh from the records they can match (docs/decisions.md).
  const set = before === null || before.needsRecordBodies ? undefined : await keptSetOf(tx, before);
  const plan = set === undefined ? null : planReuse(before!, draft);
  const freshKinds = plan?.kinds ? [...plan.kinds] : undefined;
  // Samples are chosen as subjects are judged; their explanations are computed once all are.
  const sampled: { key: string; subject: string }[] = [];

  // With a plan, a page is the next subjects with kept matches, and those between them whose
  // records changed since (maybe without kept matches yet); past the last kept subject, any
  // subject left with records. Otherwise the next subjects with records of the sources.
  let keptDone = false;
  let slice = performance.now();
  for (let after: string | null = null; ; ) {
    const kept = new Map<string, PackedFacts>();
    let subjects: string[];
    let stale: Set<string>;
    if (plan !== null && !keptDone) {
      const rows = await tx.matchesPage([set!.id], after, PAGE);
      for (const row of rows) kept.set(row.subject, row.facts);
      if (rows.length === 0) {
        keptDone = true;
        subjects = await tx.subjectsAfter(sources, after, PAGE);
        stale = new Set(subjects);
      } else {
        const lastKept = rows[rows.length - 1]!.subject;
        stale = new Set(await tx.dirtyBetween(after, lastKept));
        subjects = [...kept.keys()];
        if (stale.size > 0) subjects = [...new Set([...subjects, ...stale])].sort(compareCodePoints);
      }
    } else {
      subjects = await tx.subjectsAfter(sources, after, PAGE);
      if (subjects.length > 0 && set !== undefined) {
        for (const row of await tx.matchesBetween([set.id], after, subjects[subjects.length - 1]!))
          kept.set(row.subject, row.facts);
        stale = new Set(await tx.dirtyBetween(after, subjects[subjects.length - 1]!));
      } else stale = new Set(subjects);
    }
    if (subjects.length === 0) break;
    const last = subjects[subjects.length - 1]!;
    const disputed = await disputedRecords(tx, subjects);
    for (const x of disputed.keys()) stale.add(x);
    // Without a plan the draft reads every record of every subject anyway.
    const fromRecords = plan === null ? subjects : subjects.filter((x) => stale.has(x));
    for (const x of stale) kept.delete(x);
    const records = await tx.recordsOfSubjects(fromRecords, sources);
    const readAll = new Set(fromRecords);
    // Subjects marked dirty that have no records of the sources (any more) are not judged, as if not listed.
    if (plan !== null) subjects = subjects.filter((x) => kept.has(x) || records.has(x));
    const freshOf = new Map<string, EvalRecord[]>();
    if (plan !== null && plan.fresh.length > 0) {
      const want = subjects.filter((x) => !readAll.has(x) && kept.has(x) && wantsRecords(plan, kept.get(x)!));
      for (const [k, v] of await tx.recordsOfSubjects(want, draftSources, freshKinds)) freshOf.set(k, v);
      counts.freshRead += want.length;
    }
    const consentsAfter = draft.doc.consent === 'required' ? await tx.consentsOf(ref, subjects) : undefined;
    const consentsBefore =
      before && beforeRef && before.doc.consent === 'required' ? await tx.consentsOf(beforeRef, subjects) : undefined;
    const open = new Map<string, ReadonlyMap<string, ListingRow>>();
    for (const subject of subjects) {
      const mine = openAll.get(subject);
      if (mine) open.set(subject, mine);
      openAll.delete(subject);
    }
    for (const subject of subjects) {
      // Judging is synchronous: give the event loop to checks every few milliseconds.
      if (performance.now() - slice > YIELD_AFTER_MS) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        slice = performance.now();
      }
      const consentsOk = (c: Map<string, { at: number; optIn: boolean }[]> | undefined) =>
        (c?.get(subject) ?? []).filter((x) => x.at <= at);
      const mineDisputed = disputed.get(subject);
      const fromRecord = (scheme: CompiledScheme, own: readonly EvalRecord[], consents: ConsentEvent[]) =>
        own.length === 0 ? null : evaluate(scheme, { subject, records: own, consents, disputed: mineDisputed }, at);
      const facts = kept.get(subject);
      const hasFacts = facts !== undefined && facts.values.length > 0 && facts.values[0]! <= at;
      let b: Judged | null = null;
      if (before === null) b = null;
      else if (set !== undefined && !stale.has(subject)) {
        b = hasFacts ? evaluatePacked(before, subject, facts, consentsOk(consentsBefore), at) : null;
        if (b !== null) counts.keptBefore++;
      } else
        b = fromRecord(before, ofSources(records.get(subject) ?? [], beforeSources, at), consentsOk(consentsBefore));
      let a: Judged | null = null;
      let afterErrors: readonly RuleError[] = [];
      let repacked = false;
      if (plan !== null && !readAll.has(subject)) {
        if (hasFacts) {
          const errs: RuleError[] = [];
          const next = repack(plan, subject, facts, freshOf.get(subject) ?? [], at, errs);
          if (next !== null) {
            a = evaluatePacked(draft, subject, next, consentsOk(consentsAfter), at, errs);
            afterErrors = errs;
            repacked = true;
            counts.keptAfter++;
          }
        } else repacked = true;
      }
      if (!repacked) {
        let mine = records.get(subject);
        if (mine === undefined) {
          // Kept facts that do not line up with the records (not expected): from every record of the subject.
          mine = (await tx.recordsOfSubjects([subject], sources)).get(subject) ?? [];
          records.set(subject, mine);
        }
        const e = fromRecord(draft, ofSources(mine, draftSources, at), consentsOk(consentsAfter));
        if (e !== null) {
          a = e;
          afterErrors = e.errors;
          counts.recordsAfter++;
        }
      }
      const eBefore = b;
      const eAfter = a;
      const jA = isJudged(eAfter);
      const jB = isJudged(eBefore);
      if (jA) judgedAfter++;
      if (jB) judgedBefore++;
      const gB = jB ? (eBefore.grade ?? NOT_JUDGED) : NOT_JUDGED;
      const gA = jA ? (eAfter.grade ?? NOT_JUDGED) : NOT_JUDGED;
      // Judged by neither (another type of subject, or records received after the instant): not counted.
      const outside = (e: Judged | null): boolean => e === null || e.notJudged === 'subject-type';
      if (!(outside(eBefore) && outside(eAfter))) {
        bump(gradesBefore, gB);
        bump(gradesAfter, gA);
        const tk = `${gB}\u0000${gA}`;
        bump(transitions, tk);
        const n = sampleCount.get(tk) ?? 0;
        if (n < SAMPLES_PER_TRANSITION) {
          sampleCount.set(tk, n + 1);
          sampled.push({ key: tk, subject });
        }
      }
      for (const err of afterErrors) {
        const k = `${err.rule}\u0000${err.site}`;
        const got = errors.get(k);
        if (got) got.count++;
        else errors.set(k, { rule: err.rule, site: err.site, count: 1, example: err.message });
      }
      const qA = new Set(jA ? eAfter.lists : []);
      const qB = new Set(jB ? eBefore.lists : []);
      const listed = open.get(subject);
      const sanctionedBefore = new Set<string>();
      const sanctionedAfter = new Set<string>();
      for (const id of listIds) {
        const o = outcome.get(id)!;
        if (qA.has(id) && qB.has(id)) o.staying.add(subject);
        else if (qA.has(id)) o.entering.add(subject);
        else if (qB.has(id)) o.leaving.add(subject);
        if (!withListings) continue;
        // What publishing does (publishScheme: endChangedLists, then refreshAll → applyListings).
        const listing = listed?.get(id);
        if (listing)
          for (const s of latestList.get(id)?.def.sanctions ?? [])
            sanctionedBefore.add(sanctionKey(s.action, s.effect));
        const def = draftList.get(id);
        // A subject without records of the draft's sources is not visited: its listings of unchanged lists stay.
        const visited = eAfter !== null;
        if (listing && changed.has(id)) o.ended.add(subject);
        else if (listing && visited && !qA.has(id)) o.ended.add(subject);
        else if (listing) {
          o.carriedOn.add(subject);
          for (const s of def?.def.sanctions ?? []) sanctionedAfter.add(sanctionKey(s.action, s.effect));
          continue;
        }
        if (!qA.has(id) || def === undefined || eAfter === null) continue;
        const exemptSince = await tx.getExemption(ref, id, subject);
        if (exemptSince !== undefined) {
          // Whether new facts ended the exemption needs the explanation: from the subject's records.
          const full = await explain(tx, draft, subject, consentsOk(consentsAfter), at);
          if (
            full.evaluation !== null &&
            stillExempt(exemptSince, { evaluation: full.evaluation, records: full.own })
          ) {
            o.exempt.add(subject);
            continue;
          }
        }
        o.notices.add(subject);
        for (const s of def.def.sanctions) sanctionedAfter.add(sanctionKey(s.action, s.effect));
      }
      for (const k of sanctionedAfter) if (!sanctionedBefore.has(k)) bump(newlySanctioned, k);
    }
    done += subjects.length;
    onProgress?.(done, Math.max(done, total));
    after = last;
    // Evaluation is synchronous: let the event loop answer other requests between pages.
    await new Promise<void>((resolve) => setImmediate(resolve));
    signal?.throwIfAborted();
  }

  // The samples' explanations under both versions, from their records.
  const samples = new Map<string, { subject: string; before: Explanation | null; after: Explanation | null }[]>();
  for (const { key, subject } of sampled) {
    const c = (scheme: CompiledScheme, r: SchemeRef) =>
      scheme.doc.consent === 'required'
        ? tx.consentsOf(r, [subject]).then((m) => (m.get(subject) ?? []).filter((x) => x.at <= at))
        : Promise.resolve([]);
    const a = await explain(tx, draft, subject, await c(draft, ref), at);
    const b = before && beforeRef ? await explain(tx, before, subject, await c(before, beforeRef), at) : null;
    let list = samples.get(key);
    if (!list) samples.set(key, (list = []));
    list.push({ subject, before: explanation(b?.evaluation ?? null), after: explanation(a.evaluation) });
  }

  // Listings of subjects with no records of any source read are left as they are, unless their list changed.
  for (const [subject, mine] of openAll)
    for (const id of mine.keys()) if (changed.has(id)) outcome.get(id)?.ended.add(subject);

  const typeOf = (id: string): ListType =>
    (draftList.get(id) ?? before?.lists.find((l) => l.def.id === id) ?? latestList.get(id))!.def.type;
  const sortedEntries = (m: Map<string, number>): Record<string, number> =>
    Object.fromEntries([...m.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return {
    authority: ref.authority,
    scheme: ref.scheme,
    draftVersion: draft.version,
    against: before ? { scheme: before.doc.scheme, version: before.version } : null,
    at: formatInstant(at),
    subjects: { read: done, judgedBefore, judgedAfter },
    grades: {
      order: [
        ...new Set([...draft.doc.grades.map((g) => g.id), ...(before?.doc.grades ?? []).map((g) => g.id), NOT_JUDGED]),
      ],
      before: sortedEntries(gradesBefore),
      after: sortedEntries(gradesAfter),
      transitions: [...transitions.entries()].map(([k, count]) => {
        const [from, to] = k.split('\u0000') as [string, string];
        return { from, to, count };
      }),
    },
    lists: listIds.map((id) => {
      const o = outcome.get(id)!;
      return {
        list: id,
        type: typeOf(id),
        removed: !draftList.has(id),
        changed: changed.has(id),
        entering: o.entering.toJSON(),
        leaving: o.leaving.toJSON(),
        staying: o.staying.toJSON(),
        notices: o.notices.toJSON(),
        ended: o.ended.toJSON(),
        carriedOn: o.carriedOn.toJSON(),
        exempt: o.exempt.toJSON(),
      };
    }),
    sanctions: [...newlySanctioned.entries()].map(([k, subjects]) => {
      const [action, effect] = k.split('\u0000') as [string, string];
      return { action, effect, subjects };
    }),
    ruleErrors: [...errors.values()],
    proportionality: p.proportionality,
    samples: [...samples.entries()].map(([k, subjects]) => {
      const [from, to] = k.split('\u0000') as [string, string];
      return { from, to, subjects };
    }),
  };
}

export interface BacktestStep {
  readonly at: string;
  readonly subjects: Simulation['subjects'];
  /** Per list: subjects qualifying before and under the draft, entering and leaving. */
  readonly lists: readonly { list: string; before: number; after: number; entering: number; leaving: number }[];
}

export interface Backtest {
  readonly authority: string;
  readonly scheme: string;
  readonly draftVersion: number;
  readonly against: Simulation['against'];
  readonly steps: readonly BacktestStep[];
}

const OPEN_STATES = ['noticed', 'active', 'suspended'] as const;

/** The open listings of a scheme by subject and list, read without locking. */
async function openListingsOf(tx: ReadTx, ref: SchemeRef): Promise<Map<string, Map<string, ListingRow>>> {
  const out = new Map<string, Map<string, ListingRow>>();
  for (const state of OPEN_STATES)
    for (let after: number | null = null; ; ) {
      const page = await tx.listingsOf({ ...ref, state }, { after, limit: 5000 });
      for (const l of page) {
        let mine = out.get(l.subject);
        if (!mine) out.set(l.subject, (mine = new Map<string, ListingRow>()));
        mine.set(l.list, l);
      }
      if (page.length < 5000) break;
      after = page[page.length - 1]!.id;
    }
  return out;
}

/** The instants of a backtest: from, from + step, … up to and including to. */
export function backtestInstants(from: number, to: number, step: string): number[] {
  const d = parseDuration(step, 'step');
  if (to < from) fail('ARGUMENT_INVALID', '--to is before --from', { field: 'to' });
  const out: number[] = [];
  for (let t = from, i = 1; t <= to; t = addDuration(from, scaled(d, i++))) {
    if (out.length >= BACKTEST_MAX_STEPS)
      fail('ARGUMENT_INVALID', `a backtest takes at most ${BACKTEST_MAX_STEPS} steps; take a longer --step`, {
        field: 'step',
      });
    out.push(t);
  }
  return out;
}

function scaled(d: Duration, n: number): Duration {
  return { months: d.months * n, days: d.days * n, millis: d.millis * n, text: d.text };
}

/**
 * The same comparison at each step, over the stored records that occurred by then (SPEC §12,
 * a backtest): qualification per list, not listings, which history does not replay.
 */
export async function backtestScheme(
  deps: EngineDeps,
  source: string,
  instants: readonly number[],
  options: SimulateOptions = {},
): Promise<Backtest> {
  // One snapshot that holds no write lock: imports, sweeps and the access log go on meanwhile.
  return deps.store.snapshot(async (tx) => {
    const p = await prepare(tx, source, options);
    const steps: BacktestStep[] = [];
    for (const [i, at] of instants.entries()) {
      const s = await judgeAll(
        tx,
        p,
        at,
        options.onProgress && ((d, t) => options.onProgress!(i * t + d, t * instants.length)),
        false,
        options.sources,
        options.signal,
      );
      steps.push({
        at: s.at,
        subjects: s.subjects,
        lists: s.lists.map((l) => ({
          list: l.list,
          before: l.staying.count + l.leaving.count,
          after: l.staying.count + l.entering.count,
          entering: l.entering.count,
          leaving: l.leaving.count,
        })),
      });
    }
    return {
      authority: p.ref.authority,
      scheme: p.ref.scheme,
      draftVersion: p.draft.version,
      against: p.before ? { scheme: p.before.doc.scheme, version: p.before.version } : null,
      steps,
    };
  });
}
