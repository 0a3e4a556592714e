import type { FastifyInstance, FastifyRequest } from 'fastify';
import { StandingError } from '../core/errors.js';
import { decodeUtf8Strict, parseStrictJson, StrictJsonError } from '../core/strict-json.js';

declare module 'fastify' {
  interface FastifyRequest {
    /**
     * Elements of the body's top-level `records` array that held an integer beyond ±(2^53 − 1), by
     * index: the route refuses each such record on its own (SPEC §10) with RECORD_FIELD_INVALID.
     */
    unsafeRecords: ReadonlyMap<number, StandingError> | null;
  }
  interface FastifyContextConfig {
    /** The body is a batch of records under `records`: an unsafe number refuses its record, not the request. */
    recordBatch?: boolean;
  }
}

/** A path below one record, as validateRecord names fields: `data.n`. */
const within = (parts: readonly (string | number)[]): string => parts.join('.');

/**
 * Strict JSON bodies (SPEC §2, §10), replacing Fastify's parser for application/json: invalid
 * UTF-8 is BODY_ENCODING_INVALID, a repeated member name BODY_DUPLICATE_KEY, an integer
 * beyond ±(2^53 − 1) BODY_NUMBER_UNSAFE (RECORD_FIELD_INVALID for the one record of a batch that
 * holds it), each naming where; `__proto__` and `constructor` are ordinary members.
 */
export function strictJsonBodies(app: FastifyInstance): void {
  app.decorateRequest('unsafeRecords', null);
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser(
    'application/json',
    { parseAs: 'buffer' },
    (request: FastifyRequest, body: Buffer | string, done: (err: Error | null, body?: unknown) => void) => {
      const bytes = typeof body === 'string' ? Buffer.from(body) : body;
      if (bytes.length === 0) return done(new StandingError('REQUEST_JSON_INVALID', 'the request body is empty'));
      const text = decodeUtf8Strict(bytes);
      if (text === undefined)
        return done(new StandingError('BODY_ENCODING_INVALID', 'the request body is not valid UTF-8'));
      const batch = request.routeOptions.config.recordBatch === true;
      const unsafe = new Map<number, StandingError>();
      try {
        const value = parseStrictJson(text, {
          onUnsafeNumber: (p) => {
            const [top, index, ...rest] = p.parts;
            if (!batch || top !== 'records' || typeof index !== 'number' || rest.length === 0) throw p;
            if (!unsafe.has(index))
              unsafe.set(
                index,
                new StandingError(
                  'RECORD_FIELD_INVALID',
                  `${within(rest)}: an integer beyond ±(2^53 − 1) cannot be kept exactly`,
                  { field: within(rest) },
                ),
              );
          },
        });
        if (unsafe.size > 0) request.unsafeRecords = unsafe;
        done(null, value);
      } catch (e) {
        if (!(e instanceof StrictJsonError)) return done(e as Error);
        const at = e.path === '' ? {} : { field: e.path };
        const code =
          e.problem === 'duplicate-key'
            ? 'BODY_DUPLICATE_KEY'
            : e.problem === 'unsafe-number'
              ? e.parts[0] === 'data'
                ? 'RECORD_FIELD_INVALID'
                : 'BODY_NUMBER_UNSAFE'
              : 'REQUEST_JSON_INVALID';
        done(
          new StandingError(
            code,
            code === 'REQUEST_JSON_INVALID' ? `the request body is not valid JSON: ${e.message}` : e.message,
            at,
          ),
        );
      }
    },
  );
}
