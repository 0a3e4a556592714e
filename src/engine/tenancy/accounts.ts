import { fail } from '../../core/errors.js';
import { hasRole, principalName, type Principal } from '../../core/principal.js';
import { checkAuthority, checkSubject } from '../../core/subject.js';
import { ROLES, type AccountRow, type Role } from '../../store/due-process-port.js';
import type { StoreTx } from '../../store/store.js';
import { appendAudit, ensureAuthorities } from '../audit/audit.js';
import { accountDigest } from '../audit/row-digest.js';
import type { EngineDeps } from '../deps.js';

const NAME = /^[a-z0-9][a-z0-9._@-]{0,63}$/;

export interface AccountInput {
  readonly name: string;
  readonly authority?: string;
  readonly roles: readonly string[];
  /** For a subject's own account. */
  readonly subject?: string;
}

/** Validates an account: staff roles need an authority, the subject role needs the subject it is. */
export function checkAccount(input: AccountInput, at: number): AccountRow {
  if (!NAME.test(input.name))
    fail('ACCOUNT_INVALID', `account name "${input.name}" must be lower-case letters, digits, . _ @ -`, {
      field: 'name',
    });
  if (input.roles.length === 0) fail('ACCOUNT_INVALID', 'an account needs at least one role', { field: 'roles' });
  for (const r of input.roles) {
    if (!ROLES.includes(r as Role))
      fail('ACCOUNT_INVALID', `unknown role "${r}"; roles are ${ROLES.join(', ')}`, { field: 'roles' });
  }
  const roles = [...new Set(input.roles as Role[])].sort();
  // The identity desk is the operator's: were a registrar also an authority's staff (or a subject), that
  // authority could enrol itself as anyone and read their file of every authority (SPEC §1).
  if (roles.includes('registrar') && (roles.length > 1 || input.authority !== undefined || input.subject !== undefined))
    fail(
      'ACCOUNT_INVALID',
      "a registrar is staff of the operator's identity desk: it holds no other role and belongs to no authority or subject",
      { field: 'roles' },
    );
  const staff = roles.some((r) => r !== 'subject' && r !== 'registrar');
  if (staff && input.authority === undefined)
    fail('ACCOUNT_INVALID', `roles ${roles.join(', ')} need --authority`, { field: 'authority' });
  if (roles.includes('subject') && input.subject === undefined)
    fail('ACCOUNT_INVALID', 'a subject account needs --subject person:… or org:…', { field: 'subject' });
  if (!roles.includes('subject') && input.subject !== undefined)
    fail('ACCOUNT_INVALID', '--subject is only for accounts with the subject role', { field: 'subject' });
  return {
    name: input.name,
    authority: input.authority === undefined ? null : checkAuthority(input.authority),
    roles,
    subject: input.subject === undefined ? null : checkSubject(input.subject),
    createdAt: at,
  };
}

export async function addAccount(deps: EngineDeps, input: AccountInput): Promise<AccountRow> {
  const at = deps.clock.now();
  const row = checkAccount(input, at);
  await deps.store.transaction(async (tx) => {
    if (row.authority !== null) await ensureAuthorities(tx, [row.authority], at);
    if (!(await tx.insertAccount(row))) fail('ACCOUNT_EXISTS', `account ${row.name} exists`, { field: 'name' });
    // A registrar's account is the operator's act: on the operator chain, as every account without an authority.
    await appendAudit(tx, {
      chain: row.authority ?? 'operator',
      type: 'account',
      payload: { account: row.name, roles: row.roles, change: 'created', row: accountDigest(row) },
      at,
    });
  });
  return row;
}

/**
 * The account, if it holds `role` (for staff roles: within `authority`). Deny by
 * default: an unknown account or a missing role is refused.
 */
export async function requireRole(tx: StoreTx, name: string, role: Role, authority?: string): Promise<AccountRow> {
  const a = await tx.getAccount(name);
  if (!a) fail('ACCOUNT_NOT_FOUND', `no account ${name}`, { field: 'as' });
  if (!a.roles.includes(role)) fail('FORBIDDEN', `account ${name} does not hold the ${role} role`, { field: 'as' });
  if (authority !== undefined && role !== 'subject' && a.authority !== authority) {
    fail('FORBIDDEN', `account ${name} is ${role} of ${a.authority ?? 'no authority'}, not of ${authority}`, {
      field: 'as',
    });
  }
  return a;
}

/**
 * Who acts in a decision: an account name (the CLI's `--as`, looked up and checked
 * here) or a principal the HTTP edge already authenticated (an API key has no account).
 */
export type Actor = string | Principal;

/** Checks that the actor holds `role` of `authority`, and returns the name to attribute the act to. */
export async function requireActor(tx: StoreTx, actor: Actor, role: Role, authority: string): Promise<string> {
  if (typeof actor === 'string') return (await requireRole(tx, actor, role, authority)).name;
  const name = principalName(actor);
  if (name === null || !hasRole(actor, role, authority))
    fail('FORBIDDEN', `this needs the ${role} role of ${authority}`, { field: 'as' });
  return name;
}

/**
 * The reviewer deciding an appeal or a dispute (SPEC §6 Review): a person signed in to an
 * account holding the reviewer role of `authority`, never an API key
 * (REVIEWER_MUST_BE_HUMAN). Returns the account name.
 */
export async function requireHumanReviewer(tx: StoreTx, actor: Actor, authority: string): Promise<string> {
  if (typeof actor !== 'string' && actor.type === 'staff' && actor.account === null)
    fail(
      'REVIEWER_MUST_BE_HUMAN',
      'appeals and disputes are decided by a reviewer signed in to an account, not by an API key',
      { field: 'as' },
    );
  return requireActor(tx, actor, 'reviewer', authority);
}

/** How many keys deep the four-eyes rule follows `key:ID` → the key's creator (a key may create keys). */
const CREATOR_DEPTH = 8;

/**
 * Whether `submittedBy` (a record's submitter: an account name or `key:ID`) is the account
 * `person`, or a key that `person` created, directly or through keys it created.
 */
export async function submittedByPerson(tx: StoreTx, submittedBy: string | null, person: string): Promise<boolean> {
  let who = submittedBy;
  for (let depth = 0; who !== null && depth <= CREATOR_DEPTH; depth++) {
    if (who === person) return true;
    if (!who.startsWith('key:')) return false;
    who = (await tx.getApiKey(who.slice(4)))?.createdBy ?? null;
  }
  return false;
}

/** A subject acts only for itself. */
export async function requireSubject(tx: StoreTx, name: string, subject: string): Promise<AccountRow> {
  const a = await requireRole(tx, name, 'subject');
  if (a.subject !== subject)
    fail('FORBIDDEN', `account ${name} is ${a.subject ?? 'no subject'}, not ${subject}`, { field: 'as' });
  return a;
}
