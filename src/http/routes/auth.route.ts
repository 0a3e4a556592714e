import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { fail } from '../../core/errors.js';
import { formatInstant } from '../../core/instant.js';
import { STAFF_ROLES, type Principal } from '../../core/principal.js';
import {
  createApiKey,
  enrol,
  issueEnrolment,
  listApiKeys,
  revokeApiKey,
  signIn,
  signOut,
  type ApiKeyInfo,
} from '../../engine/tenancy/auth.js';
import type { App, HttpDeps } from '../app.js';
import { authorize } from '../../core/policy.js';
import { SESSION_COOKIE, sessionCookie, sessionCookieOptions, can } from '../auth.js';
import { body, Nullable } from '../due-process-schemas.js';
import { errors, SubjectId } from '../schemas.js';
import type { RouteOptions } from './index.js';
import { accountLanguage, setAccountLanguage } from '../../engine/tenancy/language.js';

export const PrincipalSchema = Type.Union(
  [
    Type.Object({
      type: Type.Literal('staff'),
      authority: Type.String(),
      roles: Type.Array(Type.String()),
      account: Nullable(Type.String()),
      key: Nullable(Type.String()),
    }),
    Type.Object({ type: Type.Literal('party'), party: Type.String(), key: Type.String() }),
    Type.Object({
      type: Type.Literal('subject'),
      subject: Type.String(),
      account: Type.String(),
      language: Type.Optional(
        Nullable(Type.String({ description: 'the language the subject chose (en, zh-CN); null: none chosen' })),
      ),
    }),
    Type.Object({ type: Type.Literal('registrar'), account: Type.String() }),
    Type.Object({ type: Type.Literal('operator') }),
    Type.Object({ type: Type.Literal('anonymous') }),
  ],
  {
    title: 'Principal',
    description:
      'Who is asking: staff of an authority (account or API key), a relying party, a subject, or a registrar of the operator’s identity desk.',
  },
);

const AccountName = Type.String({ minLength: 1, maxLength: 64, description: 'lower-case letters, digits, . _ @ -' });
// Bounded so a huge "password" cannot make scrypt work for nothing.
const Password = Type.String({ minLength: 1, maxLength: 1024 });
const StaffRole = Type.Union(STAFF_ROLES.map((r) => Type.Literal(r)));

const KeyInfo = Type.Object(
  {
    id: Type.String(),
    authority: Nullable(Type.String()),
    roles: Type.Array(Type.String()),
    party: Nullable(Type.String()),
    label: Nullable(Type.String()),
    createdAt: Type.String(),
    lastUsedAt: Nullable(Type.String()),
    revokedAt: Nullable(Type.String()),
    createdBy: Nullable(
      Type.String({ description: 'the account that created it (`key:ID` for another key); null: the operator' }),
    ),
  },
  { title: 'ApiKey', description: 'A key as listed: never its secret or hash.' },
);

const iso = (ms: number | null): string | null => (ms === null ? null : formatInstant(ms));

function keyView(k: ApiKeyInfo) {
  return {
    id: k.id,
    authority: k.authority,
    roles: [...k.roles],
    party: k.party,
    label: k.label,
    createdAt: formatInstant(k.createdAt),
    lastUsedAt: iso(k.lastUsedAt),
    revokedAt: iso(k.revokedAt),
    createdBy: k.createdBy,
  };
}

/** The session token a request carries (`Authorization: Session …` or the cookie), if any. */
function sessionToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const [scheme, value] = header.split(' ', 2);
    return scheme === 'Session' && value ? value : undefined;
  }
  return sessionCookie(request);
}

function setSessionCookie(reply: FastifyReply, token: string, expiresAt: number, secure: boolean): void {
  void reply.setCookie(SESSION_COOKIE, token, {
    ...sessionCookieOptions(reply.request, secure),
    expires: new Date(expiresAt),
  });
}

