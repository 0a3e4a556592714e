import type { AuditHead, AuditType } from '../core/audit-entry.js';
import type { ListingState } from '../core/listing-machine.js';

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
}
