import { Type } from 'typebox';
import { CONSOLE_MAX_LISTINGS, CONSOLE_MAX_RECORDS, consoleSubject } from '../../engine/evaluation/console.js';
import type { App, HttpDeps } from '../app.js';
import { authorize } from '../../core/policy.js';
import { can } from '../auth.js';
import { body, ListingView, Nullable } from '../due-process-schemas.js';
import { errors, Instant, SubjectId } from '../schemas.js';
import type { RouteOptions } from './index.js';
import { StoredRecordBody } from './records.route.js';
import { Explanation } from './scores.route.js';

const SchemeView = Type.Object(
  {
    authority: Type.String(),
    scheme: Type.String(),
    version: Type.Integer(),
    title: Nullable(Type.String()),
    public: Type.Boolean(),
    content: Type.Unknown({ description: 'the validated scheme document, as in /v1/schemes/…/versions/…' }),
    explanation: Explanation,
    history: Type.Array(Type.Object({ at: Instant, score: Nullable(Type.Integer()) }), {
      description: 'the score at past instants, oldest first, then now',
    }),
  },
  { title: 'ConsoleScheme' },
);

const ConsoleSubjectBody = Type.Object(
  {
    subject: Type.String(),
    authority: Type.String(),
    at: Instant,
    schemes: Type.Array(SchemeView),
    records: Type.Array(StoredRecordBody),
    listings: Type.Array(ListingView),
  },
  { title: 'ConsoleSubject' },
);

/**
 * The console's subject page in one answer (issue 21): instead of one request per scheme,
 * per past instant and per record, the explanations, score histories, the records they rest on
 * and the listings, as the caller's authority sees the subject.
 */
export async function consoleRoutes(app: App, deps: HttpDeps, _options: RouteOptions): Promise<void> {
  app.get(
    '/v1/console/subjects/:subject',
    {
      config: { access: can('score.read') },
      schema: {
        tags: ['scores'],
        summary: 'A subject as your authority sees it: scores explained, their history, records and listings',
        description:
          'Admins, reviewers and auditors. For each scheme of your authority (its latest version): the explanation now and the score every three months over the last two years; ' +
          `the records of your authority the explanations rest on (at most ${CONSOLE_MAX_RECORDS}); your authority’s listings of the subject (at most ${CONSOLE_MAX_LISTINGS}, newest last). One request for the console’s subject page.`,
        params: Type.Object({ subject: SubjectId }),
        response: {
          200: ConsoleSubjectBody,
          ...errors(400, 401, 403),
        },
      },
    },
    async (request) => {
      const staff = authorize(request.principal, 'score.read');
      return body(await consoleSubject(deps, staff.authority, request.params.subject));
    },
  );
}
