import { describe, expect, it } from 'vitest';
import { evaluate, type ConsentEvent, type Evaluation } from './evaluate.js';
import { parseInstant } from './instant.js';
import { canonicalJson, type RecordInput } from './record.js';
import { compileScheme } from './scheme-compile.js';
import type { GradeDef, ListDef, RuleDef, SchemeDoc } from './scheme-types.js';

// SPEC §3 items 1–11, one edge at a time. Schemes are built as documents, not YAML.

const S = 'person:alice';

function doc(over: Partial<SchemeDoc> = {}): SchemeDoc {
  return {
    scheme: 'test',
    public: true,
    authority: 'city',
    subjects: ['person'],
    context: 'civic',
    sources: ['city'],
    consent: 'none',
    score: { base: 100 },
    grades: [],
    rules: [],
    lists: [],
    ...over,
  };
}

function watch(id: string, when: string): ListDef {
  return { id, type: 'watchlist', when, appeal: 'P10D', publish: false, sanctions: [] };
}

function ms(at: string | number): number {
  return typeof at === 'number' ? at : parseInstant(at);
}

let seq = 0;
function rec(
  kind: string,
  occurredAt: string | number,
  data: Record<string, unknown> = {},
  over: Partial<RecordInput> = {},
): RecordInput {
  seq += 1;
  return {
    key: `r${String(seq).padStart(4, '0')}`,
    authority: 'city',
    subject: S,
    kind,
    occurredAt: ms(occurredAt),
    data: canonicalJson(data),
    evidence: null,
    ...over,
  };
}

function run(
  over: Partial<SchemeDoc>,
  records: readonly RecordInput[],
  at: string | number,
  opts: { consents?: readonly ConsentEvent[]; subject?: string } = {},
): Evaluation {
  return evaluate(
    compileScheme(doc(over), 1),
    { subject: opts.subject ?? S, records, consents: opts.consents ?? [] },
    ms(at),
  );
}

function rule(id: string, when: string, points: RuleDef['points'], more: Partial<RuleDef> = {}): RuleDef {
  return { id, when, points, ...more };
}

const kindRule = (kind: string, points: RuleDef['points'], more: Partial<RuleDef> = {}): RuleDef =>
  rule(kind, `record.kind == "${kind}"`, points, more);

describe('1. candidates', () => {
  const rules = [kindRule('x', -5)];

  it('judges only the subject types the scheme names', () => {
    const org = 'org:acme';
    const r = rec('x', '2026-01-01T00:00:00Z', {}, { subject: org });
    const personOnly = run({ rules }, [r], '2026-02-01T00:00:00Z', { subject: org });
    expect(personOnly).toMatchObject({
      notJudged: 'subject-type',
      score: null,
      grade: null,
      lists: [],
      contributions: [],
      nextChange: null,
    });

    const both = run({ rules, subjects: ['person', 'org'] }, [r], '2026-02-01T00:00:00Z', { subject: org });
    expect(both).toMatchObject({ notJudged: null, score: 95, candidates: 1 });

    const orgOnly = run({ rules, subjects: ['org'] }, [rec('x', '2026-01-01T00:00:00Z')], '2026-02-01T00:00:00Z');
    expect(orgOnly.notJudged).toBe('subject-type');
    expect(orgOnly.score).toBeNull();
  });

  it('reads only records from authorities in sources', () => {
    const records = [rec('x', '2026-01-01T00:00:00Z'), rec('x', '2026-01-01T00:00:00Z', {}, { authority: 'court' })];
    const own = run({ rules }, records, '2026-02-01T00:00:00Z');
    expect(own).toMatchObject({ candidates: 1, score: 95, live: [`city/${records[0]!.key}`] });
    const both = run({ rules, sources: ['city', 'court'] }, records, '2026-02-01T00:00:00Z');
    expect(both).toMatchObject({ candidates: 2, score: 90 });
    expect(
      run({ rules, sources: ['court'] }, records, '2026-02-01T00:00:00Z').contributions.map((c) => c.authority),
    ).toEqual(['court']);
  });

  it('counts only records about the subject', () => {
    const mine = rec('x', '2026-01-01T00:00:00Z');
    const theirs = rec('x', '2026-01-01T00:00:00Z', {}, { subject: 'person:bob' });
    expect(run({ rules }, [mine, theirs], '2026-02-01T00:00:00Z')).toMatchObject({ candidates: 1, score: 95 });
  });

  it('counts a record that occurred exactly at t, not one a millisecond later', () => {
    const at = ms('2026-03-01T08:00:00Z');
    const now = rec('x', at);
    const later = rec('x', at + 1);
    const e = run({ rules }, [now, later], at);
    expect(e).toMatchObject({ candidates: 1, score: 95, nextChange: at + 1 });
    expect(e.contributions.map((c) => c.key)).toEqual([now.key]);
    expect(run({ rules }, [now, later], at + 1)).toMatchObject({ candidates: 2, score: 90 });
  });

  it('with no records the score is the base', () => {
    expect(run({ rules }, [], '2026-01-01T00:00:00Z')).toMatchObject({
      candidates: 0,
      score: 100,
      contributions: [],
      live: [],
      nextChange: null,
    });
  });
});

