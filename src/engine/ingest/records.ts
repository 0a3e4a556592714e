import { fail } from '../../core/errors.js';
import { checkAuthority } from '../../core/subject.js';
import type { EngineDeps } from '../deps.js';
import { sweep } from '../evaluation/sweep.js';
import { appendAudit, lockChains } from '../audit/audit.js';
import { emitRetraction } from '../webhooks/events.js';

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
