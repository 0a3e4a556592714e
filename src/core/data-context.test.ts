import { describe, expect, it } from 'vitest';
import { REGISTRY, SPEC_EXAMPLE } from '../test-support/spec-example.js';
import { registryOf } from './actions.js';
import { compileExpression } from './cel.js';
import { dataUseOf, kindDomain, SHIPPED_KINDS } from './kinds.js';
import { dataContextReport, formatDataContextReport } from './proportionality.js';
import { parseScheme, type ParseResult } from './scheme-parse.js';

const rule = (src: string) => compileExpression(src, 'rule', { field: 'when' }).recordKindsRead;
const cond = (src: string) => compileExpression(src, 'subject', { field: 'when' }).recordKindsRead;
const sorted = (s: ReadonlySet<string> | null) => (s === null ? null : [...s].sort());

const EMPLOYMENT_REGISTRY = registryOf([
  ...REGISTRY.values(),
  { name: 'employment.shift_lead', domain: 'employment', effect: 'deny' },
]);

function parse(text: string): ParseResult {
  return parseScheme(text, { registry: EMPLOYMENT_REGISTRY });
}
function codes(text: string): string[] {
  const r = parse(text);
  return r.ok ? [] : r.errors.map((e) => e.code);
}

const CIVIC = (rules: string, lists = ''): string =>
  `scheme: s\nauthority: city\ncontext: civic\nsubjects: [person]\nrules:\n${rules}${lists ? `lists:\n${lists}` : ''}`;

describe('record kinds have domains (SPEC §5)', () => {
  it('maps the demo kinds through the shipped registry and any other kind by its first segment', () => {
    expect(kindDomain('traffic.jaywalking')).toBe('civic');
    expect(kindDomain('civic.volunteering')).toBe('civic');
    expect(kindDomain('court.conviction')).toBe('justice');
    expect(kindDomain('retail.purchase')).toBe('commerce');
    expect(kindDomain('tax.late_filing')).toBe('tax');
    expect(kindDomain('health.visit')).toBe('health');
    expect(kindDomain('single')).toBe('single');
  });

  it('prefers an exact entry, then the longest prefix', () => {
    const kinds = [
      { kind: 'retail.*', domain: 'commerce' },
      { kind: 'retail.pharmacy.*', domain: 'health' },
      { kind: 'retail.pharmacy.cosmetics', domain: 'commerce' },
    ];
    expect(kindDomain('retail.pharmacy.prescription', kinds)).toBe('health');
    expect(kindDomain('retail.pharmacy.cosmetics', kinds)).toBe('commerce');
    expect(kindDomain('retail.purchase', kinds)).toBe('commerce');
  });

  it('a set of kinds is cross-context when one domain differs; any kind always is', () => {
    expect(dataUseOf(new Set(['traffic.x', 'civic.y']), 'civic', SHIPPED_KINDS)).toMatchObject({
      domains: ['civic'],
      crossContext: false,
    });
    expect(dataUseOf(new Set(['traffic.x', 'court.y']), 'civic', SHIPPED_KINDS)).toMatchObject({
      domains: ['civic', 'justice'],
      foreign: ['justice'],
      crossContext: true,
    });
    expect(dataUseOf(null, 'civic', SHIPPED_KINDS)).toMatchObject({ kinds: 'any', crossContext: true });
  });
});

describe('which kinds an expression reads (static analysis)', () => {
  it('a rule: a direct comparison, an in-list, a conjunction, a disjunction', () => {
    expect(sorted(rule('record.kind == "retail.purchase"'))).toEqual(['retail.purchase']);
    expect(sorted(rule('"retail.purchase" == record.kind && record.data.n > 1'))).toEqual(['retail.purchase']);
    expect(sorted(rule('record.kind in ["court.x", "traffic.y"]'))).toEqual(['court.x', 'traffic.y']);
    expect(sorted(rule('record.kind == "a.b" || record.kind == "c.d"'))).toEqual(['a.b', 'c.d']);
  });

  it('a rule not restricted to named kinds reads any kind', () => {
    expect(rule('true')).toBeNull();
    expect(rule('record.data.category == "video_games"')).toBeNull();
    expect(rule('record.kind == "a.b" || record.data.n > 1')).toBeNull();
    expect(rule('record.kind.startsWith("retail.")')).toBeNull();
    expect(rule('record.kind != "traffic.x"')).toBeNull();
  });

  it('a condition: comprehensions over subject.records restricted to kinds', () => {
    expect(sorted(cond('subject.score < 0'))).toEqual([]);
    expect(sorted(cond('subject.grade == "D"'))).toEqual([]);
    expect(sorted(cond('subject.records.exists(r, r.kind == "court.judgment_unfulfilled")'))).toEqual([
      'court.judgment_unfulfilled',
    ]);
    expect(
      sorted(
        cond(
          'subject.records.exists(j, j.kind == "court.a" && !subject.records.exists(f, f.kind == "court.b" && f.data.c == j.data.c))',
        ),
      ),
    ).toEqual(['court.a', 'court.b']);
    expect(sorted(cond('subject.records.filter(r, r.kind in ["retail.purchase"]).size() > 2'))).toEqual([
      'retail.purchase',
    ]);
    expect(sorted(cond('subject.records.exists_one(r, r.kind == "tax.x")'))).toEqual(['tax.x']);
  });

  it('a condition that counts, indexes, maps or reads all records, or subject whole, reads any kind', () => {
    expect(cond('size(subject.records) < 2')).toBeNull();
    expect(cond('subject.records.size() < 2')).toBeNull();
    expect(cond('subject.records.all(r, r.kind == "civic.x")')).toBeNull();
    expect(cond('subject.records.map(r, r.kind).size() > 0')).toBeNull();
    expect(cond('subject.records[0].kind == "civic.x"')).toBeNull();
    expect(cond('subject.records.exists(r, r.data.n > 1)')).toBeNull();
    expect(cond('size(subject) > 0')).toBeNull();
  });
});