describe('2. matching and lapse', () => {
  it('one record may match several rules', () => {
    const r = rec('x', '2026-01-01T00:00:00Z', { n: 2 });
    const e = run({ rules: [kindRule('x', -5), rule('big', 'record.data.n >= 2', -7)] }, [r], '2026-01-02T00:00:00Z');
    expect(e.score).toBe(88);
    expect(e.contributions.map((c) => c.rule)).toEqual(['x', 'big']);
  });

  it('rule expressions see the record fields of §2 and subject id and type', () => {
    const r = rec(
      'traffic.speeding',
      '2026-03-01T08:00:00Z',
      { severity: 3 },
      { authority: 'city', evidence: 'https://e/1' },
    );
    const when =
      'record.kind == "traffic.speeding" && record.authority == "city" && record.subject == subject.id && subject.type == "person"' +
      ' && record.occurredAt == timestamp("2026-03-01T08:00:00Z") && record.evidence == "https://e/1" && record.key.startsWith("r")';
    const e = run({ rules: [rule('all', when, -1)] }, [r], '2026-03-02T00:00:00Z');
    expect(e.errors).toEqual([]);
    expect(e.score).toBe(99);
  });

  // [occurredAt, lapse, last instant it applies, first instant it no longer does]
  it.each([
    ['2024-02-29T10:00:00Z', 'P1Y', '2025-02-28T09:59:59.999Z', '2025-02-28T10:00:00Z'],
    ['2024-02-29T00:00:00Z', 'P1Y2M', '2025-04-28T23:59:59.999Z', '2025-04-29T00:00:00Z'],
    ['2025-01-31T12:00:00Z', 'P1M', '2025-02-28T11:59:59.999Z', '2025-02-28T12:00:00Z'],
    ['2024-01-31T12:00:00Z', 'P1M', '2024-02-29T11:59:59.999Z', '2024-02-29T12:00:00Z'],
    ['2026-03-01T08:00:00Z', 'P2W', '2026-03-15T07:59:59.999Z', '2026-03-15T08:00:00Z'],
    ['2026-03-01T20:00:00Z', 'PT12H', '2026-03-02T07:59:59.999Z', '2026-03-02T08:00:00Z'],
    ['2026-03-01T08:00:00Z', 'P1Y2M10DT2H30M', '2027-05-11T10:29:59.999Z', '2027-05-11T10:30:00Z'],
    ['2026-03-01T08:00:00Z', 'P30D', '2026-03-31T07:59:59.999Z', '2026-03-31T08:00:00Z'],
  ])('a record of %s with lapse %s applies until %s, and at %s no longer', (occurredAt, lapse, lastIn, firstOut) => {
    const r = rec('x', occurredAt);
    const over = { rules: [kindRule('x', -5, { lapse })] };
    const inside = run(over, [r], lastIn);
    expect(inside).toMatchObject({ score: 95, live: [`city/${r.key}`], nextChange: ms(firstOut) });
    const outside = run(over, [r], firstOut);
    expect(outside).toMatchObject({ score: 100, candidates: 1, contributions: [], live: [], nextChange: null });
  });

  it('a rule without lapse applies forever', () => {
    const r = rec('x', '2000-01-01T00:00:00Z');
    expect(run({ rules: [kindRule('x', -5)] }, [r], '2099-01-01T00:00:00Z')).toMatchObject({
      score: 95,
      nextChange: null,
    });
  });

  it('lapse is per rule: a record lapsed under one rule still counts under another', () => {
    const r = rec('x', '2026-01-01T00:00:00Z');
    const rules = [kindRule('x', -5, { lapse: 'P30D' }), rule('long', 'record.kind == "x"', -1, { lapse: 'P1Y' })];
    const e = run({ rules }, [r], '2026-06-01T00:00:00Z');
    expect(e.contributions.map((c) => c.rule)).toEqual(['long']);
    expect(e).toMatchObject({ score: 99, live: [`city/${r.key}`], nextChange: ms('2027-01-01T00:00:00Z') });
  });
});

