import { fail } from '../../core/errors.js';
import type { CandidateRow } from '../../store/candidates-port.js';
import type { ReadTx, SchemeRef, StoreTx } from '../../store/store.js';
import type { EngineDeps } from '../deps.js';
import { appendAudit, ensureAuthorities } from '../audit/audit.js';
import { actorName, personName, submittedByPerson } from '../tenancy/accounts.js';
import { OPERATOR_PRINCIPAL, type Principal } from '../../core/principal.js';
import { publishScheme, type PublishResult } from './publish.js';
import { auditCandidate, findCandidate, storeCandidate, type CandidateOptions } from './shadow.js';
import { simulateScheme, type Simulation } from './simulate.js';

/** An authority's publish-gate threshold (SPEC §12): held above the smaller of `subjects` and `percent`% of those judged. */
export interface GateSettings {
  readonly subjects: number;
  readonly percent: number;
}

export const DEFAULT_GATE: GateSettings = { subjects: 100, percent: 1 };
const GATES = 'publish_gates';

async function allGates(tx: ReadTx): Promise<Record<string, GateSettings>> {
  return JSON.parse((await tx.getMeta(GATES)) ?? '{}') as Record<string, GateSettings>;
}

export async function gateOf(tx: ReadTx, authority: string): Promise<GateSettings> {
  return (await allGates(tx))[authority] ?? DEFAULT_GATE;
}

/** Every authority's threshold the operator set, for `audit verify`. */
export async function setGates(tx: ReadTx): Promise<Record<string, GateSettings>> {
  return allGates(tx);
}

/** `standing authority publish-gate AUTHORITY --subjects N --percent P`: the operator sets a threshold, audited. */
export async function setPublishGate(deps: EngineDeps, authority: string, gate: GateSettings): Promise<GateSettings> {
  if (!Number.isInteger(gate.subjects) || gate.subjects < 0)
    fail('ARGUMENT_INVALID', '--subjects must be a whole number of subjects, 0 or more', { field: 'subjects' });
  if (!Number.isFinite(gate.percent) || gate.percent < 0 || gate.percent > 100)
    fail('ARGUMENT_INVALID', '--percent must be between 0 and 100', { field: 'percent' });
  const now = deps.clock.now();
  return deps.store.transaction(async (tx) => {
    await ensureAuthorities(tx, [authority], now);
    const all = await allGates(tx);
    all[authority] = { subjects: gate.subjects, percent: gate.percent };
    await tx.setMeta(GATES, JSON.stringify(all));
    await appendAudit(tx, {
      chain: authority,
      type: 'publish-gate',
      payload: { authority, subjects: gate.subjects, percent: gate.percent },
      at: now,
    });
    return all[authority];
  });
}

/** What the gate saw: listings the version would open and end, against the threshold. */
export interface GateVerdict {
  readonly opened: number;
  readonly ended: number;
  readonly judged: number;
  readonly threshold: number;
  readonly held: boolean;
  /** Per list: notices it would send and listings it would end. */
  readonly lists: readonly { list: string; opened: number; ended: number }[];
}

/** The gate's verdict on a simulation (SPEC §12): held when opened + ended exceeds the smaller of N subjects and P% of those judged. */
export function gateVerdict(sim: Simulation, gate: GateSettings): GateVerdict {
  const lists = sim.lists.map((l) => ({ list: l.list, opened: l.notices.count, ended: l.ended.count }));
  const opened = lists.reduce((n, l) => n + l.opened, 0);
  const ended = lists.reduce((n, l) => n + l.ended, 0);
  const judged = sim.against === null ? sim.subjects.judgedAfter : sim.subjects.judgedBefore;
  const threshold = Math.min(gate.subjects, (gate.percent / 100) * judged);
  return { opened, ended, judged, threshold, held: opened + ended > threshold, lists };
}

/** Runs the gate's simulation of a source over the stored records. */
async function judge(
  deps: EngineDeps,
  source: string,
  options: CandidateOptions,
): Promise<{ sim: Simulation; verdict: GateVerdict }> {
  const sim = await simulateScheme(deps, source, {
    ...(options.defaultAuthority !== undefined ? { defaultAuthority: options.defaultAuthority } : {}),
    ...(options.onlyAuthority !== undefined ? { onlyAuthority: options.onlyAuthority } : {}),
    ...(options.publishedBy ? { actor: options.publishedBy } : {}),
  });
  const gate = await deps.store.transaction((tx) => gateOf(tx, sim.authority));
  return { sim, verdict: gateVerdict(sim, gate) };
}

