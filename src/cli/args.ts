import { fail } from '../core/errors.js';
import { parseInstantOrDate } from '../core/instant.js';

/** --at INSTANT (or a bare date: midnight UTC), or undefined. */
export function optionalInstant(value: string | undefined, field = 'at'): number | undefined {
  return value === undefined ? undefined : parseInstantOrDate(value, `--${field}`);
}

export function positiveInt(value: string, field: string, max = 100_000_000): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > max) {
    fail('ARGUMENT_INVALID', `--${field}: "${value}" is not a whole number between 1 and ${max}`, { field });
  }
  return Number(value);
}

export function nonNegativeInt(value: string, field: string, max = 100_000_000): number {
  if (!/^\d+$/.test(value) || Number(value) > max) {
    fail('ARGUMENT_INVALID', `--${field}: "${value}" is not a whole number between 0 and ${max}`, { field });
  }
  return Number(value);
}
