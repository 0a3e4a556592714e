import { Type } from 'typebox';
import { listingView } from '../../engine/due-process/subject-file.js';
import {
  endSelfExclusion,
  selfExclude,
  selfExclusionLists,
  selfExclusionsOf,
} from '../../engine/due-process/self-exclusion.js';
import type { App, HttpDeps } from '../app.js';
import { authorize } from '../../core/policy.js';
import { can } from '../auth.js';
import { IdParam, ListingView } from '../due-process-schemas.js';
import { errors } from '../schemas.js';
import type { RouteOptions } from './index.js';

const Slug = Type.String({ pattern: '^[a-z0-9][a-z0-9_-]{0,62}$' });

const Offer = Type.Object(
  {
    authority: Type.String(),
    scheme: Type.String(),
    list: Type.String(),
    title: Type.Union([Type.String(), Type.Null()]),
    minTerm: Type.String(),
    maxTerm: Type.String(),
  },
  { title: 'SelfExclusionOffer' },
);

/** Self-exclusion (SPEC §6): a subject places itself on a list that offers it, for a term it chooses. */
export async function exclusionRoutes(app: App, deps: HttpDeps, _options: RouteOptions): Promise<void> {
  app.get(
    '/v1/me/exclusions',
    {
      config: { access: can('exclusion.manage') },
      schema: {
        tags: ['self-exclusion'],
        summary: 'Lists you may exclude yourself from, and your self-exclusions',
        description: 'Subjects only, signed in as themselves. Self-exclusions newest first.',
        response: {
          200: Type.Object({ offered: Type.Array(Offer), exclusions: Type.Array(ListingView) }),
          ...errors(401, 403),
        },
      },
    },
    async (request) => {
      const me = authorize(request.principal, 'exclusion.manage');
      const now = deps.clock.now();
      return {
        offered: await selfExclusionLists(deps, me.subject),
        exclusions: (await selfExclusionsOf(deps, me.subject)).map((l) => listingView(l, now)),
      };
    },
  );

  app.post(
    '/v1/me/exclusions',
    {
      config: { access: can('exclusion.manage') },
      schema: {
        tags: ['self-exclusion'],
        summary: 'Exclude yourself',
        description:
          'Places you on the list at once, with no notice window and no appeal, for `term` (ISO 8601) within the bounds the list offers. It cannot be ended early: that is its purpose. Relying parties see it as any sanction.',
        body: Type.Object(
          {
            authority: Type.Optional(Slug),
            scheme: Type.Optional(Slug),
            list: Slug,
            term: Type.String({ minLength: 2, maxLength: 40 }),
          },
          { additionalProperties: false },
        ),
        response: { 201: ListingView, ...errors(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      const me = authorize(request.principal, 'exclusion.manage');
      const l = await selfExclude(deps, { subject: me.subject, ...request.body, by: me });
      return reply.status(201).send(listingView(l, deps.clock.now()));
    },
  );

  app.delete(
    '/v1/me/exclusions/:id',
    {
      config: { access: can('exclusion.manage') },
      schema: {
        tags: ['self-exclusion'],
        summary: 'End a self-exclusion early: always refused',
        description: 'A self-exclusion ends only at the term chosen (SELF_EXCLUSION_LOCKED, 409).',
        params: Type.Object({ id: IdParam }),
        response: {
          204: Type.Null({ description: 'Never sent: a self-exclusion ends only at its term.' }),
          ...errors(401, 403, 404, 409),
        },
      },
    },
    async (request) => {
      const me = authorize(request.principal, 'exclusion.manage');
      return endSelfExclusion(deps, me.subject, Number(request.params.id));
    },
  );
}
