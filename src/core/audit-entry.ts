import type { ListingState } from './listing-machine.js';
import { canonicalJson } from './record.js';

/**
 * The tamper-evident audit log of SPEC §8: one hash chain per authority, plus the
 * "operator" chain for facts that belong to no authority (entitlements, actions).
 * Pure: the hash function is passed in, so core stays free of crypto.
 */

/** The chain of operator-level facts. */
export const OPERATOR_CHAIN = 'operator';

/** `prev` of the first entry of every chain. */
export const GENESIS = '0'.repeat(64);

/** What each entry type holds. Ids are the store's row ids; `hash` fields are SHA-256 hex. */
export interface AuditPayloads {
  /**
   * One entry per authority per import batch: the records it stored (not duplicates), in
   * insertion order, who submitted them (`by`, the records' submitted_by) and when they were
   * received (`receivedAt`, epoch ms).
   */
  readonly 'record-batch': {
    readonly records: readonly { readonly key: string; readonly hash: string }[];
    readonly by: string | null;
    readonly receivedAt: number;
  };
  readonly retraction: { readonly key: string; readonly reason: string; readonly by: string | null };
  /** Records one retention step deleted from one authority, in id order, each with the hash its record-batch entry holds. */
  readonly 'record-deletion': { readonly records: readonly { readonly key: string; readonly hash: string }[] };
  /** An authority's record-retention policy was set (`afterLapse`, an ISO 8601 duration) or cleared (null). */
  readonly retention: { readonly afterLapse: string | null };
  /** `hash` covers canonicalJson({authority, scheme, version, source, content}) of the version row. */
  readonly 'scheme-version': { readonly scheme: string; readonly version: number; readonly hash: string };
  /**
   * A listing was created (`from` null) or changed state; the last one names the listing's
   * current state and its instants: `effectAt` (when sanctions take effect), `activeSince`
   * and `endedAt` (null unless active / ended).
   */
  readonly listing: {
    readonly listing: number;
    readonly subject: string;
    readonly scheme: string;
    readonly list: string;
    readonly from: ListingState | null;
    readonly to: ListingState;
    readonly reason?: string;
    readonly effectAt: number;
    readonly activeSince: number | null;
    readonly endedAt: number | null;
    /** The maximum term and its end (SPEC §6); at creation the effect instant is provisional. */
    readonly term?: string | null;
    readonly termEndsAt?: number | null;
    /** Set on the creation of a self-exclusion (SPEC §6): active at once at the subject's request, for its chosen term. */
    readonly selfExclusion?: boolean;
    readonly by?: string | null;
  };
  /** The subject received a notice (read it, or 2 days passed): the effect instant it fixed (SPEC §6, Receipt). */
  readonly 'listing-receipt': {
    readonly listing: number;
    readonly subject: string;
    /** read: in the portal; link: through the signed link of a notice e-mail (SPEC §13); default: 2 days after issue. */
    readonly how: 'read' | 'link' | 'default';
    readonly receivedAt: number;
    readonly effectAt: number;
    readonly termEndsAt: number | null;
  };
  /** A message delivered to a subject's inbox; `hash` covers the whole message row (docs/audit.md). */
  readonly notice: {
    readonly message: number;
    readonly listing: number | null;
    readonly subject: string;
    readonly kind: string;
    readonly hash: string;
  };
  /** `row`: hash of the appeal row as filed. */
  readonly appeal: {
    readonly appeal: number;
    readonly listing: number;
    readonly subject: string;
    readonly late: boolean;
    readonly row: string;
  };
  /** `row`: hash of the dispute row as filed. */
  readonly dispute: { readonly dispute: number; readonly key: string; readonly subject: string; readonly row: string };
  /** `row`: hash of the second-instance row as asked (SPEC §6); `reviewers`: the authority whose reviewers decide. */
  readonly 'second-instance': {
    readonly 'second-instance': number;
    readonly appeal: number;
    readonly listing: number;
    readonly subject: string;
    readonly reviewers: string;
    readonly row: string;
  };
  /** The appeal body the operator named for `authority` (SPEC §6), or null when cleared; on the authority's chain. */
  readonly 'appeal-body': { readonly authority: string; readonly body: string | null };
  /** A relying party told that a sanction was lifted (SPEC §6); `row` hashes its lifted_notices row. */
  readonly 'sanction-lifted': {
    readonly notice: number;
    readonly party: string;
    readonly subject: string;
    readonly listing: number;
    readonly row: string;
  };
  /** `row`: hash of the appeal, dispute or second-instance row as decided. */
  readonly decision: {
    readonly case: 'appeal' | 'dispute' | 'second-instance';
    readonly id: number;
    readonly outcome: string;
    readonly by: string | null;
    readonly reasons: string;
    readonly row: string;
  };
  /** `by`: the consent row's recorded_by. */
  readonly consent: {
    readonly scheme: string;
    readonly subject: string;
    readonly optIn: boolean;
    readonly at: number;
    readonly by: string | null;
  };
  readonly grant: { readonly action: string };
  /** A data-sharing grant (SPEC §4) from `from` to `to`, with its purpose; `revoked` true when it was revoked. */
  readonly share: { readonly from: string; readonly to: string; readonly purpose: string; readonly revoked: boolean };
  readonly action: { readonly name: string; readonly domain: string; readonly effect: string };
  readonly entitlement: { readonly party: string; readonly action: string };
  /**
   * An account, API key (`account` "key:ID") or password change. `row`, when present, is the
   * hash of the account or key row after the change; `password` the hash of the password row.
   */
  readonly account: {
    readonly account: string;
    readonly roles: readonly string[];
    readonly change: string;
    readonly row?: string;
    readonly password?: string;
  };
  /** An authority was created (operator chain). */
  readonly authority: { readonly name: string };
  /** An exemption (SPEC §6) was granted (`since`) or lifted (null), on the authority's chain. */
  readonly exemption: {
    readonly scheme: string;
    readonly list: string;
    readonly subject: string;
    readonly since: number | null;
  };
  /** An authority's deadline for deciding record disputes (SPEC §6), set by the operator, on the authority's chain. */
  readonly 'dispute-deadline': { readonly authority: string; readonly duration: string };
  /** A dispute's deadline passed undecided (SPEC §6): its record stops counting; `row` hashes the dispute row after. */
  readonly 'dispute-overdue': {
    readonly dispute: number;
    readonly key: string;
    readonly subject: string;
    readonly row: string;
  };
  /**
   * A listing opened by an individual decision (SPEC §6, Listings by decision), on the authority's
   * chain beside the listing's own 'listing' entry: the decision's key, who submitted it, and `row`,
   * the hash of the manual_listings row (reason, basis, evidence, term).
   */
  readonly 'manual-listing': {
    readonly listing: number;
    readonly key: string;
    readonly subject: string;
    readonly scheme: string;
    readonly list: string;
    readonly by: string;
    readonly row: string;
  };
  /**
   * On the operator chain: a subject's pass (SPEC §14) created (`revokedAt` null) or revoked.
   * Never the token nor its hash: only the subject's own file holds the pass's token, once.
   */
  readonly pass: {
    readonly pass: string;
    readonly subject: string;
    readonly purpose: string;
    readonly recipient: string | null;
    readonly createdAt: number;
    readonly expiresAt: number;
    readonly revokedAt: number | null;
    readonly by: string | null;
  };
  /** On the operator chain: how long access-log entries are kept (`keep`, ISO 8601; null: the built-in default), for one relying party or (null) all others. */
  readonly 'access-log-retention': { readonly party: string | null; readonly keep: string | null };
  /** On the operator chain: one batch of access-log entries made before `before` deleted by retention, of one party or (null) of those under the default. */
  readonly 'access-log-deletion': { readonly party: string | null; readonly before: string; readonly count: number };
  /**
   * On the operator chain: a subject's contact settings changed (docs/email.md). The address is
   * personal data, so the entry holds its SHA-256 (`email`, null when removed), not the address.
   */
  readonly 'subject-contact': {
    readonly subject: string;
    readonly email: string | null;
    readonly language: string;
    readonly by: string | null;
  };
  /** A webhook endpoint added, disabled, enabled or its secret rotated (docs/webhooks.md); on its authority's chain, else the operator's. */
  readonly webhook: {
    readonly endpoint: string;
    readonly url: string;
    readonly events: readonly string[];
    readonly party: string | null;
    readonly authority: string | null;
    readonly change: 'added' | 'disabled' | 'enabled' | 'rotated';
    readonly generation: number;
    readonly disabled: boolean;
    readonly by: string | null;
  };
  /** A shadow or pending scheme version published, held by the gate, promoted or approved (SPEC §12); `row` hashes its scheme_candidates row after. */
  readonly 'scheme-candidate': {
    readonly scheme: string;
    readonly version: number;
    readonly status: string;
    readonly by: string | null;
    readonly row: string;
  };
  /** An authority's publish-gate threshold (SPEC §12), set by the operator, on the authority's chain. */
  readonly 'publish-gate': { readonly authority: string; readonly subjects: number; readonly percent: number };
  /** Whether an authority accepts reports from the public (SPEC §14) and how many per reporter a day, set by the operator, on its chain. */
  readonly 'reports-setting': { readonly authority: string; readonly open: boolean; readonly perDay: number };
  /**
   * A report from the public (SPEC §14) filed (`state` open, `by` the reporter) or decided (`by` the
   * reviewer; `recordKey` the record an accepted one became), on the reported-to authority's chain.
   * `row` hashes the reports row after; its description and data stay out of the log.
   */
  readonly report: {
    readonly report: string;
    readonly subject: string;
    readonly state: string;
    readonly by: string;
    readonly recordKey: string | null;
    readonly row: string;
  };
}

