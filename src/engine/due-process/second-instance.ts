import { addDuration, parseDuration } from '../../core/duration.js';
import { fail, isStandingError } from '../../core/errors.js';
import { formatInstant } from '../../core/instant.js';
import { DEFAULT_SECOND_INSTANCE } from '../../core/notice.js';
import type { CompiledList } from '../../core/scheme-types.js';
import type { AppealRow } from '../../store/due-process-port.js';
import type { SecondInstanceRow, SecondInstanceState } from '../../store/second-instance-port.js';
import type { ReadTx } from '../../store/store.js';
import { authorize } from '../../core/policy.js';
import { appendAudit } from '../audit/audit.js';
import { secondInstanceDigest } from '../audit/row-digest.js';
import type { EngineDeps } from '../deps.js';
import { sweep } from '../evaluation/sweep.js';
import { personName } from '../tenancy/accounts.js';
import type { Principal } from '../../core/principal.js';
import { appealBodyOf } from './appeal-bodies.js';
import { checkStatement, listDefOf, listingOf, requireFourEyes } from './appeals.js';
import { deliver, endListing, exemptFrom, moveListing } from './listings.js';

/**
 * Second instance (SPEC §6): after an upheld appeal the subject may, within the list's
 * `secondInstance` (default P10D from the first decision), ask for a second review, by a
 * reviewer of the appeal body the operator named for the authority, else by a reviewer of the
 * authority who took no part in the first decision. Not suspensive unless the list says
 * `secondInstanceSuspends: true`. Overturn ends the listing, exempts the subject and tells every
 * relying party that checked it while the listing was in force.
 */

/** The window of a list's second instance. */
export function windowOf(list: CompiledList | undefined): string {
  return list?.secondInstance.text ?? DEFAULT_SECOND_INSTANCE;
}

/** Whether a second instance of this appeal may still be asked, and until when (what the portal offers). */
export interface SecondInstanceOffer {
  readonly appeal: number;
  readonly available: boolean;
  /** The window's end (first decision + `secondInstance`), when the appeal was upheld. */
  readonly deadline: number | null;
  readonly within: string;
  readonly suspends: boolean;
  /** Who would decide: the appeal body, or null (a reviewer of the authority not in the first decision). */
  readonly body: string | null;
  /** The second instance asked, if any. */
  readonly asked: SecondInstanceRow | null;
}

export async function offerOf(tx: ReadTx, a: AppealRow, at: number): Promise<SecondInstanceOffer> {
  const l = await tx.getListing(a.listingId);
  const list = l ? await listDefOf(tx, l) : undefined;
  const within = windowOf(list);
  const deadline =
    a.state === 'upheld' && a.decidedAt !== null ? addDuration(a.decidedAt, parseDuration(within)) : null;
  const asked = (await tx.secondInstancesOf({ appealId: a.id }))[0] ?? null;
  return {
    appeal: a.id,
    available: deadline !== null && at < deadline && asked === null && l !== undefined && l.state !== 'ended',
    deadline,
    within,
    suspends: list?.def.secondInstanceSuspends === true,
    body: (await appealBodyOf(tx, a.authority)) ?? null,
    asked,
  };
}

/** A subject's appeals with what each offers for a second instance. */
export async function offersOf(deps: EngineDeps, subject: string): Promise<SecondInstanceOffer[]> {
  const at = deps.clock.now();
  return deps.store.read(async (tx) => {
    const out: SecondInstanceOffer[] = [];
    for (const a of await tx.appealsOf({ subject })) out.push(await offerOf(tx, a, at));
    return out;
  });
}