function signedIn(p: Principal): Exclude<Principal, { type: 'anonymous' }> {
  if (p.type === 'anonymous') fail('UNAUTHENTICATED', 'sign in or send an API key');
  return p;
}

/** Sessions for people, enrolment of subjects, and API keys an authority's admin manages (SPEC §1). */
export async function authRoutes(app: App, deps: HttpDeps, options: RouteOptions): Promise<void> {
  app.post(
    '/v1/sessions',
    {
      config: { attempts: 'sign-in' },
      schema: {
        tags: ['auth'],
        summary: 'Sign in with an account and password',
        description:
          'Returns a session token and sets it as the HttpOnly, SameSite=Strict cookie `standing_session`. Send it back as the cookie or as `Authorization: Session <token>`. Sessions last 12 hours.',
        security: [],
        body: Type.Object({ account: AccountName, password: Password }, { additionalProperties: false }),
        response: {
          201: Type.Object({ token: Type.String(), expiresAt: Type.String(), principal: PrincipalSchema }),
          ...errors(400, 401, 429),
        },
      },
    },
    async (request, reply) => {
      const s = await signIn(deps, request.body);
      setSessionCookie(reply, s.token, s.expiresAt, options.secureCookies);
      return reply
        .status(201)
        .send({ token: s.token, expiresAt: formatInstant(s.expiresAt), principal: body(s.principal) });
    },
  );

  app.delete(
    '/v1/sessions/current',
    {
      schema: {
        tags: ['auth'],
        summary: 'Sign out',
        description:
          'Ends the session this request carries and clears its cookie. API keys have no session: revoke them instead.',
        security: [{ session: [] }],
        response: { 204: Type.Null({ description: 'signed out' }), ...errors(401) },
      },
    },
    async (request, reply) => {
      const token = sessionToken(request);
      if (token === undefined || request.principal.type === 'anonymous')
        fail('UNAUTHENTICATED', 'this request carries no session to end');
      await signOut(deps, token);
      void reply.clearCookie(SESSION_COOKIE, sessionCookieOptions(request, options.secureCookies));
      return reply.status(204).send(null);
    },
  );

  app.get(
    '/v1/me',
    {
      schema: {
        tags: ['auth'],
        summary: 'Who am I',
        description: 'The principal the credentials of this request stand for.',
        response: { 200: PrincipalSchema, ...errors(401) },
      },
    },
    async (request) => {
      const p = signedIn(request.principal);
      return p.type === 'subject' ? { ...body(p), language: await accountLanguage(deps, p.account) } : body(p);
    },
  );

  app.put(
    '/v1/me/language',
    {
      schema: {
        tags: ['auth'],
        summary: 'Set my language',
        description:
          'The language of the pages, notices and messages for the signed-in account: en or zh-CN (null clears it, and the Accept-Language of each request decides). Error codes never change with it.',
        body: Type.Object(
          { language: Nullable(Type.Union([Type.Literal('en'), Type.Literal('zh-CN')])) },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ language: Nullable(Type.String()) }), ...errors(400, 401, 403) },
      },
    },
    async (request) => {
      const p = signedIn(request.principal);
      const account = 'account' in p ? p.account : null;
      if (account === null || account === undefined)
        fail('FORBIDDEN', 'only a signed-in account has settings; an API key has none');
      return { language: await setAccountLanguage(deps, account, request.body.language) };
    },
  );

  app.post(
    '/v1/enrolment-codes',
    {
      config: { access: can('enrolment.issue') },
      schema: {
        tags: ['auth'],
        summary: 'Issue a one-time enrolment code for a subject',
        description:
          'A registrar of the operator’s identity desk, signed in to its account; an authority’s admin is refused (403): an authority that could enrol a subject could read that subject’s file of every authority. The code is bound to the subject, shown once, valid for 24 hours, for one enrolment — also of a further account of a subject that has one. Issuing is audited and announced in the subject’s inbox.',
        body: Type.Object({ subject: SubjectId }, { additionalProperties: false }),
        response: {
          201: Type.Object({
            code: Type.String(),
            subject: Type.String(),
            expiresAt: Type.String(),
            existingAccounts: Type.Integer({ description: 'accounts the subject has already' }),
          }),
          ...errors(400, 401, 403),
        },
      },
    },
    async (request, reply) => {
      const p = signedIn(request.principal);
      if (p.type !== 'registrar')
        fail('FORBIDDEN', 'enrolment codes are issued by a registrar of the operator’s identity desk, signed in');
      const e = await issueEnrolment(deps, { registrar: p.account, subject: request.body.subject });
      return reply.status(201).send({
        code: e.code,
        subject: request.body.subject,
        expiresAt: formatInstant(e.expiresAt),
        existingAccounts: e.existingAccounts,
      });
    },
  );

  app.post(
    '/v1/enrolments',
    {
      config: { attempts: 'enrolment' },
      schema: {
        tags: ['auth'],
        summary: 'Enrol as a subject with a one-time code',
        description:
          'Creates the subject’s account with its password; then sign in with `POST /v1/sessions`. The code is the credential: no other is needed.',
        security: [],
        body: Type.Object(
          { code: Type.String({ minLength: 1, maxLength: 64 }), account: AccountName, password: Password },
          { additionalProperties: false },
        ),
        response: { 201: PrincipalSchema, ...errors(400, 409, 429) },
      },
    },
    async (request, reply) => reply.status(201).send(body(await enrol(deps, request.body))),
  );

  app.post(
    '/v1/keys',
    {
      config: { access: can('key.manage') },
      schema: {
        tags: ['auth'],
        summary: 'Create an API key of your authority',
        description: 'Admins only, for their own authority. The secret is shown this once; only its SHA-256 is kept.',
        body: Type.Object(
          {
            roles: Type.Array(StaffRole, { minItems: 1, maxItems: 4, uniqueItems: true }),
            label: Type.Optional(Type.String({ maxLength: 200 })),
          },
          { additionalProperties: false },
        ),
        response: {
          201: Type.Object({
            id: Type.String(),
            secret: Type.String({ description: 'send as `Authorization: Bearer <secret>`; shown once' }),
          }),
          ...errors(400, 401, 403),
        },
      },
    },
    async (request, reply) => {
      const admin = authorize(request.principal, 'key.manage');
      const { roles, label } = request.body;
      const k = await createApiKey(
        deps,
        { authority: admin.authority, roles, ...(label === undefined ? {} : { label }) },
        admin,
      );
      return reply.status(201).send(k);
    },
  );

  app.get(
    '/v1/keys',
    {
      config: { access: can('key.manage') },
      schema: {
        tags: ['auth'],
        summary: 'API keys of your authority',
        description: 'Admins only; revoked keys included. Never secrets or hashes.',
        response: { 200: Type.Object({ keys: Type.Array(KeyInfo) }), ...errors(401, 403) },
      },
    },
    async (request) => {
      const admin = authorize(request.principal, 'key.manage');
      return { keys: (await listApiKeys(deps, { includeRevoked: true }, admin)).map(keyView) };
    },
  );

  app.delete(
    '/v1/keys/:id',
    {
      config: { access: can('key.manage') },
      schema: {
        tags: ['auth'],
        summary: 'Revoke an API key of your authority',
        description:
          'Admins of the key’s authority; to anyone else the key does not exist (404). Revoking a revoked key changes nothing.',
        params: Type.Object({ id: Type.String({ pattern: '^[A-Za-z0-9_-]{12}$' }) }),
        response: { 200: KeyInfo, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const admin = authorize(request.principal, 'key.manage');
      // Idempotent: revoking a revoked key answers with it as it is.
      const known = (await listApiKeys(deps, { includeRevoked: true }, admin)).find((k) => k.id === request.params.id);
      if (known?.revokedAt != null) return keyView(known);
      return keyView(await revokeApiKey(deps, request.params.id, admin));
    },
  );
}
