import { fail } from '../../core/errors.js';
import type { CompiledScheme } from '../../core/scheme-types.js';
import { checkAuthority } from '../../core/subject.js';
import type { ShareRow } from '../../store/sharing-port.js';
import type { ReadTx, StoreTx } from '../../store/store.js';
import { appendAudit, ensureAuthorities } from '../audit/audit.js';
import type { EngineDeps } from '../deps.js';
import { sweep } from '../evaluation/sweep.js';

/**
 * Data-sharing grants (SPEC §4): an authority reads another's records only while the
 * operator has let it, for a stated purpose. A scheme's `sources` is what it asks for;
 * what it reads is its own authority's records plus those of the sources that share with
 * it now. Grants are audited on the chain of the authority whose records they open.
 */

/** A purpose is shown on the public page and in subjects' files: one line of plain text. */
export const PURPOSE_MAX = 500;

function checkPurpose(text: string): string {
  const t = text.trim();
  if (t.length === 0 || t.length > PURPOSE_MAX || /[\u0000-\u001f\u007f]/.test(t))
    fail('ARGUMENT_INVALID', `--purpose: write 1 to ${PURPOSE_MAX} characters on one line`, { field: 'purpose' });
  return t;
}

function checkPair(from: string, to: string): void {
  checkAuthority(from, 'from');
  checkAuthority(to, 'to');
  if (from === to) fail('ARGUMENT_INVALID', `${from} reads its own records without a grant`, { field: 'to' });
}

/** The authorities sharing with each authority now: to → {from}. */
export function sharingMap(shares: readonly ShareRow[]): ReadonlyMap<string, ReadonlySet<string>> {
  const out = new Map<string, Set<string>>();
  for (const s of shares) {
    if (s.revokedAt !== null) continue;
    let from = out.get(s.to);
    if (!from) out.set(s.to, (from = new Set<string>()));
    from.add(s.from);
  }
  return out;
}

/** The sources a scheme reads now: its own authority, and each other source that shares with it (SPEC §3 item 1). */
export function readableSources(
  doc: { readonly authority: string; readonly sources: readonly string[] },
  sharing: ReadonlyMap<string, ReadonlySet<string>>,
): readonly string[] {
  const shared = sharing.get(doc.authority);
  return doc.sources.filter((a) => a === doc.authority || shared?.has(a) === true);
}

/**
 * The scheme as evaluation sees it: `doc.sources` cut to the readable ones. Every reader of
 * records (derive, sweep, explain, scores, the subject's file) takes its sources from here,
 * so records of an authority that stopped sharing are candidates nowhere.
 */
export function sharedView(
  compiled: CompiledScheme,
  sharing: ReadonlyMap<string, ReadonlySet<string>>,
): CompiledScheme {
  const sources = readableSources(compiled.doc, sharing);
  return sources.length === compiled.doc.sources.length ? compiled : { ...compiled, doc: { ...compiled.doc, sources } };
}

/** The current sharing map of a transaction. */
export async function currentSharing(tx: ReadTx): Promise<ReadonlyMap<string, ReadonlySet<string>>> {
  return sharingMap(await tx.listShares());
}

/** Sources a scheme names that do not share with its authority now; publishing fails on the first (SOURCE_NOT_SHARED). */
export async function assertShared(
  tx: ReadTx,
  doc: { readonly authority: string; readonly scheme: string; readonly sources: readonly string[] },
): Promise<void> {
  const shared = (await currentSharing(tx)).get(doc.authority);
  doc.sources.forEach((source, i) => {
    if (source === doc.authority || shared?.has(source) === true) return;
    fail(
      'SOURCE_NOT_SHARED',
      `sources: ${source} has not shared its records with ${doc.authority} (the operator grants it with \`standing share ${source} ${doc.authority} --purpose TEXT\`)`,
      { scheme: doc.scheme, field: `sources[${i}]` },
    );
  });
}

/**
 * Marks dirty every subject with records of `from`, when some scheme of `to` names `from`
 * among its sources: their evaluations gain or lose those records at the next sweep.
 */
async function markReaders(tx: StoreTx, from: string, to: string): Promise<number> {
  const versions = await tx.schemeVersions();
  if (!versions.some((v) => v.authority === to)) return 0;
  let n = 0;
  for (let after: string | null = null; ; ) {
    const page = await tx.subjectsAfter([from], after, 1000);
    if (page.length === 0) break;
    await tx.markDirty(page);
    n += page.length;
    after = page[page.length - 1]!;
  }
  return n;
}

/**
 * `standing share FROM TO --purpose TEXT`: lets TO's schemes read FROM's records. Granting
 * a holding grant again with the same purpose changes nothing (false); with another
 * purpose, or after a revocation, it is granted anew and audited.
 */
export async function grantShare(
  deps: EngineDeps,
  input: { from: string; to: string; purpose: string },
): Promise<{ share: ShareRow; changed: boolean }> {
  checkPair(input.from, input.to);
  const purpose = checkPurpose(input.purpose);
  const at = deps.clock.now();
  const out = await deps.store.transaction(async (tx) => {
    await ensureAuthorities(tx, [input.from, input.to], at);
    const old = (await tx.listShares()).find((s) => s.from === input.from && s.to === input.to);
    if (old && old.revokedAt === null && old.purpose === purpose) return { share: old, changed: false };
    // Dirty marks before the chain: the order every writer takes its locks in (docs/fleet.md).
    await markReaders(tx, input.from, input.to);
    const share = await tx.putShare({ from: input.from, to: input.to, purpose, grantedAt: at });
    await appendAudit(tx, {
      chain: input.from,
      type: 'share',
      payload: { from: input.from, to: input.to, purpose, revoked: false },
      at,
    });
    return { share, changed: true };
  });
  if (out.changed) await sweep(deps);
  return out;
}

/**
 * `standing share FROM TO --revoke`: TO's schemes stop reading FROM's records at once. The
 * subjects those records fed are re-evaluated now, so listings that rested on them end
 * through due process (SPEC §6 End: the subject is told). SHARE_NOT_FOUND when none holds.
 */
export async function revokeShare(deps: EngineDeps, input: { from: string; to: string }): Promise<ShareRow> {
  checkPair(input.from, input.to);
  const at = deps.clock.now();
  const row = await deps.store.transaction(async (tx) => {
    const old = (await tx.listShares()).find((s) => s.from === input.from && s.to === input.to);
    if (!old || old.revokedAt !== null)
      fail('SHARE_NOT_FOUND', `${input.from} does not share its records with ${input.to}`, { field: 'to' });
    await markReaders(tx, input.from, input.to);
    if (!(await tx.revokeShare(input.from, input.to, at)))
      fail('SHARE_NOT_FOUND', `${input.from} does not share its records with ${input.to}`, { field: 'to' });
    await appendAudit(tx, {
      chain: input.from,
      type: 'share',
      payload: { from: input.from, to: input.to, purpose: old.purpose, revoked: true },
      at,
    });
    return { ...old, revokedAt: at };
  });
  await sweep(deps);
  return row;
}

/** Every grant, revoked ones included, in (from, to) order: public (SPEC §4, §8). */
export async function listShares(deps: EngineDeps): Promise<ShareRow[]> {
  return deps.store.read((tx) => tx.listShares());
}
