import { fail } from '../../core/errors.js';
import { authorize, type Operation, type Target } from '../../core/policy.js';
import {
  OPERATOR_PRINCIPAL,
  principalName,
  ROLES,
  type Principal,
  type RegistrarPrincipal,
  type Role,
  type StaffPrincipal,
  type SubjectPrincipal,
} from '../../core/principal.js';
import { checkAuthority, checkSubject } from '../../core/subject.js';
import type { AccountRow } from '../../store/due-process-port.js';
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

/** The principal an account signs in as: a registrar; staff if it holds any staff role (and then acts as staff); else its subject. */
export function accountPrincipal(a: AccountRow): StaffPrincipal | SubjectPrincipal | RegistrarPrincipal | null {
  // checkAccount never lets a registrar hold another role; an account that somehow does is refused.
  if (a.roles.includes('registrar'))
    return a.roles.length === 1 && a.authority === null ? { type: 'registrar', account: a.name } : null;
  const staffRoles = a.roles.filter((r) => r !== 'subject');
  if (staffRoles.length > 0 && a.authority !== null)
    return { type: 'staff', authority: a.authority, roles: staffRoles, account: a.name, key: null };
  if (a.roles.includes('subject') && a.subject !== null)
    return { type: 'subject', subject: a.subject, account: a.name };
  return null;
}

/**
 * The principal the CLI acts as: the operator without `--as`; with `--as NAME`, the account
 * as it would sign in over HTTP, so that both edges are held to one policy (core/policy.ts).
 * ACCOUNT_NOT_FOUND for an unknown account.
 */
export async function actingAs(deps: EngineDeps, name: string | undefined): Promise<Principal> {
  if (name === undefined) return OPERATOR_PRINCIPAL;
  const a = await deps.store.transaction((tx) => tx.getAccount(name));
  if (!a) fail('ACCOUNT_NOT_FOUND', `no account ${name}`, { field: 'as' });
  return accountPrincipal(a) ?? fail('FORBIDDEN', `account ${name} holds no role it can act in`, { field: 'as' });
}

/**
 * Authorizes `p` to perform `op` on `target` (core/policy.ts) and returns the name the act is
 * attributed to (`decidedBy`, `submittedBy`, …): the account, `key:ID`, or null for the operator.
 */
export function actorName(p: Principal, op: Operation, target: Target): string | null {
  return principalName(authorize(p, op, target));
}

/** As actorName, for an operation the operator does not perform: the name is never null. */
export function personName(p: Principal, op: Operation, target: Target): string {
  return actorName(p, op, target) ?? fail('FORBIDDEN', `${op} needs an account or an API key`, { field: 'as' });
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

/** Every account (`standing account list`: the operator's view). */
export async function listAccounts(deps: EngineDeps): Promise<AccountRow[]> {
  return deps.store.read((tx) => tx.listAccounts());
}
