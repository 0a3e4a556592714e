/** A lottery authority's scheme whose only list is a self-exclusion from gambling (SPEC §6); needs action casino.enter granted. */
export const LOTTERY = `
scheme: gaming
authority: lottery
context: gambling
subjects: [person]
score: { base: 0 }
lists:
  - id: self-excluded
    title: Self-excluded from gambling
    type: blacklist
    maxTerm: P5Y
    selfExclusion: { minTerm: P1M, maxTerm: P2Y }
    sanctions:
      - { action: casino.enter, effect: deny }
`;
