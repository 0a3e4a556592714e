import type { EngineDeps } from '../deps.js';
import { refreshSubjects, SUBJECT_BATCH } from './derive.js';
import { lockChains } from '../audit/audit.js';
import { activateDue } from '../due-process/listings.js';
import { nextDue } from '../../core/listing-machine.js';
import { applyRetention } from '../ingest/retention.js';
import { applyAccessRetention } from '../decisions/access-retention.js';
import { activeSchemes, type ActiveScheme } from './schemes.js';
import { refreshShadows } from './shadow.js';
import type { StoreTx, SubjectState } from '../../store/store.js';
import { disputeDeadlineOf, passDisputeDeadline } from '../due-process/dispute-deadlines.js';

export interface SweepResult {
  /** Subjects re-evaluated because their records or consent changed. */
  readonly dirty: number;
  /** Subject states re-evaluated because their next-change instant came. */
  readonly due: number;
  /** Listings' time-driven steps (notices counting as received, windows passing, maximum terms ending) and dispute deadlines passing. */
  readonly windows: number;
  /** Records deleted by retention policies (applied at most once a day each; engine/ingest/retention.ts). */
  readonly deleted: number;
  /** Whether the clock is behind the last sweep, so nothing was done. */
  readonly behind: boolean;
}

const LAST_SWEEP = 'last_sweep';

/**
 * Performs every time-driven and pending step due at the clock's now (SPEC §6),
 * using each state's stored next-change instant rather than scanning everyone.
 */
export async function sweep(deps: EngineDeps): Promise<SweepResult> {
  const now = deps.clock.now();
  const { store } = deps;
  const last = await store.transaction((tx) => tx.getMeta(LAST_SWEEP));
  if (last !== undefined && Number(last) > now) {
    // Due process only moves forward: a clock set back (STANDING_NOW replays) changes nothing
    // until it passes the last sweep again; reads at such an instant evaluate directly.
    return { dirty: 0, due: 0, windows: 0, deleted: 0, behind: true };
  }
  // First, so the subjects of deleted records are re-derived below with the other dirty ones.
  const deleted = (await applyRetention(deps, { due: true })).reduce((n, r) => n + r.deleted.length, 0);
  // The access log's periods, once a day (engine/decisions/access-retention.ts).
  await applyAccessRetention(deps, { due: true });
  let dirty = 0;
  for (;;) {
    const n = await store.transaction(async (tx) => {
      // Shared: other processes re-evaluate other dirty subjects meanwhile, but no time-driven step runs beside this.
      await tx.lockSweep('shared');
      const subjects = await tx.takeDirty(SUBJECT_BATCH);
      if (subjects.length > 0) {
        await refreshSubjects(tx, await activeSchemes(tx), subjects, now);
        // Shadow versions beside the live ones, their states kept apart (SPEC §12).
        await refreshShadows(tx, subjects, now);
      }
      return subjects.length;
    });
    dirty += n;
    if (n === 0) break;
  }
  // Time-driven steps run in the order of their instants and are dated at them, not at
  // the sweep: a record that lapsed last week ends its listing as of last week.
  let due = 0;
  let windows = 0;
  for (;;) {
    // A look without the lock first: most sweeps find nothing due and need not queue for it.
    const anything = await store.transaction(
      async (tx) =>
        (await tx.dueStates(now, 1)).length > 0 ||
        (await tx.dueListings(now, 1)).length > 0 ||
        (await tx.overdueDisputes(now, 1)).length > 0,
    );
    if (!anything) break;
    const step = await store.transaction(async (tx) => {
      // Exclusive: one time-driven step at a time across every process, each seeing what the one before it did,
      // so a window passes and a lapse ends a listing exactly once (docs/fleet.md).
      await tx.lockSweep('exclusive');
      const ts = (await tx.dueStates(now, 1))[0]?.nextChange ?? Infinity;
      const first = (await tx.dueListings(now, 1))[0];
      const tw = first === undefined ? Infinity : (nextDue(first) ?? Infinity);
      const overdue = (await tx.overdueDisputes(now, 1))[0];
      const td = overdue === undefined ? Infinity : disputeDeadlineOf(overdue);
      if (ts === Infinity && tw === Infinity && td === Infinity) return 'done';
      const schemes = await activeSchemes(tx);
      if (td <= ts && td <= tw) {
        // A dispute's deadline passed undecided: its record stops counting, the subject is told.
        await passDisputeDeadline(tx, schemes, overdue!);
        windows += 1;
      } else if (ts <= tw) {
        const states = await tx.dueStates(Math.min(now, tw), SUBJECT_BATCH);
        await refreshDue(tx, schemes, states);
        due += states.length;
      } else {
        windows += await activateDue(tx, schemes, Math.min(now, ts - 1), SUBJECT_BATCH);
      }
      return 'more';
    });
    if (step === 'done') break;
  }
  await store.transaction(async (tx) => {
    // Servers sweep side by side: the mark only moves forward.
    const mark = await tx.getMeta(LAST_SWEEP);
    if (mark === undefined || Number(mark) < now) await tx.setMeta(LAST_SWEEP, String(now));
  });
  return { dirty, due, windows, deleted, behind: false };
}

/** Re-evaluates due states, each at its own next-change instant, grouped by instant and scheme. */
async function refreshDue(
  tx: StoreTx,
  schemes: readonly ActiveScheme[],
  states: readonly SubjectState[],
): Promise<void> {
  const groups = new Map<string, { at: number; scheme: ActiveScheme; subjects: string[] }>();
  for (const st of states) {
    const scheme = schemes.find((s) => s.ref.authority === st.authority && s.ref.scheme === st.scheme);
    if (!scheme) {
      // A state of a scheme with no active version cannot be refreshed; forget when it was due.
      await tx.putStates([{ ...st, nextChange: null }]);
      continue;
    }
    const key = `${st.nextChange}\u0000${st.authority}\u0000${st.scheme}`;
    const g = groups.get(key);
    if (g) g.subjects.push(st.subject);
    else groups.set(key, { at: st.nextChange!, scheme, subjects: [st.subject] });
  }
  const ordered = [...groups.values()].sort((a, b) => a.at - b.at);
  if (ordered.length > 1) {
    // Several instants or schemes: lock every listing the step may move, then every chain it may
    // append to, before the first group appends (the order of docs/fleet.md).
    for (const g of ordered) if (g.scheme.compiled.lists.length > 0) await tx.openListings(g.scheme.ref, g.subjects);
    await lockChains(
      tx,
      ordered.map((g) => g.scheme.ref.authority),
    );
  }
  // Time alone moved these states: their kept matches hold, except for subjects whose records changed since.
  const dirty = new Set(await tx.dirtyAmong(states.map((st) => st.subject)));
  for (const g of ordered) await refreshSubjects(tx, [g.scheme], g.subjects, g.at, { from: 'kept', dirty });
}

/** The instant derived state was last brought up to date, if ever. */
export async function lastSweep(deps: EngineDeps): Promise<number | undefined> {
  const v = await deps.store.transaction((tx) => tx.getMeta(LAST_SWEEP));
  return v === undefined ? undefined : Number(v);
}
