import fc from 'fast-check';
import { REGISTRY, SPEC_EXAMPLE } from '../test-support/spec-example.js';
import { describe, expect, it } from 'vitest';
import type { ErrorCode, StandingError } from './errors.js';
import { parseScheme, schemeDocJson, type ParseResult } from './scheme-parse.js';

const registry = REGISTRY;
const EXAMPLE = SPEC_EXAMPLE;

const parse = (text: string, defaultAuthority?: string): ParseResult =>
  parseScheme(text, { registry, ...(defaultAuthority !== undefined && { defaultAuthority }) });

function errorsOf(text: string): readonly StandingError[] {
  const r = parse(text);
  if (r.ok) throw new Error('expected the scheme to be rejected');
  return r.errors;
}

// Two header lines, so a body starts on line 3.
const HEAD = 'scheme: s\ncontext: civic\n';
const RULE = (extra: string): string => `${HEAD}rules:\n  - id: r\n    when: record.kind == "civic.b"\n${extra}`;
const LIST = (type: string, sanction: string): string =>
  `${HEAD}lists:\n  - id: l\n    type: ${type}\n    when: subject.score < 0\n    sanctions:\n      - ${sanction}\n`;

describe('parseScheme: valid schemes', () => {
  it('accepts the SPEC §3 example and keeps what it says', () => {
    const r = parse(EXAMPLE);
    if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
    expect(r.doc).toMatchObject({
      scheme: 'city-citizen',
      version: 3,
      authority: 'city',
      subjects: ['person'],
      sources: ['city', 'court'],
      score: { base: 1000, min: 0, max: 1300 },
    });
    expect(r.doc.rules.map((x) => x.points)).toEqual([
      -5,
      '-10 * record.data.severity',
      -100,
      -1,
      '2 * record.data.hours',
    ]);
    expect(r.doc.rules[3]?.cap).toEqual({ points: -30, per: 'P30D' });
    expect(r.doc.lists[1]?.sanctions[0]?.limit).toEqual({ kbps: 512 });
    expect(r.doc.lists[3]).toEqual({
      id: 'honour-roll',
      type: 'redlist',
      when: 'subject.grade == "AAA"',
      appeal: 'P10D',
      publish: false,
      sanctions: [{ action: 'rental.deposit', effect: 'waive' }],
    });
    expect(r.compiled.version).toBe(3);
    expect(r.compiled.rules).toHaveLength(5);
    expect(r.compiled.needsRecords).toBe(true);
  });

  it('fills every default and leaves absent optional fields out', () => {
    const r = parse(HEAD);
    if (!r.ok) throw new Error(r.errors[0]?.message);
    expect(r.doc).toEqual({
      scheme: 's',
      public: true,
      authority: 'default',
      subjects: ['person', 'org'],
      context: 'civic',
      sources: ['default'],
      consent: 'none',
      score: { base: 0 },
      grades: [],
      rules: [],
      lists: [],
    });
    expect(r.compiled.version).toBe(0);
    const own = parse(HEAD, 'city');
    expect(own.ok && own.doc.authority === 'city' && own.doc.sources).toEqual(['city']);
  });

  it('treats a key with no value as absent', () => {
    const r = parse(`${HEAD}title:\nlists:\n  - { id: w, type: watchlist, when: subject.score < 0, sanctions: }\n`);
    expect(r.ok && r.doc.lists[0]?.sanctions).toEqual([]);
    expect(r.ok && 'title' in r.doc).toBe(false);
  });

  it('accepts a watchlist with no sanctions and a same-context sanction without justification', () => {
    expect(parse(`${HEAD}lists:\n  - { id: w, type: watchlist, when: subject.score < 0 }\n`).ok).toBe(true);
    expect(parse(LIST('blacklist', '{ action: flight.board, effect: deny }').replace('civic', 'aviation')).ok).toBe(
      true,
    );
  });

  it('keeps a list’s second-instance window and suspension, leaving them out when absent or false', () => {
    const list = (extra: string) => {
      const r = parse(`${HEAD}lists:\n  - id: l\n    type: blacklist\n    when: subject.score < 0\n${extra}`);
      if (!r.ok) throw new Error(r.errors[0]?.message);
      return { def: r.doc.lists[0]!, compiled: r.compiled.lists[0]! };
    };
    const set = list('    secondInstance: P20D\n    secondInstanceSuspends: true\n');
    expect(set.def).toMatchObject({ secondInstance: 'P20D', secondInstanceSuspends: true });
    expect(set.compiled.secondInstance.text).toBe('P20D');
    const plain = list('    secondInstanceSuspends: false\n');
    expect(plain.def).not.toHaveProperty('secondInstance');
    expect(plain.def).not.toHaveProperty('secondInstanceSuspends');
    expect(plain.compiled.secondInstance.text).toBe('P10D');
  });

  it('compares content without the version', () => {
    const a = parse(EXAMPLE);
    const b = parse(EXAMPLE.replace('version: 3', 'version: 4'));
    const c = parse(EXAMPLE.replace('points: -5', 'points: -6'));
    if (!a.ok || !b.ok || !c.ok) throw new Error('example must parse');
    expect(schemeDocJson(a.doc)).toBe(schemeDocJson(b.doc));
    expect(schemeDocJson(a.doc)).not.toBe(schemeDocJson(c.doc));
    expect(schemeDocJson(a.doc)).not.toContain('"version"');
  });
});

