import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { appealPath, combineSanctions, mostRestrictive, type SanctionInForce } from './decision.js';
import type { Effect } from './scheme-types.js';

const T0 = Date.parse('2026-06-01T00:00:00Z');

function sanction(
  listingId: number,
  effect: Effect,
  limit: Record<string, number> | null = null,
  since = T0,
): SanctionInForce {
  return {
    listingId,
    effect,
    limit,
    authority: `auth${listingId % 3}`,
    scheme: `scheme${listingId}`,
    list: `list${listingId}`,
    since,
  };
}

const arbLimit = fc.option(
  fc.dictionary(fc.constantFrom('kbps', 'mb', 'seats'), fc.integer({ min: 0, max: 10_000 }), { maxKeys: 3 }),
  { nil: null },
);
const arbSanction: fc.Arbitrary<SanctionInForce> = fc.record({
  listingId: fc.integer({ min: 1, max: 50 }),
  effect: fc.constantFrom<Effect>('deny', 'limit', 'waive', 'priority'),
  limit: arbLimit,
  authority: fc.constantFrom('city', 'court', 'tax'),
  scheme: fc.constantFrom('a', 'b'),
  list: fc.constantFrom('x', 'y'),
  since: fc.integer({ min: T0 - 1e9, max: T0 + 1e9 }),
});
// One sanction per listing and action, as the store keeps them.
const arbSanctions = fc.uniqueArray(arbSanction, { selector: (s) => s.listingId, maxLength: 12 });

describe('combineSanctions', () => {
  it('denies over a limit and reports only the deny', () => {
    const d = combineSanctions([sanction(7, 'limit', { kbps: 256 }), sanction(3, 'deny')]);
    expect(d.effect).toBe('deny');
    expect(d.limit).toBeNull();
    expect(d.reasons).toEqual([
      {
        list: 'list3',
        scheme: 'scheme3',
        authority: 'auth0',
        listing: 3,
        since: '2026-06-01T00:00:00.000Z',
        effect: 'deny',
        appeal: '/v1/listings/3/appeal',
      },
    ]);
  });

  it('takes the element-wise minimum of limits and keeps keys named once', () => {
    const d = combineSanctions([sanction(2, 'limit', { kbps: 512, mb: 100 }), sanction(1, 'limit', { kbps: 256 })]);
    expect(d.effect).toBe('limit');
    expect(d.limit).toEqual({ kbps: 256, mb: 100 });
    expect(d.reasons.map((r) => r.listing)).toEqual([1, 2]);
  });

  it('reports waive over priority, with both as reasons', () => {
    const d = combineSanctions([sanction(9, 'priority'), sanction(4, 'waive')]);
    expect(d).toMatchObject({ effect: 'waive', limit: null });
    expect(d.reasons.map((r) => [r.listing, r.effect])).toEqual([
      [4, 'waive'],
      [9, 'priority'],
    ]);
  });

  it('lets a limit cancel a privilege', () => {
    expect(combineSanctions([sanction(1, 'waive'), sanction(2, 'limit', { kbps: 1 })]).effect).toBe('limit');
  });

  it('allows with no reasons when nothing is in force', () => {
    expect(combineSanctions([])).toEqual({ effect: 'allow', limit: null, reasons: [] });
  });

  it('ignores sanctions not yet in force at the instant given', () => {
    const later = sanction(1, 'deny', null, T0 + 1000);
    expect(combineSanctions([later], T0).effect).toBe('allow');
    expect(combineSanctions([later], T0 + 1000).effect).toBe('deny');
    expect(combineSanctions([later]).effect).toBe('deny');
  });

  it('names the appeal path of the listing', () => {
    expect(appealPath(42)).toBe('/v1/listings/42/appeal');
  });
});

