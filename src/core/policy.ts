import { fail } from './errors.js';
import type {
  OperatorPrincipal,
  PartyPrincipal,
  Principal,
  RegistrarPrincipal,
  StaffPrincipal,
  StaffRole,
  SubjectPrincipal,
} from './principal.js';
import { STAFF_ROLES } from './principal.js';

/**
 * The authorization policy (SPEC §1): which principal may perform which operation, in one
 * table, read by the HTTP edge, the CLI and the engine alike. Deny by default: an operation
 * not in the table cannot be named, and a principal the rule does not admit is refused.
 *
 * A rule admits one kind of principal:
 * - `staff`: staff of an authority holding one of `roles`; with a target, of the target's
 *   authority only ("own authority"). `human`: signed in to an account, never an API key
 *   (REVIEWER_MUST_BE_HUMAN). `subject`: the subject the case is about reads it too.
 * - `subject`: a subject for itself only (with a target, the target's subject).
 * - `party`: a relying party (its own entitlements are the engine's to check).
 * - `registrar`: the operator's identity desk.
 * Any rule may also admit the operator at the CLI (`operator`), who acts without an account.
 *
 * Whether the principal is a party to the case (the four-eyes rule, REVIEW_CONFLICT) needs
 * the records the case rests on; the engine checks it after `authorize`, in requireFourEyes.
 */
export type Rule = (
  | {
      readonly who: 'staff';
      readonly roles: readonly StaffRole[];
      /** A person signed in, never an API key; the code an API key is refused with. */
      readonly human?: 'REVIEWER_MUST_BE_HUMAN' | 'FORBIDDEN';
      readonly subject?: true;
    }
  | { readonly who: 'subject' }
  | { readonly who: 'party' }
  | { readonly who: 'registrar' }
) & { readonly operator?: true };

/** Who reads scores: staff who judge or oversee, not reporters (who only submit facts). */
const READERS = ['admin', 'reviewer', 'auditor'] as const satisfies readonly StaffRole[];

export const POLICY = {
  // Records and schemes
  'record.submit': { who: 'staff', roles: ['reporter'], operator: true },
  'record.retract': { who: 'staff', roles: ['reporter'], operator: true },
  'record.read': { who: 'staff', roles: STAFF_ROLES },
  'scheme.publish': { who: 'staff', roles: ['admin'], operator: true },
  'scheme.check': { who: 'staff', roles: STAFF_ROLES },
  // A key would let its creator approve its own version (SPEC §12).
  'scheme.approve': { who: 'staff', roles: ['admin'], human: 'FORBIDDEN' },
  'candidate.read': { who: 'staff', roles: ['admin'], operator: true },
  'simulation.run': { who: 'staff', roles: ['admin'], operator: true },
  'score.read': { who: 'staff', roles: READERS },
  'audit.read': { who: 'staff', roles: ['auditor'] },
  'key.manage': { who: 'staff', roles: ['admin'], operator: true },
  'reports.configure': { who: 'staff', roles: ['admin'] },
  // Listings and due process
  'listing.list': { who: 'staff', roles: STAFF_ROLES },
  'listing.read': { who: 'staff', roles: STAFF_ROLES, subject: true },
  'listing.open': { who: 'staff', roles: ['admin'] },
  'review.queue': { who: 'staff', roles: ['reviewer'], operator: true },
  'appeal.read': { who: 'staff', roles: ['reviewer'], subject: true },
  'dispute.read': { who: 'staff', roles: ['reviewer'], subject: true },
  'appeal.decide': { who: 'staff', roles: ['reviewer'], human: 'REVIEWER_MUST_BE_HUMAN' },
  'dispute.decide': { who: 'staff', roles: ['reviewer'], human: 'REVIEWER_MUST_BE_HUMAN' },
  'second-instance.queue': { who: 'staff', roles: ['reviewer'], operator: true },
  'second-instance.decide': { who: 'staff', roles: ['reviewer'], human: 'REVIEWER_MUST_BE_HUMAN' },
  'report.file': { who: 'staff', roles: STAFF_ROLES, subject: true },
  'report.queue': { who: 'staff', roles: ['reviewer'], human: 'REVIEWER_MUST_BE_HUMAN' },
  'report.decide': { who: 'staff', roles: ['reviewer'], human: 'REVIEWER_MUST_BE_HUMAN' },
  // The subject's own file
  'subject.file': { who: 'subject', operator: true },
  'appeal.file': { who: 'subject' },
  'dispute.file': { who: 'subject' },
  'second-instance.request': { who: 'subject' },
  'pass.manage': { who: 'subject', operator: true },
  'exclusion.manage': { who: 'subject', operator: true },
  // Relying parties and the identity desk
  'action.check': { who: 'party' },
  'enrolment.issue': { who: 'registrar' },
} as const satisfies Record<string, Rule>;

