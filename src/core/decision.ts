import type { Effect } from './scheme-types.js';
import { formatInstant } from './instant.js';
import { compareCodePoints } from './subject.js';

/**
 * The decision of a check (SPEC §4): combine the sanctions in force on one subject for one
 * action. Pure and total: the store keeps the sanctions precomputed as listings become
 * active, so a check is a lookup plus this function, never an evaluation of a scheme.
 */

/** What a decision needs of a sanction in force; ActiveSanctionRow is one. */
export interface SanctionInForce {
  readonly listingId: number;
  readonly effect: Effect;
  readonly limit: Readonly<Record<string, number>> | null;
  readonly authority: string;
  readonly scheme: string;
  readonly list: string;
  /** Epoch ms from which the sanction applies. */
  readonly since: number;
}

export type DecisionEffect = Effect | 'allow';

/** One sanction that produced the effect. Never a score, a grade or a record. */
export interface DecisionReason {
  readonly list: string;
  readonly scheme: string;
  readonly authority: string;
  /** The listing id: what the subject appeals. */
  readonly listing: number;
  /** RFC 3339, UTC, millisecond precision. */
  readonly since: string;
  readonly effect: Effect;
  /** Where the subject appeals: the HTTP path of the listing's appeal, see appealPath. */
  readonly appeal: string;
}

export interface Decision {
  readonly effect: DecisionEffect;
  /** The combined limit when the effect is `limit` (an empty object if no limit named a value), else null. */
  readonly limit: Readonly<Record<string, number>> | null;
  /** Ordered by listing id; empty for allow. A fresh array (mutable so HTTP schemas can take it as is). */
  readonly reasons: DecisionReason[];
}

/**
 * Where a subject appeals a listing. One form for every consumer: an HTTP path relative to
 * the Standing API, because relying parties receive decisions over HTTP and the subject
 * appeals from the portal; a CLI form would need the subject's account name.
 */
export function appealPath(listingId: number): string {
  return `/v1/listings/${listingId}/appeal`;
}

/** Total order on sanctions so the reasons never depend on the order the store returned them in. */
function bySanction(a: SanctionInForce, b: SanctionInForce): number {
  return (
    a.listingId - b.listingId ||
    compareCodePoints(a.effect, b.effect) ||
    compareCodePoints(a.authority, b.authority) ||
    compareCodePoints(a.scheme, b.scheme) ||
    compareCodePoints(a.list, b.list) ||
    a.since - b.since ||
    compareCodePoints(JSON.stringify(sortedLimit(a.limit ?? {})), JSON.stringify(sortedLimit(b.limit ?? {})))
  );
}

function sortedLimit(limit: Readonly<Record<string, number>>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of Object.keys(limit).sort(compareCodePoints)) out[k] = limit[k]!;
  return out;
}

/** Element-wise minimum over every key any limit names; a key named by one limit only is kept. */
export function mostRestrictive(limits: readonly (Readonly<Record<string, number>> | null)[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const l of limits) {
    if (l === null) continue;
    for (const [k, v] of Object.entries(l)) {
      const seen = out[k];
      out[k] = seen === undefined ? v : Math.min(seen, v);
    }
  }
  return sortedLimit(out);
}

function reasonOf(s: SanctionInForce): DecisionReason {
  return {
    list: s.list,
    scheme: s.scheme,
    authority: s.authority,
    listing: s.listingId,
    since: formatInstant(s.since),
    effect: s.effect,
    appeal: appealPath(s.listingId),
  };
}

/**
 * Combines the sanctions in force (SPEC §4): deny beats limit; among limits the most
 * restrictive wins; privileges apply only when nothing adverse does (waive over priority,
 * both reported); otherwise allow. The reasons are the sanctions that produced the effect.
 *
 * @param at when given, sanctions whose `since` is later are not yet in force and are
 *   ignored (an upheld listing can become active at a future effect instant). Default: all.
 */
export function combineSanctions(sanctions: readonly SanctionInForce[], at?: number): Decision {
  // No sanction in force, as for most subjects of a check: allow, with nothing to sort or combine.
  if (sanctions.length === 0) return { effect: 'allow', limit: null, reasons: [] };
  const live = (at === undefined ? [...sanctions] : sanctions.filter((s) => s.since <= at)).sort(bySanction);
  const of = (...effects: Effect[]): SanctionInForce[] => live.filter((s) => effects.includes(s.effect));

  const denies = of('deny');
  if (denies.length > 0) return { effect: 'deny', limit: null, reasons: denies.map(reasonOf) };

  const limits = of('limit');
  if (limits.length > 0)
    return { effect: 'limit', limit: mostRestrictive(limits.map((s) => s.limit)), reasons: limits.map(reasonOf) };

  const privileges = of('waive', 'priority');
  if (privileges.length > 0) {
    const effect = privileges.some((s) => s.effect === 'waive') ? 'waive' : 'priority';
    return { effect, limit: null, reasons: privileges.map(reasonOf) };
  }

  return { effect: 'allow', limit: null, reasons: [] };
}
