import { Type } from 'typebox';
import { fail } from '../../core/errors.js';
import {
  configureReports,
  decideOwnReport,
  fileReport,
  myReports,
  REPORT_DESCRIPTION_MAX,
  reportQueue,
} from '../../engine/reports/reports.js';
import type { App, HttpDeps } from '../app.js';
import { authorize } from '../../core/policy.js';
import { can } from '../auth.js';
import { Nullable } from '../due-process-schemas.js';
import { errors } from '../schemas.js';
import type { RouteOptions } from './index.js';

const Slug = Type.String({ pattern: '^[a-z0-9][a-z0-9_-]{0,62}$' });
const State = Type.Union([Type.Literal('open'), Type.Literal('accepted'), Type.Literal('rejected')]);

const ReportView = Type.Object(
  {
    id: Type.String(),
    authority: Type.String({ description: 'the authority reported to' }),
    subject: Type.String(),
    kind: Type.String(),
    occurredAt: Type.String(),
    data: Type.Record(Type.String(), Type.Unknown()),
    description: Type.String(),
    reporter: Type.String({ description: 'the account that filed it, or key:ID of an authority’s API key' }),
    reporterAuthority: Nullable(
      Type.String({ description: 'the authority the reporter acted for; null: a member of the public' }),
    ),
    filedAt: Type.String(),
    state: State,
    decidedAt: Nullable(Type.String()),
    reasons: Nullable(Type.String({ description: 'the reviewer’s reasons, once decided' })),
    recordKey: Nullable(Type.String({ description: 'accepted: the key of the record of `authority` it became' })),
  },
  { title: 'Report' },
);

const QueuedReport = Type.Object(
  {
    ...ReportView.properties,
    reporterAccepted: Type.Integer({ description: 'reports of this reporter this authority accepted' }),
    reporterDecided: Type.Integer({ description: '... and decided (accepted or rejected)' }),
    reporterAcceptanceRate: Nullable(Type.Number({ description: 'accepted / decided; null before any decision' })),
  },
  { title: 'QueuedReport' },
);

/** Who may file a report: a subject signed in as itself, or an authority's staff (account or API key). */
const reporter = can('report.file');

/**
 * Reports from the public (SPEC §14): anyone signed in reports a subject's conduct to an
 * authority that accepts reports; its human reviewers triage them.
 */
export async function reportRoutes(app: App, deps: HttpDeps, _options: RouteOptions): Promise<void> {
  app.post(
    '/v1/reports',
    {
      config: { access: reporter },
      schema: {
        tags: ['reports'],
        summary: 'Report a subject’s conduct',
        description:
          'To an authority whose reports are open (GET /v1/public/authorities). Not a record: it waits for a human reviewer of the authority, who accepts it (it becomes a record) or rejects it, with reasons. The record fields are checked as a record’s (data at most 16 KiB); you may not report yourself; at most the authority’s `perDay` reports from you in 24 hours (429 REPORT_RATE_LIMITED).',
        body: Type.Object(
          {
            authority: Slug,
            subject: Type.String({ minLength: 1, maxLength: 200 }),
            kind: Type.String({ minLength: 1, maxLength: 100 }),
            occurredAt: Type.String({ minLength: 1, maxLength: 64 }),
            data: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
            description: Type.Optional(Type.String({ maxLength: REPORT_DESCRIPTION_MAX * 2 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: ReportView, ...errors(400, 401, 403, 404, 409, 429) },
      },
    },
    async (request, reply) => {
      const r = await fileReport(deps, { ...request.body, as: request.principal });
      return reply.status(201).send(r);
    },
  );

  app.get(
    '/v1/me/reports',
    {
      config: { access: reporter },
      schema: {
        tags: ['reports'],
        summary: 'The reports you filed',
        description: 'Newest first, with their outcomes and the reviewers’ reasons.',
        response: { 200: Type.Object({ reports: Type.Array(ReportView) }), ...errors(401, 403) },
      },
    },
    async (request) => ({ reports: await myReports(deps, request.principal) }),
  );

  app.get(
    '/v1/reports',
    {
      config: { access: can('report.queue') },
      schema: {
        tags: ['reports'],
        summary: 'Your authority’s report triage queue',
        description:
          'Human reviewers only (an API key: 403 REVIEWER_MUST_BE_HUMAN). Oldest first, `state` open by default (or `all`), each with its reporter’s acceptance rate at your authority.',
        querystring: Type.Object(
          {
            authority: Type.Optional(Slug),
            state: Type.Optional(Type.Union([State, Type.Literal('all')])),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Object({ reports: Type.Array(QueuedReport) }), ...errors(400, 401, 403) },
      },
    },
    async (request) => {
      const me = authorize(request.principal, 'report.queue', { authority: request.query.authority });
      return {
        reports: await reportQueue(deps, { authority: me.authority, state: request.query.state, as: me }),
      };
    },
  );

  app.post(
    '/v1/reports/:id/decision',
    {
      config: { access: can('report.decide') },
      schema: {
        tags: ['reports'],
        summary: 'Accept or reject a report',
        description:
          'A human reviewer of the authority reported to, with written reasons; final (409 REPORT_DECIDED). Accept: a record of your authority, submitted by you, keyed report-ID; its subject sees it as reported by a member of the public (or by the reporting authority). The reporter may not decide its own report (403 REVIEW_CONFLICT).',
        params: Type.Object({ id: Type.String({ minLength: 1, maxLength: 100 }) }),
        body: Type.Object(
          {
            outcome: Type.Union([Type.Literal('accept'), Type.Literal('reject')]),
            reasons: Type.String({ minLength: 1, maxLength: 10_000 }),
          },
          { additionalProperties: false },
        ),
        response: { 200: ReportView, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const me = authorize(request.principal, 'report.decide');
      const id = request.params.id;
      return decideOwnReport(deps, { id, outcome: request.body.outcome, reasons: request.body.reasons, as: me });
    },
  );

  app.put(
    '/v1/authorities/:authority/reports',
    {
      config: { access: can('reports.configure') },
      schema: {
        tags: ['reports'],
        summary: 'Open or close your authority to reports from the public',
        description:
          'Admins of the authority, as `standing authority reports A open|closed [--per-day N]`: audited on its chain; reports already filed stay in the queue when it closes. `perDay`: reports one reporter may file to it in 24 hours (default 10, or the setting before).',
        params: Type.Object({ authority: Slug }),
        body: Type.Object(
          { open: Type.Boolean(), perDay: Type.Optional(Type.Integer({ minimum: 1, maximum: 10_000 })) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object(
            {
              authority: Type.String(),
              open: Type.Boolean(),
              perDay: Type.Integer(),
              changed: Type.Boolean({ description: 'false when the setting was already this' }),
            },
            { title: 'ReportsSetting' },
          ),
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (request) => {
      const me = authorize(request.principal, 'reports.configure');
      const { authority } = request.params;
      if (me.authority !== authority)
        fail('FORBIDDEN', `this needs the admin role of ${authority}, not of ${me.authority}`, { field: 'authority' });
      return configureReports(deps, authority, {
        open: request.body.open,
        ...(request.body.perDay !== undefined ? { perDay: request.body.perDay } : {}),
      });
    },
  );
}
