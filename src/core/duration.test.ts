import { describe, expect, it } from 'vitest';
import { addDuration, isAtLeastDays, parseDuration } from './duration.js';
import { StandingError } from './errors.js';
import { formatInstant, parseInstant } from './instant.js';

const add = (from: string, duration: string): string =>
  formatInstant(addDuration(parseInstant(from), parseDuration(duration)));

describe('parseDuration', () => {
  it.each([
    ['P1Y', 12, 0, 0],
    ['P1Y2M', 14, 0, 0],
    ['P30D', 0, 30, 0],
    ['P2W', 0, 14, 0],
    ['P1W2D', 0, 9, 0],
    ['PT12H', 0, 0, 12 * 3_600_000],
    ['PT90M', 0, 0, 90 * 60_000],
    ['PT1S', 0, 0, 1000],
    ['P1Y2M10DT2H30M', 14, 10, (2 * 60 + 30) * 60_000],
    ['P0D', 0, 0, 0],
  ])('%s is %i months, %i days, %i ms', (text, months, days, millis) => {
    expect(parseDuration(text)).toEqual({ months, days, millis, text });
  });

  it.each([
    '',
    'P',
    'PT',
    'P1DT',
    '1D',
    'P1.5D',
    'P1,5D',
    'P-1D',
    'p1d',
    'P1D2Y',
    'PT1D',
    'P1H',
    'P1Y ',
    'P99999999999999999999Y',
  ])('rejects %j naming the field', (text) => {
    let caught: unknown;
    try {
      parseDuration(text, 'rules[0].lapse');
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(StandingError);
    expect((caught as StandingError).code).toBe('DURATION_INVALID');
    expect((caught as StandingError).message).toContain('rules[0].lapse');
  });
});

describe('addDuration (SPEC §3 item 2: months first, clamped; then days; then time)', () => {
  it.each([
    // The SPEC's own examples.
    ['2024-02-29T00:00:00.000Z', 'P1Y', '2025-02-28T00:00:00.000Z'],
    ['2024-02-29T00:00:00.000Z', 'P1Y2M', '2025-04-29T00:00:00.000Z'],
    // Years and months are one number of months, so the day is clamped once, not per step.
    ['2024-02-29T00:00:00.000Z', 'P4Y', '2028-02-29T00:00:00.000Z'],
    ['2023-01-31T00:00:00.000Z', 'P1Y1M', '2024-02-29T00:00:00.000Z'],
    // Month-end clamping.
    ['2025-01-31T00:00:00.000Z', 'P1M', '2025-02-28T00:00:00.000Z'],
    ['2024-01-31T00:00:00.000Z', 'P1M', '2024-02-29T00:00:00.000Z'],
    ['2025-03-31T00:00:00.000Z', 'P1M', '2025-04-30T00:00:00.000Z'],
    ['2025-01-31T00:00:00.000Z', 'P2M', '2025-03-31T00:00:00.000Z'],
    ['2025-12-31T00:00:00.000Z', 'P2M', '2026-02-28T00:00:00.000Z'],
    ['2023-12-31T00:00:00.000Z', 'P14M', '2025-02-28T00:00:00.000Z'],
    ['2100-01-29T00:00:00.000Z', 'P1M', '2100-02-28T00:00:00.000Z'],
    ['2000-01-30T00:00:00.000Z', 'P1M', '2000-02-29T00:00:00.000Z'],
    // The time of day survives the month step.
    ['2025-01-31T23:59:59.999Z', 'P1M', '2025-02-28T23:59:59.999Z'],
    // Days after months: clamp first, then count days (Jan 31 + P1M1D = Feb 28 + 1 day).
    ['2025-01-31T00:00:00.000Z', 'P1M1D', '2025-03-01T00:00:00.000Z'],
    ['2024-02-29T00:00:00.000Z', 'P1Y2M10DT2H30M', '2025-05-09T02:30:00.000Z'],
    ['2026-03-01T08:00:00.000Z', 'P1Y2M10DT2H30M', '2027-05-11T10:30:00.000Z'],
    // Weeks, days and the time part are exact: no daylight saving in UTC.
    ['2026-03-01T08:00:00.000Z', 'P2W', '2026-03-15T08:00:00.000Z'],
    ['2024-02-28T00:00:00.000Z', 'P1W', '2024-03-06T00:00:00.000Z'],
    ['2026-03-01T08:00:00.000Z', 'P30D', '2026-03-31T08:00:00.000Z'],
    ['2026-03-01T20:00:00.000Z', 'PT12H', '2026-03-02T08:00:00.000Z'],
    ['2026-12-31T23:59:59.000Z', 'PT1S', '2027-01-01T00:00:00.000Z'],
    ['2026-03-01T08:00:00.000Z', 'PT36H', '2026-03-02T20:00:00.000Z'],
    ['2026-03-01T08:00:00.000Z', 'P0D', '2026-03-01T08:00:00.000Z'],
    // Before the epoch.
    ['1969-12-31T23:00:00.000Z', 'P1M', '1970-01-31T23:00:00.000Z'],
    ['1968-02-29T12:00:00.000Z', 'P1Y', '1969-02-28T12:00:00.000Z'],
    // Years below 100 are real years, not 1900 + y (the Date.UTC trap).
    ['0050-01-15T00:00:00.000Z', 'P1M', '0050-02-15T00:00:00.000Z'],
    ['0004-02-29T00:00:00.000Z', 'P4Y', '0008-02-29T00:00:00.000Z'],
    ['0099-12-31T06:00:00.000Z', 'P2M', '0100-02-28T06:00:00.000Z'],
    ['0000-01-31T00:00:00.000Z', 'P1M', '0000-02-29T00:00:00.000Z'],
  ])('%s + %s = %s', (from, duration, expected) => {
    expect(add(from, duration)).toBe(expected);
  });

  it('is non-decreasing in the start, but not monotonic across clamped month ends', () => {
    // Why caps cannot slide a window over occurrence order: the earlier start ends later.
    const early = add('2025-01-30T23:00:00Z', 'P1M');
    const late = add('2025-01-31T01:00:00Z', 'P1M');
    expect(early).toBe('2025-02-28T23:00:00.000Z');
    expect(late).toBe('2025-02-28T01:00:00.000Z');
  });
});

describe('isAtLeastDays', () => {
  it.each([
    ['P10D', 10, true],
    ['P9DT23H59M59S', 10, false],
    ['PT240H', 10, true],
    ['P2W', 10, true],
    ['P1M', 28, true],
    ['P1M', 29, false],
  ])('%s at least %i days: %s', (text, days, expected) => {
    expect(isAtLeastDays(parseDuration(text), days)).toBe(expected);
  });
});
