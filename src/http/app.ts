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
import { KEY_MAX } from '../core/record.js';
import type { EngineDeps } from '../engine/deps.js';
import type { AccessLogWriter } from '../engine/decisions/access-log-writer.js';
import {
  knownKey,
  resolvePrincipal,
  SESSION_COOKIE,
  sessionCookie,
  sessionCookieOptions,
  signedIn,
  type Access,
  type Authenticator,
} from './auth.js';
import { clientErrorHandler, errorHandler } from './errors.js';
import { ErrorBody } from './schemas.js';
import { strictJsonBodies } from './strict-body.js';
import type { LongReads } from './long-reads.js';
import { attemptLimits, DEFAULT_ATTEMPT_LIMITS, docsCsp, securityHeaders, type AttemptLimits } from './edge.js';
import { registerRoutes } from './routes/index.js';
import { completedLineWriter, lazyChildLogger, type CompletedLine } from './request-log.js';
import { webhooksOpenApi } from './webhooks-openapi.js';
import type { WebhookSettings } from '../engine/webhooks/worker.js';
import { loadShedder, type LoadShedOptions } from './load-shed.js';

/** What the HTTP service needs beyond the engine: how to authenticate, and the access log's group-commit writer. */
export interface HttpDeps extends EngineDeps {
  readonly auth: Authenticator;
  readonly accessLog: AccessLogWriter;
  /** Where long reads (audit verify, the subject's file) run off the event loop; absent: in the request, as any read. */
  readonly longReads?: LongReads;
  /** STANDING_LINK_KEY for notice links (docs/email.md); null or absent: the database's own key. */
  readonly linkKey?: string | null;
  /** Webhook settings (server key, private addresses); absent: endpoints cannot be added over HTTP (WEBHOOK_KEY_MISSING). */
  readonly webhooks?: WebhookSettings;
  /** STANDING_SIMULATION_TIMEOUT_MS: how long a simulation job may run (default 15 minutes, simulation-jobs.ts). */
  readonly simulationTimeoutMs?: number;
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
  /**
   * Which proxies to believe about the client (X-Forwarded-For, -Proto, -Host): Fastify's
   * `trustProxy` (true for any, or addresses/CIDRs). Default none: the socket's peer is the client.
   */
  readonly trustProxy?: boolean | string | readonly string[];
  /** Mark the session cookie Secure on every answer, not only on requests known to be HTTPS. Default false. */
  readonly secureCookies?: boolean;
  /** Attempt limits on sign-in and enrolment; default DEFAULT_ATTEMPT_LIMITS. */
  readonly attemptLimits?: AttemptLimits;
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
  /** Writes the closing line of a request without error (request-log.ts); set once the app's logger exists. */
  completed: (log: FastifyBaseLogger, line: CompletedLine, msg: string) => void = (log, line, msg) =>
    log.info(line, msg);

  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const line = {
      method: request.method,
      url: request.url,
      statusCode: reply.statusCode,
      responseTime: reply.elapsedTime,
    };
    if (error) reply.log.error({ ...line, err: error }, 'request errored');
    else this.completed(reply.log, line, 'request completed');
  }
}

function trustProxyOption(t: AppOptions['trustProxy']): boolean | string | string[] {
  return t === undefined ? false : typeof t === 'object' ? [...t] : t;
}

