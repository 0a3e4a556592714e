import helmet from 'helmet';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { normalizeEnrolmentCode } from '../engine/tenancy/auth-secrets.js';
import { DEFAULT_ATTEMPT_LIMITS, type AttemptLimit, type AttemptLimits } from './attempt-limits.js';

export { DEFAULT_ATTEMPT_LIMITS, type AttemptLimit, type AttemptLimits };

/** Which attempt limits a route is under (route `config.attempts`). */
export type Attempts = 'sign-in' | 'enrolment' | 'pass';

declare module 'fastify' {
  interface FastifyContextConfig {
    attempts?: Attempts;
  }
}

/**
 * The web UI's policy: nothing inline, nothing from elsewhere, never in a frame. The pages
 * (web/static, web/dist) load only their own files; scripts set styles through the CSSOM,
 * which `style-src 'self'` allows.
 */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: ["'self'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  styleSrc: ["'self'"],
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  baseUri: ["'self'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
};

/**
 * Swagger UI (/docs) needs inline scripts and styles: its plugin hashes them into its own
 * policy (`staticCSP`), made as strict as ours where it can be: no frames, and no upgrade of
 * requests to HTTPS (which would break /docs served over plain HTTP on localhost).
 */
export function docsCsp(header: string): string {
  return header
    .replace(/\s*upgrade-insecure-requests;?/, '')
    .replace("frame-ancestors 'self'", "frame-ancestors 'none'")
    .trim();
}

/**
 * The API's answers are JSON, never rendered as a page: they get the headers that protect a JSON
 * answer (as OWASP's REST Security Cheat Sheet lists them) and none of those that only shape
 * how a page behaves. Their policy is stricter than the pages': nothing may load from them at
 * all (`default-src 'none'`), no frame may hold them, and they are never sniffed as another type.
 */
const API_HEADERS = [
  'content-security-policy',
  'x-content-type-options',
  'x-frame-options',
  'strict-transport-security',
  'cross-origin-resource-policy',
  'referrer-policy',
] as const;
const API_CSP = "default-src 'none';frame-ancestors 'none'";

/**
 * Security headers on every answer: on pages, CSP, frame denial, nosniff, HSTS and the rest of
 * helmet's defaults; on the API's answers (/v1/), the few that apply to JSON (API_HEADERS).
 * helmet's middleware is run once, here, and the headers it sets are kept: they are the same for
 * every request, so each answer gets them with one `reply.headers()` — helmet run per request (as
 * @fastify/helmet does) cost about a tenth of the decision endpoint's time, and the page set on
 * every check another 2–3% (docs/decisions.md, "The decision path: one message per turn …").
 */
export async function securityHeaders(app: FastifyInstance): Promise<void> {
  const headers: Record<string, string> = {};
  const res = {
    setHeader: (name: string, value: string | number | readonly string[]) => {
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : String(value);
    },
    removeHeader: () => undefined,
  };
  const middleware = helmet({
    contentSecurityPolicy: { useDefaults: false, directives: CONTENT_SECURITY_POLICY },
    frameguard: { action: 'deny' },
  });
  await new Promise<void>((resolve, reject) =>
    middleware({} as never, res as never, (e?: unknown) =>
      e ? reject(e instanceof Error ? e : new Error('helmet refused its options')) : resolve(),
    ),
  );
  const page = Object.freeze({ ...headers });
  const api = Object.freeze(
    Object.fromEntries(API_HEADERS.map((h) => [h, h === 'content-security-policy' ? API_CSP : headers[h]!])),
  );
  app.addHook('onRequest', (request, reply, done) => {
    void reply.headers(request.url.startsWith('/v1/') ? api : page);
    done();
  });
}

/**
 * Attempt limits on sign-in and enrolment (@fastify/rate-limit's counters, in memory per
 * process): every attempt counts, before the password or code is checked; over the limit the
 * answer is 429 RATE_LIMITED with `Retry-After` in seconds. The address is `request.ip`: the
 * socket's peer, or the client named by X-Forwarded-For when the app trusts the proxy (`trustProxy`).
 */
export async function attemptLimits(app: FastifyInstance, limits: AttemptLimits): Promise<void> {
  await app.register(rateLimit, { global: false, hook: 'preHandler' });
  const counter = (name: string, limit: AttemptLimit, key: (request: FastifyRequest) => string) =>
    app.createRateLimit({
      max: limit.max,
      timeWindow: limit.windowMs,
      keyGenerator: (request) => `${name}:${key(request)}`,
    });
  const byAddress = (request: FastifyRequest): string => request.ip;
  const field = (request: FastifyRequest, name: string): string => {
    const v = (request.body as Record<string, unknown> | undefined)?.[name];
    return typeof v === 'string' ? v : '';
  };
  const checks: Record<Attempts, { what: string; counter: ReturnType<typeof counter> }[]> = {
    'sign-in': [
      { what: 'sign-in attempts from this address', counter: counter('signin-ip', limits.signInPerAddress, byAddress) },
      {
        what: 'sign-in attempts for this account',
        counter: counter('signin-account', limits.signInPerAccount, (r) => field(r, 'account').toLowerCase()),
      },
    ],
    enrolment: [
      { what: 'enrolment attempts from this address', counter: counter('enrol-ip', limits.enrolPerAddress, byAddress) },
      {
        what: 'attempts with this enrolment code',
        counter: counter('enrol-code', limits.enrolPerCode, (r) => {
          const code = field(r, 'code');
          return normalizeEnrolmentCode(code) ?? code;
        }),
      },
    ],
    pass: [
      {
        what: 'pass verifications from this address',
        counter: counter('pass-ip', limits.passPerAddress ?? DEFAULT_ATTEMPT_LIMITS.passPerAddress!, byAddress),
      },
      {
        what: 'verifications of this pass',
        counter: counter('pass-token', limits.passPerToken ?? DEFAULT_ATTEMPT_LIMITS.passPerToken!, (r) => {
          const token = (r.params as Record<string, unknown> | undefined)?.token;
          return typeof token === 'string' ? token : '';
        }),
      },
    ],
  };
  app.addHook('onRoute', (route) => {
    const attempts = route.config?.attempts;
    if (attempts === undefined) return;
    const hook = async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
      for (const { what, counter: count } of checks[attempts]) {
        const r = await count(request);
        if (!r.isAllowed && r.isExceeded) {
          const seconds = Math.max(1, r.ttlInSeconds);
          await reply
            .status(429)
            .header('retry-after', String(seconds))
            .send({ code: 'RATE_LIMITED', message: `too many ${what}; try again in ${seconds} s` });
          return;
        }
      }
    };
    const own =
      route.preHandler === undefined ? [] : Array.isArray(route.preHandler) ? route.preHandler : [route.preHandler];
    route.preHandler = [...own, hook] as typeof route.preHandler;
  });
}
