import { expect, it } from 'vitest';
import { generateCity } from '../../demo/city-generator.js';
import type { SubjectState } from '../../store/store.js';
import { describeStores, exampleScheme, linesOf, testEngineOn } from '../../test-support/engine.js';
import type { EngineDeps } from '../deps.js';
import { refreshAll, refreshScheme } from './derive.js';
import { importRecords } from '../ingest/ingest.js';
import { grantShare } from '../tenancy/sharing.js';
import { publishScheme } from './publish.js';
import { activeSchemes } from './schemes.js';
import { sweep } from './sweep.js';

const SCHEMES = ['city-citizen', 'court-debtors', 'tax-credit', 'acme-rentals'];

async function grantAndPublish(deps: EngineDeps): Promise<void> {
  await deps.store.transaction(async (tx) => {
    await tx.ensureAuthorities(['city', 'court', 'tax', 'acme'], 0);
    for (const [a, actions] of Object.entries({
      city: ['flight.board', 'internet.bandwidth', 'education.enroll', 'rental.deposit'],
      court: ['flight.board', 'rail.high_speed.board'],
      tax: ['rental.deposit', 'rail.high_speed.board', 'education.enroll', 'internet.bandwidth', 'flight.board'],
      acme: ['rental.deposit'],
    })) {
      for (const act of actions) await tx.addGrant(a, act, 0);
    }
  });
  await grantShare(deps, { from: 'court', to: 'city', purpose: 'Theft convictions count in the civic score' });
  await grantShare(deps, { from: 'court', to: 'acme', purpose: 'Judgments inform deposit waivers' });
  for (const s of SCHEMES) await publishScheme(deps, exampleScheme(s));
}

async function allStates(deps: EngineDeps): Promise<SubjectState[]> {
  const out: SubjectState[] = [];
  const schemes = await deps.store.transaction((tx) => activeSchemes(tx));
  for (const s of schemes) {
    let after: string | null = null;
    for (;;) {
      const page: SubjectState[] = await deps.store.transaction((tx) => tx.statesAfter(s.ref, after, 500));
      if (page.length === 0) break;
      out.push(...page.map((p) => ({ ...p, evaluatedAt: 0 })));
      after = page[page.length - 1]!.subject;
    }
  }
  return out;
}

