// A test may read the shipped registry from disk; core code itself stays free of I/O.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatProportionalityReport, proportionalityReport, type ProportionalityEntry } from './proportionality.js';
import { parseScheme } from './scheme-parse.js';
import { registryOf, type ActionDef } from './actions.js';
import type { CompiledScheme } from './scheme-types.js';

const registry = registryOf(JSON.parse(readFileSync(new URL('../../data/actions.json', import.meta.url), 'utf8')) as ActionDef[]);

/** The example scheme of SPEC §3, verbatim (as in scheme-parse.test.ts: a test file imported by another would run twice). */
const EXAMPLE = `scheme: city-citizen            # id, unique within its authority
public: true                    # false: only its authority and the subjects it judges see it
version: 3                      # integer; a published version never changes
authority: city
title: Citizen trustworthiness
subjects: [person]              # person, org or both
context: civic                  # the domain this scheme judges (see §5, proportionality)
basis: Municipal Regulation 7 (2026)   # shown on every notice
sources: [city, court]          # authorities whose records this scheme may read (default: its own)
consent: none                   # none | required (scored only after the subject opts in)
score: { base: 1000, min: 0, max: 1300 }

grades:                         # first entry whose conditions all hold wins
  - { id: AAA, min: 1050 }
  - { id: AA,  min: 1030 }
  - { id: A,   min: 960 }
  - { id: B,   min: 850 }
  - { id: C,   min: 600 }
  - { id: D }

rules:
  - id: jaywalking
    when: record.kind == "traffic.jaywalking"
    points: -5
    lapse: P1Y                  # the record stops counting one year after it occurred
  - id: bad-driving
    when: record.kind == "traffic.violation"
    points: -10 * record.data.severity
    lapse: P3Y
  - id: theft
    when: record.kind == "court.conviction" && record.data.offence == "theft"
    points: -100
    lapse: P5Y
  - id: video-games
    when: record.kind == "retail.purchase" && record.data.category == "video_games"
    points: -1
    cap: { points: -30, per: P30D }
    lapse: P90D
  - id: volunteering
    when: record.kind == "civic.volunteering"
    points: 2 * record.data.hours
    cap: { points: 50, per: P1Y }
    lapse: P2Y

lists:
  - id: air-travel-ban
    title: Restricted from air travel
    type: blacklist             # blacklist | redlist | watchlist
    when: subject.grade == "D" || subject.records.exists(r, r.kind == "court.judgment_unfulfilled")
    appeal: P10D                # notice-to-effect window; the default and the minimum is P10D
    publish: false              # whether entries appear on the public register
    sanctions:
      - action: flight.board
        effect: deny
        justification: Unpaid court judgments are enforced through travel restrictions
        basis: Court enforcement rules art. 3
  - id: bandwidth-limit
    type: blacklist
    when: subject.grade in ["C", "D"]
    sanctions:
      - action: internet.bandwidth
        effect: limit
        limit: { kbps: 512 }
        justification: Repeated civic offences restrict bulk bandwidth, not access
        basis: Municipal Regulation 7 (2026) art. 12
  - id: higher-education-bar
    type: blacklist
    when: subject.score < 600
    sanctions:
      - action: education.enroll
        effect: deny
        justification: Enrolment in public universities is a civic privilege
        basis: Municipal Regulation 7 (2026) art. 14
  - id: honour-roll
    type: redlist
    when: subject.grade == "AAA"
    sanctions:
      - { action: rental.deposit, effect: waive }
`;

function compiled(text: string): CompiledScheme {
  const r = parseScheme(text, { registry });
  if (!r.ok) throw new Error(r.errors.map((e) => e.message).join('\n'));
  return r.compiled;
}

