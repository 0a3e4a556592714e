import { parseDuration, type Duration } from '../../core/duration.js';
import { formatInstant } from '../../core/instant.js';
import type { Evaluation } from '../../core/evaluate.js';
import type { Verdict } from '../../core/evaluate-matched.js';
import {
  DEFAULT_MAX_TERM,
  newListing,
  nextDue,
  provisionalEffect,
  RECEIPT_DEFAULT_MS,
  sanctionsApply,
  transition,
  type EndReason,
  type ListingCore,
  type ListingEvent,
} from '../../core/listing-machine.js';
import { buildNotice, noticeRecords, type NoticeBody } from '../../core/notice.js';
import { canonicalJson, type EvalRecord } from '../../core/record.js';
import type { CompiledList } from '../../core/scheme-types.js';
import type { ActiveSanctionRow, ListingRow, MessageRow, NewMessage } from '../../store/due-process-port.js';
import type { ReadTx, StoreTx } from '../../store/store.js';
import { appendAudit } from '../audit/audit.js';
import { messageDigestOf } from '../audit/row-digest.js';
import { tellSanctionLifted } from './lifted.js';
import type { ActiveScheme } from '../evaluation/schemes.js';
import { queueNoticeMail } from '../mail/outbox.js';
import { emit, partiesWhoChecked } from '../webhooks/events.js';

type Delivery = Omit<MessageRow, 'id' | 'body'> & { readonly body: object };

/** Delivers a message to the subject's inbox and audits it; with deliverNotice, the one place messages are written. */
export async function deliver(tx: StoreTx, m: Omit<NewMessage, 'bodyJson'>): Promise<number> {
  // One serialisation of the body: its canonical JSON is both the text stored and what the hash covers.
  const bodyJson = canonicalJson(m.body);
  return audited(tx, { ...m, id: await tx.insertMessage({ ...m, bodyJson }) }, bodyJson);
}

/** Delivers a listing's notice (SPEC §6): its typed row and its inbox slot, audited as every message is. */
export async function deliverNotice(
  tx: StoreTx,
  n: { readonly subject: string; readonly authority: string; readonly at: number; readonly body: NoticeBody },
): Promise<number> {
  const bodyJson = canonicalJson(n.body);
  const id = await tx.insertNotice({ ...n, bodyJson });
  return audited(tx, { ...n, id, kind: 'notice', listingId: n.body.listing }, bodyJson);
}

async function audited(tx: StoreTx, m: Delivery & { readonly id: number }, bodyJson: string): Promise<number> {
  await appendAudit(tx, {
    chain: m.authority,
    type: 'notice',
    payload: {
      message: m.id,
      listing: m.listingId,
      subject: m.subject,
      kind: m.kind,
      hash: messageDigestOf(m, bodyJson),
    },
    at: m.at,
  });
  return m.id;
}

export function sanctionRows(l: ListingRow, list: CompiledList | undefined, since: number): ActiveSanctionRow[] {
  return (list?.def.sanctions ?? []).map((s) => ({
    listingId: l.id,
    subject: l.subject,
    action: s.action,
    effect: s.effect,
    limit: s.limit ?? null,
    authority: l.authority,
    scheme: l.scheme,
    list: l.list,
    since,
  }));
}

/** The data of a listing.* event: instants in RFC 3339, no score, grade or record. */
function listingData(c: {
  listing: number;
  scheme: string;
  list: string;
  from: string | null;
  to: string;
  reason?: string;
  effectAt: number;
  activeSince: number | null;
  endedAt: number | null;
}): Record<string, unknown> {
  const when = (t: number | null): string | null => (t === null ? null : formatInstant(t));
  return {
    listing: c.listing,
    scheme: c.scheme,
    list: c.list,
    from: c.from,
    to: c.to,
    reason: c.reason ?? null,
    effectAt: when(c.effectAt),
    activeSince: when(c.activeSince),
    endedAt: when(c.endedAt),
  };
}

const sanctionsOf = (list: CompiledList | undefined) =>
  (list?.def.sanctions ?? []).map((s) => ({ action: s.action, effect: s.effect }));

/** A listing's sanctions came into force: told to the relying parties that checked the subject for one of them. */
async function sanctionInForce(tx: StoreTx, l: ListingRow, list: CompiledList | undefined, at: number): Promise<void> {
  const actions = sanctionsOf(list);
  await emit(tx, {
    type: 'sanction.in-force',
    at,
    authority: l.authority,
    subject: l.subject,
    data: { listing: l.id, actions, since: formatInstant(at) },
    parties: await partiesWhoChecked(
      tx,
      l.subject,
      actions.map((a) => a.action),
      null,
      at,
    ),
  });
}

