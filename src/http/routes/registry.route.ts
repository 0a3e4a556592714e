import { Type } from 'typebox';
import { formatInstant } from '../../core/instant.js';
import { actionGrants, registeredActions } from '../../engine/tenancy/registry.js';
import type { App, HttpDeps } from '../app.js';
import { errors, Instant } from '../schemas.js';
import type { RouteOptions } from './index.js';

const Action = Type.Object(
  {
    name: Type.String(),
    domain: Type.String(),
    effect: Type.String({ description: 'the effect the action accepts: deny, limit, waive or priority' }),
    description: Type.Optional(Type.String()),
  },
  { title: 'Action' },
);

const Grant = Type.Object({ authority: Type.String(), action: Type.String(), grantedAt: Instant }, { title: 'Grant' });

/**
 * The action registry and the grants (SPEC §4), both public: which authority may
 * sanction which action is the inter-agency memorandum, and transparent. Registering
 * actions and granting them stay with the operator's CLI.
 */
export async function registryRoutes(app: App, deps: HttpDeps, _options: RouteOptions): Promise<void> {
  app.get(
    '/v1/actions',
    {
      schema: {
        tags: ['registry'],
        summary: 'Registered actions',
        security: [],
        response: { 200: Type.Object({ actions: Type.Array(Action) }), ...errors(401) },
      },
    },
    async () => ({ actions: await registeredActions(deps) }),
  );

  app.get(
    '/v1/grants',
    {
      schema: {
        tags: ['registry'],
        summary: 'Grants: which authority may sanction which action',
        security: [],
        response: { 200: Type.Object({ grants: Type.Array(Grant) }), ...errors(401) },
      },
    },
    async () => {
      const grants = await actionGrants(deps);
      return {
        grants: grants.map((g) => ({
          authority: g.authority,
          action: g.action,
          grantedAt: formatInstant(g.grantedAt),
        })),
      };
    },
  );
}