describe('parseScheme: every problem has a code, line, field and rule', () => {
  const cases: [string, string, ErrorCode, number, string | undefined, string | undefined][] = [
    ['YAML syntax', `${HEAD}grades: [\n`, 'SCHEME_YAML_INVALID', 4, undefined, undefined],
    ['duplicate YAML key', `${HEAD}context: civic\n`, 'SCHEME_YAML_INVALID', 3, undefined, undefined],
    ['two documents', `${HEAD}---\n${HEAD}`, 'SCHEME_YAML_INVALID', 3, undefined, undefined],
    ['an empty document', '# nothing\n', 'SCHEME_YAML_INVALID', 1, undefined, undefined],
    ['a list at the top', '- a\n', 'SCHEME_YAML_INVALID', 1, undefined, undefined],
    ['an alias', `${HEAD}title: &t T\nbasis: *t\n`, 'SCHEME_YAML_INVALID', 4, undefined, undefined],
    ['an unknown top-level field', `${HEAD}colour: red\n`, 'SCHEME_FIELD_UNKNOWN', 3, 'colour', undefined],
    [
      'an unknown rule field',
      RULE('    points: 1\n    weight: 2\n'),
      'SCHEME_FIELD_UNKNOWN',
      7,
      'rules[0].weight',
      'r',
    ],
    ['a missing context', 'scheme: s\n', 'SCHEME_FIELD_MISSING', 1, 'context', undefined],
    ['a rule without points', RULE(''), 'SCHEME_FIELD_MISSING', 4, 'rules[0].points', 'r'],
    [
      'a limit sanction without limit',
      LIST('blacklist', '{ action: internet.bandwidth, effect: limit, justification: j, basis: b }'),
      'SCHEME_FIELD_MISSING',
      8,
      'lists[0].sanctions[0].limit',
      'l',
    ],
    ['a fractional score base', `${HEAD}score: { base: 1.5 }\n`, 'SCHEME_FIELD_INVALID', 3, 'score.base', undefined],
    ['an unsafe integer', RULE('    points: 9007199254740993\n'), 'SCHEME_FIELD_INVALID', 6, 'rules[0].points', 'r'],
    ['a yes for public', `${HEAD}public: yes\n`, 'SCHEME_FIELD_INVALID', 3, 'public', undefined],
    ['version 0', `${HEAD}version: 0\n`, 'SCHEME_FIELD_INVALID', 3, 'version', undefined],
    ['an upper-case authority', `${HEAD}authority: City\n`, 'SCHEME_FIELD_INVALID', 3, 'authority', undefined],
    [
      'an unknown subject type',
      `${HEAD}subjects: [person, robot]\n`,
      'SCHEME_FIELD_INVALID',
      3,
      'subjects[1]',
      undefined,
    ],
    ['empty sources', `${HEAD}sources: []\n`, 'SCHEME_FIELD_INVALID', 3, 'sources', undefined],
    [
      'a base outside min and max',
      `${HEAD}score:\n  base: 5\n  min: 10\n  max: 20\n`,
      'SCHEME_FIELD_INVALID',
      4,
      'score.base',
      undefined,
    ],
    [
      'keep other than latest',
      RULE('    points: 1\n    keep: oldest\n'),
      'SCHEME_FIELD_INVALID',
      7,
      'rules[0].keep',
      'r',
    ],
    [
      'a zero cap',
      RULE('    points: 1\n    cap: { points: 0 }\n'),
      'SCHEME_FIELD_INVALID',
      7,
      'rules[0].cap.points',
      'r',
    ],
    [
      'a short appeal window',
      `${HEAD}lists:\n  - id: w\n    type: watchlist\n    when: subject.score < 0\n    appeal: P9D\n`,
      'SCHEME_FIELD_INVALID',
      7,
      'lists[0].appeal',
      'w',
    ],
    [
      'a limit on a deny',
      LIST('blacklist', '{ action: flight.board, effect: deny, limit: { n: 1 }, justification: j, basis: b }'),
      'SCHEME_FIELD_INVALID',
      8,
      'lists[0].sanctions[0].limit',
      'l',
    ],
    [
      'a negative limit',
      LIST(
        'blacklist',
        '{ action: internet.bandwidth, effect: limit, limit: { kbps: -1 }, justification: j, basis: b }',
      ),
      'SCHEME_FIELD_INVALID',
      8,
      'lists[0].sanctions[0].limit',
      'l',
    ],
    [
      'a duplicate rule id',
      `${HEAD}rules:\n  - { id: r, when: 'record.kind == "civic.x"', points: 1 }\n  - { id: r, when: 'record.kind == "civic.x"', points: 2 }\n`,
      'SCHEME_DUPLICATE_ID',
      5,
      'rules[1].id',
      'r',
    ],
    [
      'a duplicate grade id',
      `${HEAD}grades:\n  - { id: A }\n  - { id: A }\n`,
      'SCHEME_DUPLICATE_ID',
      5,
      'grades[1].id',
      'A',
    ],
    ['a bad lapse', RULE('    points: 1\n    lapse: P1X\n'), 'DURATION_INVALID', 7, 'rules[0].lapse', 'r'],
    ['a zero lapse', RULE('    points: 1\n    lapse: P0D\n'), 'DURATION_INVALID', 7, 'rules[0].lapse', 'r'],
    [
      'a rule reading an unknown variable',
      RULE('    points: weight * 2\n'),
      'SCHEME_EXPRESSION_INVALID',
      6,
      'rules[0].points',
      'r',
    ],
    [
      'a grade reading record',
      `${HEAD}grades:\n  - id: A\n    when: record.kind == "x"\n`,
      'SCHEME_EXPRESSION_INVALID',
      5,
      'grades[0].when',
      'A',
    ],
    [
      'an unknown action',
      LIST('blacklist', '{ action: teleport.use, effect: deny }'),
      'SCHEME_ACTION_UNKNOWN',
      8,
      'lists[0].sanctions[0].action',
      'l',
    ],
    [
      'a waive on a blacklist',
      LIST('blacklist', '{ action: rental.deposit, effect: waive, justification: j, basis: b }'),
      'SCHEME_EFFECT_MISMATCH',
      8,
      'lists[0].sanctions[0].effect',
      'l',
    ],
    [
      'an effect its action does not take',
      LIST('blacklist', '{ action: flight.board, effect: limit, limit: { n: 1 }, justification: j, basis: b }'),
      'SCHEME_EFFECT_MISMATCH',
      8,
      'lists[0].sanctions[0].effect',
      'l',
    ],
    [
      'a watchlist with a sanction',
      LIST('watchlist', '{ action: civic.x, effect: deny }')
        .replace('civic.x', 'flight.board')
        .replace('civic\n', 'aviation\n'),
      'SCHEME_EFFECT_MISMATCH',
      8,
      'lists[0].sanctions',
      'l',
    ],
    [
      'a cross-context sanction without justification',
      LIST('blacklist', '{ action: flight.board, effect: deny, basis: Law 1 }'),
      'SCHEME_SANCTION_UNJUSTIFIED',
      8,
      'lists[0].sanctions[0]',
      'l',
    ],
    // Second instance (SPEC §6): an ISO duration of at least P1D, a boolean, and never on a redlist.
    ...(
      [
        ['blacklist', '    secondInstance: P10\n', 'DURATION_INVALID', 'lists[0].secondInstance'],
        ['blacklist', '    secondInstance: PT1H\n', 'SCHEME_FIELD_INVALID', 'lists[0].secondInstance'],
        ['blacklist', '    secondInstanceSuspends: yes\n', 'SCHEME_FIELD_INVALID', 'lists[0].secondInstanceSuspends'],
        ['redlist', '    secondInstance: P10D\n', 'SCHEME_FIELD_INVALID', 'lists[0].secondInstance'],
      ] as const
    ).map(([type, extra, code, field]): [string, string, ErrorCode, number, string, string] => [
      `a ${type} with ${extra.trim()}`,
      `${HEAD}lists:\n  - id: l\n    type: ${type}\n    when: subject.score < 0\n${extra}`,
      code,
      7,
      field,
      'l',
    ]),
  ];
  it.each(cases)('%s', (_, text, code, line, field, rule) => {
    const errors = errorsOf(text);
    expect(errors.map((e) => e.code)).toEqual([code]);
    expect(errors[0]?.at).toMatchObject({
      line,
      ...(field !== undefined && { field }),
      ...(rule !== undefined && { rule }),
    });
    if (rule === undefined) expect(errors[0]?.at.rule).toBeUndefined();
    if (!code.startsWith('SCHEME_YAML')) expect(errors[0]?.at.scheme).toBe('s');
  });

  it('names the rule and the field in the message', () => {
    const [e] = errorsOf(`${HEAD}rules:\n  - id: theft\n    when: record.kind == "civic.c"\n    points: 1.5\n`);
    expect(e?.message).toBe('rule "theft": points: expected an integer or a CEL expression string, got the number 1.5');
  });

  it('points a CEL error at its line inside a literal block', () => {
    const [e] = errorsOf(RULE('    points: |\n      1 +\n        2 +\n        nope\n'));
    expect(e?.code).toBe('SCHEME_EXPRESSION_INVALID');
    expect(e?.at).toMatchObject({ line: 9, column: 9, field: 'rules[0].points', rule: 'r' });
  });

  it('collects every problem in document order', () => {
    const errors = errorsOf(
      `scheme: s\ncolour: red\nrules:\n  - { id: a, when: "true", points: x }\n  - { id: a, when: "true" }\nlists:\n  - { id: l, type: greylist, when: "true" }\n`,
    );
    expect(errors.map((e) => [e.code, e.at.line])).toEqual([
      ['SCHEME_FIELD_MISSING', 1],
      ['SCHEME_FIELD_UNKNOWN', 2],
      ['SCHEME_EXPRESSION_INVALID', 4],
      ['SCHEME_DUPLICATE_ID', 5],
      ['SCHEME_FIELD_MISSING', 5],
      ['SCHEME_FIELD_INVALID', 7],
    ]);
  });

  it('needs both justification and basis for a cross-context penalty, but neither for a privilege', () => {
    const [e] = errorsOf(LIST('blacklist', '{ action: flight.board, effect: deny }'));
    expect(e?.message).toMatch(/domain aviation.*context civic.*needs justification and basis/);
    expect(parse(LIST('redlist', '{ action: rental.deposit, effect: waive }')).ok).toBe(true);
  });

  it('bounds hostile input', () => {
    expect(errorsOf(`${HEAD}title: "${'x'.repeat(300 * 1024)}"\n`)[0]?.code).toBe('SCHEME_YAML_INVALID');
    expect(errorsOf(`${HEAD}${'['.repeat(100_000)}`)[0]?.code).toBe('SCHEME_YAML_INVALID');
    const many = Array.from({ length: 501 }, (_, i) => `  - { id: r${i}, when: "true", points: 1 }`).join('\n');
    expect(errorsOf(`${HEAD}rules:\n${many}\n`).map((e) => [e.code, e.at.field])).toEqual([
      ['SCHEME_FIELD_INVALID', 'rules'],
    ]);
    expect(errorsOf(RULE(`    points: ${'('.repeat(5000)}1${')'.repeat(5000)}\n`))[0]?.code).toBe(
      'SCHEME_EXPRESSION_INVALID',
    );
  });

  it('never throws, and every error it returns has a line (property)', () => {
    const lines = EXAMPLE.split('\n');
    const mutated = fc
      .tuple(fc.nat(lines.length - 1), fc.string({ maxLength: 30 }))
      .map(([i, s]) => lines.map((l, j) => (j === i ? s : l)).join('\n'));
    fc.assert(
      fc.property(fc.oneof(fc.string(), mutated), (text) => {
        const r = parse(text);
        return r.ok || r.errors.every((e) => Number.isInteger(e.at.line) && e.message.length > 0);
      }),
      { numRuns: 300 },
    );
  });
});
