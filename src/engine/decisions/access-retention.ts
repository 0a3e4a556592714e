import { OPERATOR_CHAIN } from '../../core/audit-entry.js';
import { isAtLeastDays, parseDuration, type Duration } from '../../core/duration.js';
import { fail } from '../../core/errors.js';
import { formatInstant } from '../../core/instant.js';
import type { StoreTx } from '../../store/store.js';
import { appendAudit, lockChains } from '../audit/audit.js';
import type { EngineDeps } from '../deps.js';

/**
 * Access-log retention (SPEC §4, §7; docs/operations.md). Every check is logged; the log is
 * kept for a period per relying party, or the operator's default, and then deleted by the
 * sweep, at most once a day, one `access-log-deletion` entry on the operator chain per batch.
 * Entries of a subject with a listing not yet ended are kept whatever their age: when that
 * listing ends, every party that checked the subject while it was in force is told (SPEC §6).
 */

/** Meta keys: the policies ({party or "*": duration}) and when retention last ran (epoch ms). */
const POLICIES = 'access_log_retention';
const APPLIED = 'access_log_retention_applied';
const DEFAULT_KEY = '*';

/** The operator default when none is set: two years. */
export const BUILT_IN_KEEP = 'P2Y';
/** No policy keeps less than a year: the subject's file (SPEC §7) shows who checked it over at least that. */
export const MIN_KEEP = 'P1Y';
/** The sweep deletes at most this often (Standing time). */
export const ACCESS_RETENTION_EVERY_MS = 86_400_000;
/** Entries deleted per transaction, each batch one audit entry. */
const BATCH = 10_000;
const DAY = 86_400_000;

export interface AccessRetention {
  /** The default for every party without its own, and whether it is the built-in one. */
  readonly default: { readonly keep: string; readonly builtIn: boolean };
  readonly parties: readonly { readonly party: string; readonly keep: string }[];
  /** When retention last ran, or null. */
  readonly appliedAt: number | null;
}

export interface AccessDeletion {
  /** The party, or null for every party under the default. */
  readonly party: string | null;
  /** Entries made before this instant were deleted (but those a listing still needs). */
  readonly before: number;
  readonly deleted: number;
}

/** Parses a period and refuses one below the floor. */
export function checkKeep(keep: string): Duration {
  const d = parseDuration(keep, 'keep');
  if (!(d.months >= 12 || isAtLeastDays(d, 366)))
    fail('DURATION_INVALID', `keep: ${keep} is shorter than the floor ${MIN_KEEP} (docs/operations.md)`, {
      field: 'keep',
    });
  return d;
}

/** The instant before which an entry has been kept `d`: months count as 31 days, so never earlier than kept. */
function cutoff(now: number, d: Duration): number {
  return now - d.months * 31 * DAY - d.days * DAY - d.millis;
}

async function policies(tx: StoreTx): Promise<Record<string, string>> {
  return JSON.parse((await tx.getMeta(POLICIES)) ?? '{}') as Record<string, string>;
}

export async function accessRetention(deps: EngineDeps): Promise<AccessRetention> {
  return deps.store.transaction(async (tx) => {
    const p = await policies(tx);
    const applied = await tx.getMeta(APPLIED);
    return {
      default: { keep: p[DEFAULT_KEY] ?? BUILT_IN_KEEP, builtIn: p[DEFAULT_KEY] === undefined },
      parties: Object.keys(p)
        .filter((k) => k !== DEFAULT_KEY)
        .sort()
        .map((party) => ({ party, keep: p[party]! })),
      appliedAt: applied === undefined ? null : Number(applied),
    };
  });
}

/**
 * Sets (or, with keep null, clears) the period of one relying party, or with party null the
 * operator default; audited on the operator chain. False when it was already so.
 */
export async function setAccessRetention(
  deps: EngineDeps,
  party: string | null,
  keep: string | null,
): Promise<boolean> {
  if (keep !== null) checkKeep(keep);
  return deps.store.transaction(async (tx) => {
    await tx.lockSweep('exclusive');
    if (party !== null && (await tx.getParty(party)) === undefined)
      fail('PARTY_NOT_FOUND', `no relying party ${JSON.stringify(party)}`, { field: 'party' });
    const p = await policies(tx);
    const key = party ?? DEFAULT_KEY;
    if ((p[key] ?? null) === keep) return false;
    if (keep === null) delete p[key];
    else p[key] = keep;
    await tx.setMeta(POLICIES, JSON.stringify(p));
    await lockChains(tx, [OPERATOR_CHAIN]);
    await appendAudit(tx, {
      chain: OPERATOR_CHAIN,
      type: 'access-log-retention',
      payload: { party, keep },
      at: deps.clock.now(),
    });
    return true;
  });
}

/**
 * Deletes what the periods no longer keep: each party with its own period, then every other
 * party under the default. With `due`, only when it has not run in the last day.
 */
export async function applyAccessRetention(
  deps: EngineDeps,
  options: { due?: boolean } = {},
): Promise<AccessDeletion[]> {
  const now = deps.clock.now();
  const plan = await deps.store.transaction(async (tx) => {
    const applied = await tx.getMeta(APPLIED);
    if (options.due === true && applied !== undefined && now - Number(applied) < ACCESS_RETENTION_EVERY_MS)
      return undefined;
    return policies(tx);
  });
  if (plan === undefined) return [];
  const own = Object.keys(plan)
    .filter((k) => k !== DEFAULT_KEY)
    .sort();
  const steps: { party: string | null; keep: string }[] = [
    ...own.map((party) => ({ party, keep: plan[party]! })),
    { party: null, keep: plan[DEFAULT_KEY] ?? BUILT_IN_KEEP },
  ];
  const results: AccessDeletion[] = [];
  for (const step of steps) {
    const before = cutoff(now, parseDuration(step.keep, 'keep'));
    let deleted = 0;
    for (;;) {
      const n = await deps.store.transaction(async (tx) => {
        await tx.lockSweep('exclusive');
        await lockChains(tx, [OPERATOR_CHAIN]);
        const count = await tx.deleteAccessBefore({ before, party: step.party, except: own, limit: BATCH });
        if (count > 0)
          await appendAudit(tx, {
            chain: OPERATOR_CHAIN,
            type: 'access-log-deletion',
            payload: { party: step.party, before: formatInstant(before), count },
            at: now,
          });
        return count;
      });
      deleted += n;
      if (n < BATCH) break;
    }
    results.push({ party: step.party, before, deleted });
  }
  await deps.store.transaction(async (tx) => {
    await tx.lockSweep('exclusive');
    await tx.setMeta(APPLIED, String(now));
  });
  return results;
}

/** For each relying party, the instant before which its access-log entries are past its retention period at `now`. */
export async function retentionCutoffs(tx: StoreTx, now: number): Promise<(party: string) => number> {
  const p = await policies(tx);
  const cut = (keep: string): number => cutoff(now, parseDuration(keep, 'keep'));
  const fallback = cut(p[DEFAULT_KEY] ?? BUILT_IN_KEEP);
  return (party) => (p[party] === undefined ? fallback : cut(p[party]));
}
