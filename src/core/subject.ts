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