describe('cross-context data use at check and publish (SPEC §5)', () => {
  it('refuses a rule reading another domain without dataJustification and basis, naming the rule, kind and domain', () => {
    const text = CIVIC(
      '  - id: video-games\n    when: record.kind == "retail.purchase" && record.data.category == "video_games"\n    points: -1\n',
    );
    const r = parse(text);
    expect(r.ok).toBe(false);
    const [e] = r.ok ? [] : r.errors;
    expect(e?.code).toBe('SCHEME_DATA_UNJUSTIFIED');
    expect(e?.at).toMatchObject({ rule: 'video-games', field: 'rules[0]', line: 6 });
    expect(e?.message).toMatch(/retail\.purchase \(domain commerce\).*context civic.*dataJustification and basis/);
    // One of the two is not enough.
    expect(codes(`${text}    dataJustification: The city discourages gaming\n`)).toEqual(['SCHEME_DATA_UNJUSTIFIED']);
    expect(codes(`${text}    basis: Regulation 7 art. 6\n`)).toEqual(['SCHEME_DATA_UNJUSTIFIED']);
    expect(
      codes(`${text}    dataJustification: The city discourages gaming\n    basis: Regulation 7 art. 6\n`),
    ).toEqual([]);
  });

  it('refuses a rule that names no kind (any), and accepts it justified', () => {
    expect(codes(CIVIC('  - { id: all, when: "true", points: 1 }\n'))).toEqual(['SCHEME_DATA_UNJUSTIFIED']);
    expect(codes(CIVIC('  - { id: all, when: "true", points: 1, dataJustification: j, basis: b }\n'))).toEqual([]);
  });

  it('accepts an in-context rule without a justification', () => {
    expect(codes(CIVIC('  - { id: j, when: record.kind == "traffic.jaywalking", points: -5 }\n'))).toEqual([]);
  });

  it('refuses a list or grade condition reading another domain, and accepts it justified on the list or grade', () => {
    const rules = '  - { id: j, when: record.kind == "traffic.jaywalking", points: -5 }\n';
    const list = (extra: string) =>
      `  - id: w\n    type: watchlist\n    when: subject.records.exists(r, r.kind == "court.judgment_unfulfilled")\n${extra}`;
    expect(codes(CIVIC(rules, list('')))).toEqual(['SCHEME_DATA_UNJUSTIFIED']);
    expect(codes(CIVIC(rules, list('    dataJustification: Debts bear on it\n    basis: Reg. 7\n')))).toEqual([]);
    // A list whose every sanction names its basis reads beside them: its dataJustification is enough.
    const banned = (sanction: string) =>
      CIVIC(
        rules,
        `  - id: ban\n    type: blacklist\n    when: subject.records.exists(r, r.kind == "court.x")\n    dataJustification: Debts\n    sanctions:\n      - ${sanction}\n`,
      );
    expect(
      codes(banned('{ action: flight.board, effect: deny, justification: j, basis: Court rules art. 3 }')),
    ).toEqual([]);
    expect(codes(banned('{ action: education.enroll, effect: deny, justification: j }'))).toContain(
      'SCHEME_DATA_UNJUSTIFIED',
    );
    const grade = (extra: string) =>
      `scheme: s\ncontext: tax\ngrades:\n  - { id: M, when: "size(subject.records) < 2"${extra} }\n  - { id: A }\n`;
    expect(codes(grade(''))).toEqual(['SCHEME_DATA_UNJUSTIFIED']);
    expect(codes(grade(', dataJustification: Too little history, basis: Reg. 12'))).toEqual([]);
  });

  it('a stored version is not checked again (it was published before the rule existed)', () => {
    const text = CIVIC('  - { id: all, when: "true", points: 1 }\n');
    expect(parseScheme(text, { registry: REGISTRY, stored: true }).ok).toBe(true);
  });

  it('the operator can map a kind into the context (the kind registry decides)', () => {
    const text = CIVIC('  - { id: g, when: record.kind == "retail.purchase", points: -1 }\n');
    expect(parseScheme(text, { registry: REGISTRY, kinds: [{ kind: 'retail.purchase', domain: 'civic' }] }).ok).toBe(
      true,
    );
  });
});