/** Builds the Fastify application: schemas, auth, routes. Listening is the caller's business. */
export async function buildApp(deps: HttpDeps, options: AppOptions = {}): Promise<App> {
  // Load shedding (docs/operations.md) runs in the HTTP server's request listener, below Fastify:
  // a request beyond the bounds costs no routing, hook, request-log line, authentication or body.
  const shedder = options.loadShed !== undefined ? loadShedder(options.loadShed) : undefined;
  const logController = options.logger ? new OneLinePerRequest() : undefined;
  const app = Fastify({
    ...(shedder ? { serverFactory: shedder.serverFactory } : {}),
    logger: options.logger ?? false,
    ...(logController ? { logController, childLoggerFactory: lazyChildLogger } : {}),
    bodyLimit: options.bodyLimit ?? 4 * 1024 * 1024,
    genReqId: (() => {
      let n = 0;
      return () => `req-${(++n).toString(36)}`;
    })(),
    clientErrorHandler,
    trustProxy: trustProxyOption(options.trustProxy),
    // A path parameter may be a whole record key, URL-encoded: up to 9 characters (%XX%XX%XX) per UTF-16 unit.
    // Fastify's default (100) answered 414 for keys of 101–200 characters that imports accept.
    routerOptions: { maxParamLength: KEY_MAX * 9 },
    // Unknown fields and wrong types are errors, not silently dropped or coerced (SPEC §10).
    ajv: { customOptions: { removeAdditional: false, coerceTypes: false, allErrors: false } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  // The closing line from text where pino's would be the same (request-log.ts): the options are a level and a stream.
  if (logController)
    logController.completed = completedLineWriter(
      app.log,
      options.logger === true ||
        (typeof options.logger === 'object' &&
          Object.keys(options.logger).every((k) => k === 'level' || k === 'stream')),
    );
  app.addSchema(ErrorBody);
  // Strict JSON bodies: UTF-8, no repeated member names, exact integers (strict-body.ts).
  strictJsonBodies(app);

  // --- Load shedding: shed requests are not in the request log; one line every 10 s says how many were.
  if (shedder) {
    shedder.report((counts) => app.log.warn(counts, 'shed requests: 503 OVERLOADED'));
    app.addHook('onClose', async () => shedder.stop());
  }
  // --- end of load shedding

  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((request, reply) => {
    void reply
      .status(404)
      .send({ code: 'NOT_FOUND', message: `no route ${request.method} ${request.url.split('?')[0]}` });
  });
  // The HTTP edge's defences (edge.ts): security headers on every answer, attempt limits on sign-in and enrolment.
  await securityHeaders(app);
  await attemptLimits(app, options.attemptLimits ?? DEFAULT_ATTEMPT_LIMITS);
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
      webhooks: webhooksOpenApi(),
    } as Record<string, unknown>,
  });
  // Swagger UI's page has inline scripts: it gets its own policy with their hashes (edge.ts).
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true, transformStaticCSP: docsCsp });
  app.decorateRequest('principal', null as never);
  const anonymous: Principal = { type: 'anonymous' };
  const resolve = async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    try {
      request.principal = await resolvePrincipal(request, deps.auth);
    } catch (e) {
      // A stale session cookie is cleared with its 401, and does not stop the browser from signing in again.
      if (request.headers.authorization === undefined && sessionCookie(request)) {
        void reply.clearCookie(SESSION_COOKIE, sessionCookieOptions(request, options.secureCookies ?? false));
        if (request.method === 'POST' && request.url === '/v1/sessions') {
          request.principal = anonymous;
          return;
        }
      }
      throw e;
    }
  };
  // Authentication before validation: a secured route refuses an anonymous caller (401) or one without the role (403)
  // in its own onRequest hook, after the principal is resolved and before the body is parsed or anything is validated.
  app.addHook('onRoute', (route) => {
    if (!route.url.startsWith('/v1/')) return;
    const security = (route.schema as { security?: unknown[] } | undefined)?.security;
    if (Array.isArray(security) && security.length === 0) return;
    const check: Access = route.config?.access ?? signedIn;
    const hook = (request: FastifyRequest, _reply: FastifyReply, done: (err?: Error) => void): void => {
      try {
        check(request.principal);
      } catch (e) {
        return done(e as Error);
      }
      done();
    };
    const own =
      route.onRequest === undefined ? [] : Array.isArray(route.onRequest) ? route.onRequest : [route.onRequest];
    route.onRequest = [...own, hook] as typeof route.onRequest;
  });
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
  await registerRoutes(app, deps, {
    maxBatch: options.maxBatch ?? 1000,
    ready: options.ready ?? (() => true),
    secureCookies: options.secureCookies ?? false,
  });
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
