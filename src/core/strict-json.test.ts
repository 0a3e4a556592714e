import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from './record.js';
import { StrictJsonError, checkStrictJson, decodeUtf8Strict, parseStrictJson } from './strict-json.js';

/** Every number in v is a safe integer or not an integer at all (JSON texts of such values are strict). */
const exactNumbers = (v: unknown): boolean =>
  typeof v === 'number'
    ? Number.isSafeInteger(v) || !Number.isInteger(v)
    : typeof v === 'object' && v !== null && Object.values(v).every(exactNumbers);

const problem = (text: string): { problem: string; path: string } | undefined => {
  try {
    checkStrictJson(text);
    return undefined;
  } catch (e) {
    if (!(e instanceof StrictJsonError)) throw e;
    return { problem: e.problem, path: e.path };
  }
};

describe('strict JSON', () => {
  it('refuses duplicate member names at any depth, naming the path, even when spelled with escapes', () => {
    expect(problem('{"a":1,"a":2}')).toEqual({ problem: 'duplicate-key', path: 'a' });
    expect(problem('{"records":[{"data":{"x":1,"y":2,"x":3}}]}')).toEqual({
      problem: 'duplicate-key',
      path: 'records.0.data.x',
    });
    expect(problem('{"a":1,"\\u0061":2}')).toEqual({ problem: 'duplicate-key', path: 'a' });
    // The same name in sibling objects is not a duplicate.
    expect(problem('[{"a":1},{"a":2}]')).toBeUndefined();
  });

  it('refuses integers beyond ±(2^53 − 1) and numbers that overflow, naming the path; keeps the rest exact', () => {
    expect(problem('{"n":9007199254740991}')).toBeUndefined();
    expect(problem('{"n":-9007199254740991}')).toBeUndefined();
    expect(problem('{"n":9007199254740992}')).toEqual({ problem: 'unsafe-number', path: 'n' });
    expect(problem('{"d":{"n":[1,-9007199254740993]}}')).toEqual({ problem: 'unsafe-number', path: 'd.n.1' });
    expect(problem('{"n":1e400}')).toEqual({ problem: 'unsafe-number', path: 'n' });
    expect(problem('{"n":1e16}')).toEqual({ problem: 'unsafe-number', path: 'n' });
    expect(problem('{"n":1.5}')).toBeUndefined();
    expect(problem('{"n":1e-400}')).toBeUndefined();
  });

  it('keeps __proto__ and constructor as own data members, without touching any prototype', () => {
    const v = parseStrictJson('{"__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}}}') as Record<
      string,
      unknown
    >;
    expect(Object.keys(v)).toEqual(['__proto__', 'constructor']);
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(canonicalJson(v)).toBe('{"__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}}}');
    expect(problem('{"__proto__":1,"__proto__":2}')).toEqual({ problem: 'duplicate-key', path: '__proto__' });
  });

  it('refuses invalid UTF-8 instead of replacing it', () => {
    expect(decodeUtf8Strict(Buffer.from('{"a":"é"}'))).toBe('{"a":"é"}');
    expect(decodeUtf8Strict(Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]))).toBeUndefined();
    expect(decodeUtf8Strict(Buffer.from([0xc0, 0xaf]))).toBeUndefined(); // overlong "/"
    expect(decodeUtf8Strict(Buffer.from([0xed, 0xa0, 0x80]))).toBeUndefined(); // a surrogate
  });

  it('agrees with JSON.parse on any JSON value without duplicates or unsafe integers', () => {
    fc.assert(
      fc.property(fc.jsonValue().filter(exactNumbers), fc.boolean(), (v, pretty) => {
        const text = JSON.stringify(v, null, pretty ? 2 : undefined);
        expect(parseStrictJson(text)).toEqual(JSON.parse(text));
      }),
      { numRuns: 500 },
    );
  });

  it('refuses whatever JSON.parse refuses, and otherwise returns JSON.parse’s value or names a duplicate or unsafe number', () => {
    const alphabet = fc.constantFrom(...'{}[]:,"\\ \n-+.0123456789eEtrufalsn_a\u00e9'.split(''));
    const mutated = fc.oneof(
      fc.string({ unit: alphabet, maxLength: 40 }),
      fc.tuple(fc.jsonValue(), fc.nat(), fc.string({ unit: alphabet, maxLength: 3 })).map(([v, at, ins]) => {
        const t = JSON.stringify(v);
        const p = at % (t.length + 1);
        return t.slice(0, p) + ins + t.slice(p);
      }),
    );
    fc.assert(
      fc.property(mutated, (text) => {
        let expected: unknown;
        let native = true;
        try {
          expected = JSON.parse(text);
        } catch {
          native = false;
        }
        const p = problem(text);
        // A text JSON.parse refuses is refused (by the first problem met: a duplicate or big number may come first).
        if (!native) expect(p).toBeDefined();
        else if (p === undefined) expect(parseStrictJson(text)).toEqual(expected);
        else expect(['duplicate-key', 'unsafe-number']).toContain(p.problem);
      }),
      { numRuns: 3000 },
    );
  });
});