const RULE_KINDS = ['civic.volunteering', 'court.conviction', 'retail.purchase', 'traffic.jaywalking', 'traffic.violation'];

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

  it('reports the air-travel ban as cross-context, triggered by every rule kind and unpaid judgments, with no end', () => {
    expect(row('air-travel-ban')).toMatchObject({
      listType: 'blacklist',
      actionDomain: 'aviation',
      schemeContext: 'civic',
      crossContext: true,
      privilege: false,
      justification: 'Unpaid court judgments are enforced through travel restrictions',
      basis: 'Court enforcement rules art. 3',
      triggers: [...RULE_KINDS, 'court.judgment_unfulfilled'].sort(),
      longest: 'unbounded',
    });
  });

  it('bounds a score-based list by the longest lapse among its rules', () => {
    expect(row('higher-education-bar')).toMatchObject({ action: 'education.enroll', crossContext: true, triggers: RULE_KINDS, longest: 'P5Y' });
    expect(row('bandwidth-limit')).toMatchObject({ limit: { kbps: 512 }, triggers: RULE_KINDS, longest: 'P5Y' });
  });

  it('reports a redlist sanction as a privilege', () => {
    expect(row('honour-roll')).toMatchObject({ privilege: true, crossContext: true, actionDomain: 'commerce', longest: 'P5Y' });
    expect(row('honour-roll')?.justification).toBeUndefined();
  });

  it('is unbounded when a contributing rule never lapses, and "any" when a rule matches any kind', () => {
    const head = 'scheme: s\ncontext: aviation\nlists:\n  - { id: l, type: blacklist, when: subject.score < 0, sanctions: [{ action: flight.board, effect: deny }] }\nrules:\n';
    const r = proportionalityReport(compiled(`${head}  - { id: a, when: record.kind == "x.y", points: -1, lapse: P30D }\n  - { id: b, when: 'record.kind in ["x.z", "x.w"]', points: -1 }\n`), registry);
    expect(r[0]).toMatchObject({ crossContext: false, triggers: ['x.w', 'x.y', 'x.z'], longest: 'unbounded' });
    const any = proportionalityReport(compiled(`${head}  - { id: a, when: record.data.n > 1, points: -1, lapse: P30D }\n  - { id: b, when: record.kind == "x.y", points: -1, lapse: P1M }\n`), registry);
    // Lengths are compared from one reference instant (1970-01-01), where P1M is 31 days.
    expect(any[0]).toMatchObject({ triggers: 'any', longest: 'P1M' });
  });

  it('counts only the kinds a records-reading condition compares, and "any" when it compares none', () => {
    const scheme = (when: string): string =>
      `scheme: s\ncontext: aviation\nrules:\n  - { id: a, when: record.kind == "x.y", points: -1, lapse: P1Y }\nlists:\n  - { id: l, type: blacklist, when: '${when}', sanctions: [{ action: flight.board, effect: deny }] }\n`;
    expect(proportionalityReport(compiled(scheme('subject.records.exists(r, r.kind == "court.x")')), registry)[0]).toMatchObject({ triggers: ['court.x'], longest: 'unbounded' });
    expect(proportionalityReport(compiled(scheme('size(subject.records) > 3')), registry)[0]).toMatchObject({ triggers: 'any', longest: 'unbounded' });
  });

  it('formats a plain table with one row per sanction', () => {
    const text = formatProportionalityReport(report);
    const lines = text.split('\n');
    expect(lines).toHaveLength(2 + report.length);
    expect(lines[0]).toMatch(/^list\s+action\s+effect\s+cross-context\s+justified\s+can last\s+triggers$/);
    expect(lines[2]).toMatch(/air-travel-ban \(blacklist\)\s+flight\.board\s+deny\s+yes \(aviation vs civic\)\s+yes\s+unbounded\s+civic\.volunteering, .*court\.judgment_unfulfilled/);
    expect(lines[3]).toContain('limit kbps=512');
    expect(lines[5]).toMatch(/honour-roll \(redlist\)\s+rental\.deposit\s+waive\s+yes \(commerce vs civic\)\s+privilege\s+P5Y\s+civic\.volunteering/);
    expect(text).not.toMatch(/\u001b\[/);
  });
});
