import fc from 'fast-check';
import { expect, it } from 'vitest';
import { generateCity } from '../../demo/city-generator.js';
import { describeStores, exampleScheme, linesOf, testEngineOn } from '../../test-support/engine.js';
import type { EngineDeps } from '../deps.js';
import { importRecords } from '../ingest/ingest.js';
import { grantShare, revokeShare } from '../tenancy/sharing.js';
import { publishScheme } from './publish.js';
import { sweep } from './sweep.js';
import { backtestInstants, backtestScheme, simulateScheme, type FactSources, type Simulation } from './simulate.js';

const END = Date.parse('2026-06-01T00:00:00Z');
const REF = { authority: 'city', scheme: 'city-citizen' };

async function city(deps: EngineDeps, persons = 250): Promise<void> {
  await deps.store.transaction(async (tx) => {
    await tx.ensureAuthorities(['city', 'court'], 0);
    for (const act of ['flight.board', 'internet.bandwidth', 'education.enroll', 'rental.deposit'])
      await tx.addGrant('city', act, 0);
  });
  await grantShare(deps, { from: 'court', to: 'city', purpose: 'Theft convictions count in the civic score' });
  const records = [
    ...generateCity({ persons, businesses: 10, seed: 11, start: Date.parse('2023-01-01T00:00:00Z'), end: END }),
  ]
    .filter((e) => e.type === 'record')
    .map((e) => e.record)
    .filter((r) => r.authority === 'city' || r.authority === 'court');
  await importRecords(deps, linesOf(records, 500));
}

/** The base scheme with its `lists:` section (and the jaywalking points) replaced. */
function variant(lists: string, jaywalking: number): string {
  const base = exampleScheme('city-citizen');
  const head = base.slice(0, base.indexOf('\nlists:'));
  return `${head.replace('points: -5\n', `points: ${jaywalking}\n`)}\nlists:\n${lists}`;
}

const SANCTIONS: Record<string, string> = {
  blacklist: `    sanctions:
      - action: flight.board
        effect: deny
        justification: Travel restrictions enforce judgments
        basis: Court enforcement rules art. 3
`,
  redlist: `    sanctions:
      - { action: rental.deposit, effect: waive }
`,
  watchlist: '',
};

/** A small grammar of list conditions over the test city. */
const atom = fc.oneof(
  fc.constantFrom('AAA', 'AA', 'A', 'B', 'C', 'D').map((g) => `subject.grade == "${g}"`),
  fc.constantFrom(600, 850, 960, 1000, 1030).map((n) => `subject.score < ${n}`),
  fc
    .constantFrom('court.judgment_unfulfilled', 'court.conviction', 'traffic.violation', 'civic.volunteering')
    .map((k) => `subject.records.exists(r, r.kind == "${k}")`),
);
const condition = fc.oneof(
  atom,
  fc.tuple(atom, fc.constantFrom('||', '&&'), atom).map(([a, op, b]) => `(${a}) ${op} (${b})`),
);
const listsArb = fc
  .uniqueArray(
    fc.record({
      id: fc.constantFrom('air-travel-ban', 'bandwidth-limit', 'watch', 'honour-roll'),
      when: condition,
    }),
    { minLength: 1, maxLength: 3, selector: (l) => l.id },
  )
  .map((ls) =>
    ls
      .map((l) => {
        const type = l.id === 'honour-roll' ? 'redlist' : l.id === 'watch' ? 'watchlist' : 'blacklist';
        // Conditions may read records of other domains (court, traffic): justified, as SPEC §5 asks.
        const ground =
          '    dataJustification: Conduct recorded by the city and its courts\n    basis: Test city regulation 1\n';
        return `  - id: ${l.id}\n    type: ${type}\n    when: '${l.when}'\n${ground}${SANCTIONS[type]}`;
      })
      .join(''),
  );
const draftArb = fc.tuple(listsArb, fc.constantFrom(-5, -40, -120)).map(([l, j]) => variant(l, j));