/** The subject asks for a second instance of its upheld appeal. */
export async function requestSecondInstance(
  deps: EngineDeps,
  input: { appeal: number; statement: string; as: Principal },
): Promise<SecondInstanceRow> {
  const statement = checkStatement(input.statement);
  await sweep(deps);
  const at = deps.clock.now();
  return deps.store.transaction(async (tx) => {
    const a = await tx.getAppeal(input.appeal);
    if (!a) fail('APPEAL_NOT_FOUND', `no appeal ${input.appeal}`, { field: 'appeal' });
    const filedBy = personName(input.as, 'second-instance.request', { subject: a.subject });
    if (a.state !== 'upheld' || a.decidedAt === null || a.decidedBy === null)
      fail('SECOND_INSTANCE_UNAVAILABLE', `appeal ${a.id} is ${a.state}: a second instance follows an upheld appeal`, {
        field: 'appeal',
      });
    const l = await listingOf(tx, a.listingId);
    if (l.state === 'ended')
      fail('SECOND_INSTANCE_UNAVAILABLE', `listing ${l.id} has ended (${l.endReason ?? 'ended'}): nothing to review`, {
        field: 'appeal',
      });
    const list = await listDefOf(tx, l);
    const offer = await offerOf(tx, a, at);
    if (offer.asked !== null)
      fail('SECOND_INSTANCE_EXISTS', `a second instance of appeal ${a.id} was asked already (${offer.asked.id})`, {
        field: 'appeal',
      });
    if (offer.deadline === null || at >= offer.deadline)
      fail(
        'SECOND_INSTANCE_TOO_LATE',
        `the window for a second instance (${offer.within} from the decision) closed at ${formatInstant(offer.deadline ?? at)}`,
        { field: 'appeal' },
      );
    const moved = await moveListing(tx, l, { type: 'second-instance-filed', at, suspends: offer.suspends }, list);
    const row: Omit<SecondInstanceRow, 'id'> = {
      appealId: a.id,
      listingId: l.id,
      subject: a.subject,
      authority: a.authority,
      reviewers: offer.body ?? a.authority,
      firstReviewer: a.decidedBy,
      statement,
      filedAt: at,
      filedBy,
      deadline: offer.deadline,
      suspends: offer.suspends,
      state: 'pending',
      decidedBy: null,
      decidedAt: null,
      reasons: null,
      exempt: false,
    };
    const id = await tx.insertSecondInstance(row);
    if (id === undefined)
      fail('SECOND_INSTANCE_EXISTS', `a second instance of appeal ${a.id} was asked already`, { field: 'appeal' });
    const full: SecondInstanceRow = { id, ...row };
    await appendAudit(tx, {
      chain: a.authority,
      type: 'second-instance',
      payload: {
        'second-instance': id,
        appeal: a.id,
        listing: l.id,
        subject: a.subject,
        reviewers: full.reviewers,
        row: secondInstanceDigest(full),
      },
      at,
    });
    const who =
      offer.body !== null
        ? `a reviewer of ${offer.body}, the appeal body for ${a.authority}`
        : `a reviewer of ${a.authority} who took no part in the first decision`;
    await deliver(tx, {
      subject: a.subject,
      kind: 'second-instance-received',
      listingId: l.id,
      authority: a.authority,
      at,
      body: {
        'second-instance': id,
        appeal: a.id,
        listing: l.id,
        state: moved.state,
        reviewers: full.reviewers,
        text: `Your request for a second instance was received: ${who} will decide it. ${
          moved.state === 'suspended'
            ? 'The sanctions are suspended until then.'
            : 'The listing stays as it is meanwhile (a second instance does not suspend it under this scheme).'
        }`,
      },
    });
    return full;
  });
}

export interface SecondInstanceDecision {
  readonly id: number;
  readonly outcome: 'uphold' | 'overturn';
  readonly reasons: string;
  readonly as: Principal;
}

/**
 * A human reviewer decides a second instance: of the appeal body it went to, else of the
 * authority and not the reviewer of the first decision (SECOND_INSTANCE_REVIEWER); four-eyes
 * and REVIEWER_MUST_BE_HUMAN as for first appeals. Uphold: the listing continues (a suspended
 * one is active again at the later of the decision and the effect instant). Overturn: the
 * listing ends through endListing, the subject is exempt from the list as after an overturned
 * appeal, and every relying party that checked it while in force is told.
 */
