import { OPERATOR_CHAIN } from '../../core/audit-entry.js';
import { combineSanctions, type Decision } from '../../core/decision.js';
import { fail } from '../../core/errors.js';
import { formatInstant } from '../../core/instant.js';
import { checkSubject } from '../../core/subject.js';
import type { AccessEntry, AccessRow, PartyRow } from '../../store/access-port.js';
import type { SanctionInForceRow } from '../../store/due-process-port.js';
import type { ReadTx, ReplicaLag, Store, StoreTx } from '../../store/store.js';
import type { AccessLogWriter } from './access-log-writer.js';
import { appendAudit } from '../audit/audit.js';
import { listTitles } from '../due-process/queue.js';
import type { EngineDeps } from '../deps.js';

/** The party name under which the operator's own checks (from the CLI) are logged; no relying party may take it. */
export const OPERATOR = 'operator';

const PARTY = /^[a-z0-9][a-z0-9_-]{0,62}$/;

export function checkPartyName(name: unknown, field = 'party'): string {
  if (typeof name !== 'string' || !PARTY.test(name)) {
    fail(
      'PARTY_INVALID',
      `${field}: ${JSON.stringify(name)} is not a relying party name (lower-case letters, digits, - and _)`,
      { field },
    );
  }
  if (name === OPERATOR)
    fail('PARTY_INVALID', `${field}: "${OPERATOR}" is reserved for the operator's own checks`, { field });
  return name;
}

export interface CheckDeps extends EngineDeps {
  /** Group-commit writer for the access log (the HTTP service). Default: each check writes its entry in its own transaction. */
  readonly accessLogWriter?: AccessLogWriter;
}

export interface CheckInput {
  readonly subject: string;
  readonly action: string;
  /** The relying party asking, or null for the operator's CLI (logged as `operator`, entitled to every action). */
  readonly party: string | null;
  /**
   * Set for a pass verification (engine/passes/passes.ts): the subject's pass authorizes the
   * check instead of an entitlement (so `party` must be null), and the access log names the
   * verifier by this label ("pass holder", or the pass's named recipient).
   */
  readonly verifier?: string;
}

/** A scheme version a decision rests on: the version whose evaluation noticed a listing among its reasons. */
export interface SchemeVersionRef {
  readonly authority: string;
  readonly scheme: string;
  readonly version: number;
}

/** The answer to a relying party: the decision, what it was about, and when. Never a score, grade or record. */
export interface CheckResult extends Decision {
  /**
   * The decision id, to cite the answer (SPEC §4): the id of its access-log entry's decision,
   * findable later with `standing decision ID` or GET /v1/decisions/{id}.
   */
  readonly decision: string;
  /** The scheme versions the answer rests on (those of its reasons), by authority, scheme, version; empty for allow. */
  readonly schemes: SchemeVersionRef[];
  readonly subject: string;
  readonly action: string;
  readonly party: string | null;
  /** RFC 3339: the instant of the check, as logged. */
  readonly at: string;
  /** Set when a read replica answered: how far behind the primary its data may have been (absent: the primary answered). */
  readonly staleness?: ReplicaLag;
}

/** What a check decided; `id` is its entry's decision id where the check wrote the entry itself (no group-commit writer). */
type Outcome = { readonly entry: AccessEntry; readonly id?: string } & (
  | { readonly decision: Decision; readonly schemes: SchemeVersionRef[] }
  | { readonly decision: null }
);

/**
 * The scheme versions behind a decision's reasons: each listing's noticing version (read with
 * the sanctions, so no second read), once each, in a total order.
 */
function schemesOf(sanctions: readonly SanctionInForceRow[], decision: Decision): SchemeVersionRef[] {
  const seen = new Map<string, SchemeVersionRef>();
  for (const r of decision.reasons) {
    const l = sanctions.find((s) => s.listingId === r.listing);
    if (l === undefined || l.version === null) continue;
    const ref = { authority: l.authority, scheme: l.scheme, version: l.version };
    seen.set(`${ref.authority}\u0000${ref.scheme}\u0000${ref.version}`, ref);
  }
  return [...seen.values()].sort(
    (a, b) =>
      (a.authority < b.authority ? -1 : a.authority > b.authority ? 1 : 0) ||
      (a.scheme < b.scheme ? -1 : a.scheme > b.scheme ? 1 : 0) ||
      a.version - b.version,
  );
}

