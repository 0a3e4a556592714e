import type { ActionRegistry } from '../../core/actions.js';
import { fail, StandingError } from '../../core/errors.js';
import { parseScheme, schemeDocJson, type ParseResult } from '../../core/scheme-parse.js';
import type { SchemeDoc } from '../../core/scheme-types.js';
import type { ReadTx, SchemeRef, StoreTx } from '../../store/store.js';
import type { EngineDeps } from '../deps.js';
import { refreshScheme } from './derive.js';
import { activeSchemes, compileStored, loadRegistry } from './schemes.js';
import { endListing, operatorMaxTerm } from '../due-process/listings.js';
import type { CompiledList, CompiledScheme } from '../../core/scheme-types.js';
import type { ListingRow } from '../../store/due-process-port.js';
import { canonicalJson } from '../../core/record.js';
import { sweep } from './sweep.js';
import { appendAudit, ensureAuthorities, schemeVersionHash } from '../audit/audit.js';
import { assertShared } from '../tenancy/sharing.js';

export interface PublishOptions {
  /** Authority of a scheme that names none. Default "default" (SPEC §9). */
  readonly defaultAuthority?: string;
  readonly publishedBy?: string | null;
  /** Refuse a scheme of any other authority (an admin publishes for its own). */
  readonly onlyAuthority?: string;
  /** The number to give the version (a shadow or pending version made live keeps its own). */
  readonly version?: number;
  /** Runs in the publishing transaction once the version is stored (a candidate marked live, audited). */
  readonly onCreated?: (tx: StoreTx, version: number, now: number) => Promise<void>;
}

export interface PublishResult {
  readonly ref: SchemeRef;
  readonly version: number;
  /** False when the same content was already published (nothing changed). */
  readonly created: boolean;
  /** Subjects re-evaluated under the new version. */
  readonly subjects: number;
}

/** The next free version number of a scheme: after the live versions and the shadow and pending ones (SPEC §12). */
export async function nextVersion(tx: ReadTx, ref: SchemeRef, latestLive: number): Promise<number> {
  let max = latestLive;
  for (const c of await tx.candidates(ref.scheme))
    if (c.authority === ref.authority && c.version > max) max = c.version;
  return max + 1;
}

/** Validates a scheme against the store's action registry. */
export async function checkScheme(
  tx: ReadTx,
  source: string,
  defaultAuthority = 'default',
): Promise<ParseResult & { registry: ActionRegistry }> {
  const registry = await loadRegistry(tx);
  return { ...parseScheme(source, { registry, defaultAuthority }), registry };
}

/** Throws SCHEME_INVALID-style errors carrying every problem. */
export function rejectProblems(problems: readonly StandingError[]): never {
  const first = problems[0] ?? new StandingError('SCHEME_FIELD_INVALID', 'invalid scheme');
  throw new StandingError(first.code, first.message, first.at, problems);
}

/** Every sanction's action is granted to the scheme's authority (SCHEME_ACTION_NOT_GRANTED). */
export async function assertGranted(tx: ReadTx, doc: SchemeDoc): Promise<void> {
  const grants = new Set((await tx.listGrants()).filter((g) => g.authority === doc.authority).map((g) => g.action));
  const problems: StandingError[] = [];
  doc.lists.forEach((l, i) =>
    l.sanctions.forEach((s, j) => {
      if (!grants.has(s.action)) {
        problems.push(
          new StandingError(
            'SCHEME_ACTION_NOT_GRANTED',
            `list "${l.id}": authority ${doc.authority} holds no grant for ${s.action} (the operator grants it with \`standing grant ${doc.authority} ${s.action}\`)`,
            { scheme: doc.scheme, rule: l.id, field: `lists[${i}].sanctions[${j}].action` },
          ),
        );
      }
    }),
  );
  if (problems.length > 0) rejectProblems(problems);
}

/** Whether a new version changes (or drops) this list of the version before: its listings then end (SPEC §6). */
export function listChanged(old: CompiledList, after: CompiledScheme): boolean {
  const next = after.lists.find((l) => l.def.id === old.def.id);
  // Listings by decision outlive new versions (SPEC §6) while the list stays manual with the sanctions noticed
  // (docs/decisions.md): its `when` is absent on both sides, so the comparison below says exactly that.
  if (old.def.manual !== next?.def.manual) return true;
  return !(
    next !== undefined &&
    next.def.type === old.def.type &&
    next.def.when === old.def.when &&
    canonicalJson(next.def.sanctions) === canonicalJson(old.def.sanctions)
  );
}

/**
 * A new version that changes a list's condition or sanctions ends that list's
 * listings; the re-evaluation then notices whoever qualifies anew (SPEC §6). Reads
 * (and, on PostgreSQL, locks) the listings now; the returned function ends them.
 */