describe('3. points', () => {
  const pointsOf = (points: string, data: Record<string, unknown>): Evaluation =>
    run(
      { rules: [rule('p', 'record.kind == "x"', points)] },
      [rec('x', '2026-01-01T00:00:00Z', data)],
      '2026-01-02T00:00:00Z',
    );

  it.each([
    [2.5, 3],
    [-2.5, -3],
    [0.49, 0],
    [-0.49, 0],
    [0.5, 1],
    [-0.5, -1],
    [1.5, 2],
    [2.4999, 2],
    [-7.5, -8],
    [-7.51, -8],
    [7.49, 7],
  ])('a double result %d rounds half away from zero to %d', (x, expected) => {
    const e = pointsOf('record.data.x', { x });
    expect(e.contributions).toEqual([expect.objectContaining({ points: expected, capped: expected })]);
    expect(e.score).toBe(100 + expected);
    expect(e.errors).toEqual([]);
  });

  it('rounds the result of arithmetic over doubles in data: 1.5 * 2.5 = 3.75 → 4', () => {
    expect(pointsOf('record.data.x * 2.5', { x: 1.5 }).contributions[0]).toMatchObject({ points: 4 });
    expect(pointsOf('record.data.x * -2.5', { x: 1.0 + 0.5 }).contributions[0]).toMatchObject({ points: -4 });
    expect(pointsOf('double(record.data.n) / 4.0', { n: -10 }).contributions[0]).toMatchObject({ points: -3 });
  });

  it('a whole JSON number in data is a CEL int: -10 * severity 3 = -30', () => {
    const e = pointsOf('-10 * record.data.severity', { severity: 3 });
    expect(e.errors).toEqual([]);
    expect(e.score).toBe(70);
    // 3.0 is the same JSON number as 3: still an int.
    expect(pointsOf('-10 * record.data.severity', { severity: 3.0 }).score).toBe(70);
  });

  it('every whole JSON number in the int64 range is an int, -2^63 included', () => {
    expect(
      pointsOf('record.data.n + 9223372036854775807 + 1', { n: -9223372036854775808 }).contributions[0],
    ).toMatchObject({ points: 0, capped: 0 });
    expect(pointsOf('record.data.n + 9223372036854775807 + 1', { n: -9223372036854775808 }).errors).toEqual([]);
    expect(pointsOf('record.data.n / 1000000000000000000', { n: 2e18 }).score).toBe(102);
  });

  it('a JSON number with a fraction is a double: int * double is a type error, not a crash', () => {
    const r = rec('x', '2026-01-01T00:00:00Z', { x: 1.5 });
    const e = run({ rules: [rule('p', 'record.kind == "x"', '-10 * record.data.x')] }, [r], '2026-01-02T00:00:00Z');
    expect(e.score).toBe(100);
    expect(e.contributions).toEqual([{ key: r.key, authority: 'city', rule: 'p', points: 0, capped: 0 }]);
    expect(e.errors).toEqual([{ rule: 'p', site: 'points', key: r.key, message: expect.any(String) as unknown }]);
    // So is a whole number times a double literal.
    expect(pointsOf('record.data.x * 2.5', { x: 2 }).errors).toHaveLength(1);
  });

  it.each([
    ['missing field', 'record.data.missing * 2', { n: 1 }],
    ['wrong type', 'record.data.s * 2', { s: 'abc' }],
    ['int overflow', '9223372036854775807 + record.data.n', { n: 1 }],
    ['int underflow', '-9223372036854775807 - record.data.n * 2', { n: 1 }],
    ['division by zero', '10 / record.data.n', { n: 0 }],
    ['modulo by zero', '10 % record.data.n', { n: 0 }],
    ['non-finite double', 'record.data.x / 0.0', { x: 1.5 }],
    ['NaN', '0.0 / (record.data.x - 1.5)', { x: 1.5 }],
    ['a string result', 'record.data.s', { s: '12' }],
    ['a bool result', 'record.data.n == 1', { n: 1 }],
    ['a null result', 'record.data.z', { z: null }],
    ['a list result', '[record.data.n]', { n: 1 }],
    ['a map result', 'record.data', { n: 1 }],
    ['points beyond 2^53', 'record.data.n * 9007199254740993', { n: 1 }],
  ])('%s gives 0 points and a rule error', (_what, points, data) => {
    const e = pointsOf(points, data);
    expect(e.score).toBe(100);
    expect(e.contributions).toEqual([expect.objectContaining({ rule: 'p', points: 0, capped: 0 })]);
    expect(e.errors).toEqual([expect.objectContaining({ rule: 'p', site: 'points' })]);
    // The rule still applies (its `when` was true): the record stays live.
    expect(e.live).toHaveLength(1);
  });

  it('an unsigned int result is numeric', () => {
    const e = pointsOf('uint(record.data.n) * 2u', { n: 4 });
    expect(e.errors).toEqual([]);
    expect(e.score).toBe(108);
  });

  it('a failing point expression does not stop other records or rules', () => {
    const bad = rec('x', '2026-01-01T00:00:00Z', {});
    const good = rec('x', '2026-01-02T00:00:00Z', { n: 4 });
    const rules = [rule('p', 'record.kind == "x"', 'record.data.n * 2'), kindRule('x', -1)];
    const e = run({ rules }, [bad, good], '2026-02-01T00:00:00Z');
    expect(e.score).toBe(100 + 8 - 2);
    expect(e.errors).toEqual([expect.objectContaining({ rule: 'p', site: 'points', key: bad.key })]);
  });

  it('a failing `when` counts as false and is reported with the rule, site and key', () => {
    const r = rec('x', '2026-01-01T00:00:00Z', { n: 1 });
    const e = run({ rules: [rule('w', 'record.data.missing == 1', -5)] }, [r], '2026-01-02T00:00:00Z');
    expect(e.score).toBe(100);
    expect(e.contributions).toEqual([]);
    expect(e.errors).toEqual([
      { rule: 'w', site: 'when', key: r.key, message: expect.stringContaining('missing') as unknown },
    ]);
    // It matched no rule, so it is live and never lapses.
    expect(e.live).toEqual([`city/${r.key}`]);
  });

  it('a `when` that is not a bool counts as false and is reported', () => {
    const r = rec('x', '2026-01-01T00:00:00Z', { n: 1 });
    const e = run({ rules: [rule('w', 'record.data.n', -5)] }, [r], '2026-01-02T00:00:00Z');
    expect(e.score).toBe(100);
    expect(e.errors).toEqual([expect.objectContaining({ rule: 'w', site: 'when', key: r.key })]);
  });

  it.each([
    ['false && record.data.missing == 1', false],
    ['record.data.missing == 1 && false', false],
    ['record.data.missing == 1 || true', true],
    ['true || record.data.missing == 1', true],
    ['record.kind == "other" && record.data.missing == 1', false],
    ['record.data.missing == 1 && record.kind == "other"', false],
    ['record.kind == "x" || record.data.missing == 1', true],
    ['record.data.missing == 1 || record.kind == "x"', true],
  ])('%s is %s without an error (&& and || absorb the error)', (when, matches) => {
    const e = run({ rules: [rule('w', when, -5)] }, [rec('x', '2026-01-01T00:00:00Z')], '2026-01-02T00:00:00Z');
    expect(e.errors).toEqual([]);
    expect(e.score).toBe(matches ? 95 : 100);
  });

  it.each([
    ['record.kind == "x" && record.data.missing == 1'],
    ['record.data.missing == 1 || record.kind == "other"'],
    ['record.kind in ["x", "y"] && record.data.missing == 1'],
  ])('%s fails when the other side does not decide', (when) => {
    const e = run({ rules: [rule('w', when, -5)] }, [rec('x', '2026-01-01T00:00:00Z')], '2026-01-02T00:00:00Z');
    expect(e.score).toBe(100);
    expect(e.errors).toEqual([expect.objectContaining({ rule: 'w', site: 'when' })]);
  });
});