/**
 * A listing in force ended or was overturned (SPEC §6, Sanction lifted): every relying party
 * that checked the subject for an action it sanctioned while it was in force is told, and the
 * subject is told who was.
 */
async function sanctionLifted(tx: StoreTx, l: ListingRow, list: CompiledList | undefined, at: number): Promise<void> {
  const actions = sanctionsOf(list);
  const told = await partiesWhoChecked(
    tx,
    l.subject,
    list === undefined ? null : actions.map((a) => a.action),
    l.activeSince ?? l.effectAt,
    at,
  );
  await emit(tx, {
    type: 'sanction.lifted',
    at,
    authority: l.authority,
    subject: l.subject,
    data: { listing: l.id, actions, liftedAt: formatInstant(at) },
    parties: told,
  });
  await deliver(tx, {
    subject: l.subject,
    kind: 'sanction-lifted',
    listingId: l.id,
    authority: l.authority,
    at,
    body: {
      listing: l.id,
      list: l.list,
      scheme: l.scheme,
      told,
      text:
        told.length === 0
          ? 'The sanctions of this listing no longer apply. No relying party checked you for them while they were in force, so none had to be told.'
          : `The sanctions of this listing no longer apply. These relying parties checked you for them while they were in force and have been told: ${told.join(', ')}.`,
    },
  });
}

/**
 * Moves a listing through the state machine, stores it, keeps its sanctions in force
 * exactly while it is active, audits the transition and tells the subject.
 */
export async function moveListing(
  tx: StoreTx,
  listing: ListingRow,
  event: ListingEvent,
  list: CompiledList | undefined,
  message?: { kind: NewMessage['kind']; body: Record<string, unknown> },
): Promise<ListingRow> {
  const next: ListingCore = transition(listing, event);
  const row: ListingRow = { ...listing, ...next };
  await tx.updateListing(listing.id, next);
  if (sanctionsApply(next) !== sanctionsApply(listing)) {
    await tx.replaceSanctions(
      listing.id,
      sanctionsApply(next) ? sanctionRows(row, list, next.activeSince ?? event.at) : [],
    );
  }
  if (next.state !== listing.state) {
    const change = {
      listing: listing.id,
      subject: listing.subject,
      scheme: listing.scheme,
      list: listing.list,
      from: listing.state,
      to: next.state,
      reason: event.type === 'ended' ? event.reason : event.type,
      effectAt: next.effectAt,
      activeSince: next.activeSince,
      endedAt: next.endedAt,
    };
    await appendAudit(tx, { chain: listing.authority, type: 'listing', payload: change, at: event.at });
    await emit(tx, {
      type: `listing.${next.state}`,
      at: event.at,
      authority: listing.authority,
      subject: listing.subject,
      data: listingData(change),
    });
  }
  if (message)
    await deliver(tx, {
      subject: listing.subject,
      kind: message.kind,
      listingId: listing.id,
      authority: listing.authority,
      at: event.at,
      body: message.body,
    });
  // After the state's own message: the subject reads that the listing ended, then who was told.
  if (sanctionsApply(next) !== sanctionsApply(listing)) {
    if (sanctionsApply(next)) await sanctionInForce(tx, row, list, event.at);
    else await sanctionLifted(tx, listing, list, event.at);
  }
  return row;
}

const END_TEXT: Record<EndReason, string> = {
  overturned: 'A reviewer overturned the listing; it has ended and its sanctions no longer apply.',
  'condition-stopped':
    'The list condition no longer holds (records lapsed or were retracted); the listing has ended and its sanctions no longer apply.',
  'consent-withdrawn': 'You withdrew your consent from this scheme; the listing has ended.',
  'version-changed':
    'A new version of the scheme changed this list; the listing has ended. If you qualify under the new version you will receive a new notice and appeal window.',
  'term-reached':
    'The listing reached its maximum term and has ended; its sanctions no longer apply. The facts it rested on cannot list you again: only records received after today count toward a new listing, which would come with a new notice and appeal window.',
};

/** What else an end says and does: its own text, and the relying parties to tell (SPEC §6, Sanction lifted). */
export interface EndOptions {
  readonly text?: string;
  /** Tell every relying party that checked the subject while the listing was in force, for this cause. */
  readonly lifted?: { readonly cause: string; readonly inForce: { readonly from: number; readonly to: number } };
}

