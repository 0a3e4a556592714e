import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { registryOf, type ActionDef } from './actions.js';
import { compileExpression } from './cel.js';
import { estimateCost } from './cel-cost.js';
import { COST_LIMIT, MAX_MATCH_INPUT, OVER_BUDGET } from './cel-limits.js';
import { evaluate } from './evaluate.js';
import { parseScheme } from './scheme-parse.js';

const registry = registryOf(
  JSON.parse(readFileSync(new URL('../../data/actions.json', import.meta.url), 'utf8')) as ActionDef[],
);
const rule = (src: string) => compileExpression(src, 'rule', { field: 'when' });
const cond = (src: string) => compileExpression(src, 'subject', { field: 'when' });
const onString = (s: string) => ({ record: { data: { s } }, subject: { id: 'person:a', type: 'person' } });
const records = (n: number) => Array.from({ length: n }, (_, i) => ({ key: `k${i}`, kind: 'civic.x', data: {} }));

function scheme(lists: string, rules = '  - { id: r, when: record.kind == "civic.x", points: 1 }'): string {
  return `scheme: s\ncontext: civic\nrules:\n${rules}\nlists:\n${lists}\n`;
}

describe('matches (RE2, SPEC §3)', () => {
  it('runs a catastrophic pattern in linear time', () => {
    // A backtracking engine takes 2^28 steps here (seconds); RE2 is linear in the input.
    const e = rule('record.data.s.matches("^(a+)+$")');
    const t0 = performance.now();
    expect(e.evaluate(onString(`${'a'.repeat(28)}!`))).toEqual({ ok: true, value: false });
    expect(e.evaluate(onString('a'.repeat(28)))).toEqual({ ok: true, value: true });
    expect(performance.now() - t0).toBeLessThan(1000);
  }, 60_000);

  it('has RE2 syntax and CEL semantics: a match anywhere, unless anchored', () => {
    expect(rule('"abc".matches("b")').evaluate({})).toEqual({ ok: true, value: true });
    expect(rule('"abc".matches("^b")').evaluate({})).toEqual({ ok: true, value: false });
    expect(rule('"abc".matches("(?P<x>b)c$")').evaluate({})).toEqual({ ok: true, value: true });
    expect(rule('"ABC".matches("(?i)abc")').evaluate({})).toEqual({ ok: true, value: true });
  });

  it('a dynamic pattern RE2 refuses is a rule error', () => {
    const e = rule('"ab".matches(record.data.s)');
    const r = e.evaluate(onString('a(?=b)'));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.error).toMatch(/invalid regular expression "a\(\?=b\)"/);
  });

  it('refuses an input longer than MAX_MATCH_INPUT', () => {
    const e = rule('(record.data.s + record.data.s).matches("b")');
    const r = e.evaluate(onString('a'.repeat(MAX_MATCH_INPUT / 2 + 1)));
    expect(r).toEqual({
      ok: false,
      error: `matches reads at most ${MAX_MATCH_INPUT} characters, got ${MAX_MATCH_INPUT + 2}`,
    });
    expect(e.evaluate(onString('a'.repeat(MAX_MATCH_INPUT / 2)))).toEqual({ ok: true, value: false });
  });

  it('a literal pattern RE2 refuses is refused at check with the rule id and column', () => {
    const p = parseScheme(
      scheme(
        '  - { id: l, type: watchlist, when: "true" }',
        '  - { id: look, when: \'record.kind.matches("a(?=b)")\', points: 1, dataJustification: j, basis: b }',
      ),
      { registry },
    );
    expect(p.ok).toBe(false);
    expect(!p.ok && p.errors.map((e) => e.toJSON())).toEqual([
      expect.objectContaining({ code: 'SCHEME_EXPRESSION_INVALID', rule: 'look', field: 'rules[0].when', column: 21 }),
    ]);
  });
});

