import { Type } from 'typebox';
import { formatInstant } from '../../core/instant.js';
import { checkAction, findDecision, type CheckDeps } from '../../engine/decisions/check.js';
import type { App, HttpDeps } from '../app.js';
import { authorize } from '../../core/policy.js';
import { can } from '../auth.js';
import { errors, SubjectId } from '../schemas.js';
import type { RouteOptions } from './index.js';

const Reason = Type.Object({
  list: Type.String(),
  scheme: Type.String(),
  authority: Type.String(),
  listing: Type.Integer(),
  since: Type.String(),
  effect: Type.String(),
  appeal: Type.String(),
});

export const Decision = Type.Object(
  {
    subject: Type.String(),
    action: Type.String(),
    decision: Type.String({
      description:
        'The decision id, to cite this answer: the relying party finds its check again with GET /v1/decisions/{id}, the subject sees it in its access log.',
    }),
    schemes: Type.Array(Type.Object({ authority: Type.String(), scheme: Type.String(), version: Type.Integer() }), {
      description: 'The scheme versions the answer rests on: the versions that noticed the listings among its reasons.',
    }),
    effect: Type.Union([
      Type.Literal('allow'),
      Type.Literal('deny'),
      Type.Literal('limit'),
      Type.Literal('waive'),
      Type.Literal('priority'),
    ]),
    limit: Type.Union([Type.Record(Type.String(), Type.Number()), Type.Null()]),
    reasons: Type.Array(Reason),
    at: Type.String(),
    staleness: Type.Optional(
      Type.Object(
        {
          lagMs: Type.Integer({
            minimum: 0,
            description:
              'Measured, rounded up: the data may lack only what the primary committed in the last lagMs milliseconds before the check began.',
          }),
          maxLagMs: Type.Number({
            minimum: 0,
            description: 'The configured bound: a replica further behind than this is not asked.',
          }),
        },
        { description: 'Present only when a read replica answered; absent when the primary did.' },
      ),
    ),
  },
  { $id: 'Decision', title: 'Decision', description: 'Never carries a score, grade or record (SPEC §4).' },
);

/** The decision endpoint for relying parties (SPEC §4): a lookup on sanctions in force, logged before it answers. */
export async function checkRoutes(app: App, deps: HttpDeps, _options: RouteOptions): Promise<void> {
  const checkDeps: CheckDeps = { ...deps, accessLogWriter: deps.accessLog };
  app.post(
    '/v1/checks',
    {
      config: { access: can('action.check') },
      schema: {
        tags: ['decisions'],
        summary: 'May this subject do this action?',
        description:
          'Relying parties only, for actions they are entitled to. The answer is sent only after its access-log entry is stored.',
        body: Type.Object(
          { subject: SubjectId, action: Type.String({ minLength: 1, maxLength: 100 }) },
          { additionalProperties: false },
        ),
        response: { 200: Decision, ...errors(400, 401, 403, 404) },
      },
    },
    // The response schema's serializer writes only the fields of Decision (not `party`).
    async (request) =>
      checkAction(checkDeps, {
        subject: request.body.subject,
        action: request.body.action,
        party: authorize(request.principal, 'action.check').party,
      }),
  );
  app.get(
    '/v1/decisions/:id',
    {
      config: { access: can('action.check') },
      schema: {
        tags: ['decisions'],
        summary: 'Find a check by the decision id it was answered with',
        description: 'A relying party finds only its own checks; any other id is DECISION_NOT_FOUND.',
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) }),
        response: {
          200: Type.Object(
            {
              decision: Type.String(),
              subject: Type.String(),
              action: Type.String(),
              effect: Type.String({ description: 'allow, deny, limit, waive or priority' }),
              at: Type.String(),
            },
            { title: 'LoggedDecision' },
          ),
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (request) => {
      const row = await findDecision(deps, request.params.id, authorize(request.principal, 'action.check').party);
      return {
        decision: row.decision!,
        subject: row.subject,
        action: row.action,
        effect: row.effect,
        at: formatInstant(row.at),
      };
    },
  );
}
