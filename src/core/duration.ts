import { fail } from './errors.js';

/**
 * An ISO 8601 duration split the way SPEC §3 adds it: calendar months first
 * (years folded in), then days (weeks folded in), then an exact time part.
 */
export interface Duration {
  readonly months: number;
  readonly days: number;
  readonly millis: number;
  readonly text: string;
}

const PATTERN = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;
const DAY = 86_400_000;

export function parseDuration(text: string, field = 'duration'): Duration {
  const m = PATTERN.exec(text);
  if (!m || text === 'P' || text.endsWith('T')) {
    fail(
      'DURATION_INVALID',
      `${field}: "${text}" is not an ISO 8601 duration of whole numbers (e.g. P1Y2M10DT2H30M, P30D, P2W, PT12H)`,
      { field },
    );
  }
  const n = (i: number): number => (m[i] === undefined ? 0 : Number(m[i]));
  const d: Duration = {
    months: n(1) * 12 + n(2),
    days: n(3) * 7 + n(4),
    millis: (n(5) * 3600 + n(6) * 60 + n(7)) * 1000,
    text,
  };
  if (!Number.isSafeInteger(d.months) || !Number.isSafeInteger(d.days * DAY + d.millis) || d.months > 12 * 10_000) {
    fail('DURATION_INVALID', `${field}: "${text}" is too long`, { field });
  }
  return d;
}

/** instant + duration in UTC: months with the day clamped to the month's end, then days, then time. */
export function addDuration(instant: number, d: Duration): number {
  let t = instant;
  if (d.months !== 0) {
    const date = new Date(t);
    const y = date.getUTCFullYear();
    const mo = date.getUTCMonth() + d.months;
    const targetYear = y + Math.floor(mo / 12);
    const targetMonth = mo % 12;
    const lastDay = new Date(utc(targetYear, targetMonth + 1, 0)).getUTCDate();
    const day = Math.min(date.getUTCDate(), lastDay);
    const msOfDay = t - utc(y, date.getUTCMonth(), date.getUTCDate());
    t = utc(targetYear, targetMonth, day) + msOfDay;
  }
  return t + d.days * DAY + d.millis;
}

/** Date.UTC without its trap: years 0–99 are real years, not 1900–1999. */
function utc(year: number, month: number, day: number): number {
  const date = new Date(0);
  date.setUTCFullYear(year, month, day);
  return date.getTime();
}

/** True when the duration is at least `days` days from every starting instant. */
export function isAtLeastDays(d: Duration, days: number): boolean {
  // The shortest month is 28 days, so any whole month is at least 28 days.
  return d.months * 28 * DAY + d.days * DAY + d.millis >= days * DAY;
}