/** Most entitlements one store's cache holds; beyond it the cache starts again empty. */
const ENTITLED_CACHE_MAX = 10_000;

/**
 * Entitlements known to hold, per store, as `party action`: the hot path of a check reads
 * none for a pair it has seen granted. Only grants are kept, never refusals, and nothing
 * withdraws an entitlement (no command or port does), so a kept pair cannot go stale, and
 * a grant made by any process, on any server, is seen by the next check here, which asks
 * the store for every pair it does not hold. Should withdrawing ever be added, it must
 * clear this cache, and on PostgreSQL tell the other servers as key revocations do.
 */
const entitledCaches = new WeakMap<Store, Set<string>>();

function entitledCache(store: Store): Set<string> {
  let c = entitledCaches.get(store);
  if (c === undefined) entitledCaches.set(store, (c = new Set()));
  return c;
}

/**
 * Who may ask, for what the cache does not answer: the operator about any registered action,
 * a relying party about the actions it is entitled to. 'refused' is a known party asking about
 * a registered action it is not entitled to: the subject's log records the attempt (SPEC §1:
 * subjects see who asked).
 */
async function authorize(
  tx: ReadTx,
  cache: Set<string>,
  party: string | null,
  action: string,
): Promise<'ok' | 'refused'> {
  // An entitlement exists only for an existing party and a registered action: one lookup decides the usual case.
  if (party !== null && (await tx.isEntitled(party, action))) {
    if (cache.size >= ENTITLED_CACHE_MAX) cache.clear();
    cache.add(entitlementKey(party, action));
    return 'ok';
  }
  if (!(await tx.listActions()).some((a) => a.name === action)) {
    fail('ACTION_UNKNOWN', `no registered action ${JSON.stringify(action)}; see \`standing actions\``, {
      field: 'action',
    });
  }
  if (party === null) return 'ok';
  if ((await tx.getParty(party)) === undefined)
    fail('PARTY_NOT_FOUND', `no relying party ${JSON.stringify(party)}; see \`standing party list\``, {
      field: 'party',
    });
  return 'refused';
}

// Party names hold no space (PARTY), so the key is unambiguous.
const entitlementKey = (party: string, action: string): string => `${party} ${action}`;

// Concurrent checks mostly share their instant to the millisecond: format it once.
let formattedAt = { ms: Number.NaN, text: '' };
function formatAt(ms: number): string {
  if (formattedAt.ms !== ms) formattedAt = { ms, text: formatInstant(ms) };
  return formattedAt.text;
}

/**
 * check(subject, action) of SPEC §4: a lookup of the sanctions in force, combined. The
 * answer is returned only after its access-log entry is committed, so no answered check
 * is missing from the log. Malformed requests (bad subject, unknown action or party) are
 * not logged; a refusal for want of entitlement is logged with effect `refused`, then
 * thrown as NOT_ENTITLED.
 */
