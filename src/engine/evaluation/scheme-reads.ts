import { fail } from '../../core/errors.js';
import { formatInstant } from '../../core/instant.js';
import { dataContextReport, proportionalityReport } from '../../core/proportionality.js';
import type { SchemeRef, SchemeVersionRow } from '../../store/store.js';
import { schemeFacts, visibleSchemeVersions } from '../audit/transparency.js';
import type { EngineDeps } from '../deps.js';
import { operatorMaxTerm } from '../due-process/listings.js';
import { checkScheme } from './publish.js';
import { compileStored, loadRegistry } from './schemes.js';

/** A published scheme version as the index shows it. */
export function schemeVersionSummary(r: SchemeVersionRow) {
  const f = schemeFacts(r);
  return {
    authority: r.authority,
    scheme: r.scheme,
    version: r.version,
    title: f.title,
    public: f.public,
    publishedAt: formatInstant(r.publishedAt),
  };
}

/**
 * Validates a scheme source without publishing it (`standing scheme check`): its problems, or
 * its proportionality report (under the operator's maximum term) and its data-context report.
 */
export async function checkSchemeSource(deps: EngineDeps, source: string, defaultAuthority: string) {
  const [parsed, term] = await deps.store.read(
    async (tx) => [await checkScheme(tx, source, defaultAuthority), await operatorMaxTerm(tx)] as const,
  );
  if (!parsed.ok) return { valid: false as const, errors: parsed.errors };
  return {
    valid: true as const,
    scheme: parsed.doc.scheme,
    authority: parsed.doc.authority,
    report: proportionalityReport(parsed.compiled, parsed.registry, term),
    dataContext: dataContextReport(parsed.compiled),
  };
}

/**
 * One scheme version as `viewer` may see it (transparency.ts: public ones, and the viewer's own
 * authority's others): its summary, source, content and reports. SCHEME_NOT_FOUND otherwise.
 */
export async function schemeVersionDetail(deps: EngineDeps, viewer: string | null, ref: SchemeRef, version: number) {
  const { authority, scheme } = ref;
  const row = (await visibleSchemeVersions(deps, viewer, ref)).find((r) => r.version === version);
  if (!row)
    fail('SCHEME_NOT_FOUND', `no published scheme ${authority}/${scheme}@${version}`, { field: 'version', scheme });
  const [registry, term] = await deps.store.read(
    async (tx) => [await loadRegistry(tx), await operatorMaxTerm(tx)] as const,
  );
  const compiled = compileStored(row, registry);
  return {
    ...schemeVersionSummary(row),
    source: row.source,
    content: JSON.parse(row.content) as unknown,
    report: proportionalityReport(compiled, registry, term),
    dataContext: dataContextReport(compiled),
  };
}