export async function decideSecondInstance(deps: EngineDeps, d: SecondInstanceDecision): Promise<SecondInstanceRow> {
  const reasons = checkStatement(d.reasons, 'reasons');
  await sweep(deps);
  const at = deps.clock.now();
  return deps.store.transaction(async (tx) => {
    const s = await tx.getSecondInstance(d.id);
    if (!s) fail('SECOND_INSTANCE_NOT_FOUND', `no second instance ${d.id}`, { field: 'id' });
    if (s.state !== 'pending')
      fail('APPEAL_DECIDED', `second instance ${s.id} was already decided (${s.state})`, { field: 'id' });
    const by = requireSecondReviewer(d.as, s);
    const l = await listingOf(tx, s.listingId);
    await requireFourEyes(tx, l, by);
    const list = await listDefOf(tx, l);
    const state: SecondInstanceState = d.outcome === 'uphold' ? 'upheld' : 'overturned';
    let told: string[] = [];
    let listingState = l.state;
    if (l.state !== 'ended' && d.outcome === 'uphold') {
      listingState = (await moveListing(tx, l, { type: 'upheld', at }, list)).state;
    } else if (l.state !== 'ended') {
      const first = await tx.getAppeal(s.appealId);
      // In force from the effect instant, or (an appeal in time suspended it) from the first decision; until now, or until a suspending second instance.
      const from =
        first && !first.late && first.decidedAt !== null ? Math.max(l.effectAt, first.decidedAt) : l.effectAt;
      told = await endListing(tx, l, 'overturned', at, list, {
        text: `On second instance a reviewer overturned the listing: it has ended and its sanctions no longer apply. Reasons: ${reasons}`,
        lifted: { cause: `second-instance:${s.id}`, inForce: { from, to: s.suspends ? s.filedAt : at } },
      });
      listingState = 'ended';
      await exemptFrom(tx, l, at);
    }
    const row: SecondInstanceRow = {
      ...s,
      state,
      decidedBy: by,
      decidedAt: at,
      reasons,
      exempt: d.outcome === 'overturn',
    };
    await tx.updateSecondInstance(row);
    await appendAudit(tx, {
      chain: s.authority,
      type: 'decision',
      payload: { case: 'second-instance', id: s.id, outcome: state, by, reasons, row: secondInstanceDigest(row) },
      at,
    });
    const effect =
      d.outcome === 'overturn'
        ? `The listing has ended and you are exempt from this list until a newer record qualifies you again. ${
            told.length === 0
              ? 'No relying party checked you while it was in force, so none needed telling.'
              : `These relying parties, which checked you while it was in force, were told the sanction was lifted: ${told.join(', ')}.`
          }`
        : listingState === 'active'
          ? 'The listing is active and its sanctions apply.'
          : `The listing takes effect at ${formatInstant(l.effectAt)}.`;
    await deliver(tx, {
      subject: s.subject,
      kind: 'second-instance-decided',
      listingId: l.id,
      authority: s.authority,
      at,
      body: {
        'second-instance': s.id,
        appeal: s.appealId,
        listing: l.id,
        outcome: state,
        reasons,
        decidedBy: `a human reviewer of ${s.reviewers}`,
        told,
        text: `Your second instance was ${state}. ${effect}`,
      },
    });
    return row;
  });
}

/**
 * Who may decide a second instance: a reviewer (a person) of the authority it went to and,
 * whether or not that is an appeal body, never the reviewer who decided the first appeal.
 */
function requireSecondReviewer(actor: Principal, s: SecondInstanceRow): string {
  let by: string;
  try {
    by = personName(actor, 'second-instance.decide', { authority: s.reviewers });
  } catch (e) {
    if (isStandingError(e) && e.code === 'FORBIDDEN')
      fail(
        'SECOND_INSTANCE_REVIEWER',
        s.reviewers === s.authority
          ? `second instance ${s.id} is decided by a reviewer of ${s.authority} who took no part in the first decision`
          : `second instance ${s.id} is decided by a reviewer of ${s.reviewers}, the appeal body for ${s.authority}`,
        { field: 'as' },
      );
    throw e;
  }
  if (by === s.firstReviewer)
    fail(
      'SECOND_INSTANCE_REVIEWER',
      `${by} decided the first appeal (${s.appealId}); a reviewer who took no part in it must decide the second instance`,
      { field: 'as' },
    );
  return by;
}

/** The second-instance queue of one authority's reviewers (pending by default), earliest deadline first. */
export async function secondInstanceQueue(
  tx: ReadTx,
  filter: { reviewers?: string; state?: SecondInstanceState },
): Promise<SecondInstanceRow[]> {
  return tx.secondInstancesOf({
    ...(filter.reviewers ? { reviewers: filter.reviewers } : {}),
    state: filter.state ?? 'pending',
  });
}

/**
 * The second-instance queue `as` may read (`standing review second-instances`): a reviewer,
 * its own authority's; the operator, every authority's (or the one named).
 */
export async function secondInstanceQueueFor(
  deps: EngineDeps,
  as: Principal,
  filter: { authority?: string; state?: SecondInstanceState },
): Promise<SecondInstanceRow[]> {
  const me = authorize(as, 'second-instance.queue');
  const reviewers = me.type === 'staff' ? me.authority : filter.authority;
  return deps.store.read((tx) =>
    secondInstanceQueue(tx, { ...(reviewers ? { reviewers } : {}), ...(filter.state ? { state: filter.state } : {}) }),
  );
}

/**
 * Decides a second instance (as decideSecondInstance) and names the relying parties told
 * that its overturning lifted a sanction they had seen (`standing review second-instance`).
 */
export async function decideSecondInstanceAndTell(
  deps: EngineDeps,
  d: SecondInstanceDecision,
): Promise<{ row: SecondInstanceRow; told: string[] }> {
  const row = await decideSecondInstance(deps, d);
  const told = await deps.store.read((tx) => tx.liftedNoticesOf({ subject: row.subject }));
  return { row, told: told.filter((n) => n.cause === `second-instance:${row.id}`).map((n) => n.party) };
}
