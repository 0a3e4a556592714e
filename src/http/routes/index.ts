import type { App, HttpDeps } from '../app.js';
import { checkRoutes } from './check.route.js';
import { healthRoutes } from './health.route.js';

export interface RouteOptions {
  readonly maxBatch: number;
  readonly ready: () => boolean;
}

/** Every route group; each file registers one concept's routes. */
export async function registerRoutes(app: App, deps: HttpDeps, options: RouteOptions): Promise<void> {
  await healthRoutes(app, deps, options);
  await checkRoutes(app, deps, options);
}
