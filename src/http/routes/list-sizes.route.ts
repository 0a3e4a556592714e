import { Type } from 'typebox';
import { listSizes } from '../../engine/evaluation/list-sizes.js';
import { listingView } from '../../engine/due-process/subject-file.js';
import type { App, HttpDeps } from '../app.js';
import { authorize } from '../../core/policy.js';
import { can } from '../auth.js';
import { ListingView } from '../due-process-schemas.js';
import { errors } from '../schemas.js';
import type { RouteOptions } from './index.js';

const Count = Type.Integer({ minimum: 0 });

const ListSize = Type.Object(
  {
    scheme: Type.String(),
    list: Type.String(),
    title: Type.Union([Type.String(), Type.Null()]),
    type: Type.String(),
    counts: Type.Object(
      { noticed: Count, suspended: Count, active: Count, ended: Count },
      { description: 'listings by state' },
    ),
    recent: Type.Array(ListingView, { description: 'the newest listings, newest first' }),
  },
  { title: 'ListSize' },
);

/** The operator console's overview of an authority's lists. */
export async function listSizeRoutes(app: App, deps: HttpDeps, _options: RouteOptions): Promise<void> {
  app.get(
    '/v1/lists',
    {
      config: { access: can('listing.list') },
      schema: {
        tags: ['listings'],
        summary: 'Your authority’s lists with their sizes and newest listings',
        description:
          'Staff of an authority (any role). Every list of its schemes’ latest versions (and older lists that still hold listings), with listings by state and the five newest. Cached for 15 seconds.',
        response: { 200: Type.Object({ lists: Type.Array(ListSize) }), ...errors(401, 403) },
      },
    },
    async (request) => {
      const staff = authorize(request.principal, 'listing.list');
      const now = deps.clock.now();
      const lists = await listSizes(deps, staff.authority);
      return {
        lists: lists.map((l) => ({
          ...l,
          counts: { ...l.counts },
          recent: l.recent.map((r) => listingView(r, now, l.title)),
        })),
      };
    },
  );
}
