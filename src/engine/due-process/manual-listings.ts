import { addDuration, parseDuration } from '../../core/duration.js';
import { fail, isStandingError, type StandingError } from '../../core/errors.js';
import type { Evaluation } from '../../core/evaluate.js';
import { newListing, provisionalEffect, sanctionsApply } from '../../core/listing-machine.js';
import { checkDecision, type DecisionInput } from '../../core/manual-decision.js';
import { buildNotice } from '../../core/notice.js';
import { canonicalJson } from '../../core/record.js';
import type { ListingRow } from '../../store/due-process-port.js';
import type { ManualListingRow } from '../../store/manual-listings-port.js';
import type { StoreTx } from '../../store/store.js';
import { appendAudit } from '../audit/audit.js';
import { sha256 } from '../audit/hash.js';
import { manualListingDigest } from '../audit/row-digest.js';
import type { EngineDeps } from '../deps.js';
import { resolveScheme } from '../evaluation/schemes.js';
import { sweep } from '../evaluation/sweep.js';
import { personName } from '../tenancy/accounts.js';
import type { Principal } from '../../core/principal.js';
import { deliverNotice, maxTermOf } from './listings.js';

/** What one decision did: opened a listing, or nothing because the same decision was recorded before. */
export interface DecisionResult {
  readonly outcome: 'opened' | 'unchanged';
  readonly listing: number;
  readonly key: string;
  readonly authority: string;
  readonly subject: string;
  readonly list: string;
  readonly state: ListingRow['state'];
  readonly effectAt: number;
  readonly termEndsAt: number | null;
}

/** A decision's key when the authority gives none: its content, so the same decision submitted twice is one. */
export function derivedKey(d: DecisionInput): string {
  const { key: _key, ...content } = d;
  return `auto-${sha256(canonicalJson(content)).slice(0, 20)}`;
}

/** The fields that make two submissions of one key the same decision. */
const sameDecision = (a: ManualListingRow, b: Omit<ManualListingRow, 'listingId' | 'decidedAt' | 'by'>): boolean =>
  a.scheme === b.scheme &&
  a.list === b.list &&
  a.subject === b.subject &&
  a.reason === b.reason &&
  a.basis === b.basis &&
  a.evidence === b.evidence &&
  a.term === b.term;

/** An empty evaluation: a listing by decision rests on no score, records or condition (its notice says so). */
const noFacts = (subject: string, at: number): Evaluation => ({
  subject,
  at,
  notJudged: null,
  candidates: 0,
  score: null,
  grade: null,
  lists: [],
  listValues: [],
  contributions: [],
  errors: [],
  live: [],
  nextChange: null,
});

/**
 * Opens one listing by decision in an open transaction (SPEC §6, Listings by decision):
 * the actor must be an admin of the scheme's authority (FORBIDDEN otherwise); the list must
 * be `manual: true`; the term defaults to, and may not exceed, the list's maximum term. The
 * listing then starts `noticed` with a notice whose statement of reasons is the decision,
 * exactly as a scored listing starts, so receipt, window, appeal, term and audit follow.
 * Idempotent by the decision's key per authority.
 */