describe('4. keep: latest', () => {
  const keep = (points: RuleDef['points'], more: Partial<RuleDef> = {}): Partial<SchemeDoc> => ({
    rules: [rule('k', 'record.kind == "x"', points, { keep: 'latest', ...more })],
  });

  it('only the newest record contributes; older ones stay live', () => {
    const a = rec('x', '2026-01-01T00:00:00Z', { p: -10 });
    const b = rec('x', '2026-03-01T00:00:00Z', { p: -30 });
    const c = rec('x', '2026-02-01T00:00:00Z', { p: -20 });
    const e = run(keep('record.data.p'), [a, b, c], '2026-04-01T00:00:00Z');
    expect(e.score).toBe(70);
    expect(e.contributions).toEqual([{ key: b.key, authority: 'city', rule: 'k', points: -30, capped: -30 }]);
    expect(e.live).toHaveLength(3);
  });

  it('ties in occurredAt go to the larger key', () => {
    const at = '2026-01-01T00:00:00Z';
    const small = rec('x', at, { p: -10 }, { key: 'A-2' });
    const large = rec('x', at, { p: -20 }, { key: 'A-10' });
    // "A-2" > "A-10" as strings.
    expect(run(keep('record.data.p'), [small, large], at).contributions.map((c) => c.key)).toEqual(['A-2']);
    expect(run(keep('record.data.p'), [large, small], at).score).toBe(90);
  });

  it('if the newest record’s points fail, the rule contributes 0 with no fall-back', () => {
    const old = rec('x', '2026-01-01T00:00:00Z', { p: -10 });
    const newest = rec('x', '2026-02-01T00:00:00Z', {});
    const e = run(keep('record.data.p'), [old, newest], '2026-03-01T00:00:00Z');
    expect(e.score).toBe(100);
    expect(e.contributions).toEqual([{ key: newest.key, authority: 'city', rule: 'k', points: 0, capped: 0 }]);
    expect(e.errors).toEqual([expect.objectContaining({ rule: 'k', site: 'points', key: newest.key })]);
  });

  it('chooses among records the rule still applies to', () => {
    const old = rec('x', '2025-01-01T00:00:00Z', { p: -10 });
    const newer = rec('x', '2025-06-01T00:00:00Z', { p: -20 });
    const e = run(keep('record.data.p', { lapse: 'P1Y' }), [old, newer], '2026-03-01T00:00:00Z');
    expect(e.score).toBe(80);
    expect(e.live).toEqual([`city/${newer.key}`]);
    expect(e.nextChange).toBe(ms('2026-06-01T00:00:00Z'));
  });

  it('a record not matched by the rule is not the latest, however new', () => {
    const x = rec('x', '2026-01-01T00:00:00Z', { p: -10 });
    const y = rec('y', '2026-02-01T00:00:00Z', { p: -99 });
    expect(run(keep('record.data.p'), [x, y], '2026-03-01T00:00:00Z').score).toBe(90);
  });
});

