import type { Socket } from 'node:net';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { isStandingError, type ErrorCode } from '../core/errors.js';
import { errorMessage, negotiate, type Locale } from '../core/i18n/index.js';

/** HTTP status for each error code: chosen here and only here (STYLE.md). */
export function statusOf(code: ErrorCode): number {
  switch (code) {
    case 'UNAUTHENTICATED':
    case 'CREDENTIALS_INVALID':
    case 'SESSION_EXPIRED':
    case 'KEY_REVOKED':
      return 401;
    case 'FORBIDDEN':
    case 'APPROVER_IS_AUTHOR':
    case 'NOT_ENTITLED':
    case 'REVIEW_CONFLICT':
    case 'REVIEWER_MUST_BE_HUMAN':
    case 'NOTICE_LINK_INVALID':
    case 'SECOND_INSTANCE_REVIEWER':
    case 'PASS_NOT_FOR_YOU':
      return 403;
    case 'NOTICE_LINK_EXPIRED':
      return 410;
    case 'RECORD_NOT_FOUND':
    case 'SCHEME_NOT_FOUND':
    case 'LISTING_NOT_FOUND':
    case 'APPEAL_NOT_FOUND':
    case 'DISPUTE_NOT_FOUND':
    case 'ACCOUNT_NOT_FOUND':
    case 'PARTY_NOT_FOUND':
    case 'KEY_NOT_FOUND':
    case 'SHARE_NOT_FOUND':
    case 'AUTHORITY_NOT_FOUND':
    case 'NOT_FOUND':
    case 'SUBJECT_UNKNOWN':
    case 'DECISION_NOT_FOUND':
    case 'SIMULATION_NOT_FOUND':
    case 'SECOND_INSTANCE_NOT_FOUND':
    case 'PASS_NOT_FOUND':
    case 'WEBHOOK_NOT_FOUND':
    case 'REPORT_NOT_FOUND':
      return 404;
    case 'PASS_REVOKED':
    case 'PASS_EXPIRED':
      return 410;
    case 'RECORD_CONFLICT':
    case 'SCHEME_VERSION_CONFLICT':
    case 'SCHEME_CANDIDATE_STATE':
    case 'SHADOW_LIMIT':
    case 'SCHEME_CANDIDATE_STALE':
    case 'APPEAL_EXISTS':
    case 'APPEAL_DECIDED':
    case 'DISPUTE_EXISTS':
    case 'ACCOUNT_EXISTS':
    case 'ACTION_EXISTS':
    case 'AUTHORITY_EXISTS':
    case 'PARTY_EXISTS':
    case 'LISTING_ENDED':
    case 'LISTING_STATE':
    case 'RECORD_ALREADY_RETRACTED':
    case 'DECISION_CONFLICT':
    case 'LISTING_OPEN':
    case 'SECOND_INSTANCE_UNAVAILABLE':
    case 'SECOND_INSTANCE_TOO_LATE':
    case 'SECOND_INSTANCE_EXISTS':
    case 'SELF_EXCLUSION_EXISTS':
    case 'SELF_EXCLUSION_LOCKED':
    case 'REPORTS_CLOSED':
    case 'REPORT_DECIDED':
      return 409;
    case 'REQUEST_TOO_LARGE':
      return 413;
    case 'RATE_LIMITED':
    case 'SIMULATION_JOBS_FULL':
    case 'REPORT_RATE_LIMITED':
      return 429;
    case 'UNAVAILABLE':
    case 'DB_UNAVAILABLE':
    case 'OVERLOADED':
      return 503;
    default:
      return 400;
  }
}

interface ErrorBody {
  code: string;
  message: string;
  field?: string;
  line?: number;
  rule?: string;
  errors?: unknown[];
}

/**
 * The language of a request's error messages: its Accept-Language (the web pages send the
 * language the reader chose), else English. Codes never change with it.
 */
export function requestLocale(request: FastifyRequest): Locale {
  return negotiate(request.headers['accept-language']) ?? 'en';
}

/**
 * An error's message in the request's language: in English the specific message the code was
 * raised with; in another language the code's translated description, with the field it points at.
 */
function localised(locale: Locale, code: ErrorCode, english: string, field?: string): string {
  if (locale === 'en') return english;
  const text = errorMessage(locale, code);
  return field ? `${text}（${field}）` : text;
}

/** Every error leaves as `{ code, message }` (plus where it points), with a stable code. */
export function errorHandler(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): void {
  const locale = requestLocale(request);
  if (isStandingError(error)) {
    const body: ErrorBody = {
      code: error.code,
      message: localised(locale, error.code, error.message, error.at.field),
      ...error.at,
    };
    if (error.problems.length > 1)
      body.errors = error.problems.map((p) => ({
        ...p.toJSON(),
        message: localised(locale, p.code, p.message, p.at.field),
      }));
    void reply.status(statusOf(error.code)).send(body);
    return;
  }
  const fe = error as FastifyError;
  if (fe.validation) {
    const v = fe.validation[0];
    const where = v?.instancePath
      ? v.instancePath.slice(1).replace(/\//g, '.')
      : ((v?.params as { missingProperty?: string } | undefined)?.missingProperty ?? '');
    const extra = (v?.params as { additionalProperty?: string } | undefined)?.additionalProperty;
    const field = [fe.validationContext, where, extra].filter(Boolean).join('.');
    // A subject id that does not fit: the same words as the CLI, not the raw pattern.
    const message =
      v?.keyword === 'pattern' && /(^|\.)subject$/.test(where)
        ? 'not a subject id (person:… or org:…, at most 200 printable characters after the colon)'
        : `${v?.message ?? 'invalid'}${extra ? ` (${extra})` : ''}`;
    void reply.status(400).send({
      code: 'REQUEST_INVALID',
      message: localised(locale, 'REQUEST_INVALID', `${field || 'request'}: ${message}`, field || undefined),
      field,
    });
    return;
  }
  switch (fe.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      void reply.status(413).send({
        code: 'REQUEST_TOO_LARGE',
        message: localised(locale, 'REQUEST_TOO_LARGE', 'the request body is too large'),
      });
      return;
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      void reply.status(400).send({
        code: 'REQUEST_JSON_INVALID',
        message: localised(locale, 'REQUEST_JSON_INVALID', 'the request body is not valid JSON'),
      });
      return;
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      void reply.status(415).send({ code: 'REQUEST_INVALID', message: 'send application/json' });
      return;
    default:
      break;
  }
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    void reply.status(fe.statusCode).send({ code: 'REQUEST_INVALID', message: fe.message });
    return;
  }
  request.log.error({ err: error }, 'internal error');
  void reply.status(500).send({ code: 'INTERNAL', message: 'internal error; the request id is in the server log' });
}

/**
 * Requests Node's HTTP parser refuses before any route sees them (headers or URL over the
 * size limit, malformed HTTP, a request too slow to arrive) are answered with the same
 * `{ code, message }` as every other error, then the connection is closed.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const [status, reason, body] =
    error.code === 'HPE_HEADER_OVERFLOW'
      ? [
          431,
          'Request Header Fields Too Large',
          { code: 'REQUEST_TOO_LARGE', message: 'the request headers (or URL) are larger than allowed' },
        ]
      : error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'Request Timeout', { code: 'REQUEST_INVALID', message: 'the request did not arrive in time' }]
        : [400, 'Bad Request', { code: 'REQUEST_INVALID', message: 'the request is not valid HTTP' }];
  const json = JSON.stringify(body);
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(json)}\r\nConnection: close\r\n\r\n${json}`,
  );
}