export type AuditType = keyof AuditPayloads;

export const AUDIT_TYPES: readonly AuditType[] = [
  'record-batch',
  'retraction',
  'record-deletion',
  'retention',
  'scheme-version',
  'listing',
  'listing-receipt',
  'notice',
  'appeal',
  'dispute',
  'decision',
  'consent',
  'grant',
  'share',
  'action',
  'entitlement',
  'account',
  'authority',
  'exemption',
  'access-log-retention',
  'access-log-deletion',
  'dispute-deadline',
  'dispute-overdue',
  'manual-listing',
  'subject-contact',
  'second-instance',
  'appeal-body',
  'sanction-lifted',
  'pass',
  'webhook',
  'scheme-candidate',
  'publish-gate',
  'reports-setting',
  'report',
];

/** What a caller appends: the chain, the fact and when; seq, prev and hash are the log's. */
export type AuditInput = {
  readonly [K in AuditType]: {
    readonly chain: string;
    readonly type: K;
    readonly payload: AuditPayloads[K];
    readonly at: number;
  };
}[AuditType];

/** An entry without its own hash: exactly what the hash covers. */
export type AuditBody = AuditInput & {
  /** 1-based, contiguous per chain. */
  readonly seq: number;
  /** The previous entry's hash, or GENESIS. */
  readonly prev: string;
};