export async function checkAction(deps: CheckDeps, input: CheckInput): Promise<CheckResult> {
  const subject = checkSubject(input.subject);
  const { action, party } = input;
  const logParty = input.verifier ?? party ?? OPERATOR;
  const writer = deps.accessLogWriter;
  const at = deps.clock.now();
  const cache = entitledCache(deps.store);
  const known = party !== null && cache.has(entitlementKey(party, action));
  let staleness: ReplicaLag | undefined;
  // `log`: the write transaction the entry is appended in, when there is no group-commit writer.
  const decide = async (tx: ReadTx, replica?: ReplicaLag, log?: StoreTx): Promise<Outcome> => {
    // A read retried on the primary after a replica failure runs again without `replica`.
    staleness = replica;
    if (!known && (await authorize(tx, cache, party, action)) === 'refused') {
      const entry: AccessEntry = { subject, party: logParty, action, effect: 'refused', at };
      return { entry, decision: null, id: log === undefined ? undefined : (await log.appendAccess([entry]))[0] };
    }
    const sanctions = await tx.activeSanctions(subject, action);
    const decision = combineSanctions(sanctions, at);
    const schemes = decision.reasons.length === 0 ? [] : schemesOf(sanctions, decision);
    const entry: AccessEntry = { subject, party: logParty, action, effect: decision.effect, at };
    return { entry, decision, schemes, id: log === undefined ? undefined : (await log.appendAccess([entry]))[0] };
  };
  // With a group-commit writer the check itself only reads; without one it writes its entry too.
  const outcome =
    writer === undefined
      ? await deps.store.transaction((tx) => decide(tx, undefined, tx))
      : await deps.store.read((tx, replica) => decide(tx, replica));
  const id = writer !== undefined ? await writer.write(outcome.entry) : outcome.id!;
  if (outcome.decision === null) {
    fail(
      'NOT_ENTITLED',
      `relying party ${JSON.stringify(party)} is not entitled to check ${action}; the operator entitles with \`standing entitle\``,
      {
        field: 'action',
      },
    );
  }
  const decision = outcome.decision;
  const result: CheckResult = {
    subject,
    action,
    party,
    at: formatAt(at),
    decision: id,
    effect: decision.effect,
    limit: decision.limit,
    reasons: decision.reasons,
    schemes: outcome.schemes,
  };
  return staleness === undefined ? result : { ...result, staleness };
}

/** Registers a relying party (the operator's step, SPEC §1). */
export async function partyAdd(deps: EngineDeps, name: string): Promise<PartyRow> {
  const party = checkPartyName(name);
  return deps.store.transaction(async (tx) => {
    if (!(await tx.addParty(party, deps.clock.now())))
      fail('PARTY_EXISTS', `relying party ${party} already exists`, { field: 'party' });
    return (await tx.getParty(party))!;
  });
}

export async function listParties(deps: EngineDeps): Promise<PartyRow[]> {
  return deps.store.transaction((tx) => tx.listParties());
}

/** Entitles a relying party to check a registered action; false when it already was. */
export async function entitle(deps: EngineDeps, party: string, action: string): Promise<boolean> {
  return deps.store.transaction(async (tx) => {
    if ((await tx.getParty(party)) === undefined)
      fail('PARTY_NOT_FOUND', `no relying party ${JSON.stringify(party)}; add it with \`standing party add\``, {
        field: 'party',
      });
    if (!(await tx.listActions()).some((a) => a.name === action)) {
      fail('ACTION_UNKNOWN', `no registered action ${JSON.stringify(action)}; see \`standing actions\``, {
        field: 'action',
      });
    }
    const at = deps.clock.now();
    const fresh = await tx.entitle(party, action, at);
    if (fresh) await appendAudit(tx, { chain: OPERATOR_CHAIN, type: 'entitlement', payload: { party, action }, at });
    return fresh;
  });
}

/**
 * The logged check whose answer carried a decision id (SPEC §4: a cited decision can be
 * found). The operator finds any; a relying party only its own (others: DECISION_NOT_FOUND,
 * as for an unknown id, so ids of other parties' checks cannot be probed).
 */
export async function findDecision(deps: EngineDeps, decision: string, party: string | null): Promise<AccessRow> {
  const row = await deps.store.read((tx) => tx.accessByDecision(decision));
  if (row === undefined || (party !== null && row.party !== party))
    fail('DECISION_NOT_FOUND', `no check answered with decision ${JSON.stringify(decision)}`, { field: 'decision' });
  return row;
}

/** Who checked a subject (SPEC §7): every logged check, oldest first. */
export async function accessLog(deps: EngineDeps, subject: string): Promise<AccessRow[]> {
  const id = checkSubject(subject);
  return deps.store.read((tx) => tx.accessLogOf(id));
}

/**
 * A check as people read it (`standing check`): the decision, and each active list's one
 * display name by "authority/scheme/list" (JSON keeps the ids).
 */
export async function checkWithTitles(
  deps: CheckDeps,
  input: CheckInput,
): Promise<{ result: CheckResult; titles: Map<string, string | undefined> }> {
  const result = await checkAction(deps, input);
  return { result, titles: await deps.store.read((tx) => listTitles(tx)) };
}