describe('5. caps', () => {
  const capped = (cap: RuleDef['cap'], points: RuleDef['points'] = 'record.data.p'): Partial<SchemeDoc> => ({
    rules: [rule('c', 'record.kind == "x"', points, { cap })],
  });
  const day = (n: number): number => ms('2026-01-01T00:00:00Z') + n * 86_400_000;
  const pairs = (e: Evaluation): [number, number][] => e.contributions.map((c) => [c.points, c.capped]);

  it('a positive cap without per bounds the rule’s total for ever', () => {
    const rs = [0, 1, 2, 3].map((d) => rec('x', day(d), { p: 20 }));
    const e = run(capped({ points: 50 }), rs, day(10));
    expect(pairs(e)).toEqual([
      [20, 20],
      [20, 20],
      [20, 10],
      [20, 0],
    ]);
    expect(e.score).toBe(150);
    // Capped-away records still count as applied: they are live.
    expect(e.live).toHaveLength(4);
  });

  it('a negative cap bounds the total from below: -1 × 40 with cap -30 gives -30', () => {
    const rs = Array.from({ length: 40 }, (_, i) => rec('x', day(0) + i * 1000));
    const e = run(capped({ points: -30 }, -1), rs, day(1));
    expect(e.score).toBe(70);
    expect(e.contributions.filter((c) => c.capped === -1)).toHaveLength(30);
    expect(e.contributions.slice(30).every((c) => c.points === -1 && c.capped === 0)).toBe(true);
  });

  it('with per, records exactly W apart are outside each other’s window', () => {
    const rs = [rec('x', day(0), { p: 30 }), rec('x', day(10), { p: 30 }), rec('x', day(30), { p: 30 })];
    const e = run(capped({ points: 50, per: 'P30D' }), rs, day(40));
    // day 30: day 0 + 30D is not > day 30, so only day 10's 20 counts.
    expect(pairs(e)).toEqual([
      [30, 30],
      [30, 20],
      [30, 30],
    ]);
    expect(e.score).toBe(180);
    // One millisecond earlier, day 0 is still inside the window.
    const inside = run(
      capped({ points: 50, per: 'P30D' }),
      [rs[0]!, rs[1]!, rec('x', day(30) - 1, { p: 30 })],
      day(40),
    );
    expect(pairs(inside)).toEqual([
      [30, 30],
      [30, 20],
      [30, 0],
    ]);
  });

  it('a negative cap with per refills as records leave the window', () => {
    const rs = [
      rec('x', day(0), { p: -20 }),
      rec('x', day(5), { p: -20 }),
      rec('x', day(20), { p: -20 }),
      rec('x', day(31), { p: -20 }),
    ];
    const e = run(capped({ points: -30, per: 'P30D' }), rs, day(40));
    // Day 31's window holds day 5 (-10) and day 20 (0), not day 0: s = -10, so max(-20, min(0, -30 + 10)) = -20.
    expect(pairs(e)).toEqual([
      [-20, -20],
      [-20, -10],
      [-20, 0],
      [-20, -20],
    ]);
    expect(e.score).toBe(50);
  });

  it('per in months follows the calendar, and window ends need not follow occurrence order', () => {
    // Jan 30 23:00 + P1M = Feb 28 23:00, but Jan 31 01:00 + P1M = Feb 28 01:00 (clamped).
    const j1 = rec('x', '2025-01-30T23:00:00Z', { p: 30 });
    const j2 = rec('x', '2025-01-31T01:00:00Z', { p: 30 });
    const i = rec('x', '2025-02-28T12:00:00Z', { p: 30 });
    const e = run(capped({ points: 50, per: 'P1M' }), [j1, j2, i], '2025-03-31T00:00:00Z');
    // At Feb 28 12:00 only j1 (30) is inside the window: min(30, 50 - 30) = 20.
    expect(pairs(e)).toEqual([
      [30, 30],
      [30, 20],
      [30, 20],
    ]);
  });

  it('points of the other sign pass unchanged and still count in the window sum', () => {
    const rs = [
      rec('x', day(0), { p: 30 }),
      rec('x', day(1), { p: -20 }),
      rec('x', day(2), { p: 40 }),
      rec('x', day(3), { p: 10 }),
    ];
    const e = run(capped({ points: 50 }), rs, day(10));
    expect(pairs(e)).toEqual([
      [30, 30],
      [-20, -20],
      [40, 40],
      [10, 0],
    ]);
    expect(e.score).toBe(150);
    // Under a negative cap, positive points pass unchanged.
    const neg = run(
      capped({ points: -30 }),
      [rec('x', day(0), { p: 25 }), rec('x', day(1), { p: -50 }), rec('x', day(2), { p: -10 })],
      day(10),
    );
    expect(pairs(neg)).toEqual([
      [25, 25],
      [-50, -50],
      // s = 25 - 50 = -25: max(-10, min(0, -30 + 25)) = -5.
      [-10, -5],
    ]);
  });

  it('zero points and failed points contribute 0 and leave the sum alone', () => {
    const rs = [rec('x', day(0), { p: 0 }), rec('x', day(1), {}), rec('x', day(2), { p: 60 })];
    const e = run(capped({ points: 50 }), rs, day(10));
    expect(pairs(e)).toEqual([
      [0, 0],
      [0, 0],
      [60, 50],
    ]);
  });

  it('ties in occurredAt are taken in key order, whatever the input order', () => {
    const at = day(0);
    const b = rec('x', at, { p: 40 }, { key: 'b' });
    const a = rec('x', at, { p: 20 }, { key: 'a' });
    const e = run(capped({ points: 50 }), [b, a], day(1));
    expect(e.contributions).toEqual([
      { key: 'a', authority: 'city', rule: 'c', points: 20, capped: 20 },
      { key: 'b', authority: 'city', rule: 'c', points: 40, capped: 30 },
    ]);
  });

  it('records at one instant are all inside each other’s window', () => {
    const rs = [rec('x', day(0), { p: 30 }, { key: 'a' }), rec('x', day(0), { p: 30 }, { key: 'b' })];
    expect(pairs(run(capped({ points: 50, per: 'PT1S' }), rs, day(1)))).toEqual([
      [30, 30],
      [30, 20],
    ]);
  });

  it('with keep: latest the cap bounds the one record', () => {
    const rs = [rec('x', day(0), { p: 10 }), rec('x', day(1), { p: 80 })];
    const e = run(
      {
        rules: [rule('c', 'record.kind == "x"', 'record.data.p', { keep: 'latest', cap: { points: 50, per: 'P1D' } })],
      },
      rs,
      day(2),
    );
    expect(pairs(e)).toEqual([[80, 50]]);
  });

  it('each rule is capped on its own', () => {
    const rs = [rec('x', day(0), { p: 40 }), rec('x', day(1), { p: 40 })];
    const rules = [
      rule('c1', 'record.kind == "x"', 'record.data.p', { cap: { points: 50 } }),
      rule('c2', 'record.kind == "x"', 'record.data.p', { cap: { points: 50 } }),
    ];
    expect(run({ rules }, rs, day(2)).score).toBe(200);
  });
});

