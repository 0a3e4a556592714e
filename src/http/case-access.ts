import { fail, type ErrorCode } from '../core/errors.js';
import type { Principal, Role, StaffPrincipal, SubjectPrincipal } from '../core/principal.js';

/**
 * Who may read a listing or a case: staff of its authority holding one of `roles`, or
 * its subject. Checked in two steps so that nothing leaks: before the lookup, callers
 * who could never read such a thing are refused (401 anonymous, 403 wrong kind or role);
 * after it, staff of another authority and other subjects get the same 404 as for an
 * id that does not exist.
 */
export function caseReader(p: Principal, roles: readonly Role[], what: string): StaffPrincipal | SubjectPrincipal {
  switch (p.type) {
    case 'anonymous':
      return fail('UNAUTHENTICATED', 'sign in or send an API key');
    case 'subject':
      return p;
    case 'staff':
      if (!roles.some((r) => p.roles.includes(r)))
        fail('FORBIDDEN', `reading ${what} needs one of the roles ${roles.join(', ')}`);
      return p;
    case 'party':
    case 'operator':
      return fail('FORBIDDEN', `relying parties see decisions only, not ${what}`);
    case 'registrar':
      return fail('FORBIDDEN', `the identity desk enrols subjects; it does not read ${what}`);
  }
}

/** The second step: the thing belongs to the reader's authority (staff) or is about the reader (subject); otherwise `code` as if it did not exist. */
export function requireOwnCase<T extends { readonly authority: string; readonly subject: string }>(
  p: StaffPrincipal | SubjectPrincipal,
  item: T | undefined,
  code: ErrorCode,
  message: string,
): asserts item is T {
  const mine = item !== undefined && (p.type === 'staff' ? item.authority === p.authority : item.subject === p.subject);
  if (!mine) fail(code, message);
}
