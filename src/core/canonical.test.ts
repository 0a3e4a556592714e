import canonicalize from 'canonicalize';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isStandingError } from './errors.js';
import { canonicalJson, validateRecord } from './record.js';

// canonicalJson takes a short cut for flat objects whose members come sorted; it must
// write exactly what the general RFC 8785 walk (the `canonicalize` library) writes.
describe('canonicalJson', () => {
  const flat = fc.dictionary(
    fc.oneof(fc.string(), fc.constantFrom('a', 'b', 'B', '10', '9', '0', 'é', '😀', '\u{10FFFF}', '')),
    fc.oneof(
      fc.string(),
      fc.double(),
      fc.integer(),
      fc.boolean(),
      fc.constant(null),
      fc.constant(-0),
      fc.constantFrom('\ud800', '\u2028', '\u0000'),
    ),
  );

  /** The library's text, or the error a lone surrogate earns. */
  const reference = (v: unknown): string => {
    try {
      return canonicalize(v)!;
    } catch {
      return 'RECORD_FIELD_INVALID';
    }
  };
  const ours = (v: unknown): string => {
    try {
      return canonicalJson(v);
    } catch (e) {
      return isStandingError(e) ? e.code : String(e);
    }
  };

  it('agrees with the RFC 8785 library on flat objects, sorted or not, and refuses lone surrogates with a code', () => {
    fc.assert(
      fc.property(flat, fc.boolean(), (o, sort) => {
        const value = sort ? Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) : o;
        expect(ours(value)).toBe(reference(value));
      }),
      { numRuns: 500 },
    );
    expect(ours({ a: '\ud800' })).toBe('RECORD_FIELD_INVALID');
  });

  it('agrees with it on nested values whose members come sorted at every depth (the short cut)', () => {
    const sortDeep = (v: unknown): unknown =>
      Array.isArray(v)
        ? v.map(sortDeep)
        : typeof v === 'object' && v !== null
          ? Object.fromEntries(
              Object.entries(v)
                .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
                .map(([k, x]) => [k, sortDeep(x)]),
            )
          : v;
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const sorted = sortDeep(v);
        expect(ours(sorted)).toBe(reference(sorted));
      }),
      { numRuns: 500 },
    );
    expect(ours({ records: [{ hash: 'h', key: 'k' }], z: [1, -0, 2.5] })).toBe(
      '{"records":[{"hash":"h","key":"k"}],"z":[1,0,2.5]}',
    );
  });

  it('agrees with it on nested members out of order, names that are array indices, and values it leaves to the library', () => {
    const cases: unknown[] = [
      { b: { z: 1, a: [{ y: 2, x: 'é' }] }, a: 0 },
      { b: 1, '10': 2, '9': 3, a: { '2': 0, '1': [] } },
      { z: { a: 1 }, y: { '0x': 1, '+1': 2, ' ': 3 } },
      [{ b: 1, a: 2 }, { a: 1, b: 2 }, 3],
      { b: undefined, a: 1 },
      { a: { c: 1, b: new Date(0) } },
      { a: [1, { c: Number.NaN, b: 2 }] },
      { b: { '\udc00': 1, a: 1 } },
      JSON.parse('{"b":1,"__proto__":{"y":2,"x":1}}'),
      JSON.parse('{"__proto__":{"y":2,"x":1},"b":1}'),
    ];
    for (const v of cases) expect(ours(v)).toBe(reference(v));
    const frozen = { b: [{ d: 1, c: 2 }], a: 1 };
    const text = JSON.stringify(frozen);
    canonicalJson(frozen);
    expect(JSON.stringify(frozen)).toBe(text);
  });

  it('finds a lone surrogate at any depth, in a value or a name, and writes text that only spells one', () => {
    const cases: unknown[] = [
      { a: [{ b: ['x', 'y\udbff'] }] },
      { a: { '\ud800': 1 } },
      { a: 'a pair 😀 and a lone \udc00 after it' },
      // The six characters \ud800 (JSON writes "\\ud800"): no surrogate at all.
      { a: '\\ud800', b: ['\\udfff'] },
      { b: '\\ud83d\\ude00', a: 1 },
    ];
    for (const v of cases) expect(ours(v)).toBe(reference(v));
    expect(ours({ a: [{ b: 'y\udbff' }] })).toBe('RECORD_FIELD_INVALID');
    expect(ours({ a: '\\ud800' })).toBe('{"a":"\\\\ud800"}');
  });

  it('agrees with it on any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(ours(v)).toBe(reference(v));
      }),
      { numRuns: 300 },
    );
  });
});

describe('validateRecord and lone surrogates', () => {
  const base = { key: 'k1', authority: 'city', subject: 'person:x', kind: 'a.b', occurredAt: '2026-01-01T00:00:00Z' };
  const fieldOf = (raw: Record<string, unknown>): string | undefined => {
    try {
      validateRecord(raw, { authority: 'default', now: Date.parse('2026-06-01T00:00:00Z') });
      return undefined;
    } catch (e) {
      return isStandingError(e) ? `${e.code} ${e.at.field}` : String(e);
    }
  };

  it('refuses one in any string field or in data, naming the field; a pair is fine', () => {
    expect(fieldOf({ ...base, key: 'k\ud800' })).toBe('RECORD_FIELD_INVALID key');
    expect(fieldOf({ ...base, evidence: 'x\udc00y' })).toBe('RECORD_FIELD_INVALID evidence');
    expect(fieldOf({ ...base, data: { n: '\ud800' } })).toBe('RECORD_FIELD_INVALID data');
    expect(fieldOf({ ...base, data: { deep: [{ '\udfff': 1 }] } })).toBe('RECORD_FIELD_INVALID data');
    expect(fieldOf({ ...base, key: 'k😀', data: { '😀': '😀' } })).toBeUndefined();
  });
});