export type Operation = keyof typeof POLICY;
export const OPERATIONS = Object.keys(POLICY) as readonly Operation[];

/** What an operation acts on: the authority whose thing it is, the subject it is about. */
export interface Target {
  readonly authority?: string;
  readonly subject?: string;
}

/** The principal `authorize` admits for a rule, narrowed by its kind. */
export type Authorized<R extends Rule> =
  | (R extends { who: 'staff' }
      ? StaffPrincipal | (R extends { subject: true } ? SubjectPrincipal : never)
      : R extends { who: 'subject' }
        ? SubjectPrincipal
        : R extends { who: 'party' }
          ? PartyPrincipal
          : RegistrarPrincipal)
  | (R extends { operator: true } ? OperatorPrincipal : never);

/** `this needs the reviewer role` / `this needs one of the roles admin, reviewer, auditor`. */
function needs(roles: readonly StaffRole[]): string {
  return roles.length === 1 ? `the ${roles[0]} role` : `one of the roles ${roles.join(', ')}`;
}

/**
 * Authorizes `p` to perform `op`: returns the principal, narrowed, or fails with the stable
 * code the HTTP API answers (UNAUTHENTICATED 401; FORBIDDEN, REVIEWER_MUST_BE_HUMAN 403).
 *
 * Without a target it answers "may this principal ever do this" — its kind and roles only,
 * which the HTTP edge checks before it reads the request. With a target it also checks the
 * rule's conditions: own authority, own subject, a person signed in; these failures name
 * the `as` field, the acting principal. The result is narrowed to the kinds `p` can be: at the
 * HTTP edge, where there is no operator, never the operator.
 */
export function authorize<O extends Operation, P extends Principal>(
  p: P,
  op: O,
  target?: Target,
): Extract<Authorized<(typeof POLICY)[O]>, P> {
  const rule: Rule = POLICY[op];
  const at = target === undefined ? undefined : { field: 'as' };
  if (p.type === 'anonymous') fail('UNAUTHENTICATED', 'sign in or send an API key');
  if (p.type === 'operator' && rule.operator === true) return p as Extract<Authorized<(typeof POLICY)[O]>, P>;
  switch (rule.who) {
    case 'subject':
      if (p.type !== 'subject') fail('FORBIDDEN', 'only the subject itself reads its file or acts on it', at);
      if (target?.subject !== undefined && p.subject !== target.subject)
        fail('FORBIDDEN', `account ${p.account} is ${p.subject}, not ${target.subject}`, at);
      break;
    case 'party':
      if (p.type !== 'party') fail('FORBIDDEN', 'only relying parties check actions', at);
      break;
    case 'registrar':
      if (p.type !== 'registrar')
        fail('FORBIDDEN', 'enrolment codes are issued by a registrar of the operator’s identity desk, signed in', at);
      break;
    case 'staff':
      staffRule(p, rule, target, at);
      break;
  }
  return p as Extract<Authorized<(typeof POLICY)[O]>, P>;
}

function staffRule(
  p: Exclude<Principal, { type: 'anonymous' }>,
  rule: Extract<Rule, { who: 'staff' }>,
  target: Target | undefined,
  at: { field: string } | undefined,
): void {
  if (p.type === 'subject' && rule.subject === true) {
    if (target?.subject !== undefined && p.subject !== target.subject)
      fail('FORBIDDEN', `account ${p.account} is ${p.subject}, not ${target.subject}`, at);
    return;
  }
  if (p.type !== 'staff') {
    const whom =
      p.type === 'operator'
        ? 'the operator acts here through an account (--as)'
        : `this needs ${needs(rule.roles)} of an authority`;
    fail('FORBIDDEN', whom, at);
  }
  if (!rule.roles.some((r) => p.roles.includes(r)))
    fail('FORBIDDEN', `this needs ${needs(rule.roles)}; you hold ${p.roles.join(', ') || 'none'}`, at);
  if (target?.authority !== undefined && p.authority !== target.authority)
    fail('FORBIDDEN', `this belongs to ${target.authority}; you act for ${p.authority}`, at);
  // Last, so that a key of another authority is told what it would be told without this condition.
  if (target !== undefined && rule.human !== undefined && p.account === null)
    fail(rule.human, `this is done by ${needs(rule.roles)} signed in to an account, not by an API key`, at);
}

/** Whether `p` may perform `op` (on `target`): `authorize` without the error. */
export function may(p: Principal, op: Operation, target?: Target): boolean {
  try {
    authorize(p, op, target);
    return true;
  } catch {
    return false;
  }
}
