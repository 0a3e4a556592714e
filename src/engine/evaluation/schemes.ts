import { registryOf, type ActionRegistry } from '../../core/actions.js';
import { fail, StandingError } from '../../core/errors.js';
import { parseScheme } from '../../core/scheme-parse.js';
import type { CompiledScheme } from '../../core/scheme-types.js';
import type { ReadTx, SchemeRef, SchemeVersionRow } from '../../store/store.js';
import type { EngineDeps } from '../deps.js';
import { currentSharing, sharedView } from '../tenancy/sharing.js';

// Compile once per process: versions never change. The source is part of the key all the same: one
// process may open several stores (tests do), whose versions of one number differ.
const compiledCache = new Map<string, CompiledScheme>();

export async function loadRegistry(tx: ReadTx): Promise<ActionRegistry> {
  return registryOf(await tx.listActions());
}

/** Compiles a stored version (validated when it was published). */
export function compileStored(row: SchemeVersionRow, registry: ActionRegistry): CompiledScheme {
  const key = `${row.authority}\u0000${row.scheme}\u0000${row.version}\u0000${row.source}`;
  let c = compiledCache.get(key);
  if (!c) {
    const parsed = parseScheme(row.source, { registry, defaultAuthority: row.authority, stored: true });
    if (!parsed.ok)
      throw (
        parsed.errors[0] ??
        new StandingError('SCHEME_FIELD_INVALID', `stored scheme ${row.scheme}@${row.version} no longer validates`)
      );
    c = { ...parsed.compiled, version: row.version };
    compiledCache.set(key, c);
  }
  return c;
}

export interface ActiveScheme {
  readonly ref: SchemeRef;
  readonly compiled: CompiledScheme;
}

/**
 * The latest version of every published scheme, compiled, as evaluation sees it now: its
 * sources cut to those that share with its authority (engine/tenancy/sharing.ts).
 */
export async function activeSchemes(tx: ReadTx): Promise<ActiveScheme[]> {
  const rows = await tx.schemeVersions();
  const latest = new Map<string, SchemeVersionRow>();
  for (const r of rows) latest.set(`${r.authority}\u0000${r.scheme}`, r);
  const registry = await loadRegistry(tx);
  const sharing = await currentSharing(tx);
  return [...latest.values()].map((r) => ({
    ref: { authority: r.authority, scheme: r.scheme },
    compiled: sharedView(compileStored(r, registry), sharing),
  }));
}

/**
 * Resolves `--scheme ID[@VERSION]` (and `--authority`) to one stored version:
 * without a version, the latest (SPEC §9). Compiled as evaluation sees it now: sources
 * cut to those that share with its authority; `row.source` keeps the text as published.
 */
export async function resolveScheme(
  tx: ReadTx,
  spec: string,
  authority?: string,
): Promise<{ row: SchemeVersionRow; compiled: CompiledScheme }> {
  const m = /^([^@]+)(?:@(\d+))?$/.exec(spec);
  if (!m) fail('ARGUMENT_INVALID', `--scheme: "${spec}" is not ID or ID@VERSION`, { field: 'scheme' });
  const id = m[1]!;
  const version = m[2] === undefined ? undefined : Number(m[2]);
  let rows = await tx.schemeVersions(id);
  if (authority !== undefined) rows = rows.filter((r) => r.authority === authority);
  if (rows.length === 0)
    fail('SCHEME_NOT_FOUND', `no published scheme "${id}"${authority ? ` of authority ${authority}` : ''}`, {
      field: 'scheme',
      scheme: id,
    });
  const authorities = new Set(rows.map((r) => r.authority));
  if (authorities.size > 1) {
    fail(
      'SCHEME_AMBIGUOUS',
      `scheme "${id}" is published by ${[...authorities].join(', ')}; pick one with --authority`,
      { field: 'scheme', scheme: id },
    );
  }
  const row = version === undefined ? rows[rows.length - 1]! : rows.find((r) => r.version === version);
  if (!row) fail('SCHEME_NOT_FOUND', `scheme "${id}" has no version ${version}`, { field: 'scheme', scheme: id });
  return { row, compiled: sharedView(compileStored(row, await loadRegistry(tx)), await currentSharing(tx)) };
}

/** Every published scheme version, oldest first (`standing scheme list`). */
export async function schemeVersionList(deps: Pick<EngineDeps, 'store'>): Promise<SchemeVersionRow[]> {
  return deps.store.read((tx) => tx.schemeVersions());
}

/** One published version by `scheme[@version]` (`standing scheme show`). */
export async function showScheme(deps: Pick<EngineDeps, 'store'>, spec: string, authority?: string) {
  return deps.store.read((tx) => resolveScheme(tx, spec, authority));
}