describe('employer schemes (SPEC §5)', () => {
  const EMPLOYER = (extra: string, consent = 'required') =>
    `scheme: staff\nauthority: acme\ncontext: employment\nconsent: ${consent}\nsubjects: [person]\nrules:\n  - { id: late, when: record.kind == "employment.late_arrival", points: -5 }\n${extra}`;

  it('accepts a consent-based employment scheme reading employment records', () => {
    expect(codes(EMPLOYER(''))).toEqual([]);
  });

  it('requires consent', () => {
    const r = parse(EMPLOYER('', 'none'));
    expect(r.ok ? [] : r.errors.map((e) => [e.code, e.at.field])).toEqual([['SCHEME_FIELD_INVALID', 'consent']]);
  });

  it('forbids any sanction outside employment, even justified, redlists included', () => {
    const list = (type: string, sanction: string) =>
      EMPLOYER(
        `lists:\n  - id: l\n    type: ${type}\n    when: subject.score < 50\n    sanctions:\n      - ${sanction}\n`,
      );
    const r = parse(list('blacklist', '{ action: flight.board, effect: deny, justification: j, basis: b }'));
    expect(r.ok ? [] : r.errors.map((e) => [e.code, e.at.rule, e.at.field])).toEqual([
      ['EMPLOYMENT_SANCTION_FORBIDDEN', 'l', 'lists[0].sanctions[0].action'],
    ]);
    expect(codes(list('redlist', '{ action: rental.deposit, effect: waive }'))).toEqual([
      'EMPLOYMENT_SANCTION_FORBIDDEN',
    ]);
    expect(codes(list('blacklist', '{ action: employment.shift_lead, effect: deny }'))).toEqual([]);
  });

  it('flags a rule on shopping habits as cross-context data use', () => {
    const r = parse(
      EMPLOYER('  - { id: shopping, when: \'record.kind == "retail.purchase"\', points: -2 }\n'.replace(/^/, '')),
    );
    expect(r.ok ? [] : r.errors.map((e) => [e.code, e.at.rule])).toEqual([['SCHEME_DATA_UNJUSTIFIED', 'shopping']]);
  });
});

describe('the data-context report', () => {
  it('shows which domains feed the SPEC example and each cross-context use with its justification', () => {
    const r = parseScheme(SPEC_EXAMPLE, { registry: REGISTRY });
    if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
    const report = dataContextReport(r.compiled);
    expect(report.schemeContext).toBe('civic');
    expect(report.domains).toEqual(['civic', 'commerce', 'justice']);
    expect(report.uses.map((u) => [u.on, u.id, u.crossContext])).toEqual([
      ['rule', 'jaywalking', false],
      ['rule', 'bad-driving', false],
      ['rule', 'theft', true],
      ['rule', 'video-games', true],
      ['rule', 'volunteering', false],
      ['list', 'air-travel-ban', true],
    ]);
    expect(report.uses.find((u) => u.id === 'video-games')).toMatchObject({
      kinds: ['retail.purchase'],
      foreign: ['commerce'],
      dataJustification: 'The city discourages excessive gaming purchases',
      basis: 'Municipal Regulation 7 (2026) art. 6',
    });
    // SPEC §3's list gives its dataJustification beside its sanctions, whose basis it reads on.
    expect(report.uses.find((u) => u.id === 'air-travel-ban')).toMatchObject({
      kinds: ['court.judgment_unfulfilled'],
      dataJustification: 'Unpaid court judgments restrict travel',
      basis: 'Court enforcement rules art. 3',
    });
    const text = formatDataContextReport(report);
    expect(text).toMatch(/^Domains feeding the scheme \(context civic\): civic, commerce, justice/);
    expect(text).toMatch(/rule video-games\s+retail\.purchase\s+commerce\s+yes \(commerce vs civic\)\s+yes/);
  });

  it('reports "any" for a justified condition that reads records of any kind', () => {
    const r = parseScheme(
      'scheme: t\ncontext: tax\ngrades:\n  - { id: M, when: "size(subject.records) < 2", dataJustification: j, basis: b }\n',
      { registry: REGISTRY },
    );
    if (!r.ok) throw new Error('unreachable');
    expect(dataContextReport(r.compiled)).toEqual({
      schemeContext: 'tax',
      domains: ['any'],
      uses: [
        {
          on: 'grade',
          id: 'M',
          kinds: 'any',
          domains: ['any'],
          foreign: ['any'],
          crossContext: true,
          dataJustification: 'j',
          basis: 'b',
        },
      ],
    });
  });
});
