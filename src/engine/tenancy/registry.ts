import { ACTION_NAME, type ActionDef } from '../../core/actions.js';
import { OPERATOR_CHAIN } from '../../core/audit-entry.js';
import { fail } from '../../core/errors.js';
import { checkAuthority } from '../../core/subject.js';
import { appendAudit, ensureAuthorities } from '../audit/audit.js';
import type { GrantRow } from '../../store/registry-port.js';
import type { EngineDeps } from '../deps.js';

const DOMAIN = /^[a-z][a-z0-9_-]*$/;

/**
 * Registers an action (SPEC §4, `standing actions add`) and audits it on the operator
 * chain. Throws ACTION_INVALID for a malformed name or domain, ACTION_EXISTS when taken.
 */
export async function addAction(deps: EngineDeps, def: ActionDef): Promise<void> {
  if (!ACTION_NAME.test(def.name))
    fail('ACTION_INVALID', `"${def.name}" is not a dotted lower-case action name such as loan.apply`, {
      field: 'name',
    });
  if (!DOMAIN.test(def.domain))
    fail('ACTION_INVALID', `--domain: "${def.domain}" is not a lower-case domain name`, { field: 'domain' });
  await deps.store.transaction(async (tx) => {
    if (!(await tx.addAction(def)))
      fail('ACTION_EXISTS', `action ${def.name} is already registered`, { field: 'name' });
    await appendAudit(tx, {
      chain: OPERATOR_CHAIN,
      type: 'action',
      payload: { name: def.name, domain: def.domain, effect: def.effect },
      at: deps.clock.now(),
    });
  });
}

/**
 * Grants a registered action to an authority (the inter-agency memorandum, `standing
 * grant`), creating the authority on first use, and audits it on the authority's
 * chain. Returns false, and audits nothing, when the authority already held it.
 */
export async function grantAction(deps: EngineDeps, authority: string, action: string): Promise<boolean> {
  checkAuthority(authority);
  return deps.store.transaction(async (tx) => {
    const now = deps.clock.now();
    if (!(await tx.listActions()).some((a) => a.name === action))
      fail('ACTION_UNKNOWN', `no registered action ${action}; see \`standing actions\``, { field: 'action' });
    await ensureAuthorities(tx, [authority], now);
    if (!(await tx.addGrant(authority, action, now))) return false;
    await appendAudit(tx, { chain: authority, type: 'grant', payload: { action }, at: now });
    return true;
  });
}

/** The action registry and every grant of it (`standing actions`), in one read. */
export async function registryWithGrants(deps: EngineDeps) {
  return deps.store.read(async (tx) => ({ actions: await tx.listActions(), grants: await tx.listGrants() }));
}

/** The registered actions (SPEC §4), public. */
export async function registeredActions(deps: EngineDeps): Promise<ActionDef[]> {
  return deps.store.read((tx) => tx.listActions());
}

/** Every grant of an action to an authority (the inter-agency memorandum), public. */
export async function actionGrants(deps: EngineDeps): Promise<GrantRow[]> {
  return deps.store.read((tx) => tx.listGrants());
}
