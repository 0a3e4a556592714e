import { fail } from './errors.js';

// RFC 3339 date-time: a date, "T" (or space), a time, and an offset that is Z or ±hh:mm.
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** Parses an RFC 3339 instant into epoch milliseconds (UTC, millisecond precision). */
export function parseInstant(text: unknown, field = 'instant'): number {
  if (typeof text !== 'string') fail('INSTANT_INVALID', `${field}: expected an RFC 3339 instant string`, { field });
  const m = RFC3339.exec(text);
  if (!m)
    fail('INSTANT_INVALID', `${field}: "${text}" is not an RFC 3339 instant (e.g. 2026-03-01T08:00:00Z)`, { field });
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  const probe = new Date(Date.UTC(y, mo - 1, d));
  if (probe.getUTCMonth() !== mo - 1 || probe.getUTCDate() !== d || h > 23 || mi > 59 || s > 60) {
    fail('INSTANT_INVALID', `${field}: "${text}" is not a real date and time`, { field });
  }
  const ms = Date.parse(text.replace(' ', 'T'));
  if (!Number.isFinite(ms)) fail('INSTANT_INVALID', `${field}: "${text}" is out of range`, { field });
  return ms;
}

const BARE_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * An instant given on a command line or in a query (`--at`, `--from`, `--to`, SPEC §9): an
 * RFC 3339 instant, or a bare date (`2026-01-01`) meaning midnight UTC of that day.
 */
export function parseInstantOrDate(text: unknown, field = 'instant'): number {
  if (typeof text === 'string' && BARE_DATE.test(text)) {
    try {
      return parseInstant(`${text}T00:00:00Z`, field);
    } catch {
      fail('INSTANT_INVALID', `${field}: "${text}" is not a real date`, { field });
    }
  }
  try {
    return parseInstant(text, field);
  } catch (e) {
    if (typeof text === 'string' && !RFC3339.test(text))
      fail(
        'INSTANT_INVALID',
        `${field}: "${text}" is neither a date (2026-03-01, midnight UTC) nor an RFC 3339 instant (2026-03-01T08:00:00Z)`,
        { field },
      );
    throw e;
  }
}

/** Canonical instant text: UTC with millisecond precision. */
export function formatInstant(ms: number): string {
  return new Date(ms).toISOString();
}
