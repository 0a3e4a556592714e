import type { SubjectState } from '../store/store.js';
import type { EngineDeps } from './deps.js';
import { refreshScheme, refreshSubjects, SUBJECT_BATCH } from './derive.js';
import { activeSchemes } from './schemes.js';

export interface SweepResult {
  /** Subjects re-evaluated because their records or consent changed. */
  readonly dirty: number;
  /** Subject states re-evaluated because their next-change instant came. */
  readonly due: number;
  /** Whether everything was re-evaluated because the clock went back. */
  readonly full: boolean;
}

const LAST_SWEEP = 'last_sweep';

/**
 * Performs every time-driven and pending step due at the clock's now (SPEC §6),
 * using each state's stored next-change instant rather than scanning everyone.
 */
export async function sweep(deps: EngineDeps): Promise<SweepResult> {
  const now = deps.clock.now();
  const { store } = deps;
  const runTx = store.transaction.bind(store);
  const last = await store.transaction((tx) => tx.getMeta(LAST_SWEEP));
  if (last !== undefined && Number(last) > now) {
    // Derived state is "as of the last sweep"; an earlier clock (STANDING_NOW replays) needs it rebuilt.
    const schemes = await store.transaction((tx) => activeSchemes(tx));
    for (const s of schemes) await refreshScheme(runTx, s, now);
    await store.transaction(async (tx) => {
      while ((await tx.takeDirty(SUBJECT_BATCH)).length > 0);
      await tx.setMeta(LAST_SWEEP, String(now));
    });
    return { dirty: 0, due: 0, full: true };
  }
  let dirty = 0;
  for (;;) {
    const n = await store.transaction(async (tx) => {
      const subjects = await tx.takeDirty(SUBJECT_BATCH);
      if (subjects.length > 0) await refreshSubjects(tx, await activeSchemes(tx), subjects, now);
      return subjects.length;
    });
    dirty += n;
    if (n === 0) break;
  }
  let due = 0;
  for (;;) {
    const n = await store.transaction(async (tx) => {
      const states = await tx.dueStates(now, SUBJECT_BATCH);
      if (states.length === 0) return 0;
      const schemes = await activeSchemes(tx);
      const bySchemes = new Map<string, SubjectState[]>();
      for (const st of states) {
        const k = `${st.authority}\u0000${st.scheme}`;
        const list = bySchemes.get(k);
        if (list) list.push(st);
        else bySchemes.set(k, [st]);
      }
      for (const s of schemes) {
        const list = bySchemes.get(`${s.ref.authority}\u0000${s.ref.scheme}`);
        if (list) await refreshSubjects(tx, [s], list.map((x) => x.subject), now);
      }
      return states.length;
    });
    due += n;
    if (n === 0) break;
  }
  await store.transaction((tx) => tx.setMeta(LAST_SWEEP, String(now)));
  return { dirty, due, full: false };
}