describe('combineSanctions properties', () => {
  it('deny dominates whenever one is present, and its reasons are exactly the denies', () => {
    fc.assert(
      fc.property(arbSanctions, (ss) => {
        const d = combineSanctions(ss);
        const denies = ss.filter((s) => s.effect === 'deny');
        expect(d.effect === 'deny').toBe(denies.length > 0);
        if (denies.length > 0)
          expect(d.reasons.map((r) => r.listing)).toEqual(denies.map((s) => s.listingId).sort((a, b) => a - b));
      }),
    );
  });

  it('is independent of input order', () => {
    fc.assert(
      fc.property(
        arbSanctions.chain((ss) =>
          fc.tuple(fc.constant(ss), fc.shuffledSubarray(ss, { minLength: ss.length, maxLength: ss.length })),
        ),
        ([ss, shuffled]) => {
          expect(JSON.stringify(combineSanctions(shuffled))).toBe(JSON.stringify(combineSanctions(ss)));
        },
      ),
    );
  });

  it('allows iff there are no sanctions in force', () => {
    fc.assert(
      fc.property(arbSanctions, fc.integer({ min: T0 - 2e9, max: T0 + 2e9 }), (ss, at) => {
        const d = combineSanctions(ss, at);
        const inForce = ss.filter((s) => s.since <= at);
        expect(d.effect === 'allow').toBe(inForce.length === 0);
        expect(d.reasons.length === 0).toBe(d.effect === 'allow');
      }),
    );
  });

  it('without a deny, a limit is the minimum per key over every limit', () => {
    fc.assert(
      fc.property(arbSanctions, (ss) => {
        const noDeny = ss.filter((s) => s.effect !== 'deny');
        const limits = noDeny.filter((s) => s.effect === 'limit');
        const d = combineSanctions(noDeny);
        if (limits.length === 0) return;
        expect(d.effect).toBe('limit');
        expect(d.reasons).toHaveLength(limits.length);
        for (const key of ['kbps', 'mb', 'seats']) {
          const values = limits.flatMap((s) => (s.limit?.[key] === undefined ? [] : [s.limit[key]]));
          expect(d.limit?.[key]).toEqual(values.length === 0 ? undefined : Math.min(...values));
        }
      }),
    );
  });

  it('grants a privilege only when nothing adverse applies, waive before priority', () => {
    fc.assert(
      fc.property(arbSanctions, (ss) => {
        const d = combineSanctions(ss);
        const adverse = ss.some((s) => s.effect === 'deny' || s.effect === 'limit');
        const privileged = d.effect === 'waive' || d.effect === 'priority';
        if (adverse) expect(privileged).toBe(false);
        else if (ss.some((s) => s.effect === 'waive')) expect(d.effect).toBe('waive');
        else if (ss.length > 0) expect(d.effect).toBe('priority');
        if (privileged) expect(d.reasons.every((r) => r.effect === 'waive' || r.effect === 'priority')).toBe(true);
      }),
    );
  });

  it('orders reasons by listing id and never carries a score, grade or record', () => {
    fc.assert(
      fc.property(arbSanctions, (ss) => {
        const d = combineSanctions(ss);
        const ids = d.reasons.map((r) => r.listing);
        expect(ids).toEqual([...ids].sort((a, b) => a - b));
        expect(Object.keys(d).sort()).toEqual(['effect', 'limit', 'reasons']);
        for (const r of d.reasons)
          expect(Object.keys(r).sort()).toEqual([
            'appeal',
            'authority',
            'effect',
            'list',
            'listing',
            'scheme',
            'since',
          ]);
      }),
    );
  });

  it('mostRestrictive never exceeds any limit that names the key', () => {
    fc.assert(
      fc.property(fc.array(arbLimit, { maxLength: 6 }), (limits) => {
        const m = mostRestrictive(limits);
        for (const l of limits) for (const [k, v] of Object.entries(l ?? {})) expect(m[k]).toBeLessThanOrEqual(v);
        const named = new Set(limits.flatMap((l) => Object.keys(l ?? {})));
        expect(new Set(Object.keys(m))).toEqual(named);
      }),
    );
  });
});