describeStores('derived state', (store) => {
  it('incremental updates after each import equal a full re-evaluation', async () => {
    const end = Date.parse('2026-06-01T00:00:00Z');
    const deps = await testEngineOn(store, end);
    await grantAndPublish(deps);
    const records = [
      ...generateCity({ persons: 600, businesses: 40, seed: 7, start: Date.parse('2022-01-01T00:00:00Z'), end }),
    ]
      .filter((e) => e.type === 'record')
      .map((e) => e.record);
    // Import in three slices with time passing between them, so lapses and sweeps interleave.
    const third = Math.ceil(records.length / 3);
    for (let i = 0; i < 3; i++) {
      const counts = await importRecords(deps, linesOf(records.slice(i * third, (i + 1) * third), 250));
      expect(counts.rejected).toBe(0);
    }
    deps.clock.advance(200 * 86_400_000);
    await sweep(deps);
    const incremental = await allStates(deps);
    expect(incremental.length).toBeGreaterThan(500);

    const schemes = await deps.store.transaction((tx) => activeSchemes(tx));
    for (const s of schemes) await refreshScheme(deps.store.transaction.bind(deps.store), s, deps.clock.now());
    const full = await allStates(deps);
    expect(incremental).toEqual(full);

    // A subject whose records changed (dirty) is read from its records in a full pass, under
    // every scheme: the pass must read every scheme's sources, not only the first one's.
    const taxed = full.filter((x) => x.scheme === 'tax-credit').map((x) => x.subject);
    const both = taxed.find((x) => full.some((y) => y.subject === x && y.scheme !== 'tax-credit'));
    expect(both).toBeDefined();
    const late = {
      key: 'late-filing-extra',
      authority: 'tax',
      subject: both!,
      kind: 'tax.late_filing',
      occurredAt: new Date(deps.clock.now() - 86_400_000).toISOString(),
      data: {},
    };
    expect((await importRecords(deps, linesOf([late], 10), { deferDerive: true })).accepted).toBe(1);
    await refreshAll(deps.store.transaction.bind(deps.store), schemes, deps.clock.now());
    const passed = await allStates(deps);
    await sweep(deps);
    expect(await allStates(deps)).toEqual(passed);
    expect(passed.some((x) => x.subject === both && x.scheme === 'tax-credit')).toBe(true);
    await deps.store.transaction((tx) =>
      tx.retractRecord({ authority: 'tax', key: 'late-filing-extra', reason: 'test', at: deps.clock.now(), by: null }),
    );
    await deps.store.transaction((tx) => tx.markDirty([both!]));
    await sweep(deps);
    expect(await allStates(deps)).toEqual(full);

    // A full pass writes only what changed, and removes states no facts support: before the
    // first subject, between two, and after the last.
    const stray = (subject: string): SubjectState => ({ ...full[0]!, subject, score: 1, evaluatedAt: 0 });
    const citizens = full.filter((x) => x.scheme === 'city-citizen').map((x) => x.subject);
    const between = `${citizens[10]!}-stray`;
    await deps.store.transaction((tx) =>
      tx.putStates([stray('person:!before'), stray(between), stray('person:~after')]),
    );
    const refreshed = await deps.store.transaction((tx) => tx.getStates(full[0]!, [full[0]!.subject]));
    await deps.store.transaction((tx) => tx.putStates([{ ...refreshed[0]!, score: -42 }]));
    for (const s of schemes) await refreshScheme(deps.store.transaction.bind(deps.store), s, deps.clock.now());
    expect(await allStates(deps)).toEqual(full);

    // That full pass scored from the kept rule matches (publishing filled every set). Dropping
    // them makes the next pass score from the records, refilling the sets: the same states.
    const sets = await deps.store.transaction((tx) => tx.matchSets());
    expect(sets.map((m) => m.complete)).toEqual(SCHEMES.map(() => true));
    await deps.store.transaction((tx) => tx.dropMatchSets(sets.map((m) => m.id)));
    for (const s of schemes) await refreshScheme(deps.store.transaction.bind(deps.store), s, deps.clock.now());
    expect(await allStates(deps)).toEqual(full);
    expect((await deps.store.transaction((tx) => tx.matchSets())).map((m) => m.complete)).toEqual(
      SCHEMES.map(() => true),
    );

    // Complete sets in another layout (kept by a Standing that packed other fields) are never
    // read, even holding nonsense: the next full pass rebuilds them from the records.
    const subjects = full.map((x) => x.subject);
    await deps.store.transaction(async (tx) => {
      const current = await tx.matchSets();
      await tx.dropMatchSets(current.map((m) => m.id));
      for (const m of current) {
        const old = await tx.ensureMatchSet(m, m.version, '0:older');
        await tx.replaceMatches(
          old.id,
          [],
          [...new Set(subjects)].map((subject) => ({
            set: old.id,
            subject,
            facts: { values: [0, 0, 7, 0], strings: [] },
          })),
        );
        await tx.completeMatchSet(old.id);
      }
    });
    deps.clock.advance(1);
    await sweep(deps);
    for (const s of schemes) await refreshScheme(deps.store.transaction.bind(deps.store), s, deps.clock.now() - 1);
    expect(await allStates(deps)).toEqual(full);
    expect(
      (await deps.store.transaction((tx) => tx.matchSets())).map((m) => [m.layout.startsWith('1:'), m.complete]),
    ).toEqual(SCHEMES.map(() => [true, true]));
    await deps.store.close();
  });
});
