import { fixedClock } from '../engine/clock.js';
import { refreshAll, refreshScheme } from '../engine/evaluation/derive.js';
import { activeSchemes } from '../engine/evaluation/schemes.js';
import { simulateScheme } from '../engine/evaluation/simulate.js';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import { NOW, type BenchPaths } from './bench-config.js';
import type { PhaseResult, SchemeTiming } from './phase.js';
import { settle } from './phase.js';

/**
 * Phase 2: on the database phase 1(a) built, every active scheme re-evaluated from
 * scratch: all schemes in one pass from their kept rule matches (the figure compared with
 * the baseline), then each scheme alone, then all schemes once more with their kept
 * matches dropped, so from the records themselves (what new versions of every scheme cost).
 */
export async function standingReevaluate(paths: BenchPaths, expected: number): Promise<Omit<PhaseResult, 'maxRssKiB'>> {
  const store = openSqliteStore(paths.standingDb);
  const clock = fixedClock(NOW);
  try {
    const schemes = await store.transaction((tx) => activeSchemes(tx));
    const runTx = store.transaction.bind(store);
    const timings: SchemeTiming[] = [];
    settle();
    // The full pass: every scheme at once, each subject's kept matches read once.
    const started = performance.now();
    const all = await refreshAll(runTx, schemes, clock.now());
    const seconds = (performance.now() - started) / 1000;
    timings.push({ scheme: 'all schemes together', seconds, subjects: all });
    // Then each scheme alone.
    for (const s of schemes) {
      const t0 = performance.now();
      const subjects = await refreshScheme(runTx, s, clock.now());
      timings.push({ scheme: s.ref.scheme, seconds: (performance.now() - t0) / 1000, subjects });
    }
    // Then everything from the records, refilling the kept matches, as new versions of every scheme would.
    await store.transaction(async (tx) => tx.dropMatchSets((await tx.matchSets()).map((m) => m.id)));
    settle();
    const t1 = performance.now();
    const fromRecords = await refreshAll(runTx, schemes, clock.now());
    timings.push({
      scheme: 'all schemes from records',
      seconds: (performance.now() - t1) / 1000,
      subjects: fromRecords,
    });
    // A simulation of a new city-citizen version (SPEC §12): every subject judged from its records
    // under the draft and the live version, writing nothing; then what publishing that version
    // costs, city-citizen from its records alone.
    const citizen = schemes.find((s) => s.ref.scheme === 'city-citizen');
    if (citizen) {
      const row = await store.transaction(async (tx) => (await tx.schemeVersions('city-citizen')).at(-1)!);
      const draft = row.source.replace('points: -5\n', 'points: -8\n');
      settle();
      const t2 = performance.now();
      const sim = await simulateScheme({ store, clock }, draft);
      timings.push({
        scheme: 'simulate city-citizen',
        seconds: (performance.now() - t2) / 1000,
        subjects: sim.subjects.read,
      });
      await store.transaction(async (tx) =>
        tx.dropMatchSets((await tx.matchSets()).filter((m) => m.scheme === 'city-citizen').map((m) => m.id)),
      );
      settle();
      const t3 = performance.now();
      const n = await refreshScheme(runTx, citizen, clock.now());
      timings.push({ scheme: 'city-citizen from records', seconds: (performance.now() - t3) / 1000, subjects: n });
    }
    return {
      phase: 'standing-reevaluate',
      seconds,
      records: expected,
      detail: { schemes: schemes.length },
      schemes: timings,
    };
  } finally {
    await store.close();
  }
}
