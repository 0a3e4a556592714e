import { fail } from '../../core/errors.js';
import { checkAuthority } from '../../core/subject.js';
import type { ReadTx } from '../../store/store.js';
import { appendAudit, lockChains } from '../audit/audit.js';
import type { EngineDeps } from '../deps.js';

/**
 * Appeal bodies (SPEC §6, Second instance): the operator names, per authority, another
 * authority whose reviewers decide second instances (`standing authority appeal-body`).
 * Kept in meta like dispute deadlines, each change audited on the authority's chain.
 */
const BODIES = 'appeal_bodies';

export interface AppealBody {
  readonly authority: string;
  /** The appeal body, or null: a reviewer of the authority who took no part in the first decision. */
  readonly body: string | null;
}

async function readBodies(tx: ReadTx): Promise<Record<string, string>> {
  return JSON.parse((await tx.getMeta(BODIES)) ?? '{}') as Record<string, string>;
}

/** The appeal body named for an authority, if any. */
export async function appealBodyOf(tx: ReadTx, authority: string): Promise<string | undefined> {
  return (await readBodies(tx))[authority];
}

/** The bodies the operator named, as audit verify compares them with their last entries. */
export async function namedBodies(tx: ReadTx): Promise<Record<string, string>> {
  return readBodies(tx);
}

/** Every known authority with its appeal body (or null), in name order. */
export async function appealBodies(deps: EngineDeps): Promise<AppealBody[]> {
  return deps.store.transaction(async (tx) => {
    const set = await readBodies(tx);
    return (await tx.listAuthorities()).map((authority) => ({ authority, body: set[authority] ?? null }));
  });
}

/**
 * Names (or, with null, clears) the appeal body of an authority, audited on its chain
 * (`appeal-body`). Second instances asked after it go to the body's reviewers; pending ones
 * keep theirs. False when nothing changed.
 */
export async function setAppealBody(deps: EngineDeps, authority: string, body: string | null): Promise<boolean> {
  checkAuthority(authority);
  if (body !== null) checkAuthority(body, 'body');
  if (body === authority)
    fail('ARGUMENT_INVALID', 'an authority is not its own appeal body: clear it instead (--clear)', { field: 'body' });
  return deps.store.transaction(async (tx) => {
    const known = await tx.listAuthorities();
    for (const [name, field] of [
      [authority, 'authority'],
      [body, 'body'],
    ] as const)
      if (name !== null && !known.includes(name))
        fail('AUTHORITY_NOT_FOUND', `no authority ${JSON.stringify(name)} (\`standing authority add\`)`, { field });
    await lockChains(tx, [authority]);
    const all = await readBodies(tx);
    if ((all[authority] ?? null) === body) return false;
    if (body === null) delete all[authority];
    else all[authority] = body;
    await tx.setMeta(BODIES, JSON.stringify(all));
    await appendAudit(tx, {
      chain: authority,
      type: 'appeal-body',
      payload: { authority, body },
      at: deps.clock.now(),
    });
    return true;
  });
}
