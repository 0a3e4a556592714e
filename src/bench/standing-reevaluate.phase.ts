import { fixedClock } from '../engine/clock.js';
import { refreshScheme } from '../engine/derive.js';
import { activeSchemes } from '../engine/schemes.js';
import { openSqliteStore } from '../store/sqlite/sqlite-store.js';
import { NOW, type BenchPaths } from './bench-config.js';
import type { PhaseResult, SchemeTiming } from './phase.js';
import { settle } from './phase.js';

/**
 * Phase 2: on the database phase 1(a) built, every active scheme re-evaluated from
 * scratch (what publishing a new version of each costs), one scheme after another.
 */
export async function standingReevaluate(paths: BenchPaths, expected: number): Promise<Omit<PhaseResult, 'maxRssKiB'>> {
  const store = openSqliteStore(paths.standingDb);
  const clock = fixedClock(NOW);
  try {
    const schemes = await store.transaction((tx) => activeSchemes(tx));
    const runTx = store.transaction.bind(store);
    const timings: SchemeTiming[] = [];
    settle();
    const started = performance.now();
    for (const s of schemes) {
      const t0 = performance.now();
      const subjects = await refreshScheme(runTx, s, clock.now());
      timings.push({ scheme: s.ref.scheme, seconds: (performance.now() - t0) / 1000, subjects });
    }
    const seconds = (performance.now() - started) / 1000;
    return { phase: 'standing-reevaluate', seconds, records: expected, detail: { schemes: schemes.length }, schemes: timings };
  } finally {
    await store.close();
  }
}
