import { fail } from '../../core/errors.js';
import { checkAuthority } from '../../core/subject.js';
import type { ReadTx } from '../../store/store.js';
import type { EngineDeps } from '../deps.js';
import { sweep } from '../evaluation/sweep.js';
import { appendAudit, lockChains } from '../audit/audit.js';
import { emitRetraction } from '../webhooks/events.js';
import { disputeMark } from '../evaluation/disputed.js';
import { staffRecordView, type StaffRecordView } from './record-view.js';

export interface RetractOptions {
  readonly authority: string;
  readonly key: string;
  readonly reason: string;
  readonly by?: string | null;
}

/** Retracts a record (SPEC §2): it stops counting, stays in the history, and its subject is re-evaluated. */
export async function retractRecord(deps: EngineDeps, options: RetractOptions): Promise<{ subject: string }> {
  checkAuthority(options.authority);
  if (options.reason.trim().length === 0)
    fail('ARGUMENT_INVALID', '--reason: a retraction needs a reason', { field: 'reason' });
  const at = deps.clock.now();
  const subject = await deps.store.transaction(async (tx) => {
    const rec = await tx.getRecord(options.authority, options.key);
    if (!rec) fail('RECORD_NOT_FOUND', `no record ${options.authority}/${options.key}`, { field: 'key' });
    const already = (): never =>
      fail('RECORD_ALREADY_RETRACTED', `record ${options.authority}/${options.key} was retracted already`, {
        field: 'key',
      });
    if (rec.retractedAt !== null) already();
    // Dirty mark, chain, record: the order every writer takes its locks in (docs/fleet.md).
    await tx.markDirty([rec.subject]);
    await lockChains(tx, [options.authority]);
    // Retracted through another server since the read above: the update finds nothing to change.
    if (
      !(await tx.retractRecord({
        authority: options.authority,
        key: options.key,
        reason: options.reason,
        at,
        by: options.by ?? null,
      }))
    )
      already();
    await appendAudit(tx, {
      chain: options.authority,
      type: 'retraction',
      payload: { key: options.key, reason: options.reason, by: options.by ?? null },
      at,
    });
    await emitRetraction(tx, {
      authority: options.authority,
      key: options.key,
      subject: rec.subject,
      reason: 'retracted',
      at,
    });
    return rec.subject;
  });
  await sweep(deps);
  return { subject };
}

/** A record and its pending dispute, if any, as staff read it; RECORD_NOT_FOUND when there is none. */
async function staffRecordOf(tx: ReadTx, authority: string, key: string, now: number): Promise<StaffRecordView> {
  const rec = await tx.getRecord(authority, key);
  if (!rec) fail('RECORD_NOT_FOUND', `no record ${authority}/${key}`, { field: 'key' });
  const pending = (await tx.disputesOf({ authority, key, state: 'pending' }))[0];
  return staffRecordView(rec, pending === undefined ? null : disputeMark(pending, now));
}

/**
 * One record as staff of its authority read it, with the mark of its pending dispute if any
 * (SPEC §6: marked `disputed` wherever shown). Throws RECORD_NOT_FOUND.
 */
export async function readRecord(deps: EngineDeps, authority: string, key: string): Promise<StaffRecordView> {
  return deps.store.read((tx) => staffRecordOf(tx, authority, key, deps.clock.now()));
}

/**
 * Retracts a record (`retractRecord`) and answers it as it now stands. The record is read back
 * in a snapshot, which reads the primary: a read replica may not have the retraction yet.
 */
export async function retractAndRead(deps: EngineDeps, options: RetractOptions): Promise<StaffRecordView> {
  await retractRecord(deps, options);
  return deps.store.snapshot((tx) => staffRecordOf(tx, options.authority, options.key, deps.clock.now()));
}
