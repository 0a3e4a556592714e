import { addDuration, parseDuration, type Duration } from './duration.js';
import { fail } from './errors.js';

/** The states of a listing (SPEC §6). */
export type ListingState = 'noticed' | 'active' | 'suspended' | 'ended';

/** Why a listing ended. */
export type EndReason = 'condition-stopped' | 'overturned' | 'consent-withdrawn' | 'version-changed' | 'term-reached';

/** The operator's maximum term for a blacklist or watchlist that names none (SPEC §6), unless configured. */
export const DEFAULT_MAX_TERM = 'P5Y';

/** What can happen to a listing. Time-driven events carry the instant they happen at. */
export type ListingEvent =
  | { readonly type: 'window-passed'; readonly at: number }
  /** The subject received the notice (read it, or 2 days passed): the window runs `appeal` from here. */
  | { readonly type: 'received'; readonly at: number; readonly appeal: Duration }
  | { readonly type: 'appeal-filed'; readonly at: number }
  /** A second instance was asked after an upheld appeal: it suspends only when the scheme says so. */
  | { readonly type: 'second-instance-filed'; readonly at: number; readonly suspends: boolean }
  | { readonly type: 'upheld'; readonly at: number }
  | { readonly type: 'overturned'; readonly at: number }
  | { readonly type: 'ended'; readonly at: number; readonly reason: Exclude<EndReason, 'overturned'> };

/** The part of a listing the machine reads and writes. */
export interface ListingCore {
  readonly state: ListingState;
  /** Notice time + the list's appeal window: when sanctions take effect. */
  readonly effectAt: number;
  /** When the sanctions actually started applying, or null while they do not. */
  readonly activeSince: number | null;
  readonly appealed: boolean;
  readonly endedAt: number | null;
  readonly endReason: EndReason | null;
  /** The maximum term (ISO 8601), or null for a redlist listing, which has none. */
  readonly term: string | null;
  /** effectAt + term: the listing ends then even if the subject still qualifies; null without a term. */
  readonly termEndsAt: number | null;
  /** When the subject received the notice; null until then (effectAt is provisional meanwhile). */
  readonly receivedAt: number | null;
}

/** A notice not read sooner counts as received this long after issue (SPEC §6, Receipt). */
export const RECEIPT_DEFAULT_MS = 2 * 86_400_000;

/** The effect instant shown at issue, before receipt: issue + P2D + the appeal window. */
export function provisionalEffect(noticedAt: number, appeal: Duration): number {
  return addDuration(noticedAt + RECEIPT_DEFAULT_MS, appeal);
}

/**
 * The listing's next time-driven instant (SPEC §6, Time): a noticed listing's receipt
 * defaulting, then its window passing; an active or suspended one's maximum term. The
 * stores index the same expression (listings_next) and the sweep takes listings by it.
 */
export function nextDue(l: ListingCore & { readonly noticedAt: number }): number | null {
  if (l.state === 'ended') return null;
  if (l.state === 'noticed') return l.receivedAt === null ? l.noticedAt + RECEIPT_DEFAULT_MS : l.effectAt;
  return l.termEndsAt;
}

/** A listing as first created: blacklists and watchlists wait for their window, redlists are active at once. */
export function newListing(
  listType: 'blacklist' | 'redlist' | 'watchlist',
  noticedAt: number,
  effectAt: number,
  /** The maximum term of a blacklist or watchlist listing (ignored for a redlist); never unbounded. */
  term: Duration = parseDuration(DEFAULT_MAX_TERM),
): ListingCore {
  const redlist = listType === 'redlist';
  const effect = redlist ? noticedAt : effectAt;
  return {
    state: redlist ? 'active' : 'noticed',
    effectAt: effect,
    activeSince: redlist ? noticedAt : null,
    appealed: false,
    endedAt: null,
    endReason: null,
    receivedAt: null,
    term: redlist ? null : term.text,
    termEndsAt: redlist ? null : addDuration(effect, term),
  };
}

/** The term end of a listing whose effect instant is `effectAt` (SPEC §6: counted from the effect instant). */
export function termEnd(l: Pick<ListingCore, 'term'>, effectAt: number): number | null {
  return l.term === null ? null : addDuration(effectAt, parseDuration(l.term));
}

function ended(l: ListingCore, at: number, reason: EndReason): ListingCore {
  return { ...l, state: 'ended', activeSince: null, endedAt: at, endReason: reason };
}

/**
 * The listing state machine of SPEC §6. Pure: returns the next listing or throws a
 * coded error when the event is not allowed in the current state.
 */
export function transition(l: ListingCore, e: ListingEvent): ListingCore {
  if (l.state === 'ended') fail('LISTING_ENDED', `the listing ended (${l.endReason ?? 'ended'}) and cannot change`);
  switch (e.type) {
    case 'received': {
      if (l.receivedAt !== null) return l;
      // Only a window not yet passed runs from receipt; otherwise the receipt is noted and nothing moves.
      if (l.state !== 'noticed') return { ...l, receivedAt: e.at };
      const effectAt = Math.min(l.effectAt, addDuration(e.at, e.appeal));
      return { ...l, receivedAt: e.at, effectAt, termEndsAt: termEnd(l, effectAt) };
    }
    case 'window-passed':
      if (l.state !== 'noticed') fail('LISTING_STATE', `a ${l.state} listing has no window to pass`);
      if (e.at < l.effectAt) fail('LISTING_STATE', 'the appeal window has not passed yet');
      return { ...l, state: 'active', activeSince: l.effectAt };
    case 'appeal-filed':
      if (l.appealed) fail('APPEAL_EXISTS', 'this listing was already appealed; there is one appeal per listing');
      // Within the window the appeal suspends the sanctions; later it is reviewed while they stay.
      if (l.state === 'noticed' && e.at < l.effectAt) return { ...l, state: 'suspended', appealed: true };
      if (l.state === 'noticed') return { ...l, state: 'active', activeSince: l.effectAt, appealed: true };
      return { ...l, appealed: true };
    case 'second-instance-filed':
      if (!l.appealed) fail('LISTING_STATE', 'a second instance follows an upheld appeal');
      if (!e.suspends || l.state === 'suspended') return l;
      return { ...l, state: 'suspended', activeSince: null };
    case 'upheld':
      if (l.state === 'suspended') {
        // Active at the later of the decision and the effect instant.
        return e.at >= l.effectAt ? { ...l, state: 'active', activeSince: e.at } : { ...l, state: 'noticed' };
      }
      return l;
    case 'overturned':
      return ended(l, e.at, 'overturned');
    case 'ended':
      if (e.reason === 'term-reached' && (l.termEndsAt === null || e.at < l.termEndsAt))
        fail('LISTING_STATE', 'the maximum term has not been reached yet');
      return ended(l, e.at, e.reason);
  }
}

/** Whether the listing's sanctions apply (SPEC §4: active listings, including those under a late appeal). */
export function sanctionsApply(l: ListingCore): boolean {
  return l.state === 'active';
}
