import { Type } from 'typebox';
import { appealOwnListing, authorityListings, readListing } from '../../engine/due-process/cases.js';
import { appealView } from '../../engine/due-process/subject-file.js';
import type { App, HttpDeps } from '../app.js';
import { authorize } from '../../core/policy.js';
import { can } from '../auth.js';
import { AppealView, body, IdParam, ListingView, ListingWithNotice, Nullable } from '../due-process-schemas.js';
import { LimitParam, pageLimit, SeqParam } from '../query-params.js';
import { errors, SubjectId } from '../schemas.js';
import type { RouteOptions } from './index.js';

const Statement = Type.String({ minLength: 1, maxLength: 10_000, description: 'in the subject’s own words' });

/** Listings (SPEC §6): staff read their authority's, a subject reads and appeals its own. */
export async function listingRoutes(app: App, deps: HttpDeps, _options: RouteOptions): Promise<void> {
  app.get(
    '/v1/listings',
    {
      config: { access: can('listing.list') },
      schema: {
        tags: ['listings'],
        summary: 'Listings of your authority',
        description:
          'Staff of an authority (any role) page through its listings in id order; other authorities’ listings are never shown.',
        querystring: Type.Object(
          {
            subject: Type.Optional(SubjectId),
            state: Type.Optional(
              Type.Union([
                Type.Literal('noticed'),
                Type.Literal('suspended'),
                Type.Literal('active'),
                Type.Literal('ended'),
              ]),
            ),
            scheme: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
            list: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
            after: Type.Optional(SeqParam),
            limit: Type.Optional(LimitParam),
          },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            listings: Type.Array(ListingView),
            next: Nullable(Type.String({ description: 'pass as `after` for the next page' })),
          }),
          ...errors(400, 401, 403),
        },
      },
    },
    async (request) => {
      const staff = authorize(request.principal, 'listing.list');
      const q = request.query;
      const limit = pageLimit(q.limit);
      const listings = await authorityListings(
        deps,
        { authority: staff.authority, subject: q.subject, state: q.state, scheme: q.scheme, list: q.list },
        { after: q.after === undefined ? null : Number(q.after), limit },
      );
      return {
        listings: body(listings),
        next: listings.length === limit ? String(listings[listings.length - 1]!.id) : null,
      };
    },
  );

  app.get(
    '/v1/listings/:id',
    {
      schema: {
        tags: ['listings'],
        summary: 'One listing with its notice and appeal',
        description: 'Staff of the listing’s authority, or its subject. To anyone else it does not exist (404).',
        params: Type.Object({ id: IdParam }),
        response: { 200: ListingWithNotice, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const reader = authorize(request.principal, 'listing.read');
      const id = Number(request.params.id);
      return body(await readListing(deps, reader, id));
    },
  );

  app.post(
    '/v1/listings/:id/appeal',
    {
      config: { access: can('appeal.file') },
      schema: {
        tags: ['listings'],
        summary: 'Appeal your listing',
        description:
          'The listed subject only, once per listing. Filed before the effect instant it suspends the sanctions until a human reviewer decides; filed later it is still reviewed while they apply.',
        params: Type.Object({ id: IdParam }),
        body: Type.Object({ statement: Statement }, { additionalProperties: false }),
        response: { 201: AppealView, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const me = authorize(request.principal, 'appeal.file');
      const id = Number(request.params.id);
      const a = await appealOwnListing(deps, { listing: id, statement: request.body.statement, as: me });
      return reply.status(201).send(body(appealView(a, 'subject')));
    },
  );
}