/**
 * Ends a listing (SPEC §6, End): the one path every end takes, whatever its reason, so that
 * what an end tells (the subject's inbox, relying parties' sanction-lifted notifications) is
 * written in one place. Returns the relying parties told.
 */
export async function endListing(
  tx: StoreTx,
  listing: ListingRow,
  reason: EndReason,
  at: number,
  list?: CompiledList,
  opts: EndOptions = {},
): Promise<string[]> {
  await moveListing(
    tx,
    listing,
    reason === 'overturned' ? { type: 'overturned', at } : { type: 'ended', at, reason },
    list,
  );
  const told = opts.lifted
    ? await tellSanctionLifted(tx, listing, list, at, opts.lifted.cause, opts.lifted.inForce)
    : [];
  await deliver(tx, {
    subject: listing.subject,
    kind: 'listing-ended',
    listingId: listing.id,
    authority: listing.authority,
    at,
    body: {
      listing: listing.id,
      list: listing.list,
      scheme: listing.scheme,
      reason,
      text: opts.text ?? END_TEXT[reason],
      ...(opts.lifted ? { told } : {}),
    },
  });
  return told;
}

/** A subject's full evaluation under one scheme, with the records it read: what a notice states. */
export interface Explained {
  readonly evaluation: Evaluation;
  readonly records: readonly EvalRecord[];
}

/**
 * Exempts the listing's subject from its list from `at` (SPEC §6: an overturn, or a term
 * reached): the same facts cannot list it again, only records received after. Audited.
 */
export async function exemptFrom(tx: StoreTx, l: ListingRow, at: number): Promise<void> {
  await tx.putExemption(l, l.list, l.subject, at);
  await appendAudit(tx, {
    chain: l.authority,
    type: 'exemption',
    payload: { scheme: l.scheme, list: l.list, subject: l.subject, since: at },
    at,
  });
}

/** Whether an exemption (SPEC §6) still holds: no record received after it is among the facts. */
export function stillExempt(since: number, { evaluation: e, records }: Explained): boolean {
  const facts = new Set(
    noticeRecords({
      score: e.score,
      grade: e.grade,
      contributions: e.contributions,
      errors: [],
      listConditions: [],
      liveRecords: e.live,
    }).map((r) => `${r.authority}/${r.key}`),
  );
  return !records.some((r) => r.receivedAt > since && facts.has(`${r.authority}/${r.key}`));
}

/**
 * Brings the listings of these subjects under one scheme in line with fresh
 * verdicts (SPEC §6): a first qualification opens a listing with a notice, a
 * condition that stops holding ends it. `gone` are subjects with no records left.
 * `explain` gives the full evaluation a notice or an exemption needs, when one does.
 */
export async function applyListings(
  tx: StoreTx,
  scheme: ActiveScheme,
  evaluations: readonly Verdict[],
  gone: readonly string[],
  explain: (subject: string) => Promise<Explained>,
  now: number,
  /** The open listings of these subjects under this scheme, when the caller has just read them. */
  openNow?: readonly ListingRow[],
): Promise<void> {
  const { compiled, ref } = scheme;
  if (compiled.lists.length === 0) return;
  const subjects = openNow === undefined ? [...evaluations.map((e) => e.subject), ...gone] : [];
  // Open listings by subject, then list: most subjects have none and qualify for none.
  const open = new Map<string, Map<string, ListingRow>>();
  for (const l of openNow ?? (await tx.openListings(ref, subjects))) {
    let mine = open.get(l.subject);
    if (!mine) open.set(l.subject, (mine = new Map<string, ListingRow>()));
    mine.set(l.list, l);
  }
  const listDef = new Map(compiled.lists.map((l) => [l.def.id, l]));
  // Each list's maximum term, read once for the listings this call opens (not once per listing).
  const maxTerms = new Map<CompiledList, Duration>();
  const maxTerm = async (l: CompiledList): Promise<Duration> => {
    let d = maxTerms.get(l);
    if (d === undefined) maxTerms.set(l, (d = await maxTermOf(tx, l)));
    return d;
  };

  for (const subject of gone) {
    const mine = open.get(subject);
    if (!mine) continue;
    for (const l of compiled.lists) {
      // A self-exclusion ends only at its term (SPEC §6): not with records, consent or the condition.
      if (l.def.selfExclusion) continue;
      const o = l.def.manual ? undefined : mine.get(l.def.id);
      if (o) await endListing(tx, o, 'condition-stopped', now, l);
    }
  }
  for (const e of evaluations) {
    const mine = open.get(e.subject);
    const judged = e.notJudged === null && e.candidates > 0;
    if (mine === undefined && (!judged || e.lists.length === 0)) continue;
    const qualifying = judged ? new Set(e.lists) : new Set<string>();
    for (const l of compiled.lists) {
      // A listing by decision ends only at its term or on overturn (SPEC §6): no condition, no consent;
      // a self-exclusion only at its term.
      if (l.def.manual || l.def.selfExclusion) continue;
      const o = mine?.get(l.def.id);
      if (o && !qualifying.has(l.def.id)) {
        await endListing(tx, o, e.notJudged === 'no-consent' ? 'consent-withdrawn' : 'condition-stopped', now, l);
      } else if (!o && qualifying.has(l.def.id)) {
        const exempt = await tx.getExemption(ref, l.def.id, e.subject);
        const full = await explain(e.subject);
        if (exempt !== undefined) {
          if (stillExempt(exempt, full)) continue;
          await tx.deleteExemption(ref, l.def.id, e.subject);
          await appendAudit(tx, {
            chain: ref.authority,
            type: 'exemption',
            payload: { scheme: ref.scheme, list: l.def.id, subject: e.subject, since: null },
            at: now,
          });
        }
        const list = listDef.get(l.def.id)!;
        await openListing(tx, scheme, list, full.evaluation, now, await maxTerm(list));
      }
    }
  }
}

