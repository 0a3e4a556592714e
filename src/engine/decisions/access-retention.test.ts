import { afterEach, expect, it } from 'vitest';
import { OPERATOR_CHAIN } from '../../core/audit-entry.js';
import { isStandingError } from '../../core/errors.js';
import type { AccessEntry } from '../../store/access-port.js';
import { describeStores, testEngineOn } from '../../test-support/engine.js';
import { verifyAudit } from '../audit/audit.js';
import type { EngineDeps } from '../deps.js';
import { sweep } from '../evaluation/sweep.js';
import { accessRetention, applyAccessRetention, setAccessRetention } from './access-retention.js';
import { partyAdd } from './check.js';

const T0 = Date.parse('2026-06-01T00:00:00Z');
const DAY = 86_400_000;
const YEAR = 365 * DAY;

const entry = (subject: string, party: string, at: number): AccessEntry => ({
  subject,
  party,
  action: 'flight.board',
  effect: 'allow',
  at,
});

const codeOf = (e: unknown): string => (isStandingError(e) ? e.code : String(e));

describeStores('access-log retention', (kind) => {
  let close: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await close?.();
    close = undefined;
  });
  const engine = async (): Promise<EngineDeps & { clock: { set(t: number): void } }> => {
    const deps = await testEngineOn(kind, T0);
    close = () => deps.store.close();
    await partyAdd(deps, 'airline');
    await partyAdd(deps, 'bank');
    return deps;
  };
  const log = async (deps: EngineDeps, subject: string): Promise<string[]> =>
    (await deps.store.transaction((tx) => tx.accessLogOf(subject))).map(
      (r) => `${r.party}@${Math.round((r.at - T0) / DAY)}`,
    );
  const operatorEntries = async (deps: EngineDeps): Promise<{ type: string; payload: unknown }[]> =>
    (await deps.store.transaction((tx) => tx.auditEntries(OPERATOR_CHAIN, 0, 100))).map((e) => ({
      type: e.type,
      payload: JSON.parse(e.payload) as unknown,
    }));

  it('deletes entries older than each period, keeps those a listing in force still needs, and audits each batch', async () => {
    const deps = await engine();
    await deps.store.transaction(async (tx) => {
      await tx.appendAccess([
        entry('person:old', 'airline', T0 - 3 * YEAR),
        entry('person:old', 'bank', T0 - 3 * YEAR),
        entry('person:listed', 'airline', T0 - 3 * YEAR),
        entry('person:old', 'airline', T0 - 30 * DAY),
      ]);
      await tx.insertListing({
        authority: 'city',
        scheme: 'civic',
        list: 'ban',
        listType: 'blacklist',
        subject: 'person:listed',
        version: 1,
        noticedAt: T0 - 4 * YEAR,
        state: 'active',
        effectAt: T0 - 4 * YEAR,
        activeSince: T0 - 4 * YEAR,
        appealed: false,
        endedAt: null,
        endReason: null,
        term: 'P5Y',
        termEndsAt: T0 + YEAR,
        receivedAt: T0 - 4 * YEAR,
      });
    });
    expect(await setAccessRetention(deps, 'bank', 'P5Y')).toBe(true);
    expect(await setAccessRetention(deps, 'bank', 'P5Y')).toBe(false);
    expect(await accessRetention(deps)).toEqual({
      default: { keep: 'P2Y', builtIn: true },
      parties: [{ party: 'bank', keep: 'P5Y' }],
      appliedAt: null,
    });

    const results = await applyAccessRetention(deps);
    expect(results.map((r) => [r.party, r.deleted])).toEqual([
      ['bank', 0],
      [null, 1],
    ]);
    expect(await log(deps, 'person:old')).toEqual(['bank@-1095', 'airline@-30']);
    expect(await log(deps, 'person:listed')).toEqual(['airline@-1095']);
    expect(await operatorEntries(deps)).toEqual([
      { type: 'access-log-retention', payload: { party: 'bank', keep: 'P5Y' } },
      { type: 'access-log-deletion', payload: { party: null, before: expect.any(String) as unknown, count: 1 } },
    ]);
    // The operator chain verifies (the listing, stored by hand here, has no entry of its own).
    expect((await verifyAudit(deps)).problems.filter((p) => p.table !== 'listings')).toEqual([]);

    // Once the listing has ended, its subject's old entries go too.
    await deps.store.transaction(async (tx) => {
      const [l] = await tx.listingsOfSubject('person:listed');
      await tx.updateListing(l!.id, { ...l!, state: 'ended', endedAt: T0 - DAY, endReason: 'condition-stopped' });
    });
    await applyAccessRetention(deps);
    expect(await log(deps, 'person:listed')).toEqual([]);
  });

  it('runs in the sweep once a day', async () => {
    const deps = await engine();
    await deps.store.transaction((tx) => tx.appendAccess([entry('person:a', 'airline', T0 - 3 * YEAR)]));
    await sweep(deps);
    expect(await log(deps, 'person:a')).toEqual([]);
    await deps.store.transaction((tx) => tx.appendAccess([entry('person:a', 'airline', T0 - 3 * YEAR)]));
    deps.clock.set(T0 + DAY / 2);
    await sweep(deps);
    expect(await log(deps, 'person:a')).toEqual(['airline@-1095']);
    deps.clock.set(T0 + DAY);
    await sweep(deps);
    expect(await log(deps, 'person:a')).toEqual([]);
  });

  it('refuses a period below the floor and an unknown party', async () => {
    const deps = await engine();
    expect(codeOf(await setAccessRetention(deps, null, 'P6M').catch((e: unknown) => e))).toBe('DURATION_INVALID');
    expect(codeOf(await setAccessRetention(deps, null, 'P300D').catch((e: unknown) => e))).toBe('DURATION_INVALID');
    expect(codeOf(await setAccessRetention(deps, 'nobody', 'P2Y').catch((e: unknown) => e))).toBe('PARTY_NOT_FOUND');
    expect(await setAccessRetention(deps, null, 'P1Y')).toBe(true);
    expect((await accessRetention(deps)).default).toEqual({ keep: 'P1Y', builtIn: false });
  });

  it('finds a sound storage sound', async () => {
    const deps = await engine();
    expect(await deps.store.checkStorage()).toEqual({ ok: true, problems: [] });
    expect(await deps.store.checkStorage({ quick: true })).toEqual({ ok: true, problems: [] });
  });
});