async function endChangedLists(
  tx: StoreTx,
  before: CompiledScheme,
  after: CompiledScheme,
  now: number,
): Promise<() => Promise<void>> {
  const ref = { authority: before.doc.authority, scheme: before.doc.scheme };
  const ending: { listing: ListingRow; list: CompiledList }[] = [];
  for (const old of before.lists) {
    // A self-exclusion is not ended by new versions (SPEC §6): it ends at the term its subject chose.
    if (old.def.selfExclusion || !listChanged(old, after)) continue;
    for (const listing of await tx.openListingsOfList(ref, old.def.id)) ending.push({ listing, list: old });
  }
  return async () => {
    for (const e of ending) await endListing(tx, e.listing, 'version-changed', now, e.list);
  };
}

/**
 * Publishes a scheme version (SPEC §3): without `version` it takes the next number
 * (or changes nothing when the latest has the same content); a number that exists
 * with other content is refused. A new latest version re-evaluates everyone.
 */
export async function publishScheme(
  deps: EngineDeps,
  source: string,
  options: PublishOptions = {},
): Promise<PublishResult> {
  const now = deps.clock.now();
  const outcome = await deps.store.transaction(async (tx) => {
    // One publication at a time and no sweep beside it, across processes: the next version
    // number is read and then written, and the lists it changes end here (docs/fleet.md).
    await tx.lockSweep('exclusive');
    const parsed = await checkScheme(tx, source, options.defaultAuthority);
    if (!parsed.ok) rejectProblems(parsed.errors);
    const doc = parsed.doc;
    if (options.onlyAuthority !== undefined && doc.authority !== options.onlyAuthority) {
      fail(
        'FORBIDDEN',
        `${options.publishedBy ?? 'this account'} is admin of ${options.onlyAuthority}, not of ${doc.authority}`,
        { field: 'authority', scheme: doc.scheme },
      );
    }
    const ref = { authority: doc.authority, scheme: doc.scheme };
    await assertGranted(tx, doc);
    await assertShared(tx, doc);
    const content = schemeDocJson(doc);
    const versions = (await tx.schemeVersions(doc.scheme)).filter((v) => v.authority === doc.authority);
    const latest = versions[versions.length - 1];
    const wanted = options.version ?? doc.version;
    if (options.version !== undefined && latest && options.version <= latest.version) {
      fail(
        'SCHEME_CANDIDATE_STALE',
        `${doc.scheme}@${options.version} is older than the live version ${latest.version}; publish it anew`,
        { scheme: doc.scheme, field: 'version' },
      );
    }
    if (wanted !== undefined && options.version === undefined) {
      const same = versions.find((v) => v.version === doc.version);
      if (same) {
        if (same.content !== content) {
          fail(
            'SCHEME_VERSION_CONFLICT',
            `${doc.scheme}@${doc.version} is already published with other content; publish a new version`,
            {
              scheme: doc.scheme,
              field: 'version',
            },
          );
        }
        return { ref, version: same.version, created: false, latest: false };
      }
    } else if (options.version === undefined && latest && latest.content === content) {
      return { ref, version: latest.version, created: false, latest: false };
    }
    const version = wanted ?? (await nextVersion(tx, ref, latest?.version ?? 0));
    await ensureAuthorities(tx, [doc.authority, ...doc.sources], now);
    await tx.insertSchemeVersion({
      ...ref,
      version,
      source,
      content,
      publishedAt: now,
      publishedBy: options.publishedBy ?? null,
    });
    const isLatest = !latest || version > latest.version;
    // The listings to end are locked before the first append: listings before chains (docs/fleet.md).
    const endLists =
      isLatest && latest
        ? await endChangedLists(tx, compileStored(latest, parsed.registry), parsed.compiled, now)
        : undefined;
    await appendAudit(tx, {
      chain: ref.authority,
      type: 'scheme-version',
      payload: { scheme: ref.scheme, version, hash: schemeVersionHash({ ...ref, version, source, content }) },
      at: now,
    });
    await endLists?.();
    await options.onCreated?.(tx, version, now);
    return { ref, version, created: true, latest: isLatest };
  });
  let subjects = 0;
  if (outcome.latest) {
    // Bring everything else up to date first so the full re-evaluation starts from a clean slate.
    await sweep(deps);
    const active = await deps.store.transaction(async (tx) =>
      (await activeSchemes(tx)).find(
        (s) => s.ref.authority === outcome.ref.authority && s.ref.scheme === outcome.ref.scheme,
      ),
    );
    if (active) subjects = await refreshScheme(deps.store.transaction.bind(deps.store), active, now);
  }
  return { ref: outcome.ref, version: outcome.version, created: outcome.created, subjects };
}

/** What a scheme is checked against on a database (`standing scheme check`): its action registry and the operator's maximum term. */
export async function schemeCheckBasis(
  deps: Pick<EngineDeps, 'store'>,
): Promise<{ registry: ActionRegistry; maxTerm: string }> {
  return deps.store.read(async (tx) => ({ registry: await loadRegistry(tx), maxTerm: await operatorMaxTerm(tx) }));
}
