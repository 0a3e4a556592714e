import { fixedClock } from '../engine/clock.js';
import { refreshAll, refreshScheme } from '../engine/derive.js';
import { activeSchemes } from '../engine/schemes.js';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import { NOW, type BenchPaths } from './bench-config.js';
import type { PhaseResult, SchemeTiming } from './phase.js';
import { settle } from './phase.js';

/**
 * Phase 2: on the database phase 1(a) built, every active scheme re-evaluated from
 * scratch: all schemes in one pass (the figure compared with the baseline), then each
 * scheme alone (what publishing a new version of it costs).
 */
export async function standingReevaluate(paths: BenchPaths, expected: number): Promise<Omit<PhaseResult, 'maxRssKiB'>> {
  const store = openSqliteStore(paths.standingDb);
  const clock = fixedClock(NOW);
  try {
    const schemes = await store.transaction((tx) => activeSchemes(tx));
    const runTx = store.transaction.bind(store);
    const timings: SchemeTiming[] = [];
    settle();
    // The full pass: every scheme at once, each subject's records read once.
    const started = performance.now();
    const all = await refreshAll(runTx, schemes, clock.now());
    const seconds = (performance.now() - started) / 1000;
    timings.push({ scheme: 'all schemes together', seconds, subjects: all });
    // Then each scheme alone, as publishing a new version of it costs.
    for (const s of schemes) {
      const t0 = performance.now();
      const subjects = await refreshScheme(runTx, s, clock.now());
      timings.push({ scheme: s.ref.scheme, seconds: (performance.now() - t0) / 1000, subjects });
    }
    return { phase: 'standing-reevaluate', seconds, records: expected, detail: { schemes: schemes.length }, schemes: timings };
  } finally {
    await store.close();
  }
}
