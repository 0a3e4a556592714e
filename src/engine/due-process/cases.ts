import { requireOwnCase } from '../../core/case-access.js';
import { fail } from '../../core/errors.js';
import type { StaffPrincipal, SubjectPrincipal } from '../../core/principal.js';
import type { AppealRow, DisputeRow, ListingFilter } from '../../store/due-process-port.js';
import type { LiftedNoticeRow, SecondInstanceRow, SecondInstanceState } from '../../store/second-instance-port.js';
import type { EngineDeps } from '../deps.js';
import { decideAppeal, fileAppeal, type AppealDecision } from './appeals.js';
import { decideDispute, fileDispute } from './disputes.js';
import { listTitles, reviewQueue, type Queue, type QueueFilter } from './queue.js';
import {
  decideSecondInstance,
  requestSecondInstance,
  secondInstanceQueue,
  type SecondInstanceDecision,
} from './second-instance.js';
import { listingView, listingWithNotice, type ListingView, type ListingWithNotice } from './subject-file.js';

/*
 * The cases as the HTTP edge asks for them (SPEC §6): each function is one request's store work.
 * Reads go through `Store.read`. Who may ask is the policy's (core/policy.ts, checked by the edge
 * first); after the lookup, staff of another authority and other subjects get the same 404 as for
 * an id that does not exist (core/case-access.ts), before anything else about the request is judged.
 */

/** Staff reading or acting on a case, or the subject it is about. */
type Reader = StaffPrincipal | SubjectPrincipal;

/** A page of an authority's listings in id order after `page.after`, at most `page.limit`. */
export async function authorityListings(
  deps: EngineDeps,
  filter: ListingFilter & { readonly authority: string },
  page: { readonly after: number | null; readonly limit: number },
): Promise<ListingView[]> {
  const { rows, titles } = await deps.store.read(async (tx) => ({
    rows: await tx.listingsOf(filter, page),
    titles: await listTitles(tx),
  }));
  const now = deps.clock.now();
  return rows.map((l) => listingView(l, now, titles.get(`${l.authority}/${l.scheme}/${l.list}`)));
}

/** One listing with its notice and appeal, for staff of its authority or its subject (else LISTING_NOT_FOUND). */
export async function readListing(deps: EngineDeps, reader: Reader, id: number): Promise<ListingWithNotice> {
  return deps.store.read(async (tx) => {
    const l = await tx.getListing(id);
    requireOwnCase(reader, l, 'LISTING_NOT_FOUND', `no listing ${id}`);
    return listingWithNotice(tx, l, deps.clock.now(), reader.type);
  });
}

/** The listed subject appeals its own listing (`fileAppeal`); another's does not exist (LISTING_NOT_FOUND). */
export async function appealOwnListing(
  deps: EngineDeps,
  input: { readonly listing: number; readonly statement: string; readonly as: Reader },
): Promise<AppealRow> {
  const l = await deps.store.read((tx) => tx.getListing(input.listing));
  requireOwnCase(input.as, l, 'LISTING_NOT_FOUND', `no listing ${input.listing}`);
  return fileAppeal(deps, input);
}

/** The subject disputes a record about it (`fileDispute`); others' records do not exist (RECORD_NOT_FOUND). */
export async function disputeOwnRecord(
  deps: EngineDeps,
  input: { readonly authority: string; readonly key: string; readonly statement: string; readonly as: Reader },
): Promise<DisputeRow> {
  const { authority, key } = input;
  const rec = await deps.store.read((tx) => tx.getRecord(authority, key));
  requireOwnCase(input.as, rec, 'RECORD_NOT_FOUND', `no record ${authority}/${key} about you`);
  return fileDispute(deps, input);
}

/** One appeal, for reviewers of the listing's authority or the subject who appealed (else APPEAL_NOT_FOUND). */
export async function readAppeal(deps: EngineDeps, reader: Reader, id: number): Promise<AppealRow> {
  const a = await deps.store.read((tx) => tx.getAppeal(id));
  requireOwnCase(reader, a, 'APPEAL_NOT_FOUND', `no appeal ${id}`);
  return a;
}

/** One dispute, for reviewers of the record's authority or the subject who disputed it (else DISPUTE_NOT_FOUND). */
export async function readDispute(deps: EngineDeps, reader: Reader, id: number): Promise<DisputeRow> {
  const d = await deps.store.read((tx) => tx.getDispute(id));
  requireOwnCase(reader, d, 'DISPUTE_NOT_FOUND', `no dispute ${id}`);
  return d;
}

/** A reviewer decides an appeal of their authority (`decideAppeal`); others' do not exist (APPEAL_NOT_FOUND). */
export async function decideOwnAppeal(
  deps: EngineDeps,
  d: AppealDecision & { readonly as: Reader },
): Promise<AppealRow> {
  await readAppeal(deps, d.as, d.appeal);
  return decideAppeal(deps, d);
}

/** A reviewer decides a dispute of their authority (`decideDispute`); others' do not exist (DISPUTE_NOT_FOUND). */
export async function decideOwnDispute(
  deps: EngineDeps,
  d: {
    readonly dispute: number;
    readonly outcome: 'retract' | 'confirm';
    readonly reasons: string;
    readonly as: Reader;
  },
): Promise<DisputeRow> {
  await readDispute(deps, d.as, d.dispute);
  return decideDispute(deps, d);
}

/** The reviewer queue (`reviewQueue`), read without a write transaction. */
export async function readReviewQueue(deps: EngineDeps, filter: QueueFilter): Promise<Queue> {
  return deps.store.read((tx) => reviewQueue(tx, filter));
}

/** The subject asks for a second instance of its own upheld appeal (`requestSecondInstance`); another's does not exist. */
export async function requestOwnSecondInstance(
  deps: EngineDeps,
  input: { readonly appeal: number; readonly statement: string; readonly as: SubjectPrincipal },
): Promise<SecondInstanceRow> {
  const a = await deps.store.read((tx) => tx.getAppeal(input.appeal));
  if (!a || a.subject !== input.as.subject) fail('APPEAL_NOT_FOUND', `no appeal ${input.appeal}`, { field: 'id' });
  return requestSecondInstance(deps, input);
}

/** The second-instance queue of one authority's reviewers (`secondInstanceQueue`), read without a write transaction. */
export async function readSecondInstanceQueue(
  deps: EngineDeps,
  filter: { readonly reviewers: string; readonly state?: SecondInstanceState },
): Promise<SecondInstanceRow[]> {
  return deps.store.read((tx) => secondInstanceQueue(tx, filter));
}

/**
 * A reviewer decides a second instance (`decideSecondInstance`); only the authorities concerned
 * (the appeal body and the listing's authority) learn that it exists (else SECOND_INSTANCE_NOT_FOUND).
 */
export async function decideSecondInstanceOf(
  deps: EngineDeps,
  d: SecondInstanceDecision & { readonly as: StaffPrincipal },
): Promise<SecondInstanceRow> {
  const s = await deps.store.read((tx) => tx.getSecondInstance(d.id));
  if (!s || (s.reviewers !== d.as.authority && s.authority !== d.as.authority))
    fail('SECOND_INSTANCE_NOT_FOUND', `no second instance ${d.id}`, { field: 'id' });
  return decideSecondInstance(deps, d);
}

/** The sanction-lifted notifications written for one relying party (SPEC §6, Sanction lifted). */
export async function liftedNoticesFor(deps: EngineDeps, party: string): Promise<LiftedNoticeRow[]> {
  return deps.store.read((tx) => tx.liftedNoticesOf({ party }));
}