describe('strict JSON without the scan', () => {
  /** What parseStrictJson makes of a text: its value, or the problem it names. */
  const parsed = (text: string): unknown => {
    try {
      return { value: parseStrictJson(text) };
    } catch (e) {
      if (!(e instanceof StrictJsonError)) throw e;
      return { problem: e.problem, path: e.path };
    }
  };
  /** What the scan alone says, and JSON.parse's value when it finds nothing. */
  const scanned = (text: string): unknown => {
    const p = problem(text);
    return p === undefined ? { value: JSON.parse(text) as unknown } : p;
  };

  it('finds a repeated member name however the colons in names and values fall', () => {
    expect(parsed('{"a:b":1,"a:b":2}')).toEqual({ problem: 'duplicate-key', path: 'a:b' });
    expect(parsed('{"a":"x:y","b":{"c":1},"a":"z"}')).toEqual({ problem: 'duplicate-key', path: 'a' });
    expect(parsed('{"t":"::","u":[{"v":{}}], "t":1}')).toEqual({ problem: 'duplicate-key', path: 't' });
    expect(parsed('{"n":1e400}')).toEqual({ problem: 'unsafe-number', path: 'n' });
    expect(parsed('{ "a" : "b:c" ,\n "d" : [ 1 , 2.5 ] }')).toEqual({ value: { a: 'b:c', d: [1, 2.5] } });
  });

  it('agrees with the scan on texts with repeated names, colons and numbers, compact or spaced, with escapes or without', () => {
    const name = fc.constantFrom('a', 'b', 'a:', ':', 'a:b', '', '\u0061', '__proto__');
    const leaf = fc.oneof(
      fc.constantFrom(
        '"x"',
        '":"',
        '"a:b:c"',
        '"\\u003a"',
        '1',
        '-0',
        '1.5',
        '1e400',
        '9007199254740993',
        'true',
        'null',
      ),
    );
    const text: fc.Arbitrary<string> = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        leaf,
        tie('object') as fc.Arbitrary<string>,
        tie('array') as fc.Arbitrary<string>,
      ),
      object: fc
        .array(fc.tuple(name, tie('value') as fc.Arbitrary<string>, fc.constantFrom('', ' ', '\n')), { maxLength: 5 })
        .map((ms) => `{${ms.map(([k, v, ws]) => `"${k}"${ws}:${ws}${v}`).join(',')}}`),
      array: fc.array(tie('value') as fc.Arbitrary<string>, { maxLength: 4 }).map((vs) => `[${vs.join(',')}]`),
    })).value;
    fc.assert(
      fc.property(text, (t) => {
        expect(parsed(t)).toEqual(scanned(t));
      }),
      { numRuns: 3000 },
    );
  });
});

describe('strict JSON, collecting unsafe numbers', () => {
  it('reports each unsafe number with its path and still parses the rest', () => {
    const seen: (string | number)[][] = [];
    const v = parseStrictJson('{"records":[{"data":{"n":1}},{"data":{"n":12345678901234567890}}]}', {
      onUnsafeNumber: (p) => seen.push([...p.parts]),
    });
    expect(seen).toEqual([['records', 1, 'data', 'n']]);
    expect((v as { records: unknown[] }).records).toHaveLength(2);
  });
});

describe('__proto__ in data, as the scheme language sees it', () => {
  it('stays an own member: no object gains members through it', async () => {
    const { toCelValue } = await import('./cel-values.js');
    const v = toCelValue(parseStrictJson('{"__proto__":{"severity":5}}')) as Record<string, unknown>;
    expect(Object.getPrototypeOf(v)).toBe(Object.prototype);
    expect(v.severity).toBeUndefined();
    expect(Object.keys(v)).toEqual(['__proto__']);
  });
});
