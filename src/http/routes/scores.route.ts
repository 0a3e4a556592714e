import { Type, type TSchema } from 'typebox';
import { explainSubject, explanationJson, scores, type ScoreLine } from '../../engine/evaluation/queries.js';
import type { App, HttpDeps } from '../app.js';
import { authorize } from '../../core/policy.js';
import { can } from '../auth.js';
import { CursorParam, InstantParam, LimitParam, optionalInstantParam, pageLimit } from '../query-params.js';
import { errors, Instant, SubjectId } from '../schemas.js';
import { DisputeMark } from '../due-process-schemas.js';
import type { RouteOptions } from './index.js';
import { AuthorityParam } from './records.route.js';
import { SchemeIdParam } from './schemes.route.js';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

export const Explanation = Type.Object(
  {
    subject: Type.String(),
    scheme: Type.String(),
    authority: Type.String(),
    version: Type.Integer(),
    at: Instant,
    judged: Type.Boolean(),
    notJudged: Nullable(Type.Union([Type.Literal('subject-type'), Type.Literal('no-consent')])),
    candidates: Type.Integer({ description: 'candidate records (SPEC §3 item 1)' }),
    score: Nullable(Type.Integer()),
    grade: Nullable(Type.String()),
    lists: Type.Array(Type.String(), { description: 'lists the subject qualifies for, in scheme order' }),
    contributions: Type.Array(
      Type.Object({
        key: Type.String(),
        authority: Type.String(),
        rule: Type.String(),
        points: Type.Integer(),
        capped: Type.Integer({ description: 'points counted after the cap' }),
      }),
    ),
    errors: Type.Array(
      Type.Object(
        { rule: Type.String(), site: Type.String(), key: Type.Optional(Type.String()), message: Type.String() },
        { description: 'a rule error: counted as 0 points or false' },
      ),
    ),
    listConditions: Type.Array(
      Type.Object({
        id: Type.String(),
        value: Type.Boolean(),
        error: Type.Optional(Type.String()),
        records: Type.Optional(
          Type.Array(Type.String(), { description: 'the records the condition holds through, as authority/key' }),
        ),
      }),
    ),
    liveRecords: Type.Array(Type.String(), { description: 'live records as authority/key (SPEC §3 item 7)' }),
    nextChange: Nullable(Instant),
    disputed: Type.Array(DisputeMark, {
      description: 'records about the subject under a pending dispute; overdue ones are not candidates',
    }),
  },
  {
    title: 'Explanation',
    description:
      'The evaluation of one subject under one scheme version at one instant, with its explanation (SPEC §3 item 11).',
  },
);

const Line = Type.Object({
  subject: Type.String(),
  score: Type.Integer(),
  grade: Nullable(Type.String()),
  lists: Type.Array(Type.String()),
});

/** Scores and explanations for the staff of a scheme's authority (SPEC §3, §9). Never for relying parties. */
export async function scoreRoutes(app: App, deps: HttpDeps, _options: RouteOptions): Promise<void> {
  app.get(
    '/v1/schemes/:authority/:scheme/subjects/:subject',
    {
      config: { access: can('score.read') },
      schema: {
        tags: ['scores'],
        summary: 'Explain one subject’s score, grade and lists',
        description:
          'Admins, reviewers and auditors of the scheme’s authority. `version` picks a version (default the latest); `at` an instant (default now).',
        params: Type.Object({ authority: AuthorityParam, scheme: SchemeIdParam, subject: SubjectId }),
        querystring: Type.Object(
          {
            at: Type.Optional(InstantParam),
            version: Type.Optional(
              Type.String({ pattern: '^[1-9][0-9]{0,8}$', description: 'a version (default the latest)' }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: Explanation, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { authority, scheme, subject } = request.params;
      authorize(request.principal, 'score.read', { authority });
      const at = optionalInstantParam(request.query.at, 'at');
      const spec = request.query.version === undefined ? scheme : `${scheme}@${request.query.version}`;
      return explanationJson(
        await explainSubject(deps, subject, spec, { authority, ...(at !== undefined ? { at } : {}) }),
      );
    },
  );

  app.get(
    '/v1/schemes/:authority/:scheme/scores',
    {
      config: { access: can('score.read') },
      schema: {
        tags: ['scores'],
        summary: 'Scores of every subject the scheme judges, a page at a time',
        description:
          'Admins, reviewers and auditors of the scheme’s authority. One line per judged subject with a candidate record, in subject order (as `standing scores`). ' +
          'Pass the returned `next` as `after` for the next page.',
        params: Type.Object({ authority: AuthorityParam, scheme: SchemeIdParam }),
        querystring: Type.Object(
          { after: Type.Optional(CursorParam), limit: Type.Optional(LimitParam), at: Type.Optional(InstantParam) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({ lines: Type.Array(Line), next: Nullable(Type.String()) }),
          ...errors(400, 401, 403, 404),
        },
      },
    },
    async (request) => {
      const { authority, scheme } = request.params;
      authorize(request.principal, 'score.read', { authority });
      const limit = pageLimit(request.query.limit);
      const at = optionalInstantParam(request.query.at, 'at');
      const lines: ScoreLine[] = [];
      let next: string | null = null;
      const opts = {
        authority,
        ...(at !== undefined ? { at } : {}),
        ...(request.query.after !== undefined ? { after: request.query.after } : {}),
      };
      for await (const line of scores(deps, scheme, opts)) {
        if (lines.length === limit) {
          next = lines[lines.length - 1]!.subject;
          break;
        }
        lines.push(line);
      }
      return { lines: lines.map((l) => ({ ...l, lists: [...l.lists] })), next };
    },
  );
}
