import { expect, it } from 'vitest';
import { OVER_BUDGET } from '../../core/cel-limits.js';
import { describeStores, exampleScheme, linesOf, testEngineOn } from '../../test-support/engine.js';
import { importRecords } from '../ingest/ingest.js';
import { grantShare } from '../tenancy/sharing.js';
import { publishScheme } from './publish.js';
import { explainSubject } from './queries.js';

/**
 * SPEC §3 "Evaluation is bounded": one authority's hostile scheme, fed its own records, costs
 * the shared service a bounded time. The regex backtracks exponentially under a backtracking
 * engine (2^28 steps per record here); the list condition is quadratic in the subject's
 * records, so it passes the static estimate (50 records assumed) but 600 records blow its
 * runtime budget. Both must end as rule errors in the explanation, the import in bounded time.
 */
const HOSTILE = `
scheme: hostile
authority: mallory
context: civic
subjects: [person]
score: { base: 100 }
rules:
  - id: redos
    when: record.kind == "probe" && record.data.s.matches("^(a+)+$")
    dataJustification: Reads records of other domains to test bounded evaluation
    basis: Test fixture
    points: -1
  - id: any
    when: record.kind == "filler"
    dataJustification: Reads records of other domains to test bounded evaluation
    basis: Test fixture
    points: 0
lists:
  - id: pairs
    type: watchlist
    when: subject.records.exists(a, subject.records.exists(b, a.key + b.key == "never"))
    dataJustification: Reads records of other domains to test bounded evaluation
    basis: Test fixture
`;

describeStores('bounded evaluation', (store) => {
  it("a hostile scheme's import ends in bounded time, its explanation shows the rule errors, and another authority's scheme is unaffected", async () => {
    const deps = await testEngineOn(store);
    await deps.store.transaction(async (tx) => {
      await tx.ensureAuthorities(['city', 'court', 'mallory'], 0);
      for (const act of ['flight.board', 'internet.bandwidth', 'education.enroll', 'rental.deposit'])
        await tx.addGrant('city', act, 0);
    });
    await grantShare(deps, { from: 'court', to: 'city', purpose: 'Court records in civic scores' });
    await publishScheme(deps, exampleScheme('city-citizen'));
    await publishScheme(deps, HOSTILE);
    const at = '2026-05-01T00:00:00.000Z';
    const hostile = [
      ...Array.from({ length: 3 }, (_, i) => ({ key: `p${i}`, kind: 'probe', data: { s: `${'a'.repeat(28)}!` } })),
      ...Array.from({ length: 600 }, (_, i) => ({ key: `f${i}`, kind: 'filler', data: {} })),
    ].map((r) => ({ ...r, authority: 'mallory', subject: 'person:victim', occurredAt: at }));
    const benign = {
      key: 'j1',
      authority: 'city',
      subject: 'person:alice',
      kind: 'traffic.jaywalking',
      occurredAt: at,
      data: {},
    };

    // A heartbeat on the event loop: how long other requests (another authority's checks) wait at most.
    let last = performance.now();
    let longestWait = 0;
    const beat = setInterval(() => {
      const now = performance.now();
      longestWait = Math.max(longestWait, now - last);
      last = now;
    }, 5);
    const t0 = performance.now();
    const counts = await importRecords(deps, linesOf([...hostile, benign], 250)).finally(() => clearInterval(beat));
    const elapsed = performance.now() - t0;
    // Generous for a loaded CI machine; one backtracking match alone held the loop for seconds.
    expect(longestWait).toBeLessThan(1000);
    expect(counts).toMatchObject({ accepted: hostile.length + 1, rejected: 0 });
    expect(elapsed).toBeLessThan(3000);

    const { evaluation: e } = await explainSubject(deps, 'person:victim', 'hostile', { authority: 'mallory' });
    // The regex runs in linear time: `aaa…!` does not match, so no points and no error.
    expect(e.contributions.filter((c) => c.rule === 'redos')).toEqual([]);
    expect(e.errors).toEqual([{ rule: 'pairs', site: 'list', message: OVER_BUDGET }]);
    expect(e.listValues).toEqual([{ id: 'pairs', value: false, error: OVER_BUDGET }]);
    expect(e.score).toBe(100);

    const { evaluation: city } = await explainSubject(deps, 'person:alice', 'city-citizen', { authority: 'city' });
    expect(city.errors).toEqual([]);
    expect(city.score).toBe(995);
    await deps.store.close();
  }, 60_000);
});