async function openInTx(tx: StoreTx, input: DecisionInput, as: Principal, at: number): Promise<DecisionResult> {
  const { row: version, compiled } = await resolveScheme(tx, input.scheme, input.authority);
  const authority = version.authority;
  const by = personName(as, 'listing.open', { authority });
  const list = compiled.lists.find((l) => l.def.id === input.list);
  if (!list?.def.manual)
    fail(
      'LIST_NOT_MANUAL',
      list
        ? `list "${input.list}" of ${version.scheme} is not manual: its listings are opened by its condition`
        : `scheme ${version.scheme} has no list "${input.list}"`,
      { field: 'list' },
    );
  const max = await maxTermOf(tx, list);
  const term = input.term === undefined ? max : parseDuration(input.term, 'term');
  if (addDuration(at, term) <= at)
    fail('DURATION_INVALID', `term: "${term.text}" must be longer than zero`, { field: 'term' });
  if (addDuration(at, term) > addDuration(at, max))
    fail('TERM_TOO_LONG', `term: ${term.text} exceeds the maximum term ${max.text} of list "${list.def.id}"`, {
      field: 'term',
    });
  const key = input.key ?? derivedKey(input);
  const content = {
    authority,
    key,
    scheme: version.scheme,
    list: list.def.id,
    subject: input.subject,
    reason: input.reason,
    basis: input.basis,
    evidence: input.evidence ?? null,
    term: term.text,
  };
  const before = await tx.manualListingByKey(authority, key);
  if (before !== undefined) {
    if (!sameDecision(before, content))
      fail('DECISION_CONFLICT', `${authority} already recorded decision "${key}" with other content`, { field: 'key' });
    const l = (await tx.getListing(before.listingId))!;
    return {
      outcome: 'unchanged',
      listing: l.id,
      key,
      authority,
      subject: l.subject,
      list: l.list,
      state: l.state,
      effectAt: l.effectAt,
      termEndsAt: l.termEndsAt,
    };
  }
  const core = newListing(list.def.type, at, provisionalEffect(at, list.appeal), term);
  const base = {
    authority,
    scheme: version.scheme,
    subject: input.subject,
    list: list.def.id,
    listType: list.def.type,
    version: compiled.version,
    noticedAt: at,
  };
  const id = await tx.insertListingIfNoneOpen({ ...base, ...core });
  if (id === undefined)
    fail('LISTING_OPEN', `${input.subject} already has an open listing on ${version.scheme}/${list.def.id}`, {
      field: 'subject',
    });
  const decision: ManualListingRow = { listingId: id, ...content, by, decidedAt: at };
  // The unique key holds across processes: another server recording the same key first wins, and this one writes nothing.
  if (!(await tx.insertManualListing(decision)))
    fail('DECISION_CONFLICT', `${authority} recorded decision "${key}" meanwhile; submit it again`, { field: 'key' });
  const row: ListingRow = { id, ...base, ...core };
  await appendAudit(tx, {
    chain: authority,
    type: 'listing',
    payload: {
      listing: id,
      subject: row.subject,
      scheme: row.scheme,
      list: row.list,
      from: null,
      to: row.state,
      reason: 'decision',
      effectAt: row.effectAt,
      activeSince: row.activeSince,
      endedAt: row.endedAt,
      term: row.term,
      termEndsAt: row.termEndsAt,
    },
    at,
  });
  await appendAudit(tx, {
    chain: authority,
    type: 'manual-listing',
    payload: {
      listing: id,
      key,
      subject: row.subject,
      scheme: row.scheme,
      list: row.list,
      by,
      row: manualListingDigest(decision),
    },
    at,
  });
  // A manual list is a blacklist or watchlist (scheme-parse.ts): it starts noticed, never in force at once.
  if (sanctionsApply(core)) fail('LISTING_STATE', 'a listing by decision starts noticed');
  const notice = buildNotice({
    listing: id,
    scheme: compiled,
    list,
    evaluation: noFacts(input.subject, at),
    noticedAt: at,
    effectAt: core.effectAt,
    termEndsAt: core.termEndsAt,
    decision: {
      key,
      by,
      reason: input.reason,
      basis: input.basis,
      evidence: input.evidence ?? null,
      term: term.text,
    },
  });
  await deliverNotice(tx, { subject: input.subject, authority, at, body: notice });
  return {
    outcome: 'opened',
    listing: id,
    key,
    authority,
    subject: row.subject,
    list: row.list,
    state: row.state,
    effectAt: row.effectAt,
    termEndsAt: row.termEndsAt,
  };
}

/** Opens one listing by decision (SPEC §6); throws a coded error naming the field when it cannot. */
export async function openManualListing(
  deps: EngineDeps,
  input: DecisionInput,
  as: Principal,
): Promise<DecisionResult> {
  const decision = checkDecision(input);
  await sweep(deps);
  const at = deps.clock.now();
  return deps.store.transaction((tx) => openInTx(tx, decision, as, at));
}

/** One decision of a batch that was refused: its index (0-based) and why; nothing of it was written. */
export interface DecisionError {
  readonly index: number;
  readonly error: StandingError;
}

/**
 * Opens many listings by decision, each in its own transaction (SPEC §10): a bad decision
 * writes nothing and is reported by its index; the others are kept. Idempotent by key, so
 * a file imported twice opens each listing once.
 */
export async function openManualListings(
  deps: EngineDeps,
  inputs: readonly unknown[],
  as: Principal,
  onProgress?: (done: number) => void,
): Promise<{ results: DecisionResult[]; errors: DecisionError[] }> {
  await sweep(deps);
  const results: DecisionResult[] = [];
  const errors: DecisionError[] = [];
  for (const [index, raw] of inputs.entries()) {
    try {
      const decision = checkDecision(raw);
      const at = deps.clock.now();
      results.push(await deps.store.transaction((tx) => openInTx(tx, decision, as, at)));
    } catch (e) {
      if (!isStandingError(e)) throw e;
      errors.push({ index, error: e });
    }
    onProgress?.(index + 1);
  }
  return { results, errors };
}
