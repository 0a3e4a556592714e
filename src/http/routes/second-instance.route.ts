import { Type } from 'typebox';
import {
  decideSecondInstanceOf,
  liftedNoticesFor,
  readSecondInstanceQueue,
  requestOwnSecondInstance,
} from '../../engine/due-process/cases.js';
import { offersOf } from '../../engine/due-process/second-instance.js';
import {
  liftedNoticeView,
  secondInstanceOfferView,
  secondInstanceView,
} from '../../engine/due-process/second-instance-view.js';
import type { App, HttpDeps } from '../app.js';
import { authorize } from '../../core/policy.js';
import { can } from '../auth.js';
import { IdParam } from '../due-process-schemas.js';
import { errors } from '../schemas.js';
import type { RouteOptions } from './index.js';

const Text = (description: string) => Type.String({ minLength: 1, maxLength: 10_000, description });
const Instant = Type.String({ description: 'RFC 3339' });
const State = Type.Union([Type.Literal('pending'), Type.Literal('upheld'), Type.Literal('overturned')]);

const SecondInstanceView = Type.Object(
  {
    id: Type.Integer(),
    appeal: Type.Integer({ description: 'the upheld appeal it reviews again' }),
    listing: Type.Integer(),
    subject: Type.String(),
    authority: Type.String({ description: 'the listing’s authority' }),
    reviewers: Type.String({
      description: 'the authority whose reviewers decide: the appeal body named for `authority`, else `authority`',
    }),
    statement: Type.String(),
    filedAt: Instant,
    deadline: Instant,
    suspends: Type.Boolean({ description: 'whether it suspended the listing (the list’s secondInstanceSuspends)' }),
    state: State,
    decidedAt: Type.Union([Instant, Type.Null()]),
    reasons: Type.Union([Type.String(), Type.Null()]),
  },
  { title: 'SecondInstance' },
);

const OfferView = Type.Object(
  {
    appeal: Type.Integer(),
    available: Type.Boolean({ description: 'whether a second instance may be asked now' }),
    deadline: Type.Union([Instant, Type.Null()], {
      description: 'the end of the window; null unless the appeal was upheld',
    }),
    within: Type.String({ description: 'the list’s secondInstance window (ISO 8601)' }),
    suspends: Type.Boolean(),
    body: Type.Union([Type.String(), Type.Null()], {
      description: 'the appeal body that would decide, if one is named',
    }),
    asked: Type.Union([SecondInstanceView, Type.Null()]),
  },
  { title: 'SecondInstanceOffer' },
);

const LiftedView = Type.Object(
  {
    id: Type.Integer(),
    subject: Type.String(),
    authority: Type.String(),
    listing: Type.Integer(),
    actions: Type.Array(Type.String(), { description: 'the actions you checked while the sanction was in force' }),
    cause: Type.String({ description: 'what lifted it, e.g. second-instance:7' }),
    at: Instant,
  },
  { title: 'SanctionLifted' },
);

/**
 * Second instances (SPEC §6): the subject asks after an upheld appeal; reviewers of the appeal
 * body (else of the authority, not the first reviewer) decide; relying parties read the
 * sanction-lifted notifications an overturn wrote for them.
 */
export async function secondInstanceRoutes(app: App, deps: HttpDeps, _options: RouteOptions): Promise<void> {
  app.get(
    '/v1/me/second-instances',
    {
      config: { access: can('subject.file') },
      schema: {
        tags: ['subject file'],
        summary: 'Your appeals and whether a second instance is open',
        description:
          'One entry per appeal: a second instance is available only after the appeal was upheld, until the list’s `secondInstance` (default P10D) has passed, once per appeal.',
        response: { 200: Type.Array(OfferView), ...errors(401, 403) },
      },
    },
    async (request) => {
      const me = authorize(request.principal, 'subject.file');
      return (await offersOf(deps, me.subject)).map(secondInstanceOfferView);
    },
  );

  app.post(
    '/v1/me/appeals/:id/second-instance',
    {
      config: { access: can('second-instance.request') },
      schema: {
        tags: ['subject file'],
        summary: 'Ask for a second instance of your upheld appeal',
        description:
          'Within the list’s `secondInstance` of the decision upholding your appeal (409 SECOND_INSTANCE_TOO_LATE after it; 409 SECOND_INSTANCE_UNAVAILABLE before the appeal is upheld). The listing stays active meanwhile unless the scheme says `secondInstanceSuspends: true`.',
        params: Type.Object({ id: IdParam }),
        body: Type.Object({ statement: Text('why the first decision is wrong') }, { additionalProperties: false }),
        response: { 201: SecondInstanceView, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const me = authorize(request.principal, 'second-instance.request');
      const id = Number(request.params.id);
      const s = await requestOwnSecondInstance(deps, { appeal: id, statement: request.body.statement, as: me });
      return reply.status(201).send(secondInstanceView(s));
    },
  );

  app.get(
    '/v1/review/second-instances',
    {
      config: { access: can('second-instance.queue') },
      schema: {
        tags: ['review'],
        summary: 'Your second-instance queue',
        description:
          'Second instances your authority’s reviewers decide (as the appeal body, or as the listing’s authority when none is named), earliest deadline first.',
        querystring: Type.Object({ state: Type.Optional(State) }, { additionalProperties: false }),
        response: { 200: Type.Array(SecondInstanceView), ...errors(400, 401, 403) },
      },
    },
    async (request) => {
      const reviewer = authorize(request.principal, 'second-instance.queue');
      const rows = await readSecondInstanceQueue(deps, {
        reviewers: reviewer.authority,
        ...(request.query.state ? { state: request.query.state } : {}),
      });
      return rows.map(secondInstanceView);
    },
  );

  app.post(
    '/v1/second-instances/:id/decision',
    {
      config: { access: can('second-instance.decide') },
      schema: {
        tags: ['review'],
        summary: 'Decide a second instance',
        description:
          'A human reviewer of the appeal body (else of the listing’s authority, not the reviewer of the first decision: 403 SECOND_INSTANCE_REVIEWER), with written reasons. Uphold: the listing continues. Overturn: it ends, the subject is exempt from the list, and every relying party that checked the subject while it was in force is told the sanction was lifted.',
        params: Type.Object({ id: IdParam }),
        body: Type.Object(
          {
            outcome: Type.Union([Type.Literal('uphold'), Type.Literal('overturn')]),
            reasons: Text('the written reasons the subject receives'),
          },
          { additionalProperties: false },
        ),
        response: { 200: SecondInstanceView, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const reviewer = authorize(request.principal, 'second-instance.decide');
      const id = Number(request.params.id);
      const b = request.body;
      return secondInstanceView(
        await decideSecondInstanceOf(deps, { id, outcome: b.outcome, reasons: b.reasons, as: reviewer }),
      );
    },
  );

  app.get(
    '/v1/party/lifted',
    {
      config: { access: can('action.check') },
      schema: {
        tags: ['decisions'],
        summary: 'Sanctions lifted on subjects you checked',
        description:
          'When a listing is overturned on second instance, every relying party that checked the subject, for an action it sanctioned, while it was in force is told here (SPEC §6, Sanction lifted). Only your own notifications.',
        response: { 200: Type.Array(LiftedView), ...errors(401, 403) },
      },
    },
    async (request) => {
      const party = authorize(request.principal, 'action.check').party;
      return (await liftedNoticesFor(deps, party)).map(liftedNoticeView);
    },
  );
}
