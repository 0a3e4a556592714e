import { fail } from '../../core/errors.js';
import { formatInstant } from '../../core/instant.js';
import { noticeRecords, type NoticeBody } from '../../core/notice.js';
import type { AppealRow, ListingRow } from '../../store/due-process-port.js';
import type { ReadTx, StoreTx } from '../../store/store.js';
import { personName, submittedByPerson } from '../tenancy/accounts.js';
import type { Principal } from '../../core/principal.js';
import { appendAudit, lockChains } from '../audit/audit.js';
import { appealDigest } from '../audit/row-digest.js';
import type { EngineDeps } from '../deps.js';
import { deliver, exemptFrom, moveListing, receiveNotice } from './listings.js';
import { activeSchemes } from '../evaluation/schemes.js';
import { sweep } from '../evaluation/sweep.js';
import { emit, emitRetraction } from '../webhooks/events.js';

const MAX_STATEMENT = 10_000;

export function checkStatement(text: string, field = 'statement'): string {
  const t = text.trim();
  if (t.length === 0 || t.length > MAX_STATEMENT)
    fail('STATEMENT_INVALID', `${field}: write 1 to ${MAX_STATEMENT} characters`, { field });
  return t;
}

export async function listingOf(tx: StoreTx, id: number): Promise<ListingRow> {
  const l = await tx.getListing(id);
  if (!l) fail('LISTING_NOT_FOUND', `no listing ${id}`, { field: 'listing' });
  return l;
}

export async function listDefOf(tx: ReadTx, l: ListingRow) {
  const s = (await activeSchemes(tx)).find((x) => x.ref.authority === l.authority && x.ref.scheme === l.scheme);
  return s?.compiled.lists.find((x) => x.def.id === l.list);
}

/**
 * A subject appeals its listing (SPEC §6): within the window the listing is
 * suspended until a reviewer decides; later it is reviewed while it stays active.
 */
export async function fileAppeal(
  deps: EngineDeps,
  input: { listing: number; statement: string; as: Principal },
): Promise<AppealRow> {
  const statement = checkStatement(input.statement);
  await sweep(deps);
  const at = deps.clock.now();
  return deps.store.transaction(async (tx) => {
    const notified = await listingOf(tx, input.listing);
    const filedBy = personName(input.as, 'appeal.file', { subject: notified.subject });
    const list = await listDefOf(tx, notified);
    if (list?.def.selfExclusion)
      fail(
        'SELF_EXCLUSION_LOCKED',
        `listing ${notified.id} is a self-exclusion: it has no appeal and ends at its term`,
        {
          field: 'listing',
        },
      );
    // An appeal shows the notice reached the subject: the window runs from now at the latest (SPEC §6, Receipt).
    const l = await receiveNotice(tx, notified, at, list, 'read');
    const late = at >= l.effectAt;
    const moved = await moveListing(tx, l, { type: 'appeal-filed', at }, list);
    const row: Omit<AppealRow, 'id'> = {
      listingId: l.id,
      subject: l.subject,
      authority: l.authority,
      statement,
      filedAt: at,
      filedBy,
      late,
      deadline: l.effectAt,
      state: 'pending',
      decidedBy: null,
      decidedAt: null,
      reasons: null,
      retracted: [],
      exempt: false,
    };
    const id = await tx.insertAppeal(row);
    await appendAudit(tx, {
      chain: l.authority,
      type: 'appeal',
      payload: { appeal: id, listing: l.id, subject: l.subject, late, row: appealDigest({ id, ...row }) },
      at,
    });
    await emit(tx, {
      type: 'appeal.filed',
      at,
      authority: l.authority,
      subject: l.subject,
      data: { appeal: id, listing: l.id, late, listingState: moved.state },
    });
    await deliver(tx, {
      subject: l.subject,
      kind: 'appeal-received',
      listingId: l.id,
      authority: l.authority,
      at,
      body: {
        appeal: id,
        listing: l.id,
        late,
        state: moved.state,
        text: late
          ? 'Your appeal was received after the effect instant: a human reviewer will decide it; the sanctions apply meanwhile.'
          : 'Your appeal was received in time: the sanctions are suspended until a human reviewer decides.',
      },
    });
    return { id, ...row };
  });
}

export interface AppealDecision {
  readonly appeal: number;
  readonly outcome: 'uphold' | 'overturn';
  readonly reasons: string;
  /** Keys of the deciding authority's records to retract (overturn only). */
  readonly retract?: readonly string[];
  /** Exempt the subject from this list until a newer record qualifies it again (overturn only). */
  readonly exempt?: boolean;
  /** The deciding reviewer, as the edge authenticated it. */
  readonly as: Principal;
}

/** The facts a listing's notice rests on. */
export async function noticeOf(tx: StoreTx, l: ListingRow): Promise<NoticeBody | undefined> {
  return (await tx.noticeOf(l.id))?.body;
}

/**
 * The four-eyes rule (SPEC §6): nobody decides a case resting on a record they submitted, or
 * that a key they created submitted (REVIEW_CONFLICT). First appeals and second instances alike.
 */
