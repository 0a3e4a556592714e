/**
 * A small city scheme for due-process tests: two jaywalking records (−40 each, lapsing
 * after a year) take a person from grade A to D, which puts them on the air-travel ban.
 */
export const CITY_TEST_SCHEME = `
scheme: city-test
authority: city
title: City test scheme
context: civic
basis: Municipal Regulation 7 (2026)
subjects: [person]
score: { base: 100, min: 0, max: 200 }
grades:
  - { id: A, min: 60 }
  - { id: D }
rules:
  - id: jaywalking
    when: record.kind == "traffic.jaywalking"
    points: -40
    lapse: P1Y
lists:
  - id: air-travel-ban
    title: Restricted from air travel
    type: blacklist
    when: subject.grade == "D"
    sanctions:
      - action: flight.board
        effect: deny
        justification: Repeated offences restrict air travel
        basis: Municipal Regulation 7 (2026) art. 9
`;
