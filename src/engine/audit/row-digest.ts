import { canonicalJson } from '../../core/record.js';
import type { ApiKeyRow, PasswordRow } from '../../store/auth-port.js';
import type { AccountRow, AppealRow, DisputeRow, MessageRow } from '../../store/due-process-port.js';
import type { ManualListingRow } from '../../store/manual-listings-port.js';
import type { LiftedNoticeRow, SecondInstanceRow } from '../../store/second-instance-port.js';
import type { CandidateRow } from '../../store/candidates-port.js';
import { sha256 } from './hash.js';

/**
 * The hashes entries hold for rows that change what a check answers, what a subject is told or
 * who may do what (SPEC §8, docs/audit.md). Writers hash the row as they store it; `audit
 * verify` hashes the row as it reads it back. Each covers every column but bookkeeping ones
 * (a key's last use).
 */
const digest = (v: unknown): string => sha256(canonicalJson(v));

export function appealDigest(a: AppealRow): string {
  return digest({
    id: a.id,
    listingId: a.listingId,
    subject: a.subject,
    authority: a.authority,
    statement: a.statement,
    filedAt: a.filedAt,
    filedBy: a.filedBy,
    late: a.late,
    deadline: a.deadline,
    state: a.state,
    decidedBy: a.decidedBy,
    decidedAt: a.decidedAt,
    reasons: a.reasons,
    retracted: a.retracted,
    exempt: a.exempt,
  });
}

export function disputeDigest(d: DisputeRow): string {
  return digest({
    id: d.id,
    authority: d.authority,
    key: d.key,
    subject: d.subject,
    statement: d.statement,
    filedAt: d.filedAt,
    filedBy: d.filedBy,
    state: d.state,
    decidedBy: d.decidedBy,
    decidedAt: d.decidedAt,
    reasons: d.reasons,
    // Present since migration 7; absent from the rows (and entries) of disputes filed before it.
    ...(d.deadlineAt === null ? {} : { deadlineAt: d.deadlineAt }),
    ...(d.overdueAt === null ? {} : { overdueAt: d.overdueAt }),
  });
}

/**
 * A message as stored: the SHA-256 of the canonical JSON (RFC 8785) of its columns, the body as
 * JSON reads it back. The writer has the body's canonical JSON already (it is the text the store
 * writes), so the envelope is put together around that text rather than serialised again; its
 * members are in code-unit order (at, authority, body, id, kind, listingId, subject), so the
 * bytes are exactly canonicalJson of the whole row.
 */
export function messageDigest(m: MessageRow): string {
  return messageDigestOf(m, canonicalJson(m.body));
}

/** messageDigest, given the canonical JSON of the message's body. */
export function messageDigestOf(m: Omit<MessageRow, 'body'>, bodyJson: string): string {
  const head = canonicalJson({ at: m.at, authority: m.authority });
  const tail = canonicalJson({ id: m.id, kind: m.kind, listingId: m.listingId, subject: m.subject });
  return sha256(`${head.slice(0, -1)},"body":${bodyJson},${tail.slice(1)}`);
}

export function accountDigest(a: AccountRow): string {
  return digest({
    name: a.name,
    authority: a.authority,
    roles: [...a.roles].sort(),
    subject: a.subject,
    createdAt: a.createdAt,
  });
}

export function apiKeyDigest(k: ApiKeyRow): string {
  return digest({
    id: k.id,
    hash: k.hash,
    authority: k.authority,
    roles: [...k.roles].sort(),
    party: k.party,
    label: k.label,
    createdAt: k.createdAt,
    createdBy: k.createdBy,
    revokedAt: k.revokedAt,
  });
}

export function passwordDigest(p: PasswordRow): string {
  return digest({ account: p.account, hash: p.hash, changedAt: p.changedAt });
}

/** Every column of a manual_listings row: the decision a listing by decision rests on. */
export function manualListingDigest(m: ManualListingRow): string {
  return digest({
    listingId: m.listingId,
    authority: m.authority,
    key: m.key,
    scheme: m.scheme,
    list: m.list,
    subject: m.subject,
    by: m.by,
    reason: m.reason,
    basis: m.basis,
    evidence: m.evidence,
    term: m.term,
    decidedAt: m.decidedAt,
  });
}

export function secondInstanceDigest(s: SecondInstanceRow): string {
  return digest({
    id: s.id,
    appealId: s.appealId,
    listingId: s.listingId,
    subject: s.subject,
    authority: s.authority,
    reviewers: s.reviewers,
    firstReviewer: s.firstReviewer,
    statement: s.statement,
    filedAt: s.filedAt,
    filedBy: s.filedBy,
    deadline: s.deadline,
    suspends: s.suspends,
    state: s.state,
    decidedBy: s.decidedBy,
    decidedAt: s.decidedAt,
    reasons: s.reasons,
    exempt: s.exempt,
  });
}

export function liftedDigest(n: LiftedNoticeRow): string {
  return digest({
    id: n.id,
    party: n.party,
    subject: n.subject,
    listingId: n.listingId,
    authority: n.authority,
    actions: n.actions,
    cause: n.cause,
    at: n.at,
  });
}

/** A shadow or pending scheme version's row: every column (SPEC §12). */
export function candidateDigest(c: CandidateRow): string {
  return digest({
    authority: c.authority,
    scheme: c.scheme,
    version: c.version,
    source: c.source,
    content: c.content,
    status: c.status,
    publishedAt: c.publishedAt,
    publishedBy: c.publishedBy,
    requestedBy: c.requestedBy,
    gate: c.gate,
    decidedAt: c.decidedAt,
    decidedBy: c.decidedBy,
  });
}
