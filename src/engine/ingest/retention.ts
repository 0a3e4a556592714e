import { addDuration, parseDuration, type Duration } from '../../core/duration.js';
import { fail } from '../../core/errors.js';
import { matchRecord } from '../../core/evaluate-matched.js';
import type { CompiledScheme } from '../../core/scheme-types.js';
import { checkAuthority, subjectType } from '../../core/subject.js';
import type { AuditRecordRow } from '../../store/audit-port.js';
import type { ReadTx } from '../../store/store.js';
import { appendAudit, lockChains } from '../audit/audit.js';
import type { EngineDeps } from '../deps.js';
import { activeSchemes } from '../evaluation/schemes.js';

/**
 * Record retention (SPEC §2): "A record is deleted only by an authority's retention policy,
 * after it has lapsed under every scheme that reads it (default: kept forever); deletion is
 * audited." An authority opts in with a grace period (`standing retention set city
 * --after-lapse P30D`); its records are then deleted once lapsed under every scheme, plus
 * that period. docs/decisions.md, *Record retention*, says what "lapsed" means here.
 */

/** Meta keys: the policies ({authority: duration}) and when each was last applied ({authority: epoch ms}). */
const POLICIES = 'retention_policies';
const APPLIED = 'retention_applied';

/** The sweep applies a policy at most this often (Standing time): applying scans the records. */
export const RETENTION_EVERY_MS = 86_400_000;

/** Records read per page while looking for deletable ones, and deleted per transaction. */
const PAGE = 5_000;
const DELETE_BATCH = 1_000;

export interface RetentionPolicy {
  readonly authority: string;
  /** ISO 8601 duration: how long after a record has lapsed under every scheme it is deleted. */
  readonly afterLapse: string;
  /** When the policy was last applied (epoch ms), or null. */
  readonly appliedAt: number | null;
}

export interface RetentionResult {
  readonly authority: string;
  /** Records of the authority examined. */
  readonly examined: number;
  /** Deleted now (or, in a dry run, that would be), in id order. */
  readonly deleted: readonly { readonly key: string; readonly subject: string }[];
}

const readJson = async (tx: ReadTx, key: string): Promise<Record<string, unknown>> =>
  JSON.parse((await tx.getMeta(key)) ?? '{}') as Record<string, unknown>;

/** The policies by authority, in name order, as a transaction sees them. */
export async function policyMap(tx: ReadTx): Promise<Map<string, { afterLapse: string; appliedAt: number | null }>> {
  const policies = await readJson(tx, POLICIES);
  const applied = await readJson(tx, APPLIED);
  return new Map(
    Object.keys(policies)
      .sort()
      .map((a) => [
        a,
        { afterLapse: String(policies[a]), appliedAt: typeof applied[a] === 'number' ? applied[a] : null },
      ]),
  );
}

export async function retentionPolicies(deps: EngineDeps): Promise<RetentionPolicy[]> {
  const map = await deps.store.transaction((tx) => policyMap(tx));
  return [...map].map(([authority, p]) => ({ authority, ...p }));
}

/**
 * Sets (or, with null, clears) an authority's policy; audited on its chain. False when the
 * policy was already so. The authority must be known (it has records, schemes or was created).
 */
export async function setRetention(deps: EngineDeps, authority: string, afterLapse: string | null): Promise<boolean> {
  checkAuthority(authority);
  if (afterLapse !== null) parseDuration(afterLapse, 'after-lapse');
  return deps.store.transaction(async (tx) => {
    // One policy change or retention step at a time across processes (as time-driven steps are).
    await tx.lockSweep('exclusive');
    if (!(await tx.listAuthorities()).includes(authority)) {
      fail(
        'AUTHORITY_NOT_FOUND',
        `no authority ${JSON.stringify(authority)}: it has no records or schemes and was not created (\`standing authority add\`)`,
        { field: 'authority' },
      );
    }
    const policies = await readJson(tx, POLICIES);
    if ((policies[authority] ?? null) === afterLapse) return false;
    if (afterLapse === null) delete policies[authority];
    else policies[authority] = afterLapse;
    await tx.setMeta(POLICIES, JSON.stringify(policies));
    await lockChains(tx, [authority]);
    await appendAudit(tx, { chain: authority, type: 'retention', payload: { afterLapse }, at: deps.clock.now() });
    return true;
  });
}

/**
 * When a record has lapsed under every scheme that reads it: the latest lapse instant of the
 * rules that match it, over the schemes whose sources include its authority and that judge
 * its subject's type; its own instant when no scheme reads it. Null when it never lapses: a
 * scheme reads it and no rule matches it (SPEC §3: such records stay live), or a rule without
 * `lapse` matches it. A retracted record is judged as if it were not, so that retracting
 * never shortens what a record is kept.
 */