async function fingerprint(deps: EngineDeps): Promise<unknown> {
  return deps.store.transaction(async (tx) => ({
    heads: await tx.auditHeads(),
    versions: (await tx.schemeVersions()).length,
    open: await Promise.all(
      ['air-travel-ban', 'bandwidth-limit', 'watch', 'honour-roll', 'higher-education-bar'].map((l) =>
        tx.openListingsOfList(REF, l),
      ),
    ),
    states: await tx.statesAfter(REF, null, 100_000),
    sets: await tx.matchSets(),
  }));
}

/** What publishing did: per list, the subjects newly noticed and those whose listings carried on. */
async function published(deps: EngineDeps, sim: Simulation, version: number, at: number) {
  return deps.store.transaction(async (tx) => {
    const out: Record<string, { notices: string[]; carriedOn: number }> = {};
    for (const l of sim.lists) {
      const open = await tx.openListingsOfList(REF, l.list);
      out[l.list] = {
        notices: open
          .filter((x) => x.version === version && x.noticedAt === at)
          .map((x) => x.subject)
          .sort(),
        carriedOn: open.filter((x) => x.version < version).length,
      };
    }
    return out;
  });
}

/** Simulates the draft, publishes it, and checks that publishing did what the simulation said. */
async function sameAsPublishing(
  deps: Awaited<ReturnType<typeof testEngineOn>>,
  draft: string,
  sweepFirst = true,
): Promise<{ sim: Simulation; sources: FactSources }> {
  deps.clock.advance(3 * 86_400_000);
  if (sweepFirst) await sweep(deps);
  const now = deps.clock.now();
  const before = await fingerprint(deps);
  const sources: FactSources = { keptBefore: 0, keptAfter: 0, freshRead: 0, recordsAfter: 0 };
  const sim = await simulateScheme(deps, draft, { sources });
  expect(await fingerprint(deps)).toEqual(before);
  const r = await publishScheme(deps, draft);
  expect(r.created).toBe(true);
  expect(sim.draftVersion).toBe(r.version);
  const did = await published(deps, sim, r.version, now);
  for (const l of sim.lists) {
    if (l.removed) continue;
    expect({ list: l.list, notices: [...l.notices.subjects].sort() }).toEqual({
      list: l.list,
      notices: did[l.list]!.notices,
    });
    expect(l.notices.count).toBe(did[l.list]!.notices.length);
    expect({ list: l.list, carriedOn: l.carriedOn.count }).toEqual({ list: l.list, carriedOn: did[l.list]!.carriedOn });
  }
  // The grades publishing stored are those the simulation predicted.
  const states = await deps.store.transaction((tx) => tx.statesAfter(REF, null, 100_000));
  const stored = new Map<string, number>();
  for (const st of states) if (st.judged && st.grade !== null) stored.set(st.grade, (stored.get(st.grade) ?? 0) + 1);
  expect(Object.fromEntries([...stored].sort())).toEqual(
    Object.fromEntries(Object.entries(sim.grades.after).filter(([g, n]) => g !== '-' && n > 0)),
  );
  expect(sim.subjects.judgedAfter).toBeGreaterThan(0);
  return { sim, sources };
}

/** The example scheme with `from` replaced by `to` (which must occur). */
function edited(source: string, from: string, to: string): string {
  expect(source).toContain(from);
  return source.replace(from, to);
}