describe('6. score', () => {
  const rules = [rule('p', 'record.kind == "x"', 'record.data.p')];
  it.each([
    [{ base: 100, min: 0, max: 200 }, -150, 0],
    [{ base: 100, min: 0, max: 200 }, 150, 200],
    [{ base: 100, min: 0, max: 200 }, 50, 150],
    [{ base: 100, min: 0, max: 200 }, -100, 0],
    [{ base: 100 }, -150, -50],
    [{ base: 100 }, 1_000_000, 1_000_100],
    [{ base: 100, min: 50 }, -1000, 50],
    [{ base: 100, max: 120 }, 1000, 120],
  ])('score %j with %i points is %i', (score, p, expected) => {
    expect(run({ rules, score }, [rec('x', '2026-01-01T00:00:00Z', { p })], '2026-01-02T00:00:00Z').score).toBe(
      expected,
    );
  });

  it('clamps the total, not each contribution', () => {
    const rs = [rec('x', '2026-01-01T00:00:00Z', { p: -150 }), rec('x', '2026-01-02T00:00:00Z', { p: 100 })];
    expect(run({ rules, score: { base: 100, min: 0, max: 200 } }, rs, '2026-01-03T00:00:00Z').score).toBe(50);
  });
});

describe('7. live records (subject.records)', () => {
  const lists = [
    watch('has-x', 'subject.records.exists(r, r.kind == "x")'),
    watch('has-y', 'subject.records.exists(r, r.kind == "y")'),
    watch('two', 'size(subject.records) == 2'),
  ];
  const values = (e: Evaluation): Record<string, boolean> =>
    Object.fromEntries(e.listValues.map((v) => [v.id, v.value]));

  it('a record matched only by lapsed rules is not live; one matching no rule never lapses', () => {
    const x = rec('x', '2020-01-01T00:00:00Z');
    const y = rec('y', '2020-01-01T00:00:00Z');
    const over = { rules: [kindRule('x', -5, { lapse: 'P1Y' })], lists };
    const before = run(over, [x, y], '2020-06-01T00:00:00Z');
    expect(values(before)).toEqual({ 'has-x': true, 'has-y': true, two: true });
    expect(before.live).toEqual([`city/${x.key}`, `city/${y.key}`]);
    const after = run(over, [x, y], '2026-01-01T00:00:00Z');
    expect(values(after)).toEqual({ 'has-x': false, 'has-y': true, two: false });
    expect(after.live).toEqual([`city/${y.key}`]);
    expect(after.lists).toEqual(['has-y']);
  });

  it('a record matched by a lapsed rule and a live rule is live', () => {
    const x = rec('x', '2020-01-01T00:00:00Z');
    const rules = [kindRule('x', -5, { lapse: 'P1Y' }), rule('forever', 'record.kind == "x"', 0)];
    expect(values(run({ rules, lists }, [x], '2026-01-01T00:00:00Z'))['has-x']).toBe(true);
  });

  it('a record whose every `when` fails matched no rule: it is live', () => {
    const x = rec('x', '2020-01-01T00:00:00Z');
    const rules = [rule('bad', 'record.data.missing == 1', -5, { lapse: 'P1D' })];
    expect(values(run({ rules, lists }, [x], '2026-01-01T00:00:00Z'))['has-x']).toBe(true);
  });

  it('live records are those at or before t, in (occurredAt, key) order, and carry their fields', () => {
    const late = rec('x', '2026-02-01T00:00:00Z', { n: 2 }, { key: 'b' });
    const early = rec('x', '2026-01-01T00:00:00Z', { n: 1 }, { key: 'c' });
    const tie = rec('x', '2026-01-01T00:00:00Z', { n: 3 }, { key: 'a' });
    const future = rec('x', '2026-05-01T00:00:00Z', { n: 4 });
    const l = [
      watch('order', 'subject.records.map(r, r.data.n) == [3, 1, 2]'),
      watch('dated', 'subject.records[0].occurredAt == timestamp("2026-01-01T00:00:00Z")'),
    ];
    const e = run({ lists: l }, [late, future, early, tie], '2026-03-01T00:00:00Z');
    expect(e.errors).toEqual([]);
    expect(e.lists).toEqual(['order', 'dated']);
    expect(e.live).toEqual(['city/a', 'city/c', 'city/b']);
  });

  it.each([
    'size(subject["records"]) == 1',
    'has(subject.records) && size(subject.records) == 1',
    '[subject].exists(s, size(s.records) == 1)',
  ])('subject.records is complete however a condition reaches it: %s', (when) => {
    const x = rec('x', '2026-01-01T00:00:00Z');
    const e = run({ lists: [watch('l', when)], grades: [{ id: 'G', when }] }, [x], '2026-01-02T00:00:00Z');
    expect(e.errors).toEqual([]);
    expect(e.grade).toBe('G');
    expect(e.lists).toEqual(['l']);
  });

  it('grade conditions see live records too', () => {
    const x = rec('x', '2026-01-01T00:00:00Z');
    const grades = [{ id: 'X', when: 'subject.records.exists(r, r.kind == "x")' }, { id: 'clean' }];
    expect(run({ grades }, [x], '2026-01-02T00:00:00Z').grade).toBe('X');
    expect(run({ grades, rules: [kindRule('x', 0, { lapse: 'P1D' })] }, [x], '2026-01-02T00:00:00Z').grade).toBe(
      'clean',
    );
  });
});