async function openListing(
  tx: StoreTx,
  scheme: ActiveScheme,
  list: CompiledList,
  e: Evaluation,
  now: number,
  /** The list's maximum term (maxTermOf). */
  maxTerm: Duration,
): Promise<void> {
  const core = newListing(list.def.type, now, provisionalEffect(now, list.appeal), maxTerm);
  const base = {
    ...scheme.ref,
    subject: e.subject,
    list: list.def.id,
    listType: list.def.type,
    version: scheme.compiled.version,
    noticedAt: now,
  };
  const id = await tx.insertListingIfNoneOpen({ ...base, ...core });
  // Another process noticed the same qualification first and opened the listing (with its notice): nothing more to do.
  if (id === undefined) return;
  const row: ListingRow = { id, ...base, ...core };
  await appendAudit(tx, {
    chain: row.authority,
    type: 'listing',
    payload: {
      listing: id,
      subject: row.subject,
      scheme: row.scheme,
      list: row.list,
      from: null,
      to: row.state,
      effectAt: row.effectAt,
      activeSince: row.activeSince,
      endedAt: row.endedAt,
      term: row.term,
      termEndsAt: row.termEndsAt,
    },
    at: now,
  });
  await emit(tx, {
    type: `listing.${row.state}`,
    at: now,
    authority: row.authority,
    subject: row.subject,
    data: listingData({ listing: id, ...row, from: null, to: row.state, reason: 'qualified' }),
  });
  if (sanctionsApply(core)) {
    await tx.replaceSanctions(id, sanctionRows(row, list, now));
    await sanctionInForce(tx, row, list, now);
  }
  const notice = buildNotice({
    listing: id,
    scheme: scheme.compiled,
    list,
    evaluation: e,
    noticedAt: now,
    effectAt: core.effectAt,
    termEndsAt: core.termEndsAt,
    secondInstance: list.secondInstance.text,
  });
  const messageId = await deliverNotice(tx, { subject: e.subject, authority: row.authority, at: now, body: notice });
  // Its e-mail, in the same transaction (SPEC §13): it exists if and only if the notice does.
  await queueNoticeMail(tx, { messageId, listingId: id, subject: e.subject, at: now });
  await emit(tx, {
    type: 'notice.issued',
    at: now,
    authority: row.authority,
    subject: row.subject,
    data: {
      listing: id,
      message: messageId,
      scheme: row.scheme,
      list: row.list,
      effectAt: formatInstant(core.effectAt),
      termEndsAt: core.termEndsAt === null ? null : formatInstant(core.termEndsAt),
    },
  });
}

/** Store meta key of the operator's maximum term for lists that name none (default DEFAULT_MAX_TERM). */
export const MAX_TERM_META = 'default_max_term';

/** The operator's maximum term for lists that name none (ISO 8601): P5Y unless configured. */
export async function operatorMaxTerm(tx: ReadTx): Promise<string> {
  return (await tx.getMeta(MAX_TERM_META)) ?? DEFAULT_MAX_TERM;
}

/** The maximum term of a list's listings: its own, else the operator's default (SPEC §6); never unbounded. */
export async function maxTermOf(tx: StoreTx, list: CompiledList): Promise<Duration> {
  if (list.maxTerm !== null) return list.maxTerm;
  return parseDuration(await operatorMaxTerm(tx), MAX_TERM_META);
}

