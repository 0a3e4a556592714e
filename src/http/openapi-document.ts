import { buildApp } from './app.js';
import type { HttpDeps } from './app.js';

/** Where the committed document lives, from src/http or dist/http alike. */
export const OPENAPI_PATH = new URL('../../docs/openapi.json', import.meta.url);

function unused(what: string): never {
  throw new Error(`the OpenAPI document is generated without ${what}; a route touched it while registering`);
}

// Routes only register at build time: nothing is read, stored or authenticated, so these stand-ins refuse to be used.
const DOCUMENT_ONLY: HttpDeps = {
  store: {
    transaction: () => unused('a store'),
    read: () => unused('a store'),
    checkStorage: () => unused('a store'),
    snapshot: () => unused('a store'),
    close: async () => undefined,
    location: 'none',
  },
  clock: { now: () => 0 },
  auth: { key: () => unused('authentication'), session: () => unused('authentication') },
  accessLog: { write: () => unused('an access log'), flush: async () => undefined, close: async () => undefined },
};

/** The OpenAPI 3.1 document of the HTTP API, as committed in docs/openapi.json: pretty-printed, with a final newline. */
export async function openApiDocument(): Promise<string> {
  const app = await buildApp(DOCUMENT_ONLY);
  try {
    await app.ready();
    return `${JSON.stringify(app.swagger(), null, 2)}\n`;
  } finally {
    await app.close();
  }
}