describe('8. grades', () => {
  const grades: readonly GradeDef[] = [
    { id: 'A', min: 150 },
    { id: 'B', min: 100, max: 149 },
    { id: 'band', min: 50, max: 60, when: 'subject.score == 55' },
    { id: 'C', min: 0, max: 99 },
  ];
  const rules = [rule('p', 'record.kind == "x"', 'record.data.p')];
  const gradeAt = (p: number, gs: readonly GradeDef[] = grades): string | null =>
    run({ rules, grades: gs }, [rec('x', '2026-01-01T00:00:00Z', { p })], '2026-01-02T00:00:00Z').grade;

  it.each([
    [50, 'A'],
    [0, 'B'],
    [49, 'B'],
    [-1, 'C'],
    [-45, 'band'],
    [-46, 'C'],
    [-100, 'C'],
    [-101, null],
  ])('with %i points the grade is %s (first entry whose bounds and when hold)', (p, expected) => {
    expect(gradeAt(p)).toBe(expected);
  });

  it('min and max are inclusive', () => {
    const gs = [{ id: 'in', min: 100, max: 100 }];
    expect(gradeAt(0, gs)).toBe('in');
    expect(gradeAt(1, gs)).toBeNull();
    expect(gradeAt(-1, gs)).toBeNull();
  });

  it('an entry with no conditions always matches; order decides', () => {
    expect(gradeAt(500, [{ id: 'any' }, { id: 'A', min: 0 }])).toBe('any');
  });

  it('grade conditions see id, type and score (an int)', () => {
    const gs = [
      {
        id: 'G',
        when: 'subject.id == "person:alice" && subject.type == "person" && subject.score == 100 && subject.score > 99.5',
      },
    ];
    const e = run({ grades: gs }, [], '2026-01-01T00:00:00Z');
    expect(e.errors).toEqual([]);
    expect(e.grade).toBe('G');
  });

  it('a failing grade condition is reported and skipped', () => {
    const gs = [{ id: 'bad', when: 'subject.grade == "A"' }, { id: 'ok' }];
    const e = run({ grades: gs }, [], '2026-01-01T00:00:00Z');
    expect(e.grade).toBe('ok');
    expect(e.errors).toEqual([{ rule: 'bad', site: 'grade', message: expect.any(String) as unknown }]);
  });

  it('list conditions see the grade, and null when none matched', () => {
    const lists = [
      watch('d', 'subject.grade == "D"'),
      watch('none', 'subject.grade == null'),
      watch('cd', 'subject.grade in ["C", "D"]'),
    ];
    const none = run({ grades: [{ id: 'D', max: 0 }], lists }, [], '2026-01-01T00:00:00Z');
    expect(none.grade).toBeNull();
    expect(none.errors).toEqual([]);
    expect(none.listValues).toEqual([
      { id: 'd', value: false },
      { id: 'none', value: true },
      { id: 'cd', value: false },
    ]);
    const d = run({ grades: [{ id: 'D' }], lists }, [], '2026-01-01T00:00:00Z');
    expect(d.lists).toEqual(['d', 'cd']);
  });
});

describe('9. lists', () => {
  it('qualifies while the condition holds; a failing condition is false and reported', () => {
    const lists = [
      watch('low', 'subject.score < 100'),
      watch('bad', 'subject.missing == 1'),
      watch('not-bool', 'subject.score'),
      watch('any', 'true'),
    ];
    const rules = [kindRule('x', -5, { lapse: 'P10D' })];
    const x = rec('x', '2026-01-01T00:00:00Z');
    const during = run({ rules, lists }, [x], '2026-01-05T00:00:00Z');
    expect(during.lists).toEqual(['low', 'any']);
    expect(during.listValues).toEqual([
      { id: 'low', value: true },
      { id: 'bad', value: false, error: expect.any(String) as unknown },
      { id: 'not-bool', value: false, error: expect.any(String) as unknown },
      { id: 'any', value: true },
    ]);
    expect(during.errors).toEqual([
      { rule: 'bad', site: 'list', message: expect.any(String) as unknown },
      { rule: 'not-bool', site: 'list', message: expect.any(String) as unknown },
    ]);
    expect(run({ rules, lists }, [x], '2026-01-11T00:00:00Z').lists).toEqual(['any']);
  });
});

describe('10. consent', () => {
  const over: Partial<SchemeDoc> = {
    consent: 'required',
    rules: [kindRule('x', -5)],
    grades: [{ id: 'G' }],
    lists: [watch('all', 'true')],
  };
  const t = ms('2026-06-01T00:00:00Z');
  const x = rec('x', '2026-01-01T00:00:00Z');
  const judged = (consents: ConsentEvent[], at = t): Evaluation => run(over, [x], at, { consents });

  it('without any consent event the subject has no score, grade or lists; records still counted', () => {
    const e = judged([]);
    expect(e).toMatchObject({
      notJudged: 'no-consent',
      score: null,
      grade: null,
      lists: [],
      listValues: [],
      contributions: [],
      live: [],
      candidates: 1,
    });
  });

  it('an opt-in at or before t counts; one after t does not yet', () => {
    expect(judged([{ at: t, optIn: true }])).toMatchObject({ notJudged: null, score: 95, grade: 'G', lists: ['all'] });
    expect(judged([{ at: t - 86_400_000, optIn: true }]).score).toBe(95);
    const early = judged([{ at: t + 1, optIn: true }]);
    expect(early).toMatchObject({ notJudged: 'no-consent', score: null, nextChange: t + 1 });
  });

  it('the latest event at or before t decides, whatever the input order', () => {
    const inThenOut = [
      { at: t - 2000, optIn: true },
      { at: t - 1000, optIn: false },
    ];
    expect(judged(inThenOut).notJudged).toBe('no-consent');
    expect(judged([...inThenOut].reverse()).notJudged).toBe('no-consent');
    expect(judged(inThenOut, t - 1500).score).toBe(95);
    const outThenIn = [
      { at: t - 1000, optIn: true },
      { at: t - 2000, optIn: false },
    ];
    expect(judged(outThenIn).score).toBe(95);
    // A later opt-out after t does not matter yet, but is the next change.
    expect(
      judged([
        { at: t - 1000, optIn: true },
        { at: t + 5000, optIn: false },
      ]),
    ).toMatchObject({ score: 95, nextChange: t + 5000 });
  });

  it('at one instant an opt-out wins over an opt-in (documented choice)', () => {
    expect(
      judged([
        { at: t, optIn: true },
        { at: t, optIn: false },
      ]).notJudged,
    ).toBe('no-consent');
    expect(
      judged([
        { at: t, optIn: false },
        { at: t, optIn: true },
      ]).notJudged,
    ).toBe('no-consent');
  });

  it('a scheme with consent: none ignores consent events', () => {
    const e = run({ ...over, consent: 'none' }, [x], t, {
      consents: [
        { at: t - 1, optIn: false },
        { at: t + 1, optIn: true },
      ],
    });
    expect(e).toMatchObject({ notJudged: null, score: 95, nextChange: null });
  });
});

