import { Type, type TSchema } from 'typebox';
import { formatInstant } from '../../core/instant.js';
import {
  publicAuthorities,
  publicStatistics,
  lookupPublished,
  publishedEntries,
  publishedLists,
} from '../../engine/audit/transparency.js';
import { checkSubject } from '../../core/subject.js';
import { listShares } from '../../engine/tenancy/sharing.js';
import type { App, HttpDeps } from '../app.js';
import { LimitParam, pageLimit } from '../query-params.js';
import { errors, Instant, SubjectId } from '../schemas.js';
import type { RouteOptions } from './index.js';
import { AuthorityParam } from './records.route.js';
import { SchemeIdParam } from './schemes.route.js';

const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const ListType = Type.Union([Type.Literal('blacklist'), Type.Literal('redlist'), Type.Literal('watchlist')]);

const PublishedList = Type.Object(
  {
    authority: Type.String(),
    scheme: Type.String(),
    version: Type.Integer(),
    list: Type.String(),
    title: Nullable(Type.String()),
    type: ListType,
    full: Type.Boolean({
      description:
        'entries name subjects in full (`publish: full`, organization lists only); otherwise persons are masked',
    }),
  },
  { title: 'PublishedList' },
);

const AuthorityStatistics = Type.Object(
  {
    authority: Type.String(),
    schemes: Type.Array(
      Type.Object({
        scheme: Type.String(),
        version: Type.Integer(),
        title: Nullable(Type.String()),
        judged: Type.Integer({ description: 'subjects with a score under the latest version' }),
        grades: Type.Array(Type.Object({ grade: Nullable(Type.String()), count: Type.Integer() }), {
          description: 'judged subjects by grade; null: no grade entry matched',
        }),
      }),
      { description: 'each scheme whose latest version is public' },
    ),
    listings: Type.Object({ started: Type.Integer(), ended: Type.Integer() }),
    appeals: Type.Object({
      filed: Type.Integer(),
      upheld: Type.Integer(),
      overturned: Type.Integer(),
      pending: Type.Integer(),
      medianDecisionMs: Nullable(
        Type.Integer({ description: 'median time from filing to decision, ms; null when none is decided' }),
      ),
    }),
    disputes: Type.Object(
      {
        deadline: Type.String({ description: 'ISO 8601 duration within which the authority decides a dispute' }),
        filed: Type.Integer(),
        pending: Type.Integer(),
        overdue: Type.Integer({ description: 'pending past their deadline: their records do not count until decided' }),
      },
      { description: 'record disputes with the authority (SPEC §6)' },
    ),
  },
  { title: 'AuthorityStatistics' },
);

