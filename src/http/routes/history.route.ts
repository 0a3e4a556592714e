import { Type } from 'typebox';
import { formatInstant } from '../../core/instant.js';
import { gradeHistory } from '../../engine/evaluation/grade-history.js';
import type { App, HttpDeps } from '../app.js';
import { authorize } from '../../core/policy.js';
import { can } from '../auth.js';
import { counter } from '../query-params.js';
import { errors, Instant } from '../schemas.js';
import type { RouteOptions } from './index.js';
import { AuthorityParam } from './records.route.js';
import { SchemeIdParam } from './schemes.route.js';

const DAY = 86_400_000;

const History = Type.Object(
  {
    authority: Type.String(),
    scheme: Type.String(),
    version: Type.Integer({ description: 'the version whose rules were applied at every instant (the latest)' }),
    grades: Type.Array(Type.String(), { description: 'grade ids in scheme order' }),
    population: Type.Integer({ description: 'subjects with records from the scheme’s sources' }),
    sampled: Type.Integer({
      description:
        'subjects evaluated at each instant (every k-th in id order); all of them when the population is small',
    }),
    points: Type.Array(
      Type.Object({
        at: Instant,
        judged: Type.Integer({ description: 'judged subjects of the sample' }),
        grades: Type.Record(Type.String(), Type.Integer(), {
          description: 'judged subjects of the sample by grade; "(none)" when no entry matched',
        }),
      }),
    ),
  },
  {
    title: 'GradeHistory',
    description: 'The population of a scheme by grade at past instants, under the latest version’s rules.',
  },
);

/** The operator console's chart of grades over time. */
export async function historyRoutes(app: App, deps: HttpDeps, _options: RouteOptions): Promise<void> {
  app.get(
    '/v1/schemes/:authority/:scheme/history',
    {
      config: { access: can('score.read') },
      schema: {
        tags: ['scores'],
        summary: 'Population by grade over time',
        description:
          'Admins, reviewers and auditors of the scheme’s authority. The latest version evaluated at `points` instants spread evenly over the last `months` months (at UTC midnights, the last one now), ' +
          'on a deterministic sample of at most 1,500 subjects; answers are cached for five minutes.',
        params: Type.Object({ authority: AuthorityParam, scheme: SchemeIdParam }),
        querystring: Type.Object(
          {
            months: Type.Optional(
              Type.String({ pattern: '^[0-9]{1,3}$', description: 'how far back, 1 to 120 (default 12)' }),
            ),
            points: Type.Optional(
              Type.String({ pattern: '^[0-9]{1,2}$', description: 'instants, 2 to 24 (default 7)' }),
            ),
          },
          { additionalProperties: false },
        ),
        response: { 200: History, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { authority, scheme } = request.params;
      authorize(request.principal, 'score.read', { authority });
      const months = Math.min(120, Math.max(1, counter(request.query.months, 'months', 12)));
      const count = Math.min(24, Math.max(2, counter(request.query.points, 'points', 7)));
      const now = deps.clock.now();
      const start = new Date(now);
      start.setUTCMonth(start.getUTCMonth() - months);
      const from = start.getTime();
      const instants: number[] = [];
      for (let i = 0; i < count - 1; i++) {
        const t = from + ((now - from) * i) / (count - 1);
        instants.push(Math.floor(t / DAY) * DAY);
      }
      // The latest point to the minute, so that reloading the console within the cache's lifetime hits it.
      instants.push(Math.floor(now / 60_000) * 60_000);
      const h = await gradeHistory(deps, { authority, scheme, instants });
      return {
        authority: h.version.authority,
        scheme: h.version.scheme,
        version: h.version.version,
        grades: [...h.gradeIds],
        population: h.population,
        sampled: h.sampled,
        points: h.points.map((p) => ({ at: formatInstant(p.at), judged: p.judged, grades: { ...p.grades } })),
      };
    },
  );
}
