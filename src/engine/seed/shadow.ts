import type { EngineDeps } from '../deps.js';
import { publishGated } from '../evaluation/publish-gate.js';
import { compareShadow, publishShadow } from '../evaluation/shadow.js';
import type { SeedResult } from './city.js';
import { addAccount } from '../tenancy/accounts.js';

/** The city's second admin: approves what the first one publishes when the publish gate holds it (SPEC §12). */
export const SECOND_ADMIN = 'city-admin2';

const SCHEME = 'city-citizen';

/** A change to the live city-citizen source, or null when the text it changes is not there. */
function edit(source: string, from: string, to: string): string | null {
  if (!source.includes(from)) return null;
  return source.replace(/^version:\s*\d+\s*(#.*)?\n/m, '').replace(from, to);
}

export interface ShadowSeed {
  readonly shadow: { readonly scheme: string; readonly version: number } | null;
  readonly pending: { readonly scheme: string; readonly version: number; readonly held: number } | null;
}

/**
 * Knowing before publishing in the seed city (SPEC §12): the city's admin runs a harsher
 * bad-driving rule as a shadow version beside the live one, and publishes a lower bar to
 * higher education, which would notice more subjects than the publish gate allows: it waits
 * pending until a second admin (city-admin2) approves it.
 */
export async function seedShadow(deps: EngineDeps, accounts: SeedResult['accounts'][number][]): Promise<ShadowSeed> {
  const live = await deps.store.transaction(async (tx) =>
    (await tx.schemeVersions(SCHEME)).filter((v) => v.authority === 'city').at(-1),
  );
  if (live === undefined) return { shadow: null, pending: null };
  accounts.push(await addAccount(deps, { name: SECOND_ADMIN, authority: 'city', roles: ['admin'] }));
  const by = { defaultAuthority: 'city', onlyAuthority: 'city', publishedBy: 'city-admin' };

  const harsher = edit(live.source, 'points: -10 * record.data.severity', 'points: -12 * record.data.severity');
  const shadow = harsher === null ? null : await publishShadow(deps, harsher, by);

  const lower = edit(live.source, 'when: subject.score < 600', 'when: subject.score < 850');
  const gated = lower === null ? null : await publishGated(deps, lower, by);
  return {
    shadow: shadow && { scheme: SCHEME, version: shadow.version },
    // In a city too small for the gate to hold it (a few dozen subjects), the draft went live.
    pending:
      gated?.status === 'pending'
        ? { scheme: SCHEME, version: gated.version, held: gated.gate.opened + gated.gate.ended }
        : null,
  };
}

/** The demo's summary line of shadow and pending versions. */
export async function shadowLine(deps: EngineDeps): Promise<string> {
  const candidates = await deps.store.transaction((tx) => tx.candidates());
  const shadows = candidates.filter((c) => c.status === 'shadow');
  const pending = candidates.filter((c) => c.status === 'pending');
  let differing = 0;
  for (const s of new Set(shadows.map((c) => `${c.authority}/${c.scheme}`))) {
    const [authority = '', scheme = ''] = s.split('/');
    differing += (await compareShadow(deps, scheme, { authority })).differing;
  }
  const named = pending.map((c) => `${c.scheme}@${c.version}`).join(', ');
  return (
    `Shadow versions: ${shadows.length} under test, ${differing} subjects diverge; ` +
    `${pending.length} version${pending.length === 1 ? '' : 's'} pending approval${named ? ` (${named}; approve as ${SECOND_ADMIN} in the console, Versions under test)` : ''}.\n`
  );
}