describe('cost budget (SPEC §3)', () => {
  const nested = 'subject.records.all(a, subject.records.all(b, !subject.records.exists(c, a.key + b.key == c.key)))';

  it('refuses nested comprehensions over subject.records at check, naming the list and the estimate', () => {
    const p = parseScheme(
      scheme(`  - { id: cubic, type: watchlist, when: '${nested}', dataJustification: j, basis: b }`),
      { registry },
    );
    expect(p.ok).toBe(false);
    const [e] = !p.ok ? p.errors : [];
    expect(e?.code).toBe('SCHEME_TOO_COSTLY');
    expect(e?.at).toMatchObject({ rule: 'cubic', field: 'lists[0].when' });
    expect(e?.message).toMatch(new RegExp(`estimated cost \\d+ exceeds the limit of ${COST_LIMIT}`));
  });

  it('refuses a string doubled under cel.bind, and a regex over data in a nested loop', () => {
    const doubling = `cel.bind(a, record.data.s + record.data.s, ${Array.from({ length: 30 }, (_, i) => `cel.bind(x${i}, ${i === 0 ? 'a' : `x${i - 1}`} + ${i === 0 ? 'a' : `x${i - 1}`}, `).join('')}x29.size() > 0${')'.repeat(31)}`;
    expect(estimateCost(rule(doubling).ast, 'rule')).toBeGreaterThan(COST_LIMIT);
    const regexLoop = 'subject.records.exists(a, subject.records.exists(b, a.data.s.matches(b.data.s)))';
    expect(estimateCost(cond(regexLoop).ast, 'subject')).toBeGreaterThan(COST_LIMIT);
  });

  it('accepts the example schemes, the quadratic court-debtors list among them', () => {
    for (const name of ['city-citizen', 'court-debtors', 'tax-credit', 'acme-rentals']) {
      const text = readFileSync(new URL(`../../examples/${name}.yaml`, import.meta.url), 'utf8');
      expect(parseScheme(text, { registry }).ok, name).toBe(true);
    }
  });

  it('a stored version is not re-estimated (the runtime limit holds it)', () => {
    const text = scheme(`  - { id: cubic, type: watchlist, when: '${nested}', dataJustification: j, basis: b }`);
    expect(parseScheme(text, { registry, stored: true }).ok).toBe(true);
  });

  it('stops an evaluation over budget in bounded time: a rule error, the list false', () => {
    const p = parseScheme(
      scheme(`  - { id: cubic, type: watchlist, when: '${nested}', dataJustification: j, basis: b }`),
      { registry, stored: true },
    );
    if (!p.ok) throw new Error('unreachable');
    const facts = {
      subject: 'person:a',
      records: records(300).map((r) => ({
        ...r,
        authority: 'default',
        subject: 'person:a',
        occurredAt: 0,
        data: '{}',
        evidence: null,
      })),
      consents: [],
    };
    const t0 = performance.now();
    const e = evaluate(p.compiled, facts, 1);
    expect(performance.now() - t0).toBeLessThan(1000);
    expect(e.errors).toEqual([{ rule: 'cubic', site: 'list', message: OVER_BUDGET }]);
    expect(e.listValues).toEqual([{ id: 'cubic', value: false, error: OVER_BUDGET }]);
    expect(e.score).toBe(300);
  });

  it('bounds memory too: nested maps stop at the budget', () => {
    const e = cond('subject.records.map(a, subject.records.map(b, subject.records.map(c, c.key))).size() > 0');
    expect(e.evaluate({ subject: { records: records(1000) } })).toEqual({ ok: false, error: OVER_BUDGET });
  });

  it('fails an over-budget expression even where CEL absorbs the error', () => {
    const e = cond('subject.records.all(a, subject.records.all(b, a.key != b.key + "x")) || true');
    expect(e.evaluate({ subject: { records: records(400) } })).toEqual({ ok: false, error: OVER_BUDGET });
    // Within budget the same expression is simply true, and the meter starts afresh each time.
    expect(e.evaluate({ subject: { records: records(10) } })).toEqual({ ok: true, value: true });
    expect(e.evaluate({ subject: { records: records(10) } })).toEqual({ ok: true, value: true });
  });

  it('charges matches by input length and program size', () => {
    const e = cond('subject.records.exists(r, r.key.matches("^((a|b|ab){1,50})*$"))');
    const long = Array.from({ length: 200 }, (_, i) => ({ key: 'ab'.repeat(4000) + String(i) }));
    expect(e.evaluate({ subject: { records: long } })).toEqual({ ok: false, error: OVER_BUDGET });
  });
});
