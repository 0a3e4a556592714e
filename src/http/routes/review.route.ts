import { Type } from 'typebox';
import { formatInstant, parseInstantOrDate } from '../../core/instant.js';
import { DEFAULT_QUEUE_PAGE } from '../../engine/due-process/queue.js';
import { InstantParam, LimitParam, pageLimit } from '../query-params.js';
import {
  decideOwnAppeal,
  decideOwnDispute,
  disputeOwnRecord,
  readAppeal,
  readDispute,
  readReviewQueue,
} from '../../engine/due-process/cases.js';
import { appealView, disputeView } from '../../engine/due-process/subject-file.js';
import type { App, HttpDeps } from '../app.js';
import { authorize } from '../../core/policy.js';
import { can } from '../auth.js';
import { AppealView, body, DisputeView, IdParam } from '../due-process-schemas.js';
import { errors } from '../schemas.js';
import type { RouteOptions } from './index.js';

const Text = (description: string) => Type.String({ minLength: 1, maxLength: 10_000, description });

const QueuedAppeal = Type.Object(
  {
    ...AppealView.properties,
    list: Type.String({ description: 'the list of the appealed listing' }),
    listTitle: Type.String({ description: 'its display name: the list’s title, else its id in words' }),
    timeLeftMs: Type.Integer({ description: 'until the deadline; 0 once it has passed' }),
  },
  { title: 'QueuedAppeal' },
);

/**
 * Cases (SPEC §6): a subject disputes a record about it; reviewers of the case's
 * authority read their queue and decide appeals and disputes with written reasons.
 */
