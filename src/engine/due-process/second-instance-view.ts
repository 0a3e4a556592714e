import { formatInstant } from '../../core/instant.js';
import type { LiftedNoticeRow, SecondInstanceRow } from '../../store/second-instance-port.js';
import type { SecondInstanceOffer } from './second-instance.js';

/*
 * Second instances and sanction-lifted notifications as they leave the system (SPEC §6):
 * instants as RFC 3339 strings, row ids named after what they refer to.
 */

export function secondInstanceView(s: SecondInstanceRow) {
  return {
    id: s.id,
    appeal: s.appealId,
    listing: s.listingId,
    subject: s.subject,
    authority: s.authority,
    reviewers: s.reviewers,
    statement: s.statement,
    filedAt: formatInstant(s.filedAt),
    deadline: formatInstant(s.deadline),
    suspends: s.suspends,
    state: s.state,
    decidedAt: s.decidedAt === null ? null : formatInstant(s.decidedAt),
    reasons: s.reasons,
  };
}

export function secondInstanceOfferView(o: SecondInstanceOffer) {
  return {
    appeal: o.appeal,
    available: o.available,
    deadline: o.deadline === null ? null : formatInstant(o.deadline),
    within: o.within,
    suspends: o.suspends,
    body: o.body,
    asked: o.asked === null ? null : secondInstanceView(o.asked),
  };
}

export function liftedNoticeView(n: LiftedNoticeRow) {
  return {
    id: n.id,
    subject: n.subject,
    authority: n.authority,
    listing: n.listingId,
    actions: [...n.actions],
    cause: n.cause,
    at: formatInstant(n.at),
  };
}
