import { Type } from 'typebox';
import { storeAnswers } from '../../engine/readiness.js';
import type { App, HttpDeps } from '../app.js';
import type { RouteOptions } from './index.js';

/** Liveness and readiness for load balancers and orchestrators. */
export async function healthRoutes(app: App, deps: HttpDeps, options: RouteOptions): Promise<void> {
  app.get(
    '/healthz',
    {
      schema: {
        tags: ['operations'],
        summary: 'Liveness',
        security: [],
        response: { 200: Type.Object({ status: Type.Literal('ok') }) },
      },
    },
    async () => ({
      status: 'ok' as const,
    }),
  );
  app.get(
    '/readyz',
    {
      schema: {
        tags: ['operations'],
        summary: 'Readiness: the store answers and the service is not shutting down',
        security: [],
        response: {
          200: Type.Object({ status: Type.Literal('ready'), now: Type.String() }),
          503: Type.Object({ code: Type.String(), message: Type.String() }),
        },
      },
    },
    async (_request, reply) => {
      if (!options.ready()) return reply.status(503).send({ code: 'UNAVAILABLE', message: 'shutting down' });
      await storeAnswers(deps);
      return { status: 'ready' as const, now: new Date(deps.clock.now()).toISOString() };
    },
  );
}