export function lapsedEverywhereAt(record: AuditRecordRow, readers: readonly CompiledScheme[]): number | null {
  let at = record.occurredAt;
  const type = subjectType(record.subject);
  for (const scheme of readers) {
    if (type === undefined || !scheme.doc.subjects.includes(type)) continue;
    const matches = matchRecord(scheme, record);
    if (matches.length === 0) return null;
    for (const m of matches) {
      if (m.ends === null) return null;
      if (m.ends > at) at = m.ends;
    }
  }
  return at;
}

/**
 * Applies the retention policies (all, or those of `only`; with `due`, only those not applied
 * in the last RETENTION_EVERY_MS): deletes each record whose grace period after lapsing
 * everywhere has passed by now, unless a dispute about it is pending. Each transaction of up
 * to DELETE_BATCH deletions appends one `record-deletion` entry to the authority's chain and
 * marks the subjects dirty, so their derived state is re-derived from what is left (scores do
 * not change, since a lapsed record no longer counted, but a subject left without records is
 * no longer judged).
 * A dry run deletes nothing and records nothing.
 */
export async function applyRetention(
  deps: EngineDeps,
  options: { dryRun?: boolean; only?: readonly string[]; due?: boolean } = {},
): Promise<RetentionResult[]> {
  const now = deps.clock.now();
  const { store } = deps;
  const { policies, readers } = await store.transaction(async (tx) => {
    const all = await policyMap(tx);
    const chosen = new Map<string, Duration>();
    for (const [authority, p] of all) {
      if (options.only !== undefined && !options.only.includes(authority)) continue;
      if (options.due === true && p.appliedAt !== null && now - p.appliedAt < RETENTION_EVERY_MS) continue;
      chosen.set(authority, parseDuration(p.afterLapse, 'after-lapse'));
    }
    // Most sweeps find no policy due: they compile no scheme.
    if (chosen.size === 0) return { policies: chosen, readers: new Map<string, CompiledScheme[]>() };
    const schemes = (await activeSchemes(tx)).map((s) => s.compiled);
    return {
      policies: chosen,
      readers: new Map([...chosen.keys()].map((a) => [a, schemes.filter((s) => s.doc.sources.includes(a))])),
    };
  });
  if (policies.size === 0) return [];

  const examined = new Map<string, number>();
  const deletable = new Map<string, AuditRecordRow[]>();
  for (let after = 0; ; ) {
    const page = await store.transaction((tx) => tx.recordsAfterId(after, PAGE));
    for (const row of page) {
      after = row.id;
      const grace = policies.get(row.authority);
      if (grace === undefined) continue;
      examined.set(row.authority, (examined.get(row.authority) ?? 0) + 1);
      // Cheap test first: no lapse ends before the record's own instant.
      if (addDuration(row.occurredAt, grace) > now) continue;
      const lapsed = lapsedEverywhereAt(row, readers.get(row.authority)!);
      if (lapsed === null || addDuration(lapsed, grace) > now) continue;
      let list = deletable.get(row.authority);
      if (list === undefined) deletable.set(row.authority, (list = []));
      list.push(row);
    }
    if (page.length < PAGE) break;
  }

  const results: RetentionResult[] = [];
  for (const authority of policies.keys()) {
    const rows = deletable.get(authority) ?? [];
    const deleted: { key: string; subject: string }[] = [];
    for (let i = 0; i < rows.length; i += DELETE_BATCH) {
      const batch = rows.slice(i, i + DELETE_BATCH);
      const gone = await store.transaction(async (tx) => {
        const dryRun = options.dryRun === true;
        if (!dryRun) {
          await tx.lockSweep('exclusive');
          await lockChains(tx, [authority]);
        }
        const disputed = new Set((await tx.disputesOf({ authority, state: 'pending' })).map((d) => d.key));
        const out: AuditRecordRow[] = [];
        for (const row of batch) {
          if (disputed.has(row.key)) continue;
          if (dryRun) {
            if (await tx.recordExists(authority, row.key)) out.push(row);
            continue;
          }
          // Another process may have deleted it meanwhile: audit only what this step deleted.
          if (await tx.deleteRecord(authority, row.key)) out.push(row);
        }
        if (!dryRun && out.length > 0) {
          await appendAudit(tx, {
            chain: authority,
            type: 'record-deletion',
            payload: { records: out.map((r) => ({ key: r.key, hash: r.hash })) },
            at: now,
          });
          await tx.markDirty([...new Set(out.map((r) => r.subject))].sort());
        }
        return out;
      });
      for (const r of gone) deleted.push({ key: r.key, subject: r.subject });
    }
    results.push({ authority, examined: examined.get(authority) ?? 0, deleted });
  }
  if (options.dryRun !== true) {
    await store.transaction(async (tx) => {
      await tx.lockSweep('exclusive');
      const applied = await readJson(tx, APPLIED);
      for (const authority of policies.keys()) applied[authority] = now;
      await tx.setMeta(APPLIED, JSON.stringify(applied));
    });
  }
  return results;
}