export type GatedResult =
  | ({ readonly status: 'live' } & PublishResult)
  | { readonly status: 'pending'; readonly ref: SchemeRef; readonly version: number; readonly gate: GateVerdict };

/**
 * `standing scheme publish` by an admin (SPEC §12): the draft is simulated first, and a version
 * that would open or end more listings than the authority's threshold is stored `pending`
 * (not live, not evaluated) until a second admin approves it. The operator's own publication
 * (no account) is not gated (docs/decisions.md).
 */
export async function publishGated(
  deps: EngineDeps,
  source: string,
  options: CandidateOptions = {},
): Promise<GatedResult> {
  if (options.publishedBy) {
    const { verdict } = await judge(deps, source, options);
    if (verdict.held) {
      const now = deps.clock.now();
      const row = await deps.store.transaction(async (tx) => {
        await tx.lockSweep('exclusive');
        return storeCandidate(tx, source, 'pending', { ...options, gate: JSON.stringify(verdict) }, now);
      });
      return {
        status: 'pending',
        ref: { authority: row.authority, scheme: row.scheme },
        version: row.version,
        gate: verdict,
      };
    }
  }
  return { status: 'live', ...(await publishScheme(deps, source, options)) };
}

/** Marks a candidate live in the publishing transaction, audited; fails if it left `from` meanwhile. */
function markLive(c: CandidateRow, from: CandidateRow['status'], by: string | null) {
  return async (tx: StoreTx, _version: number, now: number): Promise<void> => {
    const cur = (await tx.candidates(c.scheme)).find((x) => x.authority === c.authority && x.version === c.version);
    if (cur?.status !== from)
      fail('SCHEME_CANDIDATE_STATE', `${c.scheme}@${c.version} is no longer ${from}`, { scheme: c.scheme });
    const row: CandidateRow = { ...cur, status: 'live', decidedAt: now, decidedBy: by };
    await tx.updateCandidate(c, c.version, row);
    await auditCandidate(tx, row, by, now);
    await tx.deleteShadowStates(c, c.version, null);
  };
}

/**
 * `standing scheme promote ID@VERSION` (SPEC §12): a shadow version made live through the
 * normal publish path (§6 New versions: changed lists end, new notices), the gate included:
 * an admin's promotion over the threshold is held `pending` like a publication.
 */
export async function promoteShadow(
  deps: EngineDeps,
  spec: string,
  options: { as?: Principal; authority?: string } = {},
): Promise<GatedResult> {
  const { c, by } = await deps.store.transaction(async (tx) => {
    const found = await findCandidate(tx, spec, options.authority);
    return {
      c: found,
      by: actorName(options.as ?? OPERATOR_PRINCIPAL, 'scheme.publish', { authority: found.authority }),
    };
  });
  if (c.status !== 'shadow')
    fail('SCHEME_CANDIDATE_STATE', `${c.scheme}@${c.version} is ${c.status}, not a shadow version`, {
      scheme: c.scheme,
    });
  const opts: CandidateOptions = { defaultAuthority: c.authority, publishedBy: by, onlyAuthority: c.authority };
  if (by !== null) {
    const { verdict } = await judge(deps, c.source, opts);
    if (verdict.held) {
      const now = deps.clock.now();
      await deps.store.transaction(async (tx) => {
        await tx.lockSweep('exclusive');
        const cur = await findCandidate(tx, spec, c.authority);
        if (cur.status !== 'shadow')
          fail('SCHEME_CANDIDATE_STATE', `${c.scheme}@${c.version} is no longer a shadow version`, {
            scheme: c.scheme,
          });
        const row: CandidateRow = { ...cur, status: 'pending', requestedBy: by, gate: JSON.stringify(verdict) };
        await tx.updateCandidate(c, c.version, row);
        await auditCandidate(tx, row, by, now);
        await tx.deleteShadowStates(c, c.version, null);
      });
      return {
        status: 'pending',
        ref: { authority: c.authority, scheme: c.scheme },
        version: c.version,
        gate: verdict,
      };
    }
  }
  const r = await publishScheme(deps, c.source, { ...opts, version: c.version, onCreated: markLive(c, 'shadow', by) });
  return { status: 'live', ...r };
}

