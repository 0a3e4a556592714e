import { fastifyCookie } from '@fastify/cookie';
import type { FastifyRequest } from 'fastify';
import { fail } from '../core/errors.js';
import type { OperatorPrincipal, Principal } from '../core/principal.js';
import { authorize, type Operation } from '../core/policy.js';

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

/** Who calls over HTTP: anyone but the operator, who acts only at the CLI. */
export type EdgePrincipal = Exclude<Principal, OperatorPrincipal>;

declare module 'fastify' {
  interface FastifyRequest {
    principal: EdgePrincipal;
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

/** What a credential proves, at the edge: never the operator, who has no credential to send. */
function edge(p: Principal | null): EdgePrincipal | null {
  return p === null || p.type === 'operator' ? null : p;
}

/** The principal of a `Bearer` key the authenticator holds in memory, without waiting; undefined otherwise. */
export function knownKey(request: FastifyRequest, auth: Authenticator): EdgePrincipal | undefined {
  const header = request.headers.authorization;
  return header !== undefined && header.startsWith('Bearer ') && auth.knownKey !== undefined
    ? (edge(auth.knownKey(header.slice(7)) ?? null) ?? undefined)
    : undefined;
}

/** Resolves the caller; anonymous when no credentials are sent, 401 when bad ones are. */
export async function resolvePrincipal(request: FastifyRequest, auth: Authenticator): Promise<EdgePrincipal> {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const [scheme, value] = header.split(' ', 2);
    if (scheme === 'Bearer' && value)
      return edge(await auth.key(value)) ?? fail('UNAUTHENTICATED', 'the API key is unknown or revoked');
    if (scheme === 'Session' && value)
      return (
        edge(await auth.session(value)) ?? fail('UNAUTHENTICATED', 'the session is unknown or expired; sign in again')
      );
    fail('UNAUTHENTICATED', 'send Authorization: Bearer <api key> or Session <token>');
  }
  const token = sessionCookie(request);
  if (token)
    return (
      edge(await auth.session(token)) ?? fail('UNAUTHENTICATED', 'the session is unknown or expired; sign in again')
    );
  return { type: 'anonymous' };
}

export function signedIn(p: Principal): void {
  if (p.type === 'anonymous') fail('UNAUTHENTICATED', 'sign in or send an API key');
}

/**
 * A route's `config.access` from the policy (core/policy.ts): whether the principal may ever
 * perform `op` — its kind and roles. Handlers call `authorize` again with what they act on.
 */
export const can =
  (op: Operation): Access =>
  (p) =>
    void authorize(p, op);
