import { REGISTRY, SPEC_EXAMPLE } from '../test-support/spec-example.js';
import { describe, expect, it } from 'vitest';
import { formatProportionalityReport, proportionalityReport, type ProportionalityEntry } from './proportionality.js';
import { parseScheme } from './scheme-parse.js';
import { SHIPPED_KINDS } from './kinds.js';
import type { CompiledScheme } from './scheme-types.js';

const registry = REGISTRY;
const EXAMPLE = SPEC_EXAMPLE;

// The sanction tests below judge aviation from kinds x.*; the data-context tests say what else is read.
const KINDS = [{ kind: 'x.*', domain: 'aviation' }, ...SHIPPED_KINDS];

function compiled(text: string): CompiledScheme {
  const r = parseScheme(text, { registry, kinds: KINDS });
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
  return r.compiled;
}

const RULE_KINDS = [
  'civic.volunteering',
  'court.conviction',
  'retail.purchase',
  'traffic.jaywalking',
  'traffic.violation',
];

describe('proportionalityReport', () => {
  const report = proportionalityReport(compiled(EXAMPLE), registry);
  const row = (list: string): ProportionalityEntry | undefined => report.find((e) => e.list === list);

  it('has one row per sanction, in list order', () => {
    expect(report.map((e) => [e.list, e.action, e.effect])).toEqual([
      ['air-travel-ban', 'flight.board', 'deny'],
      ['bandwidth-limit', 'internet.bandwidth', 'limit'],
      ['higher-education-bar', 'education.enroll', 'deny'],
      ['honour-roll', 'rental.deposit', 'waive'],
    ]);
  });

  it('reports the air-travel ban as cross-context, triggered by every rule kind and unpaid judgments, bounded by the default maximum term', () => {
    expect(row('air-travel-ban')).toMatchObject({
      listType: 'blacklist',
      actionDomain: 'aviation',
      schemeContext: 'civic',
      crossContext: true,
      privilege: false,
      justification: 'Unpaid court judgments are enforced through travel restrictions',
      basis: 'Court enforcement rules art. 3',
      triggers: [...RULE_KINDS, 'court.judgment_unfulfilled'].sort(),
      // Unpaid judgments never lapse, but no listing outlives its maximum term (SPEC §6).
      longest: 'P5Y',
      maxTerm: 'P5Y',
      maxTermDefault: true,
    });
  });

  it('bounds a score-based list by the longest lapse among its rules', () => {
    expect(row('higher-education-bar')).toMatchObject({
      action: 'education.enroll',
      crossContext: true,
      triggers: RULE_KINDS,
      longest: 'P5Y',
    });
    expect(row('bandwidth-limit')).toMatchObject({ limit: { kbps: 512 }, triggers: RULE_KINDS, longest: 'P5Y' });
  });

  it('reports a redlist sanction as a privilege', () => {
    expect(row('honour-roll')).toMatchObject({
      privilege: true,
      crossContext: true,
      actionDomain: 'commerce',
      longest: 'P5Y',
    });
    expect(row('honour-roll')?.justification).toBeUndefined();
  });

  it('is bounded by the maximum term when a contributing rule never lapses, and "any" when a rule matches any kind', () => {
    const head =
      'scheme: s\ncontext: aviation\nlists:\n  - { id: l, type: blacklist, when: subject.score < 0, sanctions: [{ action: flight.board, effect: deny }] }\nrules:\n';
    const r = proportionalityReport(
      compiled(
        `${head}  - { id: a, when: record.kind == "x.y", points: -1, lapse: P30D }\n  - { id: b, when: 'record.kind in ["x.z", "x.w"]', points: -1 }\n`,
      ),
      registry,
    );
    expect(r[0]).toMatchObject({ crossContext: false, triggers: ['x.w', 'x.y', 'x.z'], longest: 'P5Y' });
    // The list's own term, or the operator's default when it names none; never unbounded.
    expect(
      proportionalityReport(
        compiled(
          `${head.replace('when:', 'maxTerm: P2Y, when:')}  - { id: b, when: record.kind == "x.z", points: -1 }\n`,
        ),
        registry,
      )[0],
    ).toMatchObject({ longest: 'P2Y', maxTerm: 'P2Y', maxTermDefault: false });
    expect(
      proportionalityReport(
        compiled(`${head}  - { id: b, when: record.kind == "x.z", points: -1 }\n`),
        registry,
        'P3Y',
      )[0],
    ).toMatchObject({ longest: 'P3Y', maxTerm: 'P3Y', maxTermDefault: true });
    const any = proportionalityReport(
      compiled(
        `${head}  - { id: a, when: record.data.n > 1, points: -1, lapse: P30D, dataJustification: j, basis: b }\n  - { id: b, when: record.kind == "x.y", points: -1, lapse: P1M }\n`,
      ),
      registry,
    );
    // Lengths are compared from one reference instant (1970-01-01), where P1M is 31 days.
    expect(any[0]).toMatchObject({ triggers: 'any', longest: 'P1M' });
  });

  it('counts only the kinds a records-reading condition compares, and "any" when it compares none', () => {
    const scheme = (when: string): string =>
      `scheme: s\ncontext: aviation\nrules:\n  - { id: a, when: record.kind == "x.y", points: -1, lapse: P1Y }\nlists:\n  - { id: l, type: blacklist, when: '${when}', dataJustification: j, basis: b, sanctions: [{ action: flight.board, effect: deny }] }\n`;
    expect(
      proportionalityReport(compiled(scheme('subject.records.exists(r, r.kind == "court.x")')), registry)[0],
    ).toMatchObject({ triggers: ['court.x'], longest: 'P5Y' });
    expect(proportionalityReport(compiled(scheme('size(subject.records) > 3')), registry)[0]).toMatchObject({
      triggers: 'any',
      longest: 'P5Y',
    });
  });

  it('formats a plain table with one row per sanction', () => {
    const text = formatProportionalityReport(report);
    const lines = text.split('\n');
    expect(lines).toHaveLength(2 + report.length);
    expect(lines[0]).toMatch(/^list\s+action\s+effect\s+cross-context\s+justified\s+max term\s+can last\s+triggers$/);
    expect(lines[2]).toMatch(
      /air-travel-ban \(blacklist\)\s+flight\.board\s+deny\s+yes \(aviation vs civic\)\s+yes\s+P5Y \(default\)\s+P5Y\s+civic\.volunteering, .*court\.judgment_unfulfilled/,
    );
    expect(lines[3]).toContain('limit kbps=512');
    expect(lines[5]).toMatch(
      /honour-roll \(redlist\)\s+rental\.deposit\s+waive\s+yes \(commerce vs civic\)\s+privilege\s+none \(privilege\)\s+P5Y\s+civic\.volunteering/,
    );
    expect(text).not.toMatch(/\u001b\[/);
  });
});
