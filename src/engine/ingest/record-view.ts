import { formatInstant } from '../../core/instant.js';
import type { StoredRecord } from '../../core/record.js';
import type { DisputeMark } from '../evaluation/disputed.js';

/*
 * A stored record in its outward shape, defined once: the subject's file (SPEC §7, its HTTP body
 * and its export) shows `RecordView`; staff (GET /v1/records/…, the console) read the same view
 * extended with who submitted the record (`StaffRecordView`). Instants are RFC 3339 strings
 * because these views leave the system as they are. The HTTP response schemas describe these
 * types (src/http/record-schemas.ts checks that they agree at compile time).
 */

/** A record as its subject reads it: retracted ones included, with the reason. */
export interface RecordView {
  readonly authority: string;
  readonly key: string;
  readonly subject: string;
  readonly kind: string;
  readonly occurredAt: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly evidence: string | null;
  readonly receivedAt: string;
  readonly retracted: { readonly at: string; readonly reason: string | null } | null;
  /** Under a pending dispute (SPEC §6: marked `disputed` wherever shown), else null. */
  readonly disputed: DisputeMark | null;
  /** For a record that came from a report (SPEC §14): "a member of the public", or the reporting authority. */
  readonly reportedBy?: string;
}

/** A record as staff of its authority read it: the subject's view and who submitted it. */
export interface StaffRecordView extends Omit<RecordView, 'reportedBy'> {
  /** The account, or key:ID for an API key; null for the operator. */
  readonly submittedBy: string | null;
}

export function recordView(
  r: StoredRecord,
  disputed: DisputeMark | null = null,
  reportedBy: string | undefined = undefined,
): RecordView {
  return {
    authority: r.authority,
    key: r.key,
    subject: r.subject,
    kind: r.kind,
    occurredAt: formatInstant(r.occurredAt),
    data: JSON.parse(r.data) as Record<string, unknown>,
    evidence: r.evidence,
    receivedAt: formatInstant(r.receivedAt),
    retracted: r.retractedAt === null ? null : { at: formatInstant(r.retractedAt), reason: r.retractReason },
    disputed,
    ...(reportedBy === undefined ? {} : { reportedBy }),
  };
}

export function staffRecordView(r: StoredRecord, disputed: DisputeMark | null = null): StaffRecordView {
  return { ...recordView(r, disputed), submittedBy: r.submittedBy };
}
