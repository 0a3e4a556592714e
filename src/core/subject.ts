import { fail } from './errors.js';

export type SubjectType = 'person' | 'org';
export const SUBJECT_TYPES: readonly SubjectType[] = ['person', 'org'];

// The part after the prefix: printable, no spaces, at most 200 characters.
const SUBJECT = /^(person|org):[^\s\u0000-\u001f]{1,200}$/u;

/** The type of a subject id, or undefined when the id is malformed. */
export function subjectType(id: string): SubjectType | undefined {
  if (id.startsWith('person:')) return 'person';
  if (id.startsWith('org:')) return 'org';
  return undefined;
}

export function checkSubject(id: unknown, field = 'subject'): string {
  if (typeof id !== 'string' || !SUBJECT.test(id)) {
    fail('SUBJECT_INVALID', `${field}: ${JSON.stringify(id)} is not a subject id (person:… or org:…)`, { field });
  }
  return id;
}

const AUTHORITY = /^[a-z0-9][a-z0-9_-]{0,62}$/;

/** Names no authority may take: `operator` is the audit chain of operator-level facts. */
const RESERVED = new Set(['operator']);

export function checkAuthority(name: unknown, field = 'authority'): string {
  if (typeof name !== 'string' || !AUTHORITY.test(name)) {
    fail(
      'AUTHORITY_INVALID',
      `${field}: ${JSON.stringify(name)} is not an authority name (lower-case letters, digits, - and _)`,
      { field },
    );
  }
  if (RESERVED.has(name)) fail('AUTHORITY_INVALID', `${field}: "${name}" is reserved`, { field });
  return name;
}

/** Code-point order, as SPEC §9 requires for keys and subject ids (not locale order). */
export function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  // UTF-16 order differs from code-point order only around surrogates; compare those by code point.
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) {
      const xs = x >= 0xd800 && x <= 0xdfff;
      const ys = y >= 0xd800 && y <= 0xdfff;
      if (xs !== ys) return xs ? 1 : -1;
      return x - y;
    }
  }
  return a.length - b.length;
}

/**
 * A subject id as the public register shows it (SPEC §8): a person's id keeps the first 6 and
 * last 4 characters after `person:`, the rest `*` (person:110101********1234); an organization's
 * is shown in full. An id of 10 characters or fewer keeps proportionally less (3 of 10 at the
 * front, 2 of 10 at the back, rounded down), so that at least half of it is always hidden
 * (person:pat → person:***). Counted in code points.
 */
export function maskSubject(id: string): string {
  if (subjectType(id) !== 'person') return id;
  const chars = [...id.slice('person:'.length)];
  const n = chars.length;
  const [front, back] = n > 10 ? [6, 4] : [Math.floor((n * 3) / 10), Math.floor((n * 2) / 10)];
  return `person:${chars.slice(0, front).join('')}${'*'.repeat(n - front - back)}${chars.slice(n - back).join('')}`;
}