/**
 * `standing scheme approve ID@VERSION --as ACCOUNT` (SPEC §12): a second admin of the same
 * authority makes a held version live through the normal publish path. Its publisher, and
 * whoever asked for it live, cannot (APPROVER_IS_AUTHOR).
 */
export async function approvePending(
  deps: EngineDeps,
  spec: string,
  actor: Principal,
  options: { authority?: string } = {},
): Promise<PublishResult> {
  const { c, approver, author } = await deps.store.transaction(async (tx) => {
    const found = await findCandidate(tx, spec, options.authority);
    // A person approves, signed in to an account (the policy refuses a key).
    const name = personName(actor, 'scheme.approve', { authority: found.authority });
    // Its author through any key the approver created (as the four-eyes rule of reviews, SPEC §6).
    const mine =
      (await submittedByPerson(tx, found.publishedBy, name)) || (await submittedByPerson(tx, found.requestedBy, name));
    return { c: found, approver: name, author: mine };
  });
  if (c.status !== 'pending')
    fail('SCHEME_CANDIDATE_STATE', `${c.scheme}@${c.version} is ${c.status}, not pending`, { scheme: c.scheme });
  if (author)
    fail(
      'APPROVER_IS_AUTHOR',
      `${approver} published or asked for ${c.scheme}@${c.version}: a second admin approves it`,
      {
        field: 'as',
        scheme: c.scheme,
      },
    );
  return publishScheme(deps, c.source, {
    defaultAuthority: c.authority,
    publishedBy: c.requestedBy ?? c.publishedBy,
    onlyAuthority: c.authority,
    version: c.version,
    onCreated: markLive(c, 'pending', approver),
  });
}

/** Pending versions (with what their gate saw) and shadow versions, of every authority or one. */
export async function candidatesOf(deps: EngineDeps, authority?: string): Promise<CandidateRow[]> {
  return deps.store.read(async (tx) =>
    (await tx.candidates()).filter(
      (c) =>
        (c.status === 'shadow' || c.status === 'pending') && (authority === undefined || c.authority === authority),
    ),
  );
}

/**
 * `standing scheme withdraw ID@VERSION`: an admin of the authority (or the operator) withdraws a
 * shadow or pending version. It is no longer evaluated, its shadow states are deleted, it can no
 * longer be promoted or approved; its number is not reused. Audited like every change of state.
 */
export async function withdrawCandidate(
  deps: EngineDeps,
  spec: string,
  options: { as?: Principal; authority?: string } = {},
): Promise<CandidateRow> {
  const now = deps.clock.now();
  return deps.store.transaction(async (tx) => {
    await tx.lockSweep('exclusive');
    const found = await findCandidate(tx, spec, options.authority);
    const by = actorName(options.as ?? OPERATOR_PRINCIPAL, 'scheme.publish', { authority: found.authority });
    if (found.status !== 'shadow' && found.status !== 'pending')
      fail('SCHEME_CANDIDATE_STATE', `${found.scheme}@${found.version} is ${found.status}, not shadow or pending`, {
        scheme: found.scheme,
      });
    const row: CandidateRow = { ...found, status: 'withdrawn', decidedAt: now, decidedBy: by };
    await tx.updateCandidate(found, found.version, row);
    await auditCandidate(tx, row, by, now);
    await tx.deleteShadowStates(found, found.version, null);
    return row;
  });
}

/** An authority's threshold (`standing authority publish-gate AUTHORITY`). */
export async function publishGateOf(deps: Pick<EngineDeps, 'store'>, authority: string): Promise<GateSettings> {
  return deps.store.read((tx) => gateOf(tx, authority));
}

/** Sets the part of an authority's threshold given, keeping the other as it is (audited, as setPublishGate). */
export async function changePublishGate(
  deps: EngineDeps,
  authority: string,
  change: { readonly subjects?: number; readonly percent?: number },
): Promise<GateSettings> {
  const cur = await publishGateOf(deps, authority);
  return setPublishGate(deps, authority, {
    subjects: change.subjects ?? cur.subjects,
    percent: change.percent ?? cur.percent,
  });
}
