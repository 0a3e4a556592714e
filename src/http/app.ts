import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import fastifyStatic from '@fastify/static';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { fileURLToPath } from 'node:url';
import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type RawReplyDefaultExpression,
  type RawRequestDefaultExpression,
  type RawServerDefault,
} from 'fastify';
import type { Principal } from '../core/principal.js';
import type { EngineDeps } from '../engine/deps.js';
import type { AccessLogWriter } from '../engine/decisions/access-log-writer.js';
import { knownKey, resolvePrincipal, SESSION_COOKIE, sessionCookie, type Authenticator } from './auth.js';
import { clientErrorHandler, errorHandler } from './errors.js';
import { ErrorBody } from './schemas.js';
import { registerRoutes } from './routes/index.js';
import { registerLoadShedding, type LoadShedOptions } from './load-shed.js';

/** What the HTTP service needs beyond the engine: how to authenticate, and the access log's group-commit writer. */
export interface HttpDeps extends EngineDeps {
  readonly auth: Authenticator;
  readonly accessLog: AccessLogWriter;
}

export interface AppOptions {
  /** Fastify logger: true for pino JSON logs, false (default) for none. */
  readonly logger?: boolean | Record<string, unknown>;
  /** Largest request body in bytes. Default 4 MiB. */
  readonly bodyLimit?: number;
  /** Most records in one batch submission. Default 1,000. */
  readonly maxBatch?: number;
  /** Whether the service is ready (readiness endpoint); default always. */
  readonly ready?: () => boolean;
  /** Load shedding (load-shed.ts): bounds beyond which requests are answered 503 OVERLOADED. Default none: every request queues. */
  readonly loadShed?: LoadShedOptions;
}

export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

/** The built web UI; the same depth below the package root from src/http and dist/http. */
const WEB_DIST = fileURLToPath(new URL('../../web/dist/', import.meta.url));

export const API_VERSION = '0.1.0';

/**
 * One log line per request, when it completes: its id (`reqId`), method, URL, status and
 * time in ms. Fastify's default writes a second line when the request arrives, which
 * doubles the logging cost of the decision endpoint (docs/bench.md); errors are still
 * logged where Fastify logs them, with the same request id.
 */
class OneLinePerRequest extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const line = {
      method: request.method,
      url: request.url,
      statusCode: reply.statusCode,
      responseTime: reply.elapsedTime,
    };
    if (error) reply.log.error({ ...line, err: error }, 'request errored');
    else reply.log.info(line, 'request completed');
  }
}

/** Builds the Fastify application: schemas, auth, routes. Listening is the caller's business. */
export async function buildApp(deps: HttpDeps, options: AppOptions = {}): Promise<App> {
  const app = Fastify({
    logger: options.logger ?? false,
    ...(options.logger ? { logController: new OneLinePerRequest() } : {}),
    bodyLimit: options.bodyLimit ?? 4 * 1024 * 1024,
    genReqId: (() => {
      let n = 0;
      return () => `req-${(++n).toString(36)}`;
    })(),
    clientErrorHandler,
    // Unknown fields and wrong types are errors, not silently dropped or coerced (SPEC §10).
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.addSchema(ErrorBody);

  // --- Load shedding (docs/operations.md): first of the onRequest hooks, so a request beyond the
  // bounds costs no authentication, parsing of its body or handler. Kept apart from the edge plugins.
  if (options.loadShed !== undefined) await registerLoadShedding(app, options.loadShed);
  // --- end of load shedding

  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((request, reply) => {
    void reply
      .status(404)
      .send({ code: 'NOT_FOUND', message: `no route ${request.method} ${request.url.split('?')[0]}` });
  });
  // Cookies are parsed only where a session is looked for (auth.ts), not on every request.
  await app.register(cookie, { hook: false });
  await app.register(swagger, {
    // Shared schemas appear under their own $id ("Error") in components.
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`),
    },
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Standing API',
        version: API_VERSION,
        description:
          'Scores, lists and decisions under due process. Errors are `{ code, message }` with the stable codes of docs/errors.md. Authenticate with `Authorization: Bearer <API key>` (machines) or a session from `POST /v1/sessions` (people).',
      },
      components: {
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer', description: 'An API key, shown once when created' },
          session: { type: 'apiKey', in: 'cookie', name: 'standing_session' },
        },
      },
      security: [{ apiKey: [] }, { session: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.decorateRequest('principal', null as never);
  const anonymous: Principal = { type: 'anonymous' };
  const resolve = async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    try {
      request.principal = await resolvePrincipal(request, deps.auth);
    } catch (e) {
      // A stale session cookie is cleared with its 401, and does not stop the browser from signing in again.
      if (request.headers.authorization === undefined && sessionCookie(request)) {
        void reply.clearCookie(SESSION_COOKIE, { path: '/' });
        if (request.method === 'POST' && request.url === '/v1/sessions') {
          request.principal = anonymous;
          return;
        }
      }
      throw e;
    }
  };
  app.addHook('onRequest', (request, reply, done) => {
    // The web UI's files are public: no credentials are read for them, so a stale cookie cannot keep the pages from loading.
    if (!request.url.startsWith('/v1/')) {
      request.principal = anonymous;
      return done();
    }
    // A key verified a moment ago (the decision endpoint's callers) is answered without a promise.
    const known = knownKey(request, deps.auth);
    if (known !== undefined) {
      request.principal = known;
      return done();
    }
    resolve(request, reply).then(() => done(), done);
  });
  await registerRoutes(app, deps, { maxBatch: options.maxBatch ?? 1000, ready: options.ready ?? (() => true) });
  // The web UI (web/): `npm run build:web` compiles it into web/dist and copies web/static there, each text file with
  // Brotli and gzip twins that are sent to browsers that accept them; index.html at `/`.
  // Registered after the API so /v1, /docs, /openapi.json and the health routes keep their own handlers.
  await app.register(fastifyStatic, {
    root: WEB_DIST,
    prefix: '/',
    index: ['index.html'],
    wildcard: true,
    schemaHide: true,
    preCompressed: true,
  });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  return app;
}