describeStores('scheme simulation', (store) => {
  it('judges drafts from the kept matches where it can, and says what publishing then does', async () => {
    const deps = await testEngineOn(store, END);
    await city(deps, 200);
    let current = exampleScheme('city-citizen');
    await publishScheme(deps, current);
    const step = async (to: string) => {
      const out = await sameAsPublishing(deps, to);
      current = to;
      return out.sources;
    };
    // One rule's points: no record is read, every subject from kept matches.
    let s = await step(edited(current, 'points: -5\n', 'points: -40\n'));
    expect(s).toMatchObject({ keptAfter: s.keptBefore, freshRead: 0, recordsAfter: 0 });
    expect(s.keptBefore).toBeGreaterThan(0);
    // Only a list: the same.
    s = await step(edited(current, 'when: subject.score < 600', 'when: subject.score < 990'));
    expect(s).toMatchObject({ freshRead: 0, recordsAfter: 0 });
    // A rule's kind: matched afresh from the kept kind, still no record read.
    s = await step(
      edited(current, 'when: record.kind == "traffic.jaywalking"', 'when: record.kind == "traffic.violation"'),
    );
    expect(s).toMatchObject({ freshRead: 0, recordsAfter: 0 });
    // A rule's condition on data: the records of its kind are read, of those who have any.
    s = await step(edited(current, 'points: -10 * record.data.severity\n', 'points: -25 * record.data.severity\n'));
    expect(s.freshRead).toBeGreaterThan(0);
    expect(s.freshRead).toBeLessThan(s.keptAfter);
    expect(s.recordsAfter).toBe(0);
    // A new rule, then the same rule removed.
    const added = edited(
      current,
      '\nlists:',
      '  - id: big-volunteer\n    when: record.kind == "civic.volunteering" && record.data.hours > 3\n    points: 15\n\nlists:',
    );
    s = await step(added);
    expect(s.freshRead).toBeGreaterThan(0);
    s = await step(
      current.slice(0, current.indexOf('  - id: jaywalking\n')) +
        current.slice(current.indexOf('  - id: bad-driving\n')),
    );
    expect(s).toMatchObject({ freshRead: 0, recordsAfter: 0 });
    // A cap is applied when scoring: still from kept matches.
    s = await step(edited(current, 'cap: { points: 50, per: P1Y }', 'cap: { points: 8, per: P30D }'));
    expect(s).toMatchObject({ freshRead: 0, recordsAfter: 0 });
    // A lapse changes every match's end: that rule is matched afresh from its records.
    s = await step(edited(current, 'lapse: P3Y', 'lapse: P4M'));
    expect(s.freshRead).toBeGreaterThan(0);
  }, 240_000);

  it('reads from their records the subjects whose records changed since their matches were kept', async () => {
    const deps = await testEngineOn(store, END);
    await city(deps, 120);
    await publishScheme(deps, exampleScheme('city-citizen'));
    // Later records of many subjects, imported as an authority would (marked dirty until the next pass).
    const later = [...generateCity({ persons: 120, businesses: 10, seed: 12, start: END - 200 * 86_400_000, end: END })]
      .filter((e) => e.type === 'record')
      .map((e) => ({ ...e.record, key: `later-${e.record.key}` }))
      .filter((r) => r.authority === 'city');
    await importRecords(deps, linesOf(later, 500), { deferDerive: true });
    const dirty = await deps.store.transaction((tx) => tx.dirtyBetween(null, '\u{10FFFF}'));
    expect(dirty.length).toBeGreaterThan(0);
    const { sources } = await sameAsPublishing(
      deps,
      variant(`  - id: watch\n    type: watchlist\n    when: subject.score < 1000\n`, -40),
      false,
    );
    expect(sources.recordsAfter).toBeGreaterThan(0);
    expect(sources.keptAfter).toBeGreaterThan(0);
  }, 120_000);

  it('writes nothing, and says what publishing then does (random drafts)', async () => {
    const deps = await testEngineOn(store, END);
    await city(deps);
    await publishScheme(deps, exampleScheme('city-citizen'));
    const runs = store === 'sqlite' ? 8 : 4;
    await fc.assert(
      fc.asyncProperty(draftArb, async (draft) => {
        // Time passes between versions: windows pass, notices default to received.
        deps.clock.advance(3 * 86_400_000);
        // What is due is taken first, as the server does every 30 seconds (docs/decisions.md, Simulation).
        await sweep(deps);
        const now = deps.clock.now();
        const before = await fingerprint(deps);
        const sim = await simulateScheme(deps, draft);
        expect(await fingerprint(deps)).toEqual(before);
        const r = await publishScheme(deps, draft);
        if (!r.created) return;
        expect(sim.draftVersion).toBe(r.version);
        const did = await published(deps, sim, r.version, now);
        for (const l of sim.lists) {
          if (l.removed) continue;
          expect({ list: l.list, notices: [...l.notices.subjects].sort() }).toEqual({
            list: l.list,
            notices: did[l.list]!.notices,
          });
          expect(l.notices.count).toBe(did[l.list]!.notices.length);
          expect({ list: l.list, carriedOn: l.carriedOn.count }).toEqual({
            list: l.list,
            carriedOn: did[l.list]!.carriedOn,
          });
        }
        expect(sim.subjects.judgedAfter).toBeGreaterThan(0);
      }),
      { numRuns: runs, seed: 20261207 },
    );
  }, 240_000);

  it('reports grades, transitions, sanctions and samples against the latest or a named version', async () => {
    const deps = await testEngineOn(store, END);
    await city(deps, 150);
    await publishScheme(deps, exampleScheme('city-citizen'));
    const harsher = variant(
      `  - id: air-travel-ban\n    type: blacklist\n    when: subject.score < 1000\n${SANCTIONS.blacklist}`,
      -120,
    );
    const sim = await simulateScheme(deps, harsher);
    expect(sim.against).toEqual({ scheme: 'city-citizen', version: 1 });
    expect(sim.draftVersion).toBe(2);
    const total = (m: Record<string, number>): number => Object.values(m).reduce((a, b) => a + b, 0);
    expect(total(sim.grades.before)).toBe(total(sim.grades.after));
    expect(sim.grades.transitions.reduce((a, t) => a + t.count, 0)).toBe(total(sim.grades.before));
    const ban = sim.lists.find((l) => l.list === 'air-travel-ban')!;
    expect(ban.changed).toBe(true);
    // A changed list: every open listing ends, and whoever qualifies gets a new notice.
    expect(ban.carriedOn.count).toBe(0);
    expect(ban.notices.count).toBe(ban.entering.count + ban.staying.count - ban.exempt.count);
    expect(sim.lists.find((l) => l.list === 'honour-roll')!.removed).toBe(true);
    expect(sim.sanctions.find((s) => s.action === 'flight.board')!.subjects).toBeGreaterThan(0);
    for (const t of sim.samples) {
      expect(t.subjects.length).toBeGreaterThan(0);
      expect(t.subjects.length).toBeLessThanOrEqual(3);
    }
    expect(sim.proportionality.map((p) => p.action)).toEqual(['flight.board']);
    // Against itself, a draft changes nothing.
    await publishScheme(deps, harsher);
    const same = await simulateScheme(deps, exampleScheme('city-citizen'), { against: 'city-citizen@1' });
    expect(same.against).toEqual({ scheme: 'city-citizen', version: 1 });
    expect(same.grades.transitions.every((t) => t.from === t.to)).toBe(true);
    expect(same.lists.every((l) => l.entering.count === 0 && l.leaving.count === 0)).toBe(true);
  }, 120_000);

  it('refuses a draft whose source does not share with it, as publishing would', async () => {
    const deps = await testEngineOn(store, END);
    await city(deps, 20);
    await revokeShare(deps, { from: 'court', to: 'city' });
    await expect(simulateScheme(deps, exampleScheme('city-citizen'))).rejects.toMatchObject({
      code: 'SOURCE_NOT_SHARED',
    });
  });

  it('backtests month by month over the records that occurred by each step', async () => {
    const deps = await testEngineOn(store, END);
    await city(deps, 100);
    await publishScheme(deps, exampleScheme('city-citizen'));
    const steps = backtestInstants(Date.parse('2025-01-01T00:00:00Z'), Date.parse('2025-06-01T00:00:00Z'), 'P1M');
    expect(steps.map((t) => new Date(t).toISOString().slice(0, 10))).toEqual([
      '2025-01-01',
      '2025-02-01',
      '2025-03-01',
      '2025-04-01',
      '2025-05-01',
      '2025-06-01',
    ]);
    const b = await backtestScheme(
      deps,
      variant(`  - id: watch\n    type: watchlist\n    when: subject.score < 1000\n`, -40),
      steps,
    );
    expect(b.steps).toHaveLength(6);
    const single = await simulateScheme(
      deps,
      variant(`  - id: watch\n    type: watchlist\n    when: subject.score < 1000\n`, -40),
      {
        at: steps[3]!,
      },
    );
    expect(b.steps[3]!.subjects).toEqual(single.subjects);
    const w = single.lists.find((l) => l.list === 'watch')!;
    expect(b.steps[3]!.lists.find((l) => l.list === 'watch')).toEqual({
      list: 'watch',
      before: 0,
      after: w.entering.count + w.staying.count,
      entering: w.entering.count,
      leaving: 0,
    });
  }, 120_000);
});
