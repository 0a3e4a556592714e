import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isStandingError } from './errors.js';
import { newListing, sanctionsApply, transition, type ListingCore, type ListingEvent } from './listing-machine.js';

const DAY = 86_400_000;

const eventArb: fc.Arbitrary<(t: number) => ListingEvent> = fc.oneof(
  fc.constant((at: number): ListingEvent => ({ type: 'window-passed', at })),
  fc.constant((at: number): ListingEvent => ({ type: 'appeal-filed', at })),
  fc.constant((at: number): ListingEvent => ({ type: 'upheld', at })),
  fc.constant((at: number): ListingEvent => ({ type: 'overturned', at })),
  fc.constantFrom('condition-stopped', 'consent-withdrawn', 'version-changed').map(
    (reason) =>
      (at: number): ListingEvent => ({ type: 'ended', at, reason }),
  ),
);

/** Applies events in time order, skipping the ones the machine refuses; returns every state passed through. */
function run(
  start: ListingCore,
  steps: readonly [number, (t: number) => ListingEvent][],
): { trace: ListingCore[]; events: ListingEvent[] } {
  let l = start;
  let t = 0;
  const trace = [l];
  const events: ListingEvent[] = [];
  for (const [dt, make] of steps) {
    t += dt;
    const e = make(t);
    try {
      l = transition(l, e);
      trace.push(l);
      events.push(e);
    } catch (err) {
      if (!isStandingError(err)) throw err;
    }
  }
  return { trace, events };
}

describe('listing state machine (SPEC §6)', () => {
  it('starts blacklists noticed with the window, redlists active at once', () => {
    expect(newListing('blacklist', 0, 10 * DAY)).toMatchObject({
      state: 'noticed',
      effectAt: 10 * DAY,
      activeSince: null,
    });
    expect(newListing('watchlist', 0, 10 * DAY).state).toBe('noticed');
    expect(newListing('redlist', 5, 10 * DAY)).toMatchObject({ state: 'active', activeSince: 5 });
  });

  it('suspends on an appeal inside the window and stays active on a late one', () => {
    const l = newListing('blacklist', 0, 10 * DAY);
    expect(transition(l, { type: 'appeal-filed', at: 10 * DAY - 1 }).state).toBe('suspended');
    const active = transition(l, { type: 'window-passed', at: 10 * DAY });
    expect(transition(active, { type: 'appeal-filed', at: 11 * DAY })).toMatchObject({
      state: 'active',
      appealed: true,
    });
  });

  it('upholds to active at the later of the decision and the effect instant', () => {
    const s = transition(newListing('blacklist', 0, 10 * DAY), { type: 'appeal-filed', at: DAY });
    expect(transition(s, { type: 'upheld', at: 2 * DAY }).state).toBe('noticed');
    expect(transition(s, { type: 'upheld', at: 12 * DAY })).toMatchObject({ state: 'active', activeSince: 12 * DAY });
  });

  it('a second instance suspends only when the scheme says so; upheld, the listing is active again', () => {
    const appealed = transition(newListing('blacklist', 0, 10 * DAY), { type: 'appeal-filed', at: DAY });
    const active = transition(appealed, { type: 'upheld', at: 12 * DAY });
    expect(transition(active, { type: 'second-instance-filed', at: 13 * DAY, suspends: false })).toEqual(active);
    const suspended = transition(active, { type: 'second-instance-filed', at: 13 * DAY, suspends: true });
    expect(suspended).toMatchObject({ state: 'suspended', activeSince: null });
    expect(sanctionsApply(suspended)).toBe(false);
    expect(transition(suspended, { type: 'upheld', at: 14 * DAY })).toMatchObject({
      state: 'active',
      activeSince: 14 * DAY,
    });
    expect(transition(suspended, { type: 'overturned', at: 14 * DAY })).toMatchObject({ state: 'ended' });
    expect(() =>
      transition(newListing('blacklist', 0, 10 * DAY), { type: 'second-instance-filed', at: DAY, suspends: true }),
    ).toThrow(/follows an upheld appeal/);
  });

  it('refuses a second appeal, a window that has not passed, and any change once ended', () => {
    const l = newListing('blacklist', 0, 10 * DAY);
    const code = (f: () => unknown): string => {
      try {
        f();
        return 'none';
      } catch (e) {
        return isStandingError(e) ? e.code : 'other';
      }
    };
    const s = transition(l, { type: 'appeal-filed', at: DAY });
    expect(code(() => transition(s, { type: 'appeal-filed', at: 2 * DAY }))).toBe('APPEAL_EXISTS');
    expect(code(() => transition(l, { type: 'window-passed', at: DAY }))).toBe('LISTING_STATE');
    const ended = transition(l, { type: 'overturned', at: DAY });
    expect(code(() => transition(ended, { type: 'upheld', at: 2 * DAY }))).toBe('LISTING_ENDED');
  });

  it('holds its invariants over any sequence of events', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('blacklist', 'watchlist', 'redlist' as const),
        fc.array(fc.tuple(fc.integer({ min: 0, max: 5 * DAY }), eventArb), { maxLength: 12 }),
        (type, steps) => {
          const start = newListing(type, 0, 10 * DAY);
          const { trace, events } = run(start, steps);
          let appeals = 0;
          for (let i = 1; i < trace.length; i++) {
            const before = trace[i - 1]!;
            const after = trace[i]!;
            const e = events[i - 1]!;
            if (e.type === 'appeal-filed') appeals++;
            // Ended is final.
            expect(before.state).not.toBe('ended');
            // Sanctions apply exactly when active, and never before the effect instant.
            expect(sanctionsApply(after)).toBe(after.state === 'active');
            if (after.state === 'active') expect(after.activeSince).not.toBeNull();
            if (after.state === 'active' && type !== 'redlist')
              expect(after.activeSince!).toBeGreaterThanOrEqual(after.effectAt);
            // Suspension only comes from an appeal filed inside the window.
            if (after.state === 'suspended' && before.state !== 'suspended')
              expect(e).toMatchObject({ type: 'appeal-filed' });
            if (after.state === 'suspended' && e.type === 'appeal-filed') expect(e.at).toBeLessThan(after.effectAt);
            // An end always records when and why.
            if (after.state === 'ended') expect(after.endedAt === e.at && after.endReason !== null).toBe(true);
          }
          // One appeal per listing.
          expect(appeals).toBeLessThanOrEqual(1);
          expect(trace[trace.length - 1]!.appealed).toBe(appeals === 1);
        },
      ),
      { numRuns: 500 },
    );
  });
});
