import { addDuration, parseDuration } from '../../core/duration.js';
import { fail } from '../../core/errors.js';
import { formatInstant } from '../../core/instant.js';
import { checkAuthority } from '../../core/subject.js';
import type { DisputeRow } from '../../store/due-process-port.js';
import type { ReadTx, StoreTx } from '../../store/store.js';
import { appendAudit, lockChains } from '../audit/audit.js';
import { disputeDigest } from '../audit/row-digest.js';
import type { EngineDeps } from '../deps.js';
import { refreshSubjects } from '../evaluation/derive.js';
import type { ActiveScheme } from '../evaluation/schemes.js';
import { disputeDeadlineOf } from '../evaluation/disputed.js';

export { disputeDeadlineOf };
import { deliver } from './listings.js';
import { emit } from '../webhooks/events.js';

/**
 * Dispute deadlines (SPEC §6): the reporting authority decides a dispute within its
 * `disputeDeadline` (default P30D, set by the operator per authority). Each dispute stores its
 * deadline when filed; past it, undecided, its record stops counting (SPEC §3 item 1) and the
 * subject is told. docs/decisions.md, *Dispute deadlines*.
 */

/** Meta key: the deadlines the operator set ({authority: duration}); unset authorities take DEFAULT_DISPUTE_DEADLINE. */
const DEADLINES = 'dispute_deadlines';
export const DEFAULT_DISPUTE_DEADLINE = 'P30D';
export interface DisputeDeadline {
  readonly authority: string;
  readonly duration: string;
  /** False when the authority uses the default. */
  readonly set: boolean;
}

async function readDeadlines(tx: ReadTx): Promise<Record<string, string>> {
  return JSON.parse((await tx.getMeta(DEADLINES)) ?? '{}') as Record<string, string>;
}

/** The deadline an authority's disputes are filed with now. */
export async function disputeDeadlineFor(tx: ReadTx, authority: string): Promise<string> {
  return (await readDeadlines(tx))[authority] ?? DEFAULT_DISPUTE_DEADLINE;
}

/** Whether a dispute is past its deadline undecided at `at`. */
export function isOverdue(d: DisputeRow, at: number): boolean {
  return d.state === 'pending' && disputeDeadlineOf(d) <= at;
}

/** Every known authority's deadline, in name order. */
export async function disputeDeadlines(deps: EngineDeps): Promise<DisputeDeadline[]> {
  return deps.store.transaction(async (tx) => {
    const set = await readDeadlines(tx);
    return (await tx.listAuthorities()).map((authority) => ({
      authority,
      duration: set[authority] ?? DEFAULT_DISPUTE_DEADLINE,
      set: set[authority] !== undefined,
    }));
  });
}

/**
 * Sets an authority's dispute deadline (`standing authority dispute-deadline`), audited on its
 * chain (`dispute-deadline`). Disputes filed after it take the new deadline; pending ones keep
 * theirs. False when it already was so.
 */
export async function setDisputeDeadline(deps: EngineDeps, authority: string, duration: string): Promise<boolean> {
  checkAuthority(authority);
  const d = parseDuration(duration, 'duration');
  if (addDuration(0, d) <= 0)
    fail('DURATION_INVALID', 'a dispute deadline must be longer than zero', { field: 'duration' });
  return deps.store.transaction(async (tx) => {
    if (!(await tx.listAuthorities()).includes(authority))
      fail('AUTHORITY_NOT_FOUND', `no authority ${JSON.stringify(authority)} (\`standing authority add\`)`, {
        field: 'authority',
      });
    await lockChains(tx, [authority]);
    const all = await readDeadlines(tx);
    if ((all[authority] ?? DEFAULT_DISPUTE_DEADLINE) === duration && all[authority] !== undefined) return false;
    all[authority] = duration;
    await tx.setMeta(DEADLINES, JSON.stringify(all));
    await appendAudit(tx, {
      chain: authority,
      type: 'dispute-deadline',
      payload: { authority, duration },
      at: deps.clock.now(),
    });
    return true;
  });
}

/** The deadlines the operator set, as audit verify compares them with their last entries. */
export async function setDeadlines(tx: ReadTx): Promise<Record<string, string>> {
  return readDeadlines(tx);
}

/**
 * The sweep's step for one dispute whose deadline passed undecided: its subject is re-derived
 * as of the deadline (the record no longer counts), the dispute row notes it, with an audit
 * entry, and the subject is told. Dated at the deadline.
 */
export async function passDisputeDeadline(tx: StoreTx, schemes: readonly ActiveScheme[], d: DisputeRow): Promise<void> {
  const at = disputeDeadlineOf(d);
  // Listings, then chains (docs/fleet.md): re-derivation locks and appends first.
  await refreshSubjects(tx, schemes, [d.subject], at, { from: 'kept' });
  await lockChains(tx, [d.authority]);
  const out: DisputeRow = { ...d, overdueAt: at };
  await tx.updateDispute(out);
  await appendAudit(tx, {
    chain: d.authority,
    type: 'dispute-overdue',
    payload: { dispute: d.id, key: d.key, subject: d.subject, row: disputeDigest(out) },
    at,
  });
  await emit(tx, {
    type: 'dispute.overdue',
    at,
    authority: d.authority,
    subject: d.subject,
    data: { dispute: d.id, key: d.key, deadline: formatInstant(at) },
  });
  await deliver(tx, {
    subject: d.subject,
    kind: 'dispute-overdue',
    listingId: null,
    authority: d.authority,
    at,
    body: {
      dispute: d.id,
      record: `${d.authority}/${d.key}`,
      deadline: formatInstant(at),
      text: `${d.authority} did not decide your dispute of record ${d.key} by its deadline (${formatInstant(at)}): the record no longer counts in any score or list until a reviewer decides.`,
    },
  });
}
