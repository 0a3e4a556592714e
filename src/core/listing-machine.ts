import { fail } from './errors.js';

/** The states of a listing (SPEC §6). */
export type ListingState = 'noticed' | 'active' | 'suspended' | 'ended';

/** Why a listing ended. */
export type EndReason = 'condition-stopped' | 'overturned' | 'consent-withdrawn' | 'version-changed';

/** What can happen to a listing. Time-driven events carry the instant they happen at. */
export type ListingEvent =
  | { readonly type: 'window-passed'; readonly at: number }
  | { readonly type: 'appeal-filed'; readonly at: number }
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
}

/** A listing as first created: blacklists and watchlists wait for their window, redlists are active at once. */
export function newListing(
  listType: 'blacklist' | 'redlist' | 'watchlist',
  noticedAt: number,
  effectAt: number,
): ListingCore {
  const redlist = listType === 'redlist';
  return {
    state: redlist ? 'active' : 'noticed',
    effectAt: redlist ? noticedAt : effectAt,
    activeSince: redlist ? noticedAt : null,
    appealed: false,
    endedAt: null,
    endReason: null,
  };
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
    case 'upheld':
      if (l.state === 'suspended') {
        // Active at the later of the decision and the effect instant.
        return e.at >= l.effectAt ? { ...l, state: 'active', activeSince: e.at } : { ...l, state: 'noticed' };
      }
      return l;
    case 'overturned':
      return ended(l, e.at, 'overturned');
    case 'ended':
      return ended(l, e.at, e.reason);
  }
}

/** Whether the listing's sanctions apply (SPEC §4: active listings, including those under a late appeal). */
export function sanctionsApply(l: ListingCore): boolean {
  return l.state === 'active';
}
