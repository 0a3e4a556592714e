/**
 * The authenticated caller (SPEC §1): who is asking, as the HTTP and CLI edges
 * establish it. Deny by default: a principal may do exactly what its type, roles and
 * authority allow, and the helpers here answer only "does it hold this".
 */

/** The roles an account may hold: defined here only (the store's account rows and the policy import it). */
export type Role = 'admin' | 'reporter' | 'reviewer' | 'auditor' | 'subject' | 'registrar';
export const ROLES: readonly Role[] = ['admin', 'reporter', 'reviewer', 'auditor', 'subject', 'registrar'];

/** The roles of an authority's staff: everything but `subject` and the operator's `registrar`. */
export type StaffRole = Exclude<Role, 'subject' | 'registrar'>;
export const STAFF_ROLES: readonly StaffRole[] = ['admin', 'reporter', 'reviewer', 'auditor'];

/** Staff of an authority, signed in to an account or calling with the authority's API key. */
export interface StaffPrincipal {
  readonly type: 'staff';
  readonly authority: string;
  /** Staff roles only, sorted; never `subject`. */
  readonly roles: readonly Role[];
  /** The signed-in account, or null for an API key. */
  readonly account: string | null;
  /** The API key id, or null for an account. */
  readonly key: string | null;
}

/** A relying party calling with its API key: it may check the actions it is entitled to, nothing else. */
export interface PartyPrincipal {
  readonly type: 'party';
  readonly party: string;
  readonly key: string;
}

/** A subject signed in to its own account: it acts only for itself. */
export interface SubjectPrincipal {
  readonly type: 'subject';
  readonly subject: string;
  readonly account: string;
}

/**
 * Staff of the operator's identity desk, signed in to an account (SPEC §1): the only one who
 * issues subjects' enrolment codes. Belongs to no authority and holds no authority's role, so
 * no authority can vouch for a person it wants to read the file of.
 */
export interface RegistrarPrincipal {
  readonly type: 'registrar';
  readonly account: string;
}

/** The operator at the CLI: runs the instance; holds no role, so role checks do not admit it by accident. */
export interface OperatorPrincipal {
  readonly type: 'operator';
}

/** No credentials, or none that hold: sees only what is public. */
export interface AnonymousPrincipal {
  readonly type: 'anonymous';
}

export type Principal =
  | StaffPrincipal
  | PartyPrincipal
  | SubjectPrincipal
  | RegistrarPrincipal
  | OperatorPrincipal
  | AnonymousPrincipal;

export const OPERATOR_PRINCIPAL: OperatorPrincipal = Object.freeze({ type: 'operator' });
export const ANONYMOUS_PRINCIPAL: AnonymousPrincipal = Object.freeze({ type: 'anonymous' });

/**
 * Whether `p` holds `role` — for staff roles, within `authority` when one is named.
 * `subject` is held by a subject principal only. The operator, parties and anonymous
 * callers hold no role: callers that let the operator act check `p.type === 'operator'`.
 */
export function hasRole(p: Principal, role: Role, authority?: string): boolean {
  switch (p.type) {
    case 'staff':
      return role !== 'subject' && p.roles.includes(role) && (authority === undefined || p.authority === authority);
    case 'subject':
      return role === 'subject';
    case 'registrar':
      return role === 'registrar';
    case 'party':
    case 'operator':
    case 'anonymous':
      return false;
  }
}

/** Whether `p` is the subject `subject` itself (SPEC §1: a subject reads and acts on its own file only). */
export function isSubject(p: Principal, subject: string): boolean {
  return p.type === 'subject' && p.subject === subject;
}

/**
 * How a principal is named in attribution fields (`submittedBy`, `decidedBy`, …): the
 * account name; `key:ID` for an API key; null for the operator and anonymous callers.
 */
export function principalName(p: Principal): string | null {
  switch (p.type) {
    case 'staff':
      return p.account ?? (p.key === null ? null : `key:${p.key}`);
    case 'subject':
    case 'registrar':
      return p.account;
    case 'party':
      return `key:${p.key}`;
    case 'operator':
    case 'anonymous':
      return null;
  }
}
