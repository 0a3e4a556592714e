import type { SchemeVersionRow, StateSummary } from '../../store/store.js';
import type { EngineDeps } from '../deps.js';
import { compileStored, loadRegistry } from '../evaluation/schemes.js';

/** One published scheme version in the demo's summary: how its subjects are graded, grades in the scheme's order. */
export interface SchemeSummary {
  readonly version: SchemeVersionRow;
  readonly judged: number;
  readonly grades: StateSummary['grades'];
  readonly lists: StateSummary['lists'];
}

/** Every published scheme version's grades and lists (`standing demo`), in one read. */
export async function schemeSummaries(deps: Pick<EngineDeps, 'store'>): Promise<SchemeSummary[]> {
  return deps.store.read(async (tx) => {
    const registry = await loadRegistry(tx);
    const out: SchemeSummary[] = [];
    for (const s of await tx.schemeVersions()) {
      const sum = await tx.summarizeStates(s);
      const order = new Map<string | null, number>();
      compileStored(s, registry).doc.grades.forEach((g, i) => order.set(g.id, i));
      const grades = [...sum.grades].sort((a, b) => (order.get(a.grade) ?? 99) - (order.get(b.grade) ?? 99));
      out.push({ version: s, judged: sum.judged, grades, lists: sum.lists });
    }
    return out;
  });
}

/** The demo's due-process counts: listings by state, appeals by outcome, active sanctions, checks logged. */
export async function dueProcessCounts(deps: Pick<EngineDeps, 'store'>) {
  return deps.store.read(async (tx) => ({
    listings: await tx.countListings(),
    sanctions: await tx.countSanctions(),
    pending: (await tx.appealsOf({ state: 'pending' })).length,
    upheld: (await tx.appealsOf({ state: 'upheld' })).length,
    overturned: (await tx.appealsOf({ state: 'overturned' })).length,
    access: await tx.countAccess(),
  }));
}
