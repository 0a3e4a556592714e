import { readFileSync } from 'node:fs';
import { registryOf, type ActionDef } from '../core/actions.js';

/** The shipped action registry (data/actions.json). */
export const REGISTRY = registryOf(
  JSON.parse(readFileSync(new URL('../../data/actions.json', import.meta.url), 'utf8')) as ActionDef[],
);

/** The example scheme of SPEC §3, verbatim (with its `version: 3`). */
export const SPEC_EXAMPLE = `scheme: city-citizen            # id, unique within its authority
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
    dataJustification: Theft convictions bear on civic trustworthiness   # court data in a civic scheme (§5)
    basis: Municipal Regulation 7 (2026) art. 5
  - id: video-games
    when: record.kind == "retail.purchase" && record.data.category == "video_games"
    points: -1
    cap: { points: -30, per: P30D }
    lapse: P90D
    dataJustification: The city discourages excessive gaming purchases   # commerce data (§5)
    basis: Municipal Regulation 7 (2026) art. 6
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
    dataJustification: Unpaid court judgments restrict travel   # the condition reads court records (§5)
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
