import { setGates } from '../evaluation/publish-gate.js';
import { keyedCheck, str, type CrossCheck } from './cross-check.js';
import { candidateDigest } from './row-digest.js';

/** Shadow and pending scheme versions (SPEC §12): each row as its last 'scheme-candidate' entry hashed it. */
export function verifyCandidates(): CrossCheck {
  return keyedCheck({
    table: 'scheme_candidates',
    types: ['scheme-candidate'],
    vouch(e, p) {
      const scheme = str(p, 'scheme');
      return scheme === undefined
        ? undefined
        : { key: `${e.chain}/${scheme}@${String(p.version)}`, value: str(p, 'row') };
    },
    async rows(tx) {
      return (await tx.candidates()).map((c) => ({
        key: `${c.authority}/${c.scheme}@${c.version}`,
        chain: c.authority,
        id: `${c.authority}/${c.scheme}@${c.version}`,
        value: candidateDigest(c),
      }));
    },
    name: (key) => `candidate version ${key}`,
  });
}

/** Authorities' publish-gate thresholds (SPEC §12): as the last 'publish-gate' entry says. */
export function verifyPublishGates(): CrossCheck {
  return keyedCheck({
    table: 'publish_gates',
    types: ['publish-gate'],
    vouch(_e, p) {
      const authority = str(p, 'authority');
      return authority === undefined
        ? undefined
        : { key: authority, value: JSON.stringify({ subjects: p.subjects, percent: p.percent }) };
    },
    async rows(tx) {
      return Object.entries(await setGates(tx)).map(([authority, g]) => ({
        key: authority,
        chain: authority,
        id: authority,
        value: JSON.stringify({ subjects: g.subjects, percent: g.percent }),
      }));
    },
    name: (key) => `the publish gate of ${key}`,
  });
}
