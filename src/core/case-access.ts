import { fail, type ErrorCode } from './errors.js';
import type { StaffPrincipal, SubjectPrincipal } from './principal.js';

/*
 * Who may read a listing or a case is the policy's (core/policy.ts, `listing.read`,
 * `appeal.read`, `dispute.read`): staff holding one of the roles, or a subject; callers who
 * could never read such a thing are refused before the lookup. After it, staff of another
 * authority and other subjects get the same 404 as for an id that does not exist, so nothing leaks.
 */

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
