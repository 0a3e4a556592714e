import type { DisputeRow } from '../../store/due-process-port.js';
import type { ReadTx } from '../../store/store.js';

/** What filing + P30D is for disputes filed before migration 7 (stored without a deadline). */
const LEGACY_MS = 30 * 86_400_000;

/** A dispute's deadline instant: stored at filing, else (filed before migration 7) filing + P30D. */
export function disputeDeadlineOf(d: Pick<DisputeRow, 'deadlineAt' | 'filedAt'>): number {
  return d.deadlineAt ?? d.filedAt + LEGACY_MS;
}

/**
 * The pending disputes of these subjects' records, as evaluation reads them (SubjectFacts.disputed):
 * by subject, "authority/key" → the instant from which the record stops counting.
 */
export async function disputedRecords(
  tx: ReadTx,
  subjects: readonly string[],
): Promise<Map<string, Map<string, number>>> {
  const out = new Map<string, Map<string, number>>();
  for (const d of await tx.pendingDisputesOf(subjects)) {
    let m = out.get(d.subject);
    if (!m) out.set(d.subject, (m = new Map<string, number>()));
    m.set(`${d.authority}/${d.key}`, disputeDeadlineOf(d));
  }
  return out;
}

/** How a record under a pending dispute is marked wherever it is shown (SPEC §6: `disputed`). */
export interface DisputeMark {
  /** "authority/key". */
  readonly record: string;
  readonly dispute: number;
  /** When the reporting authority must decide by. */
  readonly deadline: string;
  /** Past the deadline undecided: the record does not count until decided. */
  readonly overdue: boolean;
}

/** The mark of a pending dispute at instant `at`. */
export function disputeMark(d: DisputeRow, at: number): DisputeMark {
  const deadline = disputeDeadlineOf(d);
  return {
    record: `${d.authority}/${d.key}`,
    dispute: d.id,
    deadline: new Date(deadline).toISOString(),
    overdue: deadline <= at,
  };
}
