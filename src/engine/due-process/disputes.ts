import { fail } from '../../core/errors.js';
import type { DisputeRow } from '../../store/due-process-port.js';
import { personName, submittedByPerson } from '../tenancy/accounts.js';
import type { Principal } from '../../core/principal.js';
import { checkStatement } from './appeals.js';
import { appendAudit, lockChains } from '../audit/audit.js';
import { disputeDigest } from '../audit/row-digest.js';
import type { EngineDeps } from '../deps.js';
import { deliver } from './listings.js';
import { sweep } from '../evaluation/sweep.js';
import { addDuration, parseDuration } from '../../core/duration.js';
import { formatInstant } from '../../core/instant.js';
import { disputeDeadlineFor } from './dispute-deadlines.js';
import { emit, emitRetraction } from '../webhooks/events.js';

/** A subject disputes a record about it with the reporting authority (SPEC §6). */
export async function fileDispute(
  deps: EngineDeps,
  input: { authority: string; key: string; statement: string; as: Principal },
): Promise<DisputeRow> {
  const statement = checkStatement(input.statement);
  const at = deps.clock.now();
  return deps.store.transaction(async (tx) => {
    const rec = await tx.getRecord(input.authority, input.key);
    if (!rec) fail('RECORD_NOT_FOUND', `no record ${input.authority}/${input.key}`, { field: 'key' });
    const filedBy = personName(input.as, 'dispute.file', { subject: rec.subject });
    if (rec.retractedAt !== null)
      fail('RECORD_ALREADY_RETRACTED', `record ${input.authority}/${input.key} is already retracted`, { field: 'key' });
    const exists = (): never =>
      fail('DISPUTE_EXISTS', `record ${input.authority}/${input.key} already has an open dispute`, { field: 'key' });
    if ((await tx.disputesOf({ authority: rec.authority, key: rec.key, state: 'pending' })).length > 0) exists();
    // The authority's deadline as it is now, fixed for this dispute (docs/decisions.md, Dispute deadlines).
    const deadlineAt = addDuration(at, parseDuration(await disputeDeadlineFor(tx, rec.authority)));
    const row: Omit<DisputeRow, 'id'> = {
      authority: rec.authority,
      key: rec.key,
      subject: rec.subject,
      statement,
      filedAt: at,
      filedBy,
      state: 'pending',
      decidedBy: null,
      decidedAt: null,
      reasons: null,
      deadlineAt,
      overdueAt: null,
    };
    // Filed at the same moment through another server: the store keeps one pending dispute per record.
    const id = (await tx.insertDispute(row)) ?? exists();
    // Dirty mark, then chain (docs/fleet.md): the subject's next change now includes the deadline.
    await tx.markDirty([rec.subject]);
    await lockChains(tx, [rec.authority]);
    await appendAudit(tx, {
      chain: rec.authority,
      type: 'dispute',
      payload: { dispute: id, key: rec.key, subject: rec.subject, row: disputeDigest({ id, ...row }) },
      at,
    });
    await emit(tx, {
      type: 'dispute.opened',
      at,
      authority: rec.authority,
      subject: rec.subject,
      data: { dispute: id, key: rec.key, deadline: formatInstant(deadlineAt) },
    });
    await deliver(tx, {
      subject: rec.subject,
      kind: 'dispute-received',
      listingId: null,
      authority: rec.authority,
      at,
      body: {
        dispute: id,
        record: `${rec.authority}/${rec.key}`,
        deadline: formatInstant(deadlineAt),
        text: `Your dispute of record ${rec.key} was received; a reviewer of ${rec.authority} will retract or confirm it with reasons by ${formatInstant(deadlineAt)}. If they do not, the record stops counting until they decide.`,
      },
    });
    return { id, ...row };
  });
}

/** A human reviewer of the reporting authority (never an API key) retracts or confirms a disputed record, with reasons. */
export async function decideDispute(
  deps: EngineDeps,
  d: { dispute: number; outcome: 'retract' | 'confirm'; reasons: string; as: Principal },
): Promise<DisputeRow> {
  const reasons = checkStatement(d.reasons, 'reasons');
  const at = deps.clock.now();
  const row = await deps.store.transaction(async (tx) => {
    const x = await tx.getDispute(d.dispute);
    if (!x) fail('DISPUTE_NOT_FOUND', `no dispute ${d.dispute}`, { field: 'dispute' });
    if (x.state !== 'pending')
      fail('APPEAL_DECIDED', `dispute ${x.id} was already decided (${x.state})`, { field: 'dispute' });
    const by = personName(d.as, 'dispute.decide', { authority: x.authority });
    const rec = await tx.getRecord(x.authority, x.key);
    if (rec !== undefined && (await submittedByPerson(tx, rec.submittedBy, by)))
      fail(
        'REVIEW_CONFLICT',
        `${by} submitted record ${x.authority}/${x.key} (or created the key that did); another reviewer must decide`,
        { field: 'as' },
      );
    const state = d.outcome === 'retract' ? 'retracted' : 'confirmed';
    // Dirty mark, chain, record: the order every writer takes its locks in (docs/fleet.md). Either
    // outcome re-derives the subject: a confirmed record past its deadline counts again.
    await tx.markDirty([x.subject]);
    await lockChains(tx, [x.authority]);
    if (d.outcome === 'retract' && rec && rec.retractedAt === null) {
      const reason = `dispute ${x.id} upheld: ${reasons}`;
      // A retraction through another server may have come first: then there is nothing to retract or audit.
      if (await tx.retractRecord({ authority: x.authority, key: x.key, reason, at, by })) {
        await appendAudit(tx, { chain: x.authority, type: 'retraction', payload: { key: x.key, reason, by }, at });
        await emitRetraction(tx, {
          authority: x.authority,
          key: x.key,
          subject: x.subject,
          reason: 'dispute-upheld',
          at,
        });
      }
    }
    const out: DisputeRow = { ...x, state, decidedBy: by, decidedAt: at, reasons };
    await tx.updateDispute(out);
    await appendAudit(tx, {
      chain: x.authority,
      type: 'decision',
      payload: { case: 'dispute', id: x.id, outcome: state, by, reasons, row: disputeDigest(out) },
      at,
    });
    await emit(tx, {
      type: 'dispute.decided',
      at,
      authority: x.authority,
      subject: x.subject,
      data: { dispute: x.id, key: x.key, outcome: state },
    });
    await deliver(tx, {
      subject: x.subject,
      kind: 'dispute-decided',
      listingId: null,
      authority: x.authority,
      at,
      body: {
        dispute: x.id,
        record: `${x.authority}/${x.key}`,
        outcome: state,
        reasons,
        text: `Your dispute of record ${x.key} was decided: the record is ${state}.`,
      },
    });
    return out;
  });
  await sweep(deps);
  return row;
}
