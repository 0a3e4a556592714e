import { Type } from 'typebox';
import { fail } from '../core/errors.js';
import { parseInstant } from '../core/instant.js';

// Query parameters arrive as strings and ajv does not coerce them (app.ts): the schema
// checks their shape, these helpers turn them into values with an error naming the field.

/** Most items one page may hold. */
export const MAX_PAGE = 1000;
/** Items per page when `limit` is not given. */
export const DEFAULT_PAGE = 100;

export const LimitParam = Type.String({
  pattern: '^[0-9]{1,7}$',
  description: `page size, 1 to ${MAX_PAGE} (default ${DEFAULT_PAGE})`,
});
export const SeqParam = Type.String({ pattern: '^[0-9]{1,15}$', description: 'continue after this sequence number' });
export const InstantParam = Type.String({
  minLength: 1,
  maxLength: 40,
  description: 'an RFC 3339 instant (default now)',
});
export const CursorParam = Type.String({
  minLength: 1,
  maxLength: 220,
  description: 'continue after this id (the `next` of the previous page)',
});

/** A page size from `?limit=`: 1 to MAX_PAGE, default DEFAULT_PAGE. */
export function pageLimit(text: string | undefined): number {
  if (text === undefined) return DEFAULT_PAGE;
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 1 || n > MAX_PAGE)
    fail('REQUEST_INVALID', `limit: expected 1 to ${MAX_PAGE}, got ${text}`, { field: 'limit' });
  return n;
}

/** A non-negative integer from a query parameter, or `fallback` when absent. */
export function counter(text: string | undefined, field: string, fallback: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isSafeInteger(n) || n < 0)
    fail('REQUEST_INVALID', `${field}: expected a non-negative integer, got ${text}`, { field });
  return n;
}

/** An instant from a query parameter (epoch ms), or undefined when absent. */
export function optionalInstantParam(text: string | undefined, field: string): number | undefined {
  return text === undefined ? undefined : parseInstant(text, field);
}