/**
 * Records that the subject received a listing's notice (SPEC §6, Receipt): the window now
 * runs from `at`, so the effect instant (and the term end) is fixed, audited and told.
 * Nothing happens for a notice already received.
 */
export async function receiveNotice(
  tx: StoreTx,
  listing: ListingRow,
  at: number,
  list: CompiledList | undefined,
  how: 'read' | 'link' | 'default',
): Promise<ListingRow> {
  if (listing.receivedAt !== null || listing.state === 'ended') return listing;
  const appeal = list?.appeal ?? parseDuration('P10D');
  const next = transition(listing, { type: 'received', at, appeal });
  await tx.updateListing(listing.id, next);
  await appendAudit(tx, {
    chain: listing.authority,
    type: 'listing-receipt',
    payload: {
      listing: listing.id,
      subject: listing.subject,
      how,
      receivedAt: at,
      effectAt: next.effectAt,
      termEndsAt: next.termEndsAt,
    },
    at,
  });
  if (next.effectAt !== listing.effectAt)
    await deliver(tx, {
      subject: listing.subject,
      kind: 'effect-fixed',
      listingId: listing.id,
      authority: listing.authority,
      at,
      body: {
        listing: listing.id,
        list: listing.list,
        scheme: listing.scheme,
        receivedAt: formatInstant(at),
        effectAt: formatInstant(next.effectAt),
        termEndsAt: next.termEndsAt === null ? null : formatInstant(next.termEndsAt),
        text: `You received the notice on ${formatInstant(at)}: the appeal window runs until ${formatInstant(next.effectAt)}, when the listing takes effect unless you appeal.`,
      },
    });
  return { ...listing, ...next };
}

/** Marks every unreceived notice of this subject received now (its inbox was read). */
export async function receiveNotices(
  tx: StoreTx,
  schemes: readonly ActiveScheme[],
  subject: string,
  at: number,
): Promise<void> {
  for (const l of await tx.listingsOfSubject(subject)) {
    if (l.receivedAt !== null || l.state === 'ended' || l.noticedAt > at) continue;
    const scheme = schemes.find((s) => s.ref.authority === l.authority && s.ref.scheme === l.scheme);
    const list = scheme?.compiled.lists.find((x) => x.def.id === l.list);
    // Past the default receipt the notice already counts as received at it (the sweep records it).
    const locked = (await tx.getListing(l.id)) ?? l;
    await receiveNotice(
      tx,
      locked,
      Math.min(at, l.noticedAt + RECEIPT_DEFAULT_MS),
      list,
      at <= l.noticedAt + RECEIPT_DEFAULT_MS ? 'read' : 'default',
    );
  }
}

/**
 * Takes the time-driven steps of listings that are due (SPEC §6, Time), in batches, each
 * dated at its own instant: a notice counting as received 2 days after issue, an appeal
 * window passing, a maximum term ending (the subject is exempt from the facts it rested on
 * from then, as after an overturn). Returns how many steps it took.
 */
export async function activateDue(
  tx: StoreTx,
  schemes: readonly ActiveScheme[],
  now: number,
  limit: number,
): Promise<number> {
  const due = await tx.dueListings(now, limit);
  for (const l of due) {
    const scheme = schemes.find((s) => s.ref.authority === l.authority && s.ref.scheme === l.scheme);
    const list = scheme?.compiled.lists.find((x) => x.def.id === l.list);
    const at = nextDue(l)!;
    if (l.state === 'noticed' && l.receivedAt === null) {
      await receiveNotice(tx, l, at, list, 'default');
    } else if (l.state === 'noticed') {
      await moveListing(tx, l, { type: 'window-passed', at: l.effectAt }, list, {
        kind: 'listing-active',
        body: {
          listing: l.id,
          list: l.list,
          scheme: l.scheme,
          since: new Date(l.effectAt).toISOString(),
          text: 'The appeal window passed without an appeal; the listing is active and its sanctions apply. You may still appeal; it will be reviewed while the sanctions stay.',
        },
      });
    } else if (list?.def.selfExclusion) {
      // A self-exclusion reaches the term its subject chose: no facts to exempt from.
      await endListing(tx, l, 'term-reached', at, list);
    } else {
      // The maximum term: the same facts cannot list the subject again, only records received after it.
      await exemptFrom(tx, l, at);
      await endListing(tx, l, 'term-reached', at, list);
    }
  }
  return due.length;
}
