import { Type } from 'typebox';
import type { Principal } from '../../core/principal.js';
import type { CheckDeps } from '../../engine/decisions/check.js';
import { createPass, passesOf, revokePass, verifyPass, type PassVerifier } from '../../engine/passes/passes.js';
import type { App, HttpDeps } from '../app.js';
import { authorize } from '../../core/policy.js';
import { can } from '../auth.js';
import { errors } from '../schemas.js';
import { Decision } from './check.route.js';
import type { RouteOptions } from './index.js';

const PassView = Type.Object(
  {
    id: Type.String({ description: 'The pass id (not its token): names it to revoke it.' }),
    subject: Type.String(),
    purpose: Type.String({ description: 'An action name, or scheme:AUTHORITY/ID for a grade.' }),
    recipient: Type.Union([Type.String(), Type.Null()], {
      description: 'party:NAME or account:NAME: only that recipient may verify it; null: whoever holds the token.',
    }),
    createdAt: Type.String(),
    expiresAt: Type.String(),
    revokedAt: Type.Union([Type.String(), Type.Null()]),
    status: Type.Union([Type.Literal('valid'), Type.Literal('expired'), Type.Literal('revoked')]),
  },
  { title: 'Pass' },
);

const CreatedPass = Type.Object(
  {
    ...PassView.properties,
    token: Type.String({
      description:
        'The secret the holder presents (GET /v1/passes/{token}, or the web page #/pass/{token}). Shown this once: only its SHA-256 is stored.',
    }),
  },
  { title: 'CreatedPass' },
);

const { subject: _s, staleness: _st, ...checkFields } = Decision.properties;

const PassVerification = Type.Object(
  {
    subject: Type.String(),
    purpose: Type.String(),
    expiresAt: Type.String(),
    check: Type.Optional(
      Type.Object(checkFields, {
        description: 'For an action: the answer a relying party’s check gets (POST /v1/checks), exactly.',
      }),
    ),
    grade: Type.Optional(
      Type.Object(
        {
          authority: Type.String(),
          scheme: Type.String(),
          version: Type.Integer(),
          grade: Type.Union([Type.String(), Type.Null()], { description: 'null: no grade, or not judged.' }),
          at: Type.String(),
        },
        { description: 'For scheme:ID: the grade only, never the score.' },
      ),
    ),
  },
  {
    title: 'PassVerification',
    description: 'The answer for the pass’s one purpose (SPEC §14): never records, a score or another purpose.',
  },
);

/** Who presents a pass, as the engine matches it against a named recipient. */
function verifierOf(p: Principal): PassVerifier {
  if (p.type === 'party') return { type: 'party', party: p.party };
  if ((p.type === 'subject' || p.type === 'registrar' || p.type === 'staff') && p.account !== null)
    return { type: 'account', account: p.account };
  return { type: 'anonymous' };
}

/** Passes (SPEC §14): the subject makes, lists and revokes them; whoever holds one verifies it. */
export async function passRoutes(app: App, deps: HttpDeps, _options: RouteOptions): Promise<void> {
  const checkDeps: CheckDeps = { ...deps, accessLogWriter: deps.accessLog };
  app.get(
    '/v1/me/passes',
    {
      config: { access: can('pass.manage') },
      schema: {
        tags: ['passes'],
        summary: 'Your passes',
        description: 'Newest first, with their status; never their tokens. Subjects only, signed in as themselves.',
        response: { 200: Type.Object({ passes: Type.Array(PassView) }), ...errors(401, 403) },
      },
    },
    async (request) => {
      const me = authorize(request.principal, 'pass.manage');
      return { passes: await passesOf(deps, me.subject) };
    },
  );

  app.post(
    '/v1/me/passes',
    {
      config: { access: can('pass.manage') },
      schema: {
        tags: ['passes'],
        summary: 'Create a pass',
        description:
          'For one purpose (an action, or `scheme:ID` for your grade under that scheme), for at most 30 days (`ttl`, default P7D), optionally for one recipient (`party:NAME` or `account:NAME`). The token is in this answer only.',
        body: Type.Object(
          {
            purpose: Type.String({ minLength: 1, maxLength: 200 }),
            ttl: Type.Optional(Type.String({ minLength: 2, maxLength: 40 })),
            recipient: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 200 }), Type.Null()])),
          },
          { additionalProperties: false },
        ),
        response: { 201: CreatedPass, ...errors(400, 401, 403) },
      },
    },
    async (request, reply) => {
      const me = authorize(request.principal, 'pass.manage');
      const { purpose, ttl, recipient } = request.body;
      const created = await createPass(deps, { subject: me.subject, purpose, ttl, recipient, by: me });
      return reply.status(201).header('cache-control', 'no-store').send(created);
    },
  );

  app.delete(
    '/v1/me/passes/:id',
    {
      config: { access: can('pass.manage') },
      schema: {
        tags: ['passes'],
        summary: 'Revoke a pass',
        description: 'At once: the next verification is refused with PASS_REVOKED. Revoking again changes nothing.',
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) }),
        response: { 200: PassView, ...errors(401, 403, 404) },
      },
    },
    async (request) => {
      const me = authorize(request.principal, 'pass.manage');
      return revokePass(deps, { subject: me.subject, id: request.params.id, by: me });
    },
  );

  app.get(
    '/v1/passes/:token',
    {
      config: { attempts: 'pass' },
      schema: {
        tags: ['passes'],
        summary: 'Verify a pass',
        description:
          'Anyone holding the token, or only the named recipient (signed in, or with its relying party’s API key). The answer for the pass’s purpose only; every verification, and every refused attempt, is in the subject’s access log. Rate-limited per address and per token.',
        security: [],
        params: Type.Object({ token: Type.String({ minLength: 1, maxLength: 100 }) }),
        response: { 200: PassVerification, ...errors(401, 403, 404, 410, 429) },
      },
    },
    async (request, reply) => {
      void reply.header('cache-control', 'no-store');
      return verifyPass(checkDeps, request.params.token, verifierOf(request.principal));
    },
  );
}
