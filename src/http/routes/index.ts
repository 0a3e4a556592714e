import type { App, HttpDeps } from '../app.js';
import { checkRoutes } from './check.route.js';
import { consoleRoutes } from './console.route.js';
import { healthRoutes } from './health.route.js';
import { historyRoutes } from './history.route.js';
import { listSizeRoutes } from './list-sizes.route.js';
import { auditRoutes } from './audit.route.js';
import { publicRoutes } from './public.route.js';
import { recordRoutes } from './records.route.js';
import { registryRoutes } from './registry.route.js';
import { schemeRoutes } from './schemes.route.js';
import { simulationRoutes } from './simulations.route.js';
import { candidateRoutes } from './candidates.route.js';
import { scoreRoutes } from './scores.route.js';
import { authRoutes } from './auth.route.js';
import { listingRoutes } from './listings.route.js';
import { listingDecisionRoutes } from './listing-decisions.route.js';
import { meRoutes } from './me.route.js';
import { noticeLinkRoutes } from './notice-links.route.js';
import { reviewRoutes } from './review.route.js';
import { secondInstanceRoutes } from './second-instance.route.js';
import { passRoutes } from './passes.route.js';
import { exclusionRoutes } from './exclusions.route.js';
import { webhookRoutes } from './webhooks.route.js';
import { reportRoutes } from './reports.route.js';

export interface RouteOptions {
  readonly maxBatch: number;
  readonly ready: () => boolean;
  /** Mark the session cookie Secure even on requests not known to be HTTPS (edge.ts, auth.ts). */
  readonly secureCookies: boolean;
}

/** Every route group; each file registers one concept's routes. */
export async function registerRoutes(app: App, deps: HttpDeps, options: RouteOptions): Promise<void> {
  await healthRoutes(app, deps, options);
  await checkRoutes(app, deps, options);
  await recordRoutes(app, deps, options);
  await schemeRoutes(app, deps, options);
  await simulationRoutes(app, deps, options);
  await candidateRoutes(app, deps, options);
  await scoreRoutes(app, deps, options);
  await consoleRoutes(app, deps, options);
  await historyRoutes(app, deps, options);
  await listSizeRoutes(app, deps, options);
  await registryRoutes(app, deps, options);
  await publicRoutes(app, deps, options);
  await auditRoutes(app, deps, options);
  await noticeLinkRoutes(app, deps, options);
  await authRoutes(app, deps, options);
  await listingRoutes(app, deps, options);
  await listingDecisionRoutes(app, deps, options);
  await reviewRoutes(app, deps, options);
  await meRoutes(app, deps, options);
  await secondInstanceRoutes(app, deps, options);
  await passRoutes(app, deps, options);
  await exclusionRoutes(app, deps, options);
  await webhookRoutes(app, deps, options);
  await reportRoutes(app, deps, options);
}