export async function reviewRoutes(app: App, deps: HttpDeps, _options: RouteOptions): Promise<void> {
  app.post(
    '/v1/records/:authority/:key/disputes',
    {
      config: { access: can('dispute.file') },
      schema: {
        tags: ['review'],
        summary: 'Dispute a record about you',
        description:
          'The record’s subject only; a reviewer of the reporting authority retracts or confirms it with reasons. One open dispute per record.',
        params: Type.Object({
          authority: Type.String({ pattern: '^[a-z0-9][a-z0-9_-]{0,62}$' }),
          key: Type.String({ minLength: 1, maxLength: 200 }),
        }),
        body: Type.Object({ statement: Text('why the record is wrong') }, { additionalProperties: false }),
        response: { 201: DisputeView, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const me = authorize(request.principal, 'dispute.file');
      const { authority, key } = request.params;
      const d = await disputeOwnRecord(deps, { authority, key, statement: request.body.statement, as: me });
      return reply.status(201).send(body(disputeView(d, 'subject')));
    },
  );

  app.get(
    '/v1/review/queue',
    {
      config: { access: can('review.queue') },
      schema: {
        tags: ['review'],
        summary: 'Pending appeals and disputes of your authority',
        description:
          'Reviewers only. Appeals in order of their deadline (the listing’s effect instant), a page at a time, narrowed by `state` (default pending), `list`, `dueBefore` (an instant or a date, midnight UTC) and `dueWithinDays`; disputes in the order filed.',
        querystring: Type.Object(
          {
            state: Type.Optional(
              Type.Union([Type.Literal('pending'), Type.Literal('upheld'), Type.Literal('overturned')], {
                description: 'appeals in this state (default pending)',
              }),
            ),
            list: Type.Optional(Type.String({ pattern: '^[a-z0-9][a-z0-9_-]{0,62}$', description: 'only this list' })),
            dueBefore: Type.Optional(InstantParam),
            dueWithinDays: Type.Optional(
              Type.String({
                pattern: '^[0-9]{1,4}$',
                description: 'only appeals due within this many days of now (0: overdue ones)',
              }),
            ),
            offset: Type.Optional(Type.String({ pattern: '^[0-9]{1,7}$', description: 'skip this many appeals' })),
            limit: Type.Optional(LimitParam),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            now: Type.String(),
            total: Type.Integer({ description: 'appeals matching the filter, on every page' }),
            offset: Type.Integer(),
            limit: Type.Integer(),
            lists: Type.Array(Type.Object({ id: Type.String(), title: Type.String() }), {
              description: 'the lists appealed in this state, for a filter: id and display name',
            }),
            appeals: Type.Array(QueuedAppeal),
            disputes: Type.Array(DisputeView),
          }),
          ...errors(400, 401, 403),
        },
      },
    },
    async (request) => {
      const reviewer = authorize(request.principal, 'review.queue');
      const q = request.query;
      const within =
        q.dueWithinDays === undefined ? undefined : deps.clock.now() + Number(q.dueWithinDays) * 86_400_000;
      const given = q.dueBefore === undefined ? undefined : parseInstantOrDate(q.dueBefore, 'dueBefore');
      const dueBefore = given === undefined ? within : within === undefined ? given : Math.min(given, within);
      const queue = await readReviewQueue(deps, {
        authority: reviewer.authority,
        ...(q.state ? { state: q.state } : {}),
        ...(q.list ? { list: q.list } : {}),
        ...(dueBefore !== undefined ? { dueBefore } : {}),
        offset: q.offset === undefined ? 0 : Number(q.offset),
        limit: q.limit === undefined ? DEFAULT_QUEUE_PAGE : pageLimit(q.limit),
      });
      const now = deps.clock.now();
      return {
        now: formatInstant(now),
        total: queue.total,
        offset: queue.offset,
        limit: queue.limit,
        lists: queue.lists.map((l) => ({ ...l })),
        appeals: body(
          queue.appeals.map((a) => ({
            ...appealView(a, 'staff'),
            list: a.list,
            listTitle: a.listTitle,
            timeLeftMs: Math.max(0, a.deadline - now),
          })),
        ),
        disputes: body(queue.disputes.map((d) => disputeView(d, 'staff'))),
      };
    },
  );

  app.get(
    '/v1/appeals/:id',
    {
      schema: {
        tags: ['review'],
        summary: 'One appeal',
        description:
          'A reviewer of the listing’s authority, or the subject who appealed. To anyone else it does not exist (404).',
        params: Type.Object({ id: IdParam }),
        response: { 200: AppealView, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const reader = authorize(request.principal, 'appeal.read');
      const id = Number(request.params.id);
      return body(appealView(await readAppeal(deps, reader, id), reader.type));
    },
  );

  app.get(
    '/v1/disputes/:id',
    {
      schema: {
        tags: ['review'],
        summary: 'One dispute',
        description:
          'A reviewer of the record’s authority, or the subject who disputed it. To anyone else it does not exist (404).',
        params: Type.Object({ id: IdParam }),
        response: { 200: DisputeView, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const reader = authorize(request.principal, 'dispute.read');
      const id = Number(request.params.id);
      return body(disputeView(await readDispute(deps, reader, id), reader.type));
    },
  );

  app.post(
    '/v1/appeals/:id/decision',
    {
      config: { access: can('appeal.decide') },
      schema: {
        tags: ['review'],
        summary: 'Decide an appeal',
        description:
          'A human reviewer of the listing’s authority, with written reasons. Uphold makes the listing active (at the effect instant at the earliest); overturn ends it and may retract records of your authority and exempt the subject from this list. Nobody decides a case resting on a record they submitted (403 REVIEW_CONFLICT).',
        params: Type.Object({ id: IdParam }),
        body: Type.Object(
          {
            outcome: Type.Union([Type.Literal('uphold'), Type.Literal('overturn')]),
            reasons: Text('the written reasons the subject receives'),
            retract: Type.Optional(
              Type.Array(Type.String({ minLength: 1, maxLength: 200 }), {
                maxItems: 1000,
                description: 'keys of your authority’s records to retract (overturn only)',
              }),
            ),
            exempt: Type.Optional(
              Type.Boolean({
                description:
                  'exempt the subject from this list until a newer record qualifies it again (overturn only)',
              }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: AppealView, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const reviewer = authorize(request.principal, 'appeal.decide');
      const id = Number(request.params.id);
      const b = request.body;
      const decided = await decideOwnAppeal(deps, {
        appeal: id,
        outcome: b.outcome,
        reasons: b.reasons,
        retract: b.retract ?? [],
        exempt: b.exempt === true,
        as: reviewer,
      });
      return body(appealView(decided, 'staff'));
    },
  );

  app.post(
    '/v1/disputes/:id/decision',
    {
      config: { access: can('dispute.decide') },
      schema: {
        tags: ['review'],
        summary: 'Decide a dispute',
        description:
          'A reviewer of the record’s authority retracts or confirms the record with written reasons; not the account that submitted it (403 REVIEW_CONFLICT).',
        params: Type.Object({ id: IdParam }),
        body: Type.Object(
          {
            outcome: Type.Union([Type.Literal('retract'), Type.Literal('confirm')]),
            reasons: Text('the written reasons the subject receives'),
          },
          { additionalProperties: false },
        ),
        response: { 200: DisputeView, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const reviewer = authorize(request.principal, 'dispute.decide');
      const id = Number(request.params.id);
      return body(
        disputeView(
          await decideOwnDispute(deps, {
            dispute: id,
            outcome: request.body.outcome,
            reasons: request.body.reasons,
            as: reviewer,
          }),
          'staff',
        ),
      );
    },
  );
}
