import { fastifyCookie } from '@fastify/cookie';
import type { FastifyRequest } from 'fastify';
import { fail } from '../core/errors.js';
import type { Principal } from '../core/principal.js';
import type { Role } from '../store/due-process-port.js';

/** How the HTTP edge turns credentials into a principal; implemented by engine/auth. */
export interface Authenticator {
  /** An API key (`Authorization: Bearer stk_…`), or null when unknown; may fail KEY_REVOKED for a revoked one. */
  key(secret: string): Promise<Principal | null>;
  /** A session token (cookie `standing_session` or `Authorization: Session …`), or null when unknown; may fail SESSION_EXPIRED. */
  session(token: string): Promise<Principal | null>;
  /** The principal of an API key verified a moment ago, from memory, or undefined: then ask `key`. Optional. */
  knownKey?(secret: string): Principal | undefined;
}

export const SESSION_COOKIE = 'standing_session';

/**
 * Who may call a route, checked from the credentials alone before the request's body or
 * query is read or validated (app.ts): fails UNAUTHENTICATED or FORBIDDEN. Checks that need
 * the validated request (the authority in the path, the case's owner) stay in the handler.
 */
export type Access = (p: Principal) => void;

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal;
  }
  interface FastifyContextConfig {
    /** The route's access check; secured routes without one need any signed-in principal. */
    access?: Access;
  }
}

/**
 * The session cookie's attributes. HttpOnly: scripts cannot read it; SameSite=Strict: other
 * sites cannot ride on it; Secure when the request came over HTTPS — directly, or through a
 * trusted proxy's X-Forwarded-Proto (`trustProxy`) — or always when `secure` is configured.
 */
export function sessionCookieOptions(request: FastifyRequest, secure: boolean) {
  return {
    httpOnly: true,
    sameSite: 'strict' as const,
    secure: secure || request.protocol === 'https',
    path: '/',
  };
}

/** The session cookie the request carries, if any; cookies are parsed only here. */
export function sessionCookie(request: FastifyRequest): string | undefined {
  const header = request.headers.cookie;
  return header === undefined ? undefined : fastifyCookie.parse(header)[SESSION_COOKIE] || undefined;
}

/** The principal of a `Bearer` key the authenticator holds in memory, without waiting; undefined otherwise. */
export function knownKey(request: FastifyRequest, auth: Authenticator): Principal | undefined {
  const header = request.headers.authorization;
  return header !== undefined && header.startsWith('Bearer ') && auth.knownKey !== undefined
    ? auth.knownKey(header.slice(7))
    : undefined;
}

/** Resolves the caller; anonymous when no credentials are sent, 401 when bad ones are. */
export async function resolvePrincipal(request: FastifyRequest, auth: Authenticator): Promise<Principal> {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const [scheme, value] = header.split(' ', 2);
    if (scheme === 'Bearer' && value)
      return (await auth.key(value)) ?? fail('UNAUTHENTICATED', 'the API key is unknown or revoked');
    if (scheme === 'Session' && value)
      return (await auth.session(value)) ?? fail('UNAUTHENTICATED', 'the session is unknown or expired; sign in again');
    fail('UNAUTHENTICATED', 'send Authorization: Bearer <api key> or Session <token>');
  }
  const token = sessionCookie(request);
  if (token)
    return (await auth.session(token)) ?? fail('UNAUTHENTICATED', 'the session is unknown or expired; sign in again');
  return { type: 'anonymous' };
}

export function signedIn(p: Principal): void {
  if (p.type === 'anonymous') fail('UNAUTHENTICATED', 'sign in or send an API key');
}

/** Staff of `authority` (when given) holding `role`; deny by default. */
export function requireStaff(p: Principal, role: Role, authority?: string): Extract<Principal, { type: 'staff' }> {
  signedIn(p);
  if (p.type !== 'staff') fail('FORBIDDEN', `this needs the ${role} role of an authority`);
  if (!p.roles.includes(role))
    fail('FORBIDDEN', `this needs the ${role} role; you hold ${p.roles.join(', ') || 'none'}`);
  if (authority !== undefined && p.authority !== authority)
    fail('FORBIDDEN', `this belongs to ${authority}; you act for ${p.authority}`);
  return p;
}

/** Staff of the authority holding any of the roles. */
export function requireAnyStaff(
  p: Principal,
  roles: readonly Role[],
  authority?: string,
): Extract<Principal, { type: 'staff' }> {
  signedIn(p);
  if (p.type !== 'staff' || !roles.some((r) => p.roles.includes(r)))
    fail('FORBIDDEN', `this needs one of the roles ${roles.join(', ')}`);
  if (authority !== undefined && p.authority !== authority)
    fail('FORBIDDEN', `this belongs to ${authority}; you act for ${p.authority}`);
  return p;
}

export function requireParty(p: Principal): Extract<Principal, { type: 'party' }> {
  signedIn(p);
  if (p.type !== 'party') fail('FORBIDDEN', 'only relying parties check actions');
  return p;
}

export function requireSubject(p: Principal): Extract<Principal, { type: 'subject' }> {
  signedIn(p);
  if (p.type !== 'subject') fail('FORBIDDEN', 'only the subject itself reads its file');
  return p;
}

/** Access checks for route `config.access`: the role (or kind) a route needs, before its input is validated. */
export const access = {
  staff:
    (role: Role): Access =>
    (p) =>
      void requireStaff(p, role),
  anyStaff:
    (roles: readonly Role[]): Access =>
    (p) =>
      void requireAnyStaff(p, roles),
  party: ((p) => void requireParty(p)) as Access,
  subject: ((p) => void requireSubject(p)) as Access,
  registrar: ((p) => {
    signedIn(p);
    if (p.type !== 'registrar')
      fail('FORBIDDEN', 'enrolment codes are issued by a registrar of the operator’s identity desk, signed in');
  }) as Access,
};