export async function requireFourEyes(tx: StoreTx, l: ListingRow, by: string): Promise<void> {
  const notice = await noticeOf(tx, l);
  for (const r of notice ? noticeRecords(notice.facts) : []) {
    const rec = await tx.getRecord(r.authority, r.key);
    if (rec !== undefined && (await submittedByPerson(tx, rec.submittedBy, by))) {
      fail(
        'REVIEW_CONFLICT',
        `${by} submitted record ${r.authority}/${r.key} (or created the key that did), which this case rests on; another reviewer must decide`,
        { field: 'as' },
      );
    }
  }
  // The account that opened a listing by decision may not review it (SPEC §6), nor through a key it created.
  const decision = await tx.manualListingOf(l.id);
  if (decision !== undefined && (await submittedByPerson(tx, decision.by, by)))
    fail('REVIEW_CONFLICT', `${by} opened listing ${l.id} by decision ${decision.key}; another reviewer must decide`, {
      field: 'as',
    });
}

/**
 * A human reviewer of the listing's authority decides an appeal with written reasons
 * (SPEC §6): a person signed in, never an API key (REVIEWER_MUST_BE_HUMAN). The four-eyes
 * rule: nobody decides a case resting on a record they submitted, or that a key they created submitted.
 */
export async function decideAppeal(deps: EngineDeps, d: AppealDecision): Promise<AppealRow> {
  const reasons = checkStatement(d.reasons, 'reasons');
  const retract = [...new Set(d.retract ?? [])];
  if (d.outcome === 'uphold' && (retract.length > 0 || d.exempt)) {
    fail('REVIEW_INVALID', 'only an overturn can retract records or exempt the subject', { field: 'outcome' });
  }
  await sweep(deps);
  const at = deps.clock.now();
  const decided = await deps.store.transaction(async (tx) => {
    const a = await tx.getAppeal(d.appeal);
    if (!a) fail('APPEAL_NOT_FOUND', `no appeal ${d.appeal}`, { field: 'appeal' });
    if (a.state !== 'pending')
      fail('APPEAL_DECIDED', `appeal ${a.id} was already decided (${a.state})`, { field: 'appeal' });
    const by = personName(d.as, 'appeal.decide', { authority: a.authority });
    // Dirty mark, listing, chain, records: the order every writer takes its locks in (docs/fleet.md).
    if (retract.length > 0) await tx.markDirty([a.subject]);
    const l = await listingOf(tx, a.listingId);
    await requireFourEyes(tx, l, by);
    if (retract.length > 0) await lockChains(tx, [a.authority]);
    for (const key of retract) {
      const rec = await tx.getRecord(a.authority, key);
      if (!rec || rec.subject !== a.subject)
        fail('REVIEW_INVALID', `${a.authority}/${key} is not a record of ${a.authority} about ${a.subject}`, {
          field: 'retract',
        });
      // Retracted through another server meanwhile: the update changes nothing and there is nothing to audit.
      if (
        rec.retractedAt === null &&
        (await tx.retractRecord({
          authority: a.authority,
          key,
          reason: `appeal ${a.id} overturned: ${reasons}`,
          at,
          by,
        }))
      ) {
        await appendAudit(tx, {
          chain: a.authority,
          type: 'retraction',
          payload: { key, reason: `appeal ${a.id} overturned: ${reasons}`, by },
          at,
        });
        await emitRetraction(tx, { authority: a.authority, key, subject: a.subject, reason: 'appeal-overturned', at });
      }
    }
    const list = await listDefOf(tx, l);
    const state = d.outcome === 'uphold' ? 'upheld' : 'overturned';
    let listingState = l.state;
    if (l.state !== 'ended') {
      listingState = (await moveListing(tx, l, { type: state, at }, list)).state;
    }
    if (d.outcome === 'overturn' && d.exempt) {
      await exemptFrom(tx, l, at);
    }
    const row: AppealRow = {
      ...a,
      state,
      decidedBy: by,
      decidedAt: at,
      reasons,
      retracted: retract,
      exempt: d.exempt === true,
    };
    await tx.updateAppeal(row);
    await appendAudit(tx, {
      chain: a.authority,
      type: 'decision',
      payload: { case: 'appeal', id: a.id, outcome: state, by, reasons, row: appealDigest(row) },
      at,
    });
    await emit(tx, {
      type: 'appeal.decided',
      at,
      authority: a.authority,
      subject: a.subject,
      data: {
        appeal: a.id,
        listing: l.id,
        outcome: state,
        listingState,
        retracted: retract.length,
        exempt: d.exempt === true,
      },
    });
    const effect =
      d.outcome === 'overturn'
        ? `The listing has ended${retract.length ? `; records retracted: ${retract.join(', ')}` : ''}${d.exempt ? '; you are exempt from this list until a newer record qualifies you again' : ''}.`
        : listingState === 'active'
          ? 'The listing is active and its sanctions apply.'
          : `The listing takes effect at ${formatInstant(l.effectAt)}.`;
    await deliver(tx, {
      subject: a.subject,
      kind: 'appeal-decided',
      listingId: l.id,
      authority: a.authority,
      at,
      body: {
        appeal: a.id,
        listing: l.id,
        outcome: state,
        reasons,
        decidedBy: 'a human reviewer',
        text: `Your appeal was ${state}. ${effect}`,
      },
    });
    return row;
  });
  // Retracted records change the subject's evaluation at once; otherwise the sweep before was the only one needed.
  if (retract.length > 0) await sweep(deps);
  return decided;
}