export type AuditEntry = AuditBody & { readonly hash: string };

/** The head of a chain: its last entry's seq and hash. */
export interface AuditHead {
  readonly chain: string;
  readonly seq: number;
  readonly hash: string;
}

/** Canonical JSON (RFC 8785) of an entry's hashed fields: {at, chain, payload, prev, seq, type}. */
export function canonicalEntry(body: AuditBody): string {
  return canonicalJson({
    chain: body.chain,
    seq: body.seq,
    at: body.at,
    type: body.type,
    payload: body.payload,
    prev: body.prev,
  });
}

/**
 * The same text as canonicalEntry, built around a payload already in canonical JSON
 * (as stored), so verifying a chain needs no re-canonicalization. Members in RFC 8785
 * order: at, chain, payload, prev, seq, type.
 */
export function canonicalEntryText(
  f: {
    readonly chain: string;
    readonly seq: number;
    readonly at: number;
    readonly type: string;
    readonly prev: string;
  },
  payloadJson: string,
): string {
  return `{"at":${f.at},"chain":${JSON.stringify(f.chain)},"payload":${payloadJson},"prev":${JSON.stringify(f.prev)},"seq":${f.seq},"type":${JSON.stringify(f.type)}}`;
}

/**
 * The next entry of a chain whose head is `head` (undefined for an empty chain), with
 * its payload's canonical JSON, the text to store. The payload is canonicalized once:
 * canonicalEntryText(entry, payloadJson) is canonicalEntry(entry).
 */
export function nextEntry(
  head: AuditHead | undefined,
  input: AuditInput,
  hash: (text: string) => string,
): { entry: AuditEntry; payloadJson: string } {
  const payloadJson = canonicalJson(input.payload);
  const seq = (head?.seq ?? 0) + 1;
  const prev = head?.hash ?? GENESIS;
  const own = hash(canonicalEntryText({ chain: input.chain, seq, at: input.at, type: input.type, prev }, payloadJson));
  return { entry: { ...input, seq, prev, hash: own }, payloadJson };
}

/** The canonical JSON a scheme-version entry hashes: the version row's identity and text. */
export function canonicalSchemeVersion(v: {
  readonly authority: string;
  readonly scheme: string;
  readonly version: number;
  readonly source: string;
  readonly content: string;
}): string {
  return canonicalJson({
    authority: v.authority,
    scheme: v.scheme,
    version: v.version,
    source: v.source,
    content: v.content,
  });
}

/**
 * Why a stored entry does not fit where it sits in its chain, or null when it does:
 * `expectSeq` and `expectPrev` follow from the entry before it; `payloadJson` is the
 * stored payload text, hashed as stored.
 */
export function entryProblem(
  e: {
    readonly chain: string;
    readonly seq: number;
    readonly at: number;
    readonly type: string;
    readonly prev: string;
    readonly hash: string;
  },
  payloadJson: string,
  expectSeq: number,
  expectPrev: string,
  hash: (text: string) => string,
): string | null {
  if (e.seq !== expectSeq)
    return `entry seq ${e.seq} found where seq ${expectSeq} was expected (entries missing or reordered)`;
  if (e.prev !== expectPrev)
    return `entry prev ${e.prev.slice(0, 12)}… does not link to the previous entry's hash ${expectPrev.slice(0, 12)}…`;
  if (!(AUDIT_TYPES as readonly string[]).includes(e.type)) return `entry type "${e.type}" is unknown`;
  const actual = hash(canonicalEntryText(e, payloadJson));
  if (actual !== e.hash)
    return `entry hash ${e.hash.slice(0, 12)}… does not match its content (recomputed ${actual.slice(0, 12)}…)`;
  return null;
}
