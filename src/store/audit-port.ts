import type { AuditHead, AuditType } from '../core/audit-entry.js';
import type { ListingState } from '../core/listing-machine.js';
import type { ActiveSanctionRow, MessageRow } from './due-process-port.js';
import type { ConsentRow } from './store.js';
import type { PasswordRow } from './auth-port.js';

export type { AuditHead };

/** An audit entry as stored: the payload is kept as its canonical JSON text, the form that was hashed. */
export interface StoredAuditEntry {
  readonly chain: string;
  readonly seq: number;
  readonly at: number;
  readonly type: AuditType;
  /** Canonical JSON (RFC 8785) of the payload. */
  readonly payload: string;
  readonly prev: string;
  readonly hash: string;
}

/** A record row as `audit verify` rehashes it: all rows, retracted ones included. */
export interface AuditRecordRow {
  readonly id: number;
  readonly authority: string;
  readonly key: string;
  readonly subject: string;
  readonly kind: string;
  readonly occurredAt: number;
  readonly data: string;
  readonly evidence: string | null;
  /** The stored `hash` column. */
  readonly hash: string;
  readonly retracted: boolean;
  readonly submittedBy: string | null;
  readonly receivedAt: number;
  readonly retractedAt: number | null;
  readonly retractReason: string | null;
  readonly retractedBy: string | null;
}

/** A consent row with its id (consents are appended, never changed). */
export interface AuditConsentRow extends ConsentRow {
  readonly id: number;
}

export interface AuditExemptionRow {
  readonly authority: string;
  readonly scheme: string;
  readonly list: string;
  readonly subject: string;
  readonly since: number;
}

export interface AuditEntitlementRow {
  readonly party: string;
  readonly action: string;
  readonly grantedAt: number;
}

/** A signed checkpoint of one chain (docs/audit.md): the C2SP signed note and what it states. */
export interface CheckpointRow {
  readonly chain: string;
  readonly size: number;
  /** The chain's head hash at `size`, hex. */
  readonly head: string;
  /** The whole signed note, as published. */
  readonly note: string;
  readonly createdAt: number;
}

export interface ListingStateRow {
  readonly id: number;
  readonly authority: string;
  readonly state: ListingState;
}

/**
 * The audit log (SPEC §8) and the reads `audit verify` streams. Append only: nothing
 * here updates or deletes an entry.
 */
export interface AuditRepo {
  /** Inserts the entry and moves its chain's head to it, in the caller's transaction. */
  appendAudit(entry: StoredAuditEntry): Promise<void>;
  auditHead(chain: string): Promise<AuditHead | undefined>;
  /** Every head, in chain order. */
  auditHeads(): Promise<AuditHead[]>;
  /** Every chain that has entries or a head, in code-point order. */
  auditChains(): Promise<string[]>;
  /** Entries of a chain with seq > afterSeq, in seq order, at most `limit`. */
  auditEntries(chain: string, afterSeq: number, limit: number): Promise<StoredAuditEntry[]>;
  /** Record rows with id > afterId, in id order, at most `limit`. */
  recordsAfterId(afterId: number, limit: number): Promise<AuditRecordRow[]>;
  /** Whether a record row with this authority and key exists (retracted or not). */
  recordExists(authority: string, key: string): Promise<boolean>;
  /** Listing states with id > afterId, in id order, at most `limit`. */
  listingStatesAfter(afterId: number, limit: number): Promise<ListingStateRow[]>;
  /** Sanctions in force of listings with afterId < id <= lastId, in (listing, action, subject) order. */
  sanctionsOfListings(afterId: number, lastId: number): Promise<ActiveSanctionRow[]>;
  /** Inbox messages with id > afterId, in id order, at most `limit`. */
  messagesAfter(afterId: number, limit: number): Promise<MessageRow[]>;
  /** Every consent row, in id order. */
  allConsents(): Promise<AuditConsentRow[]>;
  /** Every exemption, in (authority, scheme, list, subject) order. */
  allExemptions(): Promise<AuditExemptionRow[]>;
  /** Every relying party's entitlement, in (party, action) order. */
  allEntitlements(): Promise<AuditEntitlementRow[]>;
  /** Every password row (hashes only), in account order. */
  allPasswords(): Promise<PasswordRow[]>;
  /** Stores a signed checkpoint. */
  insertCheckpoint(row: CheckpointRow): Promise<void>;
  /** The newest checkpoint of each chain, in chain order. */
  latestCheckpoints(): Promise<CheckpointRow[]>;
}