/** The public transparency register (SPEC §8): no credentials needed, and the same answer for everyone. */
export async function publicRoutes(app: App, deps: HttpDeps, _options: RouteOptions): Promise<void> {
  app.get(
    '/v1/public/authorities',
    {
      schema: {
        tags: ['public'],
        summary: 'Authorities',
        security: [],
        response: {
          200: Type.Object({
            authorities: Type.Array(
              Type.Object({
                name: Type.String(),
                kind: Nullable(Type.String({ description: 'government, business or platform' })),
                title: Nullable(Type.String()),
                retention: Nullable(
                  Type.String({
                    description:
                      'its record-retention policy (SPEC §2): how long after a record has lapsed under every scheme that reads it it is deleted (ISO 8601); null: records are kept forever',
                  }),
                ),
                reports: Type.Object(
                  {
                    open: Type.Boolean({
                      description: 'whether it accepts reports from the public (POST /v1/reports)',
                    }),
                    perDay: Type.Integer({ description: 'reports one reporter may file to it in 24 hours' }),
                  },
                  { description: 'reports from the public (SPEC §14)' },
                ),
              }),
            ),
          }),
          ...errors(401),
        },
      },
    },
    async () => ({ authorities: await publicAuthorities(deps) }),
  );

  app.get(
    '/v1/public/shares',
    {
      schema: {
        tags: ['public'],
        summary: 'Data-sharing grants between authorities',
        description:
          'Every grant the operator made (SPEC §4): whose records another authority’s schemes may read, for what purpose, since when, and when it was revoked. A scheme reads another authority’s records only while such a grant holds.',
        security: [],
        response: {
          200: Type.Object({
            shares: Type.Array(
              Type.Object(
                {
                  from: Type.String({ description: 'the authority whose records are shared' }),
                  to: Type.String({ description: 'the authority whose schemes may read them' }),
                  purpose: Type.String(),
                  grantedAt: Instant,
                  revokedAt: Nullable(Instant),
                },
                { title: 'SharingGrant' },
              ),
            ),
          }),
          ...errors(401),
        },
      },
    },
    async () => ({
      shares: (await listShares(deps)).map((s) => ({
        from: s.from,
        to: s.to,
        purpose: s.purpose,
        grantedAt: formatInstant(s.grantedAt),
        revokedAt: s.revokedAt === null ? null : formatInstant(s.revokedAt),
      })),
    }),
  );

  app.get(
    '/v1/public/lists',
    {
      schema: {
        tags: ['public'],
        summary: 'Lists published on the public register',
        description: 'Every list whose latest version says `publish: true`.',
        security: [],
        response: { 200: Type.Object({ lists: Type.Array(PublishedList) }), ...errors(401) },
      },
    },
    async () => ({ lists: await publishedLists(deps) }),
  );

  app.get(
    '/v1/public/lists/:authority/:scheme/:list/entries',
    {
      schema: {
        tags: ['public'],
        summary: 'Active entries of a published list',
        description:
          'Subjects whose listing is active, in subject order, with the instant its sanctions took effect. A person’s id is masked after `person:` (the first 6 and last 4 characters kept, the rest `*`; fewer for short ids) unless the list says `publish: full`, which only organization lists may. `next` is an opaque cursor that names no subject. 404 for a list that is not published.',
        security: [],
        params: Type.Object({
          authority: AuthorityParam,
          scheme: SchemeIdParam,
          list: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$' }),
        }),
        querystring: Type.Object(
          {
            after: Type.Optional(
              Type.String({ pattern: '^[1-9][0-9]{0,14}$', description: 'the `next` of the previous page' }),
            ),
            limit: Type.Optional(LimitParam),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            list: PublishedList,
            entries: Type.Array(
              Type.Object({
                subject: Type.String({ description: 'masked for persons unless the list is published in full' }),
                since: Instant,
              }),
            ),
            next: Nullable(Type.String({ description: 'an opaque cursor for the next page; null on the last' })),
          }),
          ...errors(400, 401, 404),
        },
      },
    },
    async (request) => {
      const { authority, scheme, list } = request.params;
      const page = await publishedEntries(deps, { authority, scheme }, list, {
        after: request.query.after ?? null,
        limit: pageLimit(request.query.limit),
      });
      return {
        list: page.list,
        entries: page.entries.map((e) => ({ subject: e.subject, since: formatInstant(e.since) })),
        next: page.next,
      };
    },
  );

  app.get(
    '/v1/public/lists/:authority/:list/entries/:subject',
    {
      schema: {
        tags: ['public'],
        summary: 'Whether one known subject is on a published list',
        description:
          'The exact lookup of SPEC §8: whoever already knows a subject’s id learns whether its listing on the authority’s published list is active, and since when. The register itself masks persons; this answers one question about one id. 404 for a list that is not published.',
        security: [],
        params: Type.Object({
          authority: AuthorityParam,
          list: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$' }),
          subject: SubjectId,
        }),
        response: {
          200: Type.Object({
            list: PublishedList,
            subject: Type.String(),
            listed: Type.Boolean(),
            since: Nullable(Instant),
          }),
          ...errors(400, 401, 404),
        },
      },
    },
    async (request) => {
      const { authority, list, subject } = request.params;
      const r = await lookupPublished(deps, authority, list, checkSubject(subject));
      return { ...r, since: r.since === null ? null : formatInstant(r.since) };
    },
  );

  app.get(
    '/v1/public/statistics',
    {
      schema: {
        tags: ['public'],
        summary: 'Aggregate statistics per authority',
        description:
          'Subjects by grade per public scheme, listings started and ended, appeals filed, upheld and overturned, and the median time to decision.',
        security: [],
        response: { 200: Type.Object({ at: Instant, authorities: Type.Array(AuthorityStatistics) }), ...errors(401) },
      },
    },
    async () => {
      const stats = await publicStatistics(deps);
      return {
        at: formatInstant(deps.clock.now()),
        authorities: stats.map((s) => ({ ...s, schemes: s.schemes.map((x) => ({ ...x, grades: [...x.grades] })) })),
      };
    },
  );
}
