import { describe, expect, it } from 'vitest';
import { REGISTRY } from '../test-support/spec-example.js';
import { parseScheme } from './scheme-parse.js';
import { maskSubject } from './subject.js';

describe('maskSubject: the public register masks persons (SPEC §8)', () => {
  it('keeps the first 6 and last 4 characters after person:, the rest *', () => {
    expect(maskSubject('person:110101199001011234')).toBe('person:110101********1234');
    expect(maskSubject('person:abcdefghijk')).toBe('person:abcdef*hijk');
  });
  it('shows organizations in full', () => {
    expect(maskSubject('org:acme-ltd')).toBe('org:acme-ltd');
  });
  it('hides at least half of an id of 10 characters or fewer, and all but 10 of a longer one', () => {
    expect(maskSubject('person:pat')).toBe('person:***');
    expect(maskSubject('person:0123456789')).toBe('person:012*****89');
    for (let n = 1; n <= 30; n++) {
      const masked = maskSubject(`person:${'x'.repeat(n)}`);
      expect(masked.length).toBe(`person:`.length + n);
      const hidden = [...masked].filter((c) => c === '*').length;
      if (n <= 10) expect(hidden).toBeGreaterThanOrEqual(Math.ceil(n / 2));
      else expect(hidden).toBe(n - 10);
    }
  });
  it('counts code points, so a character outside the BMP is kept or masked whole', () => {
    expect(maskSubject('person:😀😀😀😀😀😀abc😀😀😀😀')).toBe('person:😀😀😀😀😀😀***😀😀😀😀');
  });
});

const scheme = (subjects: string, publish: string): string => `scheme: s
context: civic
subjects: [${subjects}]
lists:
  - id: l
    type: watchlist
    when: subject.score < 0
    publish: ${publish}
`;

describe('publish: full', () => {
  it('is accepted on a list of a scheme that judges organizations only', () => {
    const r = parseScheme(scheme('org', 'full'), { registry: REGISTRY });
    expect(r.ok && r.doc.lists[0]!.publish).toBe('full');
  });
  it('is refused, naming the line, on a list that judges persons', () => {
    for (const subjects of ['person', 'person, org']) {
      const r = parseScheme(scheme(subjects, 'full'), { registry: REGISTRY });
      expect(r.ok).toBe(false);
      if (!r.ok) {
        expect(r.errors[0]).toMatchObject({ code: 'SCHEME_FIELD_INVALID', at: { line: 8 } });
        expect(r.errors[0]!.message).toMatch(/publish: full names subjects in full, for lists of organizations only/);
      }
    }
    expect(parseScheme(scheme('person', 'true'), { registry: REGISTRY }).ok).toBe(true);
    expect(parseScheme(scheme('person', 'yes'), { registry: REGISTRY }).ok).toBe(false);
  });
});