describe('11. explanation', () => {
  it('lists each contribution with points before and after the cap, the errors, the grade and the list values', () => {
    const a = rec('v', '2026-01-01T00:00:00Z', { hours: 20 }, { key: 'V1' });
    const b = rec('v', '2026-02-01T00:00:00Z', { hours: 20 }, { key: 'V2' });
    const c = rec('t', '2026-02-01T00:00:00Z', { severity: 'high' }, { key: 'T1', authority: 'court' });
    const e = run(
      {
        sources: ['city', 'court'],
        score: { base: 1000, min: 0, max: 1300 },
        rules: [
          rule('volunteering', 'record.kind == "v"', '2 * record.data.hours', {
            cap: { points: 50, per: 'P1Y' },
            lapse: 'P2Y',
          }),
          rule('driving', 'record.kind == "t"', '-10 * record.data.severity', { lapse: 'P3Y' }),
        ],
        grades: [
          { id: 'AAA', min: 1050 },
          { id: 'A', min: 1000 },
        ],
        lists: [watch('honour', 'subject.grade == "AAA"'), watch('good', 'subject.grade == "A"')],
      },
      [c, b, a],
      '2026-03-01T00:00:00Z',
    );
    expect(e).toEqual({
      subject: S,
      at: ms('2026-03-01T00:00:00Z'),
      notJudged: null,
      candidates: 3,
      score: 1050,
      grade: 'AAA',
      lists: ['honour'],
      listValues: [
        { id: 'honour', value: true },
        { id: 'good', value: false },
      ],
      contributions: [
        { key: 'V1', authority: 'city', rule: 'volunteering', points: 40, capped: 40 },
        { key: 'V2', authority: 'city', rule: 'volunteering', points: 40, capped: 10 },
        { key: 'T1', authority: 'court', rule: 'driving', points: 0, capped: 0 },
      ],
      errors: [{ rule: 'driving', site: 'points', key: 'T1', message: expect.any(String) as unknown }],
      live: ['city/V1', 'court/T1', 'city/V2'],
      nextChange: ms('2028-01-01T00:00:00Z'),
    });
  });
});

describe('nextChange', () => {
  const t = ms('2026-06-01T00:00:00Z');

  it('is the earliest of a lapse end, a future record and a consent event', () => {
    const rules = [kindRule('x', -5, { lapse: 'P1Y' })];
    const x = rec('x', '2025-07-01T00:00:00Z');
    const futureRecord = rec('x', '2026-06-20T00:00:00Z');
    expect(run({ rules }, [x], t).nextChange).toBe(ms('2026-07-01T00:00:00Z'));
    expect(run({ rules }, [x, futureRecord], t).nextChange).toBe(futureRecord.occurredAt);
    const consents = [
      { at: t - 1, optIn: true },
      { at: t + 1000, optIn: false },
    ];
    expect(run({ rules, consent: 'required' }, [x, futureRecord], t, { consents }).nextChange).toBe(t + 1000);
  });

  it('ignores lapses already passed, rules that do not match, and records outside the sources', () => {
    const rules = [kindRule('x', -5, { lapse: 'P1Y' }), kindRule('z', -5, { lapse: 'P10Y' })];
    const old = rec('x', '2020-01-01T00:00:00Z');
    const unmatched = rec('y', '2026-01-01T00:00:00Z');
    const elsewhere = rec('x', '2026-07-01T00:00:00Z', {}, { authority: 'court' });
    expect(run({ rules }, [old, unmatched, elsewhere], t).nextChange).toBeNull();
  });

  it('is a lapse end that changes the result: one millisecond before it, nothing has changed', () => {
    const rules = [kindRule('x', -5, { lapse: 'P1M' })];
    const lists = [watch('low', 'subject.score < 100')];
    const x = rec('x', '2026-01-31T10:00:00Z');
    const now = run({ rules, lists }, [x], '2026-02-01T00:00:00Z');
    expect(now.nextChange).toBe(ms('2026-02-28T10:00:00Z'));
    const justBefore = run({ rules, lists }, [x], now.nextChange! - 1);
    expect([justBefore.score, justBefore.lists]).toEqual([now.score, now.lists]);
    const at = run({ rules, lists }, [x], now.nextChange!);
    expect([at.score, at.lists]).toEqual([100, []]);
  });
});
